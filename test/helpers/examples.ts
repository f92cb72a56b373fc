/** Test helper: load an .infer file with its imports, lower a procedure, run it. */
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "../../src/syntax/parse.js";
import { createDeclLookup } from "../../src/ir/lower/declIndex.js";
import { lowerProcedure } from "../../src/ir/lower/lower.js";
import type { InferDecl, Program } from "../../src/syntax/ast.js";
import type { IRProcedure } from "../../src/ir/ir.js";
import { Interpreter } from "../../src/runtime/interpreter/interpreter.js";
import { OrtBackend } from "../../src/runtime/interpreter/ortBackend.js";
import type { RValue } from "../../src/runtime/interpreter/values.js";

export const root = resolve(import.meta.dirname, "../..");

export function lowerSource(file: string, procName?: string, args: Record<string, unknown> = {}): IRProcedure {
  const modules = new Map<string, Program>();
  const resolveImport = (from: string, src: string) => {
    const p = src.startsWith("std/") ? resolve(root, "stdlib", src.slice(4) + ".infer") : resolve(dirname(from), src.endsWith(".infer") ? src : src + ".infer");
    return existsSync(p) ? p : undefined;
  };
  const load = (f: string, text?: string) => {
    if (modules.has(f)) return;
    const r = parse(text ?? readFileSync(f, "utf8"), f);
    if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    modules.set(f, r.program);
    for (const d of r.program.declarations) if (d.kind === "ImportDecl") { const t = resolveImport(f, d.source.value); if (t) load(t); }
  };
  load(file);
  const proc = modules.get(file)!.declarations.find((d) => d.kind === "InferDecl" && (!procName || d.name.name === procName)) as InferDecl;
  const r = lowerProcedure(createDeclLookup(modules, resolveImport), proc, file, { args });
  if (!r.procedure) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  return r.procedure;
}

export async function runProcedure(ir: IRProcedure, options: { seed?: number; batch: number; firstSample?: number; inputs?: Record<string, unknown> }, backend = new OrtBackend()): Promise<RValue> {
  for (const m of ir.models) await backend.load(m);
  const inputs: Record<string, unknown> = {};
  for (const i of ir.inputs) if (i.default !== undefined) inputs[i.name] = i.default;
  Object.assign(inputs, options.inputs);
  return new Interpreter(ir, backend, { seed: options.seed ?? 1, batch: options.batch, ...(options.firstSample !== undefined ? { firstSample: options.firstSample } : {}), inputs }).run();
}
