/**
 * Conversions between runtime tensors and onnxruntime-node tensors for {@link OrtExecutor}: feeds
 * in (checked against the signature, converted into pooled buffers where the dtype differs, ORT
 * tensors reused where possible) and outputs out (adopted without copying).
 *
 * These run on every model call — once per generated token in a decoding loop — so they avoid
 * allocating anything the call does not need.
 */

import ort from "onnxruntime-node";

import type { ModelIO, ModelSignature } from "./session.js";
import { type BufferPool, type DType, isDType, type Tensor, type TensorData } from "./tensor.js";

/** On an output of {@link OrtExecutor}: the ORT tensor it came from (reused if it is fed back). */
const ORT_TENSOR = Symbol("ort tensor");

/** A runtime tensor that may carry the ORT tensor it was adopted from. */
type AdoptedTensor = Tensor & { readonly [ORT_TENSOR]?: ort.Tensor };

/** The ORT tensor last built for an input, reused while its data array and dims stay the same. */
export interface FeedSlot {
  data: TensorData;
  dims: readonly number[];
  tensor: ort.Tensor;
}

/** What the conversions need to know about a loaded session. */
export interface SessionIO {
  readonly signature: ModelSignature;
  /** Output names in the model's order. */
  readonly outputList: readonly string[];
  readonly inputsByName: ReadonlyMap<string, ModelIO>;
  readonly outputNames: ReadonlySet<string>;
  readonly pool: BufferPool;
  readonly feeds: Map<string, FeedSlot>;
  /** The last `outputs` array validated (callers usually pass the same array every call). */
  checkedFetches: readonly string[] | undefined;
  /** The feeds handed to onnxruntime, refilled every call (see {@link sessionFeeds}). */
  readonly ortFeeds: Record<string, ort.Tensor | undefined>;
}

/**
 * The one ORT feeds object of a session: every declared input as a key, in declaration order.
 * Calls refill its values rather than build an object key by key (each new key is a hidden-class
 * transition), and empty it when they settle ({@link releaseFeeds}). Safe because an executor
 * runs one call at a time.
 */
export function sessionFeeds(signature: ModelSignature): Record<string, ort.Tensor | undefined> {
  const feeds: Record<string, ort.Tensor | undefined> = {};
  for (const io of signature.inputs) feeds[io.name] = undefined;
  return feeds;
}

/** Drops the tensors of the last call (a KV cache is not kept alive past its step). */
export function releaseFeeds(s: SessionIO): void {
  const inputs = s.signature.inputs;
  for (let i = 0; i < inputs.length; i++) s.ortFeeds[inputs[i]!.name] = undefined;
}

