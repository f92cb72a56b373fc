/**
 * The partial evaluator: runs the AST of a procedure at compile time, folding everything
 * static (scalars, schedules, `if` on static conditions, `for` loops, fn and step inlining)
 * and emitting IR ops for everything dynamic (tensors, model calls, random draws).
 */
import type * as A from "../../syntax/ast.js";
import type { Span } from "../../diagnostics/diagnostic.js";
import type { Operand, ValueType } from "../ir.js";
import { Emitter } from "./emitter.js";
import { fail, locOf } from "./errors.js";
import { NONE, bool, describe, num, str, type Val } from "./values.js";
import { callBuiltin, BUILTIN_NAMES } from "./builtins.js";
import { callModel, modelMember } from "./modelCalls.js";
import type { ModelRef, MoveInfo } from "../ir.js";

/** Where top-level names come from: the declarations visible in a module. */
export interface DeclLookup {
  lookup(file: string, name: string): { decl: A.Declaration; file: string } | undefined;
  /** The model reference for a model declaration (one per declaration). */
  model(decl: A.ModelDecl, file: string): ModelRef;
}

/** Per-invocation state of a step inside a refine loop: the carried `state` values. */
export interface StepState {
  /** Values carried from the previous iteration; empty on the first. */
  readonly carried: ReadonlyMap<string, Val>;
  /** Names declared with `state`, in declaration order (filled during evaluation). */
  readonly names: string[];
}

export interface Frame {
  readonly file: string;
  readonly vars: Map<string, Val>;
  readonly state?: StepState;
}

type Completion = { readonly value: Val } | undefined;

export class Evaluator {
  readonly emitter = new Emitter();
  /** Models called while evaluating (to find e.g. the mask id of a block body). */
  readonly calledModels = new Set<ModelRef>();
  /** Provenance of every refine/expand lowered so far. */
  readonly moves: MoveInfo[] = [];

  constructor(readonly decls: DeclLookup) {}

  // ------------------------------------------------------------------ statements

  execBlock(block: A.Block, frame: Frame): Completion {
    for (const stmt of block.statements) {
      const done = this.execStmt(stmt, frame);
      if (done) return done;
    }
    return undefined;
  }

  execStmt(stmt: A.Statement, frame: Frame): Completion {
    switch (stmt.kind) {
      case "AssignStmt":
        frame.vars.set(stmt.target.name, this.eval(stmt.value, frame));
        return undefined;
      case "StateStmt": {
        const name = stmt.target.name;
        if (!frame.state) fail("invalid-state", `"state ${name}" is only allowed inside a step.`, stmt.span, "Move the state declaration into a step body.");
        frame.state.names.push(name);
        const carried = frame.state.carried.get(name);
        frame.vars.set(name, carried ?? this.eval(stmt.init, frame));
        return undefined;
      }
      case "ReturnStmt":
        return { value: this.eval(stmt.value, frame) };
      case "IfStmt": {
        const cond = this.eval(stmt.condition, frame);
        const taken = this.truthy(cond, stmt.condition.span);
        if (taken) return this.execBlock(stmt.then, frame);
        if (!stmt.else) return undefined;
        return stmt.else.kind === "Block" ? this.execBlock(stmt.else, frame) : this.execStmt(stmt.else, frame);
      }
      case "ForStmt": {
        const it = this.eval(stmt.iterable, frame);
        if (it.k !== "list") fail("non-static-loop", `A for loop needs a list known at compile time, found ${describe(it)}.`, stmt.iterable.span, "Loop over range(n) with a static n.");
        for (const item of it.items) {
          frame.vars.set(stmt.variable.name, item);
          const done = this.execBlock(stmt.body, frame);
          if (done) return done;
        }
        return undefined;
      }
      case "ExprStmt":
        this.eval(stmt.expression, frame);
        return undefined;
      case "RefineStmt":
      case "ExpandStmt":
        return this.execMove(stmt, frame);
    }
  }

  /** Overridden by the procedure lowerer: refine and expand are only valid in procedures. */
  execMove(stmt: A.RefineStmt | A.ExpandStmt, _frame: Frame): Completion {
    fail("misplaced-move", `"${stmt.kind === "RefineStmt" ? "refine" : "expand"}" is only allowed in an infer procedure.`, stmt.span, "Move it into an `infer` block.");
  }

