/**
 * Type checking of calls and member accesses (language.md §5, §8): builtins with their arity
 * and typing rules, fns and schedules (instantiated at the call site), model calls against
 * their contract's call signature, `guided(...)`, model methods and static members
 * (`D.alpha(t)`, `M.score(y, d)`, `lm.eos`), and `y.tail(n)` / `y.len`.
 */
import { makeDiagnostic } from "../diagnostics/codes.js";
import { didYouMean, suggestionList } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";
import type { BuiltinSpec, BuiltinTypingContext } from "./builtins.js";
import { bindArguments, checkCallShape, type CallShape } from "./calls.js";
import { Contracts, type CallSignature, type ContractKind } from "./contracts.js";
import type { ModelInfo } from "./models.js";
import { MIXING_HELP } from "./operators.js";
import type { TypeChecker } from "./typecheck.js";
import {
  STATIC_UNKNOWN, acceptsSignatureValue, article, capitalize, describeSignatureValue, nested, signatureResult, sourceText, val,
  type CallTarget, type Frame, type Value,
} from "./typecheckSupport.js";
import { FLOAT, INT, SCHEDULE, STRING, UNKNOWN, isNumberList, isTensor, isUnknown, modelOf, typeToString, type Type } from "./types.js";

/** The values of a call's positional arguments, in order. */
function argValues(c: TypeChecker, e: A.CallExpr, f: Frame): Value[] {
  const n = e.args.length;
  const out: Value[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = c.expr(e.args[i]!, f);
  return out;
}

const NO_NAMED: Map<string, Value> = new Map();

/** The values of a call's named arguments by name (a repeated name: its last value). */
function namedValues(c: TypeChecker, e: A.CallExpr, f: Frame): Map<string, Value> {
  if (e.namedArgs.length === 0) return NO_NAMED;
  const out = new Map<string, Value>();
  for (let i = 0; i < e.namedArgs.length; i++) {
    const n = e.namedArgs[i]!;
    out.set(n.name.name, c.expr(n.value, f));
  }
  return out;
}

function allStatic(args: readonly Value[], named?: ReadonlyMap<string, Value>): boolean {
  for (let i = 0; i < args.length; i++) if (!args[i]!.static) return false;
  return named === undefined || named.size === 0 || allValuesStatic(named);
}

// (A separate function: a closure over a local of `allStatic` would make V8 allocate a context
// at every call, named arguments or not.)
function allValuesStatic(named: ReadonlyMap<string, Value>): boolean {
  for (const a of named.values()) if (!a.static) return false;
  return true;
}

/** Call targets are immutable: one per builtin, per contract method (and per model: `TypeChecker.modelTargets`). */
const builtinTargets = new Map<BuiltinSpec, CallTarget>();
/** Per contract and method name: the call target, and the callee description for messages. */
const methods = new Map<ContractKind, Map<string, { target: CallTarget; callee: { what: string; name: string } }>>();
const TAIL_TARGET: CallTarget = { kind: "tail" };

/** Callee descriptions of builtins, for messages. */
const builtinCallees = new Map<BuiltinSpec, { what: string; name: string }>();

export function checkCall(c: TypeChecker, e: A.CallExpr, f: Frame): Value {
  if (e.callee.kind === "MemberExpr") return methodCall(c, e, e.callee, f);
  const args = argValues(c, e, f);
  const named = namedValues(c, e, f);
  const argsStatic = allStatic(args, named);
  if (e.callee.kind !== "NameExpr") {
    c.expr(e.callee, f);
    f.report(makeDiagnostic("not-callable", e.callee.span, "Only names of functions, schedules, builtins and models can be called."));
    return val(UNKNOWN, argsStatic);
  }
  const s = f.names.refs[e.callee.nameIndex];
  if (!s) return val(UNKNOWN, argsStatic);
  const name = e.callee.text;
  switch (s.kind) {
    case "builtin":
      return builtinCall(c, s.spec, e, args, named, argsStatic, f);
    case "fn":
    case "schedule": {
      const bound = bindArguments(s.decl.params, e, { what: s.kind, name }, f.report);
      c.facts.callTargets.set(e, { kind: s.kind, decl: s.decl, args: bound });
      const params = c.checkParamArgs(s.decl, bound, e, args, named, { what: s.kind, name }, f);
      const inst = c.instantiate(s.decl, params);
      if (inst.diagnostics.length > 0 && c.checkDecl(s.decl) === 0) {
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
      const info = c.models.get(s.decl);
      if (!info?.contract) return val(UNKNOWN, false);
      c.facts.values.set(e.callee, val(modelOf(info.contract.name), false));
      return modelCall(c, info.contract.name, info, name, e, args, named, f);
    }
    case "param":
    case "state":
    case "local": {
      const v = c.name(e.callee, f);
      if (f.record) c.facts.values.set(e.callee, val(v.type, false));
      if (v.type.kind === "model") return modelCall(c, v.type.contract, undefined, name, e, args, named, f);
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

function takesModel(args: readonly Value[], named: ReadonlyMap<string, Value>): boolean {
  for (let i = 0; i < args.length; i++) if (args[i]!.type.kind === "model") return true;
  return named.size > 0 && anyModelValue(named);
}

function anyModelValue(named: ReadonlyMap<string, Value>): boolean {
  for (const a of named.values()) if (a.type.kind === "model") return true;
  return false;
}

export function builtinCall(c: TypeChecker, spec: BuiltinSpec, e: A.CallExpr, args: Value[], named: Map<string, Value>, argsStatic: boolean, f: Frame): Value {
  let target = builtinTargets.get(spec);
  if (!target) builtinTargets.set(spec, (target = { kind: "builtin", spec }));
  c.facts.callTargets.set(e, target);
  const isStatic = argsStatic && !spec.random;
  let callee = builtinCallees.get(spec);
  if (!callee) builtinCallees.set(spec, (callee = { what: "builtin", name: spec.name }));
  if (!checkCallShape(e, callee, spec, f.report)) return val(UNKNOWN, isStatic);
  if (takesModel(args, named) && spec.name !== "guided") {
    const i = args.findIndex((a) => a.type.kind === "model");
    const node = i >= 0 ? e.args[i]! : e;
    f.report(makeDiagnostic("type-mismatch", node.span, `"${spec.name}" cannot take a model; call the model first.`));
    return val(UNKNOWN, isStatic);
  }
  const types: Type[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) types[i] = args[i]!.type;
  let namedTypes = NO_NAMED_TYPES;
  if (named.size > 0) {
    const m = new Map<string, Type>();
    named.forEach((v, k) => void m.set(k, v.type));
    namedTypes = m;
  }
  const typing = c.typing;
  typing.call = e;
  typing.frame = f;
  const type = spec.type(types, namedTypes, typing);
  if (spec.name === "guided") checkGuided(c, e, f);
  return val(type, isStatic);
}

/** guided(D, ...) needs D to bind a `cond` input and declare `null_cond`. */
export function checkGuided(c: TypeChecker, e: A.CallExpr, f: Frame): void {
  const arg = e.args[0];
  const info = arg ? modelsIn(c, arg, f)[0] : undefined;
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

export function modelCall(
  c: TypeChecker,
  contract: ContractKind, model: ModelInfo | undefined, name: string, e: A.CallExpr,
  args: Value[], named: Map<string, Value>, f: Frame,
): Value {
  const label = `Model "${name}"`;
  const key = model ?? contract;
  let target = c.modelTargets.get(key);
  if (!target) c.modelTargets.set(key, (target = { kind: "model", contract, ...(model ? { model } : {}) }));
  c.facts.callTargets.set(e, target);
  const sig = Contracts[contract].call;
  const shape = modelCallShape(contract);
  const ok = checkCallShape(e, { what: "model", name }, e.namedArgs.length === 0 ? shape : {
    ...shape,
    unavailable: (n) => n === "cond" && model && !model.inputs.has("cond")
      ? { message: `${label} has no "cond" input.`, help: `Bind one in its declaration: \`cond <- "<onnx input name>"\`.` }
      : undefined,
  }, f.report);
  if (!ok) return val(UNKNOWN, false);
  let result: Type | undefined;
  for (let i = 0; i < sig.params.length; i++) {
    const p = sig.params[i]!;
    const a = args[i]!;
    if (!acceptsSignatureValue(p.value, a.type)) {
      f.report(makeDiagnostic("type-mismatch", e.args[i]!.span,
        `${label} (${contract}) takes ${describeSignatureValue(p.value)} for "${p.name}", got ${typeToString(a.type)}.`,
        { help: p.value === "tokens" || a.type.kind === "tokens" ? MIXING_HELP : `Pass ${describeSignatureValue(p.value)}.` }));
      result = UNKNOWN;
    }
  }
  if (named.size > 0) for (const [n, v] of named) {
    if (v.type.kind === "model") {
      f.report(makeDiagnostic("type-mismatch", e.namedArgs.find((x) => x.name.name === n)!.value.span, `"${n}" cannot be a model.`));
      result = UNKNOWN;
    }
  }
  if (result) return val(result, false);
  return val(signatureResult(sig.result, args[0]?.type, model), false);
}

export function methodCall(c: TypeChecker, e: A.CallExpr, m: A.MemberExpr, f: Frame): Value {
  const obj = c.expr(m.object, f);
  const args = argValues(c, e, f);
  const named = namedValues(c, e, f);
  const argsStatic = allStatic(args);
  const prop = m.property.name;
  if (obj.type.kind === "model") {
    const contract = obj.type.contract;
    const member = Contracts[contract].members[prop];
    if (!member) return unknownMember(c, m, obj.type, f);
    if (member.kind === "value") {
      f.report(makeDiagnostic("not-callable", m.property.span, `"${prop}" is a value of ${contract} models, not a method.`, {
        help: `Remove the parentheses: \`${sourceText(m.object)}.${prop}\`.`,
      }));
      return val(UNKNOWN, true);
    }
    let byName = methods.get(contract);
    if (!byName) methods.set(contract, (byName = new Map()));
    let method = byName.get(prop);
    if (!method) byName.set(prop, (method = { target: { kind: "model-method", contract, method: prop }, callee: { what: "method", name: prop } }));
    c.facts.callTargets.set(e, method.target);
    const sig = member.signature;
    const shape = methodShape(sig);
    if (!checkCallShape(e, method.callee, shape, f.report)) {
      return val(UNKNOWN, false);
    }
    for (let i = 0; i < sig.params.length; i++) {
      const p = sig.params[i]!;
      if (!acceptsSignatureValue(p.value, args[i]!.type)) {
        f.report(makeDiagnostic("type-mismatch", e.args[i]!.span,
          `"${prop}" takes ${describeSignatureValue(p.value)} for "${p.name}", got ${typeToString(args[i]!.type)}.`));
        return val(UNKNOWN, false);
      }
    }
    const isStatic = sig.result === "time" && obj.static && argsStatic;
    return val(signatureResult(sig.result, args[0]?.type, modelInfoOf(c, m.object, f)), isStatic);
  }
  if (isTensor(obj.type)) {
    if (prop === "tail") {
      c.facts.callTargets.set(e, TAIL_TARGET);
      if (!checkCallShape(e, { what: "method", name: "tail" }, TAIL_SHAPE, f.report)) return val(UNKNOWN, false);
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
    return unknownMember(c, m, obj.type, f);
  }
  if (isUnknown(obj.type)) return val(UNKNOWN, obj.static && argsStatic && named.size === 0);
  return unknownMember(c, m, obj.type, f);
}

export function checkMember(c: TypeChecker, m: A.MemberExpr, f: Frame): Value {
  const obj = c.expr(m.object, f);
  const prop = m.property.name;
  if (obj.type.kind === "model") {
    const member = Contracts[obj.type.contract].members[prop];
    if (!member) return unknownMember(c, m, obj.type, f);
    if (member.kind === "method") {
      f.report(makeDiagnostic("type-mismatch", m.span, `"${prop}" is a method of ${obj.type.contract} models; call it.`, {
        help: `Write \`${sourceText(m.object)}.${prop}(t)\`.`,
      }));
      return STATIC_UNKNOWN;
    }
    const info = modelInfoOf(c, m.object, f);
    // A required argument's absence was already reported on the declaration: no cascade here.
    const required = info?.contract !== undefined && member.fromArg !== undefined && isRequiredArg(info.contract.args, member.fromArg);
    if (info && member.fromArg && !info.args.has(member.fromArg) && !required) {
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
      const s = m.object.kind === "NameExpr" ? f.names.refs[m.object.nameIndex] : undefined;
      const fixed = s?.kind === "state" && s.role === "state" && s.owner.stateParams.from !== undefined;
      return val(INT, obj.static || fixed);
    }
    if (prop === "tail") {
      f.report(makeDiagnostic("type-mismatch", m.span, "\"tail\" is a method; call it with the number of positions.", {
        help: `Write \`${sourceText(m.object)}.tail(n)\`.`,
      }));
      return STATIC_UNKNOWN;
    }
    return unknownMember(c, m, obj.type, f);
  }
  if (isUnknown(obj.type)) return val(UNKNOWN, obj.static);
  return unknownMember(c, m, obj.type, f);
}

export function unknownMember(c: TypeChecker, m: A.MemberExpr, type: Type, f: Frame): Value {
  const prop = m.property.name;
  const names = type.kind === "model" ? Object.keys(Contracts[type.contract].members) : isTensor(type) ? ["tail", "len"] : [];
  const what = type.kind === "model" ? `${type.contract} models` : `values of type ${typeToString(type)}`;
  const help = didYouMean(suggestionList(prop, names))
    ?? (names.length > 0 ? `The members of ${what} are ${names.map((n) => `"${n}"`).join(", ")}.` : undefined);
  f.report(makeDiagnostic("unknown-member", m.property.span,
    names.length > 0 ? `${capitalize(what)} have no member "${prop}".` : `${capitalize(what)} have no members.`, help ? { help } : {}));
  return STATIC_UNKNOWN;
}

export function modelInfoOf(c: TypeChecker, e: A.Expression, f: Frame): ModelInfo | undefined {
  if (e.kind !== "NameExpr") return undefined;
  const s = f.names.refs[e.nameIndex];
  return s?.kind === "model" ? c.models.get(s.decl) : undefined;
}

/** Declared models an argument expression denotes (a model name, or `guided(model, ...)`). */
export function modelsIn(c: TypeChecker, e: A.Expression, f: Frame): ModelInfo[] {
  if (e.kind === "NameExpr") {
    const s = f.names.refs[e.nameIndex];
    const info = s?.kind === "model" ? c.models.get(s.decl) : undefined;
    return info ? [info] : [];
  }
  if (e.kind === "CallExpr" && e.args[0]) return modelsIn(c, e.args[0], f);
  return [];
}

const NO_NAMED_TYPES: Map<string, Type> = new Map();

/** The shape of a model call of each contract (the `cond` check is added per model when named arguments are given). */
const modelShapes = new Map<ContractKind, CallShape>();
function modelCallShape(contract: ContractKind): CallShape {
  let shape = modelShapes.get(contract);
  if (!shape) {
    const sig = Contracts[contract].call;
    shape = {
      minArgs: sig.params.length, maxArgs: sig.params.length,
      named: sig.named.map((n) => ({ name: n.name, required: false })),
      signature: (call) => `${sourceText(call.callee)}(${sig.params.map((p) => p.name).join(", ")})`,
    };
    modelShapes.set(contract, shape);
  }
  return shape;
}

/** The shape of a model method (positional parameters only). */
const methodShapes = new Map<CallSignature, CallShape>();
function methodShape(sig: CallSignature): CallShape {
  let shape = methodShapes.get(sig);
  if (!shape) {
    shape = {
      minArgs: sig.params.length, maxArgs: sig.params.length, named: [],
      signature: (call) => `${sourceText((call.callee as A.MemberExpr).object)}.${(call.callee as A.MemberExpr).property.name}(${sig.params.map((p) => p.name).join(", ")})`,
    };
    methodShapes.set(sig, shape);
  }
  return shape;
}

const TAIL_SHAPE: CallShape = {
  minArgs: 1, maxArgs: 1, named: [], signature: (call) => `${sourceText((call.callee as A.MemberExpr).object)}.tail(n)`,
};

function isRequiredArg(args: readonly { readonly name: string; readonly required: boolean }[], name: string): boolean {
  for (const a of args) if (a.name === name) return a.required;
  return false;
}

/** The context of builtin typing rules, reused for every builtin call (the rules do not call back). */
export class BuiltinTyping implements BuiltinTypingContext {
  call!: A.CallExpr;
  frame!: Frame;

  mismatch(arg: number | string, message: string): void {
    const e = this.call;
    const node = typeof arg === "number" ? e.args[arg] : e.namedArgs.find((n) => n.name.name === arg)?.value;
    this.frame.report(makeDiagnostic("type-mismatch", (node ?? e).span, message,
      message.includes("tokens") && /latent|logits/.test(message) ? { help: MIXING_HELP } : {}));
  }
}
