import { existsSync } from "node:fs";
import { resolve } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { discoverKvLayout, KvCache, unpaddedStepFeeds } from "../../src/runtime/kvcache.js";
import { TokenKvCache } from "../../src/runtime/tokenKvCache.js";
import { fillUniform } from "../../src/runtime/rng/philox.js";
import { sampleLogitsRows } from "../../src/runtime/sampling/categorical.js";
import { OrtExecutor, type ModelSignature } from "../../src/runtime/session.js";
import { makeTensor, type Tensor } from "../../src/runtime/tensor.js";

const MODELS = resolve(import.meta.dirname, "../../examples/models");
const haveKv = existsSync(resolve(MODELS, "markov_lm_kv.onnx")) && existsSync(resolve(MODELS, "markov_lm.onnx"));

/** A GPT-2-style signature with 2 layers, attention mask, position ids and a merged-decoder flag. */
const gpt2Sig: ModelSignature = {
  inputs: [
    { name: "input_ids", dtype: "int64", shape: ["batch", "seq"] },
    { name: "attention_mask", dtype: "int64", shape: ["batch", "total"] },
    { name: "position_ids", dtype: "int64", shape: ["batch", "seq"] },
    { name: "use_cache_branch", dtype: "bool", shape: [1] },
    ...[0, 1].flatMap((i) => [
      { name: `past_key_values.${i}.key`, dtype: "float32" as const, shape: ["batch", 2, "past", 3] },
      { name: `past_key_values.${i}.value`, dtype: "float32" as const, shape: ["batch", 2, "past", 3] },
    ]),
  ],
  outputs: [
    { name: "logits", dtype: "float32", shape: ["batch", "seq", 5] },
    ...[0, 1].flatMap((i) => [
      { name: `present.${i}.key`, dtype: "float32" as const, shape: ["batch", 2, "total", 3] },
      { name: `present.${i}.value`, dtype: "float32" as const, shape: ["batch", 2, "total", 3] },
    ]),
  ],
};

/** Fake "model": present = concat(past, marker) along seq, marker = 100·layer + 10·row + step. */
function fakePresent(cache: KvCache, n: number, step: number): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  cache.layout.tensors.forEach((s, i) => {
    const past = cache.tensors[i]!;
    const [B, H, S, D] = past.dims as [number, number, number, number];
    const data = new Float32Array(B * H * (S + n) * D);
    for (let b = 0; b < B; b++)
      for (let h = 0; h < H; h++)
        for (let t = 0; t < S + n; t++)
          for (let d = 0; d < D; d++)
            data[((b * H + h) * (S + n) + t) * D + d] =
              t < S ? (past.data as Float32Array)[((b * H + h) * S + t) * D + d]! : 100 * s.layer + 10 * b + step;
    out[s.present] = makeTensor("float32", [B, H, S + n, D], data);
  });
  return out;
}