const sameDims = (a: readonly number[], b: readonly number[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * The ORT feeds for `feeds` (every declared input, nothing else), in the session's feeds object.
 * `id` labels error messages.
 */
export function ortFeedsOf(id: string, s: SessionIO, feeds: Readonly<Record<string, Tensor>>): Record<string, ort.Tensor> {
  const inputs = s.signature.inputs;
  // Every declared input present and exactly as many feeds as inputs: nothing else was given.
  let given = 0;
  for (const _ in feeds) given++;
  let complete = given === inputs.length;
  for (let i = 0; complete && i < inputs.length; i++) complete = feeds[inputs[i]!.name] !== undefined;
  if (!complete) {
    for (const name in feeds) {
      if (!s.inputsByName.has(name)) {
        throw new Error(`model ${id} has no input "${name}" (inputs: ${inputs.map((i) => i.name).join(", ")})`);
      }
    }
    const missing = inputs.find((io) => !feeds[io.name]);
    throw new Error(`model ${id}: missing input "${missing?.name}"`);
  }
  const ortFeeds = s.ortFeeds;
  for (let i = 0; i < inputs.length; i++) {
    const io = inputs[i]!;
    ortFeeds[io.name] = feedTensor(id, io, feeds[io.name]!, s);
  }
  return ortFeeds as Record<string, ort.Tensor>;
}

/** The outputs to fetch (all when not given); a list is checked once per array. */
export function fetchesOf(id: string, s: SessionIO, outputs: readonly string[] | undefined): readonly string[] {
  if (!outputs) return s.outputList;
  if (outputs !== s.checkedFetches) {
    for (const o of outputs) {
      if (!s.outputNames.has(o)) {
        throw new Error(`model ${id} has no output "${o}" (outputs: ${s.outputList.join(", ")})`);
      }
    }
    s.checkedFetches = outputs;
  }
  return outputs;
}

/**
 * Feeds of at most this many elements are copied into a pooled buffer rather than wrapped: building
 * an ORT tensor costs more than copying a few numbers, and the pooled one is reused while its dims
 * stay the same (a decoding step's position ids).
 */
const SMALL_FEED = 16;

/**
 * The ORT tensor for input `io`. A feed converted or copied into a pooled buffer (int32 ids for an
 * int64 input, a small feed) reuses the tensor built last time while the buffer and dims are the
 * same; other feeds get a new tensor, and no reference to the caller's data is kept beyond the
 * call (holding the previous step's KV cache one step longer would only give the garbage
 * collector more to do).
 */
function feedTensor(model: string, io: ModelIO, t: AdoptedTensor, s: SessionIO): ort.Tensor {
  let data = feedData(model, io, t, s.pool);
  if (data === t.data) {
    const own = t[ORT_TENSOR];
    if (own && own.data === data && own.dims === t.dims && own.type === io.dtype) return own;
    if (data.length > SMALL_FEED) return new ort.Tensor(io.dtype as DType, data as never, t.dims as number[]);
    const copy = s.pool.get(io.name, io.dtype as DType, data.length);
    (copy as { set(src: ArrayLike<unknown>): void }).set(data);
    data = copy;
  }
  const slot = s.feeds.get(io.name);
  if (slot && slot.data === data && sameDims(slot.dims, t.dims)) return slot.tensor;
  const tensor = new ort.Tensor(io.dtype as DType, data as never, t.dims as number[]);
  s.feeds.set(io.name, { data, dims: [...t.dims], tensor });
  return tensor;
}

/**
 * The data to hand onnxruntime for input `io` (zero-copy when the dtype already matches):
 * int32/uint8/bool → int64 and float64 → float32 are converted into `pool` buffers keyed by the
 * input name (reused across calls of the same size). Checks rank and static dims against the
 * declaration. `model` only labels error messages.
 */
function feedData(model: string, io: ModelIO, t: Tensor, pool: BufferPool): TensorData {
  const shape = io.shape;
  if (shape) {
    let ok = shape.length === t.dims.length;
    for (let i = 0; ok && i < shape.length; i++) ok = typeof shape[i] !== "number" || shape[i] === t.dims[i];
    if (!ok) {
      throw new Error(
        `model ${model}: input "${io.name}" has dims [${t.dims}], model declares [${shape.join(", ")}]`,
      );
    }
  }
  const want = io.dtype;
  if (want === "unsupported") throw new Error(`model ${model}: input "${io.name}" has an unsupported type`);
  if (t.dtype === want) return t.data;
  const n = t.data.length;
  if (want === "int64" && (t.dtype === "int32" || t.dtype === "uint8" || t.dtype === "bool")) {
    const buf = pool.get(io.name, "int64", n);
    const src = t.data as ArrayLike<number>;
    for (let i = 0; i < n; i++) buf[i] = BigInt(src[i]!);
    return buf;
  }
  if (want === "float32" && t.dtype === "float64") {
    const buf = pool.get(io.name, "float32", n);
    buf.set(t.data as Float64Array);
    return buf;
  }
  if (want === "bool" && t.dtype === "uint8") return t.data;
  throw new Error(`model ${model}: input "${io.name}" is ${want}, got a ${t.dtype} tensor`);
}

/**
 * The requested outputs of a call as runtime tensors, each adopting its ORT tensor's data and
 * keeping the ORT tensor attached, so feeding the output back (a KV cache's present → past)
 * reuses it.
 */
export function adoptOutputs(model: string, fetches: readonly string[], results: ort.InferenceSession.ReturnType): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (let i = 0; i < fetches.length; i++) {
    const name = fetches[i]!;
    const v = results[name] as ort.Tensor;
    const data = checkedData(model, name, v);
    out[name] = { dtype: v.type, dims: v.dims, data, [ORT_TENSOR]: v } as AdoptedTensor;
  }
  return out;
}

/**
 * Takes the data of an onnxruntime output as a runtime tensor (no copy: the typed array is
 * adopted; the caller may dispose `v` afterwards). `model`/`name` only label error messages.
 */
export function fromOrtTensor(model: string, name: string, v: ort.Tensor): Tensor {
  const data = checkedData(model, name, v);
  return { dtype: v.type, dims: v.dims, data } as Tensor; // dims: a fresh array per output, adopted
}

/** The data of output `v`, checked to be of a supported type and to match its dims. */
function checkedData(model: string, name: string, v: ort.Tensor): TensorData {
  if (!v || !isDType(v.type)) {
    throw new Error(`model ${model}: output "${name}" has unsupported type ${v?.type}`);
  }
  const data = v.data as TensorData;
  const dims = v.dims;
  let n = 1;
  for (let i = 0; i < dims.length; i++) n *= dims[i]!;
  if (n !== data.length) throw new Error(`model ${model}: output "${name}" has inconsistent size`);
  return data;
}
