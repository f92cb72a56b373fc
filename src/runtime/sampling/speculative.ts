/**
 * Speculative-sampling verification kernel (Leviathan, Kalman, Matias 2023; Chen et al. 2023).
 *
 * Given γ tokens x_0..x_{γ−1} drafted from q and the target's probabilities p_0..p_γ at the same
 * positions (one target call scores all γ+1), for j = 0, 1, …:
 *   accept x_j iff u_j < min(1, p_j(x_j) / q_j(x_j));
 *   on the first rejection at j, emit y ~ norm(max(0, p_j − q_j)) and stop (n = j accepted);
 *   if all γ are accepted, emit a bonus y ~ p_γ (n = γ).
 * The emitted tokens x_0..x_{n−1}, y are then distributed exactly as γ' = n+1 draws from the
 * target (methods.md §5: min(p,q) + (1 − Σmin(p,q))·norm(max(0,p−q)) = p).
 *
 * Requirements for exactness (check R7): p and q must be the FINAL sampling distributions of target
 * and draft, after the same warpers; q_j(x_j) must be the probability the draft actually used.
 * A greedy draft is a one-hot q (pass `draftProbs = null`).
 *
 * Uniform layout per sample b (stride γmax + 1): u[b, j] for the acceptance test of draft j,
 * u[b, γmax] for the final (correction or bonus) draw — fixed slots, so a sample's randomness does
 * not depend on how many drafts it had or on the rest of the batch.
 */

import { type FloatArray } from "./softmax.js";
import { sampleWeightsRow } from "./categorical.js";

/** Inputs of {@link speculativeVerify} for a batch of B samples. */
export interface SpeculativeBatch {
  /** Vocabulary size. */
  readonly V: number;
  /** Stride of the draft axis (max drafts per sample). */
  readonly gammaMax: number;
  /** Drafts actually made per sample (default: γmax for all), each in [0, γmax]. */
  readonly gammas?: ArrayLike<number>;
  /** Drafted tokens, [B, γmax]. */
  readonly drafts: ArrayLike<number>;
  /** Draft distributions q, [B, γmax, V]; `null` = greedy draft (one-hot at the drafted token). */
  readonly draftProbs: FloatArray | null;
  /** Target distributions p, [B, γmax + 1, V]; row γ_b is used for the bonus token. */
  readonly targetProbs: FloatArray;
  /** Uniforms in (0,1), [B, γmax + 1] (see the module comment for the slots). */
  readonly uniforms: ArrayLike<number>;
  /** Output: number of accepted drafts per sample, [B]. */
  readonly accepted: Int32Array;
  /** Output: the correction (on rejection) or bonus (all accepted) token per sample, [B]. */
  readonly token: Int32Array;
}

/** Runs the verification rule for every sample of the batch (see the module comment). */
export function speculativeVerify(batch: SpeculativeBatch): void {
  const { V, gammaMax: G, drafts, draftProbs: q, targetProbs: p, uniforms: u } = batch;
  const B = batch.accepted.length;
  if (batch.token.length !== B) throw new RangeError("accepted and token must have equal length");
  if (drafts.length !== B * G) throw new RangeError(`drafts must be [${B}, ${G}]`);
  if (q && q.length !== B * G * V) throw new RangeError(`draftProbs must be [${B}, ${G}, ${V}]`);
  if (p.length !== B * (G + 1) * V) throw new RangeError(`targetProbs must be [${B}, ${G + 1}, ${V}]`);
  if (u.length !== B * (G + 1)) throw new RangeError(`uniforms must be [${B}, ${G + 1}]`);
  for (let b = 0; b < B; b++) {
    const gamma = batch.gammas ? batch.gammas[b]! : G;
    if (!Number.isInteger(gamma) || gamma < 0 || gamma > G) {
      throw new RangeError(`sample ${b}: ${gamma} drafts, expected an integer in [0, ${G}]`);
    }
    const uOff = b * (G + 1);
    let n = 0;
    let token = -1;
    for (; n < gamma; n++) {
      const x = drafts[b * G + n]!;
      if (!(x >= 0 && x < V)) throw new RangeError(`sample ${b}: draft token ${x} outside [0, ${V})`);
      const pOff = (b * (G + 1) + n) * V;
      const qOff = (b * G + n) * V;
      const px = p[pOff + x]!;
      const qx = q ? q[qOff + x]! : 1;
      // u < p/q written without division; px ≥ qx accepts surely (u < 1).
      if (px >= qx || u[uOff + n]! * qx < px) continue;
      token = sampleResidual(p, pOff, q, qOff, x, V, u[uOff + G]!);
      break;
    }
    if (token < 0) token = sampleWeightsRow(p, (b * (G + 1) + gamma) * V, V, u[uOff + G]!);
    batch.accepted[b] = n;
    batch.token[b] = token;
  }
}

/**
 * Draws from norm(max(0, p − q)) with uniform u in two passes (no scratch: the weights are
 * recomputed identically). `q === null` means one-hot at `x`. If the residual has no mass (only
 * possible through rounding when p ≈ q), falls back to p itself, which is then the same law.
 */
function sampleResidual(
  p: FloatArray,
  pOff: number,
  q: FloatArray | null,
  qOff: number,
  x: number,
  V: number,
  u: number,
): number {
  let z = 0;
  for (let i = 0; i < V; i++) {
    const d = p[pOff + i]! - (q ? q[qOff + i]! : i === x ? 1 : 0);
    if (d > 0) z += d;
  }
  if (!(z > 0)) return sampleWeightsRow(p, pOff, V, u);
  const target = u * z;
  let cum = 0;
  let last = -1;
  for (let i = 0; i < V; i++) {
    const d = p[pOff + i]! - (q ? q[qOff + i]! : i === x ? 1 : 0);
    if (d > 0) {
      cum += d;
      last = i;
      if (cum > target) return i;
    }
  }
  return last;
}
