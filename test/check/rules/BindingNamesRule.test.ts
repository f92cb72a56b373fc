import { describe, expect, it } from "vitest";
import { BindingNamesRule } from "../../../src/check/rules/BindingNamesRule.js";
import { check, codes, root, spanText, zoo } from "../helpers.js";

const rules = [BindingNamesRule];
const GPT = (cache: string) => `model lm: next_token(vocab: 76, eos: 0) = onnx(${zoo("tiny_gpt2/model.onnx")}) {\n  tokens <- "input_ids"\n  attention_mask <- "attention_mask"\n  position_ids <- "position_ids"\n  logits -> "logits"\n${cache}}`;

describe("BindingNamesRule", () => {
  it("an unknown input or output is reported at the name, with the file's free names", async () => {
    const src = `model den: denoiser(pred: x0, path: ve) = onnx(${zoo("gmm_denoiser.onnx")}) { x <- "x"; t <- "t"; out -> "denoise" }`;
    const ds = await check(src, rules, { cwd: root });
    expect(ds.map((d) => [d.code, spanText(src, d)])).toEqual([["binding-unknown-input", '"t"'], ["binding-unknown-output", '"denoise"']]);
    expect(ds.map((d) => d.help)).toEqual(['The inputs of examples/models/gmm_denoiser.onnx not bound yet are "sigma".', 'Did you mean "denoised"?']);
  });
  it("cache patterns must match an input and an output", async () => {
    const good = `  cache "past_key_values.%d.key" -> "present.%d.key"\n  cache "past_key_values.%d.value" -> "present.%d.value"\n`;
    expect(await check(GPT(good), rules)).toEqual([]);
    const ds = await check(GPT(`  cache "past.%d.key" -> "present.%d.keys"\n`), rules);
    expect(codes(ds)).toEqual(["binding-unknown-input error 6:9", "binding-unknown-output error 6:26"]);
  });
});
