/**
 * The one interface between the interpreter and model execution: run this model on these
 * named tensors. The embedded implementation is onnxruntime-node in process; a remote
 * (KServe v2 / Triton) implementation only has to satisfy the same contract.
 */
import type { ModelRef } from "../../ir/ir.js";

export interface HostTensor {
  readonly type: "float32" | "int64";
  readonly data: Float32Array | BigInt64Array;
  readonly dims: readonly number[];
}

export interface InputInfo {
  readonly name: string;
  readonly type: string;
  /** Static dims as numbers, symbolic ones as strings. */
  readonly shape: readonly (number | string)[];
}

export interface ModelBackend {
  /** Prepare a model (open the session once); idempotent. */
  load(model: ModelRef): Promise<void>;
  inputs(model: ModelRef): readonly InputInfo[];
  run(model: ModelRef, feeds: Readonly<Record<string, HostTensor>>, outputs: readonly string[]): Promise<Record<string, HostTensor>>;
  /** Calls and time inside model execution, per model id. */
  stats(): ReadonlyMap<string, { calls: number; ms: number }>;
  dispose(): Promise<void>;
}
