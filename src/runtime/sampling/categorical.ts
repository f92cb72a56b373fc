/**
 * Categorical sampling by inverse CDF with ONE uniform per row.
 *
 * Why inverse CDF rather than Gumbel-max: it consumes a single uniform per draw (Gumbel-max needs
 * V), so the random-number budget of a plan is "one per sampled token" whatever the vocabulary,
 * and the same uniform mechanism serves the speculative-verification kernel. It is exact: token i
 * is returned iff  u·Z ∈ [C_{i−1}, C_i)  where C_i = Σ_{j≤i} w_j and Z = C_{V−1}, an interval of
 * length w_i. Tokens with weight 0 (logit −∞) have empty intervals and are never returned.
 *
 * Uniforms must lie in (0, 1) (Philox's `fillUniform` guarantees it); sums are float64.
 */

import { argmaxRows, type FloatArray, rowCount, rowMax } from "./softmax.js";

/**
 * Draws one token from unnormalized non-negative weights w[off..off+V) using uniform u: the first
 * index i with C_i > u·Z. If rounding pushes u·Z up to Z, returns the last index with w > 0.
 * Throws if the weights sum to zero.
 */
export function sampleWeightsRow(w: ArrayLike<number>, off: number, V: number, u: number): number {
  let z = 0;
  for (let i = off; i < off + V; i++) z += w[i]!;
  return sampleWeightsRowWithSum(w, off, V, z, u);
}

/** {@link sampleWeightsRow} given the sum `z` of the weights (summed in index order). */
function sampleWeightsRowWithSum(w: ArrayLike<number>, off: number, V: number, z: number, u: number): number {
  if (!(z > 0)) throw new RangeError(`weights at offset ${off} sum to ${z}: no distribution`);
  const target = u * z;
  let cum = 0;
  let last = -1;
  for (let i = 0; i < V; i++) {
    const wi = w[off + i]!;
    if (wi > 0) {
      cum += wi;
      last = i;
      if (cum > target) return i;
    }
  }
  return last;
}

/**
 * Samples one token per row of `logits` ([rows, V]) from softmax(row) using `uniforms[r]`; writes
 * to `out[r]`. `scratch` (≥ V float64s) holds the row's exponentials so each is computed once.
 */
export function sampleLogitsRows(
  logits: FloatArray,
  V: number,
  uniforms: ArrayLike<number>,
  out: Int32Array,
  scratch?: Float64Array,
): Int32Array {
  const rows = rowCount(logits, V);
  if (uniforms.length < rows) throw new RangeError(`${uniforms.length} uniforms for ${rows} rows`);
  if (out.length < rows) throw new RangeError(`out has ${out.length} slots for ${rows} rows`);
  const e = scratch && scratch.length >= V ? scratch : new Float64Array(V);
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    const m = rowMax(logits, off, V);
    // The sum in the same loop, in the same order as sampleWeightsRow's: the same bits.
    let z = 0;
    for (let i = 0; i < V; i++) z += e[i] = Math.exp(logits[off + i]! - m);
    out[r] = sampleWeightsRowWithSum(e, 0, V, z, uniforms[r]!);
  }
  return out;
}

/** Samples one token per row of a [rows, V] probability (or unnormalized weight) matrix. */
export function sampleProbsRows(
  probs: FloatArray,
  V: number,
  uniforms: ArrayLike<number>,
  out: Int32Array,
): Int32Array {
  const rows = rowCount(probs, V);
  if (uniforms.length < rows) throw new RangeError(`${uniforms.length} uniforms for ${rows} rows`);
  if (out.length < rows) throw new RangeError(`out has ${out.length} slots for ${rows} rows`);
  for (let r = 0; r < rows; r++) out[r] = sampleWeightsRow(probs, r * V, V, uniforms[r]!);
  return out;
}

/**
 * Next-token choice for a batch: greedy argmax when `temperature === 0` (uniforms unused, lowest
 * index on ties), otherwise an inverse-CDF draw from softmax(logits). Expects logits already
 * warped (see `applyWarpers`); temperature is only consulted for the greedy switch.
 */
export function chooseTokens(
  logits: FloatArray,
  V: number,
  temperature: number,
  uniforms: ArrayLike<number>,
  out: Int32Array,
  scratch?: Float64Array,
): Int32Array {
  if (temperature === 0) return argmaxRows(logits, V, out);
  return sampleLogitsRows(logits, V, uniforms, out, scratch);
}
