/**
 * Semantic analysis of a program and its imports: `analyze(entryFile, host)` loads and parses
 * every file (modules.ts), resolves names (resolve.ts), checks model declarations (models.ts),
 * types and static-ness (typecheck.ts) and annotations (annotations.ts), and returns the
 * diagnostics plus a `SemanticModel` that later stages (IR lowering, static-check rules, editors)
 * query instead of re-deriving names, types and contracts.
 *
 * Semantic diagnostics are only reported when every loaded file parses: a partial AST from
 * error recovery would produce cascades of unknown names. Fix syntax errors first.
 */
import { join, resolve } from "node:path";

import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/json.js";
import type * as A from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import { applySuppressions, checkAnnotations, type AllowDirective } from "./annotations.js";
import { checkModel, type ModelInfo } from "./models.js";
import { defaultStdlibDir, loadModules, type LoaderOptions, type ModuleHost, type ModuleInfo } from "./modules.js";
import { resolveExport, resolveModules, symbolIndex, type Resolution } from "./resolve.js";
import type { CallableDecl, DeclSymbol, InferSymbol, StepUse, Symbol } from "./symbols.js";
import { TypeChecker, type CallTarget, type TypeFacts } from "./typecheck.js";
import { UNKNOWN, type Type } from "./types.js";

export type AnalyzeOptions = LoaderOptions;

/**
 * The facts semantic analysis established, keyed by AST node identity. Valid for the ASTs in
 * `modules`; every query is O(1).
 */
export interface SemanticModel {
  /** The entry file (undefined when it could not be read). */
  readonly entry: ModuleInfo | undefined;
  /** Every loaded file by absolute path: the entry first, then its imports depth-first. */
  readonly modules: ReadonlyMap<string, ModuleInfo>;
  /** Every top-level declaration except imports, by module then source order. */
  readonly declarations: readonly DeclSymbol[];
  /** Every model declaration with its resolved contract, constant arguments and bindings. */
  readonly models: readonly ModelInfo[];

  /**
   * The symbol a name denotes: for a `NameExpr`, an assignment target or an `expand` target,
   * what it refers to; for a defining identifier (declaration name, parameter, first assignment,
   * import specifier's local name), what it introduces. Imported names resolve to the declaring
   * module's symbol. Undefined for names that failed to resolve (already reported).
   */
  symbolOf(node: A.NameExpr | A.Identifier): Symbol | undefined;
  /** The symbol of a top-level declaration (not an import). */
  declarationOf(decl: A.Declaration): DeclSymbol | undefined;
  /** The module declaring `decl`. */
  moduleOf(decl: A.Declaration): ModuleInfo | undefined;
  /** The declaration `name` denotes at the top level of `module` (own or imported). */
  lookup(module: ModuleInfo, name: string): DeclSymbol | undefined;
  /** What an import specifier resolved to. */
  importTarget(spec: A.ImportSpecifier): DeclSymbol | undefined;
  /** The checked model declaration. */
  modelInfo(decl: A.ModelDecl): ModelInfo | undefined;
  /** The procedures (`infer` blocks) of a module (default: the entry). */
  procedures(module?: ModuleInfo): readonly InferSymbol[];
  /** Parameters and locals of a step, fn, schedule or procedure, by name. */
  scopeOf(decl: CallableDecl): ReadonlyMap<string, Symbol> | undefined;

  /**
   * The type of an expression, from the generic check of its declaration (a step's untyped
   * state is latent or tokens after its models; untyped fn parameters are unknown). `unknown`
   * for expressions never checked (files with syntax errors) or whose type is not static.
   */
  typeOf(expr: A.Expression): Type;
  /** Whether an expression is a compile-time value (see typecheck.ts for the rules). */
  isStatic(expr: A.Expression): boolean;
  /** The type a type annotation denotes. */
  typeOfTypeRef(ref: A.TypeRef): Type;
  /** What a call calls: a builtin, fn, schedule, model, model method or `tail`. */
  callTarget(call: A.CallExpr): CallTarget | undefined;
  /** The step a `refine`/`expand ... using` applies, with its bound configuration arguments. */
  stepUse(stmt: A.RefineStmt | A.ExpandStmt): StepUse | undefined;
  /** The valid `@allow` directives of all modules. */
  readonly allows: readonly AllowDirective[];
}

