/**
 * Every continuous zoo model, opened with onnxruntime-node, against the independent double-precision
 * formulas of src/zoo/truth on ≥ 100 random inputs. Tolerance: |model − formula| ≤ 1e-5·max(1, |formula|).
 */
import { describe, expect, it } from "vitest";
import { GAUSS05_STD, GAUSS_MEAN, GAUSS_STD, GMM } from "../../src/zoo/models/gmm_params.js";
import { gmmCondLogPriorTable } from "../../src/zoo/models/gmm.js";
import {
  gaussDenoiser,
  gaussFlowMap,
  gaussVelocityFM,
  mixtureDenoiserVE,
  mixtureEpsVP,
  mixturePosterior,
  mixtureVelocityFM,
  sampleMixture,
  type Vec2,
} from "../../src/zoo/truth/gaussian.js";
import { GAUSS_CONSISTENCY_T_MIN } from "../../src/zoo/models/gauss.js";
import { Rng } from "../../src/zoo/truth/rng.js";
import { f32, i64, maxScaledError, run } from "./ort_helpers.js";

const N = 400;
const TOL = 1e-5;

/** Noisy inputs x = α·x0 + σ·n with x0 from the mixture, plus a quarter of uniform points in [−5, 5]². */
function noisyInputs(rng: Rng, alphas: number[], sigmas: number[]): Vec2[] {
  const x0 = sampleMixture(GMM, alphas.length, rng).x;
  return x0.map((x, i) =>
    i % 4 === 3
      ? [10 * rng.uniform() - 5, 10 * rng.uniform() - 5]
      : [alphas[i]! * x[0] + sigmas[i]! * rng.normal(), alphas[i]! * x[1] + sigmas[i]! * rng.normal()],
  );
}

