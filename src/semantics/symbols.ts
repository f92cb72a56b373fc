/**
 * What a name refers to. The resolver (`resolve.ts`) maps every `NameExpr` (and every defining
 * or referencing `Identifier`) to one of these; later stages read them through the
 * `SemanticModel` (`model.ts`).
 */
import type * as A from "../syntax/ast.js";
import type { BuiltinSpec } from "./builtins.js";
import type { ModuleInfo } from "./modules.js";

/** The declarations whose bodies are checked: they own parameters and locals. */
export type CallableDecl = A.StepDecl | A.FnDecl | A.ScheduleDecl | A.InferDecl;

interface DeclSymbolBase {
  readonly name: string;
  /** The module that declares it (not the one importing it). */
  readonly module: ModuleInfo;
}

export interface ModelSymbol extends DeclSymbolBase {
  readonly kind: "model";
  readonly decl: A.ModelDecl;
}

export interface StepSymbol extends DeclSymbolBase {
  readonly kind: "step";
  readonly decl: A.StepDecl;
  /** `refine` for `(x, t -> s)`, `expand` for `(y)`. */
  readonly stepKind: "refine" | "expand";
}

export interface FnSymbol extends DeclSymbolBase {
  readonly kind: "fn";
  readonly decl: A.FnDecl;
}

export interface ScheduleSymbol extends DeclSymbolBase {
  readonly kind: "schedule";
  readonly decl: A.ScheduleDecl;
}

export interface InferSymbol extends DeclSymbolBase {
  readonly kind: "infer";
  readonly decl: A.InferDecl;
}

/** A top-level declaration other than an import. */
export type DeclSymbol = ModelSymbol | StepSymbol | FnSymbol | ScheduleSymbol | InferSymbol;

/** A parameter of a step (configuration list), fn, schedule or procedure. */
export interface ParamSymbol {
  readonly kind: "param";
  readonly name: string;
  readonly param: A.Param;
  readonly owner: CallableDecl;
  /** Its index among the parameters, state parameters and locals of its declaration (`BodyNames.slots`). */
  readonly slot: number;
}

/** The state parameter of a step (`x` / `y`) or its times (`t`, `s` of `t -> s`). */
export interface StateSymbol {
  readonly kind: "state";
  readonly name: string;
  readonly role: "state" | "from" | "to";
  readonly node: A.Identifier;
  readonly owner: A.StepDecl;
  /** Its index among the parameters, state parameters and locals of its declaration (`BodyNames.slots`). */
  readonly slot: number;
}

/**
 * A variable assigned in a body. Locals are scoped to the whole declaration (like Python):
 * a name assigned in an `if` branch or a `for` body is visible after it. `isState` marks
 * `state` variables of steps, carried across refine iterations.
 */
export interface LocalSymbol {
  readonly kind: "local";
  readonly name: string;
  /** The first assignment's target (or the `for` variable). */
  readonly node: A.Identifier;
  readonly owner: CallableDecl;
  readonly isState: boolean;
  readonly isLoopVariable: boolean;
  /** Its index among the parameters, state parameters and locals of its declaration (`BodyNames.slots`). */
  readonly slot: number;
}

export interface BuiltinSymbol {
  readonly kind: "builtin";
  readonly name: string;
  readonly spec: BuiltinSpec;
}

export type Symbol = DeclSymbol | ParamSymbol | StateSymbol | LocalSymbol | BuiltinSymbol;

/** An entry of a module's namespace: its own declaration, or an import. */
export type NamespaceEntry =
  | { readonly kind: "decl"; readonly symbol: DeclSymbol }
  | { readonly kind: "import"; readonly specifier: A.ImportSpecifier; readonly decl: A.ImportDecl };

/** What a step's using-clause (`refine ... using step(args)`) resolved to. */
export interface StepUse {
  readonly step: StepSymbol;
  /** The argument of each configuration parameter (absent when its default applies). */
  readonly args: ReadonlyMap<A.Param, A.Expression>;
}

/** The kind of a symbol for messages: "step", "model", "parameter", ... */
export function describeSymbol(s: Symbol): string {
  switch (s.kind) {
    case "infer":
      return "procedure";
    case "param":
    case "state":
      return "parameter";
    case "local":
      return s.isState ? "state variable" : "variable";
    case "builtin":
      return "builtin";
    default:
      return s.kind;
  }
}
