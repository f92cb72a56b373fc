/** Test helper: load an .infer file with its imports, lower a procedure, run it. */
import { resolve } from "node:path";
import { lowerFile } from "../../src/api/compile.js";
import type { IRProcedure } from "../../src/ir/ir.js";
import { Interpreter } from "../../src/runtime/interpreter/interpreter.js";
import type { RValue } from "../../src/runtime/interpreter/values.js";
import { OrtExecutor, type ModelExecutor } from "../../src/runtime/session.js";

export const root = resolve(import.meta.dirname, "../..");

/** Analyse and lower a procedure of an .infer file (unoptimized IR); throws on diagnostics. */
export function lowerSource(file: string, procName?: string, args: Record<string, unknown> = {}): IRProcedure {
  const r = lowerFile(file, { ...(procName ? { proc: procName } : {}), args });
  const errors = r.diagnostics.filter((d) => d.severity === "error" && !d.suppressed);
  if (!r.ir || errors.length > 0) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}: ${d.message}`).join("\n"));
  return r.ir;
}

export async function runProcedure(ir: IRProcedure, options: { seed?: number; batch: number; firstSample?: number; inputs?: Record<string, unknown> }, executor: ModelExecutor = new OrtExecutor()): Promise<RValue> {
  for (const m of ir.models) await executor.load(m);
  const inputs: Record<string, unknown> = {};
  for (const i of ir.inputs) if (i.default !== undefined) inputs[i.name] = i.default;
  Object.assign(inputs, options.inputs);
  return new Interpreter(ir, executor, { seed: options.seed ?? 1, batch: options.batch, ...(options.firstSample !== undefined ? { firstSample: options.firstSample } : {}), inputs }).run();
}