  truthy(v: Val, span: Span): boolean {
    switch (v.k) {
      case "bool": return v.v;
      case "num": return v.v !== 0;
      case "none": return false;
      case "str": return v.v.length > 0;
      case "dyn": fail("non-static-condition", "This condition depends on sampled data, so it is not known at compile time.", span, "Use where(c, a, b) for a data-dependent choice.");
      default: return true;
    }
  }

  // ------------------------------------------------------------------ expressions

  eval(e: A.Expression, frame: Frame): Val {
    switch (e.kind) {
      case "NumberLiteral": return num(e.value, e.isInteger);
      case "StringLiteral": return str(e.value);
      case "BoolLiteral": return bool(e.value);
      case "NoneLiteral": return NONE;
      case "ListLiteral": return { k: "list", items: e.elements.map((x) => this.eval(x, frame)) };
      case "NameExpr": return this.lookupName(e.name, frame);
      case "UnaryExpr": {
        const v = this.eval(e.operand, frame);
        if (e.operator === "not") {
          if (v.k === "dyn") return this.elementwise("not", [v], e.span);
          return bool(!this.truthy(v, e.span));
        }
        return this.arith("-", num(0), v, e.span);
      }
      case "BinaryExpr": return this.binary(e, frame);
      case "ConditionalExpr":
        return this.truthy(this.eval(e.condition, frame), e.condition.span) ? this.eval(e.then, frame) : this.eval(e.else, frame);
      case "MemberExpr": return this.member(this.eval(e.object, frame), e.property, e.span);
      case "IndexExpr": {
        const obj = this.eval(e.object, frame);
        const idx = this.eval(e.index, frame);
        if (obj.k === "list" && idx.k === "num") {
          const i = idx.v < 0 ? obj.items.length + idx.v : idx.v;
          const item = obj.items[i];
          if (!item) fail("index-out-of-range", `Index ${idx.v} is out of range for a list of ${obj.items.length}.`, e.index.span);
          return item;
        }
        fail("unsupported-index", `Cannot index ${describe(obj)} with ${describe(idx)}.`, e.span, "Index a static list with a static integer.");
      }
      case "CallExpr": return this.call(e, frame);
      case "NoiseExpr": return this.noise(e, frame);
    }
  }

  lookupName(id: A.Identifier, frame: Frame): Val {
    const local = frame.vars.get(id.name);
    if (local) return local;
    const found = this.decls.lookup(frame.file, id.name);
    if (found) {
      const d = found.decl;
      if (d.kind === "ModelDecl") return { k: "model", model: this.decls.model(d, found.file) };
      if (d.kind === "StepDecl" || d.kind === "FnDecl" || d.kind === "ScheduleDecl") return { k: "callable", decl: d, file: found.file };
      fail("not-a-value", `"${id.name}" is a procedure and cannot be used as a value.`, id.span);
    }
    if (BUILTIN_NAMES.has(id.name)) return { k: "builtin", name: id.name };
    fail("unknown-name", `Cannot find name "${id.name}".`, id.span);
  }

  member(obj: Val, prop: A.Identifier, span: Span): Val {
    if (obj.k === "model" || obj.k === "guided") return modelMember(obj, prop.name, span);
    if (obj.k === "dyn" && obj.type.kind === "tokens") {
      if (prop.name === "len") {
        if (obj.type.len === undefined) fail("non-static-length", "The length of this sequence is only known at run time.", span, "Use it on a sequence of static length, such as a `.tail(n)` window.");
        return num(obj.type.len, true);
      }
      if (prop.name === "tail") return { k: "method", target: obj, name: "tail" };
    }
    if (obj.k === "list" && prop.name === "len") return num(obj.items.length, true);
    fail("unknown-member", `${describe(obj)} has no member "${prop.name}".`, prop.span);
  }

