/**
 * Masked-diffusion unmasking helpers (MDLM / LLaDA / Fast-dLLM style refinement of token
 * positions). For one sample, the model gives per-position distributions over V for the M masked
 * positions ([M, V] probabilities); a step decides WHICH of them to commit.
 *
 * Orders (the score is "higher commits first"):
 *  - `confidence`: max_v p(v), computed from the distribution BEFORE sampling (outcome-independent).
 *  - `entropy`: −H(p) — lowest entropy first (Dream's `entropy`).
 *  - `random`: a uniform per position (LLaDA `remasking='random'`).
 *  - `sampled_confidence`: p(sampled token) — LLaDA `low_confidence` remasking. This score depends
 *    on the sampled outcome, which biases the result even at one token per step when T > 0
 *    (check R6); it is provided for fidelity to LLaDA, not recommended.
 *
 * Selection: {@link selectTopN} (quota per step, LLaDA), {@link selectByThreshold} (Fast-dLLM:
 * every position with confidence ≥ τ, and always at least the best one). Ties rank the lower
 * position first. Scores of −∞ or NaN mark non-candidates (e.g. positions outside the current
 * block) and are never selected.
 */

import { type FloatArray, rowCount } from "./softmax.js";

/** How masked positions are ranked for commitment; see the module comment. */
export type UnmaskOrder = "confidence" | "random" | "entropy" | "sampled_confidence";

/** Per-order inputs besides the probabilities. */
export interface UnmaskScoreInputs {
  /** Sampled token per position, [M]; required for `sampled_confidence`. */
  readonly sampled?: ArrayLike<number>;
  /** One uniform per position, [M]; required for `random`. */
  readonly uniforms?: ArrayLike<number>;
}

/**
 * Computes the commit score of each of the M rows of `probs` ([M, V], rows sum to 1) into `out`.
 */
export function unmaskScores(
  probs: FloatArray,
  V: number,
  order: UnmaskOrder,
  out: Float64Array,
  inputs: UnmaskScoreInputs = {},
): Float64Array {
  const M = rowCount(probs, V);
  if (out.length < M) throw new RangeError(`out has ${out.length} slots for ${M} positions`);
  switch (order) {
    case "confidence":
      for (let r = 0; r < M; r++) {
        let m = 0;
        for (let i = r * V, e = i + V; i < e; i++) if (probs[i]! > m) m = probs[i]!;
        out[r] = m;
      }
      break;
    case "entropy":
      for (let r = 0; r < M; r++) {
        let h = 0;
        for (let i = r * V, e = i + V; i < e; i++) {
          const pi = probs[i]!;
          if (pi > 0) h -= pi * Math.log(pi);
        }
        out[r] = -h;
      }
      break;
    case "random": {
      const u = inputs.uniforms;
      if (!u || u.length < M) throw new RangeError("order 'random' needs one uniform per position");
      for (let r = 0; r < M; r++) out[r] = u[r]!;
      break;
    }
    case "sampled_confidence": {
      const s = inputs.sampled;
      if (!s || s.length < M) throw new RangeError("order 'sampled_confidence' needs the sampled tokens");
      for (let r = 0; r < M; r++) {
        const t = s[r]!;
        if (!(t >= 0 && t < V)) throw new RangeError(`sampled token ${t} outside [0, ${V})`);
        out[r] = probs[r * V + t]!;
      }
      break;
    }
    default:
      throw new RangeError(`unknown unmask order ${String(order)}`);
  }
  return out;
}

/** Candidate indices (finite-score positions) sorted by score descending, then index ascending. */
function rankCandidates(scores: ArrayLike<number>, M: number): Int32Array {
  let n = 0;
  const idx = new Int32Array(M);
  for (let i = 0; i < M; i++) if (scores[i]! > -Infinity) idx[n++] = i;
  const c = idx.subarray(0, n);
  // M is a block or sequence length (small); a comparator sort is simple and fast enough.
  c.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return c;
}

/**
 * The n highest-scoring positions among the first M = scores.length, best first (ties: lower
 * position first). Fewer than n are returned if there are fewer candidates.
 */
export function selectTopN(scores: ArrayLike<number>, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`quota must be a non-negative integer, got ${n}`);
  const ranked = rankCandidates(scores, scores.length);
  return ranked.slice(0, Math.min(n, ranked.length));
}

/**
 * Fast-dLLM threshold rule: all positions with score ≥ τ, best first, and at least the single best
 * candidate even if it is below τ (so every step makes progress). Meant for confidence scores.
 */
export function selectByThreshold(scores: ArrayLike<number>, tau: number): Int32Array {
  const ranked = rankCandidates(scores, scores.length);
  let k = 0;
  while (k < ranked.length && scores[ranked[k]!]! >= tau) k++;
  return ranked.slice(0, Math.max(k, Math.min(1, ranked.length)));
}

/**
 * LLaDA `get_num_transfer_tokens`: spreads `masked` commits over `steps` steps as evenly as
 * possible — ⌊masked/steps⌋ each, the first (masked mod steps) steps one more.
 */
export function transferSchedule(masked: number, steps: number): Int32Array {
  if (!Number.isInteger(masked) || masked < 0) throw new RangeError(`masked must be a non-negative integer`);
  if (!Number.isInteger(steps) || steps <= 0) throw new RangeError(`steps must be a positive integer`);
  const base = Math.floor(masked / steps);
  const rem = masked % steps;
  const out = new Int32Array(steps);
  for (let i = 0; i < steps; i++) out[i] = base + (i < rem ? 1 : 0);
  return out;
}
