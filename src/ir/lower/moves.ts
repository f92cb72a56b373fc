/**
 * Lowering of the two moves: `refine` (unrolled per schedule interval, then re-rolled into
 * loops) and `expand` (a data-dependent loop whose body is the expand step, or a block body).
 */
import type * as A from "../../syntax/ast.js";
import type { MoveInfo, Operand, Until, ValueId } from "../ir.js";
import { isValueId } from "../ir.js";
import type { Evaluator, Frame, StepState } from "./evaluator.js";
import { fail, locOf } from "./errors.js";
import { emitIterations, type Iteration } from "./reroll.js";
import { describe, numbers, num, type Val } from "./values.js";

type Dyn = Val & { k: "dyn" };

/** Static configuration arguments of a step, for MoveInfo. */
function staticArgs(decl: A.StepDecl, args: readonly Val[], named: ReadonlyMap<string, Val>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  decl.params.forEach((p, i) => {
    const v = i < args.length ? args[i] : named.get(p.name.name);
    if (!v) return;
    if (v.k === "num" || v.k === "str" || v.k === "bool") out[p.name.name] = v.v;
    else if (v.k === "model") out[p.name.name] = { model: v.model.id };
    else if (v.k === "guided") out[p.name.name] = { model: v.model.id, guided: true, scale: v.scale.k === "num" ? v.scale.v : undefined };
  });
  return out;
}

/** Register a move and make it the one that tags emitted ops until `end()`. */
function beginMove(ev: Evaluator, info: Omit<MoveInfo, "id" | "parent" | "approx">, stmt: A.RefineStmt | A.ExpandStmt): { id: number; end: () => void } {
  const parent = ev.emitter.move;
  const id = ev.moves.length;
  const approx = stmt.annotations.some((a) => a.name.name === "approx");
  ev.moves.push({ ...info, id, approx, ...(parent !== undefined ? { parent } : {}) });
  ev.emitter.move = id;
  return { id, end: () => { ev.emitter.move = parent; } };
}

/** The variable a move updates, and the window of it the step sees (`y.tail(n)`). */
function moveTarget(ev: Evaluator, target: A.Expression, frame: Frame): { name: string; value: Dyn; window?: number } {
  if (target.kind === "NameExpr") return variableTarget(target.text, target, frame);
  if (target.kind === "CallExpr" && target.callee.kind === "MemberExpr" && target.callee.property.name === "tail" && target.callee.object.kind === "NameExpr") {
    const base = moveTarget(ev, target.callee.object, frame);
    const n = target.args[0] ? ev.eval(target.args[0], frame) : undefined;
    if (n?.k !== "num") fail("non-static-length", "The window of .tail(n) must be a compile-time integer.", target.span);
    return { ...base, window: n.v };
  }
  fail("invalid-move-target", "A move target is a variable or `variable.tail(n)`.", target.span);
}

/** The variable `name` (written at `node`) as a move target: it must hold a sampled value. */
function variableTarget(name: string, node: A.Node, frame: Frame): { name: string; value: Dyn } {
  const value = frame.vars.get(name);
  if (value?.k !== "dyn") fail("invalid-move-target", `"${name}" must be a sampled value to be refined or expanded.`, node.span);
  return { name, value };
}

function stepOf(ev: Evaluator, call: A.CallExpr, frame: Frame, kind: "refine" | "expand"): { decl: A.StepDecl; file: string; args: Val[]; named: Map<string, Val> } {
  const callee = ev.eval(call.callee, frame);
  if (callee.k !== "callable" || callee.decl.kind !== "StepDecl") fail("not-a-step", `${describe(callee)} is not a step.`, call.callee.span, `Use a step declared with \`step\` after "using".`);
  const isRefine = callee.decl.stateParams.to !== undefined;
  if (isRefine !== (kind === "refine")) fail("wrong-step-kind", `Step "${callee.decl.name.name}" is ${isRefine ? "a refine" : "an expand"} step and cannot be used by ${kind}.`, call.span);
  const args = call.args.map((a) => ev.eval(a, frame));
  const named = new Map(call.namedArgs.map((n) => [n.name.name, ev.eval(n.value, frame)] as const));
  return { decl: callee.decl, file: callee.file, args, named };
}

