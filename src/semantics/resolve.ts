/**
 * Scopes and name resolution (language.md §2, §6).
 *
 * - Each module has one namespace: its declarations and its imported names
 *   (`duplicate-declaration` on a clash). Imports resolve to the declaring module's symbol,
 *   through re-exports (`unknown-import` when the name does not exist there).
 * - Each step, fn, schedule and procedure has one scope for its parameters and locals.
 *   Locals are created by their first assignment and visible from there to the end of the
 *   declaration (so a name assigned in an `if` branch is visible after it); `state` declares a
 *   step's carried variable; `for` declares its variable.
 * - A name is looked up in the declaration's scope, then the module namespace, then the
 *   builtins; a miss is `unknown-name` with a "did you mean" (or "import it from std/...").
 */
import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { suggestionList, didYouMean } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";
import { visit } from "../syntax/visit.js";
import { Builtins } from "./builtins.js";
import type { ModuleInfo } from "./modules.js";
import { NodeMap } from "./nodeMap.js";
import type {
  BuiltinSymbol, CallableDecl, DeclSymbol, LocalSymbol, NamespaceEntry, ParamSymbol, StateSymbol, Symbol,
} from "./symbols.js";

/**
 * What the names of one declaration denote, by their `nameIndex`: the symbol each reference
 * (NameExpr, assignment target, `expand` target, import specifier's imported name) refers to,
 * and the symbol each defining identifier (declaration name, parameter, first assignment,
 * import specifier's local name) introduces. Undefined for names that are neither, or failed
 * to resolve.
 */
export interface NameTable {
  readonly refs: (Symbol | undefined)[];
  readonly defs: (Symbol | undefined)[];
}

/** The names of one callable declaration (its parameters, defaults and body). */
export interface BodyNames extends NameTable {
  /**
   * How many parameters, state parameters and locals the declaration has: their `slot`s are
   * 0 to slots - 1 (the checker keeps their values in arrays, not maps).
   */
  slots: number;
}

export interface Resolution {
  /** What the names of each declaration denote. */
  readonly names: Map<A.Declaration, NameTable>;
  /** The names of each callable declaration. */
  readonly bodies: Map<CallableDecl, BodyNames>;
  readonly declSymbols: Map<A.Declaration, DeclSymbol>;
  readonly namespaces: Map<ModuleInfo, Map<string, NamespaceEntry>>;
  /** What each import specifier resolved to (absent when the file or the name was not found). */
  readonly imports: Map<A.ImportSpecifier, DeclSymbol>;
  /** Each callable declaration's scope once resolved: parameters and every local. */
  readonly scopes: Map<CallableDecl, Map<string, Symbol>>;
}

export interface ResolveOptions {
  /** For an unknown name: the std module declaring it (e.g. "std/continuous") and the declaration's kind. */
  readonly stdlibHint?: (name: string) => { readonly module: string; readonly kind: string } | undefined;
}

const builtinSymbols = new Map<string, BuiltinSymbol>(
  [...Builtins.values()].map((spec) => [spec.name, { kind: "builtin", name: spec.name, spec }]),
);

/** Resolves every name of every module. Reports into `report`. */
export function resolveModules(
  modules: Iterable<ModuleInfo>,
  report: (d: Diagnostic) => void,
  options: ResolveOptions = {},
): Resolution {
  const r: Resolution = {
    names: new Map(), bodies: new Map(), declSymbols: new Map(), namespaces: new Map(), imports: new Map(), scopes: new Map(),
  };
  const list = [...modules];
  for (const m of list) for (const decl of m.program.declarations) r.names.set(decl, nameTable(decl.nameCount));
  for (const m of list) r.namespaces.set(m, buildNamespace(m, r, report));
  for (const m of list) resolveImports(m, r, report);
  for (const m of list) {
    for (const decl of m.program.declarations) {
      if (decl.kind === "StepDecl" || decl.kind === "FnDecl" || decl.kind === "ScheduleDecl" || decl.kind === "InferDecl") {
        new BodyResolver(decl, m, r, report, options).run();
      }
    }
  }
  return r;
}

