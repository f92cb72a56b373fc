/**
 * Ground truth for discrete distributions: divergences between an empirical sample and an exact
 * distribution, the sampling-noise bound for total variation, mutual information of a joint versus
 * the product of its marginals, and exact speculative sampling.
 * Distributions are plain arrays of probabilities (or Maps for sparse spaces keyed by strings).
 */
import type { Rng } from "./rng.js";

export type Dist = readonly number[];

/** Normalised histogram of integer outcomes 0..size−1. */
export function empirical(samples: readonly number[], size: number): number[] {
  const c = new Array<number>(size).fill(0);
  for (const s of samples) c[s]! += 1;
  return c.map((v) => v / samples.length);
}

/** Normalised histogram of arbitrary keyed outcomes (e.g. sequences joined to strings). */
export function empiricalMap(samples: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of samples) m.set(s, (m.get(s) ?? 0) + 1);
  for (const [k, v] of m) m.set(k, v / samples.length);
  return m;
}

/** KL(p‖q) = Σ p log(p/q) in nats; 0·log 0 = 0; +Infinity when p > 0 = q. */
export function kl(p: Dist, q: Dist): number {
  if (p.length !== q.length) throw new Error("kl: length mismatch");
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (pi === 0) continue;
    const qi = q[i]!;
    if (qi === 0) return Infinity;
    s += pi * Math.log(pi / qi);
  }
  return s;
}

/** Total variation ½ Σ |p − q|. */
export function tv(p: Dist, q: Dist): number {
  if (p.length !== q.length) throw new Error("tv: length mismatch");
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
  return s / 2;
}

/** KL and TV over keyed distributions (missing keys have probability 0). */
export function klMap(p: ReadonlyMap<string, number>, q: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const [k, pi] of p) {
    if (pi === 0) continue;
    const qi = q.get(k) ?? 0;
    if (qi === 0) return Infinity;
    s += pi * Math.log(pi / qi);
  }
  return s;
}
export function tvMap(p: ReadonlyMap<string, number>, q: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const [k, pi] of p) s += Math.abs(pi - (q.get(k) ?? 0));
  for (const [k, qi] of q) if (!p.has(k)) s += qi;
  return s / 2;
}

/**
 * Sampling-noise bound for TV between the empirical distribution p̂_n of n i.i.d. draws from p and
 * p itself:
 *   E[TV(p̂_n, p)] ≤ ½ Σ_x √(p(x)(1 − p(x))/n)            (Jensen: E|p̂−p| ≤ √Var)
 *   P(TV ≥ E[TV] + ε) ≤ exp(−2nε²)                        (McDiarmid: one draw moves TV ≤ 1/n)
 * so with probability ≥ 1 − δ:  TV(p̂_n, p) ≤ ½ Σ_x √(p(x)(1 − p(x))/n) + √(ln(1/δ)/(2n)).
 * A sampler whose TV to p exceeds this bound is wrong with confidence 1 − δ.
 */
export function tvNoiseBound(p: Dist | ReadonlyMap<string, number>, n: number, delta = 1e-6): number {
  const vals = Array.isArray(p) ? (p as number[]) : [...(p as ReadonlyMap<string, number>).values()];
  let s = 0;
  for (const pi of vals) s += Math.sqrt((pi * (1 - pi)) / n);
  return s / 2 + Math.sqrt(Math.log(1 / delta) / (2 * n));
}

/**
 * Expected KL(p̂_n‖p) is ≈ (K−1)/(2n) for the K outcomes with p > 0 (chi-square asymptotics);
 * returned as a yardstick for KL-based checks.
 */
export function klNoiseScale(p: Dist, n: number): number {
  const K = p.filter((v) => v > 0).length;
  return (K - 1) / (2 * n);
}

/** Marginals of a joint table J[a][b]. */
export function marginals(J: readonly (readonly number[])[]): { row: number[]; col: number[] } {
  const row = J.map((r) => r.reduce((a, b) => a + b, 0));
  const col = J[0]!.map((_, j) => J.reduce((a, r) => a + r[j]!, 0));
  return { row, col };
}

