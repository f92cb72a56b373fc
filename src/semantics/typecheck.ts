/**
 * Type and static-ness inference for every expression, and the checks built on it
 * (language.md §4–§8): operator and call typing (`type-mismatch`), model calls against their
 * contract, builtin/fn/schedule/step arity and arguments, step kinds (`wrong-step-kind`),
 * procedure signatures and return types, and compile-time conditions
 * (`non-static-condition`, `non-static-value`).
 *
 * Each step, fn, schedule and procedure is checked once *generically*: parameters have their
 * declared types (untyped fn parameters are `unknown`; a step's untyped state is `latent` when
 * all its models are continuous, `tokens` when all are discrete). Its diagnostics are reported
 * and its types recorded for the semantic model.
 *
 * A call site then *instantiates* the callee silently with the actual argument types and
 * static-ness (fns, schedules, and steps in `using` clauses, with the target's type as state).
 * When the callee is clean generically but its instantiation is not, the first problem is
 * reported at the call site, with the location inside the callee as a related span — so
 * `refine y using heun(den)` with tokens `y` is caught, once.
 *
 * Static-ness: literals, parameters of steps/fns/schedules, scalar procedure parameters, the
 * times t and s, model values and their static members, `y.len` of a refine step's state, and
 * anything computed from those by non-random builtins are compile-time. `state` variables are
 * static when their initializer and every assignment are (found by fixpoint iteration). Model
 * calls and random builtins are data. Untyped fn parameters are assumed static in the generic
 * check; instantiation at each call site then checks the actual arguments.
 */
import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean, suggestionList } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";
import { CONTRACT_KINDS, Contracts, isContractKind, type ContractKind } from "./contracts.js";
import type { ModelInfo } from "./models.js";
import { binaryResult, unaryResult } from "./operators.js";
import { NodeLog, NodeMap } from "./nodeMap.js";
import type { BodyNames, Resolution } from "./resolve.js";
import type { CallableDecl, LocalSymbol } from "./symbols.js";
import { BuiltinTyping, checkCall, checkMember } from "./typecheckCalls.js";
import { checkExpand, checkRefine } from "./typecheckMoves.js";
import {
  STATIC_UNKNOWN, article, capitalize, declKindName, findInstance, mergeVars, newVars, symbolKindName, val,
  type CallTarget, type Frame, type Instance, type Report, type TypeFacts, type Value, type Vars,
} from "./typecheckSupport.js";
import {
  BOOL, FLOAT, INT, LATENT, NONE, SCALAR_TYPE_NAMES, SCHEDULE, STRING, TOKENS, UNKNOWN,
  isAssignable, isNumber, isTensor, isUnknown, join, listOf, modelOf, typeToString,
  type Type,
} from "./types.js";

export type { CallTarget, TypeFacts, Value } from "./typecheckSupport.js";

const NOOP: Report = () => {};
/** No state variable assumed data-dependent (shared; never written). */
const NO_STATE: Map<LocalSymbol, boolean> = new Map();
/** No variables (shared; never written). */
const NO_VARS: Vars = [];

/** What a call returns: the join of the returned types; static when every return is. */
function returnValue(returns: readonly { value: Value }[]): Value {
  let type: Type | undefined = returns.length > 0 ? returns[0]!.value.type : UNKNOWN;
  let isStatic = true;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i]!.value;
    if (i > 0) type = type && join(type, v.type);
    isStatic &&= v.static;
  }
  return val(type ?? UNKNOWN, isStatic);
}
const NO_NAMES: BodyNames = { refs: [], defs: [], slots: 0 };

/**
 * Checks declarations and records facts. Members without `private` are shared with
 * typecheckCalls.ts and typecheckMoves.ts; the public API is `checkDecl` and `facts`
 * (read through the SemanticModel).
 */
