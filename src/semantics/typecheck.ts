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
import { visit } from "../syntax/visit.js";
import type { BuiltinSpec } from "./builtins.js";
import { bindArguments, checkCallShape } from "./calls.js";
import { CONTRACT_KINDS, Contracts, isContractKind, type ContractKind, type SignatureValue } from "./contracts.js";
import type { ModelInfo } from "./models.js";
import { binaryResult, MIXING_HELP, unaryResult } from "./operators.js";
import type { Resolution } from "./resolve.js";
import type { CallableDecl, LocalSymbol, StepSymbol, StepUse, Symbol } from "./symbols.js";
import {
  FLOAT, INT, LATENT, LOGITS, SCALAR_TYPE_NAMES, SCHEDULE, STRING, TOKENS, UNKNOWN,
  isAssignable, isContinuousTensor, isNumber, isNumberList, isTensor, isUnknown, join, listOf, modelOf, typeToString,
  type Type,
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
  readonly types: Map<A.Expression, Type>;
  readonly statics: Map<A.Expression, boolean>;
  readonly typeRefs: Map<A.TypeRef, Type>;
  readonly stepUses: Map<A.RefineStmt | A.ExpandStmt, StepUse>;
  readonly callTargets: Map<A.CallExpr, CallTarget>;
}

type Report = (d: Diagnostic) => void;

interface Frame {
  readonly decl: CallableDecl;
  vars: Map<Symbol, Value>;
  /** Assumed static-ness of state variables (fixpoint input). */
  readonly stateStatic: Map<LocalSymbol, boolean>;
  /** Observed static-ness of every value assigned to each state variable (fixpoint output). */
  readonly observed: Map<LocalSymbol, boolean>;
  readonly returns: { value: Value; stmt: A.ReturnStmt }[];
  readonly report: Report;
  readonly record: boolean;
}

const STATIC_UNKNOWN: Value = { type: UNKNOWN, static: true };
const val = (type: Type, isStatic: boolean): Value => ({ type, static: isStatic });

export class TypeChecker {
  readonly facts: TypeFacts = {
    types: new Map(), statics: new Map(), typeRefs: new Map(), stepUses: new Map(), callTargets: new Map(),
  };
  private readonly genericErrors = new Map<CallableDecl, number>();
  private readonly inProgress = new Set<CallableDecl>();
  private readonly instances = new Map<CallableDecl, Map<string, { value: Value; diagnostics: Diagnostic[] }>>();

  constructor(
    private readonly resolution: Resolution,
    private readonly models: ReadonlyMap<A.ModelDecl, ModelInfo>,
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
    const params = new Map<Symbol, Value>();
    for (const p of decl.params) {
      const declared = p.type ? this.typeRef(p.type, report) : undefined;
      let type = declared ?? UNKNOWN;
      if (p.default) {
        const d = this.expr(p.default, this.emptyFrame(decl, report, true));
        if (declared && !isAssignable(d.type, declared)) {
          report(makeDiagnostic("type-mismatch", p.default.span,
            `The default of "${p.name.name}" is ${typeToString(d.type)}, but the parameter is ${typeToString(declared)}.`,
            { help: `Use a default of type ${typeToString(declared)}.` }));
        }
        if (!declared) type = d.type;
      }
      const isStatic = decl.kind !== "InferDecl" || !isTensor(type);
      const symbol = this.resolution.defs.get(p.name);
      if (symbol) params.set(symbol, val(type, isStatic));
    }
    if (decl.kind === "StepDecl") this.stateParams(decl, params, undefined, report);
    const declaredReturn = decl.kind === "InferDecl" && decl.returnType ? this.typeRef(decl.returnType, report) : undefined;
    const returns = this.runBody(decl, params, report, true);
    this.checkReturns(decl, returns, declaredReturn, params, report);
    this.inProgress.delete(decl);
    this.genericErrors.set(decl, errors);
    return errors;
  }

  // ---------------------------------------------------------------- bodies

