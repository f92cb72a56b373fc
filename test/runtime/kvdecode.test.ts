/**
 * The interpreter's KV-cache reuse (TokenKvCache): decoding with markov_lm_kv must give exactly
 * the tokens of the full-prefix markov_lm, while feeding fewer positions — including when samples
 * finish (rows selected from the cache), when speculative drafts are rejected (the cache cut back
 * to the accepted prefix) and when rows of different lengths run in separate calls.
 */
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RValue } from "../../src/runtime/interpreter/values.js";
import { OrtExecutor, type ModelExecutor, type ModelSource } from "../../src/runtime/session.js";
import type { Tensor } from "../../src/runtime/tensor.js";
import { lowerSource, runProcedure } from "../helpers/examples.js";

const FILE = resolve(import.meta.dirname, "programs/kv.infer");

/** Wraps an executor and records, per model id, the [rows, positions] of every input_ids feed. */
class Recording implements ModelExecutor {
  readonly fed: { model: string; dims: readonly number[]; past: number }[] = [];
  constructor(private readonly inner: ModelExecutor) {}
  load(model: ModelSource) {
    return this.inner.load(model);
  }
  run(model: ModelSource, feeds: Readonly<Record<string, Tensor>>, outputs?: readonly string[]) {
    const past = feeds["past_key_values.0.key"]?.dims[2] ?? 0;
    this.fed.push({ model: typeof model === "string" ? model : model.id, dims: [...feeds["input_ids"]!.dims], past });
    return this.inner.run(model, feeds, outputs);
  }
  stats() {
    return this.inner.stats();
  }
  close() {
    return this.inner.close();
  }
  positions(model: string): number {
    return this.fed.filter((f) => f.model === model).reduce((a, f) => a + f.dims[0]! * f.dims[1]!, 0);
  }
}

const seqs = (v: RValue) => (v.kind === "tensor" ? [] : v.seqs.map((s) => Array.from(s)));

describe("KV-cache decoding in the interpreter equals full-prefix decoding", () => {
  const ex = new OrtExecutor();
  afterAll(() => ex.close());

  for (const kind of ["sequential", "speculative"] as const) {
    it(`${kind}: same tokens at batch 8 and per sample, fewer positions fed`, async () => {
      const full = lowerSource(FILE, `${kind}_full`);
      const cached = lowerSource(FILE, `${kind}_cached`);
      for (const seed of [1, 2, 3]) {
        const recFull = new Recording(ex);
        const recCached = new Recording(ex);
        const a = seqs(await runProcedure(full, { seed, batch: 8 }, recFull));
        const b = seqs(await runProcedure(cached, { seed, batch: 8 }, recCached));
        expect(b).toEqual(a);
        // Samples finish at different times (eos), so the cache had to follow a changing batch.
        expect(new Set(a.map((s) => s.length)).size).toBeGreaterThan(1);
        expect(recCached.positions("lmkv")).toBeLessThan(recFull.positions("lm") / 2);
        for (const i of [0, 5]) {
          const one = seqs(await runProcedure(cached, { seed, batch: 1, firstSample: i }));
          expect(one[0]).toEqual(a[i]);
        }
        if (kind === "speculative") {
          // A rejected draft is never reused: some call resumes from a past shorter than the
          // previous call's sequence (the cache was cut back to the accepted prefix).
          const calls = recCached.fed.filter((f) => f.model === "lmkv");
          expect(calls.some((f, k) => k > 0 && f.past > 0 && f.past < calls[k - 1]!.past + calls[k - 1]!.dims[1]! - 1)).toBe(true);
        }
      }
    });
  }
});