export class TypeChecker {
  readonly facts: TypeFacts = {
    values: new NodeLog(), typeRefs: new Map(), stepUses: new Map(), callTargets: new NodeMap(),
  };
  private readonly genericErrors = new Map<CallableDecl, number>();
  private readonly inProgress = new Set<CallableDecl>();
  private readonly instances = new Map<CallableDecl, Instance[]>();
  private readonly silentFrames = new Map<CallableDecl, Frame>();
  /** The context of builtin typing rules. */
  readonly typing = new BuiltinTyping();
  /** The call target of calls of each model (or of a model parameter of each contract). */
  readonly modelTargets = new Map<ModelInfo | ContractKind, CallTarget>();

  constructor(
    readonly resolution: Resolution,
    readonly models: ReadonlyMap<A.ModelDecl, ModelInfo>,
    private readonly report: Report,
  ) {}

  /** Checks one declaration generically (once); returns its number of errors. */
  checkDecl(decl: CallableDecl): number {
    const done = this.genericErrors.get(decl);
    if (done !== undefined) return done;
    if (this.inProgress.has(decl)) return 0;
    this.inProgress.add(decl);
    let errors = 0;
    const report: Report = (d) => {
      if (d.severity === "error") errors++;
      this.report(d);
    };
    const params = newVars(this.namesOf(decl).slots);
    // The defaults are checked in one frame (expressions assign nothing to it).
    let defaults: Frame | undefined;
    for (const p of decl.params) {
      const declared = p.type ? this.typeRef(p.type, report) : undefined;
      let type = declared ?? UNKNOWN;
      if (p.default) {
        const d = this.expr(p.default, (defaults ??= this.emptyFrame(decl, report, true)));
        if (declared && !isAssignable(d.type, declared)) {
          report(makeDiagnostic("type-mismatch", p.default.span,
            `The default of "${p.name.name}" is ${typeToString(d.type)}, but the parameter is ${typeToString(declared)}.`,
            { help: `Use a default of type ${typeToString(declared)}.` }));
        }
        if (!declared) type = d.type;
      }
      const isStatic = decl.kind !== "InferDecl" || !isTensor(type);
      const symbol = this.namesOf(decl).defs[p.name.nameIndex];
      if (symbol?.kind === "param") params[symbol.slot] = val(type, isStatic);
    }
    if (decl.kind === "StepDecl") this.stateParams(decl, params, undefined, report);
    const declaredReturn = decl.kind === "InferDecl" && decl.returnType ? this.typeRef(decl.returnType, report) : undefined;
    const bodyErrors: Diagnostic[] = [];
    const returns = this.runBody(decl, params, (d) => {
      if (d.severity === "error") bodyErrors.push(d);
      report(d);
    }, true);
    this.checkReturns(decl, returns, declaredReturn, params, report);
    // This check is also the instance for parameters of these declared types (`instantiate`).
    const memo = this.memoOf(decl);
    if (!findInstance(memo, params)) memo.push({ params, value: returnValue(returns), diagnostics: bodyErrors });
    this.inProgress.delete(decl);
    this.genericErrors.set(decl, errors);
    return errors;
  }

  // ---------------------------------------------------------------- bodies

  /** Seeds the state parameter (declared, given, or guessed from the step's models) and the times. */
  stateParams(decl: A.StepDecl, vars: Vars, state: Value | undefined, report: Report): void {
    const sp = decl.stateParams;
    const defs = this.namesOf(decl).defs;
    const stateSym = defs[sp.state.name.nameIndex];
    const declared = sp.state.type ? this.typeRef(sp.state.type, report) : undefined;
    if (stateSym?.kind === "state") vars[stateSym.slot] = state ?? val(declared ?? this.guessStateType(decl), false);
    const from = sp.from && defs[sp.from.nameIndex];
    if (from?.kind === "state") vars[from.slot] = val(FLOAT, true);
    const to = sp.to && defs[sp.to.nameIndex];
    if (to?.kind === "state") vars[to.slot] = val(FLOAT, true);
  }

