/**
 * Property: semantic analysis never throws on user error. Mangled versions of every example
 * (a slice deleted, or an identifier replaced) analyse without exceptions, and every diagnostic
 * has a registered code and a span inside its file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDiagnosticCode } from "../../src/diagnostics/codes.js";
import { analyze } from "../../src/semantics/model.js";
import { createMemoryHost } from "../../src/semantics/modules.js";
import { createNodeHost } from "../../src/semantics/nodeHost.js";

const root = resolve(import.meta.dirname, "../..");
const sources = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".infer")).map((f) => readFileSync(join(root, "examples", f), "utf8"));
const NAMES = ["x", "y", "den", "heun", "karras", "t", "s", "steps", "latent", "tokens", "noise", "exp", "lm", "zz", "D", "sample"];

function check(text: string): void {
  const file = join(root, "examples", "__mangled__.infer");
  const r = analyze(file, createMemoryHost({ [file]: text }, createNodeHost()));
  for (const d of r.diagnostics) {
    expect(isDiagnosticCode(d.code), d.code).toBe(true);
    const source = r.modules.get(d.span.file)?.text ?? "";
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(source.length);
    expect(d.span.line).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

describe("analysis is total", () => {
  it("on programs with a slice deleted", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: sources.length - 1 }), fc.nat(), fc.nat({ max: 40 }), (i, at, len) => {
      const src = sources[i]!;
      const start = at % (src.length + 1);
      check(src.slice(0, start) + src.slice(start + len));
    }), { numRuns: 150 });
  });
  it("on programs with an identifier replaced", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: sources.length - 1 }), fc.nat(), fc.constantFrom(...NAMES), (i, k, name) => {
      const src = sources[i]!;
      const ids = [...src.matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)];
      const m = ids[k % ids.length]!;
      check(src.slice(0, m.index) + name + src.slice(m.index! + m[0].length));
    }), { numRuns: 250 });
  });
});
