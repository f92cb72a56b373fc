/**
 * Philox4x32-10 counter-based random number generator (Salmon, Moraes, Dror, Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the Random123 library).
 *
 * Why counter-based: a draw is a pure function of (key, counter), so sample i's random numbers
 * depend only on (seed, i, draw counter, position within the draw). Results are bit-identical
 * whatever the batch size, the order samples are processed in, or how work is split across
 * threads/processes (DESIGN.md §4 "Randomness is counter-based").
 *
 * Stream layout used throughout the runtime (fixed; changing it changes every seeded result):
 *
 *   key     = (seed mod 2^64) as two 32-bit words  (k0 = low word, k1 = high word)
 *   counter = (block, sample, draw_lo, draw_hi)
 *
 * where `sample` is the global sample index (0 ≤ i < 2^32), `draw` is the draw counter
 * (0 ≤ d < 2^64, chosen by the caller: e.g. a per-step, per-random-op counter in the plan) and
 * `block` enumerates the 128-bit output blocks of that one draw. Value j of a draw is read from
 * fixed words of fixed blocks (see each `fill*` function), so the j-th value never depends on how
 * many values were requested.
 *
 * Conversions to floats give open-interval uniforms (never exactly 0 or 1), so `log(u)`,
 * `log(-log(u))` and `log(1-u)` are always finite:
 *   - float64: 52 random bits, u = (k + 0.5)·2^-52 ∈ [2^-53, 1 − 2^-53]; 2^52 equally spaced values.
 *   - float32: 23 random bits, u = (k + 0.5)·2^-23 ∈ [2^-24, 1 − 2^-24]; 2^23 equally spaced values.
 * Both grids are exactly representable in their type (a 24-/53-bit significand holds the odd
 * numerator 2k+1), which is why one bit is spent on the half-cell offset: a 24-bit grid shifted
 * by half a cell would round its top value to 1.0f and break the open interval.
 */

/**
 * A seed: any integer; reduced mod 2^64 (negative numbers wrap, two's complement). A key from
 * {@link philoxKey} is accepted too, so a loop drawing many times derives it once.
 */
export type Seed = bigint | number | PhiloxKey;

/** Philox round multipliers and Weyl key increments (Random123 `PHILOX_M4x32_*`, `PHILOX_W32_*`). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
// 16-bit halves of the multipliers, for the exact high-word product below.
const M0_LO = M0 & 0xffff;
const M0_HI = M0 >>> 16;
const M1_LO = M1 & 0xffff;
const M1_HI = M1 >>> 16;

const TWO_POW_M16 = 1 / 65536;
const TWO_POW_M23 = 2 ** -23;
const TWO_POW_M52 = 2 ** -52;
const TWO_PI = 2 * Math.PI;

/**
 * One Philox4x32-10 block: encrypts counter (c0..c3) under key (k0, k1) and writes four uint32
 * words to `out[offset..offset+4)`. All arguments are uint32 values (numbers).
 *
 * The 32×32→64-bit products are computed exactly with doubles: the low word with Math.imul,
 * the high word by splitting the constant multiplier into 16-bit halves so every intermediate is
 * below 2^53. No allocation; this is the hot loop of every fill function.
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  offset = 0,
): void {
  c0 >>>= 0;
  c1 >>>= 0;
  c2 >>>= 0;
  c3 >>>= 0;
  k0 >>>= 0;
  k1 >>>= 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    // hi(M0 * c0): floor((c0*M0_HI + floor(c0*M0_LO / 2^16)) / 2^16), all terms < 2^49.
    const hi0 = Math.floor((c0 * M0_HI + Math.floor(c0 * M0_LO * TWO_POW_M16)) * TWO_POW_M16);
    const lo0 = Math.imul(c0, M0) >>> 0;
    const hi1 = Math.floor((c2 * M1_HI + Math.floor(c2 * M1_LO * TWO_POW_M16)) * TWO_POW_M16);
    const lo1 = Math.imul(c2, M1) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}

/** A seed reduced to the two 32-bit Philox key words. */
export interface PhiloxKey {
  readonly k0: number;
  readonly k1: number;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * Reduces a seed to a Philox key. Numbers must be safe integers (a fractional or unsafe seed would
 * silently alias other seeds, so it throws).
 */
export function philoxKey(seed: Seed): PhiloxKey {
  if (typeof seed === "object") return seed;
  const s = toU64(seed, "seed");
  return { k0: Number(s & 0xffffffffn), k1: Number((s >> 32n) & 0xffffffffn) };
}

/** A draw counter: an integer in [0, 2^64). */
export type DrawCounter = bigint | number;

function toU64(x: bigint | number, what: string): bigint {
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x)) throw new RangeError(`${what} must be a safe integer, got ${x}`);
    return BigInt(x) & MASK64;
  }
  return x & MASK64;
}

