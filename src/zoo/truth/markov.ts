/**
 * Exact Markov-chain ground truth: matrix powers (MTP marginals), sequence log-probabilities,
 * exact sampling, the two-token joint and its product-of-marginals, and forward–backward posterior
 * marginals for masked diffusion on Markov data. Double precision, independent of the ONNX graphs.
 */
import type { Rng } from "./rng.js";

export type Matrix = readonly (readonly number[])[];

export function matMul(A: Matrix, B: Matrix): number[][] {
  const n = A.length;
  const m = B[0]!.length;
  const k = B.length;
  const C = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++)
    for (let l = 0; l < k; l++) {
      const a = A[i]![l]!;
      if (a === 0) continue;
      for (let j = 0; j < m; j++) C[i]![j]! += a * B[l]![j]!;
    }
  return C;
}

/** P^j for j ≥ 1. */
export function matPow(P: Matrix, j: number): number[][] {
  if (j < 1) throw new Error("matPow: j ≥ 1");
  let R = P.map((r) => [...r]);
  for (let i = 1; i < j; i++) R = matMul(R, P);
  return R;
}

/** Exact MTP marginals p(x_{n+j} | x_n = a) = P^j[a, ·] for j = 1..k. Returns [k][V]. */
export function mtpMarginals(P: Matrix, a: number, k: number): number[][] {
  const out: number[][] = [];
  for (let j = 1; j <= k; j++) out.push(matPow(P, j)[a]!);
  return out;
}

/** Joint of the next two tokens given x_n = a: p(b, c) = P[a,b]·P[b,c]. */
export function nextTwoJoint(P: Matrix, a: number): number[][] {
  return P.map((_, b) => P[b]!.map((pbc) => P[a]![b]! * pbc));
}

/**
 * KL(p‖q) between the exact next-two joint p(b,c) = P[a,b]P[b,c] and the product of the first two
 * MTP marginals q(b,c) = P[a,b]·P²[a,c]; equals I(X_{n+1}; X_{n+2} | x_n = a) (methods.md §7).
 */
export function mtpProductKL(P: Matrix, a: number): number {
  const P2 = matPow(P, 2);
  let s = 0;
  for (let b = 0; b < P.length; b++)
    for (let c = 0; c < P.length; c++) {
      const p = P[a]![b]! * P[b]![c]!;
      if (p > 0) s += p * Math.log(P[b]![c]! / P2[a]![c]!);
    }
  return s;
}

/**
 * Expected acceptance of speculative token 2 with draft q = P²[a,·] against target P[b,·]:
 * Σ_b P[a,b]·Σ_c min(P[b,c], P²[a,c]) (methods.md §7).
 */
export function mtpSpeculativeAcceptance(P: Matrix, a: number): number {
  const P2 = matPow(P, 2);
  let s = 0;
  for (let b = 0; b < P.length; b++) {
    let m = 0;
    for (let c = 0; c < P.length; c++) m += Math.min(P[b]![c]!, P2[a]![c]!);
    s += P[a]![b]! * m;
  }
  return s;
}

/** log P(x_1..x_n | x_0) = Σ log P[x_{i−1}, x_i] (x_0 is the given start token, e.g. BOS). */
export function sequenceLogProb(P: Matrix, tokens: readonly number[]): number {
  let s = 0;
  for (let i = 1; i < tokens.length; i++) s += Math.log(P[tokens[i - 1]!]![tokens[i]!]!);
  return s;
}

/**
 * Exact sampling of a chain path: starting from token `start`, draw until `stop` is emitted
 * (included) or `maxNew` tokens were drawn. Returns the drawn tokens (without `start`).
 */
export function sampleChain(P: Matrix, start: number, maxNew: number, rng: Rng, stop?: number): number[] {
  const out: number[] = [];
  let cur = start;
  for (let i = 0; i < maxNew; i++) {
    cur = rng.categorical(P[cur]!);
    out.push(cur);
    if (stop !== undefined && cur === stop) break;
  }
  return out;
}

/** Exact sampling of x_1..x_L with x_1 ~ π0 and x_{i+1} ~ Q[x_i] (markov_mdm data). */
export function sampleStationarySeq(pi0: readonly number[], Q: Matrix, L: number, rng: Rng): number[] {
  const out = [rng.categorical(pi0)];
  for (let i = 1; i < L; i++) out.push(rng.categorical(Q[out[i - 1]!]!));
  return out;
}

/** Exact probability of a full sequence under (π0, Q). */
export function seqProb(pi0: readonly number[], Q: Matrix, x: readonly number[]): number {
  let p = pi0[x[0]!]!;
  for (let i = 1; i < x.length; i++) p *= Q[x[i - 1]!]![x[i]!]!;
  return p;
}

/**
 * Posterior marginals p(x_i = s | visible tokens) for a length-L sequence of the chain (π0, Q),
 * where ids equal to `mask` are unobserved. Forward–backward with per-step rescaling (double).
 * Returns [L][nStates]; at visible positions the result is one-hot. Throws on impossible evidence.
 */
