import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { lowerSource, root, runProcedure } from "../helpers/examples.js";
import type { RValue } from "../../src/runtime/interpreter/values.js";

/** What each example must produce for a batch of 4 (exact distributions are tested in test/stdlib). */
const expectations: Record<string, (v: RValue) => void> = {
  gmm_sample: (v) => expectLatent(v, 2),
  flowmap_fewstep: (v) => expectLatent(v, 2),
  cfg_guidance: (v) => expectLatent(v, 2),
  ar_generate: (v) => expectTokens(v, { maxLength: 64, vocab: 76, eos: 0 }),
  speculative: (v) => expectTokens(v, { maxLength: 32, vocab: 16, eos: 1 }),
  masked_diffusion: (v) => expectTokens(v, { exactLength: 16, vocab: 16 }),
  block_diffusion: (v) => expectTokens(v, { exactLength: 64, vocab: 16 }),
};

function expectLatent(v: RValue, dim: number): void {
  expect(v.kind).toBe("tensor");
  if (v.kind !== "tensor") return;
  expect(v.inner).toEqual([dim]);
  expect(v.data.length).toBe(4 * dim);
  expect(Array.from(v.data).every(Number.isFinite)).toBe(true);
}

function expectTokens(v: RValue, o: { maxLength?: number; exactLength?: number; vocab: number; eos?: number }): void {
  expect(v.kind).toBe("tokens");
  if (v.kind !== "tokens") return;
  expect(v.seqs).toHaveLength(4);
  for (const s of v.seqs) {
    if (o.exactLength !== undefined) expect(s.length).toBe(o.exactLength);
    if (o.maxLength !== undefined) expect(s.length).toBeLessThanOrEqual(o.maxLength);
    // Every id is a real token (no mask ids left), and generation stops right after eos.
    for (const id of s) expect(id >= 0 && id < o.vocab).toBe(true);
    if (o.eos !== undefined && o.maxLength !== undefined && s.length < o.maxLength) expect(s[s.length - 1]).toBe(o.eos);
  }
}

describe("interpreter end to end", () => {
  for (const [ex, check] of Object.entries(expectations)) {
    it(`runs ${ex}`, async () => {
      const ir = lowerSource(resolve(root, "examples", `${ex}.infer`));
      check(await runProcedure(ir, { batch: 4 }));
    });
  }
});
