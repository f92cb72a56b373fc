/**
 * Must show: guidance scale 1 equals the conditional sampler; guidance batches the conditional and
 * null calls in one model call.
 * - Scale 1 is folded to the conditional call at lowering, so `euler(guided(D, cond: c, scale: 1))`
 *   and an Euler step calling `D(x, t, cond: c)` produce bit-identical samples.
 * - Model calls are counted with a recording backend: the lowered IR makes 2 calls per step
 *   (conditional and null class); the optimizer's batch-guidance pass (src/opt) turns them into
 *   one call over a doubled batch, without changing a single output bit.
 * - Guidance > 1 moves samples toward the class mode: the fraction assigned to the class's mixture
 *   component (truth/continuous.ts modeWeights) rises from its scale-1 value — which matches the
 *   exact conditional N(mu_k, Sigma_k) within sampling error — to ~1, and the mean squared distance
 *   to mu_k shrinks; scale 0 is the null (unconditional) model and gives the mixture's mode weights.
 */
import { describe, expect, it } from "vitest";
import { GMM } from "../../src/zoo/models/gmm_params.js";
import { optimize } from "../../src/opt/pipeline.js";
import { OrtExecutor } from "../../src/runtime/session.js";
import { modeWeights, modeWeightsReference } from "../../src/zoo/truth/continuous.js";
import { tv, tvNoiseBound } from "../../src/zoo/truth/discrete.js";
import type { Vec2 } from "../../src/zoo/truth/gaussian.js";
import { Rng } from "../../src/zoo/truth/rng.js";
import { lowerSource, runProcedure } from "../helpers/examples.js";
import { points, programs, RecordingBackend, runFile } from "./helpers.js";

const LABEL = 3;

/** Exact samples of mixture component k (the conditional data distribution of class k). */
function componentSamples(k: number, n: number, seed: number): Vec2[] {
  const rng = new Rng(seed);
  const [l0, l1] = GMM.eigs[k]!;
  const R = GMM.rots[k]!;
  const mu = GMM.means[k]!;
  return Array.from({ length: n }, () => {
    const z0 = rng.normal() * Math.sqrt(l0);
    const z1 = rng.normal() * Math.sqrt(l1);
    return [mu[0] + R[0][0] * z0 + R[0][1] * z1, mu[1] + R[1][0] * z0 + R[1][1] * z1] as Vec2;
  });
}

const msd = (xs: readonly Vec2[], mu: readonly number[]) => xs.reduce((s, x) => s + (x[0] - mu[0]!) ** 2 + (x[1] - mu[1]!) ** 2, 0) / xs.length;

/** Run guided dpmpp_2m after the optimizer pipeline (guidance batched). */
async function guided(scale: number, steps: number, n: number, seed: number): Promise<Vec2[]> {
  const { ir } = optimize(lowerSource(programs("guidance.infer"), "guided_dpm", { label: LABEL, scale, steps }));
  const backend = new OrtExecutor();
  try {
    return points(await runProcedure(ir, { batch: n, seed }, backend));
  } finally {
    await backend.close();
  }
}