/** `refine target over schedule using step(args)`. */
export function lowerRefine(ev: Evaluator, stmt: A.RefineStmt, frame: Frame): void {
  const target = moveTarget(ev, stmt.target, frame);
  const schedule = numbers(ev.eval(stmt.schedule, frame));
  if (!schedule || schedule.length < 2) fail("non-static-schedule", "A refine schedule must be a list of at least two times known at compile time.", stmt.schedule.span, "Use a schedule function or a literal list such as [80, 1, 0].");
  const step = stepOf(ev, stmt.step, frame, "refine");
  const move = beginMove(ev, { kind: "refine", span: stmt.span, step: { name: step.decl.name.name, span: step.decl.name.span }, stepArgs: staticArgs(step.decl, step.args, step.named), schedule, ...(target.window !== undefined ? { window: target.window } : {}) }, stmt);
  const sp = step.decl.stateParams;
  const windowType = target.window !== undefined && target.value.type.kind === "tokens" ? { kind: "tokens" as const, len: target.window } : target.value.type;

  const iterations: Iteration[] = [];
  let x: Dyn = target.value;
  let carried = new Map<string, Val>();
  for (let i = 0; i + 1 < schedule.length; i++) {
    const state: StepState = { carried, names: [] };
    const inputs = [x.id, ...[...carried.values()].filter((v): v is Dyn => v.k === "dyn").map((v) => v.id)].filter(isValueId);
    const { ops, result } = ev.emitter.collect(() => {
      const f = ev.bindParams(step.decl, step.file, step.args, step.named, stmt.step.span, state);
      f.vars.set(sp.state.name.name, { k: "dyn", id: x.id, type: windowType });
      f.vars.set(sp.from!.name, num(schedule[i]!));
      f.vars.set(sp.to!.name, num(schedule[i + 1]!));
      const done = ev.execBlock(step.decl.body, f);
      if (!done) fail("missing-return", `Step "${step.decl.name.name}" ended without returning a value.`, step.decl.name.span);
      return { value: done.value, vars: f.vars };
    });
    const ret = result.value;
    if (ret.k !== "dyn" || ret.type.kind !== target.value.type.kind) fail("type-mismatch", `Step "${step.decl.name.name}" must return the refined ${target.value.type.kind} state, found ${describe(ret)}.`, stmt.step.span);
    const next = new Map<string, Val>();
    for (const name of state.names) next.set(name, result.vars.get(name)!);
    const dynNext = [...next.entries()].filter(([, v]) => v.k === "dyn") as [string, Dyn][];
    iterations.push({
      ops,
      inputs,
      outputs: [ret.id, ...dynNext.map(([, v]) => v.id)],
      types: [target.value.type, ...dynNext.map(([, v]) => v.type)],
      signature: JSON.stringify([...next.entries()].map(([n, v]) => [n, v.k === "dyn" ? v.type : "static"])),
    });
    x = { k: "dyn", id: ret.id, type: target.value.type };
    carried = next;
  }
  move.end();
  const finals = emitIterations(ev.emitter, iterations, [target.value.id]);
  const info = ev.moves[move.id]!;
  ev.moves[move.id] = { ...info, input: target.value.id, output: finals[0]! };
  frame.vars.set(target.name, { k: "dyn", id: finals[0]!, type: target.value.type });
}

