/**
 * std/schedules against their defining formulas and diffusers' timestep arrays. Each probe
 * procedure (programs/schedules.infer) jumps with the exact flow map over a schedule, and a
 * recording backend captures the (t, s) pair fed to every model call, so the test sees the
 * schedule exactly as the runtime feeds it (float32: compared to 1e-6 relative).
 *
 * diffusers (DDIMScheduler.set_timesteps, T = 1000, steps_offset = 0):
 *   linspace: np.linspace(0, T − 1, n).round()[::-1]
 *   leading:  (np.arange(0, n) * (T // n)).round()[::-1]
 *   trailing: np.round(np.arange(T, 0, −T/n)) − 1
 * np.round rounds halves to even; the n = 7 and n = 16 arrays below contain such halves
 * (e.g. linspace 166.5 -> 166, trailing 937.5 -> 938 -> 937). The arrays were produced with
 * numpy 2.4 from those expressions.
 */
import { describe, expect, it } from "vitest";
import { RecordingBackend, runFile } from "./helpers.js";

/** The schedule t_0 > t_1 > ... as fed to the model: every call's t, then the last call's s. */
async function probe(proc: string, args: Record<string, unknown>): Promise<number[]> {
  const rec = new RecordingBackend();
  await runFile("schedules.infer", proc, args, { batch: 4, seed: 1 }, rec);
  await rec.close();
  const ts = rec.calls.map((c) => c.first["t"]!);
  const ss = rec.calls.map((c) => c.first["s"]!);
  // consecutive calls chain: s of call i is t of call i + 1
  for (let i = 0; i + 1 < ts.length; i++) expect(ss[i]).toBe(ts[i + 1]);
  return [...ts, ss[ss.length - 1]!];
}

function expectClose(got: readonly number[], want: readonly number[]) {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(want[i]!), 1e-3)));
}

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

describe("std/schedules", () => {
  it("karras: EDM eq. 5, sigma_i = (t_max^(1/rho) + i/(N−1)·(t_min^(1/rho) − t_max^(1/rho)))^rho, then 0", async () => {
    for (const [n, tMax, tMin, rho] of [[10, 80, 0.002, 7], [18, 80, 0.002, 7], [6, 14.6, 0.03, 5]] as const) {
      const a = tMax ** (1 / rho);
      const b = tMin ** (1 / rho);
      const want = [...Array.from({ length: n }, (_, i) => (a + (i / (n - 1)) * (b - a)) ** rho), 0];
      const got = await probe("probe_karras", { n, t_max: tMax, t_min: tMin, rho });
      expectClose(got, want);
      expect(got[0]).toBeCloseTo(tMax, 4);
      expect(got[n - 1]).toBeCloseTo(tMin, 6);
    }
  });

  it("uniform: steps + 1 equally spaced times from t_max to t_min", async () => {
    expectClose(await probe("probe_uniform", { n: 10 }), linspace(1, 0, 11));
    expectClose(await probe("probe_uniform", { n: 4, t_max: 10, t_min: 0.5 }), [10, 7.625, 5.25, 2.875, 0.5]);
  });

  it("shifted: SD3 t' = a·t/(1 + (a − 1)·t) on the uniform grid", async () => {
    for (const shift of [3, 1, 0.5]) {
      const want = linspace(1, 0, 9).map((t) => (shift * t) / (1 + (shift - 1) * t));
      expectClose(await probe("probe_shifted", { n: 8, shift }), want);
    }
  });

  it("steps: mask fractions 1, (n−1)/n, ..., 0", async () => {
    expectClose(await probe("probe_steps", { n: 4 }), [1, 0.75, 0.5, 0.25, 0]);
  });

  describe("ddpm_timesteps (T = 1000) vs diffusers' spacing rules", () => {
    const diffusers: Record<string, Record<number, number[]>> = {
      trailing: {
        10: [999, 899, 799, 699, 599, 499, 399, 299, 199, 99],
        7: [999, 856, 713, 570, 428, 285, 142],
        16: [999, 937, 874, 811, 749, 687, 624, 561, 499, 437, 374, 311, 249, 187, 124, 61],
      },
      leading: {
        10: [900, 800, 700, 600, 500, 400, 300, 200, 100, 0],
        7: [852, 710, 568, 426, 284, 142, 0],
        16: [930, 868, 806, 744, 682, 620, 558, 496, 434, 372, 310, 248, 186, 124, 62, 0],
      },
      linspace: {
        10: [999, 888, 777, 666, 555, 444, 333, 222, 111, 0],
        7: [999, 832, 666, 500, 333, 166, 0],
        16: [999, 932, 866, 799, 733, 666, 599, 533, 466, 400, 333, 266, 200, 133, 67, 0],
      },
    };
    for (const [spacing, arrays] of Object.entries(diffusers)) {
      for (const [n, want] of Object.entries(arrays)) {
        it(`${spacing}, ${n} steps`, async () => {
          const got = await probe("probe_ddpm", { n: Number(n), spacing });
          // continuous t = timestep / T, then a final 0
          expect(got[got.length - 1]).toBe(0);
          const timesteps = got.slice(0, -1).map((t) => Math.round(t * 1000));
          got.slice(0, -1).forEach((t, i) => expect(Math.abs(t - timesteps[i]! / 1000)).toBeLessThan(1e-6));
          expect(timesteps).toEqual(want);
        });
      }
    }
  });
});
