/**
 * The static checks (DESIGN.md §3): rules over the lowered IR of every procedure — the
 * "checked IR", where every step, stdlib or user-written, is inlined the same way — plus
 * binding rules over every model declaration and its ONNX file.
 *
 * - `checkProcedure(ir)`: the procedure rules on one lowered procedure.
 * - `checkAnalysis(analysis)`: after semantic analysis without errors, lowers every `infer`
 *   procedure of the entry file with its default arguments (procedures with a scalar parameter
 *   without default are skipped: they cannot be specialised), runs all rules, reports lowering
 *   errors, runs `--quantify` measurements, and applies `@allow` suppressions.
 * - `checkProgram(file)`: analysis plus checks, for API users.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/json.js";
import type { IRProcedure, ModelRef } from "../ir/ir.js";
import { createDeclLookup, modelRefOf } from "../ir/lower/declIndex.js";
import { locOf } from "../ir/lower/errors.js";
import { lowerProcedure } from "../ir/lower/lower.js";
import { applySuppressions } from "../semantics/annotations.js";
import { analyze, type AnalysisResult } from "../semantics/model.js";
import type { ModuleHost } from "../semantics/modules.js";
import { createNodeHost } from "../semantics/nodeHost.js";
import type * as A from "../syntax/ast.js";
import { CheckContext, stable, type Finding } from "./context.js";
import { ModelContext, type ModelCall, type ModelUse } from "./modelContext.js";
import { readSignature } from "./onnxSignature.js";
import { OnnxRunner } from "./quantify/onnxRunner.js";
import type { CheckRule, ModelRule, ProcedureRule } from "./rule.js";
import { readSourceFile, SourceIndex } from "./sources.js";
import { specifiedRules } from "./specifiedRules.js";

export interface CheckOptions {
  /** Relative std shrink missing-target-time tolerates before it warns (default 0.02). */
  readonly tol?: number;
  /** The rules to run (default `specifiedRules`). */
  readonly rules?: readonly CheckRule[];
  /** Run the short simulations attached to diagnostics and report the measured effects. */
  readonly quantify?: boolean | { readonly samples?: number; readonly seed?: number };
  /** Paths in messages are relative to this directory (default: the process's). */
  readonly cwd?: string;
  /** Source text and ASTs for spans (default: read from disk, or the analysed modules). */
  readonly sources?: SourceIndex;
}

export const DEFAULT_TOLERANCE = 0.02;
const DEFAULT_SAMPLES = 4096;

function procedureRules(rules: readonly CheckRule[]): ProcedureRule[] {
  return rules.filter((r): r is ProcedureRule => r.kind === "procedure");
}

function runProcedureRules(ir: IRProcedure, options: CheckOptions, sources: SourceIndex): Finding[] {
  const findings: Finding[] = [];
  const ctx = new CheckContext(ir, { tol: options.tol ?? DEFAULT_TOLERANCE, sources }, (f) => findings.push(f));
  for (const rule of procedureRules(options.rules ?? specifiedRules)) rule.check(ctx);
  return findings;
}

/** The procedure rules on one lowered procedure (no measurements, no suppressions). */
export function checkProcedure(ir: IRProcedure, options: CheckOptions = {}): Diagnostic[] {
  return sortDiagnostics(runProcedureRules(ir, options, options.sources ?? new SourceIndex()).map((f) => f.diagnostic));
}

/** Whether a procedure can be specialised with defaults: every scalar parameter has one. */
function lowerable(decl: A.InferDecl): boolean {
  return decl.params.every((p) => p.default !== undefined || p.type?.name.name === "tokens" || p.type?.name.name === "latent");
}

