/**
 * Discrete zoo models (onnxruntime-node) against the independent double-precision truth library:
 * matrix rows / powers for the LMs and MTP heads, forward–backward (itself checked against brute-force
 * enumeration) for markov_mdm, and the exact joint posterior for poker_mdm. ≥ 100 inputs each.
 */
import { describe, expect, it } from "vitest";
import { logFloor } from "../../src/zoo/models/markov.js";
import {
  CHAIN2_P,
  LOG_FLOOR,
  MARKOV_BOS,
  MARKOV_EOS,
  MARKOV_P,
  MARKOV_V,
  MDM_MASK,
  MDM_PI0,
  MDM_Q,
  MDM_STATES,
  MDM_V,
  POKER_JOINT,
  POKER_MASK,
  POKER_V,
} from "../../src/zoo/models/markov_params.js";
import {
  jointPosteriorMarginals,
  maskedPosteriorBruteForce,
  maskedPosteriorMarginals,
  matPow,
  sampleChain,
  sampleStationarySeq,
} from "../../src/zoo/truth/markov.js";
import { Rng } from "../../src/zoo/truth/rng.js";
import { f32, i64, maxScaledError, run } from "./ort_helpers.js";

const TOL = 1e-5;

function randomIds(rng: Rng, B: number, S: number, V: number): number[] {
  return Array.from({ length: B * S }, () => rng.int(V));
}

describe("the chain definitions are stochastic matrices", () => {
  it("markov_lm chain: BOS row = initial distribution, EOS absorbing, p(EOS) = 0.03 from states", () => {
    for (const row of MARKOV_P) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    expect(MARKOV_P[MARKOV_BOS]![MARKOV_EOS]).toBe(0);
    expect(MARKOV_P[MARKOV_EOS]![MARKOV_EOS]).toBe(1);
    for (let s = 2; s < MARKOV_V; s++) {
      expect(MARKOV_P[s]![MARKOV_EOS]).toBeCloseTo(0.03, 15);
      expect(MARKOV_P[s]![MARKOV_BOS]).toBe(0);
    }
    for (const row of MDM_Q) {
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(Math.min(...row)).toBeGreaterThan(0);
    }
  });
});

describe("LM and MTP tables", () => {
  const B = 8;
  const S = 16;

  it("markov_lm: logits = log P[input_ids] (floor −1e9 for zeros)", async () => {
    const ids = randomIds(new Rng(10), B, S, MARKOV_V);
    const out = await run("markov_lm.onnx", { input_ids: i64(ids, [B, S]) });
    expect(out.logits!.dims).toEqual([B, S, MARKOV_V]);
    const want = ids.flatMap((a) => MARKOV_P[a]!.map(logFloor));
    expect(maxScaledError(out.logits!.data, want)).toBeLessThanOrEqual(TOL);
    expect(Math.min(...out.logits!.data)).toBe(Math.fround(LOG_FLOOR));
  });

  it("markov_mtp: head j = log rows of P^(j+1)", async () => {
    const ids = randomIds(new Rng(11), B, S, MARKOV_V);
    const out = await run("markov_mtp.onnx", { input_ids: i64(ids, [B, S]) });
    expect(out.logits!.dims).toEqual([B, S, 4, MARKOV_V]);
    const pows = [1, 2, 3, 4].map((j) => matPow(MARKOV_P, j));
    const want = ids.flatMap((a) => pows.flatMap((Pj) => Pj[a]!.map(logFloor)));
    expect(maxScaledError(out.logits!.data, want)).toBeLessThanOrEqual(TOL);
  });

  it("chain2_lm and chain2_mtp", async () => {
    const ids = randomIds(new Rng(12), B, S, 2);
    const lm = await run("chain2_lm.onnx", { input_ids: i64(ids, [B, S]) });
    expect(maxScaledError(lm.logits!.data, ids.flatMap((a) => CHAIN2_P[a]!.map(Math.log)))).toBeLessThanOrEqual(TOL);
    const mtp = await run("chain2_mtp.onnx", { input_ids: i64(ids, [B, S]) });
    const P2 = matPow(CHAIN2_P, 2);
    expect(mtp.logits!.dims).toEqual([B, S, 2, 2]);
    expect(maxScaledError(mtp.logits!.data, ids.flatMap((a) => [...CHAIN2_P[a]!, ...P2[a]!].map(Math.log)))).toBeLessThanOrEqual(TOL);
  });
});

