import { describe, expect, it } from "vitest";
import { UnverifiedDraftRule } from "../../../src/check/rules/UnverifiedDraftRule.js";
import { check, codes, MODELS } from "../helpers.js";

const rules = [UnverifiedDraftRule];
const HEADER = `import { speculative, speculative_heads } from "std/discrete"\n${MODELS.lm}\n${MODELS.mtp}\n`;
const proc = (step: string) => `infer p(prompt: tokens = [0]) -> tokens {\n  y = prompt\n  expand y until length 12 using ${step}\n  return y\n}`;
const spec = (draft: string, q: string) => `step s(M: next_token, H: heads)(y) {\n  l = H(y)\n  d = categorical(${draft})\n  return verify(d, q: ${q}, p: softmax(M.score(y, d)))\n}\n`;

describe("UnverifiedDraftRule", () => {
  it("q that is not the distribution the drafts were drawn from is an error", async () => {
    const ds = await check(`${HEADER}${spec("apply_temperature(l, 0.5)", "softmax(l)")}${proc("s(lm, mtp)")}`, rules);
    expect(codes(ds)).toEqual(["unverified-draft error 11:3"]);
    expect(ds[0]!.related!.map((r) => `${r.span.line}:${r.span.column}`)).toEqual(["6:7", "7:10"]);
  });
  it("q must be a distribution: logits instead of softmax are an error", async () => {
    expect(codes(await check(`${HEADER}${spec("l", "l")}${proc("s(lm, mtp)")}`, rules))).toEqual(["unverified-draft error 11:3"]);
  });
  it("recomputing the same logits is the same distribution; a different temperature is not", async () => {
    expect(await check(`${HEADER}${spec("apply_temperature(H(y), 0.5)", "softmax(apply_temperature(H(y), 0.5))")}${proc("s(lm, mtp)")}`, rules)).toEqual([]);
    expect(codes(await check(`${HEADER}${spec("apply_temperature(H(y), 0.5)", "softmax(apply_temperature(H(y), 0.6))")}${proc("s(lm, mtp)")}`, rules))).toEqual(["unverified-draft error 11:3"]);
  });
  it("softmax of the draft logits is exact, for head drafts and for gamma drafts of a draft model", async () => {
    expect(await check(`${HEADER}${spec("l", "softmax(l)")}${proc("s(lm, mtp)")}`, rules)).toEqual([]);
    expect(await check(`${HEADER}${proc("speculative_heads(lm, mtp, temperature: 0.7)")}`, rules)).toEqual([]);
    const draft = MODELS.lm.replace("model lm:", "model small:");
    expect(await check(`${HEADER}${draft}\n${proc("speculative(lm, small, gamma: 3)")}`, rules)).toEqual([]);
  });
});
