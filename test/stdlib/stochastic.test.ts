/**
 * Stochastic continuous samplers on exact models:
 * - DDIM with eta > 0 on the VP path (gmm_eps_vp as `denoiser(pred: eps, path: vp)`, 50 trailing
 *   steps from t = 0.999) and Euler ancestral on the VE path (gmm_denoiser, Karras 50 steps):
 *   per-component mode weights (truth/continuous.ts modeWeights) against the exact mixture's
 *   (modeWeightsReference, 200,000 exact draws under the same assignment rule). Tolerances: TV of
 *   the weight vectors within tvNoiseBound (δ = 1e-6), and each weight within 5 standard errors
 *   (sampler and reference), with no allowance for discretization: at 50 steps the measured
 *   deviations are within ~2.5 se.
 * - Restart sampling with the exact gauss_flowmap (jump to the data end, re-noise, repeat): every
 *   stage is affine in Gaussian noise, so the output distribution is an exactly computable
 *   Gaussian (within 0.2% of the data distribution); empirical mean and std within 5 se.
 * Not covered: consistency_multistep needs a consistency model (x_t -> x_(t_min)), and the zoo has
 * none (gauss_flowmap needs the target time s as an input).
 */
import { describe, expect, it } from "vitest";
import { GAUSS_MEAN, GAUSS_STD, GMM } from "../../src/zoo/models/gmm_params.js";
import { modeWeights, modeWeightsReference } from "../../src/zoo/truth/continuous.js";
import { tv, tvNoiseBound } from "../../src/zoo/truth/discrete.js";
import { gaussFlowMap } from "../../src/zoo/truth/gaussian.js";
import { axisStats, points, runFile } from "./helpers.js";

const REF_N = 200_000;
const reference = modeWeightsReference(GMM, REF_N);

async function checkModeWeights(name: string, proc: string, args: Record<string, unknown>, n: number, seed: number) {
  const w = modeWeights(GMM, points(await runFile("stochastic.infer", proc, args, { batch: n, seed })));
  const d = tv(w, reference);
  const bound = tvNoiseBound(reference, n);
  const z = w.map((wk, k) => {
    const p = reference[k]!;
    return (wk - p) / Math.sqrt((p * (1 - p)) / n + (p * (1 - p)) / REF_N);
  });
  console.log(`${name}: mode weights [${w.map((v) => v.toFixed(3)).join(", ")}] vs exact [${reference.map((v) => v.toFixed(3)).join(", ")}], TV ${d.toFixed(4)} (bound ${bound.toFixed(4)}), max |z| ${Math.max(...z.map(Math.abs)).toFixed(2)}`);
  expect(d).toBeLessThan(bound);
  for (const zk of z) expect(Math.abs(zk)).toBeLessThan(5);
}

describe("stochastic samplers on the ring mixture: mode weights", () => {
  it("DDIM eta = 1 (VP, gmm_eps_vp, 50 trailing steps)", async () => {
    await checkModeWeights("ddim eta=1 VP 50 steps", "ddim_vp", { steps: 50, eta: 1 }, 10_000, 71);
  });

  it("eta > 0 injects noise: eta = 1 and eta = 0 differ from the same x_T", async () => {
    const a = points(await runFile("stochastic.infer", "ddim_vp", { steps: 10, eta: 1 }, { batch: 64, seed: 72 }));
    const b = points(await runFile("stochastic.infer", "ddim_vp", { steps: 10, eta: 0 }, { batch: 64, seed: 72 }));
    const moved = a.filter((x, i) => Math.hypot(x[0] - b[i]![0], x[1] - b[i]![1]) > 1e-3).length;
    expect(moved).toBeGreaterThan(60);
  });

  it("Euler ancestral (VE, gmm_denoiser, Karras 50 steps)", async () => {
    await checkModeWeights("euler_ancestral VE 50 steps", "ancestral", { steps: 50 }, 10_000, 73);
  });
});

describe("restart sampling with the exact gauss_flowmap over [80, 5, 1, 0]", () => {
  it("output is the exactly computed Gaussian (mean and std within 5 se), within 0.2% of the data's", async () => {
    const n = 20_000;
    const xs = points(await runFile("stochastic.infer", "restart_gauss", {}, { batch: n, seed: 74 }));
    const G = { mean: GAUSS_MEAN, std: GAUSS_STD };
    const rows: string[] = [];
    for (const i of [0, 1] as const) {
      // per axis: x -> F(x, t, 0) is affine with gain g(t); re-noising adds s²; x_T = 80·z
      const affine = (t: number) => {
        const o = gaussFlowMap(G, "ve", [0, 0], t, 0)[i]!;
        const g = gaussFlowMap(G, "ve", i === 0 ? [1, 0] : [0, 1], t, 0)[i]! - o;
        return { o, g };
      };
      let m = 0;
      let v = 80 * 80;
      for (const [t, s] of [[80, 5], [5, 1], [1, 0]] as const) {
        const { o, g } = affine(t);
        m = o + g * m;
        v = g * g * v + s * s;
      }
      const std = Math.sqrt(v);
      const got = axisStats(xs, i);
      rows.push(`axis ${i}: mean ${got.mean.toFixed(4)} (exact ${m.toFixed(4)}, data ${GAUSS_MEAN[i]}), std ${got.std.toFixed(4)} (exact ${std.toFixed(4)}, data ${GAUSS_STD[i]})`);
      expect(Math.abs(m - GAUSS_MEAN[i]!)).toBeLessThan(0.002 * GAUSS_STD[i]!);
      expect(Math.abs(std / GAUSS_STD[i]! - 1)).toBeLessThan(0.002);
      expect(Math.abs(got.mean - m)).toBeLessThan((5 * std) / Math.sqrt(n));
      expect(Math.abs(got.std - std)).toBeLessThan((5 * std) / Math.sqrt(2 * n));
    }
    console.log(`restart (gauss_flowmap): ${rows.join("; ")}`);
  });
});
