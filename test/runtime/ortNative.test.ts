/**
 * The native path of OrtExecutor (src/runtime/ortNative.ts): onnxruntime-node's native session
 * called synchronously. It must be available with the pinned onnxruntime-node, agree exactly with
 * the public API (signatures, outputs, errors), and keep serving the event loop.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { openNativeSession } from "../../src/runtime/ortNative.js";
import { DETERMINISTIC_SESSION_OPTIONS, OrtExecutor } from "../../src/runtime/session.js";
import { makeTensor, type Tensor } from "../../src/runtime/tensor.js";

const MODELS = resolve(import.meta.dirname, "../../examples/models");
const ONNX = [...readdirSync(MODELS).filter((f) => f.endsWith(".onnx")), "tiny_gpt2/model.onnx"];

const ids32 = (dims: number[], v: number[]) => makeTensor("int32", dims, Int32Array.from(v));
const bits = (t: Tensor) => Array.from(new Uint32Array((t.data as Float32Array).buffer, (t.data as Float32Array).byteOffset, t.data.length));

describe("OrtExecutor's native path", () => {
  const native = new OrtExecutor({ baseDir: MODELS });
  const viaPublic = new OrtExecutor({ baseDir: MODELS, native: false });
  afterAll(async () => { await native.close(); await viaPublic.close(); });

  it("is available with the pinned onnxruntime-node, for CPU sessions only", () => {
    const s = openNativeSession(resolve(MODELS, "markov_lm.onnx"), DETERMINISTIC_SESSION_OPTIONS);
    expect(s).toBeDefined();
    s!.release();
    expect(openNativeSession(resolve(MODELS, "markov_lm.onnx"), { executionProviders: ["cuda"] })).toBeUndefined();
    expect(openNativeSession(resolve(MODELS, "missing.onnx"), DETERMINISTIC_SESSION_OPTIONS)).toBeUndefined();
  });

  it("reads the same signature as the public API, for every zoo model", async () => {
    for (const file of ONNX) expect(await native.load(file)).toEqual(await viaPublic.load(file));
  });

  it("gives the same bits as the public API, KV cache fed back included", async () => {
    const feeds = { input_ids: ids32([2, 3], [0, 2, 3, 4, 5, 2]) };
    expect(bits((await native.run("markov_lm.onnx", feeds)).logits!)).toEqual(bits((await viaPublic.run("markov_lm.onnx", feeds)).logits!));
    const x = makeTensor("float32", [3, 2], Float32Array.from([0.5, -1, 2, 3, -4, 0.25]));
    const sigma = makeTensor("float32", [3], Float32Array.from([1, 0.5, 7]));
    expect(bits((await native.run("gmm_denoiser.onnx", { x, sigma })).denoised!)).toEqual(bits((await viaPublic.run("gmm_denoiser.onnx", { x, sigma })).denoised!));
    // Two decoding steps of tiny_gpt2: the present tensors of step 1 are the past of step 2.
    const step = async (ex: OrtExecutor) => {
      const past = (n: number, from?: Record<string, Tensor>) => Object.fromEntries([0, 1].flatMap((l) => ["key", "value"].map((kv) => [
        `past_key_values.${l}.${kv}`, from ? from[`present.${l}.${kv}`]! : makeTensor("float32", [1, 2, n, 32], new Float32Array(0)),
      ])));
      const ids = (id: number, pos: number) => ({ input_ids: ids32([1, 1], [id]), attention_mask: ids32([1, pos + 1], Array(pos + 1).fill(1)), position_ids: ids32([1, 1], [pos]) });
      const first = await ex.run("tiny_gpt2/model.onnx", { ...ids(0, 0), ...past(0) });
      const second = await ex.run("tiny_gpt2/model.onnx", { ...ids(7, 1), ...past(1, first) });
      return [first.logits!, second.logits!, second["present.1.value"]!].map(bits);
    };
    expect(await step(native)).toEqual(await step(viaPublic));
  });

  it("reports a shape onnxruntime rejects as the public path does, and keeps working", async () => {
    // An attention mask longer than past + new positions: the attention MatMul fails inside onnxruntime.
    const bad = { input_ids: ids32([1, 1], [0]), attention_mask: ids32([1, 7], Array(7).fill(1)), position_ids: ids32([1, 1], [0]),
      ...Object.fromEntries([0, 1].flatMap((l) => ["key", "value"].map((kv) => [`past_key_values.${l}.${kv}`, makeTensor("float32", [1, 2, 0, 32], new Float32Array(0))]))) };
    const a = native.run("tiny_gpt2/model.onnx", bad).catch((e: Error) => e.message);
    const b = viaPublic.run("tiny_gpt2/model.onnx", bad).catch((e: Error) => e.message);
    const [ma, mb] = await Promise.all([a, b]);
    expect(ma).toMatch(/^model tiny_gpt2\/model\.onnx failed: /);
    expect(ma).toBe(mb);
    expect((await native.run("markov_lm.onnx", { input_ids: ids32([1, 1], [0]) })).logits!.dims).toEqual([1, 1, 16]);
  });

  it("returns to the event loop during long stretches of calls", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const feed = { input_ids: ids32([8, 32], Array.from({ length: 256 }, (_, i) => i % 16)) };
    const t0 = performance.now();
    while (performance.now() - t0 < 150) await native.run("markov_lm.onnx", feed);
    clearInterval(timer);
    // The executor yields at least every 20 ms of calls: a 1 ms interval fires several times.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});
