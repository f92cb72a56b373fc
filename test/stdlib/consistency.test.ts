/**
 * Consistency-model multistep sampling (Song et al. 2023, Alg. 1) with the exact consistency
 * function of N(mu, diag(c²)): f(x, t) = Φ_{t→ε}(x). One evaluation from x_T ~ N(mu, c² + T²)
 * lands exactly on N(mu, c² + ε²); re-noising to tau and evaluating again stays exact, so both
 * the one-step and the multistep sampler must match the data distribution (up to ε = 0.002).
 * Tolerance: 5 standard errors of the mean (c/√n) and of the std (c/√(2n)).
 */
import { describe, expect, it } from "vitest";
import { GAUSS_MEAN, GAUSS_STD } from "../../src/zoo/models/gmm_params.js";
import { axisStats, points, runFile } from "./helpers.js";

const N = 20_000;

describe("consistency_multistep on the exact Gaussian consistency function", () => {
  for (const proc of ["one_step", "multistep"]) {
    it(`${proc}: samples follow the data distribution`, async () => {
      const xs = points(await runFile("consistency.infer", proc, {}, { batch: N, seed: 5 }));
      [0, 1].forEach((i) => {
        const axis = i as 0 | 1;
        const c = Math.hypot(GAUSS_STD[i]!, 0.002);
        const { mean, std } = axisStats(xs, axis);
        expect(Math.abs(mean - GAUSS_MEAN[i]!)).toBeLessThan((5 * c) / Math.sqrt(N));
        expect(Math.abs(std - c)).toBeLessThan((5 * c) / Math.sqrt(2 * N));
      });
    });
  }
});
