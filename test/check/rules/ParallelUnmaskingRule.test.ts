import { describe, expect, it } from "vitest";
import { ParallelUnmaskingRule } from "../../../src/check/rules/ParallelUnmaskingRule.js";
import { check, codes, MODELS } from "../helpers.js";

const rules = [ParallelUnmaskingRule];
const HEADER = `import { unmask, unmask_threshold } from "std/discrete"\nimport { steps } from "std/schedules"\n${MODELS.mdm}\n`;
const proc = (stmt: string, n = 16) => `infer p() -> tokens {\n  y = repeat(mdm.mask, ${n})\n  ${stmt}\n  return y\n}`;

describe("ParallelUnmaskingRule", () => {
  it("more than one position per call is a warning with the per-call quota", async () => {
    const ds = await check(`${HEADER}${proc("refine y over steps(4) using unmask(mdm)")}`, rules);
    expect(codes(ds)).toEqual(["parallel-unmasking warning 6:3"]);
    expect(ds[0]!.data).toEqual({ model: "mdm", maxPerCall: 4, parallelSteps: 4, steps: 4 });
  });
  it("reads the quota per interval: 16 positions in 10 steps commit 1 or 2 per call", async () => {
    const ds = await check(`${HEADER}${proc("refine y over steps(10) using unmask(mdm)")}`, rules);
    expect(ds[0]!.data).toMatchObject({ maxPerCall: 2, parallelSteps: 6, steps: 10 });
    expect(ds[0]!.message).toMatch(/^6 of the 10 steps commit up to 2 positions/);
  });
  it("one position per call, and greedy confidence thresholds, are clean", async () => {
    expect(await check(`${HEADER}${proc("refine y over steps(16) using unmask(mdm)")}`, rules)).toEqual([]);
    expect(await check(`${HEADER}${proc("refine y over steps(4) using unmask_threshold(mdm)")}`, rules)).toEqual([]);
  });
  it("@approx downgrades it to info, also from an enclosing block expansion", async () => {
    expect(codes(await check(`${HEADER}${proc("@approx refine y over steps(4) using unmask(mdm)")}`, rules))).toEqual(["parallel-unmasking info 6:3"]);
    const block = `@approx expand y by 8 masked until length 32 {\n    refine y.tail(8) over steps(2) using unmask(mdm)\n  }`;
    expect(codes(await check(`${HEADER}${proc(block, 0)}`, rules))).toEqual(["parallel-unmasking info 7:5"]);
  });
  it("a user-written step that commits two per call is caught like the stdlib one", async () => {
    const step = `step two(U: unmask)(y, t -> s) {\n  return commit(y, U(y), n: 2)\n}\n`;
    expect(codes(await check(`${HEADER}${step}${proc("refine y over steps(8) using two(mdm)")}`, rules))).toEqual(["parallel-unmasking warning 9:3"]);
  });
});
