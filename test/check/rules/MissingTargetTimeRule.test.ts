import { describe, expect, it } from "vitest";
import { MissingTargetTimeRule } from "../../../src/check/rules/MissingTargetTimeRule.js";
import { check, codes, MODELS } from "../helpers.js";

const rules = [MissingTargetTimeRule];
const proc = (schedule: string, step: string, model = "den", noise = "scale 80") =>
  `infer p() -> latent[2] {\n  x = noise latent[2] ${noise}\n  refine x over ${schedule} using ${step}(${model})\n  return x\n}`;
const STD = `import { ddim, euler, heun, dpmpp_2m, fm_euler, jump } from "std/continuous"\nimport { karras, uniform } from "std/schedules"\n`;

describe("MissingTargetTimeRule", () => {
  it("one local step from pure noise to the data is an error at the refine", async () => {
    const ds = await check(`${STD}${MODELS.gauss}\n${proc("[80, 0]", "euler")}`, rules);
    expect(codes(ds)).toEqual(["missing-target-time error 6:3"]);
    expect(ds[0]!.data).toMatchObject({ steps: 1, stdRatio: 0.012499 });
    expect(ds[0]!.related?.[0]?.span.file).toMatch(/stdlib\/params\.infer$/);
  });
  it("a user-written Euler step is checked exactly like the stdlib one", async () => {
    const user = `step my_euler(D: denoiser)(x, t -> s) {\n  return x + (s - t) * (x - D(x, t)) / t\n}\n`;
    const mine = await check(`${STD}${MODELS.gauss}\n${user}${proc("karras(steps: 6)", "my_euler")}`, rules);
    const std = await check(`${STD}${MODELS.gauss}\n${proc("karras(steps: 6)", "euler")}`, rules);
    expect(codes(mine)).toEqual(["missing-target-time warning 9:3"]);
    expect(mine[0]!.data).toEqual(std[0]!.data);
  });
  it("matches methods.md §7: K uniform FM Euler steps from t = 1 on N(0, 0.5²) end with std .200, .341, .415, .477", async () => {
    const expected: Record<number, number> = { 2: 0.2, 4: 0.341, 8: 0.415, 32: 0.477 };
    for (const [k, std] of Object.entries(expected)) {
      const ds = await check(`${STD}${MODELS.v05}\n${proc(`uniform(steps: ${k})`, "fm_euler", "v05", "")}`, rules);
      expect(codes(ds), `K = ${k}`).toEqual(["missing-target-time warning 6:3"]);
      expect(0.5 * (ds[0]!.data!.stdRatio as number)).toBeCloseTo(std, 3);
    }
    // One step from t = 1 collapses (an error); 256 steps lose 0.6% (under the 2% tolerance).
    expect(codes(await check(`${STD}${MODELS.v05}\n${proc("uniform(steps: 1)", "fm_euler", "v05", "")}`, rules))).toEqual(["missing-target-time error 6:3"]);
    expect(await check(`${STD}${MODELS.v05}\n${proc("uniform(steps: 256)", "fm_euler", "v05", "")}`, rules)).toEqual([]);
  });
  it("accounts for what the step computes: Heun and DPM-Solver++(2M) on 18 Karras steps are clean, Euler is not", async () => {
    expect(await check(`${STD}${MODELS.gmm}\n${proc("karras(steps: 18)", "heun")}`, rules)).toEqual([]);
    expect(await check(`${STD}${MODELS.gmm}\n${proc("karras(steps: 18)", "dpmpp_2m")}`, rules)).toEqual([]);
    const euler = await check(`${STD}${MODELS.gmm}\n${proc("karras(steps: 18)", "euler")}`, rules);
    expect(codes(euler)).toEqual(["missing-target-time warning 6:3"]);
    // Euler's gain per step is exactly cos(θ_t − θ_s): the step proxy equals the schedule proxy.
    expect(euler[0]!.data!.stepProxy).toBe(euler[0]!.data!.scheduleProxy);
    expect(euler[0]!.message).toContain("shrinks the std by 14%");
  });
  it("flow-map jumps are not local; the tolerance is configurable", async () => {
    expect(await check(`${STD}${MODELS.flow}\n${proc("[80, 0]", "jump", "flow")}`, rules)).toEqual([]);
    expect(await check(`${STD}${MODELS.gauss}\n${proc("karras(steps: 6)", "euler")}`, rules, { tol: 0.5 })).toEqual([]);
  });
});
