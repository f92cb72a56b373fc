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

import { adoptOutputs, fetchesOf, ortFeedsOf, releaseFeeds, sessionFeeds, type SessionIO } from "./ortFeeds.js";
import { openNativeSession, type NativeSession } from "./ortNative.js";
import { BufferPool, type DType, isDType, type Tensor } from "./tensor.js";

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

/**
 * How a caller names a model. `id` is the name the model goes by — a plan's model id, the name a
 * remote server serves it under — and keys the call statistics; `path` is the model file, which
 * an in-process executor opens (a remote one may ignore it, or check it against the server's
 * version). A plan's `ModelRef` is a handle. A plain string is a path that is its own id.
 */
export interface ModelHandle {
  readonly id: string;
  readonly path: string;
}

/** A model as the executor is asked for it: a handle or a path. */
export type ModelSource = string | ModelHandle;

/** Call accounting for one model id (for the run summary). */
export interface ModelCallStats {
  /** The model id (a handle's `id`, or the path string it was asked for by). */
  readonly model: string;
  /** Completed calls. */
  readonly calls: number;
  /** Milliseconds spent inside the backend's run (excludes tensor conversion). */
  readonly runMs: number;
  /** Milliseconds spent loading / creating the session this id runs on. */
  readonly loadMs: number;
}

/**
 * Backend-neutral model execution: named tensors in, named tensors out. This is the one interface
 * between the runtime (the plan interpreter included) and models; nothing above it may assume the
 * model lives in this process. A KServe v2 / Open Inference Protocol client implements it with
 * `load` = model metadata (GET /v2/models/{name}), `run` = inference (POST …/infer, one input per
 * feed with its datatype and shape, the requested outputs by name), `stats` from its own counters.
 *
 * Implementations must be safe to call concurrently.
 */
export interface ModelExecutor {
  /** Loads (or connects to) the model and returns its signature. Idempotent and cached. */
  load(model: ModelSource): Promise<ModelSignature>;
  /**
   * Runs `model` on `feeds` (every declared input must be present) and returns the requested
   * outputs (all outputs if `outputs` is omitted). int32 feeds are accepted for int64 inputs and
   * float64 feeds for float32 inputs (converted exactly / by rounding). Feeds are only read while
   * the call is in progress; returned tensors are owned by the caller.
   */
  run(
    model: ModelSource,
    feeds: Readonly<Record<string, Tensor>>,
    outputs?: readonly string[],
  ): Promise<Record<string, Tensor>>;
  /** Call counts and time per model id, in first-use order. */
  stats(): ReadonlyMap<string, ModelCallStats>;
  /** Releases every model; the executor must not be used afterwards. */
  close(): Promise<void>;
}

/** Options of {@link OrtExecutor}. */
export interface OrtExecutorOptions {
  /** Directory relative model paths are resolved against (default: process.cwd()). */
  readonly baseDir?: string;
  /**
   * onnxruntime session options. The default is {@link DETERMINISTIC_SESSION_OPTIONS}: one thread,
   * so results do not depend on the machine's core count.
   */
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
  /**
   * Run CPU sessions through onnxruntime-node's native session directly (default true; see
   * ortNative.ts). False uses the public `InferenceSession.run` for every call.
   */
  readonly native?: boolean;
}

/**
 * With the native path, calls run synchronously; the executor returns to the event loop (so
 * timers such as the progress bar, I/O and signals are served) once this long has passed since
 * it last did.
 */
const YIELD_MS = 20;

/**
 * Full graph optimization, sequential execution on one intra-op and one inter-op thread: the
 * float reductions then happen in one fixed order, so a seed gives the same bits on every machine.
 */
export const DETERMINISTIC_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: "all",
  executionMode: "sequential",
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
};

/** One session per resolved model file: a native one, or one of the public API. */
interface Session extends SessionIO {
  readonly native: NativeSession | undefined;
  readonly session: ort.InferenceSession | undefined;
  /** The fetches object of the native path, for the `fetches` array it was built from. */
  fetchObject: Record<string, null> | undefined;
  fetchObjectFor: readonly string[] | undefined;
  readonly loadMs: number;
}