describe("discoverKvLayout", () => {
  it("finds layers, heads, head size and the auxiliary inputs", () => {
    const L = discoverKvLayout(gpt2Sig)!;
    expect(L.numLayers).toBe(2);
    expect(L.numHeads).toBe(2);
    expect(L.headDim).toBe(3);
    expect(L.tensors.map((t) => `${t.past}->${t.present}@${t.seqAxis}`)).toEqual([
      "past_key_values.0.key->present.0.key@2",
      "past_key_values.0.value->present.0.value@2",
      "past_key_values.1.key->present.1.key@2",
      "past_key_values.1.value->present.1.value@2",
    ]);
    expect(L.attentionMask?.name).toBe("attention_mask");
    expect(L.positionIds?.name).toBe("position_ids");
    expect(L.useCacheBranch?.name).toBe("use_cache_branch");
  });

  it("returns null without past inputs and honours custom %d patterns", () => {
    expect(discoverKvLayout({ inputs: [gpt2Sig.inputs[0]!], outputs: [] })).toBeNull();
    const sig: ModelSignature = {
      inputs: [{ name: "cache_k_0", dtype: "float32", shape: ["b", "s", 4] }, { name: "cache_v_0", dtype: "float32", shape: ["b", "s", 4] }],
      outputs: [{ name: "new_k_0", dtype: "float32", shape: ["b", "t", 4] }, { name: "new_v_0", dtype: "float32", shape: ["b", "t", 4] }],
    };
    const L = discoverKvLayout(sig, {
      patterns: { pastKey: "cache_k_%d", pastValue: "cache_v_%d", presentKey: "new_k_%d", presentValue: "new_v_%d" },
    })!;
    expect(L.tensors[0]!.seqAxis).toBe(1); // the only symbolic non-batch axis
    expect(L.numHeads).toBeUndefined();
  });

  it("explains incomplete caches and unresolved symbolic dims", () => {
    const noPresent = { inputs: gpt2Sig.inputs, outputs: gpt2Sig.outputs.filter((o) => o.name !== "present.1.value") };
    expect(() => discoverKvLayout(noPresent)).toThrow(/"past_key_values.1.value" has no matching output "present.1.value"/);
    const gap = { inputs: gpt2Sig.inputs.filter((i) => !i.name.startsWith("past_key_values.0")), outputs: gpt2Sig.outputs };
    expect(() => discoverKvLayout(gap)).toThrow(/numbered 0..0; found 1/);
    const sym: ModelSignature = {
      inputs: [
        { name: "past_key_values.0.key", dtype: "float32", shape: ["batch", "heads", "past", 8] },
        { name: "past_key_values.0.value", dtype: "float32", shape: ["batch", "heads", "past", 8] },
      ],
      outputs: [
        { name: "present.0.key", dtype: "float32", shape: ["batch", "heads", "total", 8] },
        { name: "present.0.value", dtype: "float32", shape: ["batch", "heads", "total", 8] },
      ],
    };
    expect(() => discoverKvLayout(sym)).toThrow(/symbolic dim "heads"/);
    expect(discoverKvLayout(sym, { dims: { heads: 4 } })!.numHeads).toBe(4);
  });
});

describe("KvCache bookkeeping (synthetic layout)", () => {
  const L = discoverKvLayout(gpt2Sig)!;

  it("empty cache has past length 0 and the declared static dims", () => {
    const c = KvCache.empty(L, 3);
    expect(c.tensors.map((t) => t.dims)).toEqual(Array(4).fill([3, 2, 0, 3]));
    expect(c.bytes).toBe(0);
    const f = c.stepFeeds(2);
    expect(f["past_key_values.1.value"]!.dims).toEqual([3, 2, 0, 3]);
    expect(Array.from(f.attention_mask!.data as BigInt64Array)).toEqual(Array(6).fill(1n));
    expect(Array.from(f.position_ids!.data as BigInt64Array)).toEqual([0n, 1n, 0n, 1n, 0n, 1n]);
    expect(f.use_cache_branch!.dtype).toBe("bool");
    expect(Array.from(f.use_cache_branch!.data as Uint8Array)).toEqual([0]);
  });

  it("threads mask and positions through a left-padded prefill and decode steps (HF convention)", () => {
    let c = KvCache.empty(L, 2);
    const prefillMask = [0, 1, 1, /**/ 1, 1, 1]; // row 0's prompt is one shorter: left pad
    const f0 = c.stepFeeds(3, prefillMask);
    expect(Array.from(f0.position_ids!.data as BigInt64Array)).toEqual([1n, 0n, 1n, 0n, 1n, 2n]);
    c = c.advance(fakePresent(c, 3, 0), 3, prefillMask);
    expect(c.pastLength).toBe(3);
    expect(Array.from(c.realLengths())).toEqual([2, 3]);
    const f1 = c.stepFeeds(1);
    expect(Array.from(f1.attention_mask!.data as BigInt64Array)).toEqual([0n, 1n, 1n, 1n, 1n, 1n, 1n, 1n]);
    expect(Array.from(f1.position_ids!.data as BigInt64Array)).toEqual([2n, 3n]);
    expect(Array.from(f1.use_cache_branch!.data as Uint8Array)).toEqual([1]);
    c = c.advance(fakePresent(c, 1, 1), 1);
    expect(c.tensors[2]!.dims).toEqual([2, 2, 4, 3]);
  });

  it("advance rejects outputs that are not the past grown by the step", () => {
    const c = KvCache.empty(L, 1);
    const out = fakePresent(c, 2, 0);
    expect(() => c.advance(out, 1)).toThrow(/expected float32\[1,2,1,3\]/);
    const { ["present.0.key"]: _drop, ...missing } = out;
    expect(() => c.advance(missing, 2)).toThrow(/"present.0.key" is missing/);
  });

  it("selectRows gathers rows (any order) and concat left-pads shorter pasts", () => {
    let c = KvCache.empty(L, 3);
    c = c.advance(fakePresent(c, 2, 0), 2);
    const s = c.selectRows([2, 0]);
    expect(s.batch).toBe(2);
    const k1 = s.tensors[2]!.data as Float32Array; // layer 1 key, [2,2,2,3]
    expect(k1[0]).toBe(100 + 20); // was row 2
    expect(k1[12]).toBe(100 + 0); // was row 0
    let d = KvCache.empty(L, 1);
    d = d.advance(fakePresent(d, 1, 7), 1); // past length 1
    const cat = KvCache.concat([s, d]);
    expect(cat.batch).toBe(3);
    expect(cat.pastLength).toBe(2);
    expect(Array.from(cat.mask)).toEqual([1, 1, 1, 1, 0, 1]);
    const k = cat.tensors[0]!.data as Float32Array; // layer 0 key [3,2,2,3]
    // row 2 (from d), head 0: position 0 is padding (0), position 1 holds d's marker 7
    expect(Array.from(k.subarray(24, 30))).toEqual([0, 0, 0, 7, 7, 7]);
    expect(Array.from(cat.stepFeeds(1).position_ids!.data as BigInt64Array)).toEqual([2n, 2n, 1n]);
    expect(() => c.selectRows([3])).toThrow(/outside batch/);
  });
});