/** An empty table for a declaration of `names` names (sized once: no growth). */
function nameTable(names: number): NameTable {
  const refs = new Array<Symbol | undefined>(names);
  const defs = new Array<Symbol | undefined>(names);
  for (let i = 0; i < names; i++) refs[i] = defs[i] = undefined;
  return { refs, defs };
}

function buildNamespace(m: ModuleInfo, r: Resolution, report: (d: Diagnostic) => void): Map<string, NamespaceEntry> {
  const ns = new Map<string, NamespaceEntry>();
  const firstSpan = new Map<string, A.Identifier>();
  const add = (id: A.Identifier, entry: NamespaceEntry, isImport: boolean): void => {
    const first = firstSpan.get(id.name);
    if (first) {
      report(makeDiagnostic("duplicate-declaration", id.span, `"${id.name}" is already declared in this file.`, {
        help: isImport
          ? `Import it under another name: \`${id.name} as other_name\`.`
          : "Rename one of the two declarations; top-level names must be unique within a file.",
        related: [{ span: first.span, message: `"${id.name}" is first declared here.` }],
      }));
      return;
    }
    firstSpan.set(id.name, id);
    ns.set(id.name, entry);
  };
  for (const decl of m.program.declarations) {
    if (decl.kind === "ImportDecl") {
      for (const spec of decl.specifiers) add(spec.local, { kind: "import", specifier: spec, decl }, true);
      continue;
    }
    const symbol = declSymbol(decl, m);
    r.declSymbols.set(decl, symbol);
    r.names.get(decl)!.defs[decl.name.nameIndex] = symbol;
    add(decl.name, { kind: "decl", symbol }, false);
  }
  return ns;
}

function declSymbol(decl: Exclude<A.Declaration, A.ImportDecl>, module: ModuleInfo): DeclSymbol {
  const name = decl.name.name;
  switch (decl.kind) {
    case "ModelDecl":
      return { kind: "model", name, module, decl };
    case "StepDecl":
      return { kind: "step", name, module, decl, stepKind: decl.stateParams.from ? "refine" : "expand" };
    case "FnDecl":
      return { kind: "fn", name, module, decl };
    case "ScheduleDecl":
      return { kind: "schedule", name, module, decl };
    case "InferDecl":
      return { kind: "infer", name, module, decl };
  }
}

/** The declaration `name` denotes in `module`'s namespace, following imports (and re-exports). */
export function resolveExport(
  r: Resolution, module: ModuleInfo, name: string, seen: Set<ModuleInfo> = new Set(),
): DeclSymbol | undefined {
  if (seen.has(module)) return undefined;
  seen.add(module);
  const entry = r.namespaces.get(module)?.get(name);
  if (!entry) return undefined;
  if (entry.kind === "decl") return entry.symbol;
  const target = module.imports.find((i) => i.decl === entry.decl)?.module;
  return target ? resolveExport(r, target, entry.specifier.imported.name, seen) : undefined;
}

function resolveImports(m: ModuleInfo, r: Resolution, report: (d: Diagnostic) => void): void {
  for (const imp of m.imports) {
    if (!imp.module) continue; // import-not-found was reported by the loader
    const table = r.names.get(imp.decl)!;
    for (const spec of imp.decl.specifiers) {
      const symbol = resolveExport(r, imp.module, spec.imported.name);
      if (symbol) {
        r.imports.set(spec, symbol);
        table.refs[spec.imported.nameIndex] = symbol;
        table.defs[spec.local.nameIndex] = symbol;
        continue;
      }
      const names = [...(r.namespaces.get(imp.module)?.keys() ?? [])];
      const help = didYouMean(suggestionList(spec.imported.name, names));
      report(makeDiagnostic("unknown-import", spec.imported.span,
        `"${imp.decl.source.value}" declares no "${spec.imported.name}".`, help ? { help } : {}));
    }
  }
}

/** The scope of parameter defaults: no locals (read only). */
const NO_LOCALS: Map<string, Symbol> = new Map();

/** Resolves one callable declaration: parameters, then the body in source order. */
class BodyResolver {
  private readonly scope = new Map<string, Symbol>();
  /** The declaration's name table (`NameTable`). */
  private readonly refs: (Symbol | undefined)[];
  private readonly defs: (Symbol | undefined)[];
  /** The next free slot (see `BodyNames.slots`). */
  private slots = 0;
  /** Names assigned anywhere in the body (computed on first use: only messages need it). */
  private assigned: Set<string> | undefined;
  /** The module's namespace. */
  private readonly ns: Map<string, NamespaceEntry> | undefined;

