import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { Graph, serializeModel, attrI } from "../../src/zoo/onnx/builder.js";

describe("onnx builder", () => {
  it("writes a model ORT can run, deterministically", async () => {
    const build = () => {
      const g = new Graph("smoke");
      const x = g.input("x", "float32", ["batch", 2]);
      const w = g.initializer("w", "float32", [2], [1.5, -2]);
      const y = g.add(g.mul(x, w), g.constF(0.25));
      const s = g.reduceSum(y, [1], false);
      g.output(y, "y", "float32", ["batch", 2]);
      g.output(s, "s", "float32", ["batch"]);
      const ids = g.input("ids", "int64", ["batch"]);
      const table = g.constF([10, 20, 30], [3]);
      g.output(g.op("Gather", [table, ids], { axis: attrI(0) }), "picked", "float32", ["batch"]);
      return serializeModel(g, { docString: "smoke" });
    };
    const bytes = build();
    expect(Buffer.from(build()).equals(Buffer.from(bytes))).toBe(true);
    const sess = await ort.InferenceSession.create(bytes);
    const out = await sess.run({
      x: new ort.Tensor("float32", Float32Array.from([1, 2, 3, 4]), [2, 2]),
      ids: new ort.Tensor("int64", BigInt64Array.from([2n, 0n]), [2]),
    });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([1.75, -3.75, 4.75, -7.75]);
    expect(Array.from(out.s!.data as Float32Array)).toEqual([-2, -3]);
    expect(Array.from(out.picked!.data as Float32Array)).toEqual([30, 10]);
  });
});
