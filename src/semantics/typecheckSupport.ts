/**
 * Shared pieces of the type checker (typecheck.ts, typecheckCalls.ts, typecheckMoves.ts): the
 * value and fact types, the per-body frame, and small message helpers.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type * as A from "../syntax/ast.js";
import type { BuiltinSpec } from "./builtins.js";
import type { ContractKind, SignatureValue } from "./contracts.js";
import type { ModelInfo } from "./models.js";
import type { NodeLog, NodeMap } from "./nodeMap.js";
import type { BodyNames } from "./resolve.js";
import type { CallableDecl, LocalSymbol, StepUse, Symbol } from "./symbols.js";
import {
  BOOL, FLOAT, INT, LATENT, LOGITS, NONE, SCHEDULE, STRING, TOKENS, UNKNOWN, isContinuousTensor, isNumber, isUnknown, join, sameType, type Type,
} from "./types.js";

/** A type plus whether the value is known at compile time. */
export interface Value {
  readonly type: Type;
  readonly static: boolean;
}

/** What a call expression calls. */
export type CallTarget =
  | { readonly kind: "builtin"; readonly spec: BuiltinSpec }
  | { readonly kind: "fn" | "schedule"; readonly decl: A.FnDecl | A.ScheduleDecl; readonly args: ReadonlyMap<A.Param, A.Expression> }
  /** A model value called as `M(...)`; `model` when the callee names a declared model directly. */
  | { readonly kind: "model"; readonly contract: ContractKind; readonly model?: ModelInfo }
  /** `M.score(...)`, `D.alpha(t)`, ... */
  | { readonly kind: "model-method"; readonly contract: ContractKind; readonly method: string }
  /** `y.tail(n)`. */
  | { readonly kind: "tail" };

/** Everything the checker learns, for the semantic model. */
export interface TypeFacts {
  /** Type and static-ness of each expression (a model call's callee: its model type, not static). */
  readonly values: NodeLog<A.Expression, Value>;
  readonly typeRefs: Map<A.TypeRef, Type>;
  readonly stepUses: Map<A.RefineStmt | A.ExpandStmt, StepUse>;
  readonly callTargets: NodeMap<A.CallExpr, CallTarget>;
}

export type Report = (d: Diagnostic) => void;

/** The state of checking one body. */
export interface Frame {
  readonly decl: CallableDecl;
  /** What the names of `decl` denote. */
  readonly names: BodyNames;
  /** The value of each parameter and local, by `slot` (undefined: not assigned yet). */
  vars: Vars;
  /** Assumed static-ness of state variables (fixpoint input). */
  readonly stateStatic: Map<LocalSymbol, boolean>;
  /** Observed static-ness of every value assigned to each state variable (fixpoint output). */
  observed: Map<LocalSymbol, boolean> | undefined;
  readonly returns: { value: Value; stmt: A.ReturnStmt }[];
  readonly report: Report;
  readonly record: boolean;
  /** Checking the statements of the body (false: a parameter's default value). */
  readonly body: boolean;
}

/**
 * The values of a body's parameters and locals, indexed by their symbols' `slot` (an array is
 * much cheaper to copy at each branch than a Map).
 */
export type Vars = (Value | undefined)[];

/** Vars for a declaration with `slots` slots, none assigned. */
export function newVars(slots: number): Vars {
  const vars: Vars = new Array(slots);
  for (let i = 0; i < slots; i++) vars[i] = undefined;
  return vars;
}

/** Shared values of the shared types (values are immutable; most expressions have one of these). */
const STATIC_VALUES = new Map<Type, Value>();
const DYNAMIC_VALUES = new Map<Type, Value>();
for (const t of [INT, FLOAT, BOOL, STRING, NONE, TOKENS, LATENT, LOGITS, SCHEDULE, UNKNOWN]) {
  STATIC_VALUES.set(t, { type: t, static: true });
  DYNAMIC_VALUES.set(t, { type: t, static: false });
}

export const val = (type: Type, isStatic: boolean): Value =>
  (isStatic ? STATIC_VALUES : DYNAMIC_VALUES).get(type) ?? { type, static: isStatic };
