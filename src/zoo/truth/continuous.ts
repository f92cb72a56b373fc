/**
 * Ground-truth metrics for 2-D samples: moments, per-mode weights and variances for the mixture,
 * sliced Wasserstein distance, and exact mixture moments.
 */
import type { Mixture2D } from "../models/gmm_params.js";
import { mixturePosterior, type Vec2 } from "./gaussian.js";
import { Rng } from "./rng.js";

export interface Moments2D {
  mean: Vec2;
  /** Covariance [[xx, xy], [xy, yy]] (1/n normalisation). */
  cov: [[number, number], [number, number]];
}

export function moments2D(xs: readonly (readonly number[])[]): Moments2D {
  const n = xs.length;
  let m0 = 0;
  let m1 = 0;
  for (const x of xs) {
    m0 += x[0]!;
    m1 += x[1]!;
  }
  m0 /= n;
  m1 /= n;
  let a = 0;
  let b = 0;
  let d = 0;
  for (const x of xs) {
    const u = x[0]! - m0;
    const v = x[1]! - m1;
    a += u * u;
    b += u * v;
    d += v * v;
  }
  return { mean: [m0, m1], cov: [[a / n, b / n], [b / n, d / n]] };
}

/** Exact mean and covariance of the mixture: Σ π_k μ_k and Σ π_k (Σ_k + μ_kμ_kᵀ) − μμᵀ. */
export function mixtureMoments(mix: Mixture2D): Moments2D {
  let m0 = 0;
  let m1 = 0;
  mix.weights.forEach((w, k) => {
    m0 += w * mix.means[k]![0];
    m1 += w * mix.means[k]![1];
  });
  let a = 0;
  let b = 0;
  let d = 0;
  mix.weights.forEach((w, k) => {
    const [mu0, mu1] = mix.means[k]!;
    const S = mix.covs[k]!;
    a += w * (S[0][0] + mu0 * mu0);
    b += w * (S[0][1] + mu0 * mu1);
    d += w * (S[1][1] + mu1 * mu1);
  });
  return { mean: [m0, m1], cov: [[a - m0 * m0, b - m0 * m1], [b - m0 * m1, d - m1 * m1]] };
}

/** Assigns each sample to its most probable component (posterior argmax at noise level 0). */
export function assignModes(mix: Mixture2D, xs: readonly Vec2[]): number[] {
  return xs.map((x) => {
    const r = mixturePosterior(mix, x, 1, 0).resp;
    let best = 0;
    for (let k = 1; k < r.length; k++) if (r[k]! > r[best]!) best = k;
    return best;
  });
}

/** Fraction of samples assigned to each mixture component (compare with mix.weights). */
export function modeWeights(mix: Mixture2D, xs: readonly Vec2[]): number[] {
  const c = new Array<number>(mix.weights.length).fill(0);
  for (const k of assignModes(mix, xs)) c[k]! += 1;
  return c.map((v) => v / xs.length);
}

/**
 * Exact probability that an exact mixture sample is assigned to each component by `assignModes`
 * is not the weight itself (components overlap); this Monte-Carlo estimate with a fixed seed gives
 * the reference per-mode weights for the assignment rule.
 */
export function modeWeightsReference(mix: Mixture2D, n = 200_000, seed = 12345): number[] {
  const rng = new Rng(seed);
  const xs: Vec2[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.categorical(mix.weights);
    const z0 = rng.normal() * Math.sqrt(mix.eigs[k]![0]);
    const z1 = rng.normal() * Math.sqrt(mix.eigs[k]![1]);
    const R = mix.rots[k]!;
    xs.push([mix.means[k]![0] + R[0][0] * z0 + R[0][1] * z1, mix.means[k]![1] + R[1][0] * z0 + R[1][1] * z1]);
  }
  return modeWeights(mix, xs);
}

/** Per-mode covariance of the samples assigned to each component (null when a mode is empty). */
export function perModeMoments(mix: Mixture2D, xs: readonly Vec2[]): (Moments2D | null)[] {
  const groups: Vec2[][] = mix.weights.map(() => []);
  assignModes(mix, xs).forEach((k, i) => groups[k]!.push(xs[i]!));
  return groups.map((g) => (g.length > 1 ? moments2D(g) : null));
}

function quantileSorted(sorted: Float64Array, u: number): number {
  const n = sorted.length;
  const pos = u * n - 0.5;
  if (pos <= 0) return sorted[0]!;
  if (pos >= n - 1) return sorted[n - 1]!;
  const i = Math.floor(pos);
  const f = pos - i;
  return sorted[i]! * (1 - f) + sorted[i + 1]! * f;
}

/**
 * Sliced Wasserstein-p distance between two 2-D samples: SW_p = (E_θ W_p^p(θᵀX, θᵀY))^{1/p},
 * averaged over `nProj` directions equally spaced on the half circle (deterministic, offset by a
 * seeded random angle). 1-D W_p is computed between empirical quantile functions on a grid of
 * max(n, m) points, so the two samples may differ in size.
 */
export function slicedWasserstein(
  xs: readonly (readonly number[])[],
  ys: readonly (readonly number[])[],
  opts: { nProj?: number; p?: number; seed?: number } = {},
): number {
  const nProj = opts.nProj ?? 64;
  const p = opts.p ?? 2;
  const off = new Rng(opts.seed ?? 7).uniform() * (Math.PI / nProj);
  const N = Math.max(xs.length, ys.length);
  let acc = 0;
  const px = new Float64Array(xs.length);
  const py = new Float64Array(ys.length);
  for (let j = 0; j < nProj; j++) {
    const th = off + (Math.PI * j) / nProj;
    const c = Math.cos(th);
    const s = Math.sin(th);
    xs.forEach((x, i) => (px[i] = c * x[0]! + s * x[1]!));
    ys.forEach((y, i) => (py[i] = c * y[0]! + s * y[1]!));
    px.sort();
    py.sort();
    let w = 0;
    for (let i = 0; i < N; i++) {
      const u = (i + 0.5) / N;
      w += Math.abs(quantileSorted(px, u) - quantileSorted(py, u)) ** p;
    }
    acc += w / N;
  }
  return (acc / nProj) ** (1 / p);
}
