/**
 * Row-wise reductions over a [rows, V] logits matrix stored row-major in a typed array:
 * stable softmax / log-softmax, greedy argmax, entropy and max-probability.
 *
 * Conventions shared by the whole sampling module:
 *  - `V` is the row length; the number of rows is `logits.length / V` (checked).
 *  - A logit of −Infinity means "token removed" (what the warpers write); it gets probability 0
 *    and is skipped in sums, so 0·(−∞) never produces NaN.
 *  - Arithmetic is float64 (JS numbers) whatever the storage type, so float32 logits lose nothing
 *    in the reductions.
 *  - A row whose logits are all −∞ (or NaN) has no distribution; every function throws on it rather
 *    than returning NaNs that would surface far away.
 */

/** Floating storage accepted for logits and probabilities. */
export type FloatArray = Float32Array | Float64Array;

/** Number of rows of a [rows, V] matrix; throws if the length is not a multiple of V. */
export function rowCount(data: { readonly length: number }, V: number): number {
  if (!Number.isInteger(V) || V <= 0) throw new RangeError(`V must be a positive integer, got ${V}`);
  if (data.length % V !== 0) {
    throw new RangeError(`array length ${data.length} is not a multiple of V = ${V}`);
  }
  return data.length / V;
}

/** Maximum of row `r` (elements [off, off+V)); throws if no element is finite or +∞. */
export function rowMax(x: ArrayLike<number>, off: number, V: number): number {
  let m = -Infinity;
  for (let i = off, end = off + V; i < end; i++) {
    const v = x[i]!;
    if (v > m) m = v;
  }
  if (!(m > -Infinity) || m === Infinity) {
    throw new RangeError(
      `row at offset ${off} has no finite maximum (all −∞/NaN, or contains +∞): no distribution`,
    );
  }
  return m;
}

/**
 * log Σ exp(x) over one row, computed stably as m + log Σ exp(x − m).
 */
export function rowLogSumExp(x: ArrayLike<number>, off: number, V: number): number {
  const m = rowMax(x, off, V);
  let z = 0;
  for (let i = off, end = off + V; i < end; i++) z += Math.exp(x[i]! - m);
  return m + Math.log(z);
}

/**
 * Softmax of every row, written to `out` (may be `logits` itself for in-place). Stable: the row
 * maximum is subtracted before exponentiating; the normalizer is accumulated in float64.
 */
export function softmaxRows<T extends FloatArray>(logits: FloatArray, V: number, out: T): T {
  const rows = rowCount(logits, V);
  if (out.length !== logits.length) throw new RangeError("out must have the same length as logits");
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    const m = rowMax(logits, off, V);
    let z = 0;
    for (let i = off; i < off + V; i++) {
      const e = Math.exp(logits[i]! - m);
      out[i] = e;
      z += e;
    }
    const inv = 1 / z;
    for (let i = off; i < off + V; i++) out[i] = out[i]! * inv;
  }
  return out;
}

/** Log-softmax of every row into `out` (may alias `logits`): x − logsumexp(x); −∞ stays −∞. */
export function logSoftmaxRows<T extends FloatArray>(logits: FloatArray, V: number, out: T): T {
  const rows = rowCount(logits, V);
  if (out.length !== logits.length) throw new RangeError("out must have the same length as logits");
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    const lse = rowLogSumExp(logits, off, V);
    for (let i = off; i < off + V; i++) out[i] = logits[i]! - lse;
  }
  return out;
}

/**
 * Greedy decoding: index of the largest logit of each row, the LOWEST index on ties (strict `>`
 * while scanning upward), so the result is deterministic for tied models such as uniform rows.
 */
export function argmaxRows(logits: FloatArray, V: number, out: Int32Array): Int32Array {
  const rows = rowCount(logits, V);
  if (out.length < rows) throw new RangeError(`out has ${out.length} slots for ${rows} rows`);
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    let best = -1;
    let bv = -Infinity;
    for (let i = 0; i < V; i++) {
      const v = logits[off + i]!;
      if (v > bv) {
        bv = v;
        best = i;
      }
    }
    if (best < 0) throw new RangeError(`row ${r} has no finite logit`);
    out[r] = best;
  }
  return out;
}

/**
 * Shannon entropy (nats) of softmax(row) for every row: H = log Z − Σ p_i (x_i − m) with
 * Z = Σ exp(x_i − m); removed (−∞) tokens contribute 0.
 */
export function entropyRows(logits: FloatArray, V: number, out: Float64Array | Float32Array): typeof out {
  const rows = rowCount(logits, V);
  if (out.length < rows) throw new RangeError(`out has ${out.length} slots for ${rows} rows`);
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    const m = rowMax(logits, off, V);
    let z = 0;
    let s = 0;
    for (let i = off; i < off + V; i++) {
      const d = logits[i]! - m;
      if (d === -Infinity) continue;
      const e = Math.exp(d);
      z += e;
      s += e * d;
    }
    out[r] = Math.log(z) - s / z;
  }
  return out;
}

/** Largest softmax probability of every row: 1 / Σ exp(x_i − max). */
export function maxProbRows(logits: FloatArray, V: number, out: Float64Array | Float32Array): typeof out {
  const rows = rowCount(logits, V);
  if (out.length < rows) throw new RangeError(`out has ${out.length} slots for ${rows} rows`);
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    const m = rowMax(logits, off, V);
    let z = 0;
    for (let i = off; i < off + V; i++) z += Math.exp(logits[i]! - m);
    out[r] = 1 / z;
  }
  return out;
}