/** Mutable counters behind {@link ModelCallStats}. */
interface Counter {
  readonly model: string;
  calls: number;
  runMs: number;
  loadMs: number;
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
 *   real path, so "m.onnx", "./m.onnx" and a symlink share a session. Statistics are per id.
 * - Runs are serialized per executor. onnxruntime-node executes `run` synchronously on the main
 *   thread anyway, so nothing is lost, and it makes the pooled conversion buffers safe.
 * - CPU sessions run through onnxruntime-node's native session directly (ortNative.ts), without
 *   the public API's event-loop turn per call; the executor returns to the event loop itself at
 *   least every {@link YIELD_MS} ms. `native: false`, or a binding not shaped as expected, uses the
 *   public API. Both give the same bits.
 * - int32 feeds for int64 inputs (token ids, masks) are widened into pooled buffers; float64 feeds
 *   for float32 inputs are narrowed the same way. Other dtype mismatches are errors.
 * - ORT tensors are not rebuilt for a pooled conversion buffer that is fed again, nor for an
 *   output that is fed back as it was returned (a KV cache's present → past).
 * - Time inside `session.run` is accounted per model id ({@link stats}).
 */
export class OrtExecutor implements ModelExecutor {
  private readonly sessions = new Map<string, Promise<Session>>();
  /** Loaded sessions (a subset of `sessions`), for the synchronous fast path of `run`. */
  private readonly ready = new Map<string, Session>();
  private readonly counters = new Map<string, Counter>();
  /** Model path as given -> resolved real path. */
  private readonly aliases = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Runs started or queued and not yet settled; `queue` is the last of them. */
  private pending = 0;
  private closed = false;
  private readonly baseDir: string;
  private readonly sessionOptions: ort.InferenceSession.SessionOptions;
  private readonly useNative: boolean;
  /** When the executor last returned to the event loop (native path). */
  private lastYield = 0;

  constructor(options: OrtExecutorOptions = {}) {
    this.baseDir = options.baseDir ?? process.cwd();
    this.sessionOptions = options.sessionOptions ?? DETERMINISTIC_SESSION_OPTIONS;
    this.useNative = options.native ?? true;
  }

  private key(path: string): string {
    let k = this.aliases.get(path);
    if (k === undefined) {
      const abs = resolve(this.baseDir, path);
      try {
        k = realpathSync(abs);
      } catch {
        k = abs; // missing file: let session creation report it with the path
      }
      this.aliases.set(path, k);
    }
    return k;
  }

  private counter(id: string): Counter {
    let c = this.counters.get(id);
    if (!c) {
      c = { model: id, calls: 0, runMs: 0, loadMs: 0 };
      this.counters.set(id, c);
    }
    return c;
  }

  private session(model: ModelSource): Promise<Session> {
    if (this.closed) return Promise.reject(new Error("OrtExecutor is closed"));
    const path = typeof model === "string" ? model : model.path;
    const key = this.key(path);
    let s = this.sessions.get(key);
    if (!s) {
      s = (async () => {
        const t0 = performance.now();
        const native = this.useNative ? openNativeSession(key, this.sessionOptions) : undefined;
        let session: ort.InferenceSession | undefined;
        if (!native) {
          try {
            session = await ort.InferenceSession.create(key, this.sessionOptions);
          } catch (err) {
            throw new Error(`cannot load model ${path} (${key}): ${(err as Error).message}`, { cause: err });
          }
        }
        const signature = native ? native.signature : signatureOf(session!);
        const outputList = native ? native.outputNames : session!.outputNames;
        return {
          native,
          session,
          signature,
          ortFeeds: sessionFeeds(signature),
          inputsByName: new Map(signature.inputs.map((i) => [i.name, i])),
          outputList,
          outputNames: new Set(outputList),
          pool: new BufferPool(),
          feeds: new Map(),
          checkedFetches: undefined,
          fetchObject: undefined,
          fetchObjectFor: undefined,
          loadMs: performance.now() - t0,
        };
      })();
      this.sessions.set(key, s);
      s.then(
        (loaded) => this.ready.set(key, loaded),
        // A failed load is not cached, so a later call can retry (e.g. after the file appears).
        () => this.sessions.delete(key),
      );
    }
    return s;
  }

  async load(model: ModelSource): Promise<ModelSignature> {
    const s = await this.session(model);
    const c = this.counter(typeof model === "string" ? model : model.id);
    c.loadMs = s.loadMs;
    return s.signature;
  }

  run(
    model: ModelSource,
    feeds: Readonly<Record<string, Tensor>>,
    outputs?: readonly string[],
  ): Promise<Record<string, Tensor>> {
    // Serialized: start now when nothing is in flight, else after the last queued run settles.
    this.pending++;
    const job = this.pending === 1 ? this.runNow(model, feeds, outputs) : this.queue.then(() => this.runNow(model, feeds, outputs), () => this.runNow(model, feeds, outputs));
    this.queue = job;
    return job;
  }

  /** Runs one call now; settles `pending` when it settles. */
  private runNow(
    model: ModelSource,
    feeds: Readonly<Record<string, Tensor>>,
    outputs?: readonly string[],
  ): Promise<Record<string, Tensor>> {
    const s = this.closed ? undefined : this.ready.get(this.key(typeof model === "string" ? model : model.path));
    if (s) return this.runOn(s, model, feeds, outputs);
    return (async () => {
      let loaded: Session;
      try {
        if (this.closed) throw new Error("OrtExecutor is closed");
        loaded = await this.session(model);
      } catch (err) {
        this.pending--;
        throw err;
      }
      return this.runOn(loaded, model, feeds, outputs);
    })();
  }

  /**
   * One call on a loaded session. Not an async function: a decoding loop calls this once per
   * token, and the promise chain below allocates less than an async frame would.
   */
  private runOn(
    s: Session,
    model: ModelSource,
    feeds: Readonly<Record<string, Tensor>>,
    outputs?: readonly string[],
  ): Promise<Record<string, Tensor>> {
    const id = typeof model === "string" ? model : model.id;
    const c = this.counter(id);
    c.loadMs = s.loadMs;
    let ortFeeds: Record<string, ort.Tensor>;
    let fetches: readonly string[];
    try {
      ortFeeds = ortFeedsOf(id, s, feeds);
      fetches = fetchesOf(id, s, outputs);
    } catch (err) {
      this.pending--;
      releaseFeeds(s);
      return Promise.reject(err);
    }
    if (s.native) {
      if (performance.now() - this.lastYield < YIELD_MS) return this.runNative(s, s.native, c, id, ortFeeds, fetches);
      return new Promise((resolve, reject) => {
        setImmediate(() => {
          this.lastYield = performance.now();
          this.runNative(s, s.native!, c, id, ortFeeds, fetches).then(resolve, reject);
        });
      });
    }
    const t0 = performance.now();
    return s.session!.run(ortFeeds, fetches as string[]).then(
      (results) => {
        this.ended(s, c, t0);
        c.calls++;
        return adoptOutputs(id, fetches, results);
      },
      (err: unknown) => {
        this.ended(s, c, t0);
        throw modelFailed(id, err);
      },
    );
  }

  /** The bookkeeping of a call on `s` started at `t0`, when it ends (successfully or not). */
  private ended(s: Session, c: Counter, t0: number): void {
    c.runMs += performance.now() - t0;
    this.pending--;
    releaseFeeds(s);
  }

  /** One call on a native session, synchronously; settled like the public path's promise. */
  private runNative(
    s: Session,
    native: NativeSession,
    c: Counter,
    id: string,
    ortFeeds: Record<string, ort.Tensor>,
    fetches: readonly string[],
  ): Promise<Record<string, Tensor>> {
    if (s.fetchObjectFor !== fetches) {
      const object: Record<string, null> = {};
      for (const name of fetches) object[name] = null;
      s.fetchObject = object;
      s.fetchObjectFor = fetches;
    }
    const t0 = performance.now();
    let results: Record<string, ort.Tensor>;
    try {
      results = native.run(ortFeeds, s.fetchObject!);
    } catch (err) {
      return Promise.reject(modelFailed(id, err));
    } finally {
      this.ended(s, c, t0);
    }
    c.calls++;
    try {
      return Promise.resolve(adoptOutputs(id, fetches, results));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  stats(): ReadonlyMap<string, ModelCallStats> {
    return new Map([...this.counters].map(([id, c]) => [id, { ...c }]));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => undefined);
    const all = [...this.sessions.values()];
    this.sessions.clear(); // the counters are kept so stats() still reports after close()
    this.ready.clear();
    for (const p of all) {
      const s = await p.catch(() => undefined);
      if (s?.native) s.native.release();
      else if (s) await s.session!.release();
    }
  }
}

/** A model call that onnxruntime failed, as both paths report it. */
function modelFailed(id: string, err: unknown): Error {
  return new Error(`model ${id} failed: ${(err as Error).message}`, { cause: err });
}

export { fromOrtTensor } from "./ortFeeds.js";
