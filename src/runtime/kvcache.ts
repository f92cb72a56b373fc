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

/** One cache tensor: a past input paired with the present output that replaces it. */
export interface KvTensorSpec {
  readonly layer: number;
  readonly kind: "key" | "value";
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
  /** Cache tensors ordered layer 0 key, layer 0 value, layer 1 key, … */
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
  readonly patterns?: Partial<KvPatterns>;
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

/**
 * Finds the cache inputs/outputs of a decoder. Returns `null` if the model has no past inputs
 * (a full-prefix model). Throws with a precise message when the cache is incomplete (a past
 * without its present, a gap in layer numbers) or a dim cannot be resolved.
 */
export function discoverKvLayout(sig: ModelSignature, opts: KvDiscoverOptions = {}): KvLayout | null {
  const pat: KvPatterns = { ...DEFAULT_KV_PATTERNS, ...opts.patterns };
  const inputs = new Map(sig.inputs.map((i) => [i.name, i]));
  const outputs = new Map(sig.outputs.map((o) => [o.name, o]));
  const re = patternRegex(pat.pastKey);
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
    for (const kind of ["key", "value"] as const) {
      const past = layerName(kind === "key" ? pat.pastKey : pat.pastValue, layer);
      const present = layerName(kind === "key" ? pat.presentKey : pat.presentValue, layer);
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
    /** [batch, pastLength]: 1 for real positions, 0 for left padding. */
    readonly mask: Int32Array,
  ) {}

  /** The cache before the first step: past length 0 for every tensor. */
  static empty(layout: KvLayout, batch: number): KvCache {
    if (!Number.isInteger(batch) || batch <= 0) throw new RangeError(`batch must be a positive integer, got ${batch}`);
    const tensors = layout.tensors.map((s) => {
      const dims = s.dims.map((d, ax) => (ax === 0 ? batch : ax === s.seqAxis ? 0 : d));
      return { dtype: s.dtype, dims, data: allocData(s.dtype, 0) } as Tensor;
    });
    return new KvCache(layout, batch, 0, tensors, new Int32Array(0));
  }

  /** Bytes held by the cache tensors. */
  get bytes(): number {
    return this.tensors.reduce((n, t) => n + t.data.byteLength, 0);
  }

  /** Number of real (unpadded) past positions of each row. */
  realLengths(): Int32Array {
    const out = new Int32Array(this.batch);
    for (let b = 0; b < this.batch; b++) {
      let c = 0;
      for (let s = 0; s < this.pastLength; s++) c += this.mask[b * this.pastLength + s]!;
      out[b] = c;
    }
    return out;
  }

  /**
   * The feeds, besides `input_ids`, for a step that appends `newLength` positions: every past
   * tensor, plus `attention_mask` [batch, past+new], `position_ids` [batch, new] and
   * `use_cache_branch` [1] when the model declares them. `newMask` ([batch, newLength], default all
   * ones) marks left padding inside the new positions (a padded prompt at prefill).
   */
  stepFeeds(newLength: number, newMask?: ArrayLike<number>): Record<string, Tensor> {
    const L = this.layout;
    const feeds: Record<string, Tensor> = {};
    L.tensors.forEach((s, i) => (feeds[s.past] = this.tensors[i]!));
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
    if (L.useCacheBranch) {
      feeds[L.useCacheBranch.name] = intTensor(L.useCacheBranch, [1], Int32Array.of(this.pastLength > 0 ? 1 : 0));
    }
    return feeds;
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
      full.set(this.mask.subarray(b * S, (b + 1) * S), b * T);
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
    const tensors = this.layout.tensors.map((s, i) => {
      const t = outputs[s.present];
      if (!t) throw new Error(`model output "${s.present}" is missing`);
      const want = this.tensors[i]!.dims.map((d, ax) => (ax === s.seqAxis ? total : d));
      if (t.dtype !== s.dtype || t.dims.length !== want.length || t.dims.some((d, ax) => d !== want[ax])) {
        throw new Error(`"${s.present}" is ${t.dtype}[${t.dims}], expected ${s.dtype}[${want}]`);
      }
      return t;
    });
    return new KvCache(this.layout, this.batch, total, tensors, this.fullMask(newLength, newMask));
  }

  /** Keeps only the given batch rows, in the given order (e.g. the samples still running). */
  selectRows(rows: ArrayLike<number>): KvCache {
    if (rows.length === 0) throw new RangeError("selectRows needs at least one row");
    const tensors = this.tensors.map((t) => {
      const rowSize = sizeOf(t.dims.slice(1));
      return { dtype: t.dtype, dims: [rows.length, ...t.dims.slice(1)], data: gatherRows(t.data, rowSize, rows, this.batch) } as Tensor;
    });
    const mask = gatherRows(this.mask, this.pastLength, rows, this.batch);
    return new KvCache(this.layout, rows.length, this.pastLength, tensors, mask);
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
    const mask = new Int32Array(B * S);
    let off = 0;
    for (const c of caches) {
      padInto(c.mask, [c.batch, c.pastLength], 1, S, mask, off);
      off += c.batch;
    }
    return new KvCache(layout, B, S, tensors, mask);
  }
}