  constructor(
    private readonly decl: CallableDecl,
    private readonly module: ModuleInfo,
    private readonly r: Resolution,
    private readonly report: (d: Diagnostic) => void,
    private readonly options: ResolveOptions,
  ) {
    this.ns = r.namespaces.get(module);
    const table = r.names.get(decl)!;
    this.refs = table.refs;
    this.defs = table.defs;
  }

  run(): void {
    const decl = this.decl;
    const names: BodyNames = { refs: this.refs, defs: this.defs, slots: 0 };
    this.r.bodies.set(decl, names);
    for (const p of decl.params) {
      // Defaults see the module namespace only, never other parameters.
      if (p.default) this.expr(p.default, NO_LOCALS);
      const symbol: ParamSymbol = { kind: "param", name: p.name.name, param: p, owner: decl, slot: this.slots++ };
      this.define(p.name, symbol);
    }
    if (decl.kind === "StepDecl") {
      const sp = decl.stateParams;
      this.define(sp.state.name, { kind: "state", name: sp.state.name.name, role: "state", node: sp.state.name, owner: decl, slot: this.slots++ } satisfies StateSymbol);
      if (sp.from) this.define(sp.from, { kind: "state", name: sp.from.name, role: "from", node: sp.from, owner: decl, slot: this.slots++ });
      if (sp.to) this.define(sp.to, { kind: "state", name: sp.to.name, role: "to", node: sp.to, owner: decl, slot: this.slots++ });
    }
    // Type annotations may use parameters (`latent[d]`).
    for (const p of decl.params) if (p.type) this.typeRef(p.type, this.scope);
    if (decl.kind === "InferDecl" && decl.returnType) this.typeRef(decl.returnType, this.scope);
    this.block(decl.body);
    names.slots = this.slots;
    this.r.scopes.set(decl, this.scope);
  }

  /** Whether `name` is assigned (or declared by `state` or `for`) anywhere in the body. */
  private assignedLater(name: string): boolean {
    if (this.assigned === undefined) {
      const names = (this.assigned = new Set<string>());
      const walk = (b: A.Block): void => {
        for (const s of b.statements) {
          for (let st: A.Statement | A.Block | undefined = s; st !== undefined; ) {
            if (st.kind === "Block") {
              walk(st);
              break;
            }
            if (st.kind === "AssignStmt" || st.kind === "StateStmt") names.add(st.target.name);
            else if (st.kind === "ForStmt") {
              names.add(st.variable.name);
              walk(st.body);
            } else if (st.kind === "ExpandStmt" && st.body) walk(st.body);
            else if (st.kind === "IfStmt") {
              walk(st.then);
              st = st.else;
              continue;
            }
            break;
          }
        }
      };
      walk(this.decl.body);
    }
    return this.assigned.has(name);
  }

  private define(id: A.Identifier, symbol: Symbol): void {
    const existing = this.scope.get(id.name);
    if (existing) {
      const first = definingNode(existing);
      this.report(makeDiagnostic("duplicate-declaration", id.span, `"${id.name}" is already declared in "${this.decl.name.name}".`, {
        help: "Rename one of the two.",
        related: first ? [{ span: first.span, message: `"${id.name}" is first declared here.` }] : [],
      }));
      return;
    }
    this.scope.set(id.name, symbol);
    this.defs[id.nameIndex] = symbol;
  }

  // Indexed loops over AST lists here and in the checker: a for-of loop allocates an iterator
  // (and a result per element) wherever V8 does not optimize it away.
  private typeRef(t: A.TypeRef, scope: Map<string, Symbol>): void {
    const dims = t.dims;
    for (let i = 0; i < dims.length; i++) this.expr(dims[i]!, scope);
  }

  private block(b: A.Block): void {
    const statements = b.statements;
    for (let i = 0; i < statements.length; i++) this.statement(statements[i]!);
  }

