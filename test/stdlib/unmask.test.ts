/**
 * Must show (masked diffusion, 20,000 samples each against exact probabilities):
 * - one-token-per-step unmasking on markov_mdm (L = 3, steps(3)) samples the exact joint of the
 *   chain for the orders "random", "confidence" and "entropy" (the commit order is a function of
 *   the distributions before sampling, or of independent uniforms): TV within the noise bound;
 * - LLaDA's "sampled_confidence" order is biased even at one token per step (hazard R6): its
 *   empirical distribution matches the exact output distribution of that rule (enumerated below)
 *   and lies far outside the noise bound of the true joint;
 * - committing all positions in one step samples the product of marginals;
 * - poker_mdm: two steps are exact, one step gives a valid pair with probability 1/4, and the
 *   τ = 0.9 threshold rule commits only the forced top-1 token per step, so it stays valid.
 * TV bounds: truth/discrete.ts tvNoiseBound with δ = 1e-6.
 */
import { describe, expect, it } from "vitest";
import { MDM_MASK, MDM_PI0, MDM_Q, MDM_STATES, POKER_PAIRS } from "../../src/zoo/models/markov_params.js";
import { empiricalMap, tvMap, tvNoiseBound } from "../../src/zoo/truth/discrete.js";
import { maskedPosteriorMarginals, sequenceDistribution } from "../../src/zoo/truth/markov.js";
import { runFile, sequences } from "./helpers.js";

const N = 20_000;
const L = 3;
const JOINT = sequenceDistribution(MDM_PI0, MDM_Q, L);

/**
 * Exact output distribution of one-token-per-step unmasking with order "sampled_confidence":
 * every masked position i draws x_i from its posterior marginal m_i; the position whose draw has
 * the largest m_i(x_i) is committed (ties: lower position, as the runtime's selectTopN).
 */
function sampledConfidenceDist(len: number): Map<string, number> {
  const out = new Map<string, number>();
  const rec = (ids: number[], p: number) => {
    const masked = ids.flatMap((v, i) => (v === MDM_MASK ? [i] : []));
    if (masked.length === 0) {
      const k = ids.join(",");
      out.set(k, (out.get(k) ?? 0) + p);
      return;
    }
    const m = maskedPosteriorMarginals(MDM_PI0, MDM_Q, ids, MDM_MASK);
    for (const i of masked)
      for (let v = 0; v < MDM_STATES; v++) {
        const s = m[i]![v]!;
        let pr = s;
        for (const j of masked) {
          if (j === i) continue;
          let below = 0;
          for (let w = 0; w < MDM_STATES; w++) if (m[j]![w]! < s || (m[j]![w]! === s && j > i)) below += m[j]![w]!;
          pr *= below;
        }
        if (pr > 0) rec(ids.map((x, k) => (k === i ? v : x)), p * pr);
      }
  };
  rec(new Array<number>(len).fill(MDM_MASK), 1);
  return out;
}

/** Product of the all-masked posterior marginals (what one parallel step samples). */
function productDist(len: number): Map<string, number> {
  const m = maskedPosteriorMarginals(MDM_PI0, MDM_Q, new Array<number>(len).fill(MDM_MASK), MDM_MASK);
  const out = new Map<string, number>();
  const rec = (pre: number[], p: number) => {
    if (pre.length === len) return void out.set(pre.join(","), p);
    for (let v = 0; v < MDM_STATES; v++) rec([...pre, v], p * m[pre.length]![v]!);
  };
  rec([], 1);
  return out;
}

async function chain(n: number, order: string, seed: number): Promise<Map<string, number>> {
  const seqs = sequences(await runFile("unmask.infer", "chain", { L, n, order }, { batch: N, seed }));
  expect(seqs.every((s) => s.length === L && s.every((v) => v >= 0 && v < MDM_STATES))).toBe(true);
  return empiricalMap(seqs.map((s) => s.join(",")));
}

