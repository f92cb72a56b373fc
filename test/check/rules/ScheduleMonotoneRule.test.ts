import { describe, expect, it } from "vitest";
import { firstNonMonotone, ScheduleMonotoneRule } from "../../../src/check/rules/ScheduleMonotoneRule.js";
import { check, codes, MODELS } from "../helpers.js";

const rules = [ScheduleMonotoneRule];
const proc = (schedule: string) => `import { heun } from "std/continuous"\n${MODELS.gmm}\ninfer p() -> latent[2] {\n  x = noise latent[2] scale 80\n  refine x over ${schedule} using heun(den)\n  return x\n}`;

describe("ScheduleMonotoneRule", () => {
  it("finds the first interval against the overall direction", () => {
    expect(firstNonMonotone([80, 40, 60, 0])).toBe(1);
    expect(firstNonMonotone([80, 40, 40, 0])).toBe(1);
    expect(firstNonMonotone([0, 0.5, 1])).toBeUndefined();
    expect(firstNonMonotone([1, 0.5, 0])).toBeUndefined();
  });
  it("reports at the schedule expression", async () => {
    const ds = await check(proc("[80, 40, 60, 10, 0]"), rules);
    expect(codes(ds)).toEqual(["schedule-not-monotone error 5:17"]);
    expect(ds[0]!.span.endColumn).toBe(35);
    expect(ds[0]!.message).toBe("The schedule is not strictly decreasing: step 2 goes from 40 back to 60.");
    expect((await check(proc("[80, 10, 10, 0]"), rules))[0]!.message).toBe("The schedule is not strictly decreasing: step 2 repeats the time 10.");
  });
  it("stdlib schedules are monotone", async () => {
    expect(await check(proc("karras(steps: 30)").replace("import { heun }", "import { karras } from \"std/schedules\"\nimport { heun }"), rules)).toEqual([]);
  });
});
