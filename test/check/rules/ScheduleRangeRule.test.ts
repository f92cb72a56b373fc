import { describe, expect, it } from "vitest";
import { ScheduleRangeRule } from "../../../src/check/rules/ScheduleRangeRule.js";
import { check, codes, MODELS, zoo } from "../helpers.js";

const rules = [ScheduleRangeRule];
const HEADER = `import { heun, euler, jump } from "std/continuous"\nimport { karras } from "std/schedules"\n`;
const proc = (schedule: string, step: string) => `infer p() -> latent[2] {\n  x = noise latent[2] scale 80\n  refine x over ${schedule} using ${step}\n  return x\n}`;

describe("ScheduleRangeRule", () => {
  it("a time above t_max is an error at the schedule", async () => {
    const ds = await check(`${HEADER}${MODELS.gmm}\n${proc("karras(steps: 10, t_max: 120)", "heun(den)")}`, rules);
    expect(codes(ds)).toEqual(["schedule-out-of-range error 6:17"]);
    expect(ds[0]!.data).toEqual({ model: "den", value: 120, range: [0.002, 80] });
  });
  it("checks the times actually fed: Heun skips the model at s = 0, a step that calls D at s does not", async () => {
    expect(await check(`${HEADER}${MODELS.gmm}\n${proc("karras(steps: 10)", "heun(den)")}`, rules)).toEqual([]);
    const atS = `step at_s(D: denoiser)(x, t -> s) {\n  return D(x, s)\n}\n`;
    const ds = await check(`${HEADER}${MODELS.gmm}\n${atS}${proc("[80, 1, 0]", "at_s(den)")}`, rules);
    expect(ds[0]!.message).toBe('Model "den" is called at t = 0 (interval 1 -> 0), outside its declared time range [0.002, 80].');
  });
  it("a flow map may target the data end below t_min, not other times", async () => {
    const flow = `model flow: flowmap(path: ve, time: [0.01, 80]) = onnx(${zoo("gauss_flowmap.onnx")}) { x <- "x"; t <- "t"; s <- "s"; out -> "x_s" }\n`;
    expect(await check(`${HEADER}${flow}${proc("[80, 1, 0]", "jump(flow)")}`, rules)).toEqual([]);
    expect(codes(await check(`${HEADER}${flow}${proc("[80, 1, 0.001, 0]", "jump(flow)")}`, rules))).toEqual(["schedule-out-of-range error 6:17"]);
  });
});
