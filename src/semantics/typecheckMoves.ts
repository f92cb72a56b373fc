/**
 * Type checking of `refine` and `expand` (language.md §7): targets, schedules, block sizes and
 * length bounds, and the `using step(args)` clause — the step's kind, its configuration
 * arguments, and the step instantiated on the target's type.
 */
import { makeDiagnostic } from "../diagnostics/codes.js";
import type * as A from "../syntax/ast.js";
import { bindArguments } from "./calls.js";
import { MIXING_HELP } from "./operators.js";
import type { CallableDecl } from "./symbols.js";
import type { TypeChecker } from "./typecheck.js";
import { modelsIn } from "./typecheckCalls.js";
import {
  STATIC_UNKNOWN, article, capitalize, nested, symbolKindName, targetText, val,
  type Frame, type Value,
} from "./typecheckSupport.js";
import { SCHEDULE, TOKENS, isAssignable, isUnknown, typeToString } from "./types.js";

export function checkRefine(c: TypeChecker, s: A.RefineStmt, f: Frame): void {
  const target = c.expr(s.target, f);
  const isName = s.target.kind === "NameExpr"
    || (s.target.kind === "CallExpr" && s.target.callee.kind === "MemberExpr" && s.target.callee.property.name === "tail"
      && s.target.callee.object.kind === "NameExpr");
  if (!isName) {
    f.report(makeDiagnostic("type-mismatch", s.target.span, "A refine target must be a variable or `name.tail(n)`.", {
      help: "Assign the value to a variable first, then refine that variable.",
    }));
  }
  const schedule = c.expr(s.schedule, f);
  if (!isAssignable(schedule.type, SCHEDULE)) {
    f.report(makeDiagnostic("type-mismatch", s.schedule.span, `refine needs a schedule after "over", got ${typeToString(schedule.type)}.`, {
      help: "Call a schedule (e.g. karras(steps: 18)) or write a list of times such as [80, 1, 0].",
    }));
  } else if (!schedule.static) {
    f.report(makeDiagnostic("non-static-value", s.schedule.span, "This schedule depends on data; schedules are computed at compile time.", {
      help: "Compute the schedule from constants and parameters only.",
    }));
  }
  checkStepUse(c, s, "refine", s.target, target, f);
}

export function checkExpand(c: TypeChecker, s: A.ExpandStmt, f: Frame): void {
  const symbol = f.names.refs[s.target.nameIndex];
  const target = (symbol && (symbol.kind === "param" || symbol.kind === "state" || symbol.kind === "local") ? f.vars[symbol.slot] : undefined) ?? STATIC_UNKNOWN;
  if (s.fill) {
    const wanted = s.fill === "masked" ? "tokens" : "latent";
    if (!isUnknown(target.type) && target.type.kind !== wanted) {
      f.report(makeDiagnostic("type-mismatch", s.target.span,
        `\`expand ... ${s.fill}\` appends ${s.fill === "masked" ? "mask tokens" : "noise positions"}, but "${s.target.name}" is ${typeToString(target.type)}.`,
        { help: s.fill === "masked" ? "Use `noised` for continuous sequences." : "Use `masked` for token sequences." }));
    }
  }
  if (s.by) c.staticInt(s.by, f, "The block size after \"by\"");
  for (const u of s.until) if (u.value) c.staticInt(u.value, f, "The length bound");
  if (s.step) checkStepUse(c, s, "expand", s.step, target, f);
  if (s.body) c.block(s.body, f);
}

