/**
 * Must show: ODE steps converge at their order on the Gaussian mixture. Fixed initial points x_T
 * (a latent input) are integrated by Euler, Heun and DPM-Solver++(2M) on the exact gmm_denoiser
 * from sigma = 10 to sigma = 0.5 (stopping before 0 keeps the whole path on the smooth PF-ODE),
 * on two grids: geometric in sigma with N = 8..128 steps, and std/schedules `uniform` in sigma with
 * N = 16..256 (uniform-in-sigma steps are largest in log-SNR at the small-sigma end, h = 1.2 at
 * N = 8, so its asymptotic regime starts later), and compared with the Dormand–Prince RK45 flow map of
 * the same ODE (truth/ode.ts, rtol 1e-10, atol 1e-12). The least-squares slope of log(RMS error)
 * against log(N) must be about −1 (Euler) and −2 (Heun, DPM-Solver++(2M)).
 *
 * Error floor: the model is float32 (relative error ~1e-7 per call) and the smallest error used
 * here is ~1e-4, two orders above the floor, so the fit sees the
 * discretization error only. Slope ranges: an order-p method has slope −p asymptotically; the
 * ranges (±0.2 for Euler, −2.4..−1.7 for the second-order methods) leave room for
 * pre-asymptotic curvature at N = 8 (measured slopes are within 0.1 of −p), not for an order
 * drop: a first-order Heun or DPM++ would fit ≈ −1 and fail.
 */
import { describe, expect, it } from "vitest";
import { GMM } from "../../src/zoo/models/gmm_params.js";
import { mixtureFlowMapRK45 } from "../../src/zoo/truth/ode.js";
import { Rng } from "../../src/zoo/truth/rng.js";
import { logLogSlope, points, runFile } from "./helpers.js";

const T_MAX = 10;
const T_MIN = 0.5;
const GRIDS: Record<string, number[]> = { geometric: [8, 16, 32, 64, 128], uniform: [16, 32, 64, 128, 256] };
const COUNT = 64;

// x_T ~ N(0, (T_MAX² + 2)·I): roughly the mixture's marginal at sigma = 10 (data variance ≈ 2 per axis).
const rng = new Rng(20240601);
const xT = Float32Array.from({ length: 2 * COUNT }, () => rng.normal() * Math.sqrt(T_MAX * T_MAX + 2));
const reference = Array.from({ length: COUNT }, (_, i) => mixtureFlowMapRK45(GMM, "ve", [xT[2 * i]!, xT[2 * i + 1]!], T_MAX, T_MIN));

async function rmsError(proc: string, kind: string, steps: number): Promise<number> {
  const out = points(await runFile("ode_order.infer", proc, { steps, t_max: T_MAX, t_min: T_MIN, kind }, { batch: COUNT, inputs: { x: xT } }));
  let e = 0;
  out.forEach((x, i) => (e += (x[0] - reference[i]![0]) ** 2 + (x[1] - reference[i]![1]) ** 2));
  return Math.sqrt(e / COUNT);
}

describe("PF-ODE convergence order on the mixture (gmm_denoiser vs RK45)", () => {
  const cases: [string, string, number, number][] = [
    ["Euler", "by_euler", -1.2, -0.8],
    ["Heun", "by_heun", -2.4, -1.7],
    ["DPM-Solver++(2M)", "by_dpmpp_2m", -2.4, -1.7],
  ];
  for (const [kind, NS] of Object.entries(GRIDS)) for (const [name, proc, lo, hi] of cases) {
    it(`${name} (${kind} grid): log-log slope of error vs steps in [${lo}, ${hi}]`, async () => {
      const errors: number[] = [];
      for (const N of NS) errors.push(await rmsError(proc, kind, N));
      const slope = logLogSlope(NS, errors);
      console.log(`${name} (${kind} grid): RMS error ${NS.map((N, i) => `N=${N}: ${errors[i]!.toExponential(2)}`).join(", ")}; fitted slope ${slope.toFixed(3)}`);
      expect(slope).toBeGreaterThanOrEqual(lo);
      expect(slope).toBeLessThanOrEqual(hi);
      // errors decrease monotonically and stay far above the float32 floor
      for (let i = 1; i < errors.length; i++) expect(errors[i]!).toBeLessThan(errors[i - 1]!);
      expect(errors[errors.length - 1]!).toBeGreaterThan(1e-5);
    });
  }
});
