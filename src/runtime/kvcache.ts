/**
 * KV-cache bookkeeping for ONNX decoders that follow the transformers.js / ORT-GenAI / optimum
 * convention (anchors.md §2.4–2.5): inputs `past_key_values.{i}.key|value`, outputs
 * `present.{i}.key|value`, optional `attention_mask`, `position_ids` and `use_cache_branch`.
 *
 * The cache is an immutable value (DESIGN.md §4: sampler state is per request and immutable):
 * every operation returns a new {@link KvCache}. It holds the per-layer tensors of the past
 * ([batch, …, past_len, …], batch on axis 0) and the attention mask of the past positions
 * ([batch, past_len], 1 = real token, 0 = left padding), from which the next step's
 * `attention_mask` and `position_ids` are derived exactly as Hugging Face does:
 * position_ids = cumsum(mask) − 1, with padded positions set to 1.
 *
 * {@link TokenKvCache} (tokenKvCache.ts) adds what a decoding loop needs on top: which sample each
 * row belongs to and which tokens it holds, so the cache is reused only over the prefix that still
 * matches. The plan interpreter keeps one per decoder model.
 */

import type { ModelIO, ModelSignature } from "./session.js";
import { allocData, type DType, sizeOf, type Tensor, type TensorData } from "./tensor.js";

/** Name patterns of the cache tensors; `%d` is the layer index. */
export interface KvPatterns {
  readonly pastKey: string;
  readonly pastValue: string;
  readonly presentKey: string;
  readonly presentValue: string;
}

/** The transformers.js / ORT-GenAI names. */
export const DEFAULT_KV_PATTERNS: KvPatterns = {
  pastKey: "past_key_values.%d.key",
  pastValue: "past_key_values.%d.value",
  presentKey: "present.%d.key",
  presentValue: "present.%d.value",
};

/** A past-input name pattern and the present-output pattern that replaces it (`%d` = layer). */
export interface KvPatternPair {
  readonly past: string;
  readonly present: string;
}

/** One cache tensor: a past input paired with the present output that replaces it. */
export interface KvTensorSpec {
  readonly layer: number;
  /** "key" / "value" with {@link KvPatterns}; with a list of pattern pairs, the past pattern. */
  readonly kind: string;
  readonly past: string;
  readonly present: string;
  readonly dtype: DType;
  /** Declared shape of the past input. */
  readonly shape: ReadonlyArray<number | string>;
  /** Axis holding the sequence (past length); batch is always axis 0. */
  readonly seqAxis: number;
  /** Shape with every dim except batch and sequence resolved to a number. */
  readonly dims: readonly number[];
}

/** Everything needed to drive a decoder's cache, discovered from its signature. */
export interface KvLayout {
  readonly numLayers: number;
  /** Cache tensors ordered layer 0 key, layer 0 value, layer 1 key, … (layer-major, pattern order). */
  readonly tensors: readonly KvTensorSpec[];
  /** Heads and head size when the cache is [batch, heads, seq, head_dim]; undefined otherwise. */
  readonly numHeads: number | undefined;
  readonly headDim: number | undefined;
  readonly inputIds: ModelIO | undefined;
  readonly attentionMask: ModelIO | undefined;
  readonly positionIds: ModelIO | undefined;
  readonly useCacheBranch: ModelIO | undefined;
}

/** Options of {@link discoverKvLayout}. */
export interface KvDiscoverOptions {
  /** Key/value patterns (defaults filled in), or any list of past/present pattern pairs. */
  readonly patterns?: Partial<KvPatterns> | readonly KvPatternPair[];
  readonly inputIds?: string;
  readonly attentionMask?: string;
  readonly positionIds?: string;
  readonly useCacheBranch?: string;
  /** Values for symbolic dims other than batch and sequence (e.g. `{ num_heads: 12 }`). */
  readonly dims?: Readonly<Record<string, number>>;
  /** Sequence axis, when the declared shape does not make it unambiguous (default: inferred, else 2). */
  readonly seqAxis?: number;
}

