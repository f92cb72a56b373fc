/**
 * methods.md §7 worked numbers, reproduced through the ONNX models (onnxruntime-node) and the
 * ground-truth library — never by restating the numbers as snapshots of our own output.
 */
import { describe, expect, it } from "vitest";
import { GAUSS05_STD } from "../../src/zoo/models/gmm_params.js";
import { CHAIN2_P, POKER_JOINT, POKER_MASK, POKER_PAIRS } from "../../src/zoo/models/markov_params.js";
import {
  empirical,
  empiricalMap,
  klJointVsProduct,
  mutualInformation,
  speculativeAcceptance,
  speculativeOutput,
  speculativeStep,
  tv,
  tvMap,
  tvNoiseBound,
} from "../../src/zoo/truth/discrete.js";
import { ddimGain } from "../../src/zoo/truth/gaussian.js";
import { mtpProductKL, mtpSpeculativeAcceptance } from "../../src/zoo/truth/markov.js";
import { Rng } from "../../src/zoo/truth/rng.js";
import { f32, i64, run } from "./ort_helpers.js";

const exp = (a: ArrayLike<number>) => Array.from(a, Math.exp);

/** Rows P[a,·] from chain2_lm and heads (P[a,·], P²[a,·]) from chain2_mtp, read from the models. */
async function chain2FromModels(): Promise<{ P: number[][]; head1: number[][]; head2: number[][] }> {
  const lm = await run("chain2_lm.onnx", { input_ids: i64([0, 1], [1, 2]) });
  const mtp = await run("chain2_mtp.onnx", { input_ids: i64([0, 1], [1, 2]) });
  const L = exp(lm.logits!.data);
  const M = exp(mtp.logits!.data); // [1,2,2,2]: token a, head j, next c
  return {
    P: [L.slice(0, 2), L.slice(2, 4)],
    head1: [M.slice(0, 2), M.slice(4, 6)],
    head2: [M.slice(2, 4), M.slice(6, 8)],
  };
}

describe("Markov chain P = [[.1,.9],[.8,.2]], a = 0", () => {
  it("P²[0,·] = (.73, .27) from the MTP head", async () => {
    const { head2 } = await chain2FromModels();
    expect(head2[0]![0]).toBeCloseTo(0.73, 6);
    expect(head2[0]![1]).toBeCloseTo(0.27, 6);
  });

  it("KL(joint ‖ product of MTP marginals) = I = 0.1004 nats", async () => {
    const { P, head1, head2 } = await chain2FromModels();
    const a = 0;
    const joint = [0, 1].map((b) => [0, 1].map((c) => P[a]![b]! * P[b]![c]!));
    const klModels = klJointVsProduct(joint, head1[a]!, head2[a]!);
    expect(klModels.toFixed(4)).toBe("0.1004");
    // the product of the MTP heads has the joint's exact marginals, so KL = mutual information
    expect(mutualInformation(joint)).toBeCloseTo(klModels, 6);
    expect(mtpProductKL(CHAIN2_P, a)).toBeCloseTo(klModels, 6); // float32 model vs double constants
  });

  it("speculative acceptance of token 2 (draft P²[a,·] vs target P[b,·]) = 0.874", async () => {
    const { P, head1, head2 } = await chain2FromModels();
    const a = 0;
    let acc = 0;
    for (const b of [0, 1]) acc += head1[a]![b]! * speculativeAcceptance(P[b]!, head2[a]!);
    expect(acc.toFixed(3)).toBe("0.874");
    expect(mtpSpeculativeAcceptance(CHAIN2_P, a)).toBeCloseTo(acc, 6);
    // simulated: draft token 1 from head 1 (exact), token 2 from head 2, verified against the LM
    const rng = new Rng(71);
    const n = 40_000;
    let accepted = 0;
    const pairs: string[] = [];
    for (let i = 0; i < n; i++) {
      const b = rng.categorical(head1[a]!);
      const c = rng.categorical(head2[a]!);
      let out: number;
      if (rng.uniform() * head2[a]![c]! < P[b]![c]!) {
        accepted++;
        out = c;
      } else out = rng.categorical(P[b]!.map((p, j) => Math.max(0, p - head2[a]![j]!)));
      pairs.push(`${b},${out}`);
    }
    expect(Math.abs(accepted / n - acc)).toBeLessThan(5 * Math.sqrt((acc * (1 - acc)) / n));
    // and the verified pair is distributed as the exact joint
    const joint = new Map<string, number>();
    for (const b of [0, 1]) for (const c of [0, 1]) joint.set(`${b},${c}`, P[a]![b]! * P[b]![c]!);
    expect(tvMap(empiricalMap(pairs), joint)).toBeLessThan(tvNoiseBound(joint, n, 1e-4));
  });
});