  private statement(s: A.Statement): void {
    switch (s.kind) {
      case "AssignStmt":
        this.expr(s.value, this.scope);
        this.assign(s.target, false);
        return;
      case "StateStmt":
        this.expr(s.init, this.scope);
        if (this.decl.kind !== "StepDecl") {
          this.report(makeDiagnostic("misplaced-statement", s.span, "`state` variables are only allowed in steps.", {
            help: `Use a plain assignment \`${s.target.name} = ...\`.`,
          }));
          this.assign(s.target, false);
          return;
        }
        this.define(s.target, this.local(s.target, true, false));
        return;
      case "ReturnStmt":
        this.expr(s.value, this.scope);
        return;
      case "IfStmt":
        this.expr(s.condition, this.scope);
        this.block(s.then);
        if (s.else?.kind === "Block") this.block(s.else);
        else if (s.else) this.statement(s.else);
        return;
      case "ForStmt":
        this.expr(s.iterable, this.scope);
        this.assign(s.variable, true);
        this.block(s.body);
        return;
      case "RefineStmt":
        this.requireProcedure(s, "refine");
        this.expr(s.target, this.scope);
        this.expr(s.schedule, this.scope);
        this.stepCall(s.step);
        return;
      case "ExpandStmt":
        this.requireProcedure(s, "expand");
        this.reference(s.target);
        if (s.by) this.expr(s.by, this.scope);
        for (let i = 0; i < s.until.length; i++) {
          const u = s.until[i]!;
          if (u.value) this.expr(u.value, this.scope);
        }
        if (s.step) this.stepCall(s.step);
        if (s.body) this.block(s.body);
        return;
      case "ExprStmt":
        this.expr(s.expression, this.scope);
        return;
    }
  }

  /** `using step(args)`: the callee names a step, so only steps are suggested for a typo. */
  private stepCall(call: A.CallExpr): void {
    if (call.callee.kind === "NameExpr") this.lookup(call.callee, call.callee.text, this.scope, (s) => s?.kind === "step");
    else this.expr(call.callee, this.scope);
    this.args(call, this.scope);
  }

  private requireProcedure(s: A.Statement, what: string): void {
    if (this.decl.kind === "InferDecl") return;
    this.report(makeDiagnostic("misplaced-statement", s.span, `\`${what}\` is only allowed in a procedure (\`infer\`).`, {
      help: `Move the \`${what}\` into an \`infer\` block; steps describe one move and are applied by \`${what} ... using\`.`,
    }));
  }

  private local(id: A.Identifier, isState: boolean, isLoopVariable: boolean): LocalSymbol {
    return { kind: "local", name: id.name, node: id, owner: this.decl, isState, isLoopVariable, slot: this.slots++ };
  }

  /** An assignment target: the existing variable, or a new local. */
  private assign(id: A.Identifier, isLoopVariable: boolean): void {
    const existing = this.scope.get(id.name);
    if (existing) {
      this.refs[id.nameIndex] = existing;
      return;
    }
    const symbol = this.local(id, false, isLoopVariable);
    this.scope.set(id.name, symbol);
    this.defs[id.nameIndex] = symbol;
    this.refs[id.nameIndex] = symbol;
  }

  /**
   * Every name an expression references, in source order. Named-argument names and member
   * names are not references; their values and objects are.
   */
  private expr(e: A.Expression, scope: Map<string, Symbol>): void {
    switch (e.kind) {
      case "NameExpr":
        this.lookup(e, e.text, scope);
        return;
      case "ListLiteral":
        for (let i = 0; i < e.elements.length; i++) this.expr(e.elements[i]!, scope);
        return;
      case "UnaryExpr":
        this.expr(e.operand, scope);
        return;
      case "BinaryExpr":
        this.expr(e.left, scope);
        this.expr(e.right, scope);
        return;
      case "CallExpr":
        this.expr(e.callee, scope);
        this.args(e, scope);
        return;
      case "MemberExpr":
        this.expr(e.object, scope);
        return;
      case "IndexExpr":
        this.expr(e.object, scope);
        this.expr(e.index, scope);
        return;
      case "ConditionalExpr":
        this.expr(e.condition, scope);
        this.expr(e.then, scope);
        this.expr(e.else, scope);
        return;
      case "NoiseExpr":
        this.typeRef(e.type, scope);
        if (e.batch) this.expr(e.batch, scope);
        if (e.scale) this.expr(e.scale, scope);
        return;
      default:
        return; // literals
    }
  }