describe("gmm models vs exact mixture formulas", () => {
  it("gmm_denoiser: D(x, σ) for σ log-uniform in [1e-3, 100]", async () => {
    const rng = new Rng(1);
    const sig = Array.from({ length: N }, () => Math.exp(Math.log(1e-3) + rng.uniform() * Math.log(1e5)));
    sig[0] = 1e-3;
    sig[1] = 100;
    const xs = noisyInputs(rng, sig.map(() => 1), sig);
    const out = await run("gmm_denoiser.onnx", { x: f32(xs.flat(), [N, 2]), sigma: f32(sig, [N]) });
    const sigF = Float32Array.from(sig);
    const xsF = Float32Array.from(xs.flat());
    const want = xs.flatMap((_, i) => mixtureDenoiserVE(GMM, [xsF[2 * i]!, xsF[2 * i + 1]!], sigF[i]!));
    expect(out.denoised!.dims).toEqual([N, 2]);
    expect(maxScaledError(out.denoised!.data, want)).toBeLessThanOrEqual(TOL);
  });

  it("gmm_eps_vp: E[n | x_t] for t in [0, 1], finite at both ends", async () => {
    const rng = new Rng(2);
    const ts = Array.from({ length: N }, () => rng.uniform());
    ts[0] = 0;
    ts[1] = 1;
    ts[2] = 1e-4;
    ts[3] = 1 - 1e-4;
    const xs = noisyInputs(rng, ts.map((t) => Math.cos((Math.PI * t) / 2)), ts.map((t) => Math.sin((Math.PI * t) / 2)));
    const out = await run("gmm_eps_vp.onnx", { x: f32(xs.flat(), [N, 2]), t: f32(ts, [N]) });
    const tF = Float32Array.from(ts);
    const xsF = Float32Array.from(xs.flat());
    const want = xs.flatMap((_, i) => mixtureEpsVP(GMM, [xsF[2 * i]!, xsF[2 * i + 1]!], tF[i]!));
    expect(out.eps!.data.every(Number.isFinite)).toBe(true);
    expect(maxScaledError(out.eps!.data, want)).toBeLessThanOrEqual(TOL);
  });

  it("gmm_v_vp: alpha·E[n | x_t] − sigma·E[x0 | x_t] for t in [0, 1]", async () => {
    const rng = new Rng(9);
    const ts = Array.from({ length: N }, () => rng.uniform());
    ts[0] = 0;
    ts[1] = 1;
    const xs = noisyInputs(rng, ts.map((t) => Math.cos((Math.PI * t) / 2)), ts.map((t) => Math.sin((Math.PI * t) / 2)));
    const out = await run("gmm_v_vp.onnx", { x: f32(xs.flat(), [N, 2]), t: f32(ts, [N]) });
    const tF = Float32Array.from(ts);
    const xsF = Float32Array.from(xs.flat());
    const want = xs.flatMap((_, i) => {
      const a = Math.cos((Math.PI * tF[i]!) / 2);
      const sg = Math.sin((Math.PI * tF[i]!) / 2);
      const q = mixturePosterior(GMM, [xsF[2 * i]!, xsF[2 * i + 1]!], a, sg);
      return [a * q.eps[0] - sg * q.x0[0], a * q.eps[1] - sg * q.x0[1]];
    });
    expect(out.v!.data.every(Number.isFinite)).toBe(true);
    expect(maxScaledError(out.v!.data, want)).toBeLessThanOrEqual(TOL);
  });

  it("gmm_velocity_fm: E[n − x0 | x_t] for t in [0, 1], exact endpoint values", async () => {
    const rng = new Rng(3);
    const ts = Array.from({ length: N }, () => rng.uniform());
    ts[0] = 0;
    ts[1] = 1;
    const xs = noisyInputs(rng, ts.map((t) => 1 - t), ts);
    const out = await run("gmm_velocity_fm.onnx", { x: f32(xs.flat(), [N, 2]), t: f32(ts, [N]) });
    const tF = Float32Array.from(ts);
    const xsF = Float32Array.from(xs.flat());
    const want = xs.flatMap((_, i) => mixtureVelocityFM(GMM, [xsF[2 * i]!, xsF[2 * i + 1]!], tF[i]!));
    expect(maxScaledError(out.velocity!.data, want)).toBeLessThanOrEqual(TOL);
    // t = 0: v = −x exactly; t = 1: v = x − Σ π_k μ_k
    const v = out.velocity!.data;
    expect(Math.abs(v[0]! + xsF[0]!)).toBeLessThan(1e-5);
    const mbar = [0, 1].map((j) => GMM.weights.reduce((a, w, k) => a + w * GMM.means[k]![j]!, 0));
    expect(Math.abs(v[2]! - (xsF[2]! - mbar[0]!))).toBeLessThan(1e-5);
  });

  it("gmm_cond_denoiser: class k = component k only, class 8 = full mixture", async () => {
    const rng = new Rng(4);
    const sig = Array.from({ length: N }, () => Math.exp(Math.log(1e-3) + rng.uniform() * Math.log(1e5)));
    const cls = Array.from({ length: N }, (_, i) => i % 9);
    const xs = noisyInputs(rng, sig.map(() => 1), sig);
    const out = await run("gmm_cond_denoiser.onnx", { x: f32(xs.flat(), [N, 2]), sigma: f32(sig, [N]), class: i64(cls, [N]) });
    const sigF = Float32Array.from(sig);
    const xsF = Float32Array.from(xs.flat());
    const want = xs.flatMap((_, i) => {
      const lp = cls[i] === 8 ? GMM.weights.map(Math.log) : GMM.weights.map((_, k) => (k === cls[i] ? 0 : -Infinity));
      return mixturePosterior(GMM, [xsF[2 * i]!, xsF[2 * i + 1]!], 1, sigF[i]!, lp).x0;
    });
    expect(maxScaledError(out.denoised!.data, want)).toBeLessThanOrEqual(TOL);
    // the table encodes exactly that rule
    const table = gmmCondLogPriorTable();
    expect(table[8]).toEqual(GMM.weights.map(Math.log));
    // the null class equals the unconditional denoiser
    const unc = await run("gmm_denoiser.onnx", { x: f32(xs.flat(), [N, 2]), sigma: f32(sig, [N]) });
    for (let i = 8; i < N; i += 9) {
      expect(out.denoised!.data[2 * i]).toBe(unc.denoised!.data[2 * i]);
    }
  });
});