describe("markov_lm_kv", () => {
  const D = 16;
  const empty = (B: number) => ({
    "past_key_values.0.key": f32([], [B, 1, 0, D]),
    "past_key_values.0.value": f32([], [B, 1, 0, D]),
  });
  /** B valid chain paths of length S starting with BOS (padded with EOS after EOS). */
  function paths(rng: Rng, B: number, S: number): number[] {
    const ids: number[] = [];
    for (let b = 0; b < B; b++) {
      const seq = [MARKOV_BOS, ...sampleChain(MARKOV_P, MARKOV_BOS, S - 1, rng)];
      ids.push(...seq);
    }
    return ids;
  }

  it("full recomputation with an empty cache equals markov_lm on chain paths", async () => {
    const B = 8;
    const S = 24;
    const ids = paths(new Rng(20), B, S);
    const kv = await run("markov_lm_kv.onnx", { input_ids: i64(ids, [B, S]), ...empty(B) });
    const lm = await run("markov_lm.onnx", { input_ids: i64(ids, [B, S]) });
    expect(kv.logits!.dims).toEqual([B, S, MARKOV_V]);
    expect(kv["present.0.key"]!.dims).toEqual([B, 1, S, D]);
    expect(Array.from(kv.logits!.data)).toEqual(Array.from(lm.logits!.data));
  });

  it("incremental decoding (prefix, then one token at a time) equals full recomputation", async () => {
    const B = 6;
    const S = 20;
    const prefix = 5;
    const ids = paths(new Rng(21), B, S);
    const full = await run("markov_lm_kv.onnx", { input_ids: i64(ids, [B, S]), ...empty(B) });
    const cols = (a: number, b: number) => Array.from({ length: B }, (_, r) => ids.slice(r * S + a, r * S + b)).flat();
    let out = await run("markov_lm_kv.onnx", { input_ids: i64(cols(0, prefix), [B, prefix]), ...empty(B) });
    const got: number[][] = Array.from({ length: B }, (_, r) => Array.from(out.logits!.data.slice(r * prefix * MARKOV_V, (r + 1) * prefix * MARKOV_V)));
    for (let p = prefix; p < S; p++) {
      out = await run("markov_lm_kv.onnx", {
        input_ids: i64(cols(p, p + 1), [B, 1]),
        "past_key_values.0.key": f32(Array.from(out["present.0.key"]!.data), [B, 1, p, D]),
        "past_key_values.0.value": f32(Array.from(out["present.0.value"]!.data), [B, 1, p, D]),
      });
      expect(out["present.0.key"]!.dims).toEqual([B, 1, p + 1, D]);
      for (let r = 0; r < B; r++) got[r]!.push(...out.logits!.data.slice(r * MARKOV_V, (r + 1) * MARKOV_V));
    }
    expect(got.flat()).toEqual(Array.from(full.logits!.data));
  });

  it("a missing or wrong cache gives wrong logits", async () => {
    const ids = [MARKOV_BOS, 4, 6, 8]; // a chain path: state a → a+2 (token ids are a + 2)
    for (let i = 1; i < ids.length; i++) expect(MARKOV_P[ids[i - 1]!]![ids[i]!]).toBeGreaterThan(0);
    expect(MARKOV_P[4]![8]).toBe(0);
    const full = await run("markov_lm_kv.onnx", { input_ids: i64(ids, [1, 4]), ...empty(1) });
    const last = Array.from(full.logits!.data.slice(3 * MARKOV_V));
    expect(last).toEqual(MARKOV_P[8]!.map((p) => Math.fround(logFloor(p))));
    const eye = (t: number) => Array.from({ length: D }, (_, j) => (j === t ? 1 : 0));
    const feed = (cache: number[][]) => ({
      input_ids: i64([8], [1, 1]),
      "past_key_values.0.key": f32(cache.flat(), [1, 1, cache.length, D]),
      "past_key_values.0.value": f32(cache.flat(), [1, 1, cache.length, D]),
    });
    // the correct cache reproduces the full computation
    const good = await run("markov_lm_kv.onnx", feed([eye(MARKOV_BOS), eye(4), eye(6)]));
    expect(Array.from(good.logits!.data)).toEqual(last);
    // a zero cache of the right length is not a chain path → uniform (all-zero) logits
    const zeros = await run("markov_lm_kv.onnx", feed([eye(-1), eye(-1), eye(-1)]));
    expect(Array.from(zeros.logits!.data)).toEqual(new Array(MARKOV_V).fill(0));
    // stale cache (the entry for token 6 is missing): 4 → 8 is impossible
    const stale = await run("markov_lm_kv.onnx", feed([eye(MARKOV_BOS), eye(4)]));
    expect(Array.from(stale.logits!.data)).not.toEqual(last);
  });
});