  private args(call: A.CallExpr, scope: Map<string, Symbol>): void {
    const args = call.args;
    for (let i = 0; i < args.length; i++) this.expr(args[i]!, scope);
    const named = call.namedArgs;
    for (let i = 0; i < named.length; i++) this.expr(named[i]!.value, scope);
  }

  private reference(id: A.Identifier): void {
    this.lookup(id, id.name, this.scope);
  }

  /** `node` references `name` (its identifier's name). */
  private lookup(
    node: A.NameExpr | A.Identifier, name: string, scope: Map<string, Symbol>,
    wanted?: (s: Symbol | undefined) => boolean,
  ): void {
    const local = scope.get(name);
    if (local) return void (this.refs[node.nameIndex] = local);
    const entry = this.ns?.get(name);
    if (entry) {
      const symbol = entry.kind === "decl" ? entry.symbol : this.r.imports.get(entry.specifier);
      // An import that failed to resolve was already reported: no second diagnostic here.
      if (symbol) this.refs[node.nameIndex] = symbol;
      return;
    }
    const builtin = builtinSymbols.get(name);
    if (builtin) return void (this.refs[node.nameIndex] = builtin);
    this.reportUnknown(node.kind === "NameExpr" ? node.name : node, scope, wanted);
  }

  /** `wanted` restricts "did you mean" to fitting symbols (e.g. steps after `using`). */
  private reportUnknown(id: A.Identifier, scope: Map<string, Symbol>, wanted?: (s: Symbol | undefined) => boolean): void {
    const name = id.name;
    if (scope === this.scope && this.assignedLater(name)) {
      this.report(makeDiagnostic("unknown-name", id.span, `"${name}" is used before it is assigned.`, {
        help: `Assign "${name}" before this line.`,
      }));
      return;
    }
    const ns = this.ns ?? new Map<string, NamespaceEntry>();
    const entrySymbol = (e: NamespaceEntry): Symbol | undefined => (e.kind === "decl" ? e.symbol : this.r.imports.get(e.specifier));
    const candidates = wanted
      ? [...ns].filter(([, e]) => wanted(entrySymbol(e))).map(([n]) => n)
      : [...scope.keys(), ...ns.keys(), ...builtinSymbols.keys()];
    let help = didYouMean(suggestionList(name, candidates));
    const std = this.options.stdlibHint?.(name);
    if (std && (!wanted || std.kind === "StepDecl")) help = `Import it: \`import { ${name} } from "${std.module}"\`.`;
    this.report(makeDiagnostic("unknown-name", id.span, `Unknown name "${name}".`, help ? { help } : {}));
  }
}

/** The identifier that introduced a symbol, for "first declared here" notes. */
export function definingNode(s: Symbol): A.Identifier | undefined {
  switch (s.kind) {
    case "param":
      return s.param.name;
    case "state":
    case "local":
      return s.node;
    case "builtin":
      return undefined;
    default:
      return s.decl.name;
  }
}

/**
 * Every reference and definition of a resolution by node, for lookups from outside (built on
 * demand, from a walk of each declaration).
 */
export function symbolIndex(r: Resolution): { refs: NodeMap<A.NameExpr | A.Identifier, Symbol>; defs: NodeMap<A.Identifier, Symbol> } {
  const refs = new NodeMap<A.NameExpr | A.Identifier, Symbol>();
  const defs = new NodeMap<A.Identifier, Symbol>();
  r.names.forEach((names, decl) => {
    visit(decl, {
      enter(node) {
        if (node.kind !== "NameExpr" && node.kind !== "Identifier") return;
        const ref = names.refs[node.nameIndex];
        if (ref) refs.set(node, ref);
        const def = names.defs[node.nameIndex];
        if (def && node.kind === "Identifier") defs.set(node, def);
        // A NameExpr's identifier is made when read: nobody else holds it, so it is not indexed.
        return node.kind === "NameExpr" ? false : undefined;
      },
    });
  });
  return { refs, defs };
}
