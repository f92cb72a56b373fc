/**
 * Lowering entry point: specialise one `infer` procedure with its compile-time parameters and
 * produce the IR procedure, or diagnostics. Never throws on user error.
 */
import type * as A from "../../syntax/ast.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { IRProcedure, InputSpec, ValueType } from "../ir.js";
import { Evaluator, type DeclLookup, type Frame } from "./evaluator.js";
import { LoweringError, fail } from "./errors.js";
import { lowerExpand, lowerRefine } from "./moves.js";
import { describe, num, str, bool, type Val } from "./values.js";

export interface LowerOptions {
  /** Values for procedure parameters (from `--arg`), already parsed. */
  readonly args?: Readonly<Record<string, unknown>>;
}

export interface LowerResult {
  readonly procedure?: IRProcedure;
  readonly diagnostics: Diagnostic[];
}

class ProcedureEvaluator extends Evaluator {
  override execMove(stmt: A.RefineStmt | A.ExpandStmt, frame: Frame) {
    if (stmt.kind === "RefineStmt") lowerRefine(this, stmt, frame);
    else lowerExpand(this, stmt, frame, (body, f) => {
      const done = this.execBlock(body, f);
      if (done) fail("misplaced-return", "A block body cannot return.", body.span);
    });
    return undefined;
  }
}

function typeOf(t: A.TypeRef | undefined, ev: Evaluator, frame: Frame): ValueType | "scalar" {
  const name = t?.name.name ?? "float";
  if (name === "tokens") return { kind: "tokens" };
  if (name === "latent") {
    const shape = t!.dims.map((d) => {
      const v = ev.eval(d, frame);
      if (v.k !== "num") fail("non-static-shape", "Latent dimensions must be compile-time integers.", d.span);
      return v.v;
    });
    return { kind: "f32", shape };
  }
  return "scalar";
}

function fromJson(value: unknown, span: A.Param["span"], name: string): Val {
  if (typeof value === "number") return num(value);
  if (typeof value === "boolean") return bool(value);
  if (typeof value === "string") return str(value);
  fail("invalid-argument", `Parameter "${name}" cannot take the value ${JSON.stringify(value)}.`, span);
}

export function lowerProcedure(decls: DeclLookup, decl: A.InferDecl, file: string, options: LowerOptions = {}): LowerResult {
  const ev = new ProcedureEvaluator(decls);
  try {
    const frame: Frame = { file, vars: new Map() };
    const inputs: InputSpec[] = [];
    const constants: Record<string, unknown> = {};
    const given = options.args ?? {};
    for (const key of Object.keys(given)) {
      if (!decl.params.some((p) => p.name.name === key)) fail("unknown-argument", `Procedure "${decl.name.name}" has no parameter "${key}".`, decl.name.span);
    }
    for (const p of decl.params) {
      const type = typeOf(p.type, ev, frame);
      const name = p.name.name;
      if (type === "scalar") {
        const v = name in given ? fromJson(given[name], p.span, name) : p.default ? ev.eval(p.default, frame) : fail("missing-argument", `Procedure parameter "${name}" has no default; pass --arg ${name}=<value>.`, p.span);
        if (v.k === "num" || v.k === "str" || v.k === "bool") constants[name] = v.v;
        frame.vars.set(name, v);
        continue;
      }
      const def = p.default ? ev.eval(p.default, frame) : undefined;
      const defaultValue = def?.k === "list" ? def.items.map((x) => (x.k === "num" ? x.v : NaN)) : def?.k === "num" ? def.v : undefined;
      const out = ev.emitter.value("input", type, [], { name }, undefined);
      inputs.push({ name, type, out, ...(defaultValue !== undefined ? { default: defaultValue } : {}) });
      frame.vars.set(name, { k: "dyn", id: out, type });
    }
    const done = ev.execBlock(decl.body, frame);
    if (!done) fail("missing-return", `Procedure "${decl.name.name}" ends without returning a value.`, decl.name.span, "Add `return x`.");
    if (done.value.k !== "dyn") fail("type-mismatch", `Procedure "${decl.name.name}" must return a sampled value, found ${describe(done.value)}.`, decl.name.span);
    const batchOp = ev.emitter.ops.find((o) => o.op === "noise" && "attrs" in o && typeof o.attrs?.batch === "number");
    return {
      procedure: {
        name: decl.name.name,
        file,
        models: [...ev.calledModels],
        inputs,
        constants,
        ...(batchOp && "attrs" in batchOp ? { batch: batchOp.attrs!.batch as number } : {}),
        body: ev.emitter.ops,
        result: done.value.id,
        resultType: done.value.type,
        moves: ev.moves,
      },
      diagnostics: [],
    };
  } catch (err) {
    if (err instanceof LoweringError) {
      return { diagnostics: [{ code: err.code, severity: "error", message: err.message, span: err.span, ...(err.help ? { help: err.help } : {}) }] };
    }
    throw err;
  }
}
