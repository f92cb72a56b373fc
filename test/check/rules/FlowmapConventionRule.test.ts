import { describe, expect, it } from "vitest";
import { FlowmapConventionRule } from "../../../src/check/rules/FlowmapConventionRule.js";
import { check, codes, MODELS, zoo } from "../helpers.js";

const rules = [FlowmapConventionRule];
const HEADER = `import { jump, restart } from "std/continuous"\nimport { uniform } from "std/schedules"\n`;
const proc = (schedule: string, step: string, model = "flow") => `infer p() -> latent[2] {\n  x = noise latent[2] scale 80\n  refine x over ${schedule} using ${step}(${model})\n  return x\n}`;
const flow = (args: string) => `model flow: flowmap(${args}) = onnx(${zoo("gauss_flowmap.onnx")}) { x <- "x"; t <- "t"; s <- "s"; out -> "x_s" }\n`;

describe("FlowmapConventionRule", () => {
  it("the stride fed to a target-s model", async () => {
    const step = `step stride(F: flowmap)(x, t -> s) {\n  return F(x, t, t - s)\n}\n`;
    const ds = await check(`${HEADER}${MODELS.flow}\n${step}${proc("[80, 1, 0]", "stride")}`, rules);
    expect(codes(ds)).toEqual(["flowmap-convention error 9:3"]);
    expect(ds[0]!.data).toEqual({ model: "flow", target: "s", fed: 79, expected: 1 });
  });
  it("the target time fed to a target-stride model", async () => {
    const ds = await check(`${HEADER}${flow("path: ve, target: stride, time: [0, 80]")}${proc("[80, 1, 0]", "jump")}`, rules);
    expect(ds.map((d) => d.data)).toEqual([{ model: "flow", target: "stride", fed: 1, expected: 79 }]);
  });
  it("a schedule running toward the noise end, reported at the schedule", async () => {
    const ds = await check(`${HEADER}${flow("path: fm, noise_at: 0, time: [0, 1]")}${proc("uniform(steps: 4)", "jump")}`, rules);
    expect(codes(ds)).toEqual(["flowmap-convention error 6:17"]);
    expect(ds[0]!.message).toContain("noise at t = 0 (noise_at: 0), but this schedule runs from 1 to 0");
    expect(await check(`${HEADER}${flow("path: fm, noise_at: 0, time: [0, 1]")}${proc("[0, 0.5, 1]", "jump")}`, rules)).toEqual([]);
    expect(codes(await check(`${HEADER}${MODELS.flow}\n${proc("[0, 40, 80]", "jump")}`, rules))).toEqual(["flowmap-convention error 6:17"]);
  });
  it("a target on the noise side of t (r > t)", async () => {
    const step = `step swapped(F: flowmap)(x, t -> s) {\n  return F(x, s, t)\n}\n`;
    const ds = await check(`${HEADER}${MODELS.flow}\n${step}${proc("[80, 1, 0]", "swapped")}`, rules);
    expect(codes(ds)).toEqual(["flowmap-convention error 9:3"]);
    expect(ds[0]!.data).toEqual({ model: "flow", t: 1, r: 80 });
  });
  it("pushforward jumps and restart sampling follow the conventions", async () => {
    expect(await check(`${HEADER}${MODELS.flow}\n${proc("[80, 1, 0]", "jump")}`, rules)).toEqual([]);
    expect(await check(`${HEADER}${MODELS.flow}\n${proc("[80, 5, 1, 0]", "restart")}`, rules)).toEqual([]);
  });
});