  /** Seeds the state parameter (declared, given, or guessed from the step's models) and the times. */
  private stateParams(decl: A.StepDecl, vars: Map<Symbol, Value>, state: Value | undefined, report: Report): void {
    const sp = decl.stateParams;
    const stateSym = this.resolution.defs.get(sp.state.name);
    const declared = sp.state.type ? this.typeRef(sp.state.type, report) : undefined;
    if (stateSym) vars.set(stateSym, state ?? val(declared ?? this.guessStateType(decl), false));
    for (const id of [sp.from, sp.to]) {
      const s = id && this.resolution.defs.get(id);
      if (s) vars.set(s, val(FLOAT, true));
    }
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

  /** Runs a body to a fixpoint of the state variables' static-ness, then once more for real. */
  private runBody(decl: CallableDecl, params: Map<Symbol, Value>, report: Report, record: boolean): { value: Value; stmt: A.ReturnStmt }[] {
    const stateStatic = new Map<LocalSymbol, boolean>();
    for (let round = 0; round < 8; round++) {
      const f = this.frame(decl, params, stateStatic, () => {}, false);
      this.block(decl.body, f);
      let changed = false;
      for (const [s, isStatic] of f.observed) {
        if ((stateStatic.get(s) ?? true) && !isStatic) {
          stateStatic.set(s, false);
          changed = true;
        }
      }
      if (!changed) break;
    }
    const f = this.frame(decl, params, stateStatic, report, record);
    this.block(decl.body, f);
    return f.returns;
  }

  private frame(decl: CallableDecl, params: Map<Symbol, Value>, stateStatic: Map<LocalSymbol, boolean>, report: Report, record: boolean): Frame {
    return { decl, vars: new Map(params), stateStatic, observed: new Map(), returns: [], report, record };
  }

  private emptyFrame(decl: CallableDecl, report: Report, record: boolean): Frame {
    return this.frame(decl, new Map(), new Map(), report, record);
  }

  private checkReturns(decl: CallableDecl, returns: readonly { value: Value; stmt: A.ReturnStmt }[], declared: Type | undefined, params: Map<Symbol, Value>, report: Report): void {
    let hasReturn = false;
    visit(decl.body, { ReturnStmt: () => void (hasReturn = true) });
    const what = declKindName(decl);
    if (!hasReturn) {
      report(makeDiagnostic("misplaced-statement", decl.name.span, `${capitalize(what)} "${decl.name.name}" never returns a value.`, {
        help: "End its body with `return ...`.",
      }));
      return;
    }
    for (const { value, stmt } of returns) {
      let expected = declared;
      if (decl.kind === "ScheduleDecl") expected = SCHEDULE;
      if (decl.kind === "StepDecl") {
        const s = this.resolution.defs.get(decl.stateParams.state.name);
        const state = s && params.get(s);
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

  private block(b: A.Block, f: Frame): void {
    for (const s of b.statements) this.statement(s, f);
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
        const before = f.vars;
        f.vars = new Map(before);
        this.block(s.then, f);
        const afterThen = f.vars;
        f.vars = new Map(before);
        if (s.else?.kind === "Block") this.block(s.else, f);
        else if (s.else) this.statement(s.else, f);
        f.vars = mergeVars(afterThen, f.vars);
        return;
      }
      case "ForStmt": {
        const it = this.expr(s.iterable, f);
        let element: Type = UNKNOWN;
        if (s.iterable.kind === "CallExpr" && this.facts.callTargets.get(s.iterable)?.kind === "builtin"
          && s.iterable.callee.kind === "NameExpr" && s.iterable.callee.name.name === "range") element = INT;
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
        f.vars = new Map(before);
        this.block(s.body, f);
        f.vars = mergeVars(before, f.vars);
        return;
      }
      case "RefineStmt":
        return this.refine(s, f);
      case "ExpandStmt":
        return this.expand(s, f);
    }
  }

  private assign(target: A.Identifier, value: Value, f: Frame): void {
    const symbol = this.resolution.refs.get(target) ?? this.resolution.defs.get(target);
    if (!symbol) return;
    if (symbol.kind === "local" && symbol.isState) {
      f.observed.set(symbol, (f.observed.get(symbol) ?? true) && value.static);
    }
    f.vars.set(symbol, value);
  }

  /** `if` / `if ... then ... else` conditions: a compile-time bool. */
  private condition(e: A.Expression, f: Frame, what: string): Value {
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

  // ---------------------------------------------------------------- refine / expand

  private refine(s: A.RefineStmt, f: Frame): void {
    const target = this.expr(s.target, f);
    const isName = s.target.kind === "NameExpr"
      || (s.target.kind === "CallExpr" && s.target.callee.kind === "MemberExpr" && s.target.callee.property.name === "tail"
        && s.target.callee.object.kind === "NameExpr");
    if (!isName) {
      f.report(makeDiagnostic("type-mismatch", s.target.span, "A refine target must be a variable or `name.tail(n)`.", {
        help: "Assign the value to a variable first, then refine that variable.",
      }));
    }
    const schedule = this.expr(s.schedule, f);
    if (!isAssignable(schedule.type, SCHEDULE)) {
      f.report(makeDiagnostic("type-mismatch", s.schedule.span, `refine needs a schedule after "over", got ${typeToString(schedule.type)}.`, {
        help: "Call a schedule (e.g. karras(steps: 18)) or write a list of times such as [80, 1, 0].",
      }));
    } else if (!schedule.static) {
      f.report(makeDiagnostic("non-static-value", s.schedule.span, "This schedule depends on data; schedules are computed at compile time.", {
        help: "Compute the schedule from constants and parameters only.",
      }));
    }
    this.stepUse(s, "refine", s.target, target, f);
  }

  private expand(s: A.ExpandStmt, f: Frame): void {
    const symbol = this.resolution.refs.get(s.target);
    const target = (symbol && f.vars.get(symbol)) ?? STATIC_UNKNOWN;
    if (s.fill) {
      const wanted = s.fill === "masked" ? "tokens" : "latent";
      if (!isUnknown(target.type) && target.type.kind !== wanted) {
        f.report(makeDiagnostic("type-mismatch", s.target.span,
          `\`expand ... ${s.fill}\` appends ${s.fill === "masked" ? "mask tokens" : "noise positions"}, but "${s.target.name}" is ${typeToString(target.type)}.`,
          { help: s.fill === "masked" ? "Use `noised` for continuous sequences." : "Use `masked` for token sequences." }));
      }
    }
    if (s.by) this.staticInt(s.by, f, "The block size after \"by\"");
    for (const u of s.until) if (u.value) this.staticInt(u.value, f, "The length bound");
    if (s.step) this.stepUse(s, "expand", s.step, target, f);
    if (s.body) this.block(s.body, f);
  }

  private staticInt(e: A.Expression, f: Frame, what: string): void {
    const v = this.expr(e, f);
    if (!isUnknown(v.type) && v.type.kind !== "int") {
      f.report(makeDiagnostic("type-mismatch", e.span, `${what} must be an int, got ${typeToString(v.type)}.`));
    } else if (!v.static) {
      f.report(makeDiagnostic("non-static-value", e.span, `${what} depends on data; it must be known at compile time.`, {
        help: "Use a constant or a procedure parameter.",
      }));
    }
  }

  /** The `using step(args)` clause: step kind, configuration arguments, and the step instantiated on the target. */
  private stepUse(s: A.RefineStmt | A.ExpandStmt, use: "refine" | "expand", targetNode: A.Node, target: Value, f: Frame): void {
    const call = s.step!;
    const args = call.args.map((a) => this.expr(a, f));
    const named = new Map(call.namedArgs.map((n) => [n.name.name, this.expr(n.value, f)] as const));
    if (call.callee.kind !== "NameExpr") {
      f.report(makeDiagnostic("not-callable", call.callee.span, `\`${use} ... using\` needs a step name.`));
      return;
    }
    const symbol = this.resolution.refs.get(call.callee);
    if (!symbol) return;
    if (symbol.kind !== "step") {
      const steps = this.visibleSteps(f.decl, use);
      f.report(makeDiagnostic("not-callable", call.callee.span,
        `"${symbol.name}" is ${article(symbolKindName(symbol))}, not a step; \`${use} ... using\` needs ${article(use)} step.`,
        steps.length > 0 ? { help: `${capitalize(use)} steps in scope: ${steps.map((n) => `"${n}"`).join(", ")}.` } : {}));
      return;
    }
    const bound = bindArguments(symbol.decl.params, call, { what: "step", name: symbol.name }, f.report);
    this.facts.stepUses.set(s, { step: symbol, args: bound });
    const configValues = this.checkParamArgs(symbol.decl.params, bound, call, args, named, { what: "step", name: symbol.name }, f);
    if (symbol.stepKind !== use) {
      const shape = (k: string): string => (k === "refine" ? "(x, t -> s)" : "(y)");
      f.report(makeDiagnostic("wrong-step-kind", call.callee.span,
        `Step "${symbol.name}" is ${article(symbol.stepKind)} step with state "${shape(symbol.stepKind)}", but \`${use}\` needs ${article(use)} step with state "${shape(use)}".`,
        { help: symbol.stepKind === "refine"
          ? `Use "${symbol.name}" in \`refine ... over SCHEDULE using\`, or pick an expand step such as "sample".`
          : `Use "${symbol.name}" in \`expand ... using\`, or pick a refine step.` }));
      return;
    }
    if (s.kind === "ExpandStmt") this.checkUntilEos(s, bound, f);
    if (isUnknown(target.type)) return;
    const stateValue = val(target.type, false);
    const params = this.paramSymbols(symbol.decl, configValues);
    this.stateParams(symbol.decl, params, stateValue, () => {});
    const inst = this.instantiate(symbol.decl, params);
    const targetName = targetText(targetNode);
    if (inst.diagnostics.length > 0) {
      if (this.checkDecl(symbol.decl) === 0) {
        const inner = inst.diagnostics[0]!;
        f.report(makeDiagnostic(inner.code as "type-mismatch", call.span,
          `Step "${symbol.name}" cannot ${use} ${targetName} of type ${typeToString(target.type)}: ${nested(inner.message)}`,
          { ...(inner.help ? { help: inner.help } : {}), related: [{ span: inner.span, message: `In "${symbol.name}", with its state of type ${typeToString(target.type)}.` }] }));
      }
      return;
    }
    const ret = inst.value.type;
    const expected = use === "refine" ? target.type : target.type.kind === "tokens" ? TOKENS : target.type;
    if (!isAssignable(ret, expected)) {
      f.report(makeDiagnostic("type-mismatch", call.span,
        `Step "${symbol.name}" returns ${typeToString(ret)}, but ${targetName} is ${typeToString(target.type)}.`, { help: MIXING_HELP }));
    }
  }

  /** `until eos` needs the eos id of the next_token model(s) the step uses. */
  private checkUntilEos(s: A.ExpandStmt, bound: ReadonlyMap<A.Param, A.Expression>, f: Frame): void {
    const eos = s.until.find((u) => u.condition === "eos");
    if (!eos) return;
    const models = [...bound.values()].flatMap((e) => this.modelsIn(e)).filter((m) => m.contract?.name === "next_token");
    if (models.length === 0 || models.some((m) => m.args.has("eos"))) return;
    const m = models[0]!;
    f.report(makeDiagnostic("missing-contract-argument", eos.span,
      `\`until eos\` needs an end-of-sequence id, but model "${m.decl.name.name}" declares no "eos".`,
      { help: `Add \`eos: ID\` to the contract arguments of "${m.decl.name.name}", or stop with \`until length N\` only.`,
        related: [{ span: m.decl.contract.span, message: `"${m.decl.name.name}" is declared here.` }] }));
  }

  /** Declared models an argument expression denotes (a model name, or `guided(model, ...)`). */
  private modelsIn(e: A.Expression): ModelInfo[] {
    if (e.kind === "NameExpr") {
      const s = this.resolution.refs.get(e);
      const info = s?.kind === "model" ? this.models.get(s.decl) : undefined;
      return info ? [info] : [];
    }
    if (e.kind === "CallExpr" && e.args[0]) return this.modelsIn(e.args[0]);
    return [];
  }

  private visibleSteps(decl: CallableDecl, use: string): string[] {
    const module = [...this.resolution.namespaces.keys()].find((m) => m.program.declarations.includes(decl));
    const ns = module ? this.resolution.namespaces.get(module) : undefined;
    const out: string[] = [];
    for (const [name, entry] of ns ?? []) {
      const s = entry.kind === "decl" ? entry.symbol : this.resolution.imports.get(entry.specifier);
      if (s?.kind === "step" && s.stepKind === use) out.push(name);
    }
    return out;
  }

  /** Checks bound arguments against declared parameter types; returns each parameter's value (arguments or defaults). */
  private checkParamArgs(
    params: readonly A.Param[], bound: ReadonlyMap<A.Param, A.Expression>, call: A.CallExpr,
    args: readonly Value[], named: ReadonlyMap<string, Value>, callee: { what: string; name: string }, f: Frame,
  ): Map<A.Param, Value> {
    const values = new Map<A.Param, Value>();
    for (const p of params) {
      const arg = bound.get(p);
      const declared = p.type ? this.typeRef(p.type, () => {}) : undefined;
      if (!arg) {
        const d = p.default ? this.expr(p.default, this.emptyFrame(f.decl, () => {}, false)) : STATIC_UNKNOWN;
        values.set(p, val(declared && !isUnknown(declared) ? declared : d.type, true));
        continue;
      }
      const i = call.args.indexOf(arg);
      const v = i >= 0 ? args[i]! : named.get(call.namedArgs.find((n) => n.value === arg)!.name.name) ?? STATIC_UNKNOWN;
      if (declared && !isAssignable(v.type, declared)) {
        const what = v.type.kind === "model" && arg.kind === "NameExpr" ? `${v.type.contract} model "${arg.name.name}"` : typeToString(v.type);
        f.report(makeDiagnostic("type-mismatch", arg.span,
          `${capitalize(callee.what)} "${callee.name}" expects ${article(typeToString(declared))} for "${p.name.name}", got ${what}.`,
          declared.kind === "model" && v.type.kind === "model"
            ? { help: `Pass ${article(declared.contract)} model, or use a step written for ${v.type.contract} models.` }
            : {}));
        values.set(p, val(declared, v.static));
        continue;
      }
      values.set(p, v);
    }
    return values;
  }

  private paramSymbols(decl: CallableDecl, values: ReadonlyMap<A.Param, Value>): Map<Symbol, Value> {
    const out = new Map<Symbol, Value>();
    for (const [p, v] of values) {
      const s = this.resolution.defs.get(p.name);
      if (s && s.kind === "param" && s.param === p && s.owner === decl) out.set(s, v);
    }
    return out;
  }

  /** Checks `decl` silently with the given parameter values; memoized per signature. */
  private instantiate(decl: CallableDecl, params: Map<Symbol, Value>): { value: Value; diagnostics: Diagnostic[] } {
    const key = [...params.entries()].map(([s, v]) => `${s.name}:${typeToString(v.type)}:${v.static ? 1 : 0}`).join(",");
    let memo = this.instances.get(decl);
    if (!memo) this.instances.set(decl, (memo = new Map()));
    const hit = memo.get(key);
    if (hit) return hit;
    if (this.inProgress.has(decl)) return { value: val(UNKNOWN, false), diagnostics: [] };
    this.inProgress.add(decl);
    const diagnostics: Diagnostic[] = [];
    const returns = this.runBody(decl, params, (d) => void (d.severity === "error" && diagnostics.push(d)), false);
    this.inProgress.delete(decl);
    let type: Type | undefined = returns.length > 0 ? returns[0]!.value.type : UNKNOWN;
    for (const r of returns.slice(1)) type = type && join(type, r.value.type);
    const value = val(type ?? UNKNOWN, returns.every((r) => r.value.static));
    const result = { value, diagnostics };
    memo.set(key, result);
    return result;
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

  private expr(e: A.Expression, f: Frame): Value {
    const v = this.exprInner(e, f);
    if (f.record) {
      this.facts.types.set(e, v.type);
      this.facts.statics.set(e, v.static);
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
        return val({ kind: "bool" }, true);
      case "NoneLiteral":
        return val({ kind: "none" }, true);
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
        return this.call(e, f);
      case "MemberExpr":
        return this.member(e, f);
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
        const t = this.typeRef(e.type, f.report);
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
    for (const el of e.elements) {
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

  private name(e: A.NameExpr, f: Frame): Value {
    const s = this.resolution.refs.get(e);
    if (!s) return STATIC_UNKNOWN;
    switch (s.kind) {
      case "param":
      case "state":
        return f.vars.get(s) ?? STATIC_UNKNOWN;
      case "local": {
        const v = f.vars.get(s) ?? STATIC_UNKNOWN;
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

  // ---------------------------------------------------------------- calls and members

  private call(e: A.CallExpr, f: Frame): Value {
    if (e.callee.kind === "MemberExpr") return this.methodCall(e, e.callee, f);
    const args = e.args.map((a) => this.expr(a, f));
    const named = new Map(e.namedArgs.map((n) => [n.name.name, this.expr(n.value, f)] as const));
    const argsStatic = args.every((a) => a.static) && [...named.values()].every((a) => a.static);
    if (e.callee.kind !== "NameExpr") {
      this.expr(e.callee, f);
      f.report(makeDiagnostic("not-callable", e.callee.span, "Only names of functions, schedules, builtins and models can be called."));
      return val(UNKNOWN, argsStatic);
    }
    const s = this.resolution.refs.get(e.callee);
    if (!s) return val(UNKNOWN, argsStatic);
    const name = e.callee.name.name;
    switch (s.kind) {
      case "builtin":
        return this.builtinCall(s.spec, e, args, named, argsStatic, f);
      case "fn":
      case "schedule": {
        const bound = bindArguments(s.decl.params, e, { what: s.kind, name }, f.report);
        this.facts.callTargets.set(e, { kind: s.kind, decl: s.decl, args: bound });
        const values = this.checkParamArgs(s.decl.params, bound, e, args, named, { what: s.kind, name }, f);
        const inst = this.instantiate(s.decl, this.paramSymbols(s.decl, values));
        if (inst.diagnostics.length > 0 && this.checkDecl(s.decl) === 0) {
          const inner = inst.diagnostics[0]!;
          f.report(makeDiagnostic(inner.code as "type-mismatch", e.span, `In this call of ${s.kind} "${name}": ${nested(inner.message)}`, {
            ...(inner.help ? { help: inner.help } : {}),
            related: [{ span: inner.span, message: `The problem is here, in "${name}".` }],
          }));
        }
        const type = s.kind === "schedule" && (isUnknown(inst.value.type) || isNumberList(inst.value.type)) ? SCHEDULE : inst.value.type;
        return val(type, inst.value.static);
      }
      case "model": {
        const info = this.models.get(s.decl);
        if (!info?.contract) return val(UNKNOWN, false);
        this.facts.types.set(e.callee, modelOf(info.contract.name));
        return this.modelCall(info.contract.name, info, name, e, args, named, f);
      }
      case "param":
      case "state":
      case "local": {
        const v = this.name(e.callee, f);
        if (f.record) this.facts.types.set(e.callee, v.type);
        if (v.type.kind === "model") return this.modelCall(v.type.contract, undefined, name, e, args, named, f);
        if (!isUnknown(v.type)) {
          f.report(makeDiagnostic("not-callable", e.callee.span, `"${name}" is ${article(typeToString(v.type))}, not a function or a model.`));
        }
        return val(UNKNOWN, false);
      }
      case "step":
        f.report(makeDiagnostic("not-callable", e.callee.span, `Step "${name}" cannot be called directly.`, {
          help: `Apply it with \`${s.stepKind} ... using ${name}(...)\` in a procedure.`,
        }));
        return val(UNKNOWN, false);
      case "infer":
        f.report(makeDiagnostic("not-callable", e.callee.span, `Procedure "${name}" cannot be called.`, {
          help: "Procedures are entry points; factor shared code into a fn or a step.",
        }));
        return val(UNKNOWN, false);
    }
  }

  private builtinCall(spec: BuiltinSpec, e: A.CallExpr, args: Value[], named: Map<string, Value>, argsStatic: boolean, f: Frame): Value {
    this.facts.callTargets.set(e, { kind: "builtin", spec });
    const isStatic = argsStatic && !spec.random;
    if (!checkCallShape(e, { what: "builtin", name: spec.name }, spec, f.report)) return val(UNKNOWN, isStatic);
    if ([...args, ...named.values()].some((a) => a.type.kind === "model") && spec.name !== "guided") {
      const i = args.findIndex((a) => a.type.kind === "model");
      const node = i >= 0 ? e.args[i]! : e;
      f.report(makeDiagnostic("type-mismatch", node.span, `"${spec.name}" cannot take a model; call the model first.`));
      return val(UNKNOWN, isStatic);
    }
    const type = spec.type(args.map((a) => a.type), new Map([...named].map(([k, v]) => [k, v.type])), {
      mismatch: (arg, message) => {
        const node = typeof arg === "number" ? e.args[arg] : e.namedArgs.find((n) => n.name.name === arg)?.value;
        f.report(makeDiagnostic("type-mismatch", (node ?? e).span, message,
          message.includes("tokens") && /latent|logits/.test(message) ? { help: MIXING_HELP } : {}));
      },
    });
    if (spec.name === "guided") this.checkGuided(e, f);
    return val(type, isStatic);
  }

  /** guided(D, ...) needs D to bind a `cond` input and declare `null_cond`. */
  private checkGuided(e: A.CallExpr, f: Frame): void {
    const arg = e.args[0];
    const info = arg ? this.modelsIn(arg)[0] : undefined;
    if (!arg || !info || info.contract?.name !== "denoiser" || arg.kind !== "NameExpr") return;
    const name = info.decl.name.name;
    const related = [{ span: info.decl.name.span, message: `"${name}" is declared here.` }];
    if (!info.inputs.has("cond")) {
      f.report(makeDiagnostic("missing-binding", arg.span, `guided() needs model "${name}" to bind a "cond" input.`, {
        help: `Bind the condition input in "${name}": \`cond <- "<onnx input name>"\`.`, related,
      }));
    } else if (!info.args.has("null_cond")) {
      f.report(makeDiagnostic("missing-contract-argument", arg.span, `guided() needs the "null_cond" of model "${name}".`, {
        help: `Add \`null_cond: VALUE\` (the unconditional class or token) to the contract arguments of "${name}".`, related,
      }));
    }
  }

  private modelCall(
    contract: ContractKind, model: ModelInfo | undefined, name: string, e: A.CallExpr,
    args: Value[], named: Map<string, Value>, f: Frame,
  ): Value {
    const spec = Contracts[contract];
    const label = `Model "${name}"`;
    this.facts.callTargets.set(e, { kind: "model", contract, ...(model ? { model } : {}) });
    const sig = spec.call;
    const ok = checkCallShape(e, { what: "model", name }, {
      minArgs: sig.params.length, maxArgs: sig.params.length,
      named: sig.named.map((n) => ({ name: n.name, required: false })),
      signature: `${name}(${sig.params.map((p) => p.name).join(", ")})`,
      unavailable: (n) => n === "cond" && model && !model.inputs.has("cond")
        ? { message: `${label} has no "cond" input.`, help: `Bind one in its declaration: \`cond <- "<onnx input name>"\`.` }
        : undefined,
    }, f.report);
    if (!ok) return val(UNKNOWN, false);
    let result: Type | undefined;
    sig.params.forEach((p, i) => {
      const a = args[i]!;
      if (!acceptsSignatureValue(p.value, a.type)) {
        f.report(makeDiagnostic("type-mismatch", e.args[i]!.span,
          `${label} (${contract}) takes ${describeSignatureValue(p.value)} for "${p.name}", got ${typeToString(a.type)}.`,
          { help: p.value === "tokens" || a.type.kind === "tokens" ? MIXING_HELP : `Pass ${describeSignatureValue(p.value)}.` }));
        result = UNKNOWN;
      }
    });
    for (const [n, v] of named) {
      if (v.type.kind === "model") {
        f.report(makeDiagnostic("type-mismatch", e.namedArgs.find((x) => x.name.name === n)!.value.span, `"${n}" cannot be a model.`));
        result = UNKNOWN;
      }
    }
    if (result) return val(result, false);
    return val(signatureResult(sig.result, args[0]?.type, model), false);
  }

  private methodCall(e: A.CallExpr, m: A.MemberExpr, f: Frame): Value {
    const obj = this.expr(m.object, f);
    const args = e.args.map((a) => this.expr(a, f));
    const named = new Map(e.namedArgs.map((n) => [n.name.name, this.expr(n.value, f)] as const));
    const argsStatic = args.every((a) => a.static);
    const prop = m.property.name;
    if (obj.type.kind === "model") {
      const contract = obj.type.contract;
      const member = Contracts[contract].members[prop];
      if (!member) return this.unknownMember(m, obj.type, f);
      if (member.kind === "value") {
        f.report(makeDiagnostic("not-callable", m.property.span, `"${prop}" is a value of ${contract} models, not a method.`, {
          help: `Remove the parentheses: \`${sourceText(m.object)}.${prop}\`.`,
        }));
        return val(UNKNOWN, true);
      }
      this.facts.callTargets.set(e, { kind: "model-method", contract, method: prop });
      const sig = member.signature;
      const shape = { minArgs: sig.params.length, maxArgs: sig.params.length, named: [], signature: `${sourceText(m.object)}.${prop}(${sig.params.map((p) => p.name).join(", ")})` };
      if (!checkCallShape(e, { what: "method", name: prop }, shape, f.report)) {
        return val(UNKNOWN, false);
      }
      for (const [i, p] of sig.params.entries()) {
        if (!acceptsSignatureValue(p.value, args[i]!.type)) {
          f.report(makeDiagnostic("type-mismatch", e.args[i]!.span,
            `"${prop}" takes ${describeSignatureValue(p.value)} for "${p.name}", got ${typeToString(args[i]!.type)}.`));
          return val(UNKNOWN, false);
        }
      }
      const isStatic = sig.result === "time" && obj.static && argsStatic;
      return val(signatureResult(sig.result, args[0]?.type, this.modelInfoOf(m.object)), isStatic);
    }
    if (isTensor(obj.type)) {
      if (prop === "tail") {
        this.facts.callTargets.set(e, { kind: "tail" });
        const shape = { minArgs: 1, maxArgs: 1, named: [], signature: `${sourceText(m.object)}.tail(n)` };
        if (!checkCallShape(e, { what: "method", name: "tail" }, shape, f.report)) return val(UNKNOWN, false);
        const n = args[0]!;
        if (!isUnknown(n.type) && n.type.kind !== "int") {
          f.report(makeDiagnostic("type-mismatch", e.args[0]!.span, `"tail" takes an int, got ${typeToString(n.type)}.`));
        }
        return val(obj.type, obj.static && n.static);
      }
      if (prop === "len") {
        f.report(makeDiagnostic("not-callable", m.property.span, "\"len\" is a value, not a method.", {
          help: `Remove the parentheses: \`${sourceText(m.object)}.len\`.`,
        }));
        return val(INT, false);
      }
      return this.unknownMember(m, obj.type, f);
    }
    if (isUnknown(obj.type)) return val(UNKNOWN, obj.static && argsStatic && named.size === 0);
    return this.unknownMember(m, obj.type, f);
  }

  private member(m: A.MemberExpr, f: Frame): Value {
    const obj = this.expr(m.object, f);
    const prop = m.property.name;
    if (obj.type.kind === "model") {
      const member = Contracts[obj.type.contract].members[prop];
      if (!member) return this.unknownMember(m, obj.type, f);
      if (member.kind === "method") {
        f.report(makeDiagnostic("type-mismatch", m.span, `"${prop}" is a method of ${obj.type.contract} models; call it.`, {
          help: `Write \`${sourceText(m.object)}.${prop}(t)\`.`,
        }));
        return STATIC_UNKNOWN;
      }
      const info = this.modelInfoOf(m.object);
      if (info && member.fromArg && !info.args.has(member.fromArg)) {
        f.report(makeDiagnostic("missing-contract-argument", m.property.span,
          `Model "${info.decl.name.name}" declares no "${member.fromArg}", so "${prop}" is unknown.`,
          { help: `Add \`${member.fromArg}: ...\` to the contract arguments of "${info.decl.name.name}".`,
            related: [{ span: info.decl.contract.span, message: `"${info.decl.name.name}" is declared here.` }] }));
        return STATIC_UNKNOWN;
      }
      let type: Type = member.type === "int" ? INT : member.type === "float" ? FLOAT : member.type === "string" ? STRING : UNKNOWN;
      if (member.type === "any" && info && member.fromArg) {
        const v = info.args.get(member.fromArg);
        type = typeof v === "number" ? (Number.isInteger(v) ? INT : FLOAT) : typeof v === "string" ? STRING : UNKNOWN;
      }
      return val(type, true);
    }
    if (isTensor(obj.type)) {
      if (prop === "len") {
        // The length of a refine step's state is fixed for the whole refinement.
        const s = m.object.kind === "NameExpr" ? this.resolution.refs.get(m.object) : undefined;
        const fixed = s?.kind === "state" && s.role === "state" && s.owner.stateParams.from !== undefined;
        return val(INT, obj.static || fixed);
      }
      if (prop === "tail") {
        f.report(makeDiagnostic("type-mismatch", m.span, "\"tail\" is a method; call it with the number of positions.", {
          help: `Write \`${sourceText(m.object)}.tail(n)\`.`,
        }));
        return STATIC_UNKNOWN;
      }
      return this.unknownMember(m, obj.type, f);
    }
    if (isUnknown(obj.type)) return val(UNKNOWN, obj.static);
    return this.unknownMember(m, obj.type, f);
  }

  private unknownMember(m: A.MemberExpr, type: Type, f: Frame): Value {
    const prop = m.property.name;
    const names = type.kind === "model" ? Object.keys(Contracts[type.contract].members) : isTensor(type) ? ["tail", "len"] : [];
    const what = type.kind === "model" ? `${type.contract} models` : `values of type ${typeToString(type)}`;
    const help = didYouMean(suggestionList(prop, names))
      ?? (names.length > 0 ? `The members of ${what} are ${names.map((n) => `"${n}"`).join(", ")}.` : undefined);
    f.report(makeDiagnostic("unknown-member", m.property.span,
      names.length > 0 ? `${capitalize(what)} have no member "${prop}".` : `${capitalize(what)} have no members.`, help ? { help } : {}));
    return STATIC_UNKNOWN;
  }

  private modelInfoOf(e: A.Expression): ModelInfo | undefined {
    if (e.kind !== "NameExpr") return undefined;
    const s = this.resolution.refs.get(e);
    return s?.kind === "model" ? this.models.get(s.decl) : undefined;
  }
}

// ---------------------------------------------------------------- helpers

function acceptsSignatureValue(kind: SignatureValue, t: Type): boolean {
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

function describeSignatureValue(kind: SignatureValue): string {
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

function signatureResult(kind: SignatureValue, first: Type | undefined, model: ModelInfo | undefined): Type {
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

function mergeVars(a: Map<Symbol, Value>, b: Map<Symbol, Value>): Map<Symbol, Value> {
  const out = new Map(a);
  for (const [s, v] of b) {
    const w = out.get(s);
    if (!w) {
      out.set(s, v);
      continue;
    }
    if (w === v) continue;
    out.set(s, val(join(w.type, v.type) ?? UNKNOWN, w.static && v.static));
  }
  return out;
}

function declKindName(d: CallableDecl): string {
  return d.kind === "StepDecl" ? "step" : d.kind === "FnDecl" ? "fn" : d.kind === "ScheduleDecl" ? "schedule" : "procedure";
}

function symbolKindName(s: Symbol): string {
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
function targetText(n: A.Node): string {
  if (n.kind === "NameExpr") return `"${(n as A.NameExpr).name.name}"`;
  if (n.kind === "Identifier") return `"${(n as A.Identifier).name}"`;
  if (n.kind === "CallExpr") {
    const c = n as A.CallExpr;
    if (c.callee.kind === "MemberExpr" && c.callee.object.kind === "NameExpr") return `"${c.callee.object.name.name}.${c.callee.property.name}(...)"`;
  }
  return "the target";
}

/** A short source-like rendering of a simple expression, for code snippets in help. */
function sourceText(e: A.Expression): string {
  if (e.kind === "NameExpr") return e.name.name;
  if (e.kind === "MemberExpr") return `${sourceText(e.object)}.${e.property.name}`;
  return "x";
}

/** An inner message continued after a colon: "Model ..." becomes "model ...". */
function nested(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export type { StepSymbol };