describe("KvCache: unpadded fast path, truncate, pattern pairs", () => {
  const L = discoverKvLayout(gpt2Sig)!;
  const i64 = (t: Tensor | undefined) => Array.from(t!.data as BigInt64Array, Number);

  it("an unpadded cache feeds what an explicit all-ones mask feeds", () => {
    let plain = KvCache.empty(L, 2);
    let masked = KvCache.empty(L, 2);
    for (const [n, step] of [[3, 0], [1, 1], [2, 2]] as const) {
      const a = plain.stepFeeds(n);
      const b = masked.stepFeeds(n, new Array(2 * n).fill(1));
      for (const name of ["attention_mask", "position_ids", "use_cache_branch"]) {
        expect(a[name]!.dims).toEqual(b[name]!.dims);
        expect(Array.from(a[name]!.data as ArrayLike<unknown>)).toEqual(Array.from(b[name]!.data as ArrayLike<unknown>));
      }
      plain = plain.advance(fakePresent(plain, n, step), n);
      masked = masked.advance(fakePresent(masked, n, step), n, new Array(2 * n).fill(1));
    }
    expect(plain.padded).toBe(false);
    expect(Array.from(plain.mask)).toEqual(new Array(12).fill(1));
    expect(Array.from(plain.realLengths())).toEqual([6, 6]);
    expect(unpaddedStepFeeds(L, 2, 6, 1)["position_ids"]!.dims).toEqual([2, 1]);
    expect(i64(unpaddedStepFeeds(L, 2, 6, 1)["position_ids"])).toEqual([6, 6]);
    expect(i64(unpaddedStepFeeds(L, 1, 0, 3)["attention_mask"])).toEqual([1, 1, 1]);
  });

  it("truncate keeps the first positions of every row and of the mask", () => {
    let c = KvCache.empty(L, 2);
    const mask = [0, 1, 1, 1, 1, 1];
    c = c.advance(fakePresent(c, 3, 0), 3, mask);
    c = c.advance(fakePresent(c, 1, 1), 1);
    const t = c.truncate(2);
    expect(t.pastLength).toBe(2);
    expect(t.tensors[0]!.dims).toEqual([2, 2, 2, 3]);
    // row 1, head 1, positions 0..1 of layer 0 key: both written at step 0 (marker 10·1 + 0)
    const k = t.tensors[0]!.data as Float32Array;
    expect(Array.from(k.subarray(18, 24))).toEqual(new Array(6).fill(10));
    expect(Array.from(t.mask)).toEqual([0, 1, 1, 1]);
    expect(c.truncate(4)).toBe(c);
    expect(() => c.truncate(5)).toThrow(/cannot truncate/);
  });

  it("a list of pattern pairs (as a plan binds them) finds the same tensors", () => {
    const pairs = [{ past: "past_key_values.%d.key", present: "present.%d.key" }, { past: "past_key_values.%d.value", present: "present.%d.value" }];
    const P = discoverKvLayout(gpt2Sig, { patterns: pairs })!;
    expect(P.tensors.map((t) => [t.past, t.present])).toEqual(L.tensors.map((t) => [t.past, t.present]));
    expect(P.tensors[0]!.kind).toBe("past_key_values.%d.key");
  });
});

