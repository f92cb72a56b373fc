import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { parsePlan } from "../../src/plan/load.js";
import { KNOWN_OPS } from "../../src/runtime/interpreter/kernels.js";
import { root } from "../helpers/examples.js";

function compiledPlan(dir: string) {
  mkdirSync(join(dir, "models"), { recursive: true });
  copyFileSync(resolve(root, "examples/models/gauss_flowmap.onnx"), join(dir, "models/gauss_flowmap.onnx"));
  const src = readFileSync(resolve(root, "examples/flowmap_fewstep.infer"), "utf8");
  writeFileSync(join(dir, "prog.infer"), src);
  const planPath = join(dir, "plan.json");
  const r = compile(join(dir, "prog.infer"), planPath);
  expect(r.diagnostics).toEqual([]);
  return { planPath, plan: r.plan! };
}

describe("plan loading", () => {
  const dir = mkdtempSync(join(tmpdir(), "infer-plan-"));
  const { planPath, plan } = compiledPlan(dir);
  const text = JSON.stringify(plan);

  it("accepts the plan it emitted, with model paths relative to the plan", () => {
    const r = parsePlan(text, planPath, KNOWN_OPS);
    expect(r.error).toBeUndefined();
    expect(r.plan!.models[0]!.path).toBe("models/gauss_flowmap.onnx");
  });
  it("refuses malformed JSON", () => {
    expect(parsePlan(text.slice(0, -3), planPath, KNOWN_OPS).error).toMatch(/not valid JSON/);
  });
  it("refuses a wrong schema version", () => {
    expect(parsePlan(JSON.stringify({ ...plan, version: 99 }), planPath, KNOWN_OPS).error).toMatch(/plan version 99 is not supported/);
  });
  it("refuses an unknown op", () => {
    const bad = text.replace('"op":"model"', '"op":"teleport"');
    expect(parsePlan(bad, planPath, KNOWN_OPS).error).toMatch(/unknown op "teleport"/);
  });
  it("refuses a plan that violates the schema", () => {
    const bad = JSON.stringify({ ...plan, body: [{ op: "add", out: "x1", args: [] }] });
    expect(parsePlan(bad, planPath, KNOWN_OPS).error).toMatch(/malformed plan/);
  });
  it("refuses a model whose hash changed", () => {
    const tampered = { ...plan, models: plan.models.map((m) => ({ ...m, sha256: "0".repeat(64) })) };
    expect(parsePlan(JSON.stringify(tampered), planPath, KNOWN_OPS).error).toMatch(/has changed since the plan was compiled/);
  });
});