describe("markov_mdm: exact posterior marginals by forward–backward", () => {
  it("truth: forward–backward equals brute-force enumeration (L ≤ 5)", () => {
    const rng = new Rng(30);
    for (let trial = 0; trial < 20; trial++) {
      const L = 1 + rng.int(5);
      const x = sampleStationarySeq(MDM_PI0, MDM_Q, L, rng).map((v) => (rng.uniform() < 0.6 ? MDM_MASK : v));
      const fb = maskedPosteriorMarginals(MDM_PI0, MDM_Q, x, MDM_MASK);
      const bf = maskedPosteriorBruteForce(MDM_PI0, MDM_Q, x, MDM_MASK);
      expect(maxScaledError(fb.flat(), bf.flat())).toBeLessThan(1e-12);
    }
  });

  it("model logits = log posterior (floor −1e9), L = 1..128, mask rates 0..1", async () => {
    const rng = new Rng(31);
    for (const L of [1, 2, 3, 7, 16, 33, 64, 128]) {
      const B = 16;
      const ids: number[] = [];
      for (let b = 0; b < B; b++) {
        const rate = b / (B - 1);
        ids.push(...sampleStationarySeq(MDM_PI0, MDM_Q, L, rng).map((v) => (rng.uniform() < rate ? MDM_MASK : v)));
      }
      const out = await run("markov_mdm.onnx", { input_ids: i64(ids, [B, L]) });
      expect(out.logits!.dims).toEqual([B, L, MDM_V]);
      const want: number[] = [];
      for (let b = 0; b < B; b++) {
        const post = maskedPosteriorMarginals(MDM_PI0, MDM_Q, ids.slice(b * L, (b + 1) * L), MDM_MASK);
        for (const row of post) want.push(...row.map(logFloor), LOG_FLOOR);
      }
      expect(maxScaledError(out.logits!.data, want), `L=${L}`).toBeLessThanOrEqual(TOL);
    }
  });
});

describe("markov_mdm_kv: block-causal posterior given a cache of committed tokens", () => {
  it("logits of the new positions = markov_mdm on prefix + block, restricted to the block; present = past + one-hot", async () => {
    const rng = new Rng(32);
    for (const [P, S] of [[0, 1], [0, 8], [1, 4], [5, 8], [17, 3], [40, 16]] as const) {
      const B = 12;
      const prefix: number[] = [];
      const block: number[] = [];
      for (let b = 0; b < B; b++) {
        const seq = sampleStationarySeq(MDM_PI0, MDM_Q, P + S, rng);
        prefix.push(...seq.slice(0, P));
        block.push(...seq.slice(P).map((v) => (rng.uniform() < b / (B - 1) ? MDM_MASK : v)));
      }
      const D = MDM_STATES + 1;
      const past = prefix.flatMap((v) => Array.from({ length: D }, (_, d) => (d === v ? 1 : 0)));
      const out = await run("markov_mdm_kv.onnx", {
        input_ids: i64(block, [B, S]),
        "past_key_values.0.key": f32(past, [B, 1, P, D]),
        "past_key_values.0.value": f32(past, [B, 1, P, D]),
      });
      expect(out.logits!.dims).toEqual([B, S, MDM_V]);
      expect(out["present.0.key"]!.dims).toEqual([B, 1, P + S, D]);
      const want: number[] = [];
      for (let b = 0; b < B; b++) {
        const full = [...prefix.slice(b * P, (b + 1) * P), ...block.slice(b * S, (b + 1) * S)];
        const post = maskedPosteriorMarginals(MDM_PI0, MDM_Q, full, MDM_MASK).slice(P);
        for (const row of post) want.push(...row.map(logFloor), LOG_FLOOR);
      }
      expect(maxScaledError(out.logits!.data, want), `P=${P} S=${S}`).toBeLessThanOrEqual(TOL);
    }
  });
});

