/**
 * Loading a plan: JSON syntax, schema, version, known ops and model hashes are all checked
 * before anything runs. Each failure is one line naming what is wrong.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import type { Op } from "../ir/ir.js";
import schema from "./plan.schema.json" with { type: "json" };
import { sha256File } from "./emit.js";
import { PLAN_FORMAT, PLAN_VERSION, type Plan } from "./plan.js";

const require = createRequire(import.meta.url);

export type LoadResult = { readonly plan: Plan; readonly error?: undefined } | { readonly plan?: undefined; readonly error: string };

let validator: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } | undefined;

function validate(data: unknown): string | undefined {
  if (!validator) {
    const Ajv = require("ajv").default as new (o: object) => { compile(s: object): typeof validator };
    validator = new Ajv({ allErrors: false, strict: false }).compile(schema);
  }
  if (validator!(data)) return undefined;
  const e = validator!.errors?.[0];
  return `${e?.instancePath || "/"} ${e?.message ?? "is invalid"}`;
}

function unknownOp(ops: readonly Op[], known: ReadonlySet<string>): string | undefined {
  for (const op of ops) {
    if (!known.has(op.op)) return op.op;
    if (!("args" in op)) {
      const inner = unknownOp(op.body, known);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Parse and verify plan text. `knownOps` is the runtime's kernel table. */
export function parsePlan(text: string, planPath: string, knownOps: ReadonlySet<string>, checkHashes = true): LoadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { error: `${planPath}: not valid JSON (${(err as Error).message}).` };
  }
  const header = data as { format?: unknown; version?: unknown };
  if (header?.format !== PLAN_FORMAT) return { error: `${planPath}: not an infer plan (format is ${JSON.stringify(header?.format)}, expected "${PLAN_FORMAT}").` };
  if (header.version !== PLAN_VERSION) return { error: `${planPath}: plan version ${JSON.stringify(header.version)} is not supported (this infer reads version ${PLAN_VERSION}); recompile it with \`infer compile\`.` };
  const invalid = validate(data);
  if (invalid) return { error: `${planPath}: malformed plan: ${invalid}.` };
  const plan = data as Plan;
  const op = unknownOp(plan.body, knownOps);
  if (op) return { error: `${planPath}: unknown op "${op}"; this runtime cannot execute it.` };
  if (checkHashes) {
    for (const m of plan.models) {
      const path = resolve(dirname(planPath), m.path);
      let actual: string;
      try {
        actual = sha256File(path);
      } catch {
        return { error: `${planPath}: model "${m.id}" file not found at ${path}.` };
      }
      if (actual !== m.sha256) return { error: `${planPath}: model "${m.id}" at ${path} has changed since the plan was compiled (sha256 ${actual.slice(0, 12)}…, expected ${m.sha256.slice(0, 12)}…); recompile the plan.` };
    }
  }
  return { plan };
}

export function loadPlan(planPath: string, knownOps: ReadonlySet<string>): LoadResult {
  let text: string;
  try {
    text = readFileSync(planPath, "utf8");
  } catch {
    return { error: `${planPath}: cannot read the plan file.` };
  }
  return parsePlan(text, planPath, knownOps);
}