describe("TokenKvCache: reuse only over the prefix that still matches", () => {
  const L = discoverKvLayout(gpt2Sig)!;
  const seq = (...ids: number[]) => Int32Array.from(ids);
  /** A cache of `rows` (samples → tokens), built by one step from empty. */
  function step(cache: TokenKvCache, samples: number[], seqs: Int32Array[], marker: number): KvCache {
    const kv = cache.resume(samples, seqs);
    const n = seqs[0]!.length - kv.pastLength;
    cache.record(kv.advance(fakePresent(kv, n, marker), n), samples, seqs);
    return kv;
  }

  it("resumes the same rows, selects a subset, and cuts back to the common prefix", () => {
    const c = new TokenKvCache(L);
    expect(step(c, [7, 8, 9], [seq(0, 1, 2), seq(0, 3, 4), seq(0, 5, 6)], 0).pastLength).toBe(0);
    // same rows, one token longer each: everything reused
    const kv = c.resume([7, 8, 9], [seq(0, 1, 2, 9), seq(0, 3, 4, 9), seq(0, 5, 6, 9)]);
    expect(kv.pastLength).toBe(3);
    expect(kv.batch).toBe(3);
    // sample 8 finished: rows 9 and 7 selected, in the order asked for
    const sub = c.resume([9, 7], [seq(0, 5, 6, 1), seq(0, 1, 2, 1)]);
    expect(sub.batch).toBe(2);
    expect((sub.tensors[0]!.data as Float32Array)[0]).toBe(20); // fakePresent marker of old row 2
    // a rejected draft: sample 7's sequence now differs at position 2, so only 2 positions are reused
    expect(c.resume([7], [seq(0, 1, 5, 5)]).pastLength).toBe(2);
    // at most len − 1 positions, so the step computes one
    expect(c.resume([7], [seq(0, 1, 2)]).pastLength).toBe(2);
    // an unknown sample, or nothing shared: start empty
    expect(c.resume([7, 10], [seq(0, 1, 2, 3), seq(0, 1, 2, 3)]).pastLength).toBe(0);
    expect(c.resume([7], [seq(4, 1, 2, 3)]).pastLength).toBe(0);
  });

  it("rows of different lengths decoded in separate calls are resumed together and exactly", () => {
    const c = new TokenKvCache(L);
    step(c, [0, 1, 2, 3], [seq(0, 1), seq(0, 2), seq(0, 3), seq(0, 4)], 0);
    // two groups of different lengths (samples 0, 2 grew by 2; 1, 3 by 1)
    step(c, [0, 2], [seq(0, 1, 5, 6), seq(0, 3, 5, 6)], 1);
    step(c, [3, 1], [seq(0, 4, 7), seq(0, 2, 7)], 2);
    // now all four at one length again: rows come from both segments, cut to the common 3
    const kv = c.resume([1, 0, 3, 2], [seq(0, 2, 7, 8), seq(0, 1, 5, 8), seq(0, 4, 7, 8), seq(0, 3, 5, 8)]);
    expect(kv.pastLength).toBe(3);
    expect(kv.padded).toBe(false);
    const k = kv.tensors[0]!.data as Float32Array; // [4, 2, 3, 3]; position 2 was written at step 1 or 2
    const at = (b: number, t: number) => k[((b * 2 + 0) * 3 + t) * 3]!;
    expect([at(0, 2), at(1, 2), at(2, 2), at(3, 2)]).toEqual([10 * 1 + 2, 10 * 0 + 1, 10 * 0 + 2, 10 * 1 + 1]);
    expect([at(0, 0), at(1, 0), at(2, 0), at(3, 0)]).toEqual([10, 0, 30, 20]); // the first step's rows
    // superseded rows are dropped: the first segment is gone, 4 rows remain
    expect(c.rows).toBe(4);
  });

  it("compacts segments whose rows are mostly superseded", () => {
    const c = new TokenKvCache(L);
    const samples = [0, 1, 2, 3, 4, 5, 6, 7];
    step(c, samples, samples.map((s) => seq(0, s)), 0);
    step(c, [0, 1, 2, 3, 4], [0, 1, 2, 3, 4].map((s) => seq(0, s, 9)), 1);
    expect(c.rows).toBe(8); // 5 new + 3 old rows compacted from 8
    expect(c.resume([6], [seq(0, 6, 9)]).pastLength).toBe(2);
    expect(c.resume([6, 0], [seq(0, 6, 9, 9), seq(0, 0, 9, 9)]).pastLength).toBe(2);
  });
});