  binary(e: A.BinaryExpr, frame: Frame): Val {
    if (e.operator === "and" || e.operator === "or") {
      const l = this.eval(e.left, frame);
      if (l.k !== "dyn") {
        const lt = this.truthy(l, e.left.span);
        if (e.operator === "and" ? !lt : lt) return bool(lt);
        const r = this.eval(e.right, frame);
        return r.k === "dyn" ? r : bool(this.truthy(r, e.right.span));
      }
      return this.elementwise(e.operator, [l, this.eval(e.right, frame)], e.span);
    }
    return this.arith(e.operator, this.eval(e.left, frame), this.eval(e.right, frame), e.span);
  }

  arith(op: string, l: Val, r: Val, span: Span): Val {
    if (l.k === "list" || r.k === "list") return this.listArith(op, l, r, span);
    if ((l.k === "num" || l.k === "bool") && (r.k === "num" || r.k === "bool")) return foldScalar(op, l, r);
    if ((op === "==" || op === "!=") && l.k !== "dyn" && r.k !== "dyn") {
      const eq = staticEqual(l, r);
      return bool(op === "==" ? eq : !eq);
    }
    if (l.k === "dyn" || r.k === "dyn") return this.elementwise(op, [l, r], span);
    fail("type-mismatch", `Operator "${op}" cannot combine ${describe(l)} and ${describe(r)}.`, span);
  }

  /** Elementwise arithmetic on static lists (schedules), with scalar broadcasting. */
  listArith(op: string, l: Val, r: Val, span: Span): Val {
    const ls = l.k === "list" ? l.items : undefined;
    const rs = r.k === "list" ? r.items : undefined;
    const n = ls?.length ?? rs!.length;
    if (ls && rs && ls.length !== rs.length) fail("shape-mismatch", `Lists of lengths ${ls.length} and ${rs.length} cannot be combined with "${op}".`, span);
    const items: Val[] = [];
    for (let i = 0; i < n; i++) items.push(this.arith(op, ls ? ls[i]! : l, rs ? rs[i]! : r, span));
    return { k: "list", items };
  }

  /** Emit an elementwise op over dynamic operands (scalars become immediates). */
  elementwise(op: string, args: readonly Val[], span: Span): Val {
    let type: ValueType = { kind: "f32", shape: [] };
    const operands: Operand[] = args.map((a) => {
      if (a.k === "num") return a.v;
      if (a.k === "bool") return a.v ? 1 : 0;
      if (a.k !== "dyn") fail("type-mismatch", `Operator "${op}" cannot take ${describe(a)}.`, span);
      if (a.type.kind === "tokens" || a.type.kind === "ragged") fail("type-mismatch", `Arithmetic "${op}" is not defined on token sequences.`, span, "Token sequences are discrete ids; operate on logits or latents instead.");
      if (a.type.kind === "f32" && a.type.shape.length >= (type.kind === "f32" ? type.shape.length : 0)) type = a.type;
      return a.id;
    });
    const id = this.emitter.value(OPS[op] ?? op, type, operands, undefined, locOf(span));
    return { k: "dyn", id, type };
  }

  // ------------------------------------------------------------------ calls

  call(e: A.CallExpr, frame: Frame): Val {
    const callee = this.eval(e.callee, frame);
    const args = e.args.map((a) => this.eval(a, frame));
    const named = new Map(e.namedArgs.map((n) => [n.name.name, this.eval(n.value, frame)] as const));
    return this.apply(callee, args, named, e, frame);
  }

  apply(callee: Val, args: Val[], named: Map<string, Val>, e: A.CallExpr, _frame: Frame): Val {
    switch (callee.k) {
      case "builtin": return callBuiltin(this, callee.name, args, named, e);
      case "model":
      case "guided":
        return callModel(this, callee, args, named, e);
      case "method":
        if (callee.target.k === "dyn") return this.tokensMethod(callee.target, callee.name, args, e);
        return callModel(this, callee.target, args, named, e, callee.name);
      case "callable": {
        if (callee.decl.kind === "StepDecl") fail("step-call", `Step "${callee.decl.name.name}" can only be used by refine or expand.`, e.span, "Write `refine x over schedule using step(...)`.");
        const frame = this.bindParams(callee.decl, callee.file, args, named, e.span);
        const done = this.execBlock(callee.decl.body, frame);
        if (!done) fail("missing-return", `${describe(callee)} ended without returning a value.`, callee.decl.name.span, "Add a return statement.");
        return done.value;
      }
      default:
        fail("not-callable", `${describe(callee)} cannot be called.`, e.callee.span);
    }
  }