export const STATIC_UNKNOWN: Value = val(UNKNOWN, true);


export function acceptsSignatureValue(kind: SignatureValue, t: Type): boolean {
  if (isUnknown(t)) return true;
  switch (kind) {
    case "tokens":
      return t.kind === "tokens" || (t.kind === "list" && (t.element.kind === "int" || isUnknown(t.element)));
    case "latent":
      return t.kind === "latent" || isNumber(t);
    case "time":
      return isNumber(t) || t.kind === "latent";
    case "logits":
      return isContinuousTensor(t);
    case "any":
      return t.kind !== "model";
  }
}

export function describeSignatureValue(kind: SignatureValue): string {
  switch (kind) {
    case "tokens":
      return "tokens";
    case "latent":
      return "a latent";
    case "time":
      return "a time (a number or a per-sample latent)";
    case "logits":
      return "logits";
    case "any":
      return "a value";
  }
}

export function signatureResult(kind: SignatureValue, first: Type | undefined, model: ModelInfo | undefined): Type {
  switch (kind) {
    case "logits": {
      const v = model?.args.get("vocab");
      return typeof v === "number" ? { kind: "logits", vocab: v } : LOGITS;
    }
    case "latent":
      return first?.kind === "latent" ? first : LATENT;
    case "time":
      return first?.kind === "latent" ? first : FLOAT;
    case "tokens":
      return TOKENS;
    case "any":
      return UNKNOWN;
  }
}

/** An instance of a declaration: the parameter values it was checked with, and the outcome. */
export interface Instance {
  readonly params: Vars;
  readonly value: Value;
  readonly diagnostics: Diagnostic[];
}

/**
 * Whether two parameter lists are one signature (each parameter's type and static-ness). A
 * declaration has a few instances, so they are compared in turn (no key strings are built).
 */
function sameSignature(a: Vars, b: Vars): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined || y === undefined || x.static !== y.static || !sameType(x.type, y.type)) return false;
  }
  return true;
}

export function findInstance(memo: readonly Instance[], params: Vars): Instance | undefined {
  for (let i = 0; i < memo.length; i++) if (sameSignature(memo[i]!.params, params)) return memo[i];
  return undefined;
}

/** The variables after two paths join: `a` updated with `b` (joined types; static when both are). Reuses `a`. */
export function mergeVars(a: Vars, b: Vars): Vars {
  for (let i = 0; i < b.length; i++) {
    const v = b[i];
    if (v === undefined) continue;
    const w = a[i];
    if (!w) a[i] = v;
    else if (w !== v) a[i] = val(join(w.type, v.type) ?? UNKNOWN, w.static && v.static);
  }
  return a;
}

export function declKindName(d: CallableDecl): string {
  return d.kind === "StepDecl" ? "step" : d.kind === "FnDecl" ? "fn" : d.kind === "ScheduleDecl" ? "schedule" : "procedure";
}

export function symbolKindName(s: Symbol): string {
  switch (s.kind) {
    case "infer":
      return "procedure";
    case "param":
    case "state":
      return "parameter";
    case "local":
      return "variable";
    default:
      return s.kind;
  }
}

/** `"y"` or `"y.tail(...)"` for messages. */
export function targetText(n: A.Node): string {
  if (n.kind === "NameExpr") return `"${(n as A.NameExpr).text}"`;
  if (n.kind === "Identifier") return `"${(n as A.Identifier).name}"`;
  if (n.kind === "CallExpr") {
    const c = n as A.CallExpr;
    if (c.callee.kind === "MemberExpr" && c.callee.object.kind === "NameExpr") return `"${c.callee.object.text}.${c.callee.property.name}(...)"`;
  }
  return "the target";
}

/** A short source-like rendering of a simple expression, for code snippets in help. */
export function sourceText(e: A.Expression): string {
  if (e.kind === "NameExpr") return e.text;
  if (e.kind === "MemberExpr") return `${sourceText(e.object)}.${e.property.name}`;
  return "x";
}

/** An inner message continued after a colon: "Model ..." becomes "model ...". */
export function nested(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
}

export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
