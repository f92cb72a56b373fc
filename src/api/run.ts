/**
 * Running an IR procedure (compiled from source or loaded from a plan) on a model executor.
 */
import type { IRProcedure } from "../ir/ir.js";
import { Interpreter, RuntimeError } from "../runtime/interpreter/interpreter.js";
import type { RValue } from "../runtime/interpreter/values.js";
import { OrtExecutor, type ModelCallStats, type ModelExecutor } from "../runtime/session.js";

export interface RunOptions {
  readonly seed?: number;
  /** Samples to draw; defaults to the program's static batch, else 1. */
  readonly batch?: number;
  /** Run-time inputs by parameter name (tokens as number[], latents as Float32Array). */
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly onProgress?: (done: number, total: number) => void;
  /** Defaults to a fresh onnxruntime-node executor, closed after the run. */
  readonly executor?: ModelExecutor;
}

export interface RunResult {
  readonly value: RValue;
  readonly batch: number;
  readonly wallMs: number;
  /** Calls and time per model id (the executor's statistics: cumulative if it is reused). */
  readonly modelStats: ReadonlyMap<string, ModelCallStats>;
  /** Speculative verification: target calls (per sample) and the tokens they committed. */
  readonly speculative?: { readonly targetCalls: number; readonly tokens: number };
}

export { RuntimeError };

export async function runIR(ir: IRProcedure, options: RunOptions = {}): Promise<RunResult> {
  const executor = options.executor ?? new OrtExecutor();
  const start = performance.now();
  try {
    for (const m of ir.models) {
      try {
        await executor.load(m);
      } catch (err) {
        throw new RuntimeError(`cannot open the ONNX file of model "${m.id}" at ${m.path}: ${(err as Error).message.split("\n")[0]}`, "load", m.loc);
      }
    }
    const inputs: Record<string, unknown> = {};
    for (const spec of ir.inputs) {
      const given = options.inputs?.[spec.name];
      const value = given ?? spec.default;
      if (value === undefined) throw new RuntimeError(`missing input "${spec.name}"; pass --arg ${spec.name}=...`, "input");
      inputs[spec.name] = value;
    }
    const batch = options.batch ?? ir.batch ?? 1;
    const interpreter = new Interpreter(ir, executor, { seed: options.seed ?? 0, batch, inputs, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const value = await interpreter.run();
    const rows = interpreter.ctx.counters.get("verify.rows");
    const speculative = rows ? { targetCalls: rows, tokens: interpreter.ctx.counters.get("verify.tokens") ?? 0 } : undefined;
    return { value, batch, wallMs: performance.now() - start, modelStats: executor.stats(), ...(speculative ? { speculative } : {}) };
  } finally {
    if (!options.executor) await executor.close();
  }
}