  private guessStateType(decl: A.StepDecl): Type {
    const reps = new Set<string>();
    for (const p of decl.params) {
      const n = p.type?.name.name;
      if (n && isContractKind(n)) reps.add(Contracts[n].representation);
    }
    if (reps.size !== 1) return UNKNOWN;
    return reps.has("discrete") ? TOKENS : LATENT;
  }

  /**
   * Runs a body to a fixpoint of the state variables' static-ness (at most 8 rounds, each
   * assuming what the previous one observed). The diagnostics and facts are those of the last
   * round: a round whose assumption did not change is final (a body without `state`
   * variables takes one round).
   */
  private runBody(decl: CallableDecl, params: Vars, report: Report, record: boolean): { value: Value; stmt: A.ReturnStmt }[] {
    let stateStatic = NO_STATE;
    for (let round = 0; ; round++) {
      const diagnostics: Diagnostic[] = [];
      const f = this.frame(decl, params, stateStatic, (d) => void diagnostics.push(d), record, true);
      this.block(decl.body, f);
      let changed = false;
      if (f.observed !== undefined) {
        f.observed.forEach((isStatic, s) => {
          if ((stateStatic.get(s) ?? true) && !isStatic) {
            if (stateStatic === NO_STATE) stateStatic = new Map();
            stateStatic.set(s, false);
            changed = true;
          }
        });
      }
      if (changed && round === 7) {
        // Out of rounds: one last pass under the last assumption.
        const last = this.frame(decl, params, stateStatic, report, record, true);
        this.block(decl.body, last);
        return last.returns;
      }
      if (!changed) {
        for (const d of diagnostics) report(d);
        return f.returns;
      }
    }
  }

  /** `body`: checking statements of the body (as opposed to a parameter's default). */
  private frame(decl: CallableDecl, params: Vars, stateStatic: Map<LocalSymbol, boolean>, report: Report, record: boolean, body: boolean): Frame {
    return { decl, names: this.namesOf(decl), vars: params.slice(), stateStatic, observed: undefined, returns: [], report, record, body };
  }

  emptyFrame(decl: CallableDecl, report: Report, record: boolean): Frame {
    // Nothing is assigned in it (defaults are expressions): no slot needs room.
    return this.frame(decl, NO_VARS, NO_STATE, report, record, false);
  }

  /** What the names of `decl` denote. */
  namesOf(decl: CallableDecl): BodyNames {
    return this.resolution.bodies.get(decl) ?? NO_NAMES;
  }

  /** A frame for checking a default value silently (nothing is assigned in it, so it is shared). */
  silentFrame(decl: CallableDecl): Frame {
    let f = this.silentFrames.get(decl);
    if (!f) this.silentFrames.set(decl, (f = this.emptyFrame(decl, NOOP, false)));
    return f;
  }

  private checkReturns(decl: CallableDecl, returns: readonly { value: Value; stmt: A.ReturnStmt }[], declared: Type | undefined, params: Vars, report: Report): void {
    // Every statement is checked, so every `return` of the body is among `returns`.
    const what = declKindName(decl);
    if (returns.length === 0) {
      report(makeDiagnostic("misplaced-statement", decl.name.span, `${capitalize(what)} "${decl.name.name}" never returns a value.`, {
        help: "End its body with `return ...`.",
      }));
      return;
    }
    for (const { value, stmt } of returns) {
      let expected = declared;
      if (decl.kind === "ScheduleDecl") expected = SCHEDULE;
      if (decl.kind === "StepDecl") {
        const s = this.namesOf(decl).defs[decl.stateParams.state.name.nameIndex];
        const state = s?.kind === "state" ? params[s.slot] : undefined;
        expected = state && decl.stateParams.from ? state.type : state?.type.kind === "tokens" ? TOKENS : undefined;
      }
      if (expected && !isAssignable(value.type, expected)) {
        const role = decl.kind === "ScheduleDecl" ? "must return a list of times" : `returns ${typeToString(expected)}`;
        report(makeDiagnostic("type-mismatch", stmt.value.span,
          `${capitalize(what)} "${decl.name.name}" ${role}, but this is ${typeToString(value.type)}.`,
          decl.kind === "StepDecl" ? { help: "A refine step returns the new state; an expand step returns the tokens to append." } : {}));
      }
    }
  }