function untilOf(ev: Evaluator, stmt: A.ExpandStmt, frame: Frame, eos: number | undefined): Until {
  let until: { eos?: number; length?: Operand } = {};
  for (const c of stmt.until) {
    if (c.condition === "eos") {
      if (eos === undefined) fail("missing-eos", "`until eos` needs a next_token model with an eos id among the step's models.", c.span, "Declare eos: <id> in the model's contract.");
      until = { ...until, eos };
    } else {
      const v = ev.eval(c.value!, frame);
      if (v.k !== "num" && v.k !== "dyn") fail("type-mismatch", `A length must be a number, found ${describe(v)}.`, c.span);
      until = { ...until, length: v.k === "num" ? v.v : v.id };
    }
  }
  if (until.length === undefined && until.eos === undefined) fail("unbounded-expand", "An expansion needs a stopping condition.", stmt.span, "Add `until length N`.");
  return until;
}

/** `expand y until ... using step(...)` and `expand y by K masked until ... { body }`. */
export function lowerExpand(ev: Evaluator, stmt: A.ExpandStmt, frame: Frame, execBody: (body: A.Block, frame: Frame) => void): void {
  const target = variableTarget(stmt.target.name, stmt.target, frame);
  if (target.value.type.kind !== "tokens") fail("type-mismatch", `Only token sequences can be expanded today; "${target.name}" is ${describe(target.value)}.`, stmt.target.span);
  const param: ValueId = ev.emitter.fresh();
  const loc = locOf(stmt.span);
  if (stmt.step) {
    const step = stepOf(ev, stmt.step, frame, "expand");
    const move = beginMove(ev, { kind: "expand", span: stmt.span, step: { name: step.decl.name.name, span: step.decl.name.span }, stepArgs: staticArgs(step.decl, step.args, step.named) }, stmt);
    const eos = [...step.args, ...step.named.values()].map((v) => (v.k === "model" ? v.model.attrs.eos : undefined)).find((e) => typeof e === "number") as number | undefined;
    const { ops, result } = ev.emitter.collect(() => {
      const f = ev.bindParams(step.decl, step.file, step.args, step.named, stmt.step!.span);
      f.vars.set(step.decl.stateParams.state.name.name, { k: "dyn", id: param, type: { kind: "tokens" } });
      const done = ev.execBlock(step.decl.body, f);
      if (!done) fail("missing-return", `Step "${step.decl.name.name}" ended without returning a value.`, step.decl.name.span);
      return done.value;
    });
    if (result.k !== "dyn" || (result.type.kind !== "i32" && result.type.kind !== "ragged")) fail("type-mismatch", `Expand step "${step.decl.name.name}" must return the ids to append, found ${describe(result)}.`, stmt.step.span);
    move.end();
    const out = ev.emitter.fresh();
    ev.emitter.emit({ op: "expand", init: target.value.id, param, body: ops, yield: result.id, until: untilOf(ev, stmt, frame, eos), out, loc });
    frame.vars.set(target.name, { k: "dyn", id: out, type: { kind: "tokens" } });
    return;
  }
  const by = stmt.by ? ev.eval(stmt.by, frame) : undefined;
  if (by?.k !== "num") fail("non-static-block", "The block size of `expand ... by K` must be a compile-time integer.", stmt.span);
  const move = beginMove(ev, { kind: "expand_block", span: stmt.span }, stmt);
  const inner: Frame = { ...frame, vars: new Map(frame.vars) };
  inner.vars.set(target.name, { k: "dyn", id: param, type: { kind: "tokens" } });
  const { ops } = ev.emitter.collect(() => execBody(stmt.body!, inner));
  move.end();
  const unmask = [...ev.calledModels].find((m) => m.contract === "unmask");
  if (stmt.fill !== "masked") fail("unsupported", "Only `masked` block expansion is supported by the runtime today.", stmt.span);
  if (!unmask) fail("missing-mask", "A masked expansion needs an unmask model in its body to know the mask id.", stmt.span);
  const result = inner.vars.get(target.name) as Dyn;
  const out = ev.emitter.fresh();
  ev.emitter.emit({ op: "expand_block", init: target.value.id, by: by.v, fill: unmask.attrs.mask as number, param, body: ops, yield: result.id, until: untilOf(ev, stmt, frame, undefined), out, loc });
  frame.vars.set(target.name, { k: "dyn", id: out, type: { kind: "tokens" } });
}
