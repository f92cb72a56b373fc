/**
 * IR procedure -> plan. Model paths become relative to the plan's directory and each model
 * file is hashed, so a plan run elsewhere refuses a changed model.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, relative, sep } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IRProcedure, Op } from "../ir/ir.js";
import { PLAN_FORMAT, PLAN_VERSION, type Plan, type PlanModel } from "./plan.js";

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

/** Every immediate and table entry must be finite: JSON cannot carry Infinity or NaN. */
function nonFinite(ops: readonly Op[]): string | undefined {
  for (const op of ops) {
    if ("args" in op) {
      for (const a of op.args) if (typeof a === "number" && !Number.isFinite(a)) return op.loc;
    } else if (op.op === "loop") {
      if (op.table.some((row) => row.some((v) => !Number.isFinite(v)))) return op.loc ?? op.body.find((b) => b.loc)?.loc;
      const inner = nonFinite(op.body);
      if (inner) return inner;
    } else {
      const inner = nonFinite(op.body);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Emit the plan for `ir`, to be written at `planPath`. */
export function emitPlan(ir: IRProcedure, planPath: string): { plan?: Plan; diagnostics: Diagnostic[] } {
  const planDir = dirname(planPath);
  const bad = nonFinite(ir.body);
  if (bad !== undefined) {
    const [file, line, column] = parseLoc(bad, ir.file);
    return { diagnostics: [{ code: "non-finite-constant", severity: "error", message: "A constant folded at compile time is infinite or NaN.", span: { file, start: 0, end: 0, line, column, endLine: line, endColumn: column }, help: "Guard the step for the end of the schedule (e.g. `if s == 0 { ... }`)." }] };
  }
  const models: PlanModel[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const m of ir.models) {
    let sha256 = "";
    try {
      sha256 = sha256File(m.path);
    } catch {
      const [file, line, column] = parseLoc(m.loc, ir.file);
      diagnostics.push({ code: "model-file-not-found", severity: "error", message: `The ONNX file of model "${m.id}" was not found at ${m.path}.`, span: { file, start: 0, end: 0, line, column, endLine: line, endColumn: column }, help: "Fix the path in onnx(\"...\"), or run `npm run models` to build the zoo." });
      continue;
    }
    models.push({ ...m, path: toPosix(relative(planDir, m.path)), sha256 });
  }
  if (diagnostics.length > 0) return { diagnostics };
  const plan: Plan = {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    procedure: ir.name,
    source: toPosix(relative(planDir, ir.file)),
    models,
    inputs: ir.inputs,
    constants: ir.constants,
    ...(ir.batch !== undefined ? { batch: ir.batch } : {}),
    rng: { algorithm: "philox4x32-10", counter: "key = seed; counter = (element, sample, stream·2^32 + execution count)" },
    body: ir.body,
    result: ir.result,
    resultType: ir.resultType,
  };
  return { plan, diagnostics: [] };
}

function parseLoc(loc: string | undefined, fallback: string): [string, number, number] {
  const m = loc ? /^(.*):(\d+):(\d+)$/.exec(loc) : null;
  return m ? [m[1]!, Number(m[2]), Number(m[3])] : [fallback, 1, 1];
}