  block(b: A.Block, f: Frame): void {
    const statements = b.statements;
    for (let i = 0; i < statements.length; i++) this.statement(statements[i]!, f);
  }

  private statement(s: A.Statement, f: Frame): void {
    switch (s.kind) {
      case "AssignStmt":
        return this.assign(s.target, this.expr(s.value, f), f);
      case "StateStmt":
        return this.assign(s.target, this.expr(s.init, f), f);
      case "ReturnStmt":
        f.returns.push({ value: this.expr(s.value, f), stmt: s });
        return;
      case "ExprStmt":
        this.expr(s.expression, f);
        return;
      case "IfStmt": {
        this.condition(s.condition, f, "if");
        // The branches start from the same variables; `before` is nobody else's, so the else
        // branch takes it.
        const before = f.vars;
        f.vars = before.slice();
        this.block(s.then, f);
        const afterThen = f.vars;
        f.vars = before;
        if (s.else?.kind === "Block") this.block(s.else, f);
        else if (s.else) this.statement(s.else, f);
        f.vars = mergeVars(afterThen, f.vars);
        return;
      }
      case "ForStmt": {
        const it = this.expr(s.iterable, f);
        let element: Type = UNKNOWN;
        if (s.iterable.kind === "CallExpr" && this.facts.callTargets.get(s.iterable)?.kind === "builtin"
          && s.iterable.callee.kind === "NameExpr" && s.iterable.callee.text === "range") element = INT;
        else if (it.type.kind === "list") element = it.type.element;
        else if (it.type.kind === "schedule") element = FLOAT;
        else if (!isUnknown(it.type)) {
          f.report(makeDiagnostic("type-mismatch", s.iterable.span, `A for loop needs a list or range(n), got ${typeToString(it.type)}.`, {
            help: "Loop over range(n) or a list literal.",
          }));
        }
        if (!it.static) {
          f.report(makeDiagnostic("non-static-value", s.iterable.span, "The trip count of this for loop depends on data.", {
            help: "Loops are unrolled at compile time: loop over range(n) with n computed from constants and parameters.",
          }));
        }
        this.assign(s.variable, val(element, it.static), f);
        const before = f.vars;
        f.vars = before.slice();
        this.block(s.body, f);
        f.vars = mergeVars(before, f.vars);
        return;
      }
      case "RefineStmt":
        return checkRefine(this, s, f);
      case "ExpandStmt":
        return checkExpand(this, s, f);
    }
  }

  private assign(target: A.Identifier, value: Value, f: Frame): void {
    const symbol = f.names.refs[target.nameIndex] ?? f.names.defs[target.nameIndex];
    if (!symbol) return;
    if (symbol.kind === "local" && symbol.isState) {
      const observed = (f.observed ??= new Map());
      observed.set(symbol, (observed.get(symbol) ?? true) && value.static);
    }
    if (symbol.kind === "param" || symbol.kind === "state" || symbol.kind === "local") f.vars[symbol.slot] = value;
  }

  /** `if` / `if ... then ... else` conditions: a compile-time bool. */
  condition(e: A.Expression, f: Frame, what: string): Value {
    const c = this.expr(e, f);
    if (!c.static) {
      f.report(makeDiagnostic("non-static-condition", e.span, `This ${what} condition depends on data, so it cannot be decided at compile time.`, {
        help: "Use where(c, a, b) for a data-dependent choice.",
      }));
      return c;
    }
    if (!isUnknown(c.type) && c.type.kind !== "bool") {
      f.report(makeDiagnostic("type-mismatch", e.span, `An ${what} condition must be a bool, got ${typeToString(c.type)}.`, {
        help: "Compare explicitly, e.g. `n > 0`.",
      }));
    }
    return c;
  }

