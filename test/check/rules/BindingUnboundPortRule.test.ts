import { describe, expect, it } from "vitest";
import { BindingUnboundPortRule } from "../../../src/check/rules/BindingUnboundPortRule.js";
import { check, codes, spanText, zoo } from "../helpers.js";

const rules = [BindingUnboundPortRule];

describe("BindingUnboundPortRule", () => {
  it("an ONNX input nothing feeds is an error at the model, with the likely binding", async () => {
    const ds = await check(`model den: denoiser(pred: x0, path: ve) = onnx(${zoo("gmm_cond_denoiser.onnx")}) { x <- "x"; t <- "sigma"; out -> "denoised" }`, rules);
    expect(codes(ds)).toEqual(["binding-unbound-port error 1:7"]);
    expect(ds[0]!.help).toBe('Bind it: `cond <- "class"`.');
  });
  it("cache inputs need a cache pattern", async () => {
    const ds = await check(`model lm: next_token(vocab: 16) = onnx(${zoo("markov_lm_kv.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`, rules);
    expect(ds.map((d) => d.data)).toEqual([{ input: "past_key_values.0.key" }, { input: "past_key_values.0.value" }]);
    expect(ds[0]!.help).toBe('Bind the cache: `cache "past_key_values.%d.key" -> "<present pattern>"`.');
  });
  it("a bound condition input that a call does not pass is not fed either", async () => {
    const src = `import { heun } from "std/continuous"\nmodel den: denoiser(pred: x0, path: ve, null_cond: 8) = onnx(${zoo("gmm_cond_denoiser.onnx")}) { x <- "x"; t <- "sigma"; cond <- "class"; out -> "denoised" }\ninfer p() -> latent[2] {\n  x = noise latent[2] scale 80\n  refine x over [80, 1, 0] using heun(den)\n  return x\n}`;
    const ds = await check(src, rules);
    expect(ds.map((d) => [d.code, spanText(src, d)])).toEqual([["binding-unbound-port", 'cond <- "class"']]);
    expect(ds[0]!.message).toContain('but step "heun" does not pass "cond"');
    expect(await check(src.replace("heun(den)", "heun(guided(den, cond: 1, scale: 2))"), rules)).toEqual([]);
  });
});
