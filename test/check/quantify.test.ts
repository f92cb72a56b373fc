/**
 * `infer check --quantify`: short simulations with the bound models, reported next to the static
 * estimate. Ground truth from methods.md §7: one local step from σ = 80 keeps c/sqrt(c² + 80²) of
 * the std per coordinate (gauss_denoiser, c = (1, 0.6)); drawing both heads of the 2-state chain
 * independently is KL(joint ‖ product) = I = 0.1004 nats.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/helpers.js";

interface Diag { code: string; message: string; data: Record<string, unknown> & { measured?: Record<string, unknown> } }

async function quantify(file: string): Promise<Diag[]> {
  const r = await runCli(["check", file, "--quantify", "--format", "json"]);
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics;
}

describe("infer check --quantify", () => {
  it("missing-target-time: measured std ratio of one step from 80 matches c/sqrt(c² + 80²) within 2%", async () => {
    const [collapse, coarse] = await quantify("examples/errors/missing-target-time.infer");
    const measured = collapse!.data.measured!.measuredStdRatio as number[];
    const c = [1, 0.6];
    c.forEach((ci, j) => expect(Math.abs(measured[j]! / (ci / Math.sqrt(ci * ci + 6400)) - 1)).toBeLessThan(0.02));
    expect(collapse!.data.stdRatio).toBeCloseTo(1 / Math.sqrt(6401), 5);
    expect(collapse!.message).toMatch(/; measured over 4096 samples: std ratio 0\.0125, 0\.0075\d* per coordinate/);
    // The coarse schedule: measured and predicted (at the measured data scale) agree within 2%.
    const m = coarse!.data.measured!;
    (m.measuredStdRatio as number[]).forEach((r, j) => expect(Math.abs(r / (m.predictedStdRatio as number[])[j]! - 1)).toBeLessThan(0.02));
  });
  it("heads-joint-sampling: KL(joint ‖ product of head marginals) of chain2 is 0.1004 nats", async () => {
    const [d] = await quantify("examples/errors/heads-joint-sampling.infer");
    expect(d!.data.measured).toEqual({ klNats: expect.closeTo(0.1004, 4), reference: "lm", prefix: [0] });
    expect(d!.message).toContain("= 0.1004 nats after the prompt [0]");
  });
  it("diagnostics without a measurement are unchanged", async () => {
    const [d] = await quantify("examples/errors/parallel-unmasking.infer");
    expect(d!.data.measured).toBeUndefined();
  });
});