  // ---------------------------------------------------------------- shared by refine / expand and calls

  staticInt(e: A.Expression, f: Frame, what: string): void {
    const v = this.expr(e, f);
    if (!isUnknown(v.type) && v.type.kind !== "int") {
      f.report(makeDiagnostic("type-mismatch", e.span, `${what} must be an int, got ${typeToString(v.type)}.`));
    } else if (!v.static) {
      f.report(makeDiagnostic("non-static-value", e.span, `${what} depends on data; it must be known at compile time.`, {
        help: "Use a constant or a procedure parameter.",
      }));
    }
  }

  /**
   * Checks bound arguments against declared parameter types. Returns the parameters' values
   * (arguments or defaults) by slot, as `instantiate` takes them.
   */
  checkParamArgs(
    decl: CallableDecl, bound: ReadonlyMap<A.Param, A.Expression>, call: A.CallExpr,
    args: readonly Value[], named: ReadonlyMap<string, Value>, callee: { what: string; name: string }, f: Frame,
  ): Vars {
    const names = this.namesOf(decl);
    const values = newVars(names.slots);
    const params = decl.params;
    for (let pi = 0; pi < params.length; pi++) {
      const p = params[pi]!;
      const value = this.paramValue(decl, p, bound.get(p), call, args, named, callee, f);
      // A repeated parameter name denotes its first parameter only.
      const s = names.defs[p.name.nameIndex];
      if (s !== undefined && s.kind === "param" && s.param === p && s.owner === decl) values[s.slot] = value;
    }
    return values;
  }

  /** The value of parameter `p` of `decl` in `call`: its argument's (checked against its type), or its default's. */
  private paramValue(
    decl: CallableDecl, p: A.Param, arg: A.Expression | undefined, call: A.CallExpr,
    args: readonly Value[], named: ReadonlyMap<string, Value>, callee: { what: string; name: string }, f: Frame,
  ): Value {
    const declared = p.type ? this.typeRef(p.type, NOOP) : undefined;
    if (!arg) {
      // A default is the callee's: checked silently, with its names.
      const d = p.default ? this.expr(p.default, this.silentFrame(decl)) : STATIC_UNKNOWN;
      return val(declared && !isUnknown(declared) ? declared : d.type, true);
    }
    const i = call.args.indexOf(arg);
    const v = i >= 0 ? args[i]! : named.get(call.namedArgs.find((n) => n.value === arg)!.name.name) ?? STATIC_UNKNOWN;
    if (declared && !isAssignable(v.type, declared)) {
      const what = v.type.kind === "model" && arg.kind === "NameExpr" ? `${v.type.contract} model "${arg.text}"` : typeToString(v.type);
      f.report(makeDiagnostic("type-mismatch", arg.span,
        `${capitalize(callee.what)} "${callee.name}" expects ${article(typeToString(declared))} for "${p.name.name}", got ${what}.`,
        declared.kind === "model" && v.type.kind === "model"
          ? { help: `Pass ${article(declared.contract)} model, or use a step written for ${v.type.contract} models.` }
          : {}));
      return val(declared, v.static);
    }
    // An int passed to a `float` parameter is a float in the callee (`rho: 7` and `rho: 7.0`
    // are one instance, not two).
    return declared?.kind === "float" && v.type.kind === "int" ? val(declared, v.static) : v;
  }

  /** Checks `decl` silently with the given parameter values; memoized per signature. */
  instantiate(decl: CallableDecl, params: Vars): { value: Value; diagnostics: Diagnostic[] } {
    const memo = this.memoOf(decl);
    const hit = findInstance(memo, params);
    if (hit) return hit;
    if (this.inProgress.has(decl)) return { value: val(UNKNOWN, false), diagnostics: [] };
    this.inProgress.add(decl);
    const diagnostics: Diagnostic[] = [];
    const returns = this.runBody(decl, params, (d) => void (d.severity === "error" && diagnostics.push(d)), false);
    this.inProgress.delete(decl);
    const result = { params, value: returnValue(returns), diagnostics };
    memo.push(result);
    return result;
  }

