import { describe, expect, it } from "vitest";
import { ConsistencyDeterministicJumpRule } from "../../../src/check/rules/ConsistencyDeterministicJumpRule.js";
import { check, codes, MODELS } from "../helpers.js";

const rules = [ConsistencyDeterministicJumpRule];
const HEADER = `import { consistency_multistep } from "std/continuous"\n${MODELS.cm}\n`;
const proc = (schedule: string, step: string) => `infer p() -> latent[2] {\n  x = noise latent[2] scale 80\n  refine x over ${schedule} using ${step}(cm)\n  return x\n}`;
const DDIM = `step cm_ddim(C: consistency)(x, t -> s) {\n  x0 = C(x, t)\n  return x0 + (s / t) * (x - x0)\n}\n`;

describe("ConsistencyDeterministicJumpRule", () => {
  it("a deterministic jump to s > t_min is an error naming the first interval and counting the others", async () => {
    const ds = await check(`${HEADER}${DDIM}${proc("[80, 10, 1, 0]", "cm_ddim")}`, rules);
    expect(codes(ds)).toEqual(["consistency-deterministic-jump error 9:3"]);
    expect(ds[0]!.data).toEqual({ model: "cm", steps: [0, 1] });
    expect(ds[0]!.message).toContain("from t = 80 to s = 10 > t_min = 0.002 (and 1 more step)");
  });
  it("re-noising after the call (multistep consistency sampling) and one jump to the endpoint are fine", async () => {
    expect(await check(`${HEADER}${proc("[80, 10, 1, 0]", "consistency_multistep")}`, rules)).toEqual([]);
    expect(await check(`${HEADER}${DDIM}${proc("[80, 0]", "cm_ddim")}`, rules)).toEqual([]);
  });
  it("a draw before the call does not count", async () => {
    const early = `step early(C: consistency)(x, t -> s) {\n  z = normal(x)\n  x0 = C(x + 0 * z, t)\n  return x0 + (s / t) * (x - x0)\n}\n`;
    expect(codes(await check(`${HEADER}${early}${proc("[80, 10, 0]", "early")}`, rules))).toEqual(["consistency-deterministic-jump error 10:3"]);
  });
});