/** Mutual information I(X;Y) = KL(J ‖ row ⊗ col) of a joint table, nats. */
export function mutualInformation(J: readonly (readonly number[])[]): number {
  const { row, col } = marginals(J);
  return klJointVsProduct(J, row, col);
}

/**
 * KL(J ‖ q1 ⊗ q2) between an exact joint and a product of (possibly model-given, e.g. MTP head)
 * marginals q1, q2. With q1, q2 the true marginals this is the mutual information.
 */
export function klJointVsProduct(J: readonly (readonly number[])[], q1: Dist, q2: Dist): number {
  let s = 0;
  for (let a = 0; a < J.length; a++) {
    for (let b = 0; b < J[a]!.length; b++) {
      const p = J[a]![b]!;
      if (p === 0) continue;
      const q = q1[a]! * q2[b]!;
      if (q === 0) return Infinity;
      s += p * Math.log(p / q);
    }
  }
  return s;
}

/** Entropy in nats. */
export function entropy(p: Dist): number {
  let s = 0;
  for (const v of p) if (v > 0) s -= v * Math.log(v);
  return s;
}

/** Softmax of logits (numerically stable); temperature T > 0. */
export function softmax(z: readonly number[], T = 1): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp((v - m) / T));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

// ---------------------------------------------------------------- speculative sampling

/** Probability Σ_x min(p(x), q(x)) that a draft x ~ q is accepted against target p. */
export function speculativeAcceptance(p: Dist, q: Dist): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.min(p[i]!, q[i]!);
  return s;
}

/**
 * Exact output distribution of one speculative step (Leviathan et al.): accept x ~ q w.p.
 * min(1, p/q), else resample from norm(max(0, p − q)):
 *   P(x) = min(p, q)(x) + (1 − Σ min(p, q))·max(0, p − q)(x)/Σ max(0, p − q).
 */
export function speculativeOutput(p: Dist, q: Dist): number[] {
  const acc = speculativeAcceptance(p, q);
  const resid = p.map((pi, i) => Math.max(0, pi - q[i]!));
  const z = resid.reduce((a, b) => a + b, 0);
  return p.map((pi, i) => Math.min(pi, q[i]!) + (z > 0 ? ((1 - acc) * resid[i]!) / z : 0));
}

/** One simulated speculative step (draft from q, verify against p); returns the emitted token. */
export function speculativeStep(p: Dist, q: Dist, rng: Rng): number {
  const x = rng.categorical(q);
  if (rng.uniform() * q[x]! < p[x]!) return x;
  return rng.categorical(p.map((pi, i) => Math.max(0, pi - q[i]!)));
}

/**
 * Exact next-token distribution after logit warping, applied in the order temperature → top-k →
 * top-p (methods.md §5; the order matters). Ties at the top-k boundary keep the lower ids.
 * top-p keeps the smallest prefix (by decreasing probability) with cumulative mass ≥ p.
 */
export function warpDistribution(logits: readonly number[], opts: { temperature?: number; topK?: number; topP?: number } = {}): number[] {
  const T = opts.temperature ?? 1;
  let p = T === 0 ? argmaxOneHot(logits) : softmax(logits, T);
  const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
  if (opts.topK !== undefined && opts.topK < p.length) {
    const keep = new Set(order.slice(0, opts.topK));
    p = renorm(p.map((v, i) => (keep.has(i) ? v : 0)));
  }
  if (opts.topP !== undefined && opts.topP < 1) {
    const ord = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
    const keep = new Set<number>();
    let cum = 0;
    for (const i of ord) {
      keep.add(i);
      cum += p[i]!;
      if (cum >= opts.topP) break;
    }
    p = renorm(p.map((v, i) => (keep.has(i) ? v : 0)));
  }
  return p;
}

function argmaxOneHot(z: readonly number[]): number[] {
  let best = 0;
  for (let i = 1; i < z.length; i++) if (z[i]! > z[best]!) best = i;
  return z.map((_, i) => (i === best ? 1 : 0));
}

function renorm(p: number[]): number[] {
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}
