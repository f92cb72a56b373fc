import { existsSync } from "node:fs";
import { resolve } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { OrtExecutor } from "../../src/runtime/session.js";
import { makeTensor, type Tensor } from "../../src/runtime/tensor.js";

const MODELS = resolve(import.meta.dirname, "../../examples/models");
const LM = resolve(MODELS, "markov_lm.onnx");
const GMM = resolve(MODELS, "gmm_denoiser.onnx");
const have = existsSync(LM) && existsSync(GMM);

const ids32 = (dims: number[], v: number[]) => makeTensor("int32", dims, Int32Array.from(v));
const ids64 = (dims: number[], v: number[]) => makeTensor("int64", dims, BigInt64Array.from(v.map(BigInt)));

describe.skipIf(!have)("OrtExecutor on examples/models", () => {
  const ex = new OrtExecutor({ baseDir: MODELS });
  afterAll(() => ex.close());

  it("reads the signature from session metadata, symbolic dims included", async () => {
    const sig = await ex.load("markov_lm.onnx");
    expect(sig.inputs).toEqual([{ name: "input_ids", dtype: "int64", shape: ["batch", "sequence"] }]);
    expect(sig.outputs).toEqual([{ name: "logits", dtype: "float32", shape: ["batch", "sequence", 16] }]);
  });

  it("widens int32 ids to int64 and returns the same logits as an int64 feed", async () => {
    const a = await ex.run("markov_lm.onnx", { input_ids: ids32([2, 3], [0, 2, 3, 4, 5, 2]) });
    const b = await ex.run("markov_lm.onnx", { input_ids: ids64([2, 3], [0, 2, 3, 4, 5, 2]) });
    const la = a.logits!;
    expect(la.dtype).toBe("float32");
    expect(la.dims).toEqual([2, 3, 16]);
    expect(Array.from(la.data as Float32Array)).toEqual(Array.from(b.logits!.data as Float32Array));
    // logits are log-probabilities of the next token: each row log-sum-exps to 0
    const d = la.data as Float32Array;
    for (let r = 0; r < 6; r++) {
      let z = 0;
      for (let v = 0; v < 16; v++) z += Math.exp(d[r * 16 + v]!);
      expect(z).toBeCloseTo(1, 5);
    }
    // the same token (2) at [0,1] and [1,2] has the same row
    expect(Array.from(d.subarray(16, 32))).toEqual(Array.from(d.subarray(5 * 16, 6 * 16)));
  });

  it("narrows float64 feeds for float32 inputs and can fetch a subset of outputs", async () => {
    const sig = await ex.load("gmm_denoiser.onnx");
    expect(sig.inputs.map((i) => i.name)).toEqual(["x", "sigma"]);
    const x64 = makeTensor("float64", [2, 2], Float64Array.from([0.5, -1, 2, 3]));
    const s64 = makeTensor("float64", [2], Float64Array.from([1, 0.5]));
    const x32 = makeTensor("float32", [2, 2], Float32Array.from([0.5, -1, 2, 3]));
    const s32 = makeTensor("float32", [2], Float32Array.from([1, 0.5]));
    const a = await ex.run("gmm_denoiser.onnx", { x: x64, sigma: s64 }, ["denoised"]);
    const b = await ex.run("gmm_denoiser.onnx", { x: x32, sigma: s32 });
    expect(Object.keys(a)).toEqual(["denoised"]);
    expect(Array.from(a.denoised!.data as Float32Array)).toEqual(Array.from(b.denoised!.data as Float32Array));
  });

  it("one session per resolved path; calls and time inside run are counted per model id", async () => {
    const before = ex.stats().get("markov_lm.onnx")!.calls;
    await ex.run("./markov_lm.onnx", { input_ids: ids32([1, 1], [0]) });
    await ex.run({ id: "lm", path: LM }, { input_ids: ids32([1, 1], [0]) });
    await ex.run({ id: "lm", path: "markov_lm.onnx" }, { input_ids: ids32([1, 1], [0]) });
    const stats = ex.stats();
    expect(stats.get("markov_lm.onnx")!.calls).toBe(before);
    expect(stats.get("./markov_lm.onnx")!.calls).toBe(1);
    const lm = stats.get("lm")!;
    expect(lm.model).toBe("lm");
    expect(lm.calls).toBe(2); // two spellings of the file, one id
    expect(lm.runMs).toBeGreaterThan(0);
    expect(lm.loadMs).toBeGreaterThan(0);
    // three spellings, one session: every id reports that session's load time
    expect(new Set(["markov_lm.onnx", "./markov_lm.onnx", "lm"].map((id) => stats.get(id)!.loadMs)).size).toBe(1);
  });

  it("a feed array rewritten between calls is read afresh (reused ORT tensors hold no stale data)", async () => {
    const data = Int32Array.from([0, 2, 3]);
    const feed = makeTensor("int32", [1, 3], data);
    const direct = makeTensor("int64", [1, 3], BigInt64Array.from([0n, 2n, 3n]));
    const a = (await ex.run("markov_lm.onnx", { input_ids: feed })).logits!;
    data.set([0, 5, 9]);
    const b = (await ex.run("markov_lm.onnx", { input_ids: feed })).logits!;
    const c = (await ex.run("markov_lm.onnx", { input_ids: ids64([1, 3], [0, 5, 9]) })).logits!;
    expect(Array.from(b.data as Float32Array)).toEqual(Array.from(c.data as Float32Array));
    expect(Array.from(a.data as Float32Array)).not.toEqual(Array.from(b.data as Float32Array));
    const d0 = (await ex.run("markov_lm.onnx", { input_ids: direct })).logits!;
    direct.data.set([0n, 5n, 9n]);
    const d1 = (await ex.run("markov_lm.onnx", { input_ids: direct })).logits!;
    expect(Array.from(d0.data as Float32Array)).toEqual(Array.from(a.data as Float32Array));
    expect(Array.from(d1.data as Float32Array)).toEqual(Array.from(c.data as Float32Array));
  });

  it("reports missing, unknown, misshapen and mistyped inputs clearly", async () => {
    await expect(ex.run("markov_lm.onnx", {})).rejects.toThrow(/missing input "input_ids"/);
    await expect(
      ex.run("markov_lm.onnx", { input_ids: ids32([1, 1], [0]), extra: ids32([1], [0]) }),
    ).rejects.toThrow(/no input "extra"/);
    await expect(ex.run("markov_lm.onnx", { input_ids: ids32([3], [0, 1, 2]) })).rejects.toThrow(
      /dims \[3\], model declares \[batch, sequence\]/,
    );
    await expect(
      ex.run("markov_lm.onnx", { input_ids: makeTensor("float32", [1, 1], Float32Array.of(0)) }),
    ).rejects.toThrow(/is int64, got a float32 tensor/);
    await expect(ex.run("markov_lm.onnx", { input_ids: ids32([1, 1], [0]) }, ["nope"])).rejects.toThrow(
      /no output "nope"/,
    );
    await expect(ex.load("does_not_exist.onnx")).rejects.toThrow(/cannot load model does_not_exist.onnx/);
    // the executor still works after errors
    const ok = await ex.run("markov_lm.onnx", { input_ids: ids32([1, 1], [0]) });
    expect(ok.logits!.dims).toEqual([1, 1, 16]);
  });

  it("concurrent runs with pooled conversion buffers do not corrupt each other", async () => {
    const feeds = Array.from({ length: 40 }, (_, k) => ids32([1, 4], [k % 16, (k + 3) % 16, 2, (5 * k) % 16]));
    const seq: Tensor[] = [];
    for (const f of feeds) seq.push((await ex.run("markov_lm.onnx", { input_ids: f })).logits!);
    const par = await Promise.all(feeds.map((f) => ex.run("markov_lm.onnx", { input_ids: f })));
    par.forEach((r, k) => expect(Array.from(r.logits!.data as Float32Array)).toEqual(Array.from(seq[k]!.data as Float32Array)));
  });

  it("native memory stays flat over many calls (RSS growth < 100 MB for 2000 × 256 KB outputs)", async () => {
    const feed = ids32([64, 64], Array.from({ length: 4096 }, (_, i) => i % 16));
    for (let i = 0; i < 200; i++) await ex.run("markov_lm.onnx", { input_ids: feed });
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < 2000; i++) await ex.run("markov_lm.onnx", { input_ids: feed });
    const grown = (process.memoryUsage().rss - rss0) / 2 ** 20;
    // A leaked output would add 2000 × 0.25 MB = 500 MB.
    expect(grown).toBeLessThan(100);
  });

  it("rejects use after close", async () => {
    const ex2 = new OrtExecutor({ baseDir: MODELS });
    await ex2.run("markov_lm.onnx", { input_ids: ids32([1, 1], [0]) });
    await ex2.close();
    await expect(ex2.run("markov_lm.onnx", { input_ids: ids32([1, 1], [0]) })).rejects.toThrow(/closed/);
    expect(ex2.stats().get("markov_lm.onnx")!.calls).toBe(1); // stats survive close for the summary
  });
});