/** Splits a draw counter into (lo, hi) uint32 words; negative or ≥ 2^64 counters are rejected. */
function drawWords(draw: DrawCounter): [number, number] {
  if (typeof draw === "number") {
    if (!Number.isSafeInteger(draw) || draw < 0) {
      throw new RangeError(`draw counter must be a non-negative safe integer, got ${draw}`);
    }
    return [draw % 4294967296, Math.floor(draw / 4294967296)];
  }
  if (draw < 0n || draw > MASK64) throw new RangeError(`draw counter out of range: ${draw}`);
  return [Number(draw & 0xffffffffn), Number(draw >> 32n)];
}

/**
 * Which samples a batch fill covers: a number `o` means the contiguous global indices o, o+1, …;
 * an array gives each row's global sample index explicitly (e.g. the still-running samples).
 */
export type SampleIndices = number | ArrayLike<number>;

function sampleAt(samples: SampleIndices, row: number): number {
  const s = typeof samples === "number" ? samples + row : samples[row]!;
  if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
    throw new RangeError(`sample index must be an integer in [0, 2^32), got ${s}`);
  }
  return s;
}

function checkShape(outLength: number, perSample: number, samples: SampleIndices): number {
  if (!Number.isInteger(perSample) || perSample < 0) {
    throw new RangeError(`perSample must be a non-negative integer, got ${perSample}`);
  }
  if (perSample === 0) return typeof samples === "number" ? 0 : samples.length;
  if (outLength % perSample !== 0) {
    throw new RangeError(`output length ${outLength} is not a multiple of perSample ${perSample}`);
  }
  const rows = outLength / perSample;
  if (typeof samples !== "number" && samples.length !== rows) {
    throw new RangeError(`${samples.length} sample indices given for ${rows} rows`);
  }
  return rows;
}

// Scratch block reused by all fills (single-threaded JS: no reentrancy inside a fill).
const BLOCK = new Uint32Array(4);

/** u = (k + 0.5)·2^-52 from the top 52 bits of (hi, lo). */
function u52(hi: number, lo: number): number {
  return ((hi >>> 0) * 1048576 + (lo >>> 12) + 0.5) * TWO_POW_M52;
}

/** u = (k + 0.5)·2^-23 from the top 23 bits of w. */
function u23(w: number): number {
  return ((w >>> 9) + 0.5) * TWO_POW_M23;
}

/**
 * Fills `out` ([rows, perSample], row-major) with uniforms in the open interval (0, 1).
 *
 * Float32Array: value j of a draw is word (j mod 4) of block ⌊j/4⌋, 23-bit grid.
 * Float64Array: value j uses words (2j mod 4, 2j+1 mod 4) of block ⌊j/2⌋, 52-bit grid.
 * Row r belongs to global sample `samples[r]` (or `samples + r`).
 */
export function fillUniform(
  out: Float32Array | Float64Array,
  seed: Seed,
  samples: SampleIndices,
  perSample: number,
  draw: DrawCounter,
): void {
  const rows = checkShape(out.length, perSample, samples);
  const { k0, k1 } = philoxKey(seed);
  const [d0, d1] = drawWords(draw);
  const f64 = out instanceof Float64Array;
  for (let r = 0; r < rows; r++) {
    const s = sampleAt(samples, r);
    const base = r * perSample;
    if (f64) {
      for (let j = 0; j < perSample; j += 2) {
        philox4x32(j >>> 1, s, d0, d1, k0, k1, BLOCK);
        out[base + j] = u52(BLOCK[0]!, BLOCK[1]!);
        if (j + 1 < perSample) out[base + j + 1] = u52(BLOCK[2]!, BLOCK[3]!);
      }
    } else {
      for (let j = 0; j < perSample; j += 4) {
        philox4x32(j >>> 2, s, d0, d1, k0, k1, BLOCK);
        const n = Math.min(4, perSample - j);
        for (let w = 0; w < n; w++) out[base + j + w] = u23(BLOCK[w]!);
      }
    }
  }
}