export interface AnalysisResult {
  readonly entry: ModuleInfo | undefined;
  readonly modules: ReadonlyMap<string, ModuleInfo>;
  /** All diagnostics (syntax, modules, semantics), `@allow` suppressions applied, in a stable order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly semanticModel: SemanticModel;
}

/** Analyzes `entryFile` and everything it imports. Never throws on user error. */
export function analyze(entryFile: string, host: ModuleHost, options: AnalyzeOptions = {}): AnalysisResult {
  const loaded = loadModules(entryFile, host, options);
  const modules = loaded.modules;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (!loaded.entry) {
    diagnostics.push(makeDiagnostic("io-error", { file: entryFile, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 },
      `Cannot read "${entryFile}".`, { help: "Check that the file exists and is readable." }));
  }
  const syntaxErrors = diagnostics.some((d) => d.code === "lex-error" || d.code === "parse-error");
  const semantic: Diagnostic[] = [];
  const report = (d: Diagnostic): void => void semantic.push(d);

  const stdlibHint = stdlibHints(host, resolve(options.stdlibDir ?? defaultStdlibDir()), modules);
  const resolution = resolveModules(modules.values(), report, { stdlibHint });
  const models = new Map<A.ModelDecl, ModelInfo>();
  for (const m of modules.values()) {
    for (const d of m.program.declarations) if (d.kind === "ModelDecl") models.set(d, checkModel(d, m, report));
  }
  const checker = new TypeChecker(resolution, models, report);
  for (const m of modules.values()) {
    for (const d of m.program.declarations) {
      if (d.kind === "StepDecl" || d.kind === "FnDecl" || d.kind === "ScheduleDecl" || d.kind === "InferDecl") checker.checkDecl(d);
    }
  }
  const allows: AllowDirective[] = [];
  for (const m of modules.values()) allows.push(...checkAnnotations(m, report));
  if (!syntaxErrors) diagnostics.push(...semantic);

  return {
    entry: loaded.entry,
    modules,
    diagnostics: applySuppressions(sortDiagnostics(dedupe(diagnostics)), allows),
    semanticModel: new Model(loaded.entry, modules, resolution, models, checker.facts, allows),
  };
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * For "did you mean to import": which std module declares a name. Reads the stdlib lazily, the
 * first time an unknown name is reported, through the same host.
 */
function stdlibHints(
  host: ModuleHost, stdlibDir: string, loaded: ReadonlyMap<string, ModuleInfo>,
): (name: string) => { module: string; kind: string } | undefined {
  let index: Map<string, { module: string; kind: string }> | undefined;
  return (name) => {
    if (!index) {
      index = new Map();
      for (const file of [...(host.listDir?.(stdlibDir) ?? [])].sort()) {
        if (!file.endsWith(".infer")) continue;
        const path = join(stdlibDir, file);
        const program = loaded.get(path)?.program ?? (() => {
          const text = host.readFile(path);
          return text === undefined ? undefined : parse(text, path).program;
        })();
        for (const d of program?.declarations ?? []) {
          if (d.kind !== "ImportDecl" && !index.has(d.name.name)) index.set(d.name.name, { module: `std/${file.slice(0, -6)}`, kind: d.kind });
        }
      }
    }
    return index.get(name);
  };
}

class Model implements SemanticModel {
  readonly declarations: readonly DeclSymbol[];
  readonly models: readonly ModelInfo[];
  private readonly owners = new Map<A.Declaration, ModuleInfo>();
  /** Every reference and definition by node, built on the first `symbolOf`. */
  private symbols: ReturnType<typeof symbolIndex> | undefined;

  constructor(
    readonly entry: ModuleInfo | undefined,
    readonly modules: ReadonlyMap<string, ModuleInfo>,
    private readonly resolution: Resolution,
    private readonly modelInfos: ReadonlyMap<A.ModelDecl, ModelInfo>,
    private readonly facts: TypeFacts,
    readonly allows: readonly AllowDirective[],
  ) {
    for (const m of modules.values()) for (const d of m.program.declarations) this.owners.set(d, m);
    this.declarations = [...modules.values()].flatMap((m) =>
      m.program.declarations.flatMap((d) => {
        const s = resolution.declSymbols.get(d);
        return s ? [s] : [];
      }));
    this.models = [...modelInfos.values()];
  }

  symbolOf(node: A.NameExpr | A.Identifier): Symbol | undefined {
    const index = (this.symbols ??= symbolIndex(this.resolution));
    return index.refs.get(node) ?? index.defs.get(node as A.Identifier);
  }
  declarationOf(decl: A.Declaration): DeclSymbol | undefined {
    return this.resolution.declSymbols.get(decl);
  }
  moduleOf(decl: A.Declaration): ModuleInfo | undefined {
    return this.owners.get(decl);
  }
  lookup(module: ModuleInfo, name: string): DeclSymbol | undefined {
    return resolveExport(this.resolution, module, name);
  }
  importTarget(spec: A.ImportSpecifier): DeclSymbol | undefined {
    return this.resolution.imports.get(spec);
  }
  modelInfo(decl: A.ModelDecl): ModelInfo | undefined {
    return this.modelInfos.get(decl);
  }
  procedures(module: ModuleInfo | undefined = this.entry): readonly InferSymbol[] {
    return this.declarations.filter((d): d is InferSymbol => d.kind === "infer" && d.module === module);
  }
  scopeOf(decl: CallableDecl): ReadonlyMap<string, Symbol> | undefined {
    return this.resolution.scopes.get(decl);
  }
  typeOf(expr: A.Expression): Type {
    return this.facts.values.get(expr)?.type ?? UNKNOWN;
  }
  isStatic(expr: A.Expression): boolean {
    return this.facts.values.get(expr)?.static ?? false;
  }
  typeOfTypeRef(ref: A.TypeRef): Type {
    return this.facts.typeRefs.get(ref) ?? UNKNOWN;
  }
  callTarget(call: A.CallExpr): CallTarget | undefined {
    return this.facts.callTargets.get(call);
  }
  stepUse(stmt: A.RefineStmt | A.ExpandStmt): StepUse | undefined {
    return this.facts.stepUses.get(stmt);
  }
}
