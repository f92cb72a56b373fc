import { describe, expect, it } from "vitest";
import { WarperMismatchRule } from "../../../src/check/rules/WarperMismatchRule.js";
import { check, codes, MODELS } from "../helpers.js";

const rules = [WarperMismatchRule];
const HEADER = `import { speculative_heads } from "std/discrete"\n${MODELS.lm}\n${MODELS.mtp}\n`;
const proc = (step: string) => `infer p(prompt: tokens = [0]) -> tokens {\n  y = prompt\n  expand y until length 12 using ${step}\n  return y\n}`;
const spec = (q: string, p: string) => `step s(M: next_token, H: heads)(y) {\n  ql = ${q}\n  d = categorical(ql)\n  return verify(d, q: softmax(ql), p: softmax(${p}))\n}\n`;

describe("WarperMismatchRule", () => {
  it("a temperature on the draft only is an error naming both chains", async () => {
    const ds = await check(`${HEADER}${spec("apply_temperature(H(y), 0.7)", "M.score(y, d)")}${proc("s(lm, mtp)")}`, rules);
    expect(codes(ds)).toEqual(["warper-mismatch error 11:3"]);
    expect(ds[0]!.data).toEqual({ p: "no warpers", q: "temperature 0.7" });
  });
  it("compares settings and order, not just the ops", async () => {
    const q = "filter_top_p(apply_temperature(H(y), 0.7), 0.9)";
    expect(codes(await check(`${HEADER}${spec(q, "filter_top_p(apply_temperature(M.score(y, d), 0.7), 0.8)")}${proc("s(lm, mtp)")}`, rules))).toEqual(["warper-mismatch error 11:3"]);
    expect(codes(await check(`${HEADER}${spec(q, "apply_temperature(filter_top_p(M.score(y, d), 0.9), 0.7)")}${proc("s(lm, mtp)")}`, rules))).toEqual(["warper-mismatch error 11:3"]);
    expect(await check(`${HEADER}${spec(q, "filter_top_p(apply_temperature(M.score(y, d), 0.7), 0.9)")}${proc("s(lm, mtp)")}`, rules)).toEqual([]);
  });
  it("the stdlib speculative step warps both sides alike", async () => {
    expect(await check(`${HEADER}${proc("speculative_heads(lm, mtp, temperature: 0.5)")}`, rules)).toEqual([]);
  });
});
