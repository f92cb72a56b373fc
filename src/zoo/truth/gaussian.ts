/**
 * Exact posterior quantities for Gaussian and Gaussian-mixture data on a path x = α·x0 + σ·n,
 * and the exact Gaussian flow map. Independent of the ONNX graphs: uses explicit 2×2 covariance
 * inverses (the graphs use an eigenbasis), in double precision.
 */
import type { Mixture2D } from "../models/gmm_params.js";
import { pathAt, type PathKind } from "./paths.js";
import type { Rng } from "./rng.js";

export type Vec2 = [number, number];

export interface Posterior2D {
  /** E[x0 | x]. */
  x0: Vec2;
  /** E[n | x]. */
  eps: Vec2;
  /** Posterior component responsibilities w_k(x). */
  resp: number[];
}

/**
 * Posterior of a 2-D mixture at x on the path point (α, σ):
 * component k's marginal is N(α·μ_k, C_k) with C_k = α²Σ_k + σ²I;
 * w_k ∝ π_k·N(x; αμ_k, C_k); E[x0|x,k] = μ_k + αΣ_k C_k⁻¹(x − αμ_k); E[n|x,k] = σ C_k⁻¹(x − αμ_k).
 * `logPrior` overrides log π_k (e.g. −Infinity to drop components).
 */
export function mixturePosterior(mix: Mixture2D, x: Vec2, alpha: number, sigma: number, logPrior?: readonly number[]): Posterior2D {
  const K = mix.weights.length;
  const logw: number[] = [];
  const x0s: Vec2[] = [];
  const epss: Vec2[] = [];
  const s2 = sigma * sigma;
  for (let k = 0; k < K; k++) {
    const [[a, b], [, d]] = mix.covs[k]!;
    const ca = alpha * alpha * a + s2;
    const cb = alpha * alpha * b;
    const cd = alpha * alpha * d + s2;
    const det = ca * cd - cb * cb;
    const r0 = x[0] - alpha * mix.means[k]![0];
    const r1 = x[1] - alpha * mix.means[k]![1];
    // u = C⁻¹ r
    const u0 = (cd * r0 - cb * r1) / det;
    const u1 = (-cb * r0 + ca * r1) / det;
    const quad = r0 * u0 + r1 * u1;
    const lp = logPrior ? logPrior[k]! : Math.log(mix.weights[k]!);
    logw.push(lp - 0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI));
    x0s.push([mix.means[k]![0] + alpha * (a * u0 + b * u1), mix.means[k]![1] + alpha * (b * u0 + d * u1)]);
    epss.push([sigma * u0, sigma * u1]);
  }
  const m = Math.max(...logw);
  const w = logw.map((l) => (l === -Infinity ? 0 : Math.exp(l - m)));
  const z = w.reduce((p, q) => p + q, 0);
  const resp = w.map((v) => v / z);
  const x0: Vec2 = [0, 0];
  const eps: Vec2 = [0, 0];
  for (let k = 0; k < K; k++) {
    x0[0] += resp[k]! * x0s[k]![0];
    x0[1] += resp[k]! * x0s[k]![1];
    eps[0] += resp[k]! * epss[k]![0];
    eps[1] += resp[k]! * epss[k]![1];
  }
  return { x0, eps, resp };
}

/** Mixture log-density log p_t(x) of x = α·x0 + σ·n. */
export function mixtureLogDensity(mix: Mixture2D, x: Vec2, alpha: number, sigma: number): number {
  const K = mix.weights.length;
  const terms: number[] = [];
  for (let k = 0; k < K; k++) {
    const [[a, b], [, d]] = mix.covs[k]!;
    const ca = alpha * alpha * a + sigma * sigma;
    const cb = alpha * alpha * b;
    const cd = alpha * alpha * d + sigma * sigma;
    const det = ca * cd - cb * cb;
    const r0 = x[0] - alpha * mix.means[k]![0];
    const r1 = x[1] - alpha * mix.means[k]![1];
    const quad = (cd * r0 * r0 - 2 * cb * r0 * r1 + ca * r1 * r1) / det;
    terms.push(Math.log(mix.weights[k]!) - 0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI));
  }
  const m = Math.max(...terms);
  return m + Math.log(terms.reduce((p, l) => p + Math.exp(l - m), 0));
}

/** EDM/VE denoiser D(x, σ) = E[x0 | x0 + σn = x] of the mixture. */
export function mixtureDenoiserVE(mix: Mixture2D, x: Vec2, sigma: number): Vec2 {
  return mixturePosterior(mix, x, 1, sigma).x0;
}

/** ε-prediction E[n | x_t] on the VP cosine path. */
export function mixtureEpsVP(mix: Mixture2D, x: Vec2, t: number): Vec2 {
  const p = pathAt("vp", t);
  return mixturePosterior(mix, x, p.alpha, p.sigma).eps;
}

/** FM velocity E[n − x0 | x_t], x_t = (1−t)x0 + t·n. */
export function mixtureVelocityFM(mix: Mixture2D, x: Vec2, t: number): Vec2 {
  const q = mixturePosterior(mix, x, 1 - t, t);
  return [q.eps[0] - q.x0[0], q.eps[1] - q.x0[1]];
}

