/**
 * Logits warpers: in-place transformations of a [rows, V] Float32Array of logits that reshape the
 * next-token distribution before sampling. Removed tokens are set to −Infinity.
 *
 * Composition order (what {@link applyWarpers} does, and what Hugging Face transformers does in
 * `_get_logits_processor`):
 *
 *   repetition penalty → temperature → top-k → top-p → min-p
 *
 * The order changes the distribution (methods.md §5): e.g. top-p after temperature keeps a
 * different nucleus than top-p before it, and min-p measures against the post-top-p maximum
 * (which is unchanged, since top-p/top-k never remove the argmax). Verification (speculative
 * sampling) is only exact if target and draft are warped identically (check R7), so the
 * interpreter should always go through {@link applyWarpers} rather than composing ad hoc.
 *
 * Logits must not contain NaN (the results are then unspecified); +∞ is rejected where a row
 * maximum is needed.
 *
 * Ties are resolved deterministically everywhere: among equal logits the LOWER token index ranks
 * first. Hence top-k keeps exactly k tokens (HF keeps every token tied with the k-th value, so it
 * may keep more; the two agree whenever the k-th and (k+1)-th logits differ).
 */

import { rowCount, rowMax } from "./softmax.js";

/** Settings of the standard warpers; an absent or neutral value disables that warper. */
export interface WarperConfig {
  /** CTRL repetition penalty r > 0 (neutral 1). Needs the per-row context tokens. */
  readonly repetitionPenalty?: number;
  /** Temperature T > 0 (neutral 1). T = 0 means greedy decoding and is handled by the sampler. */
  readonly temperature?: number;
  /** Keep the k most likely tokens (neutral 0 or ≥ V). */
  readonly topK?: number;
  /** Nucleus mass p ∈ (0, 1] (neutral 1). */
  readonly topP?: number;
  /** Min-p ratio ∈ [0, 1] (neutral 0). */
  readonly minP?: number;
}

/**
 * Reusable buffers for the warpers that need them (top-k selection, top-p sort, repetition
 * de-duplication), sized for one row of V logits. One instance per interpreter (not shared
 * across concurrently running code).
 */
export class WarperScratch {
  /** Copy of a row for selection (top-k). */
  readonly values: Float32Array;
  /** Packed (rank key, token index) sort keys for top-p. */
  readonly keys: Float64Array;
  /** Unnormalized probabilities of one row (top-p). */
  readonly weights: Float64Array;
  /** Generation stamps marking tokens already penalized in the current row. */
  readonly stamp: Uint32Array;
  /** Current stamp generation; bumping it "clears" `stamp` in O(1). */
  generation = 0;

  constructor(readonly V: number) {
    if (V > MAX_V) throw new RangeError(`vocabulary size ${V} exceeds the supported ${MAX_V}`);
    this.values = new Float32Array(V);
    this.keys = new Float64Array(V);
    this.weights = new Float64Array(V);
    this.stamp = new Uint32Array(V);
  }
}

/** Largest vocabulary for which (32-bit rank, index) packs exactly into a double (2^21 tokens). */
export const MAX_V = 1 << 21;

function scratchFor(V: number, s: WarperScratch | undefined): WarperScratch {
  if (s && s.V === V) return s;
  return new WarperScratch(V);
}

/** Divides every logit by T (HF `TemperatureLogitsWarper`). T must be finite and > 0. */
export function applyTemperature(logits: Float32Array, V: number, temperature: number): void {
  rowCount(logits, V);
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`temperature must be finite and > 0 (use greedy for T = 0), got ${temperature}`);
  }
  if (temperature === 1) return;
  // Division (not multiplication by 1/T) so the float32 result is the correctly rounded quotient,
  // as in PyTorch: double rounding through float64 is innocuous for division (53 ≥ 2·24 + 2).
  for (let i = 0; i < logits.length; i++) logits[i] = logits[i]! / temperature;
}

/**
 * CTRL / HF repetition penalty: for every distinct token t present in row r's context, the logit
 * x = logits[r, t] becomes x / r if x ≥ 0 and x · r if x < 0 (so r > 1 always makes t less
 * likely). Each token is penalized once however often it occurs. Context ids outside [0, V)
 * (padding such as −1) are ignored.
 */