describe("markov_mdm, L = 3: one token per step", () => {
  const bound = tvNoiseBound(JOINT, N);
  ["random", "confidence", "entropy"].forEach((order, k) => {
    it(`order "${order}": exact joint (TV within the noise bound)`, async () => {
      const d = tvMap(await chain(L, order, 41 + k), JOINT);
      console.log(`markov_mdm L=3 steps(3) order ${order}: TV ${d.toFixed(4)} (bound ${bound.toFixed(4)}, ${JOINT.size} outcomes)`);
      expect(d).toBeLessThan(bound);
    });
  });

  it(`order "sampled_confidence" is biased (R6): matches its own exact output distribution, not the joint`, async () => {
    const biased = sampledConfidenceDist(L);
    const exactGap = tvMap(biased, JOINT);
    const emp = await chain(L, "sampled_confidence", 44);
    const dBiased = tvMap(emp, biased);
    const dJoint = tvMap(emp, JOINT);
    console.log(`markov_mdm L=3 sampled_confidence: exact TV(rule, joint) = ${exactGap.toFixed(4)}; empirical TV to the rule's distribution ${dBiased.toFixed(4)} (bound ${tvNoiseBound(biased, N).toFixed(4)}), to the joint ${dJoint.toFixed(4)} (bound ${bound.toFixed(4)})`);
    expect(dBiased).toBeLessThan(tvNoiseBound(biased, N));
    expect(dJoint).toBeGreaterThan(bound);
  });

  it("one parallel step samples the product of marginals, far from the joint", async () => {
    const product = productDist(L);
    const emp = await chain(1, "confidence", 45);
    const dProduct = tvMap(emp, product);
    const dJoint = tvMap(emp, JOINT);
    console.log(`markov_mdm L=3 steps(1): TV to product ${dProduct.toFixed(4)} (bound ${tvNoiseBound(product, N).toFixed(4)}), to joint ${dJoint.toFixed(4)} (exact ${tvMap(product, JOINT).toFixed(4)})`);
    expect(dProduct).toBeLessThan(tvNoiseBound(product, N));
    expect(dJoint).toBeGreaterThan(bound);
  });
});

describe("poker_mdm (uniform over 4 valid pairs, no shared words)", () => {
  const valid = new Map<string, number>(POKER_PAIRS.map(([a, b]) => [`${a},${b}`, 1 / POKER_PAIRS.length]));
  const pairs = async (proc: string, args: Record<string, unknown>, seed: number) =>
    sequences(await runFile("unmask.infer", proc, args, { batch: N, seed })).map((s) => s.join(","));

  it("two steps (one token each): exact, uniform over the valid pairs", async () => {
    for (const order of ["confidence", "random"]) {
      const s = await pairs("pair", { n: 2, order }, 46);
      const d = tvMap(empiricalMap(s), valid);
      console.log(`poker_mdm 2 steps (${order}): TV ${d.toFixed(4)} (bound ${tvNoiseBound(valid, N).toFixed(4)})`);
      expect(s.every((k) => valid.has(k))).toBe(true);
      expect(d).toBeLessThan(tvNoiseBound(valid, N));
    }
  });

  it("one step (both tokens at once): a valid pair with probability 1/4", async () => {
    const s = await pairs("pair", { n: 1 }, 47);
    const frac = s.filter((k) => valid.has(k)).length / N;
    const se = Math.sqrt((0.25 * 0.75) / N);
    console.log(`poker_mdm 1 step: valid fraction ${frac.toFixed(4)} (exact 0.25 ± ${se.toFixed(4)})`);
    expect(Math.abs(frac - 0.25)).toBeLessThan(5 * se);
  });

  it("threshold τ = 0.9: only the forced top-1 commits per step, so every pair is valid", async () => {
    const s = await pairs("pair_threshold", { tau: 0.9 }, 48);
    expect(s.every((k) => valid.has(k))).toBe(true);
  });
});
