/** ONNX signatures read from the protobuf bytes, against the zoo's documented inputs and outputs. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readSignature } from "../../src/check/onnxSignature.js";
import { root } from "./helpers.js";

const zoo = (f: string) => resolve(root, "examples/models", f);

describe("readSignature", () => {
  it("reads names, element types and symbolic or static dims", () => {
    expect(readSignature(zoo("gmm_cond_denoiser.onnx"))).toEqual({
      ok: true,
      signature: {
        inputs: [
          { name: "x", dtype: "float32", shape: ["batch", 2] },
          { name: "sigma", dtype: "float32", shape: ["batch"] },
          { name: "class", dtype: "int64", shape: ["batch"] },
        ],
        outputs: [{ name: "denoised", dtype: "float32", shape: ["batch", 2] }],
      },
    });
  });
  it("reads decoders with caches (tiny GPT-2: 3 inputs + 4 cache tensors, weights skipped)", () => {
    const r = readSignature(zoo("tiny_gpt2/model.onnx"));
    if (!r.ok) throw new Error(r.detail);
    expect(r.signature.inputs.map((i) => i.name)).toEqual([
      "input_ids", "attention_mask", "position_ids",
      "past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value",
    ]);
    expect(r.signature.inputs[3]).toEqual({ name: "past_key_values.0.key", dtype: "float32", shape: ["batch", 2, "past_sequence", 32] });
    expect(r.signature.outputs.at(-1)).toEqual({ name: "logits", dtype: "float32", shape: ["batch", "sequence", 76] });
  });
  it("tells a missing file from one that is not an ONNX model", () => {
    expect(readSignature(zoo("nope.onnx"))).toMatchObject({ ok: false, reason: "missing" });
    expect(readSignature(resolve(root, "README.md"))).toMatchObject({ ok: false, reason: "unreadable" });
  });
});
