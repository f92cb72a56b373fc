/**
 * Block diffusion (BD3-LM): expand by blocks of 2, unmask one token per step inside the block.
 * One token per model call samples the exact joint, so the first 3 tokens follow the chain
 * (TV within the sampling-noise bound, 20,000 samples). With a KV cache of committed blocks the
 * sampler must be the same sampler: the model is fed only the positions after the cached committed
 * prefix, and the samples agree with the uncached run from the same seed.
 */
import { describe, expect, it } from "vitest";
import { MDM_PI0, MDM_Q } from "../../src/zoo/models/markov_params.js";
import { sequenceDistribution } from "../../src/zoo/truth/markov.js";
import { empiricalMap, tvMap, tvNoiseBound } from "../../src/zoo/truth/discrete.js";
import { RecordingBackend, runFile, sequences } from "./helpers.js";

const N = 20_000;

describe("block diffusion with a cache of committed blocks", () => {
  it("samples the exact chain, feeds only uncommitted positions, and matches the uncached sampler", async () => {
    const rec = new RecordingBackend();
    const cached = sequences(await runFile("blocks.infer", "with_cache", {}, { batch: N, seed: 9 }, rec));
    await rec.close();
    const plain = sequences(await runFile("blocks.infer", "without_cache", {}, { batch: N, seed: 9 }));
    // Exactness of the sampler: the first 3 tokens against the chain's exact distribution.
    const exact = sequenceDistribution(MDM_PI0, MDM_Q, 3);
    const d = tvMap(empiricalMap(cached.map((s) => s.slice(0, 3).join(","))), exact);
    const bound = tvNoiseBound(exact, N);
    console.log(`block diffusion with cache: TV of tokens 1-3 ${d.toFixed(4)} (bound ${bound.toFixed(4)})`);
    expect(d).toBeLessThan(bound);
    // The cache holds committed positions only. The second step of a block always resumes after
    // the earlier blocks (2 new positions); the first step of a block also recomputes the previous
    // block when its last commit came after the cache was written (random order), so ≤ 4.
    const fed = rec.calls.filter((c) => c.model === "cached").map((c) => c.dims["input_ids"]![1]!);
    expect(fed).toHaveLength(6);
    expect(fed.filter((_, i) => i % 2 === 1)).toEqual([2, 2, 2]);
    expect(fed.every((n) => n === 2 || n === 4)).toBe(true);
    expect(fed.reduce((a, b) => a + b, 0)).toBeLessThan(2 + 2 + 4 + 4 + 6 + 6); // what full recomputation feeds
    // Same sampler as without the cache (float32 differences may flip a draw at a boundary).
    const same = cached.filter((s, i) => s.join() === plain[i]!.join()).length;
    expect(same / N).toBeGreaterThan(0.999);
  });
});