/** The `using step(args)` clause: step kind, configuration arguments, and the step instantiated on the target. */
export function checkStepUse(c: TypeChecker, s: A.RefineStmt | A.ExpandStmt, use: "refine" | "expand", targetNode: A.Node, target: Value, f: Frame): void {
  const call = s.step!;
  const args: Value[] = new Array(call.args.length);
  for (let i = 0; i < args.length; i++) args[i] = c.expr(call.args[i]!, f);
  const named = new Map<string, Value>();
  for (let i = 0; i < call.namedArgs.length; i++) named.set(call.namedArgs[i]!.name.name, c.expr(call.namedArgs[i]!.value, f));
  if (call.callee.kind !== "NameExpr") {
    f.report(makeDiagnostic("not-callable", call.callee.span, `\`${use} ... using\` needs a step name.`));
    return;
  }
  const symbol = f.names.refs[call.callee.nameIndex];
  if (!symbol) return;
  if (symbol.kind !== "step") {
    const steps = visibleSteps(c, f.decl, use);
    f.report(makeDiagnostic("not-callable", call.callee.span,
      `"${symbol.name}" is ${article(symbolKindName(symbol))}, not a step; \`${use} ... using\` needs ${article(use)} step.`,
      steps.length > 0 ? { help: `${capitalize(use)} steps in scope: ${steps.map((n) => `"${n}"`).join(", ")}.` } : {}));
    return;
  }
  const bound = bindArguments(symbol.decl.params, call, { what: "step", name: symbol.name }, f.report);
  c.facts.stepUses.set(s, { step: symbol, args: bound });
  const params = c.checkParamArgs(symbol.decl, bound, call, args, named, { what: "step", name: symbol.name }, f);
  if (symbol.stepKind !== use) {
    const shape = (k: string): string => (k === "refine" ? "(x, t -> s)" : "(y)");
    f.report(makeDiagnostic("wrong-step-kind", call.callee.span,
      `Step "${symbol.name}" is ${article(symbol.stepKind)} step with state "${shape(symbol.stepKind)}", but \`${use}\` needs ${article(use)} step with state "${shape(use)}".`,
      { help: symbol.stepKind === "refine"
        ? `Use "${symbol.name}" in \`refine ... over SCHEDULE using\`, or pick an expand step such as "sample".`
        : `Use "${symbol.name}" in \`expand ... using\`, or pick a refine step.` }));
    return;
  }
  if (s.kind === "ExpandStmt") checkUntilEos(c, s, bound, f);
  if (isUnknown(target.type)) return;
  const stateValue = val(target.type, false);
  c.stateParams(symbol.decl, params, stateValue, () => {});
  const inst = c.instantiate(symbol.decl, params);
  const targetName = targetText(targetNode);
  if (inst.diagnostics.length > 0) {
    if (c.checkDecl(symbol.decl) === 0) {
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
export function checkUntilEos(c: TypeChecker, s: A.ExpandStmt, bound: ReadonlyMap<A.Param, A.Expression>, f: Frame): void {
  const eos = s.until.find((u) => u.condition === "eos");
  if (!eos) return;
  const models = [...bound.values()].flatMap((e) => modelsIn(c, e, f)).filter((m) => m.contract?.name === "next_token");
  if (models.length === 0 || models.some((m) => m.args.has("eos"))) return;
  const m = models[0]!;
  f.report(makeDiagnostic("missing-contract-argument", eos.span,
    `\`until eos\` needs an end-of-sequence id, but model "${m.decl.name.name}" declares no "eos".`,
    { help: `Add \`eos: ID\` to the contract arguments of "${m.decl.name.name}", or stop with \`until length N\` only.`,
      related: [{ span: m.decl.contract.span, message: `"${m.decl.name.name}" is declared here.` }] }));
}

export function visibleSteps(c: TypeChecker, decl: CallableDecl, use: string): string[] {
  const module = [...c.resolution.namespaces.keys()].find((m) => m.program.declarations.includes(decl));
  const ns = module ? c.resolution.namespaces.get(module) : undefined;
  const out: string[] = [];
  for (const [name, entry] of ns ?? []) {
    const s = entry.kind === "decl" ? entry.symbol : c.resolution.imports.get(entry.specifier);
    if (s?.kind === "step" && s.stepKind === use) out.push(name);
  }
  return out;
}
