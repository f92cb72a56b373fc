/**
 * Lowering of built-in functions (docs/language.md §8). Static arguments fold at compile time
 * (schedules are built this way); dynamic ones emit IR ops.
 */
import type * as A from "../../syntax/ast.js";
import type { Operand, ValueType } from "../ir.js";
import type { Evaluator } from "./evaluator.js";
import { fail, locOf } from "./errors.js";
import { describe, num, numbers, type Val } from "./values.js";

type Dyn = Val & { k: "dyn" };
type Builtin = (ev: Evaluator, args: Val[], named: Map<string, Val>, e: A.CallExpr) => Val;

const UNARY_MATH: Record<string, (x: number) => number> = {
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, sin: Math.sin, cos: Math.cos,
  floor: Math.floor, round: Math.round, expm1: Math.expm1, log1p: Math.log1p,
};
const BINARY_MATH: Record<string, (a: number, b: number) => number> = {
  pow: Math.pow, min: Math.min, max: Math.max, atan2: Math.atan2,
};

function mapStatic(v: Val, f: (x: number) => number): Val | undefined {
  if (v.k === "num") return num(f(v.v));
  if (v.k === "list") {
    const items = v.items.map((x) => mapStatic(x, f));
    return items.every((x) => x) ? { k: "list", items: items as Val[] } : undefined;
  }
  return undefined;
}

function dyn(v: Val | undefined, what: string, e: A.CallExpr): Dyn {
  if (v?.k !== "dyn") fail("type-mismatch", `Expected a tensor for ${what}, found ${v ? describe(v) : "nothing"}.`, e.span);
  return v;
}

function staticNum(v: Val | undefined, what: string, e: A.CallExpr): number {
  if (v?.k !== "num") fail("non-static-argument", `${what} must be a compile-time number, found ${v ? describe(v) : "nothing"}.`, e.span);
  return v.v;
}

function f32Shape(v: Dyn): readonly number[] {
  return v.type.kind === "f32" || v.type.kind === "i32" ? v.type.shape : [];
}

function emit(ev: Evaluator, op: string, type: ValueType, args: Operand[], e: A.CallExpr, attrs?: Record<string, unknown>): Val {
  return { k: "dyn", id: ev.emitter.value(op, type, args, attrs, locOf(e.span)), type };
}

/** A logits -> logits op with static attributes. */
function warper(op: string, attrName: string): Builtin {
  return (ev, args, _n, e) => {
    const l = dyn(args[0], "the logits", e);
    return emit(ev, op, l.type, [l.id], e, { [attrName]: staticNum(args[1], attrName, e) });
  };
}

/** Reduce the last axis: logits [.., V] -> [..]. */
function reduceLast(op: string, kind: "f32" | "i32", random = false): Builtin {
  return (ev, args, _n, e) => {
    const l = dyn(args[0], "the logits", e);
    const type: ValueType = { kind, shape: f32Shape(l).slice(0, -1) };
    return emit(ev, op, type, [l.id], e, random ? { stream: ev.emitter.stream() } : undefined);
  };
}

const sameType = (op: string): Builtin => (ev, args, _n, e) => {
  const l = dyn(args[0], "the argument", e);
  return emit(ev, op, l.type, [l.id], e);
};

