/**
 * Lowering of model calls and static model members. A call becomes one IR op per contract:
 * `model` for continuous maps (denoiser, flowmap, consistency) and `next_logits`,
 * `score_logits`, `heads_logits`, `unmask_logits` for discrete ones.
 */
import type * as A from "../../syntax/ast.js";
import type { Span } from "../../diagnostics/diagnostic.js";
import type { ModelRef, Operand, ValueType } from "../ir.js";
import type { Evaluator } from "./evaluator.js";
import { fail, locOf } from "./errors.js";
import { alphaOf, lambdaOf, sigmaOf } from "./paths.js";
import { describe, num, str, type Val } from "./values.js";

type ModelVal = Val & { k: "model" | "guided" };

const TIME_FUNCTIONS: Record<string, (path: string, t: number) => number> = {
  alpha: alphaOf,
  sigma: sigmaOf,
  lambda: lambdaOf,
};

/** `D.alpha`, `D.sigma_data`, `M.eos`, `M.score`, ... */
export function modelMember(obj: ModelVal, name: string, span: Span): Val {
  const m = obj.model;
  if (name in TIME_FUNCTIONS || name === "score") return { k: "method", target: obj, name };
  const time = m.attrs.time as number[] | undefined;
  if (name === "t_min" || name === "t_max") {
    if (!time) fail("missing-contract-argument", `Model "${m.id}" does not declare its time range, so ${name} is unknown.`, span, `Add time: [t_min, t_max] to the contract of "${m.id}".`);
    return num(name === "t_min" ? time[0]! : time[1]!);
  }
  if (name === "sigma_data") return num(typeof m.attrs.sigma_data === "number" ? m.attrs.sigma_data : 1);
  const v = m.attrs[name];
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return str(v);
  fail("unknown-member", `Model "${m.id}" has no member "${name}".`, span);
}

function dynOperand(v: Val | undefined, what: string, span: Span): Operand {
  if (!v) fail("wrong-arity", `Missing ${what}.`, span);
  if (v.k === "dyn") return v.id;
  if (v.k === "num") return v.v;
  if (v.k === "bool") return v.v ? 1 : 0;
  fail("type-mismatch", `Expected a tensor or number for ${what}, found ${describe(v)}.`, span);
}

function latentArg(v: Val | undefined, what: string, span: Span): Val & { k: "dyn" } {
  if (v?.k !== "dyn" || v.type.kind !== "f32") fail("type-mismatch", `Expected a latent for ${what}, found ${v ? describe(v) : "nothing"}.`, span);
  return v;
}

function tokensArg(v: Val | undefined, what: string, span: Span): Val & { k: "dyn" } {
  if (v?.k !== "dyn" || v.type.kind !== "tokens") fail("type-mismatch", `Expected tokens for ${what}, found ${v ? describe(v) : "nothing"}.`, span);
  return v;
}

export function callModel(ev: Evaluator, callee: Val, args: Val[], named: Map<string, Val>, e: A.CallExpr, method?: string): Val {
  if (callee.k !== "model" && callee.k !== "guided") fail("not-callable", `${describe(callee)} cannot be called.`, e.span);
  const m = callee.model;
  ev.calledModels.add(m);
  const loc = locOf(e.span);
  if (method && method in TIME_FUNCTIONS) {
    const t = args[0];
    if (t?.k !== "num") fail("non-static-time", `${m.id}.${method}(t) needs a compile-time time.`, e.span);
    const path = m.attrs.path as string | undefined;
    if (!path) fail("missing-contract-argument", `Model "${m.id}" declares no path.`, e.span);
    return num(TIME_FUNCTIONS[method]!(path, t.v));
  }
  switch (m.contract) {
    case "denoiser":
    case "consistency": {
      const x = latentArg(args[0], `the state x of "${m.id}"`, e.span);
      const t = dynOperand(args[1], `the time t of "${m.id}"`, e.span);
      if (callee.k === "guided") return guidedCall(ev, callee, x, t, e.span);
      const cond = named.get("cond");
      return modelOp(ev, m, x.type, cond ? [x.id, t, dynOperand(cond, "cond", e.span)] : [x.id, t], cond ? ["x", "t", "cond"] : ["x", "t"], loc);
    }
    case "flowmap": {
      const x = latentArg(args[0], `the state x of "${m.id}"`, e.span);
      const t = dynOperand(args[1], `the time t of "${m.id}"`, e.span);
      const s = dynOperand(args[2], `the target time s of "${m.id}"`, e.span);
      return modelOp(ev, m, x.type, [x.id, t, s], ["x", "t", "s"], loc);
    }
    case "next_token": {
      const y = tokensArg(args[0], `the sequence of "${m.id}"`, e.span);
      const vocab = m.attrs.vocab as number;
      if (method === "score") {
        const d = args[1];
        if (d?.k !== "dyn" || d.type.kind !== "i32") fail("type-mismatch", `${m.id}.score(y, d) needs drafted ids d.`, e.span);
        const k = d.type.shape[0] ?? 1;
        const type: ValueType = { kind: "f32", shape: [k + 1, vocab] };
        return { k: "dyn", id: ev.emitter.value("score_logits", type, [y.id, d.id], { model: m.id }, loc), type };
      }
      const type: ValueType = { kind: "f32", shape: [vocab] };
      return { k: "dyn", id: ev.emitter.value("next_logits", type, [y.id], { model: m.id }, loc), type };
    }
    case "heads": {
      const y = tokensArg(args[0], `the sequence of "${m.id}"`, e.span);
      const type: ValueType = { kind: "f32", shape: [m.attrs.k as number, m.attrs.vocab as number] };
      return { k: "dyn", id: ev.emitter.value("heads_logits", type, [y.id], { model: m.id }, loc), type };
    }
    case "unmask": {
      const y = tokensArg(args[0], `the sequence of "${m.id}"`, e.span);
      const type: ValueType = { kind: "f32", shape: [-1, m.attrs.vocab as number] };
      return { k: "dyn", id: ev.emitter.value("unmask_logits", type, [y.id], { model: m.id }, loc), type };
    }
    default:
      fail("unknown-contract", `Unknown contract "${m.contract}".`, e.span);
  }
}

function modelOp(ev: Evaluator, m: ModelRef, type: ValueType, args: Operand[], ports: string[], loc: string): Val {
  const id = ev.emitter.value("model", type, args, { model: m.id, ports }, loc);
  return { k: "dyn", id, type };
}

/**
 * Classifier-free guidance: u + w·(c − u). With a static scale of 1 only the conditional call
 * is emitted (exactly the conditional sampler); otherwise both calls are emitted and the
 * optimizer batches them into one model call.
 */
function guidedCall(ev: Evaluator, g: Val & { k: "guided" }, x: Val & { k: "dyn" }, t: Operand, span: Span): Val {
  const m = g.model;
  const loc = locOf(span);
  const cond = g.cond.k === "dyn" ? g.cond.id : g.cond.k === "num" ? g.cond.v : fail("type-mismatch", `The condition of guided("${m.id}") must be a number or a tensor, found ${describe(g.cond)}.`, span);
  const nullCond = m.attrs.null_cond as number;
  const c = modelOp(ev, m, x.type, [x.id, t, cond], ["x", "t", "cond"], loc);
  if (g.scale.k === "num" && g.scale.v === 1) return c;
  const u = modelOp(ev, m, x.type, [x.id, t, nullCond], ["x", "t", "cond"], loc);
  const diff = ev.elementwise("-", [c, u], span);
  const scaled = ev.elementwise("*", [g.scale, diff], span);
  return ev.elementwise("+", [u, scaled], span);
}
