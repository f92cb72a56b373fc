import { describe, expect, it } from "vitest";
import { BindingTypesRule } from "../../../src/check/rules/BindingTypesRule.js";
import { check, spanText, zoo } from "../helpers.js";

const rules = [BindingTypesRule];

describe("BindingTypesRule", () => {
  it("element types: tokens int64, times float32, conditions int64", async () => {
    const swapped = `model den: denoiser(pred: x0, path: ve) = onnx(${zoo("gmm_cond_denoiser.onnx")}) { x <- "x"; t <- "class"; cond <- "sigma"; out -> "denoised" }`;
    expect((await check(swapped, rules)).map((d) => [d.code, spanText(swapped, d)])).toEqual([["binding-dtype", '"class"'], ["binding-dtype", '"sigma"']]);
    const lmOnFloats = `model lm: next_token(vocab: 16) = onnx(${zoo("gmm_denoiser.onnx")}) { tokens <- "x"; logits -> "denoised" }`;
    expect((await check(lmOnFloats, rules)).map((d) => [d.code, spanText(lmOnFloats, d)])).toEqual([["binding-dtype", '"x"'], ["binding-rank", '"denoised"']]);
  });
  it("ranks: heads logits are rank 4, next-token logits rank 3", async () => {
    const ds = await check(`model mtp: heads(k: 4, vocab: 16) = onnx(${zoo("markov_lm.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`, rules);
    expect(ds[0]!.message).toContain('has shape [batch, sequence, 16], but the port needs rank 4 [batch, sequence, k, vocab]');
  });
  it("static dims: vocab, k and the latent dims the procedures use", async () => {
    const vocab = await check(`model lm: next_token(vocab: 17) = onnx(${zoo("markov_lm.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`, rules);
    expect(vocab[0]!.message).toContain("dimension 2 must be 17");
    const k = await check(`model mtp: heads(k: 3, vocab: 16) = onnx(${zoo("markov_mtp.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`, rules);
    expect(k[0]!.message).toContain("dimension 2 must be 3");
    const latent = `import { heun } from "std/continuous"\nmodel den: denoiser(pred: x0, path: ve) = onnx(${zoo("gmm_denoiser.onnx")}) { x <- "x"; t <- "sigma"; out -> "denoised" }\ninfer p() -> latent[3] {\n  x = noise latent[3] scale 80\n  refine x over [80, 1, 0] using heun(den)\n  return x\n}`;
    expect((await check(latent, rules)).map((d) => d.message)).toEqual([
      expect.stringContaining('Input "x" of'),
      expect.stringContaining('Output "denoised" of'),
    ]);
  });
  it("the zoo models fit their contracts", async () => {
    const ok = [
      `model lm: next_token(vocab: 16) = onnx(${zoo("markov_lm_kv.onnx")}) { tokens <- "input_ids"; logits -> "logits"; cache "past_key_values.%d.key" -> "present.%d.key"; cache "past_key_values.%d.value" -> "present.%d.value" }`,
      `model f: flowmap(path: ve) = onnx(${zoo("gauss_flowmap.onnx")}) { x <- "x"; t <- "t"; s <- "s"; out -> "x_s" }`,
      `model u: unmask(vocab: 9, mask: 8) = onnx(${zoo("poker_mdm.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`,
    ];
    for (const src of ok) expect(await check(src, rules)).toEqual([]);
  });
});
