/**
 * onnxruntime-node's native session, run synchronously (the fast path of {@link OrtExecutor}).
 *
 * The public `InferenceSession.run` of onnxruntime-node defers every call to a `setImmediate`
 * callback (a full turn of the event loop) and re-validates feeds and fetches in JavaScript, then
 * runs the native session synchronously on the main thread anyway. On a small decoder that costs
 * about 25 µs per call, more than the rest of a decoding step. The executor already checks feeds
 * and fetches against the signature, so it calls the native session directly — the same object
 * the public API wraps, created the way onnxruntime-node's own backend creates it — and returns
 * to the event loop itself at intervals (see `OrtExecutor`).
 *
 * The binding is an internal module of onnxruntime-node. It is used only when it has the shape
 * this code was written against (checked on load) and only for CPU sessions; otherwise, or if
 * creating a native session fails, the executor uses the public API.
 */
import { createRequire } from "node:module";

import type ort from "onnxruntime-node";

import type { ModelIO, ModelSignature } from "./session.js";
import { isDType } from "./tensor.js";

/** Metadata of one input or output as the binding reports it. */
interface RawValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  /** ONNX TensorProto element type. */
  readonly type: number;
  /** -1 for a symbolic dim. */
  readonly shape: readonly number[];
  readonly symbolicDimensions: readonly string[];
}

interface BindingSession {
  loadModel(path: string, options: object): void;
  run(feeds: object, fetches: object, options: object): Record<string, ort.Tensor>;
  dispose(): void;
  readonly inputMetadata: readonly RawValueMetadata[];
  readonly outputMetadata: readonly RawValueMetadata[];
}

interface BindingModule {
  readonly binding: { readonly InferenceSession: new () => BindingSession };
  readonly initOrt: () => void;
}

/** ONNX TensorProto element types by number (as onnxruntime-node's backend maps them). */
const ELEMENT_TYPES: readonly (string | undefined)[] = [
  undefined, "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool", "float16", "float64", "uint32", "uint64",
];

let binding: BindingModule | null | undefined;

/** The binding module, or null when it is missing or not shaped as expected. */
function loadBinding(): BindingModule | null {
  if (binding !== undefined) return binding;
  try {
    const mod = createRequire(import.meta.url)("onnxruntime-node/dist/binding.js") as Partial<BindingModule>;
    const Session = mod.binding?.InferenceSession;
    const ok = typeof Session === "function" && typeof mod.initOrt === "function" &&
      ["loadModel", "run", "dispose"].every((m) => typeof (Session.prototype as Record<string, unknown>)[m] === "function");
    binding = ok ? (mod as BindingModule) : null;
    binding?.initOrt();
  } catch {
    binding = null;
  }
  return binding;
}

/** A native session and what the executor needs of it. */
export interface NativeSession {
  readonly signature: ModelSignature;
  readonly outputNames: readonly string[];
  /** Runs synchronously; throws what onnxruntime throws. */
  run(feeds: Readonly<Record<string, ort.Tensor>>, fetches: Readonly<Record<string, null>>): Record<string, ort.Tensor>;
  release(): void;
}

const RUN_OPTIONS = Object.freeze({});

/** Only plain CPU sessions take the native path (execution providers are resolved by the public API). */
function cpuOnly(options: ort.InferenceSession.SessionOptions): boolean {
  const eps = options.executionProviders;
  return eps === undefined || eps.every((ep) => (typeof ep === "string" ? ep : ep.name) === "cpu");
}

/**
 * A native session for the model file at `path`, or undefined when the native path is not
 * available (the caller then uses the public API, which also reports load errors).
 */
export function openNativeSession(path: string, options: ort.InferenceSession.SessionOptions): NativeSession | undefined {
  if (!cpuOnly(options)) return undefined;
  const mod = loadBinding();
  if (!mod) return undefined;
  let native: BindingSession;
  let signature: ModelSignature;
  try {
    native = new mod.binding.InferenceSession();
    native.loadModel(path, options);
    signature = { inputs: native.inputMetadata.map(modelIO), outputs: native.outputMetadata.map(modelIO) };
  } catch {
    return undefined;
  }
  return {
    signature,
    outputNames: signature.outputs.map((o) => o.name),
    run: (feeds, fetches) => native.run(feeds, fetches, RUN_OPTIONS),
    release: () => native.dispose(),
  };
}

function modelIO(m: RawValueMetadata): ModelIO {
  if (!m.isTensor) return { name: m.name, dtype: "unsupported", shape: null };
  const type = ELEMENT_TYPES[m.type];
  const shape = m.shape.map((d, i) => (d >= 0 ? d : m.symbolicDimensions[i] ?? ""));
  return { name: m.name, dtype: type !== undefined && isDType(type) ? type : "unsupported", shape };
}
