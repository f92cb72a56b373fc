import { describe, expect, it } from "vitest";
import { OutcomeDependentOrderRule } from "../../../src/check/rules/OutcomeDependentOrderRule.js";
import { check, codes, MODELS } from "../helpers.js";

const rules = [OutcomeDependentOrderRule];
const HEADER = `import { unmask } from "std/discrete"\nimport { steps } from "std/schedules"\n${MODELS.mdm}\n`;
const proc = (args: string) => `infer p() -> tokens {\n  y = repeat(mdm.mask, 8)\n  refine y over steps(8) using unmask(mdm${args})\n  return y\n}`;

describe("OutcomeDependentOrderRule", () => {
  it("sampled_confidence at temperature > 0 is a warning", async () => {
    const ds = await check(`${HEADER}${proc(`, order: "sampled_confidence", temperature: 0.8`)}`, rules);
    expect(codes(ds)).toEqual(["outcome-dependent-order warning 6:3"]);
    expect(ds[0]!.data).toEqual({ temperature: 0.8 });
  });
  it("greedy decoding, or an order taken before sampling, is clean", async () => {
    expect(await check(`${HEADER}${proc(`, order: "sampled_confidence", temperature: 0`)}`, rules)).toEqual([]);
    for (const order of ["confidence", "entropy", "random"]) expect(await check(`${HEADER}${proc(`, order: "${order}"`)}`, rules)).toEqual([]);
  });
});