describe.skipIf(!haveKv)("KvCache with examples/models/markov_lm_kv.onnx", () => {
  const ex = new OrtExecutor({ baseDir: MODELS });
  afterAll(() => ex.close());
  const V = 16;
  const ids = (rows: number[][]) =>
    makeTensor("int32", [rows.length, rows[0]!.length], Int32Array.from(rows.flat()));

  /** Logits of the full-prefix model at the last position of each row. */
  async function fullPrefixLast(seqs: number[][]): Promise<Float32Array> {
    const out = (await ex.run("markov_lm.onnx", { input_ids: ids(seqs) })).logits!;
    const T = seqs[0]!.length;
    const res = new Float32Array(seqs.length * V);
    seqs.forEach((_, b) => res.set((out.data as Float32Array).subarray((b * T + T - 1) * V, (b * T + T) * V), b * V));
    return res;
  }

  /** Incremental decode: prefill `prompts`, then sample `steps` tokens; compares each step. */
  async function decodeAndCompare(prompts: number[][], steps: number, seed: number) {
    const layout = discoverKvLayout(await ex.load("markov_lm_kv.onnx"))!;
    let cache = KvCache.empty(layout, prompts.length);
    const seqs = prompts.map((p) => [...p]);
    let feed = prompts;
    for (let step = 0; step <= steps; step++) {
      const n = feed[0]!.length;
      const out = await ex.run("markov_lm_kv.onnx", { input_ids: ids(feed), ...cache.stepFeeds(n) });
      cache = cache.advance(out, n);
      const logits = out.logits!.data as Float32Array;
      const last = new Float32Array(prompts.length * V);
      prompts.forEach((_, b) => last.set(logits.subarray((b * n + n - 1) * V, (b * n + n) * V), b * V));
      expect(Array.from(last)).toEqual(Array.from(await fullPrefixLast(seqs)));
      const u = new Float64Array(prompts.length);
      fillUniform(u, seed, 0, 1, step);
      const next = sampleLogitsRows(last, V, u, new Int32Array(prompts.length));
      seqs.forEach((s, b) => s.push(next[b]!));
      feed = Array.from(next, (t) => [t]);
    }
    return { cache, seqs };
  }

  it("discovers the cache of markov_lm_kv; markov_lm has none", async () => {
    const L = discoverKvLayout(await ex.load("markov_lm_kv.onnx"))!;
    expect(L.numLayers).toBe(1);
    expect(L.numHeads).toBe(1);
    expect(L.headDim).toBe(16);
    expect(L.attentionMask).toBeUndefined();
    expect(discoverKvLayout(await ex.load("markov_lm.onnx"))).toBeNull();
  });

  it("incremental decoding with the cache reproduces full-prefix logits at every step", async () => {
    const { cache, seqs } = await decodeAndCompare([[0], [0], [0]], 12, 3);
    expect(cache.pastLength).toBe(13);
    expect(seqs[0]).toHaveLength(14);
  });

  it("prefill of a multi-token prompt then decode", async () => {
    await decodeAndCompare([[0, 2, 3], [0, 4, 5]], 6, 9);
  });

  it("a cache that is not threaded through gives different logits (the test can fail)", async () => {
    const layout = discoverKvLayout(await ex.load("markov_lm_kv.onnx"))!;
    let cache = KvCache.empty(layout, 1);
    const out0 = await ex.run("markov_lm_kv.onnx", { input_ids: ids([[0, 2]]), ...cache.stepFeeds(2) });
    cache = cache.advance(out0, 2);
    const stale = KvCache.empty(layout, 1).advance(
      await ex.run("markov_lm_kv.onnx", { input_ids: ids([[0, 9]]), ...KvCache.empty(layout, 1).stepFeeds(2) }),
      2,
    );
    const good = await ex.run("markov_lm_kv.onnx", { input_ids: ids([[3]]), ...cache.stepFeeds(1) });
    const bad = await ex.run("markov_lm_kv.onnx", { input_ids: ids([[3]]), ...stale.stepFeeds(1) });
    expect(Array.from(good.logits!.data as Float32Array)).toEqual(Array.from(await fullPrefixLast([[0, 2, 3]])));
    expect(Array.from(bad.logits!.data as Float32Array)).not.toEqual(Array.from(good.logits!.data as Float32Array));
  });

  it("selectRows (finished samples dropped) and concat of per-sample caches keep decoding exact", async () => {
    const { cache, seqs } = await decodeAndCompare([[0], [0], [0]], 4, 11);
    // seqs already holds the token sampled after the last cached step; feed it next.
    const keep = [2, 0];
    const sub = cache.selectRows(keep);
    const next = keep.map((b) => [seqs[b]!.at(-1)!]);
    const a = await ex.run("markov_lm_kv.onnx", { input_ids: ids(next), ...sub.stepFeeds(1) });
    expect(Array.from(a.logits!.data as Float32Array)).toEqual(Array.from(await fullPrefixLast(keep.map((b) => seqs[b]!))));
    // split into single-row caches and stack them again in another order
    const cat = KvCache.concat([cache.selectRows([1]), cache.selectRows([2]), cache.selectRows([0])]);
    const order = [1, 2, 0];
    const b = await ex.run("markov_lm_kv.onnx", { input_ids: ids(order.map((r) => [seqs[r]!.at(-1)!])), ...cat.stepFeeds(1) });
    expect(Array.from(b.logits!.data as Float32Array)).toEqual(Array.from(await fullPrefixLast(order.map((r) => seqs[r]!))));
    expect(cat.pastLength).toBe(cache.pastLength);
    expect(cat.layout).toBe(cache.layout);
  });
});

