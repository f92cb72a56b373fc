/**
 * What every kernel receives: the run's seed and model executor, run-time inputs, the random
 * draw counters and the KV caches.
 */
import type { BasicOp, ModelRef } from "../../ir/ir.js";
import type { TokenKvCache } from "../tokenKvCache.js";
import { fillNormal, fillUniform, type PhiloxKey } from "../rng/philox.js";
import { sampleLogitsRows } from "../sampling/index.js";
import type { ModelExecutor } from "../session.js";
import type { TokenModel } from "./modelKernels.js";
import type { RValue, Tensor } from "./values.js";

export interface KernelContext {
  readonly seed: number;
  /** The seed as a Philox key, derived once per run. */
  readonly key: PhiloxKey;
  readonly executor: ModelExecutor;
  readonly models: ReadonlyMap<string, ModelRef>;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The Philox draw counter for the next execution of random stream `stream`. */
  draw(stream: number): number;
  /** KV caches per model id. */
  readonly caches: Map<string, TokenKvCache>;
  /** How each token model is fed, per model id (resolved from its signature on first use). */
  readonly tokenModels: Map<string, TokenModel>;
  /** Run statistics kernels report (e.g. speculative acceptance), by name. */
  readonly counters: Map<string, number>;
}

export function count(ctx: KernelContext, name: string, by: number): void {
  ctx.counters.set(name, (ctx.counters.get(name) ?? 0) + by);
}

export type Kernel = (ctx: KernelContext, op: BasicOp, args: readonly (RValue | number)[], rows: Int32Array) => RValue | Promise<RValue>;

export function tensorArg(v: RValue | number | undefined, what: string): Tensor {
  if (v === undefined || typeof v === "number" || v.kind !== "tensor") throw new Error(`expected a tensor for ${what}`);
  return v;
}

export const attr = <T>(op: BasicOp, name: string): T => op.attrs?.[name] as T;

/** Scratch for the uniforms and one row's exponentials of {@link drawCategorical} (consumed before it returns). */
let uniformScratch = new Float32Array(1);
let expScratch = new Float64Array(256);

/**
 * One categorical draw per row of `V` logits (`perSample` rows per sample) from softmax, with the
 * uniforms of `op`'s random stream: the draw of `categorical` and of the fused `sample_next`.
 */
export function drawCategorical(ctx: KernelContext, op: BasicOp, rows: Int32Array, logits: Float32Array, V: number, perSample: number): Int32Array {
  if (uniformScratch.length !== rows.length * perSample) uniformScratch = new Float32Array(rows.length * perSample);
  const u = randomFill(ctx, op, rows, perSample, "uniform", uniformScratch);
  if (expScratch.length < V) expScratch = new Float64Array(V);
  return sampleLogitsRows(logits, V, u, new Int32Array(rows.length * perSample), expScratch);
}

/** A random fill of `perSample` values per row. */
export function randomFill(ctx: KernelContext, op: BasicOp, rows: Int32Array, perSample: number, kind: "normal" | "uniform", out = new Float32Array(rows.length * perSample)): Float32Array {
  const draw = ctx.draw(attr<number>(op, "stream"));
  (kind === "normal" ? fillNormal : fillUniform)(out, ctx.key, rows, perSample, draw);
  return out;
}