  tokensMethod(target: Val & { k: "dyn" }, name: string, args: Val[], e: A.CallExpr): Val {
    if (name === "tail") {
      const n = args[0];
      if (n?.k !== "num") fail("non-static-length", "The window of .tail(n) must be a compile-time integer.", e.span);
      return { k: "dyn", id: target.id, type: { kind: "tokens", len: n.v } };
    }
    fail("unknown-member", `Sequences have no method "${name}".`, e.span);
  }

  /** Bind configuration parameters of a fn/schedule/step by position, name and default. */
  bindParams(decl: A.StepDecl | A.FnDecl | A.ScheduleDecl, file: string, args: readonly Val[], named: ReadonlyMap<string, Val>, span: Span, state?: StepState): Frame {
    const vars = new Map<string, Val>();
    const frame: Frame = { file, vars, ...(state ? { state } : {}) };
    decl.params.forEach((p, i) => {
      const v = i < args.length ? args[i] : named.get(p.name.name);
      if (v) vars.set(p.name.name, v);
      else if (p.default) vars.set(p.name.name, this.eval(p.default, { file, vars }));
      else fail("missing-argument", `Missing argument "${p.name.name}" for ${decl.name.name}.`, span, `Pass ${p.name.name}: <value>.`);
    });
    if (args.length > decl.params.length) fail("wrong-arity", `${decl.name.name} takes ${decl.params.length} argument(s), got ${args.length}.`, span);
    for (const key of named.keys()) {
      if (!decl.params.some((p) => p.name.name === key)) fail("unknown-argument", `${decl.name.name} has no parameter "${key}".`, span);
    }
    return frame;
  }

  noise(e: A.NoiseExpr, frame: Frame): Val {
    const dims = e.type.dims.map((d) => this.eval(d, frame));
    const shape = dims.map((d) => {
      if (d.k !== "num") fail("non-static-shape", "Noise dimensions must be compile-time integers.", e.type.span);
      return d.v;
    });
    const scale = e.scale ? this.eval(e.scale, frame) : num(1);
    if (scale.k !== "num") fail("non-static-scale", "The noise scale must be known at compile time.", e.scale!.span);
    const batch = e.batch ? this.eval(e.batch, frame) : undefined;
    if (batch && batch.k !== "num") fail("non-static-batch", "The batch size must be known at compile time.", e.batch!.span);
    const type: ValueType = { kind: "f32", shape };
    const attrs: Record<string, unknown> = { shape, scale: scale.v, stream: this.emitter.stream() };
    if (batch?.k === "num") attrs.batch = batch.v;
    const id = this.emitter.value("noise", type, [], attrs, locOf(e.span));
    return { k: "dyn", id, type };
  }
}

/** Source operators to IR op names. */
const OPS: Record<string, string> = {
  "+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow",
  "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge",
  and: "and", or: "or", not: "not",
};

function foldScalar(op: string, l: Val & { k: "num" | "bool" }, r: Val & { k: "num" | "bool" }): Val {
  const a = l.k === "num" ? l.v : l.v ? 1 : 0;
  const b = r.k === "num" ? r.v : r.v ? 1 : 0;
  const int = l.k === "num" && r.k === "num" && l.int && r.int;
  switch (op) {
    case "+": return num(a + b, int);
    case "-": return num(a - b, int);
    case "*": return num(a * b, int);
    case "/": return num(a / b, false);
    case "^": return num(Math.pow(a, b), int && b >= 0);
    case "==": return bool(a === b);
    case "!=": return bool(a !== b);
    case "<": return bool(a < b);
    case "<=": return bool(a <= b);
    case ">": return bool(a > b);
    case ">=": return bool(a >= b);
    default: throw new Error(`unfoldable operator ${op}`);
  }
}

function staticEqual(a: Val, b: Val): boolean {
  if (a.k !== b.k) return false;
  if (a.k === "str" && b.k === "str") return a.v === b.v;
  if (a.k === "none") return true;
  if (a.k === "model" && b.k === "model") return a.model === b.model;
  return false;
}