describe("one-step DDIM / Euler std table (FM, c = 0.5) through gauss05_velocity_fm", () => {
  const table: [number, string][] = [
    [1, "0.000"],
    [2, "0.200"],
    [4, "0.341"],
    [8, "0.415"],
    [32, "0.477"],
    [256, "0.497"],
  ];

  /** Per-step linear gains x_s = (1 − (t − s)·v(x,t)/x)·x of K uniform Euler steps, read from the model. */
  async function modelGains(K: number): Promise<number[]> {
    const ts = Array.from({ length: K }, (_, i) => 1 - i / K);
    const out = await run("gauss05_velocity_fm.onnx", { x: f32(new Array(2 * K).fill(1), [K, 2]), t: f32(ts, [K]) });
    // the velocity is linear in x (exact Gaussian model), so v(1, t) is the per-axis slope
    return ts.map((t, i) => 1 - (t - (1 - (i + 1) / K)) * out.velocity!.data[2 * i]!);
  }

  for (const [K, want] of table) {
    it(`K = ${K}: final std ${want}`, async () => {
      const gains = await modelGains(K);
      const std = Math.abs(gains.reduce((a, b) => a * b, 1)); // starting from N(0, 1) noise at t = 1
      expect(std.toFixed(3)).toBe(want);
      expect(std).toBeCloseTo(Number(want), 3);
      // same number from the truth library's exact DDIM gain ∏ ρ(t_i, t_{i+1})
      let exact = 1;
      for (let i = 0; i < K; i++) exact *= ddimGain(GAUSS05_STD, "fm", 1 - i / K, 1 - (i + 1) / K);
      expect(Math.abs(std - Math.abs(exact))).toBeLessThan(1e-5);
    });
  }

  it("K = 4 with samples: empirical std of model-driven Euler steps from N(0,1) noise", async () => {
    const K = 4;
    const n = 20_000;
    const rng = new Rng(72);
    let x = Array.from({ length: 2 * n }, () => rng.normal());
    for (let i = 0; i < K; i++) {
      const t = 1 - i / K;
      const s = 1 - (i + 1) / K;
      const v = (await run("gauss05_velocity_fm.onnx", { x: f32(x, [n, 2]), t: f32(new Array(n).fill(t), [n]) })).velocity!.data;
      x = x.map((xi, j) => xi - (t - s) * v[j]!);
    }
    const sd = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / x.length);
    expect(Math.abs(sd - 0.341)).toBeLessThan(0.01); // sampling error ≈ 0.341/√(2·40000) ≈ 0.0012
  });
});

describe("speculative exactness p = (.5,.3,.2), q = (.2,.2,.6)", () => {
  it("exact output distribution is p; simulated output matches within the TV noise bound", () => {
    const p = [0.5, 0.3, 0.2];
    const q = [0.2, 0.2, 0.6];
    const out = speculativeOutput(p, q);
    out.forEach((v, i) => expect(v).toBeCloseTo(p[i]!, 15));
    const rng = new Rng(73);
    const n = 50_000;
    const xs = Array.from({ length: n }, () => speculativeStep(p, q, rng));
    expect(tv(empirical(xs, 3), p)).toBeLessThan(tvNoiseBound(p, n, 1e-4));
    // while the draft alone is far from p
    expect(tv(q, p)).toBeGreaterThan(0.3);
  });
});

describe("poker / New-York test through poker_mdm", () => {
  it("product of marginals: valid pair w.p. 1/4, KL(joint ‖ product) = ln 4; two steps are exact", async () => {
    const both = await run("poker_mdm.onnx", { input_ids: i64([POKER_MASK, POKER_MASK], [1, 2]) });
    const m = exp(both.logits!.data);
    const q1 = m.slice(0, 8);
    const q2 = m.slice(9, 17);
    expect(m[8]).toBe(0); // mask id gets the floor
    const validMass = POKER_PAIRS.reduce((s, [a, b]) => s + q1[a]! * q2[b]!, 0);
    expect(validMass).toBeCloseTo(0.25, 6);
    expect(klJointVsProduct(POKER_JOINT, q1, q2)).toBeCloseTo(Math.log(4), 6);
    // one-step parallel commit (both tokens from the marginals): TV to the joint = 3/4
    const joint = new Map<string, number>(POKER_PAIRS.map(([a, b]) => [`${a},${b}`, 0.25]));
    const product = new Map<string, number>();
    for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) if (q1[a]! * q2[b]! > 0) product.set(`${a},${b}`, q1[a]! * q2[b]!);
    expect(tvMap(product, joint)).toBeCloseTo(0.75, 6);
    // two steps (commit x1, re-run the model, commit x2): exact, checked by sampling through the model
    const rng = new Rng(74);
    const n = 4000;
    const x1 = Array.from({ length: n }, () => rng.categorical(q1));
    const second = await run("poker_mdm.onnx", { input_ids: i64(x1.flatMap((a) => [a, POKER_MASK]), [n, 2]) });
    const pairs = x1.map((a, i) => `${a},${rng.categorical(exp(second.logits!.data.slice(i * 18 + 9, i * 18 + 17)))}`);
    expect(tvMap(empiricalMap(pairs), joint)).toBeLessThan(tvNoiseBound(joint, n, 1e-4));
  });
});
