/**
 * Backend-neutral tensors: a dtype, dims and a row-major typed array. This is what the runtime
 * passes to and receives from a {@link ModelExecutor}; it deliberately does not depend on
 * onnxruntime so that a remote (KServe v2 / Triton) executor can implement the same interface.
 */

/** Element types the runtime exchanges with models (ONNX / onnxruntime names). */
export type DType = "float32" | "float64" | "float16" | "int64" | "int32" | "int8" | "uint8" | "bool";

/** Typed-array storage per dtype (float16 is raw IEEE half bits; bool is one byte, 0/1). */
export interface DTypeDataMap {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  int64: BigInt64Array;
  int32: Int32Array;
  int8: Int8Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

/** Any tensor storage. */
export type TensorData = DTypeDataMap[DType];

/** A dense row-major tensor. `data.length` equals the product of `dims`. */
export interface Tensor<D extends DType = DType> {
  readonly dtype: D;
  readonly dims: readonly number[];
  readonly data: DTypeDataMap[D];
}

const CTORS = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int64: BigInt64Array,
  int32: Int32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as const;

/** True if `s` names a dtype this runtime supports. */
export function isDType(s: string): s is DType {
  // String comparisons rather than a property lookup: type names from onnxruntime-node are fresh,
  // not internalized, strings (one per output per call), and a lookup would hash each of them.
  switch (s) {
    case "float32": case "int64": case "int32": case "float16": case "float64": case "int8": case "uint8": case "bool":
      return true;
    default:
      return false;
  }
}

/** Number of elements of a shape (1 for a scalar); throws on negative or fractional dims. */
export function sizeOf(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`invalid dimension ${d}`);
    n *= d;
  }
  return n;
}

/** Allocates zero-filled storage of `length` elements for `dtype`. */
export function allocData<D extends DType>(dtype: D, length: number): DTypeDataMap[D] {
  return new CTORS[dtype](length) as DTypeDataMap[D];
}

/** Builds a tensor, checking that the data has the right type and length for dtype and dims. */
export function makeTensor<D extends DType>(dtype: D, dims: readonly number[], data: DTypeDataMap[D]): Tensor<D> {
  const ctor = CTORS[dtype];
  if (!ctor) throw new RangeError(`unsupported dtype ${String(dtype)}`);
  if (!(data instanceof ctor)) {
    throw new TypeError(`${dtype} tensor needs a ${ctor.name}, got ${data?.constructor?.name}`);
  }
  const n = sizeOf(dims);
  if (data.length !== n) throw new RangeError(`data has ${data.length} elements, dims [${dims}] need ${n}`);
  return { dtype, dims: [...dims], data };
}

/** A zero-filled tensor. */
export function zeros<D extends DType>(dtype: D, dims: readonly number[]): Tensor<D> {
  return { dtype, dims: [...dims], data: allocData(dtype, sizeOf(dims)) };
}

/**
 * Widens int32 values to int64 into `dst` (allocated if absent or of the wrong length).
 * Token ids and masks live as Int32Array in the runtime; ONNX decoders want int64.
 */
export function int32ToInt64(src: ArrayLike<number>, dst?: BigInt64Array): BigInt64Array {
  const out = dst && dst.length === src.length ? dst : new BigInt64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = BigInt(src[i]!);
  return out;
}

/** Narrows int64 values to int32, throwing if any value does not fit. */
export function int64ToInt32(src: BigInt64Array, dst?: Int32Array): Int32Array {
  const out = dst && dst.length === src.length ? dst : new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (v < -2147483648n || v > 2147483647n) throw new RangeError(`int64 value ${v} does not fit in int32`);
    out[i] = Number(v);
  }
  return out;
}

/**
 * Reusable conversion buffers, one per (slot, dtype), reused while the requested length stays the
 * same — the steady state of incremental decoding, where every step feeds [B, 1] ids — and
 * replaced when it changes (so memory stays bounded by one buffer per slot). A buffer handed out
 * for a slot is handed out again on the next request: the caller must be done with it by then.
 * Use one pool per sequential user (the ORT executor serializes its runs for exactly this reason).
 */
export class BufferPool {
  /** Per slot, the buffer of each dtype requested for it. */
  private readonly buffers = new Map<string, Map<DType, TensorData>>();

  /** A buffer for `slot` with exactly `length` elements of `dtype` (contents unspecified). */
  get<D extends DType>(slot: string, dtype: D, length: number): DTypeDataMap[D] {
    let bySlot = this.buffers.get(slot);
    if (!bySlot) this.buffers.set(slot, (bySlot = new Map()));
    let b = bySlot.get(dtype);
    if (!b || b.length !== length) {
      b = allocData(dtype, length);
      bySlot.set(dtype, b);
    }
    return b as DTypeDataMap[D];
  }

  /** Number of buffers held (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const m of this.buffers.values()) n += m.size;
    return n;
  }

  /** Drops all buffers. */
  clear(): void {
    this.buffers.clear();
  }
}