describe("single-Gaussian models vs closed forms", () => {
  const g = { mean: GAUSS_MEAN, std: GAUSS_STD };

  it("gauss_denoiser", async () => {
    const rng = new Rng(5);
    const sig = Array.from({ length: N }, () => Math.exp(Math.log(1e-3) + rng.uniform() * Math.log(1e5)));
    const xs = sig.map((s) => [0, 1].map((j) => GAUSS_MEAN[j]! + Math.hypot(GAUSS_STD[j]!, s) * rng.normal()));
    const out = await run("gauss_denoiser.onnx", { x: f32(xs.flat(), [N, 2]), sigma: f32(sig, [N]) });
    const sigF = Float32Array.from(sig);
    const xsF = Float32Array.from(xs.flat());
    const want = sig.flatMap((_, i) => gaussDenoiser(g, [xsF[2 * i]!, xsF[2 * i + 1]!], 1, sigF[i]!));
    expect(maxScaledError(out.denoised!.data, want)).toBeLessThanOrEqual(TOL);
  });

  it("gauss_flowmap: Φ_{t→s} on the VE path (s = 0 included)", async () => {
    const rng = new Rng(6);
    const ts = Array.from({ length: N }, () => Math.exp(Math.log(1e-3) + rng.uniform() * Math.log(1e5)));
    const ss = Array.from({ length: N }, () => (rng.uniform() < 0.1 ? 0 : Math.exp(Math.log(1e-3) + rng.uniform() * Math.log(1e5))));
    const xs = ts.map((t) => [0, 1].map((j) => GAUSS_MEAN[j]! + Math.hypot(GAUSS_STD[j]!, t) * rng.normal()));
    const out = await run("gauss_flowmap.onnx", { x: f32(xs.flat(), [N, 2]), t: f32(ts, [N]), s: f32(ss, [N]) });
    const tF = Float32Array.from(ts);
    const sF = Float32Array.from(ss);
    const xsF = Float32Array.from(xs.flat());
    const want = ts.flatMap((_, i) => gaussFlowMap(g, "ve", [xsF[2 * i]!, xsF[2 * i + 1]!], tF[i]!, sF[i]!));
    expect(maxScaledError(out.x_s!.data, want)).toBeLessThanOrEqual(TOL);
  });

  it("gauss_consistency: f(x, t) = Φ_{t→0.002}(x) on the VE path", async () => {
    const rng = new Rng(8);
    const ts = Array.from({ length: N }, () => Math.exp(Math.log(2e-3) + rng.uniform() * Math.log(4e4)));
    const xs = ts.map((t) => [0, 1].map((j) => GAUSS_MEAN[j]! + Math.hypot(GAUSS_STD[j]!, t) * rng.normal()));
    const out = await run("gauss_consistency.onnx", { x: f32(xs.flat(), [N, 2]), t: f32(ts, [N]) });
    const tF = Float32Array.from(ts);
    const xsF = Float32Array.from(xs.flat());
    const want = ts.flatMap((_, i) => gaussFlowMap(g, "ve", [xsF[2 * i]!, xsF[2 * i + 1]!], tF[i]!, GAUSS_CONSISTENCY_T_MIN));
    expect(maxScaledError(out.x_min!.data, want)).toBeLessThanOrEqual(TOL);
  });

  it("gauss05_velocity_fm", async () => {
    const rng = new Rng(7);
    const ts = Array.from({ length: N }, () => rng.uniform());
    ts[0] = 0;
    ts[1] = 1;
    const xs = ts.map((t) => [0, 1].map(() => Math.hypot((1 - t) * GAUSS05_STD, t) * rng.normal()));
    const out = await run("gauss05_velocity_fm.onnx", { x: f32(xs.flat(), [N, 2]), t: f32(ts, [N]) });
    const tF = Float32Array.from(ts);
    const xsF = Float32Array.from(xs.flat());
    const g05 = { mean: [0, 0], std: [GAUSS05_STD, GAUSS05_STD] };
    const want = ts.flatMap((_, i) => gaussVelocityFM(g05, [xsF[2 * i]!, xsF[2 * i + 1]!], tF[i]!));
    expect(maxScaledError(out.velocity!.data, want)).toBeLessThanOrEqual(TOL);
  });
});
