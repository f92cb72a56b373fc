/** The code registry and "did you mean" suggestions. */
import { describe, expect, it } from "vitest";
import { allDiagnosticCodes, DiagnosticCodes, isDiagnosticCode, makeDiagnostic } from "../../src/diagnostics/codes.js";
import { didYouMean, lexicalDistance, suggestionList } from "../../src/diagnostics/suggest.js";
import { makeSpan } from "../../src/syntax/span.js";

const FRONT_END = [
  "lex-error", "parse-error", "unknown-name", "duplicate-declaration", "wrong-arity", "unknown-argument", "missing-argument",
  "type-mismatch", "import-cycle", "import-not-found", "unknown-import", "unknown-contract", "invalid-contract-argument",
  "missing-contract-argument", "unknown-port", "missing-binding", "duplicate-binding", "not-callable", "wrong-step-kind",
  "non-static-condition", "invalid-annotation", "internal-error", "io-error",
];

describe("DiagnosticCodes", () => {
  it("registers every front-end code, kebab-case, with a title and a doc line", () => {
    for (const code of FRONT_END) expect(isDiagnosticCode(code), code).toBe(true);
    for (const code of allDiagnosticCodes()) {
      expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      const info = DiagnosticCodes[code];
      expect(info.title.length).toBeGreaterThan(0);
      expect(info.doc.endsWith(".") || info.doc.endsWith(")")).toBe(true);
    }
    expect(isDiagnosticCode("no-such-code")).toBe(false);
  });
  it("makeDiagnostic takes the default severity and omits absent fields", () => {
    const span = makeSpan("x", "/a.infer", 0, 1);
    expect(makeDiagnostic("unknown-name", span, "m")).toEqual({ code: "unknown-name", severity: "error", message: "m", span });
    expect(makeDiagnostic("unknown-name", span, "m", { severity: "warning", help: "h" })).toMatchObject({ severity: "warning", help: "h" });
  });
});

describe("suggestions", () => {
  it("orders candidates by distance and respects the threshold", () => {
    expect(suggestionList("heum", ["heun", "euler", "sum", "jump"])).toEqual(["heun", "sum"]);
    expect(suggestionList("x", ["y", "abc"])).toEqual(["y"]);
    expect(suggestionList("steps", ["STEPS"])).toEqual(["STEPS"]);
    expect(lexicalDistance("ab", "ba")).toBe(1);
  });
  it("phrases one or several suggestions", () => {
    expect(didYouMean([])).toBeUndefined();
    expect(didYouMean(["a"])).toBe('Did you mean "a"?');
    expect(didYouMean(["a", "b", "c"])).toBe('Did you mean "a", "b" or "c"?');
  });
});