  private memoOf(decl: CallableDecl): Instance[] {
    let memo = this.instances.get(decl);
    if (!memo) this.instances.set(decl, (memo = []));
    return memo;
  }

  // ---------------------------------------------------------------- types of annotations

  /** The type a `TypeRef` denotes; reports `unknown-type` (once per node). */
  typeRef(t: A.TypeRef, report: Report): Type {
    const cached = this.facts.typeRefs.get(t);
    if (cached) return cached;
    const name = t.name.name;
    const dims = t.dims.map((d) => (d.kind === "NumberLiteral" && d.isInteger ? d.value : undefined));
    let type: Type;
    if (name === "tokens") type = dims[0] !== undefined ? { kind: "tokens", vocab: dims[0] } : TOKENS;
    else if (name === "latent") type = dims.length > 0 ? { kind: "latent", dims } : LATENT;
    else if (isContractKind(name)) type = modelOf(name);
    else if ((SCALAR_TYPE_NAMES as readonly string[]).includes(name)) type = { kind: name } as Type;
    else {
      const help = didYouMean(suggestionList(name, [...SCALAR_TYPE_NAMES, ...CONTRACT_KINDS]));
      report(makeDiagnostic("unknown-type", t.name.span, `Unknown type "${name}".`, help ? { help } : {
        help: `The types are ${[...SCALAR_TYPE_NAMES, ...CONTRACT_KINDS].join(", ")}.`,
      }));
      type = UNKNOWN;
    }
    this.facts.typeRefs.set(t, type);
    return type;
  }

  // ---------------------------------------------------------------- expressions

  expr(e: A.Expression, f: Frame): Value {
    const v = this.exprInner(e, f);
    if (f.record) {
      this.facts.values.set(e, v);
    }
    return v;
  }