export function applyRepetitionPenalty(
  logits: Float32Array,
  V: number,
  penalty: number,
  context: ReadonlyArray<ArrayLike<number>>,
  scratch?: WarperScratch,
): void {
  const rows = rowCount(logits, V);
  if (!(penalty > 0) || !Number.isFinite(penalty)) {
    throw new RangeError(`repetition penalty must be finite and > 0, got ${penalty}`);
  }
  if (context.length !== rows) throw new RangeError(`${context.length} contexts for ${rows} rows`);
  if (penalty === 1) return;
  const s = scratchFor(V, scratch);
  for (let r = 0; r < rows; r++) {
    const gen = nextGeneration(s);
    const ctx = context[r]!;
    const off = r * V;
    for (let j = 0; j < ctx.length; j++) {
      const t = ctx[j]!;
      if (!(t >= 0 && t < V) || !Number.isInteger(t) || s.stamp[t] === gen) continue;
      s.stamp[t] = gen;
      const x = logits[off + t]!;
      logits[off + t] = x < 0 ? x * penalty : x / penalty;
    }
  }
}

function nextGeneration(s: WarperScratch): number {
  s.generation = (s.generation + 1) >>> 0;
  if (s.generation === 0) {
    // Wrapped after 2^32 rows: clear once so stale stamps cannot collide.
    s.stamp.fill(0);
    s.generation = 1;
  }
  return s.generation;
}

/**
 * Top-k: keeps exactly the k largest logits of each row (lowest index first among ties at the
 * boundary) and sets the rest to −∞. k ≤ 0 or k ≥ V is a no-op. O(V) per row: a quickselect on
 * a scratch copy finds the k-th largest value, then one pass keeps the values above it and the
 * first (k − #above) values equal to it.
 */
export function applyTopK(logits: Float32Array, V: number, k: number, scratch?: WarperScratch): void {
  const rows = rowCount(logits, V);
  if (!Number.isInteger(k)) throw new RangeError(`top-k must be an integer, got ${k}`);
  if (k <= 0 || k >= V) return;
  const s = scratchFor(V, scratch);
  const a = s.values;
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    a.set(logits.subarray(off, off + V));
    const t = selectKth(a, V, V - k); // k-th largest = (V−k)-th smallest (0-based)
    let above = 0;
    for (let i = off; i < off + V; i++) if (logits[i]! > t) above++;
    let ties = k - above;
    for (let i = off; i < off + V; i++) {
      const v = logits[i]!;
      if (v > t) continue;
      if (v === t && ties > 0) {
        ties--;
        continue;
      }
      logits[i] = -Infinity;
    }
  }
}

/**
 * Returns the value that would sit at index `k` if a[0..n) were sorted ascending (Hoare/Wirth
 * selection with a median-of-three pivot; reorders `a`). Equal keys are split evenly between the
 * two sides, so heavily tied rows (uniform logits, many −∞) stay O(n).
 */
function selectKth(a: Float32Array, n: number, k: number): number {
  let l = 0;
  let r = n - 1;
  while (r > l) {
    const mid = (l + r) >>> 1;
    // median of a[l], a[mid], a[r] as the pivot value
    const x0 = a[l]!,
      x1 = a[mid]!,
      x2 = a[r]!;
    const x = x0 < x1 ? (x1 < x2 ? x1 : x0 < x2 ? x2 : x0) : x0 < x2 ? x0 : x1 < x2 ? x2 : x1;
    let i = l;
    let j = r;
    do {
      while (a[i]! < x) i++;
      while (x < a[j]!) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) r = j;
  }
  return a[k]!;
}

/**
 * Writes a sort key for every logit of the row whose weight w_i = exp(x_i − m) is ≥ `minWeight`
 * into `keys`, so that ascending numeric order = descending logit, then ascending token index;
 * returns the number of keys written. Key = (2^32 − 1 − orderedBits(x))·2^21 + index, exact in a
 * double for V ≤ 2^21; sorting a Float64Array without a comparator is native and several times
 * faster than an index sort with a comparator.
 */
function descendingKeys(
  logits: Float32Array,
  off: number,
  V: number,
  w: Float64Array,
  minWeight: number,
  keys: Float64Array,
): number {
  const bits = F32_BITS;
  let n = 0;
  for (let i = 0; i < V; i++) {
    if (!(w[i]! >= minWeight) || w[i] === 0) continue;
    F32[0] = logits[off + i]! + 0; // + 0 turns −0 into +0 so the two zeros tie (then rank by index)
    const u = bits[0]!;
    // Map IEEE bits to an unsigned key increasing with the float value.
    const ordered = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
    keys[n++] = (0xffffffff - ordered) * TWO_POW_21 + i;
  }
  return n;
}

const F32 = new Float32Array(1);
const F32_BITS = new Uint32Array(F32.buffer);
const TWO_POW_21 = 2 ** 21;