describe("classifier-free guidance on gmm_cond_denoiser", () => {
  it("scale 1 is bit-identical to the conditional sampler", async () => {
    const a = await runFile("guidance.infer", "conditional", { label: LABEL, steps: 32 }, { batch: 512, seed: 61 });
    const b = await runFile("guidance.infer", "guided_euler", { label: LABEL, scale: 1, steps: 32 }, { batch: 512, seed: 61 });
    if (a.kind !== "tensor" || b.kind !== "tensor") throw new Error("expected latents");
    expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
  });

  it("model calls: 2 per step as lowered, 1 per step (doubled batch) after batch-guidance; scale 1 makes 1", async () => {
    const steps = 25;
    const B = 512;
    const lowered = lowerSource(programs("guidance.infer"), "guided_dpm", { label: LABEL, scale: 2, steps });
    const optimized = optimize(lowered);
    expect(optimized.explain.filter((e) => e.startsWith("batch-guidance")).length).toBeGreaterThan(0);
    const plain = new RecordingBackend();
    const batched = new RecordingBackend();
    const x1 = await runProcedure(lowered, { batch: B, seed: 62 }, plain);
    const x2 = await runProcedure(optimized.ir, { batch: B, seed: 62 }, batched);
    console.log(`guided dpmpp_2m, ${steps} steps, batch ${B}: ${plain.stats().get("cden")!.calls} model calls as lowered, ${batched.stats().get("cden")!.calls} after batch-guidance (${batched.calls[0]!.dims["x"]![0]} rows each)`);
    expect(plain.stats().get("cden")!.calls).toBe(2 * steps);
    expect(plain.calls.every((c) => c.dims["x"]![0] === B)).toBe(true);
    expect(batched.stats().get("cden")!.calls).toBe(steps);
    expect(batched.calls.every((c) => c.dims["x"]![0] === 2 * B)).toBe(true);
    if (x1.kind !== "tensor" || x2.kind !== "tensor") throw new Error("expected latents");
    expect(Buffer.from(x2.data.buffer).equals(Buffer.from(x1.data.buffer))).toBe(true);
    await plain.close();
    await batched.close();
    // scale 1 folds to the conditional call: one call per step, nothing to batch
    const one = new RecordingBackend();
    await runProcedure(lowerSource(programs("guidance.infer"), "guided_dpm", { label: LABEL, scale: 1, steps }), { batch: B, seed: 62 }, one);
    expect(one.stats().get("cden")!.calls).toBe(steps);
    await one.close();
  });

  it("guidance > 1 moves samples toward the class mode; scale 1 matches the exact conditional; scale 0 the mixture", async () => {
    const n = 5000;
    const k = LABEL;
    const mu = GMM.means[k]!;
    // exact: fraction of N(mu_k, Sigma_k) assigned to component k (Monte Carlo, 200,000 draws)
    const exact = componentSamples(k, 200_000, 64);
    const wExact = modeWeights(GMM, exact)[k]!;
    const rows: string[] = [`exact conditional: weight ${wExact.toFixed(4)}, msd ${msd(exact, mu).toFixed(4)}`];
    const w: Record<number, number> = {};
    const d: Record<number, number> = {};
    for (const scale of [1, 2, 4]) {
      const xs = await guided(scale, 50, n, 65);
      w[scale] = modeWeights(GMM, xs)[k]!;
      d[scale] = msd(xs, mu);
      rows.push(`scale ${scale}: weight of class ${k} ${w[scale]!.toFixed(4)}, msd ${d[scale]!.toFixed(4)}`);
    }
    const uncond = modeWeights(GMM, await guided(0, 50, n, 66));
    const ref = modeWeightsReference(GMM);
    const tv0 = tv(uncond, ref);
    rows.push(`scale 0: mode weights TV to the mixture's ${tv0.toFixed(4)} (bound ${tvNoiseBound(ref, n).toFixed(4)})`);
    console.log(`guidance toward class ${k} (dpmpp_2m, 50 steps, ${n} samples): ${rows.join("; ")}`);
    // scale 1 = the conditional sampler: within 5 standard errors (sampler and Monte Carlo)
    const se = Math.sqrt((wExact * (1 - wExact)) / n + (wExact * (1 - wExact)) / 200_000);
    expect(Math.abs(w[1]! - wExact)).toBeLessThan(5 * se);
    expect(w[2]!).toBeGreaterThan(w[1]! + 5 * se);
    expect(w[4]!).toBeGreaterThanOrEqual(w[2]!);
    expect(d[2]!).toBeLessThan(d[1]!);
    expect(d[4]!).toBeLessThan(d[1]!);
    expect(tv0).toBeLessThan(tvNoiseBound(ref, n));
  });
});