export function maskedPosteriorMarginals(pi0: readonly number[], Q: Matrix, ids: readonly number[], mask: number): number[][] {
  const n = pi0.length;
  const L = ids.length;
  const e = (i: number, s: number) => (ids[i] === mask || ids[i] === s ? 1 : 0);
  const alpha: number[][] = [];
  let pred = [...pi0];
  for (let i = 0; i < L; i++) {
    const a = pred.map((v, s) => v * e(i, s));
    const z = a.reduce((p, q) => p + q, 0);
    if (!(z > 0)) throw new Error("impossible evidence");
    const an = a.map((v) => v / z);
    alpha.push(an);
    pred = new Array<number>(n).fill(0);
    for (let s = 0; s < n; s++) for (let t = 0; t < n; t++) pred[t]! += an[s]! * Q[s]![t]!;
  }
  const beta: number[][] = new Array(L);
  let b = new Array<number>(n).fill(1);
  for (let i = L - 1; i >= 0; i--) {
    beta[i] = b;
    const nb = new Array<number>(n).fill(0);
    for (let s = 0; s < n; s++) for (let t = 0; t < n; t++) nb[s]! += Q[s]![t]! * e(i, t) * b[t]!;
    const z = nb.reduce((p, q) => p + q, 0);
    b = nb.map((v) => v / z);
  }
  return alpha.map((a, i) => {
    const m = a.map((v, s) => v * beta[i]![s]!);
    const z = m.reduce((p, q) => p + q, 0);
    return m.map((v) => v / z);
  });
}

/**
 * Brute-force posterior marginals by enumerating all completions (for small L; independent check
 * of maskedPosteriorMarginals).
 */
export function maskedPosteriorBruteForce(pi0: readonly number[], Q: Matrix, ids: readonly number[], mask: number): number[][] {
  const n = pi0.length;
  const L = ids.length;
  const acc = Array.from({ length: L }, () => new Array<number>(n).fill(0));
  const x = new Array<number>(L).fill(0);
  let total = 0;
  const rec = (i: number) => {
    if (i === L) {
      const p = seqProb(pi0, Q, x);
      total += p;
      for (let j = 0; j < L; j++) acc[j]![x[j]!]! += p;
      return;
    }
    const choices = ids[i] === mask ? Array.from({ length: n }, (_, s) => s) : [ids[i]!];
    for (const s of choices) {
      x[i] = s;
      rec(i + 1);
    }
  };
  rec(0);
  return acc.map((r) => r.map((v) => v / total));
}

/** Posterior marginals of a 2-token joint table J given ids (mask = unobserved). Returns [2][n]. */
export function jointPosteriorMarginals(J: Matrix, ids: readonly [number, number], mask: number): number[][] {
  const n = J.length;
  const m1 = new Array<number>(n).fill(0);
  const m2 = new Array<number>(n).fill(0);
  let z = 0;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (ids[0] !== mask && ids[0] !== a) continue;
      if (ids[1] !== mask && ids[1] !== b) continue;
      const p = J[a]![b]!;
      m1[a]! += p;
      m2[b]! += p;
      z += p;
    }
  if (!(z > 0)) return [m1, m2];
  return [m1.map((v) => v / z), m2.map((v) => v / z)];
}

/** Exact joint of the next k tokens given x_n = a, as a Map "c1,c2,...,ck" → probability (V^k entries). */
export function nextKJoint(P: Matrix, a: number, k: number): Map<string, number> {
  const out = new Map<string, number>();
  const rec = (prev: number, prefix: number[], p: number) => {
    if (prefix.length === k) {
      if (p > 0) out.set(prefix.join(","), p);
      return;
    }
    P[prev]!.forEach((q, c) => {
      if (q > 0) rec(c, [...prefix, c], p * q);
    });
  };
  rec(a, [], 1);
  return out;
}

/**
 * KL(joint of the next k tokens ‖ product of the k MTP marginals P^j[a,·]), nats: the error of
 * committing k MTP heads at once (methods.md §5 R4). For k = 2 equals mtpProductKL.
 */
export function mtpJointVsProductKL(P: Matrix, a: number, k: number): number {
  const heads = mtpMarginals(P, a, k);
  let s = 0;
  for (const [key, p] of nextKJoint(P, a, k)) {
    const q = key.split(",").reduce((acc, c, j) => acc * heads[j]![Number(c)]!, 1);
    s += p * Math.log(p / q);
  }
  return s;
}

/** Exact sample of a pair from a joint table J[a][b]. */
export function sampleJoint(J: Matrix, rng: Rng): [number, number] {
  const flat = J.flat();
  const i = rng.categorical(flat);
  return [Math.floor(i / J[0]!.length), i % J[0]!.length];
}

/** Exact distribution of full length-L sequences of the chain (π0, Q) as a Map (n^L entries; small L only). */
export function sequenceDistribution(pi0: readonly number[], Q: Matrix, L: number): Map<string, number> {
  const out = new Map<string, number>();
  const n = pi0.length;
  const rec = (pre: number[], p: number) => {
    if (p === 0) return;
    if (pre.length === L) {
      out.set(pre.join(","), p);
      return;
    }
    for (let s = 0; s < n; s++) rec([...pre, s], pre.length === 0 ? pi0[s]! : p * Q[pre[pre.length - 1]!]![s]!);
  };
  rec([], 1);
  return out;
}