/** How the procedures use each model, keyed by the location of its declaration. */
function modelUses(irs: readonly IRProcedure[]): Map<string, ModelUse> {
  const out = new Map<string, { latentShapes: number[][]; calls: ModelCall[] }>();
  const walk = (ir: IRProcedure, ops: IRProcedure["body"]): void => {
    for (const op of ops) {
      if ("body" in op) { walk(ir, op.body); continue; }
      const loc = ir.models.find((m) => m.id === op.attrs?.model)?.loc;
      if (op.op !== "model" || !loc) continue;
      const use = out.get(loc) ?? { latentShapes: [], calls: [] };
      out.set(loc, use);
      const shape = op.type?.kind === "f32" ? op.type.shape : undefined;
      if (shape && !use.latentShapes.some((s) => s.join() === shape.join())) use.latentShapes.push([...shape]);
      const move = ir.moves?.find((m) => m.id === op.attrs?.move);
      const ports = Array.isArray(op.attrs?.ports) ? (op.attrs.ports as string[]) : [];
      use.calls.push({ ports, ...(move?.step ? { step: move.step.name } : {}), ...(move ? { span: move.span } : {}) });
    }
  };
  for (const ir of irs) walk(ir, ir.body);
  return out;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter(({ diagnostic: d }) => {
    const key = `${d.code}\0${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function quantify(findings: readonly Finding[], declared: readonly ModelRef[], options: CheckOptions): Promise<Diagnostic[]> {
  const q = typeof options.quantify === "object" ? options.quantify : {};
  const runner = new OnnxRunner();
  try {
    const out: Diagnostic[] = [];
    for (const f of findings) {
      if (!f.measure) { out.push(f.diagnostic); continue; }
      const d = f.diagnostic;
      try {
        const m = await f.measure({ runner, declaredModels: declared, samples: q.samples ?? DEFAULT_SAMPLES, seed: q.seed ?? 1 });
        out.push(m ? { ...d, message: `${d.message.replace(/\.$/, "")}; ${m.summary}.`, data: { ...d.data, measured: stable(m.data) } } : d);
      } catch (err) {
        const reason = (err as Error).message.split("\n")[0];
        out.push({ ...d, message: `${d.message.replace(/\.$/, "")}; not measured: ${reason}.`, data: { ...d.data, measured: null } });
      }
    }
    return out;
  } finally {
    await runner.close();
  }
}

/**
 * The checks of an analysed program: lowering and procedure rules for every procedure of the
 * entry file, binding rules for every model declaration outside the stdlib. Returns no
 * diagnostics when the analysis has errors (fix those first). `@allow` suppressions applied.
 */
export async function checkAnalysis(analysis: AnalysisResult, options: CheckOptions = {}): Promise<Diagnostic[]> {
  const entry = analysis.entry;
  if (!entry || hasErrors(analysis.diagnostics)) return [];
  const sources = options.sources ?? new SourceIndex((f) => {
    const m = analysis.modules.get(f);
    return m ? { text: m.text, program: m.program } : readSourceFile(f);
  });
  const programs = new Map([...analysis.modules].map(([path, m]) => [path, m.program] as const));
  const resolveImport = (from: string, source: string): string | undefined => analysis.modules.get(from)?.imports.find((i) => i.decl.source.value === source)?.path;
  const findings: Finding[] = [];
  const irs: IRProcedure[] = [];
  for (const decl of entry.program.declarations) {
    if (decl.kind !== "InferDecl" || !lowerable(decl)) continue;
    const lowered = lowerProcedure(createDeclLookup(programs, resolveImport), decl, entry.path, {});
    for (const d of lowered.diagnostics) findings.push({ diagnostic: d });
    if (!lowered.procedure) continue;
    irs.push(lowered.procedure);
    findings.push(...runProcedureRules(lowered.procedure, options, sources));
  }
  const uses = modelUses(irs);
  const declared: ModelRef[] = [];
  const modelRules = (options.rules ?? specifiedRules).filter((r): r is ModelRule => r.kind === "model");
  for (const info of analysis.semanticModel.models) {
    if (info.module.isStdlib || !info.contract) continue;
    const ref = modelRefOf(info.decl, info.module.path, info.decl.name.name);
    const signature = readSignature(ref.path);
    if (signature.ok) declared.push(ref);
    const ctx = new ModelContext(info, ref, signature, uses.get(locOf(info.decl.name.span)) ?? { latentShapes: [], calls: [] }, options.cwd ?? process.cwd(), (f) => findings.push(f));
    for (const rule of modelRules) rule.check(ctx);
  }
  const unique = dedupe(findings);
  const diagnostics = options.quantify ? await quantify(unique, declared, options) : unique.map((f) => f.diagnostic);
  return applySuppressions(sortDiagnostics(diagnostics), analysis.semanticModel.allows);
}

export interface CheckResult {
  /** Analysis diagnostics, then (when analysis found no errors) the checks'. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Analyses `file` with its imports and runs every check. Never throws on user error. */
export async function checkProgram(file: string, options: CheckOptions & { readonly host?: ModuleHost } = {}): Promise<CheckResult> {
  const analysis = analyze(file, options.host ?? createNodeHost());
  return { diagnostics: [...analysis.diagnostics, ...(await checkAnalysis(analysis, options))] };
}
