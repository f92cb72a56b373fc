/**
 * Must show (discrete samplers, 20,000 samples each against exact probabilities):
 * - sequential sampling (`sample` on markov_lm) and speculative sampling with MTP heads as the
 *   draft (`speculative_heads` on markov_lm + markov_mtp) draw windows of the chain with total
 *   variation to the exact window distribution within the sampling-noise bound
 *   (truth/discrete.ts tvNoiseBound, δ = 1e-6: a correct sampler exceeds it with probability
 *   ≤ 1e-6);
 * - committing both chain2_mtp heads at once is measurably wrong: its empirical KL from the exact
 *   joint matches the analytic mutual information I = 0.1004 nats within sampling error, while
 *   the sequential and speculative samplers are within noise of KL = 0.
 */
import { describe, expect, it } from "vitest";
import { CHAIN2_P, MARKOV_P } from "../../src/zoo/models/markov_params.js";
import { empiricalMap, klMap, mutualInformation, tvMap, tvNoiseBound } from "../../src/zoo/truth/discrete.js";
import { matPow, mtpProductKL, nextKJoint, nextTwoJoint, type Matrix } from "../../src/zoo/truth/markov.js";
import { runFile, sequences } from "./helpers.js";

const N = 20_000;

/** Exact distribution of generated tokens [from, from + k) (1-based after the start token a). */
function windowDist(P: Matrix, a: number, from: number, k: number): Map<string, number> {
  const before = from === 1 ? P.map((_, i) => (i === a ? 1 : 0)) : matPow(P, from - 1)[a]!;
  const out = new Map<string, number>();
  before.forEach((w, s) => {
    if (w === 0) return;
    for (const [key, p] of nextKJoint(P, s, k)) out.set(key, (out.get(key) ?? 0) + w * p);
  });
  return out;
}

const windowOf = (seqs: number[][], from: number, k: number) => empiricalMap(seqs.map((s) => s.slice(from, from + k).join(",")));

describe("markov_lm: 20,000 sequences of 6 tokens after BOS", () => {
  for (const proc of ["sequential", "speculative"]) {
    it(`${proc}: tokens 1–3 and 4–6 within the TV noise bound of the exact chain`, async () => {
      const seqs = sequences(await runFile("markov.infer", proc, { n: 7 }, { batch: N, seed: 31 }));
      expect(seqs.every((s) => s.length === 7 && s[0] === 0)).toBe(true);
      const rows: string[] = [];
      for (const from of [1, 4]) {
        const exact = windowDist(MARKOV_P, 0, from, 3);
        const d = tvMap(windowOf(seqs, from, 3), exact);
        const bound = tvNoiseBound(exact, N);
        rows.push(`tokens ${from}–${from + 2}: TV ${d.toFixed(4)} (bound ${bound.toFixed(4)}, ${exact.size} outcomes)`);
        expect(d).toBeLessThan(bound);
      }
      console.log(`markov_lm ${proc}: ${rows.join("; ")}`);
    });
  }
});

describe("chain2 (P = [[.1,.9],[.8,.2]], a = 0): the next two tokens", () => {
  const J = nextTwoJoint(CHAIN2_P, 0);
  const joint = new Map<string, number>();
  J.forEach((r, b) => r.forEach((p, c) => joint.set(`${b},${c}`, p)));
  // what committing both heads samples: q(b, c) = P[0,b]·P²[0,c]
  const P2 = matPow(CHAIN2_P, 2);
  const product = new Map<string, number>();
  J.forEach((r, b) => r.forEach((_, c) => product.set(`${b},${c}`, CHAIN2_P[0]![b]! * P2[0]![c]!)));
  const MI = mutualInformation(J);

  /** Empirical KL(exact joint ‖ sampled pairs) and the pairs' distribution. */
  async function pairs(proc: string, seed: number) {
    const seqs = sequences(await runFile("markov.infer", proc, { n: 3 }, { batch: N, seed }));
    expect(seqs.every((s) => s.length === 3)).toBe(true);
    const emp = windowOf(seqs, 1, 2);
    return { emp, kl: klMap(joint, emp) };
  }

  it("analytic mutual information I(X1; X2 | a = 0) = 0.1004 nats", () => {
    expect(MI.toFixed(4)).toBe("0.1004");
    expect(mtpProductKL(CHAIN2_P, 0)).toBeCloseTo(MI, 12);
  });

  it("committing both MTP heads at once: KL to the exact joint ≈ I (within 4 standard errors)", async () => {
    const { emp, kl } = await pairs("chain2_joint", 32);
    // the sampler draws the product of the head marginals exactly ...
    expect(tvMap(emp, product)).toBeLessThan(tvNoiseBound(product, N));
    // ... so KL(J ‖ p̂) estimates KL(J ‖ q) = I. Delta method: Var ≈ (Σ J²/q − 1)/n; bias ≈ Σ J(1 − q)/(2nq).
    let s2 = 0;
    let bias = 0;
    for (const [k, p] of joint) {
      const q = product.get(k)!;
      s2 += (p * p) / q;
      bias += (p * (1 - q)) / (2 * N * q);
    }
    const se = Math.sqrt((s2 - 1) / N);
    console.log(`chain2 heads committed jointly: empirical KL(joint ‖ samples) = ${kl.toFixed(4)} nats, analytic I = ${MI.toFixed(4)} ± ${se.toFixed(4)} (1 se)`);
    expect(Math.abs(kl - MI - bias)).toBeLessThan(4 * se);
    expect(kl).toBeGreaterThan(20 * se); // measurably wrong: far from 0
  });

  for (const proc of ["chain2_sequential", "chain2_speculative"]) {
    it(`${proc}: exact joint (TV within bound, KL within chi-square noise of 0)`, async () => {
      const { emp, kl } = await pairs(proc, 33);
      const d = tvMap(emp, joint);
      // 2n·KL is asymptotically χ²(3) for a correct sampler; P(χ²(3) > 30) < 1e-6
      const klBound = 30 / (2 * N);
      console.log(`${proc}: TV ${d.toFixed(4)} (bound ${tvNoiseBound(joint, N).toFixed(4)}), KL ${kl.toExponential(2)} (bound ${klBound.toExponential(2)}, vs I = ${MI.toFixed(4)} for joint heads)`);
      expect(d).toBeLessThan(tvNoiseBound(joint, N));
      expect(kl).toBeLessThan(klBound);
    });
  }
});