/**
 * Slack on the nucleus mass test: a prefix whose mass falls short of p by less than this counts as
 * reaching p. Float32 logits carry ~1e-7 relative noise, so a model whose exact probabilities are
 * (.5, .3, .2) would otherwise get a nucleus for p = 0.8 that depends on rounding direction.
 */
export const TOP_P_EPSILON = 1e-6;

/**
 * Top-p (nucleus, Holtzman et al. 2019): keeps the smallest set of most likely tokens whose total
 * probability is ≥ p (up to {@link TOP_P_EPSILON}), always at least one token, and removes the
 * rest. Tokens are ranked by logit, ties by lower index, so the kept set is deterministic even
 * when several tokens straddle the boundary with equal probability. Renormalization is implicit
 * (the caller samples from the remaining logits). p ≥ 1 is a no-op.
 */
export function applyTopP(logits: Float32Array, V: number, p: number, scratch?: WarperScratch): void {
  const rows = rowCount(logits, V);
  if (!(p > 0) || Number.isNaN(p)) throw new RangeError(`top-p must be in (0, 1], got ${p}`);
  if (p >= 1) return;
  const s = scratchFor(V, scratch);
  const w = s.weights;
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    const m = rowMax(logits, off, V);
    let z = 0;
    for (let i = 0; i < V; i++) z += w[i] = Math.exp(logits[off + i]! - m);
    // Only tokens with w ≥ θ = (1−p)·Z/V can be in the nucleus: the others weigh < V·θ ≤ (1−p)·Z
    // together, so the tokens ≥ θ (which all rank before them) already reach p·Z. Halving θ
    // keeps a margin against rounding. This prefilter turns a 50k-element sort into a short one
    // for peaked distributions and costs nothing otherwise.
    const n = descendingKeys(logits, off, V, w, (0.5 * (1 - p) * z) / V, s.keys);
    const keys = s.keys.subarray(0, n);
    keys.sort();
    // Walk the ranking until the kept mass reaches p (with slack); mark survivors in `w` as −1.
    const target = (p - TOP_P_EPSILON) * z;
    let cum = 0;
    for (let k = 0; k < n; k++) {
      const i = keys[k]! % TWO_POW_21;
      cum += w[i]!;
      w[i] = -1;
      if (cum >= target) break;
    }
    for (let i = 0; i < V; i++) if (w[i] !== -1) logits[off + i] = -Infinity;
  }
}

/**
 * Min-p (Nguyen et al. 2024; HF `MinPLogitsWarper`): keeps tokens with probability ≥ minP · p_max
 * and removes the rest; the most likely token always survives. Evaluated as
 * exp(x − x_max) ≥ minP, which is the same ratio without normalizing. minP ≤ 0 is a no-op.
 */
export function applyMinP(logits: Float32Array, V: number, minP: number): void {
  const rows = rowCount(logits, V);
  if (!(minP <= 1) || Number.isNaN(minP)) throw new RangeError(`min-p must be in [0, 1], got ${minP}`);
  if (minP <= 0) return;
  for (let r = 0; r < rows; r++) {
    const off = r * V;
    const m = rowMax(logits, off, V);
    for (let i = off; i < off + V; i++) {
      if (Math.exp(logits[i]! - m) < minP) logits[i] = -Infinity;
    }
  }
}

/**
 * Applies the configured warpers in the fixed order repetition penalty → temperature → top-k →
 * top-p → min-p (see the module comment). `context` (one token list per row) is required only
 * when a repetition penalty ≠ 1 is set. Temperature 0 is rejected here: greedy decoding takes the
 * argmax of the unwarped logits, see `sampleLogitsRows`.
 */
export function applyWarpers(
  logits: Float32Array,
  V: number,
  cfg: WarperConfig,
  context?: ReadonlyArray<ArrayLike<number>>,
  scratch?: WarperScratch,
): void {
  const s = scratchFor(V, scratch);
  const rp = cfg.repetitionPenalty ?? 1;
  if (rp !== 1) {
    if (!context) throw new RangeError("repetition penalty needs the context tokens of each row");
    applyRepetitionPenalty(logits, V, rp, context, s);
  }
  if (cfg.temperature !== undefined && cfg.temperature !== 1) applyTemperature(logits, V, cfg.temperature);
  if (cfg.topK !== undefined) applyTopK(logits, V, cfg.topK, s);
  if (cfg.topP !== undefined) applyTopP(logits, V, cfg.topP, s);
  if (cfg.minP !== undefined) applyMinP(logits, V, cfg.minP);
}
