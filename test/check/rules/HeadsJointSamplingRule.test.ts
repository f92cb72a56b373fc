import { describe, expect, it } from "vitest";
import { HeadsJointSamplingRule } from "../../../src/check/rules/HeadsJointSamplingRule.js";
import { check, codes, MODELS, zoo } from "../helpers.js";

const rules = [HeadsJointSamplingRule];
const proc = (step: string) => `infer p(prompt: tokens = [0]) -> tokens {\n  y = prompt\n  expand y until length 12 using ${step}\n  return y\n}`;
const HEADER = `import { speculative_heads, sample } from "std/discrete"\n${MODELS.lm}\n${MODELS.mtp}\n`;

describe("HeadsJointSamplingRule", () => {
  it("k head tokens drawn independently and appended is an error at the expand", async () => {
    const ds = await check(`${HEADER}step both(H: heads)(y) {\n  return categorical(H(y))\n}\n${proc("both(mtp)")}`, rules);
    expect(codes(ds)).toEqual(["heads-joint-sampling error 9:3"]);
    expect(ds[0]!.data).toEqual({ model: "mtp", k: 4 });
    expect(ds[0]!.related!.map((r) => `${r.span.line}:${r.span.column}`)).toEqual(["5:10", "5:22"]);
  });
  it("follows the draws through warpers", async () => {
    const step = `step hot(H: heads)(y) {\n  return categorical(filter_top_p(apply_temperature(H(y), 0.7), 0.9))\n}\n`;
    expect(codes(await check(`${HEADER}${step}${proc("hot(mtp)")}`, rules))).toEqual(["heads-joint-sampling error 9:3"]);
  });
  it("drafting from the heads and verifying is exact", async () => {
    expect(await check(`${HEADER}${proc("speculative_heads(lm, mtp)")}`, rules)).toEqual([]);
  });
  it("one head, or next-token sampling, is not a joint draw", async () => {
    const one = `model h1: heads(k: 1, vocab: 16) = onnx(${zoo("markov_mtp.onnx")}) { tokens <- "input_ids"; logits -> "logits" }\n`;
    expect(await check(`${HEADER}${one}step first(H: heads)(y) {\n  return categorical(H(y))\n}\n${proc("first(h1)")}`, rules)).toEqual([]);
    expect(await check(`${HEADER}${proc("sample(lm)")}`, rules)).toEqual([]);
  });
});