/**
 * Fills `out` ([rows, perSample]) with standard normals by Box–Muller, using both outputs:
 * block ⌊j/2⌋ gives u1 (words 0,1) and u2 (words 2,3), both 52-bit open uniforms, and
 * z_{2m} = √(−2 ln u1)·cos(2π u2), z_{2m+1} = √(−2 ln u1)·sin(2π u2).
 * The float64 uniforms are used for Float32Array output too, so the tails reach ≈ 8.6σ instead
 * of the 5.8σ a 23-bit u1 would allow. Deterministic: V8's Math.log/cos/sin are fdlibm ports.
 */
export function fillNormal(
  out: Float32Array | Float64Array,
  seed: Seed,
  samples: SampleIndices,
  perSample: number,
  draw: DrawCounter,
): void {
  const rows = checkShape(out.length, perSample, samples);
  const { k0, k1 } = philoxKey(seed);
  const [d0, d1] = drawWords(draw);
  for (let r = 0; r < rows; r++) {
    const s = sampleAt(samples, r);
    const base = r * perSample;
    for (let j = 0; j < perSample; j += 2) {
      philox4x32(j >>> 1, s, d0, d1, k0, k1, BLOCK);
      const rad = Math.sqrt(-2 * Math.log(u52(BLOCK[0]!, BLOCK[1]!)));
      const theta = TWO_PI * u52(BLOCK[2]!, BLOCK[3]!);
      out[base + j] = rad * Math.cos(theta);
      if (j + 1 < perSample) out[base + j + 1] = rad * Math.sin(theta);
    }
  }
}

/**
 * Fills `out` ([rows, perSample]) with standard Gumbel variates g = −ln(−ln u), from the same
 * 52-bit uniforms as the Float64Array branch of {@link fillUniform} (value j ↔ uniform j), so
 * `gumbel[j] == -log(-log(uniform64[j]))` for the same (seed, sample, draw).
 */
export function fillGumbel(
  out: Float32Array | Float64Array,
  seed: Seed,
  samples: SampleIndices,
  perSample: number,
  draw: DrawCounter,
): void {
  const rows = checkShape(out.length, perSample, samples);
  const { k0, k1 } = philoxKey(seed);
  const [d0, d1] = drawWords(draw);
  for (let r = 0; r < rows; r++) {
    const s = sampleAt(samples, r);
    const base = r * perSample;
    for (let j = 0; j < perSample; j += 2) {
      philox4x32(j >>> 1, s, d0, d1, k0, k1, BLOCK);
      out[base + j] = -Math.log(-Math.log(u52(BLOCK[0]!, BLOCK[1]!)));
      if (j + 1 < perSample) out[base + j + 1] = -Math.log(-Math.log(u52(BLOCK[2]!, BLOCK[3]!)));
    }
  }
}

/**
 * Fills `out` ([rows, perSample]) with raw uint32 words: word j is word (j mod 4) of block ⌊j/4⌋.
 * Useful for integer draws (e.g. random permutations) and for testing.
 */
export function fillBits(
  out: Uint32Array,
  seed: Seed,
  samples: SampleIndices,
  perSample: number,
  draw: DrawCounter,
): void {
  const rows = checkShape(out.length, perSample, samples);
  const { k0, k1 } = philoxKey(seed);
  const [d0, d1] = drawWords(draw);
  for (let r = 0; r < rows; r++) {
    const s = sampleAt(samples, r);
    const base = r * perSample;
    for (let j = 0; j < perSample; j += 4) {
      philox4x32(j >>> 2, s, d0, d1, k0, k1, BLOCK);
      const n = Math.min(4, perSample - j);
      for (let w = 0; w < n; w++) out[base + j + w] = BLOCK[w]!;
    }
  }
}

/**
 * One float64 uniform in (0, 1): value j of draw `draw` for sample `sample` — identical to
 * element j of a Float64Array {@link fillUniform} row for that sample.
 */
export function uniformAt(seed: Seed, sample: number, draw: DrawCounter, j = 0): number {
  const { k0, k1 } = philoxKey(seed);
  const [d0, d1] = drawWords(draw);
  philox4x32(j >>> 1, sampleAt(sample, 0), d0, d1, k0, k1, BLOCK);
  return (j & 1) === 0 ? u52(BLOCK[0]!, BLOCK[1]!) : u52(BLOCK[2]!, BLOCK[3]!);
}