const TABLE: Record<string, Builtin> = {
  range: (_ev, args, _n, e) => {
    const n = staticNum(args[0], "range(n)", e);
    return { k: "list", items: Array.from({ length: n }, (_, i) => num(i, true)) };
  },
  linspace: (_ev, args, _n, e) => {
    const a = staticNum(args[0], "linspace start", e);
    const b = staticNum(args[1], "linspace end", e);
    const n = staticNum(args[2], "linspace count", e);
    return { k: "list", items: Array.from({ length: n }, (_, i) => num(n === 1 ? a : a + ((b - a) * i) / (n - 1), false)) };
  },
  reverse: (_ev, args, _n, e) => {
    const l = args[0];
    if (l?.k !== "list") fail("type-mismatch", "reverse() takes a list.", e.span);
    return { k: "list", items: [...l.items].reverse() };
  },
  len: (_ev, args, _n, e) => {
    const l = args[0];
    if (l?.k === "list") return num(l.items.length, true);
    if (l?.k === "dyn" && l.type.kind === "tokens" && l.type.len !== undefined) return num(l.type.len, true);
    fail("non-static-length", "len() needs a list or a sequence of static length.", e.span);
  },
  concat: (ev, args, _n, e) => {
    const [a, b] = args;
    if (a?.k === "list" && b?.k === "list") return { k: "list", items: [...a.items, ...b.items] };
    const y = dyn(a, "the sequence", e);
    const d = dyn(b, "the ids to append", e);
    if (y.type.kind === "tokens") {
      const added = d.type.kind === "i32" ? (d.type.shape[0] ?? 1) : undefined;
      const len = y.type.len !== undefined && added !== undefined ? y.type.len + added : undefined;
      return emit(ev, "append", { kind: "tokens", ...(len !== undefined ? { len } : {}) }, [y.id, d.id], e);
    }
    if (y.type.kind === "i32" && d.type.kind === "i32") {
      const n = (y.type.shape[0] ?? 1) + (d.type.shape[0] ?? 1);
      return emit(ev, "concat_ids", { kind: "i32", shape: [n] }, [y.id, d.id], e);
    }
    fail("type-mismatch", `concat() cannot join ${describe(y)} and ${describe(d)}.`, e.span);
  },
  stack: (ev, args, _n, e) => {
    const l = args[0];
    if (l?.k !== "list" || l.items.length === 0) fail("type-mismatch", "stack() takes a non-empty list of tensors.", e.span);
    const items = l.items.map((x) => dyn(x, "a stacked element", e));
    const inner = f32Shape(items[0]!);
    return emit(ev, "stack", { kind: "f32", shape: [items.length, ...inner] }, items.map((x) => x.id), e);
  },
  zeros_like: (ev, args, _n, e) => {
    const x = dyn(args[0], "the template", e);
    return emit(ev, "zeros", x.type, [x.id], e);
  },
  where: (ev, args, _n, e) => ev.elementwise("where", args, e.span),
  clamp: (ev, args, _n, e) => {
    const [x, lo, hi] = args;
    if (x?.k === "num" && lo?.k === "num" && hi?.k === "num") return num(Math.min(Math.max(x.v, lo.v), hi.v));
    return ev.elementwise("clamp", args, e.span);
  },
  normal: (ev, args, _n, e) => {
    const x = dyn(args[0], "the template", e);
    return emit(ev, "normal", x.type, [x.id], e, { stream: ev.emitter.stream() });
  },
  uniform: (ev, args, _n, e) => {
    const x = dyn(args[0], "the template", e);
    return emit(ev, "uniform", x.type, [x.id], e, { stream: ev.emitter.stream() });
  },
  softmax: sameType("softmax"),
  log_softmax: sameType("log_softmax"),
  argmax: reduceLast("argmax", "i32"),
  categorical: reduceLast("categorical", "i32", true),
  max_prob: reduceLast("max_prob", "f32"),
  entropy: reduceLast("entropy", "f32"),
  sum: reduceLast("sum", "f32"),
  mean: reduceLast("mean", "f32"),
  apply_temperature: warper("temperature", "temperature"),
  filter_top_k: warper("top_k", "k"),
  filter_top_p: warper("top_p", "p"),
  filter_min_p: warper("min_p", "p"),
  penalize_repetition: (ev, args, _n, e) => {
    const l = dyn(args[0], "the logits", e);
    const y = dyn(args[1], "the context", e);
    return emit(ev, "repetition_penalty", l.type, [l.id, y.id], e, { penalty: staticNum(args[2], "the penalty", e) });
  },
  gather: (ev, args, _n, e) => {
    const p = dyn(args[0], "the table", e);
    const ids = dyn(args[1], "the ids", e);
    return emit(ev, "gather", { kind: "f32", shape: f32Shape(ids) }, [p.id, ids.id], e);
  },
  repeat: (ev, args, _n, e) => {
    const id = staticNum(args[0], "the id", e);
    const n = staticNum(args[1], "the length", e);
    return emit(ev, "tokens_fill", { kind: "tokens", len: n }, [], e, { id, n });
  },
  commit: (ev, args, named, e) => {
    const y = dyn(args[0], "the sequence", e);
    const l = dyn(args[1], "the logits", e);
    const n = staticNum(named.get("n"), "n", e);
    const order = named.get("order");
    const temperature = named.get("temperature");
    return emit(ev, "commit", y.type, [y.id, l.id], e, {
      n, order: order?.k === "str" ? order.v : "confidence",
      temperature: temperature ? staticNum(temperature, "temperature", e) : 1,
      mask: maskOf(ev, e), stream: ev.emitter.stream(),
    });
  },
  is_masked: (ev, args, _n, e) => {
    const y = dyn(args[0], "the sequence", e);
    if (y.type.kind !== "tokens") fail("type-mismatch", "is_masked() takes a token sequence.", e.span);
    return emit(ev, "is_masked", { kind: "f32", shape: [y.type.len ?? -1] }, [y.id], e, { mask: maskOf(ev, e) });
  },
  commit_threshold: (ev, args, named, e) => {
    const y = dyn(args[0], "the sequence", e);
    const l = dyn(args[1], "the logits", e);
    return emit(ev, "commit_threshold", y.type, [y.id, l.id], e, { tau: staticNum(named.get("tau"), "tau", e), mask: maskOf(ev, e) });
  },
  verify: (ev, args, named, e) => {
    const d = dyn(args[0], "the drafted ids", e);
    const q = dyn(named.get("q"), "q (the draft probabilities)", e);
    const p = dyn(named.get("p"), "p (the target probabilities)", e);
    return emit(ev, "verify", { kind: "ragged" }, [d.id, q.id, p.id], e, { stream: ev.emitter.stream() });
  },
  guided: (_ev, args, named, e) => {
    const d = args[0];
    if (d?.k !== "model" || d.model.contract !== "denoiser") fail("type-mismatch", "guided() takes a denoiser model.", e.span);
    const cond = named.get("cond");
    if (!cond) fail("missing-argument", "guided() needs cond: the condition.", e.span);
    if (typeof d.model.attrs.null_cond !== "number") fail("guidance-without-null", `Model "${d.model.id}" declares no null_cond, so it cannot be guided.`, e.span, "Add null_cond: <id> to its contract.");
    return { k: "guided", model: d.model, cond, scale: named.get("scale") ?? num(1) };
  },
};

/** The mask id of the unmask model most recently called (the one whose logits are committed). */
function maskOf(ev: Evaluator, e: A.CallExpr): number {
  for (const m of [...ev.calledModels].reverse()) if (m.contract === "unmask") return m.attrs.mask as number;
  fail("missing-mask", "commit() needs logits from an unmask model.", e.span);
}

for (const [name, f] of Object.entries(UNARY_MATH)) {
  TABLE[name] = (ev, args, _n, e) => mapStatic(args[0]!, f) ?? ev.elementwise(name, args, e.span);
}
for (const [name, f] of Object.entries(BINARY_MATH)) {
  TABLE[name] = (ev, args, _n, e) => {
    const [a, b] = args;
    const an = a ? numbers(a) : undefined;
    if (a?.k === "num" && b?.k === "num") return num(f(a.v, b.v));
    if (a?.k === "list" && b?.k === "num" && an) return { k: "list", items: an.map((x) => num(f(x, b.v))) };
    return ev.elementwise(name, args, e.span);
  };
}

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(Object.keys(TABLE));

export function callBuiltin(ev: Evaluator, name: string, args: Val[], named: Map<string, Val>, e: A.CallExpr): Val {
  return TABLE[name]!(ev, args, named, e);
}
