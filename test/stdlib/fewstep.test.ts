/**
 * Must show: one DDIM step from pure noise collapses to the mean whatever the model's quality,
 * while one exact flow-map jump matches the data distribution; and the one-step-DDIM std table of
 * methods.md §7 (flow-matching path, c = 0.5) is reproduced.
 *
 * Two kinds of check:
 * - exact: the samplers are affine in x_T (exact Gaussian models), so running them on the basis
 *   inputs 0, e1, e2 gives their per-axis gain exactly (up to float32), compared to the analytic
 *   gain from truth/gaussian.ts (ddimGain, gaussFlowMap) to 1e-5;
 * - statistical: 20,000 samples from `noise`, empirical std within 5 standard errors of the exact
 *   std of the sampler's output (se of a std estimate from n Gaussian draws = std/√(2n)).
 */
import { describe, expect, it } from "vitest";
import { GAUSS05_STD, GAUSS_MEAN, GAUSS_STD } from "../../src/zoo/models/gmm_params.js";
import { ddimGain, gaussFlowMap } from "../../src/zoo/truth/gaussian.js";
import { axisStats, points, runFile } from "./helpers.js";

const N = 20_000;
const BASIS = Float32Array.from([0, 0, 1, 0, 0, 1]);
const G = { mean: GAUSS_MEAN, std: GAUSS_STD };

/** Offset and per-axis gains of an affine sampler x_T -> a + diag(g)·x_T, with the cross terms. */
async function affine(proc: string, args: Record<string, unknown> = {}): Promise<{ offset: number[]; gain: number[]; cross: number[] }> {
  const [o, e1, e2] = points(await runFile("fewstep.infer", proc, args, { batch: 3, inputs: { x: BASIS } }));
  return { offset: [o![0], o![1]], gain: [e1![0] - o![0], e2![1] - o![1]], cross: [e1![1] - o![1], e2![0] - o![0]] };
}

describe("one DDIM step from sigma = 80 to 0 with the exact gauss_denoiser", () => {
  it("is the affine map mu + c²/(c² + 80²)·(x − mu): gain per axis", async () => {
    const { offset, gain, cross } = await affine("ddim_one");
    [0, 1].forEach((i) => {
      const c = GAUSS_STD[i]!;
      const g = ddimGain(c, "ve", 80, 0); // = c²/(c² + 80²) on VE
      expect(Math.abs(gain[i]! - g)).toBeLessThan(1e-5 * Math.max(1, g) + 1e-7);
      expect(Math.abs(offset[i]! - GAUSS_MEAN[i]! * (1 - g))).toBeLessThan(1e-5);
      expect(Math.abs(cross[i]!)).toBeLessThan(1e-7);
    });
  });

  it("collapses the distribution: output std is c/√(c² + 80²) of the data std c (< 2%)", async () => {
    const xs = points(await runFile("fewstep.infer", "ddim_one_sampled", {}, { batch: N, seed: 21 }));
    const rows: string[] = [];
    [0, 1].forEach((i) => {
      const axis = i as 0 | 1;
      const c = GAUSS_STD[i]!;
      // x_T = 80·z, so the exact output std is g·80; as a fraction of c that is ≈ c/√(c² + 80²)
      const exact = ddimGain(c, "ve", 80, 0) * 80;
      const { std } = axisStats(xs, axis);
      const ratio = std / c;
      rows.push(`axis ${i}: std ${std.toExponential(3)} (exact ${exact.toExponential(3)}), ${(100 * ratio).toFixed(3)}% of c = ${c} (c/√(c²+80²) = ${(100 * c / Math.hypot(c, 80)).toFixed(3)}%)`);
      expect(Math.abs(std - exact)).toBeLessThan(5 * exact / Math.sqrt(2 * N));
      expect(ratio).toBeLessThan(0.02);
    });
    console.log(`one DDIM step 80 -> 0 (gauss_denoiser): ${rows.join("; ")}`);
  });
});

