/** The SemanticModel API that lowering and static-check rules build on. */
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { visit } from "../../src/syntax/visit.js";
import { analyze } from "../../src/semantics/model.js";
import { createNodeHost } from "../../src/semantics/nodeHost.js";
import { typeToString } from "../../src/semantics/types.js";

const root = resolve(import.meta.dirname, "../..");
const gmm = analyze(join(root, "examples/gmm_sample.infer"), createNodeHost());
const sm = gmm.semanticModel;

function find<K extends A.AstNode["kind"]>(node: A.AstNode, kind: K, pred: (n: Extract<A.AstNode, { kind: K }>) => boolean = () => true) {
  let found: Extract<A.AstNode, { kind: K }> | undefined;
  visit(node, { enter: (n) => { if (!found && n.kind === kind && pred(n as never)) found = n as never; } });
  if (!found) throw new Error(`no ${kind}`);
  return found;
}

describe("SemanticModel", () => {
  it("lists modules, declarations, procedures and models", () => {
    expect([...sm.modules.keys()].map((p) => p.slice(root.length + 1))).toEqual([
      "examples/gmm_sample.infer", "stdlib/continuous.infer", "stdlib/params.infer", "stdlib/schedules.infer",
    ]);
    expect(sm.procedures().map((p) => p.name)).toEqual(["gmm"]);
    expect(sm.models.map((m) => [m.decl.name.name, m.contract?.name])).toEqual([["den", "denoiser"]]);
    expect(sm.declarations.filter((d) => d.kind === "step").map((d) => d.name)).toContain("heun");
    expect(sm.lookup(sm.entry!, "heun")?.module.path).toBe(join(root, "stdlib/continuous.infer"));
  });

  it("resolves names to declarations across modules", () => {
    const proc = sm.procedures()[0]!.decl;
    const refine = find(proc, "RefineStmt");
    const callee = refine.step.callee as A.NameExpr;
    const heun = sm.symbolOf(callee);
    expect(heun?.kind === "step" && heun.stepKind).toBe("refine");
    expect(sm.moduleOf((heun as { decl: A.Declaration }).decl)?.path).toBe(join(root, "stdlib/continuous.infer"));
    const den = sm.symbolOf(refine.step.args[0] as A.NameExpr);
    expect(den?.kind).toBe("model");
    const steps = sm.symbolOf(find(refine.schedule, "NameExpr", (n) => n.name.name === "steps"));
    expect(steps).toMatchObject({ kind: "param", name: "steps" });
  });

  it("gives the step use with its bound configuration arguments, and call targets", () => {
    const proc = sm.procedures()[0]!.decl;
    const refine = find(proc, "RefineStmt");
    const use = sm.stepUse(refine)!;
    expect(use.step.name).toBe("heun");
    expect([...use.args].map(([p, e]) => [p.name.name, (e as A.NameExpr).name.name])).toEqual([["D", "den"]]);
    const schedule = refine.schedule as A.CallExpr;
    expect(sm.callTarget(schedule)).toMatchObject({ kind: "schedule" });
    expect(typeToString(sm.typeOf(schedule))).toBe("schedule");
    expect(sm.isStatic(schedule)).toBe(true);
  });

  it("types every expression; steps' untyped state follows their models", () => {
    const heun = sm.declarations.find((d) => d.name === "heun")!.decl as A.StepDecl;
    const ret = find(heun.body, "ReturnStmt", (r) => r.value.kind === "BinaryExpr");
    expect(typeToString(sm.typeOf(ret.value))).toBe("latent");
    expect(sm.isStatic(ret.value)).toBe(false);
    const cond = find(heun.body, "IfStmt").condition;
    expect(typeToString(sm.typeOf(cond))).toBe("bool");
    expect(sm.isStatic(cond)).toBe(true);
    const noise = find(sm.procedures()[0]!.decl, "NoiseExpr");
    expect(typeToString(sm.typeOf(noise))).toBe("latent[2]");
    const x0 = find(heun.body, "CallExpr", (c) => c.callee.kind === "NameExpr" && c.callee.name.name === "x0_of");
    expect(sm.callTarget(x0)).toMatchObject({ kind: "fn" });
  });

  it("records model calls with their contract", () => {
    const params = sm.declarations.find((d) => d.name === "x0_of")!.decl as A.FnDecl;
    const call = find(params.body, "CallExpr", (c) => c.callee.kind === "NameExpr" && c.callee.name.name === "D");
    expect(sm.callTarget(call)).toEqual({ kind: "model", contract: "denoiser" });
    const member = find(params.body, "CallExpr", (c) => c.callee.kind === "MemberExpr");
    expect(sm.callTarget(member)).toEqual({ kind: "model-method", contract: "denoiser", method: "alpha" });
  });

  it("exposes scopes and type annotations", () => {
    const proc = sm.procedures()[0]!.decl;
    expect([...sm.scopeOf(proc)!.keys()]).toEqual(["steps", "x"]);
    expect(typeToString(sm.typeOfTypeRef(proc.returnType!))).toBe("latent[2]");
  });
});