const GPT2 = resolve(MODELS, "tiny_gpt2/model.onnx");

describe.skipIf(!existsSync(GPT2))("KvCache with examples/models/tiny_gpt2 (attention_mask, position_ids)", () => {
  const ex = new OrtExecutor({ baseDir: MODELS });
  afterAll(() => ex.close());
  const M = "tiny_gpt2/model.onnx";
  const TOL = 1e-4; // incremental vs recomputed attention differ only by float32 summation order

  async function layout() {
    return discoverKvLayout(await ex.load(M))!;
  }
  const ids = (rows: number[][]) => makeTensor("int32", [rows.length, rows[0]!.length], Int32Array.from(rows.flat()));

  /** Runs `seq` tokens through an empty cache in one call; returns logits [T, V]. */
  async function recompute(seq: number[]): Promise<Float32Array> {
    const c = KvCache.empty(await layout(), 1);
    return (await ex.run(M, { input_ids: ids([seq]), ...c.stepFeeds(seq.length) })).logits!.data as Float32Array;
  }

  function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    return m;
  }

  it("discovers 2 layers × 2 heads × 32 with mask and position inputs", async () => {
    const L = await layout();
    expect([L.numLayers, L.numHeads, L.headDim]).toEqual([2, 2, 32]);
    expect(L.attentionMask?.dtype).toBe("int64");
    expect(L.positionIds?.dtype).toBe("int64");
  });

  it("token-by-token decoding matches recomputing the whole prefix", async () => {
    const seq = [0, 5, 9, 12, 3, 40, 7, 7, 21];
    const V = (await ex.load(M)).outputs.find((o) => o.name === "logits")!.shape!.at(-1) as number;
    const full = await recompute(seq);
    let c = KvCache.empty(await layout(), 1);
    for (let t = 0; t < seq.length; t++) {
      const out = await ex.run(M, { input_ids: ids([[seq[t]!]]), ...c.stepFeeds(1) });
      c = c.advance(out, 1);
      expect(maxAbsDiff(out.logits!.data as Float32Array, full.subarray(t * V, (t + 1) * V))).toBeLessThan(TOL);
    }
  });

  it("a left-padded batch and a padded concat decode like each row alone", async () => {
    const L = await layout();
    const V = L.tensors.length > 0 ? ((await ex.load(M)).outputs.find((o) => o.name === "logits")!.shape!.at(-1) as number) : 0;
    const a = [0, 5, 9, 12];
    const b = [0, 7];
    const cont = [[3, 4], [8, 2], [1, 1]]; // three decode steps
    // Alone: each row in its own cache.
    const alone = async (p: number[], col: number) => {
      let c = KvCache.empty(L, 1);
      c = c.advance(await ex.run(M, { input_ids: ids([p]), ...c.stepFeeds(p.length) }), p.length);
      const res: Float32Array[] = [];
      for (const step of cont) {
        const out = await ex.run(M, { input_ids: ids([[step[col]!]]), ...c.stepFeeds(1) });
        c = c.advance(out, 1);
        res.push((out.logits!.data as Float32Array).slice());
      }
      return res;
    };
    const ra = await alone(a, 0);
    const rb = await alone(b, 1);
    // Batched with left padding at prefill.
    const newMask = [1, 1, 1, 1, 0, 0, 1, 1];
    let c = KvCache.empty(L, 2);
    c = c.advance(await ex.run(M, { input_ids: ids([a, [0, 0, ...b]]), ...c.stepFeeds(4, newMask) }), 4, newMask);
    // Concat of separately prefilled caches of unequal length (4 and 2).
    const ca = KvCache.empty(L, 1);
    const cb = KvCache.empty(L, 1);
    let cat = KvCache.concat([
      ca.advance(await ex.run(M, { input_ids: ids([a]), ...ca.stepFeeds(4) }), 4),
      cb.advance(await ex.run(M, { input_ids: ids([b]), ...cb.stepFeeds(2) }), 2),
    ]);
    for (let s = 0; s < cont.length; s++) {
      const feed = ids([[cont[s]![0]!], [cont[s]![1]!]]);
      const o1 = await ex.run(M, { input_ids: feed, ...c.stepFeeds(1) });
      c = c.advance(o1, 1);
      const o2 = await ex.run(M, { input_ids: feed, ...cat.stepFeeds(1) });
      cat = cat.advance(o2, 1);
      for (const o of [o1, o2]) {
        const l = o.logits!.data as Float32Array;
        expect(maxAbsDiff(l.subarray(0, V), ra[s]!)).toBeLessThan(TOL);
        expect(maxAbsDiff(l.subarray(V, 2 * V), rb[s]!)).toBeLessThan(TOL);
      }
    }
    // Sanity: the rows really differ, so a mix-up would be caught.
    expect(maxAbsDiff(ra[0]!, rb[0]!)).toBeGreaterThan(1e-2);
  });
});