function patternRegex(p: string): RegExp {
  if (!p.includes("%d")) throw new RangeError(`cache name pattern "${p}" has no %d placeholder`);
  const parts = p.split("%d").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("(\\d+)")}$`);
}

function layerName(p: string, i: number): string {
  return p.replace("%d", String(i));
}

function patternPairs(p: KvDiscoverOptions["patterns"]): { past: string; present: string; kind: string }[] {
  if (Array.isArray(p)) return (p as readonly KvPatternPair[]).map((q) => ({ past: q.past, present: q.present, kind: q.past }));
  const pat: KvPatterns = { ...DEFAULT_KV_PATTERNS, ...(p as Partial<KvPatterns> | undefined) };
  return [
    { past: pat.pastKey, present: pat.presentKey, kind: "key" },
    { past: pat.pastValue, present: pat.presentValue, kind: "value" },
  ];
}

/**
 * Finds the cache inputs/outputs of a decoder. Returns `null` if the model has no past inputs
 * (a full-prefix model). Throws with a precise message when the cache is incomplete (a past
 * without its present, a gap in layer numbers) or a dim cannot be resolved.
 */
export function discoverKvLayout(sig: ModelSignature, opts: KvDiscoverOptions = {}): KvLayout | null {
  const pairs = patternPairs(opts.patterns);
  if (pairs.length === 0) throw new RangeError("no cache name patterns given");
  const inputs = new Map(sig.inputs.map((i) => [i.name, i]));
  const outputs = new Map(sig.outputs.map((o) => [o.name, o]));
  const re = patternRegex(pairs[0]!.past);
  for (const p of pairs) patternRegex(p.present);
  const layers = sig.inputs
    .map((i) => re.exec(i.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  if (layers.length === 0) return null;
  layers.forEach((l, i) => {
    if (l !== i) throw new Error(`cache layers must be numbered 0..${layers.length - 1}; found ${layers.join(", ")}`);
  });
  const tensors: KvTensorSpec[] = [];
  for (const layer of layers) {
    for (const pair of pairs) {
      const kind = pair.kind;
      const past = layerName(pair.past, layer);
      const present = layerName(pair.present, layer);
      const pin = inputs.get(past);
      const pout = outputs.get(present);
      if (!pin) throw new Error(`cache input "${past}" is missing`);
      if (!pout) throw new Error(`cache input "${past}" has no matching output "${present}"`);
      if (pin.dtype === "unsupported" || pin.dtype !== pout.dtype) {
        throw new Error(`cache "${past}" (${pin.dtype}) and "${present}" (${pout.dtype}) must share a supported dtype`);
      }
      if (!pin.shape || pin.shape.length < 2) throw new Error(`cache input "${past}" needs a known rank ≥ 2`);
      const seqAxis = opts.seqAxis ?? inferSeqAxis(pin.shape, opts.dims ?? {});
      if (seqAxis <= 0 || seqAxis >= pin.shape.length) throw new Error(`bad sequence axis ${seqAxis} for "${past}"`);
      const dims = pin.shape.map((d, ax) => {
        if (ax === 0 || ax === seqAxis) return 0;
        if (typeof d === "number") return d;
        const v = opts.dims?.[d];
        if (v === undefined) {
          throw new Error(`cache input "${past}" has symbolic dim "${d}" at axis ${ax}; pass its value in dims`);
        }
        return v;
      });
      tensors.push({ layer, kind, past, present, dtype: pin.dtype, shape: pin.shape, seqAxis, dims });
    }
  }
  const first = tensors[0]!;
  const fourD = first.dims.length === 4 && first.seqAxis === 2;
  const opt = (name: string | undefined, dflt: string) => inputs.get(name ?? dflt);
  return {
    numLayers: layers.length,
    tensors,
    numHeads: fourD ? first.dims[1] : undefined,
    headDim: fourD ? first.dims[3] : undefined,
    inputIds: opt(opts.inputIds, "input_ids"),
    attentionMask: opt(opts.attentionMask, "attention_mask"),
    positionIds: opt(opts.positionIds, "position_ids"),
    useCacheBranch: opt(opts.useCacheBranch, "use_cache_branch"),
  };
}

/** The one symbolic axis besides batch that is not overridden; 2 ([B, H, S, D]) if ambiguous. */
function inferSeqAxis(shape: ReadonlyArray<number | string>, dims: Readonly<Record<string, number>>): number {
  const sym: number[] = [];
  shape.forEach((d, ax) => {
    if (ax > 0 && typeof d === "string" && dims[d] === undefined) sym.push(ax);
  });
  return sym.length === 1 ? sym[0]! : 2;
}

/** Makes an integer tensor of the declared dtype (int64, int32, float32 or bool) from int values. */
function intTensor(io: ModelIO, dims: number[], values: Int32Array): Tensor {
  const dtype = io.dtype === "unsupported" ? "int64" : io.dtype;
  const data = allocData(dtype, values.length);
  if (data instanceof BigInt64Array) for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]!);
  else (data as Exclude<TensorData, BigInt64Array>).set(values);
  return { dtype, dims, data } as Tensor;
}

/** Shared all-ones buffers per dtype (grown by doubling); handed out as read-only prefixes. */
const ONES = new Map<DType, TensorData>();

function ones(dtype: DType, n: number): TensorData {
  let buf = ONES.get(dtype);
  if (!buf || buf.length < n) {
    buf = allocData(dtype, Math.max(n, 2 * (buf?.length ?? 0), 256));
    if (buf instanceof BigInt64Array) buf.fill(1n);
    else (buf as Exclude<TensorData, BigInt64Array>).fill(dtype === "float16" ? 0x3c00 : 1);
    ONES.set(dtype, buf);
  }
  return buf.subarray(0, n) as TensorData;
}

/**
 * The `attention_mask` and `position_ids` feeds (for the inputs given) of a step that appends
 * `newLength` positions after `past` real ones in every row, with no padding anywhere: the mask is
 * all ones over past + new, positions run past, past + 1, …. This is what {@link KvCache.stepFeeds}
 * gives for an unpadded cache, and what a full-prefix model (no cache, past 0) needs. The mask's
 * data is a shared read-only buffer.
 */
export function unpaddedStepFeeds(
  io: { readonly attentionMask?: ModelIO | undefined; readonly positionIds?: ModelIO | undefined },
  batch: number,
  past: number,
  newLength: number,
): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  const total = past + newLength;
  if (io.attentionMask) {
    const m = io.attentionMask;
    const dtype = m.dtype === "unsupported" ? "int64" : m.dtype;
    feeds[m.name] = { dtype, dims: [batch, total], data: ones(dtype, batch * total) } as Tensor;
  }
  if (io.positionIds) {
    const p = io.positionIds;
    const dtype = p.dtype === "unsupported" ? "int64" : p.dtype;
    const data = allocData(dtype, batch * newLength);
    if (data instanceof BigInt64Array) {
      for (let j = 0; j < newLength; j++) data[j] = BigInt(past + j);
    } else {
      for (let j = 0; j < newLength; j++) (data as Exclude<TensorData, BigInt64Array>)[j] = past + j;
    }
    for (let b = 1; b < batch; b++) (data as { copyWithin(t: number, s: number, e: number): unknown }).copyWithin(b * newLength, 0, newLength);
    feeds[p.name] = { dtype, dims: [batch, newLength], data } as Tensor;
  }
  return feeds;
}

function allNonZero(xs: ArrayLike<number>): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i] === 0) return false;
  return true;
}

/** Copies `rows` of a batch-major array with `rowSize` elements per row into a new array. */
function gatherRows<T extends TensorData>(src: T, rowSize: number, rows: ArrayLike<number>, batch: number): T {
  const out = new (src.constructor as new (n: number) => T)(rows.length * rowSize);
  for (let r = 0; r < rows.length; r++) {
    const b = rows[r]!;
    if (!Number.isInteger(b) || b < 0 || b >= batch) throw new RangeError(`row ${b} outside batch of ${batch}`);
    (out as { set(a: ArrayLike<unknown>, o: number): void }).set(src.subarray(b * rowSize, (b + 1) * rowSize), r * rowSize);
  }
  return out;
}

/**
 * Left-pads `src` (dims with `len` at `axis`) to `target` along `axis` with zeros, writing into
 * `dst` at batch offset `batchOff` (dst has `target` at axis and a larger batch).
 */
function padInto(
  src: TensorData,
  dims: readonly number[],
  axis: number,
  target: number,
  dst: TensorData,
  batchOff: number,
): void {
  const len = dims[axis]!;
  const inner = sizeOf(dims.slice(axis + 1));
  const outer = sizeOf(dims.slice(0, axis)); // includes batch
  const perBatchOuter = outer / (dims[0] || 1);
  const dstBase = batchOff * perBatchOuter * target * inner;
  const setter = dst as { set(a: ArrayLike<unknown>, o: number): void };
  for (let o = 0; o < outer; o++) {
    setter.set(src.subarray(o * len * inner, (o + 1) * len * inner), dstBase + (o * target + (target - len)) * inner);
  }
}

/** An immutable KV cache for a batch of sequences (see the module comment). */
export class KvCache {
  private constructor(
    readonly layout: KvLayout,
    readonly batch: number,
    readonly pastLength: number,
    /** One tensor per `layout.tensors` entry. */
    readonly tensors: readonly Tensor[],
    /** [batch, pastLength] (1 real, 0 left padding), or null when every past position is real. */
    private readonly pastMask: Int32Array | null,
  ) {}

  /** The cache before the first step: past length 0 for every tensor. */
  static empty(layout: KvLayout, batch: number): KvCache {
    if (!Number.isInteger(batch) || batch <= 0) throw new RangeError(`batch must be a positive integer, got ${batch}`);
    const tensors = layout.tensors.map((s) => {
      const dims = s.dims.map((d, ax) => (ax === 0 ? batch : ax === s.seqAxis ? 0 : d));
      return { dtype: s.dtype, dims, data: allocData(s.dtype, 0) } as Tensor;
    });
    return new KvCache(layout, batch, 0, tensors, null);
  }

  /** [batch, pastLength]: 1 for real positions, 0 for left padding (a fresh array). */
  get mask(): Int32Array {
    return this.pastMask ? this.pastMask.slice() : new Int32Array(this.batch * this.pastLength).fill(1);
  }

  /** True if some past position is left padding. */
  get padded(): boolean {
    return this.pastMask !== null;
  }

  /** Bytes held by the cache tensors. */
  get bytes(): number {
    return this.tensors.reduce((n, t) => n + t.data.byteLength, 0);
  }

  /** Number of real (unpadded) past positions of each row. */
  realLengths(): Int32Array {
    const out = new Int32Array(this.batch);
    const m = this.pastMask;
    for (let b = 0; b < this.batch; b++) {
      if (!m) {
        out[b] = this.pastLength;
        continue;
      }
      let c = 0;
      for (let s = 0; s < this.pastLength; s++) c += m[b * this.pastLength + s]!;
      out[b] = c;
    }
    return out;
  }

  /**
   * The feeds, besides `input_ids`, for a step that appends `newLength` positions: every past
   * tensor, plus `attention_mask` [batch, past+new], `position_ids` [batch, new] and
   * `use_cache_branch` [1] when the model declares them. `newMask` ([batch, newLength], default all
   * ones) marks left padding inside the new positions (a padded prompt at prefill). The returned
   * tensors are read-only (the past tensors are the cache's own; an all-ones mask is shared).
   */
  stepFeeds(newLength: number, newMask?: ArrayLike<number>): Record<string, Tensor> {
    if (!Number.isInteger(newLength) || newLength <= 0) throw new RangeError(`newLength must be a positive integer`);
    const L = this.layout;
    let feeds: Record<string, Tensor>;
    if (!this.pastMask && !newMask) {
      feeds = unpaddedStepFeeds(L, this.batch, this.pastLength, newLength);
    } else {
      feeds = {};
      const full = this.fullMask(newLength, newMask);
      const total = this.pastLength + newLength;
      if (L.attentionMask) feeds[L.attentionMask.name] = intTensor(L.attentionMask, [this.batch, total], full);
      if (L.positionIds) {
        const pos = new Int32Array(this.batch * newLength);
        for (let b = 0; b < this.batch; b++) {
          let c = 0;
          for (let s = 0; s < total; s++) {
            const m = full[b * total + s]!;
            c += m;
            if (s >= this.pastLength) pos[b * newLength + s - this.pastLength] = m ? c - 1 : 1;
          }
        }
        feeds[L.positionIds.name] = intTensor(L.positionIds, [this.batch, newLength], pos);
      }
    }
    for (let i = 0; i < L.tensors.length; i++) feeds[L.tensors[i]!.past] = this.tensors[i]!;
    if (L.useCacheBranch) {
      feeds[L.useCacheBranch.name] = intTensor(L.useCacheBranch, [1], Int32Array.of(this.pastLength > 0 ? 1 : 0));
    }
    return feeds;
  }

  /** The mask after appending `newLength` positions; null while nothing is padded. */
  private nextMask(newLength: number, newMask?: ArrayLike<number>): Int32Array | null {
    if (newMask && newMask.length !== this.batch * newLength) {
      throw new RangeError(`newMask must be [${this.batch}, ${newLength}]`);
    }
    if (!this.pastMask && (!newMask || allNonZero(newMask))) return null;
    return this.fullMask(newLength, newMask);
  }

  private fullMask(newLength: number, newMask?: ArrayLike<number>): Int32Array {
    if (!Number.isInteger(newLength) || newLength <= 0) throw new RangeError(`newLength must be a positive integer`);
    if (newMask && newMask.length !== this.batch * newLength) {
      throw new RangeError(`newMask must be [${this.batch}, ${newLength}]`);
    }
    const S = this.pastLength;
    const T = S + newLength;
    const full = new Int32Array(this.batch * T);
    for (let b = 0; b < this.batch; b++) {
      if (this.pastMask) full.set(this.pastMask.subarray(b * S, (b + 1) * S), b * T);
      else full.fill(1, b * T, b * T + S);
      for (let j = 0; j < newLength; j++) full[b * T + S + j] = newMask ? (newMask[b * newLength + j] ? 1 : 0) : 1;
    }
    return full;
  }

  /**
   * The cache after the step described by {@link stepFeeds}, taking the `present.*` outputs.
   * Checks that each present tensor is the past grown by exactly `newLength` along the sequence.
   */
  advance(outputs: Readonly<Record<string, Tensor>>, newLength: number, newMask?: ArrayLike<number>): KvCache {
    const total = this.pastLength + newLength;
    const specs = this.layout.tensors;
    const tensors = new Array<Tensor>(specs.length);
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i]!;
      const t = outputs[s.present];
      if (!t) throw new Error(`model output "${s.present}" is missing`);
      const past = this.tensors[i]!.dims;
      let ok = t.dtype === s.dtype && t.dims.length === past.length;
      for (let ax = 0; ok && ax < past.length; ax++) ok = t.dims[ax] === (ax === s.seqAxis ? total : past[ax]);
      if (!ok) {
        const want = past.map((d, ax) => (ax === s.seqAxis ? total : d));
        throw new Error(`"${s.present}" is ${t.dtype}[${t.dims}], expected ${s.dtype}[${want}]`);
      }
      tensors[i] = t;
    }
    return new KvCache(this.layout, this.batch, total, tensors, this.nextMask(newLength, newMask));
  }

  /** Keeps only the given batch rows, in the given order (e.g. the samples still running). */
  selectRows(rows: ArrayLike<number>): KvCache {
    if (rows.length === 0) throw new RangeError("selectRows needs at least one row");
    const tensors = this.tensors.map((t) => {
      const rowSize = sizeOf(t.dims.slice(1));
      return { dtype: t.dtype, dims: [rows.length, ...t.dims.slice(1)], data: gatherRows(t.data, rowSize, rows, this.batch) } as Tensor;
    });
    const mask = this.pastMask ? gatherRows(this.pastMask, this.pastLength, rows, this.batch) : null;
    return new KvCache(this.layout, rows.length, this.pastLength, tensors, mask);
  }

  /**
   * Keeps the first `length` past positions of every row (e.g. drop positions that were drafted
   * and then rejected). Exact for causal decoders: a position's keys and values depend only on
   * the positions before it.
   */
  truncate(length: number): KvCache {
    if (!Number.isInteger(length) || length < 0 || length > this.pastLength) {
      throw new RangeError(`cannot truncate a past of ${this.pastLength} positions to ${length}`);
    }
    if (length === this.pastLength) return this;
    const tensors = this.layout.tensors.map((s, i) => {
      const t = this.tensors[i]!;
      const outer = sizeOf(t.dims.slice(0, s.seqAxis));
      const inner = sizeOf(t.dims.slice(s.seqAxis + 1));
      const P = this.pastLength;
      const data = allocData(t.dtype, outer * length * inner);
      const setter = data as { set(a: ArrayLike<unknown>, o: number): void };
      for (let o = 0; o < outer; o++) setter.set(t.data.subarray(o * P * inner, (o * P + length) * inner), o * length * inner);
      return { dtype: t.dtype, dims: t.dims.map((d, ax) => (ax === s.seqAxis ? length : d)), data } as Tensor;
    });
    let mask: Int32Array | null = null;
    if (this.pastMask) {
      mask = new Int32Array(this.batch * length);
      for (let b = 0; b < this.batch; b++) mask.set(this.pastMask.subarray(b * this.pastLength, b * this.pastLength + length), b * length);
    }
    return new KvCache(this.layout, this.batch, length, tensors, mask);
  }

  /**
   * Stacks caches along the batch axis. Caches with shorter pasts are left-padded with zeros and
   * masked out (mask 0), so the result is only exact for models that honour `attention_mask`.
   */
  static concat(caches: readonly KvCache[]): KvCache {
    if (caches.length === 0) throw new RangeError("concat needs at least one cache");
    const layout = caches[0]!.layout;
    if (caches.some((c) => c.layout !== layout)) throw new Error("caches to concatenate must share one layout");
    const S = Math.max(...caches.map((c) => c.pastLength));
    const B = caches.reduce((n, c) => n + c.batch, 0);
    const tensors = layout.tensors.map((s, i) => {
      const d0 = caches[0]!.tensors[i]!.dims;
      const dims = d0.map((d, ax) => (ax === 0 ? B : ax === s.seqAxis ? S : d));
      const data = allocData(s.dtype, sizeOf(dims));
      let off = 0;
      for (const c of caches) {
        const t = c.tensors[i]!;
        padInto(t.data, t.dims, s.seqAxis, S, data, off);
        off += c.batch;
      }
      return { dtype: s.dtype, dims, data } as Tensor;
    });
    if (caches.every((c) => !c.pastMask && c.pastLength === S)) return new KvCache(layout, B, S, tensors, null);
    const mask = new Int32Array(B * S);
    let off = 0;
    for (const c of caches) {
      padInto(c.mask, [c.batch, c.pastLength], 1, S, mask, off);
      off += c.batch;
    }
    return new KvCache(layout, B, S, tensors, mask);
  }
}
