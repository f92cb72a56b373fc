/**
 * Model execution behind one small interface — "run this model on these named tensors" — and its
 * default implementation on onnxruntime-node (DESIGN.md §4 Runtime).
 *
 * Nothing above this interface may assume the model lives in this process: a KServe v2 / Open
 * Inference Protocol client can implement {@link ModelExecutor} with the same semantics (named
 * tensors in, named tensors out, a signature to check bindings against, per-model call stats).
 */

import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

import ort from "onnxruntime-node";

import {
  BufferPool,
  type DType,
  isDType,
  makeTensor,
  sizeOf,
  type Tensor,
  type TensorData,
} from "./tensor.js";

/** One input or output of a model as declared by the model itself. */
export interface ModelIO {
  readonly name: string;
  /** Element type, or "unsupported" for types the runtime cannot exchange (e.g. strings). */
  readonly dtype: DType | "unsupported";
  /**
   * Declared shape: numbers are static dims, strings are symbolic dims ("batch", "sequence");
   * an empty string marks an unnamed dynamic dim. `null` if the rank itself is unknown.
   */
  readonly shape: ReadonlyArray<number | string> | null;
}

/** Inputs and outputs of a model, in the model's declaration order. */
export interface ModelSignature {
  readonly inputs: readonly ModelIO[];
  readonly outputs: readonly ModelIO[];
}

/** Call accounting for one model (for the run summary). */
export interface ModelCallStats {
  /** The model reference as first given to `load`/`run`. */
  readonly model: string;
  /** Completed calls. */
  readonly calls: number;
  /** Milliseconds spent inside the backend's run (excludes tensor conversion). */
  readonly runMs: number;
  /** Milliseconds spent loading / creating the session. */
  readonly loadMs: number;
}

/** Backend-neutral model execution. Implementations must be safe to call concurrently. */
export interface ModelExecutor {
  /** Loads (or connects to) the model and returns its signature. Idempotent and cached. */
  load(model: string): Promise<ModelSignature>;
  /**
   * Runs `model` on `feeds` (every declared input must be present) and returns the requested
   * outputs (all outputs if `outputs` is omitted). Returned tensors are owned by the caller.
   */
  run(
    model: string,
    feeds: Readonly<Record<string, Tensor>>,
    outputs?: readonly string[],
  ): Promise<Record<string, Tensor>>;
  /** Per-model call counts and time, sorted by model reference. */
  stats(): ModelCallStats[];
  /** Releases every model; the executor must not be used afterwards. */
  close(): Promise<void>;
}

/** Options of {@link OrtExecutor}. */
export interface OrtExecutorOptions {
  /** Directory relative model paths are resolved against (default: process.cwd()). */
  readonly baseDir?: string;
  /** onnxruntime session options (default: full graph optimization, sequential execution). */
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
}

interface Entry {
  readonly name: string;
  readonly session: ort.InferenceSession;
  readonly signature: ModelSignature;
  readonly inputsByName: ReadonlyMap<string, ModelIO>;
  readonly pool: BufferPool;
  calls: number;
  runMs: number;
  readonly loadMs: number;
}

/** Reads a session's input/output metadata into a {@link ModelSignature}. */
export function signatureOf(session: ort.InferenceSession): ModelSignature {
  const conv = (m: ort.InferenceSession.ValueMetadata): ModelIO => {
    if (!m.isTensor) return { name: m.name, dtype: "unsupported", shape: null };
    return { name: m.name, dtype: isDType(m.type) ? m.type : "unsupported", shape: [...m.shape] };
  };
  return { inputs: session.inputMetadata.map(conv), outputs: session.outputMetadata.map(conv) };
}

/**
 * {@link ModelExecutor} on onnxruntime-node, in process, CPU by default.
 *
 * - One InferenceSession per model file, created once and reused; the cache key is the resolved
 *   real path, so "m.onnx", "./m.onnx" and a symlink share a session.
 * - Runs are serialized per executor. onnxruntime-node executes `run` synchronously on the main
 *   thread anyway, so nothing is lost, and it makes the pooled conversion buffers safe.
 * - int32 feeds for int64 inputs (token ids, masks) are widened into pooled buffers; float64 feeds
 *   for float32 inputs are narrowed the same way. Other dtype mismatches are errors.
 * - Time inside `session.run` is accounted per model ({@link stats}); ORT tensors are disposed
 *   after their data has been taken so native memory stays flat.
 */
export class OrtExecutor implements ModelExecutor {
  private readonly entries = new Map<string, Promise<Entry>>();
  /** Loaded entries (a subset of `entries`), so stats() can be synchronous. */
  private readonly ready = new Map<string, Entry>();
  private readonly aliases = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly baseDir: string;
  private readonly sessionOptions: ort.InferenceSession.SessionOptions;

  constructor(options: OrtExecutorOptions = {}) {
    this.baseDir = options.baseDir ?? process.cwd();
    this.sessionOptions = options.sessionOptions ?? {
      graphOptimizationLevel: "all",
      executionMode: "sequential",
    };
  }

  private key(model: string): string {
    let k = this.aliases.get(model);
    if (k === undefined) {
      const abs = resolve(this.baseDir, model);
      try {
        k = realpathSync(abs);
      } catch {
        k = abs; // missing file: let session creation report it with the path
      }
      this.aliases.set(model, k);
    }
    return k;
  }