/**
 * Probability-flow ODE drift dx/dt = α'(t)·E[x0|x] + σ'(t)·E[n|x] for the mixture on a path
 * (the marginal-preserving deterministic velocity).
 */
export function mixturePFDrift(mix: Mixture2D, kind: PathKind, t: number, x: Vec2): Vec2 {
  const p = pathAt(kind, t);
  const q = mixturePosterior(mix, x, p.alpha, p.sigma);
  return [p.dAlpha * q.x0[0] + p.dSigma * q.eps[0], p.dAlpha * q.x0[1] + p.dSigma * q.eps[1]];
}

// ---------- single Gaussian with diagonal covariance (per-axis formulas of methods.md §7) ----------

export interface DiagGauss {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** E[x0 | x] = μ + (α c²/S²)(x − αμ), S² = α²c² + σ², per axis. */
export function gaussDenoiser(g: DiagGauss, x: readonly number[], alpha: number, sigma: number): number[] {
  return x.map((xi, i) => {
    const c2 = g.std[i]! ** 2;
    const S2 = alpha * alpha * c2 + sigma * sigma;
    return g.mean[i]! + ((alpha * c2) / S2) * (xi - alpha * g.mean[i]!);
  });
}

/** E[n | x] = (σ/S²)(x − αμ), per axis. */
export function gaussEps(g: DiagGauss, x: readonly number[], alpha: number, sigma: number): number[] {
  return x.map((xi, i) => {
    const S2 = alpha * alpha * g.std[i]! ** 2 + sigma * sigma;
    return (sigma / S2) * (xi - alpha * g.mean[i]!);
  });
}

/** FM velocity E[n − x0 | x_t] for a diagonal Gaussian. */
export function gaussVelocityFM(g: DiagGauss, x: readonly number[], t: number): number[] {
  const e = gaussEps(g, x, 1 - t, t);
  const d = gaussDenoiser(g, x, 1 - t, t);
  return e.map((ei, i) => ei - d[i]!);
}

/** Exact PF-ODE flow map Φ_{t→s}(x) = α_s μ + (S_s/S_t)(x − α_t μ), per axis, on a path. */
export function gaussFlowMap(g: DiagGauss, kind: PathKind, x: readonly number[], t: number, s: number): number[] {
  const pt = pathAt(kind, t);
  const ps = pathAt(kind, s);
  return x.map((xi, i) => {
    const c2 = g.std[i]! ** 2;
    const St = Math.sqrt(pt.alpha ** 2 * c2 + pt.sigma ** 2);
    const Ss = Math.sqrt(ps.alpha ** 2 * c2 + ps.sigma ** 2);
    return ps.alpha * g.mean[i]! + (Ss / St) * (xi - pt.alpha * g.mean[i]!);
  });
}

/** PF-ODE drift of a diagonal Gaussian: α'·E[x0|x] + σ'·E[n|x]. */
export function gaussPFDrift(g: DiagGauss, kind: PathKind, t: number, x: readonly number[]): number[] {
  const p = pathAt(kind, t);
  const d = gaussDenoiser(g, x, p.alpha, p.sigma);
  const e = gaussEps(g, x, p.alpha, p.sigma);
  return d.map((di, i) => p.dAlpha * di + p.dSigma * e[i]!);
}

/**
 * One deterministic DDIM step with the exact denoiser, for N(μ, c²) data (methods.md §7):
 * x_s = α_s μ + [(α_sα_t c² + σ_sσ_t)/S_t²](x − α_t μ). Returns the per-axis linear gain.
 */
export function ddimGain(c: number, kind: PathKind, t: number, s: number): number {
  const pt = pathAt(kind, t);
  const ps = pathAt(kind, s);
  const St2 = pt.alpha ** 2 * c * c + pt.sigma ** 2;
  return (ps.alpha * pt.alpha * c * c + ps.sigma * pt.sigma) / St2;
}

// ---------- exact samplers ----------


/** n exact samples of the mixture (returned as [n][2]); also returns the component of each. */
export function sampleMixture(mix: Mixture2D, n: number, rng: Rng): { x: Vec2[]; comp: number[] } {
  const x: Vec2[] = [];
  const comp: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.categorical(mix.weights);
    const z0 = rng.normal() * Math.sqrt(mix.eigs[k]![0]);
    const z1 = rng.normal() * Math.sqrt(mix.eigs[k]![1]);
    const R = mix.rots[k]!;
    x.push([mix.means[k]![0] + R[0][0] * z0 + R[0][1] * z1, mix.means[k]![1] + R[1][0] * z0 + R[1][1] * z1]);
    comp.push(k);
  }
  return { x, comp };
}

/** n exact samples of a diagonal Gaussian. */
export function sampleDiagGauss(g: DiagGauss, n: number, rng: Rng): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(g.mean.map((m, j) => m + g.std[j]! * rng.normal()));
  return out;
}
