/**
 * The compile pipeline: source -> (analysed) modules -> IR -> optimized IR -> plan. Pure
 * functions of their inputs apart from reading files through the loader; user errors come
 * back as diagnostics.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { IRProcedure } from "../ir/ir.js";
import { createDeclLookup } from "../ir/lower/declIndex.js";
import { lowerProcedure } from "../ir/lower/lower.js";
import { optimize, type OptimizeOptions } from "../opt/pipeline.js";
import { emitPlan } from "../plan/emit.js";
import type { Plan } from "../plan/plan.js";
import type { InferDecl } from "../syntax/ast.js";
import { checkProcedure } from "../check/check.js";
import { applySuppressions, type AllowDirective } from "../semantics/annotations.js";
import { analyze } from "../semantics/model.js";
import { createNodeHost } from "../semantics/nodeHost.js";

export interface CompileOptions extends OptimizeOptions {
  /** Procedure to compile; defaults to the only (or first) `infer` block of the file. */
  readonly proc?: string;
  /** Compile-time parameter values (`--arg name=value`). */
  readonly args?: Readonly<Record<string, unknown>>;
}

export interface CompileResult {
  readonly ir?: IRProcedure;
  readonly diagnostics: readonly Diagnostic[];
  /** What each optimizer pass changed, for --explain. */
  readonly explain?: readonly string[];
}

/** Analyse the file and its imports, then lower one procedure (unoptimized, unchecked IR). */
export function lowerFile(file: string, options: CompileOptions = {}): CompileResult & { allows?: readonly AllowDirective[] } {
  const analysis = analyze(file, createNodeHost());
  if (hasErrors(analysis.diagnostics) || !analysis.entry) return { diagnostics: analysis.diagnostics };
  const entry = analysis.entry;
  const procs = entry.program.declarations.filter((d): d is InferDecl => d.kind === "InferDecl");
  const decl = options.proc ? procs.find((p) => p.name.name === options.proc) : procs[0];
  if (!decl) {
    const names = procs.map((p) => `"${p.name.name}"`).join(", ") || "none";
    const span = { file: entry.path, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { diagnostics: [...analysis.diagnostics, { code: "unknown-procedure", severity: "error", message: options.proc ? `There is no procedure "${options.proc}" in this file.` : "This file declares no `infer` procedure.", span, help: `Procedures in this file: ${names}.` }] };
  }
  const programs = new Map([...analysis.modules].map(([path, m]) => [path, m.program] as const));
  const resolveImport = (from: string, source: string) => analysis.modules.get(from)?.imports.find((i) => i.decl.source.value === source)?.path;
  const lowered = lowerProcedure(createDeclLookup(programs, resolveImport), decl, entry.path, { args: options.args ?? {} });
  return { ...(lowered.procedure ? { ir: lowered.procedure } : {}), diagnostics: [...analysis.diagnostics, ...lowered.diagnostics], allows: analysis.semanticModel.allows };
}

/**
 * Lower, check and optimize one procedure: the static checks run on the lowered IR (with `@allow`
 * suppressions), and an unsuppressed error stops compilation.
 */
export function compileToIR(file: string, options: CompileOptions = {}): CompileResult {
  const lowered = lowerFile(file, options);
  if (!lowered.ir) return lowered;
  const checked = applySuppressions(checkProcedure(lowered.ir), lowered.allows ?? []);
  const diagnostics = [...lowered.diagnostics, ...checked];
  if (hasErrors(checked)) return { diagnostics };
  const optimized = optimize(lowered.ir, options);
  return { ir: optimized.ir, diagnostics, explain: optimized.explain };
}

export function compile(file: string, planPath: string, options: CompileOptions = {}): CompileResult & { plan?: Plan } {
  const result = compileToIR(file, options);
  if (!result.ir) return result;
  const emitted = emitPlan(result.ir, planPath);
  return { ...result, ...(emitted.plan ? { plan: emitted.plan } : {}), diagnostics: [...result.diagnostics, ...emitted.diagnostics] };
}