  private entry(model: string): Promise<Entry> {
    if (this.closed) return Promise.reject(new Error("OrtExecutor is closed"));
    const key = this.key(model);
    let e = this.entries.get(key);
    if (!e) {
      e = (async () => {
        const t0 = performance.now();
        let session: ort.InferenceSession;
        try {
          session = await ort.InferenceSession.create(key, this.sessionOptions);
        } catch (err) {
          throw new Error(`cannot load model ${model} (${key}): ${(err as Error).message}`, { cause: err });
        }
        const signature = signatureOf(session);
        return {
          name: model,
          session,
          signature,
          inputsByName: new Map(signature.inputs.map((i) => [i.name, i])),
          pool: new BufferPool(),
          calls: 0,
          runMs: 0,
          loadMs: performance.now() - t0,
        };
      })();
      this.entries.set(key, e);
      e.then(
        (loaded) => this.ready.set(key, loaded),
        // A failed load is not cached, so a later call can retry (e.g. after the file appears).
        () => this.entries.delete(key),
      );
    }
    return e;
  }

  async load(model: string): Promise<ModelSignature> {
    return (await this.entry(model)).signature;
  }

  run(
    model: string,
    feeds: Readonly<Record<string, Tensor>>,
    outputs?: readonly string[],
  ): Promise<Record<string, Tensor>> {
    const job = this.queue.then(() => this.runNow(model, feeds, outputs));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async runNow(
    model: string,
    feeds: Readonly<Record<string, Tensor>>,
    outputs?: readonly string[],
  ): Promise<Record<string, Tensor>> {
    const e = await this.entry(model);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of Object.keys(feeds)) {
      if (!e.inputsByName.has(name)) {
        throw new Error(
          `model ${model} has no input "${name}" (inputs: ${e.signature.inputs.map((i) => i.name).join(", ")})`,
        );
      }
    }
    for (const io of e.signature.inputs) {
      const t = feeds[io.name];
      if (!t) throw new Error(`model ${model}: missing input "${io.name}"`);
      ortFeeds[io.name] = toOrtTensor(model, io, t, e.pool);
    }
    const fetches = outputs ? [...outputs] : e.session.outputNames.slice();
    for (const o of fetches) {
      if (!e.session.outputNames.includes(o)) {
        throw new Error(`model ${model} has no output "${o}" (outputs: ${e.session.outputNames.join(", ")})`);
      }
    }
    let results: ort.InferenceSession.ReturnType;
    const t0 = performance.now();
    try {
      results = await e.session.run(ortFeeds, fetches);
    } catch (err) {
      throw new Error(`model ${model} failed: ${(err as Error).message}`, { cause: err });
    } finally {
      e.runMs += performance.now() - t0;
      for (const t of Object.values(ortFeeds)) t.dispose();
    }
    e.calls++;
    const out: Record<string, Tensor> = {};
    for (const name of fetches) {
      const v = results[name] as ort.Tensor;
      out[name] = fromOrtTensor(model, name, v);
      v.dispose();
    }
    return out;
  }

  stats(): ModelCallStats[] {
    const out: ModelCallStats[] = [];
    for (const e of this.ready.values()) {
      out.push({ model: e.name, calls: e.calls, runMs: e.runMs, loadMs: e.loadMs });
    }
    return out.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const all = [...this.entries.values()];
    this.entries.clear(); // `ready` is kept so stats() still reports after close()
    for (const p of all) {
      const e = await p.catch(() => undefined);
      if (e) await e.session.release();
    }
  }
}

/**
 * Converts a runtime tensor to an onnxruntime tensor for input `io` (zero-copy when the dtype
 * already matches). int32/uint8/bool → int64 and float64 → float32 are converted into `pool`
 * buffers keyed by the input name (reused across calls of the same size). Checks rank and static
 * dims against the declaration. `model` only labels error messages.
 */
export function toOrtTensor(model: string, io: ModelIO, t: Tensor, pool: BufferPool): ort.Tensor {
  if (io.shape) {
    const ok =
      io.shape.length === t.dims.length &&
      io.shape.every((d, i) => typeof d !== "number" || d === t.dims[i]);
    if (!ok) {
      throw new Error(
        `model ${model}: input "${io.name}" has dims [${t.dims}], model declares [${io.shape.join(", ")}]`,
      );
    }
  }
  let data: TensorData = t.data;
  const want = io.dtype;
  if (want === "unsupported") throw new Error(`model ${model}: input "${io.name}" has an unsupported type`);
  if (t.dtype !== want) {
    const n = t.data.length;
    if (want === "int64" && (t.dtype === "int32" || t.dtype === "uint8" || t.dtype === "bool")) {
      const buf = pool.get(io.name, "int64", n);
      const src = t.data as ArrayLike<number>;
      for (let i = 0; i < n; i++) buf[i] = BigInt(src[i]!);
      data = buf;
    } else if (want === "float32" && t.dtype === "float64") {
      const buf = pool.get(io.name, "float32", n);
      buf.set(t.data as Float64Array);
      data = buf;
    } else if (want === "bool" && t.dtype === "uint8") {
      data = t.data;
    } else {
      throw new Error(`model ${model}: input "${io.name}" is ${want}, got a ${t.dtype} tensor`);
    }
  }
  return new ort.Tensor(want, data as never, t.dims as number[]);
}

/**
 * Takes the data of an onnxruntime output as a runtime tensor (no copy: the typed array is
 * adopted; the caller may dispose `v` afterwards). `model`/`name` only label error messages.
 */
export function fromOrtTensor(model: string, name: string, v: ort.Tensor): Tensor {
  if (!v || !isDType(v.type)) {
    throw new Error(`model ${model}: output "${name}" has unsupported type ${v?.type}`);
  }
  const dims = [...v.dims];
  if (sizeOf(dims) !== v.data.length) throw new Error(`model ${model}: output "${name}" has inconsistent size`);
  return makeTensor(v.type, dims, v.data as never);
}
