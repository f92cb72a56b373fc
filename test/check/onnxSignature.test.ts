/** ONNX signatures read from the protobuf bytes, against the zoo's documented inputs and outputs. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeSignature, readSignature } from "../../src/check/onnxSignature.js";
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
  it("decodes hand-built wire bytes: initializers listed as inputs are dropped, unset dims are \"\", truncation throws", () => {
    const varint = (n: number): number[] => {
      const out: number[] = [];
      for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
      return [...out, n];
    };
    const str = (s: string) => [...new TextEncoder().encode(s)];
    const field = (f: number, body: number[]) => [...varint(f * 8 + 2), ...varint(body.length), ...body];
    const int = (f: number, v: number) => [...varint(f * 8), ...varint(v)];
    const dim = (d: number[]) => field(1, d);
    const valueInfo = (name: string, elem: number, dims: number[][]) =>
      [...field(1, str(name)), ...field(2, field(1, [...int(1, elem), ...field(2, dims.flatMap(dim))]))];
    const graph = [
      ...field(5, [...int(1, 1), ...field(8, str("w"))]), // initializer "w" (dims, name)
      ...field(11, valueInfo("x", 1, [field(2, str("batch")), int(1, 300), []])),
      ...field(11, valueInfo("w", 1, [int(1, 3)])),
      ...field(12, valueInfo("y", 7, [])),
    ];
    const model = Uint8Array.from([...int(1, 8), ...field(7, graph)]); // ir_version, graph
    expect(decodeSignature(model)).toEqual({
      inputs: [{ name: "x", dtype: "float32", shape: ["batch", 300, ""] }],
      outputs: [{ name: "y", dtype: "int64", shape: [] }],
    });
    expect(() => decodeSignature(model.subarray(0, model.length - 3))).toThrow();
    expect(() => decodeSignature(Uint8Array.from(int(1, 8)))).toThrow(/no graph/);
  });
});