  private exprInner(e: A.Expression, f: Frame): Value {
    switch (e.kind) {
      case "NumberLiteral":
        return val(e.isInteger ? INT : FLOAT, true);
      case "StringLiteral":
        return val(STRING, true);
      case "BoolLiteral":
        return val(BOOL, true);
      case "NoneLiteral":
        return val(NONE, true);
      case "ListLiteral":
        return this.list(e, f);
      case "NameExpr":
        return this.name(e, f);
      case "UnaryExpr": {
        const o = this.expr(e.operand, f);
        if (isUnknown(o.type)) return val(UNKNOWN, o.static);
        const r = unaryResult(e.operator, o.type);
        if (!r.ok) {
          f.report(makeDiagnostic("type-mismatch", e.span, r.message, r.help ? { help: r.help } : {}));
          return val(UNKNOWN, o.static);
        }
        return val(r.type, o.static);
      }
      case "BinaryExpr": {
        const l = this.expr(e.left, f);
        const r = this.expr(e.right, f);
        const isStatic = l.static && r.static;
        if (isUnknown(l.type) || isUnknown(r.type)) return val(UNKNOWN, isStatic);
        const res = binaryResult(e.operator, l.type, r.type);
        if (!res.ok) {
          const span = res.at === "left" ? e.left.span : res.at === "right" ? e.right.span : e.span;
          f.report(makeDiagnostic("type-mismatch", span, res.message, res.help ? { help: res.help } : {}));
          return val(UNKNOWN, isStatic);
        }
        return val(res.type, isStatic);
      }
      case "CallExpr":
        return checkCall(this, e, f);
      case "MemberExpr":
        return checkMember(this, e, f);
      case "IndexExpr": {
        const o = this.expr(e.object, f);
        const i = this.expr(e.index, f);
        const isStatic = o.static && i.static;
        if (!isUnknown(i.type) && i.type.kind !== "int") {
          f.report(makeDiagnostic("type-mismatch", e.index.span, `An index must be an int, got ${typeToString(i.type)}.`));
        }
        if (o.type.kind === "list") return val(o.type.element, isStatic);
        if (o.type.kind === "schedule") return val(FLOAT, isStatic);
        if (isTensor(o.type) || isUnknown(o.type)) return val(o.type, isStatic);
        f.report(makeDiagnostic("type-mismatch", e.object.span, `Values of type ${typeToString(o.type)} cannot be indexed.`));
        return val(UNKNOWN, isStatic);
      }
      case "ConditionalExpr": {
        const c = this.condition(e.condition, f, "if-expression").static;
        const a = this.expr(e.then, f);
        const b = this.expr(e.else, f);
        const j = join(a.type, b.type);
        if (j === undefined) {
          f.report(makeDiagnostic("type-mismatch", e.span, `The branches of this if-expression have different types: ${typeToString(a.type)} and ${typeToString(b.type)}.`));
        }
        return val(j ?? UNKNOWN, c && a.static && b.static);
      }
      case "NoiseExpr": {
        // A type in a body is first met in a silent pass (a callee's instantiation, or a
        // fixpoint round), which settles it: an unknown type there is not reported.
        const t = this.typeRef(e.type, f.body ? NOOP : f.report);
        if (!isUnknown(t) && t.kind !== "latent") {
          f.report(makeDiagnostic("type-mismatch", e.type.span, `noise draws latents, not ${typeToString(t)}.`, {
            help: "Write `noise latent[d]`; token sequences start from a prompt or repeat(id, n).",
          }));
        }
        if (e.batch) this.staticInt(e.batch, f, "The batch size");
        if (e.scale) {
          const s = this.expr(e.scale, f);
          if (!isUnknown(s.type) && !isNumber(s.type)) {
            f.report(makeDiagnostic("type-mismatch", e.scale.span, `The noise scale must be a number, got ${typeToString(s.type)}.`));
          } else if (!s.static) {
            f.report(makeDiagnostic("non-static-value", e.scale.span, "The noise scale depends on data; it must be known at compile time.", {
              help: "Use a constant or a procedure parameter.",
            }));
          }
        }
        return val(t.kind === "latent" ? t : UNKNOWN, false);
      }
    }
  }

  private list(e: A.ListLiteral, f: Frame): Value {
    let element: Type = UNKNOWN;
    let isStatic = true;
    let failed = false;
    for (let i = 0; i < e.elements.length; i++) {
      const el = e.elements[i]!;
      const v = this.expr(el, f);
      isStatic &&= v.static;
      const j = join(element, v.type);
      if (j === undefined && !failed) {
        failed = true;
        f.report(makeDiagnostic("type-mismatch", el.span,
          `List elements must have one type: ${typeToString(element)} and ${typeToString(v.type)} do not mix.`));
      }
      element = j ?? element;
    }
    return val(failed ? UNKNOWN : listOf(element), isStatic);
  }

  name(e: A.NameExpr, f: Frame): Value {
    const s = f.names.refs[e.nameIndex];
    if (!s) return STATIC_UNKNOWN;
    switch (s.kind) {
      case "param":
      case "state":
        return f.vars[s.slot] ?? STATIC_UNKNOWN;
      case "local": {
        const v = f.vars[s.slot] ?? STATIC_UNKNOWN;
        return s.isState ? val(v.type, f.stateStatic.get(s) ?? true) : v;
      }
      case "model": {
        const info = this.models.get(s.decl);
        return val(info?.contract ? modelOf(info.contract.name) : UNKNOWN, true);
      }
      default: {
        const how = s.kind === "step" ? `can only be used as \`... using ${s.name}(...)\``
          : s.kind === "infer" ? "cannot be used in an expression" : `must be called: ${s.name}(...)`;
        f.report(makeDiagnostic("type-mismatch", e.span, `${capitalize(symbolKindName(s))} "${s.name}" is not a value; it ${how}.`));
        return STATIC_UNKNOWN;
      }
    }
  }

}
