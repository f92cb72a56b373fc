/** The front-end bench's generated program (bench/frontend.ts) is valid: it measures the happy path. */
import { describe, expect, it } from "vitest";
import { BENCH_FILE, generateProgram } from "../../bench/frontend.js";
import { analyze } from "../../src/semantics/model.js";
import { createMemoryHost } from "../../src/semantics/modules.js";

describe("generateProgram", () => {
  it.each([100, 2000])("a %i-line program analyzes without diagnostics", (lines) => {
    const text = generateProgram(lines);
    expect(text.split("\n").length).toBeGreaterThanOrEqual(lines);
    const r = analyze(BENCH_FILE, createMemoryHost({ [BENCH_FILE]: text }));
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code}: ${d.message}`)).toEqual([]);
    // Every kind of declaration is there, and the procedures use refine and expand.
    const kinds = new Set(r.entry!.program.declarations.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(["FnDecl", "InferDecl", "ModelDecl", "ScheduleDecl", "StepDecl"]);
    expect(r.semanticModel.procedures().length).toBeGreaterThan(0);
  });

  it("is deterministic", () => {
    expect(generateProgram(500)).toBe(generateProgram(500));
  });
});