describe("one flow-map jump from sigma = 80 to 0 with the exact gauss_flowmap", () => {
  it("is the exact flow map mu + (c/S_80)·(x − mu)", async () => {
    const { offset, gain, cross } = await affine("jump_one");
    [0, 1].forEach((i) => {
      const o = gaussFlowMap(G, "ve", [0, 0], 80, 0)[i]!;
      const g = gaussFlowMap(G, "ve", i === 0 ? [1, 0] : [0, 1], 80, 0)[i]! - o;
      expect(Math.abs(gain[i]! - g)).toBeLessThan(1e-6);
      expect(Math.abs(offset[i]! - o)).toBeLessThan(1e-5);
      expect(Math.abs(cross[i]!)).toBeLessThan(1e-7);
    });
  });

  it("matches the data distribution: std within 2% of c per axis", async () => {
    const xs = points(await runFile("fewstep.infer", "jump_one_sampled", {}, { batch: N, seed: 22 }));
    const rows: string[] = [];
    [0, 1].forEach((i) => {
      const c = GAUSS_STD[i]!;
      const { std, mean } = axisStats(xs, i as 0 | 1);
      // exact output std for x_T = 80·z: (c/S_80)·80, within 0.01% of c
      const exact = (c / Math.hypot(c, 80)) * 80;
      rows.push(`axis ${i}: std ${std.toFixed(4)} (c = ${c}, exact ${exact.toFixed(4)}), mean ${mean.toFixed(4)} (mu = ${GAUSS_MEAN[i]})`);
      expect(Math.abs(std / c - 1)).toBeLessThan(0.02);
      expect(Math.abs(std - exact)).toBeLessThan(5 * exact / Math.sqrt(2 * N));
      // exact output mean for x_T = 80·z: Φ(0) = mu·(1 − c/S_80), within 1.25% of mu
      const exactMean = gaussFlowMap(G, "ve", [0, 0], 80, 0)[i]!;
      expect(Math.abs(mean - exactMean)).toBeLessThan(5 * exact / Math.sqrt(N));
    });
    console.log(`one flow-map jump 80 -> 0 (gauss_flowmap): ${rows.join("; ")}`);
  });
});

describe("methods.md §7 table: K uniform steps from t = 1 on the FM path, c = 0.5 (gauss05_velocity_fm)", () => {
  const table: [number, number][] = [[1, 0], [2, 0.2], [4, 0.341], [8, 0.415], [32, 0.477], [256, 0.497]];
  for (const step of ["fm_euler", "ddim"]) {
    for (const [K, want] of table) {
      it(`${step}, K = ${K}: final std ${want.toFixed(3)} (exact gain; 20,000 samples)`, async () => {
        let exact = 1;
        for (let i = 0; i < K; i++) exact *= ddimGain(GAUSS05_STD, "fm", 1 - i / K, 1 - (i + 1) / K);
        exact = Math.abs(exact);
        // linearity (mean 0): the gain of the whole K-step sampler, per axis
        const { offset, gain } = await affine(`${step}_k`, { k: K });
        for (const i of [0, 1]) {
          expect(Math.abs(offset[i]!)).toBeLessThan(1e-6);
          expect(Math.abs(Math.abs(gain[i]!) - exact)).toBeLessThan(1e-5);
          expect(Math.abs(gain[i]!).toFixed(3)).toBe(want.toFixed(3));
        }
        // samples from N(0, I) at t = 1
        const xs = points(await runFile("fewstep.infer", `${step}_k_sampled`, { k: K }, { batch: N, seed: 23 }));
        const stds = [0, 1].map((i) => axisStats(xs, i as 0 | 1).std);
        console.log(`${step} K=${K}: exact gain ${Math.abs(gain[0]!).toFixed(5)} (table ${want.toFixed(3)}), empirical std ${stds.map((s) => s.toFixed(4)).join(", ")}`);
        for (const s of stds) expect(Math.abs(s - exact)).toBeLessThan(5 * exact / Math.sqrt(2 * N) + 1e-6);
      });
    }
  }
});