describe("poker_mdm", () => {
  it("all 81 inputs (plus repeats): exact posterior marginals; inconsistent evidence → all floor", async () => {
    const ids: number[] = [];
    for (let a = 0; a < POKER_V; a++) for (let b = 0; b < POKER_V; b++) ids.push(a, b);
    const rng = new Rng(40);
    for (let i = 0; i < 40; i++) ids.push(rng.int(POKER_V), rng.int(POKER_V));
    const B = ids.length / 2;
    const out = await run("poker_mdm.onnx", { input_ids: i64(ids, [B, 2]) });
    expect(out.logits!.dims).toEqual([B, 2, POKER_V]);
    const want: number[] = [];
    for (let b = 0; b < B; b++) {
      const post = jointPosteriorMarginals(POKER_JOINT, [ids[2 * b]!, ids[2 * b + 1]!], POKER_MASK);
      for (const row of post) want.push(...row.map(logFloor), LOG_FLOOR);
    }
    expect(maxScaledError(out.logits!.data, want)).toBeLessThanOrEqual(TOL);
  });
});

describe("MTP product-of-marginals error through markov_mtp and markov_lm", () => {
  it("KL(next-k joint ‖ product of heads) from model outputs equals the truth library (k = 2, 4)", async () => {
    const { mtpJointVsProductKL, mtpProductKL } = await import("../../src/zoo/truth/markov.js");
    const { klMap } = await import("../../src/zoo/truth/discrete.js");
    const all = Array.from({ length: MARKOV_V }, (_, i) => i);
    const lm = await run("markov_lm.onnx", { input_ids: i64(all, [1, MARKOV_V]) });
    const mtp = await run("markov_mtp.onnx", { input_ids: i64([MARKOV_BOS], [1, 1]) });
    const Pm = all.map((a) => Array.from(lm.logits!.data.slice(a * MARKOV_V, (a + 1) * MARKOV_V), Math.exp));
    const heads = [0, 1, 2, 3].map((j) => Array.from(mtp.logits!.data.slice(j * MARKOV_V, (j + 1) * MARKOV_V), Math.exp));
    for (const k of [2, 4]) {
      const joint = new Map<string, number>();
      const product = new Map<string, number>();
      const rec = (prev: number, pre: number[], p: number, q: number) => {
        if (pre.length === k) {
          if (p > 0) joint.set(pre.join(","), p);
          if (q > 0) product.set(pre.join(","), q);
          return;
        }
        for (let c = 0; c < MARKOV_V; c++) rec(c, [...pre, c], p * Pm[prev]![c]!, q * heads[pre.length]![c]!);
      };
      rec(MARKOV_BOS, [], 1, 1);
      const fromModels = klMap(joint, product);
      expect(fromModels).toBeGreaterThan(0.05);
      expect(Math.abs(fromModels - mtpJointVsProductKL(MARKOV_P, MARKOV_BOS, k))).toBeLessThan(1e-5);
    }
    expect(mtpJointVsProductKL(MARKOV_P, MARKOV_BOS, 2)).toBeCloseTo(mtpProductKL(MARKOV_P, MARKOV_BOS), 12);
  });
});
