/** @allow and @approx: validation (invalid-annotation) and suppression. */
import { describe, expect, it } from "vitest";
import { analyzeText, brief, codes, DEN } from "./helpers.js";

describe("invalid-annotation", () => {
  it("unknown annotations, unknown codes, missing reasons, misplaced @approx", () => {
    const r = analyzeText(`${DEN}\n@alow("x", "y")\n@allow("unknown-nam", "why")\n@allow("type-mismatch", "")\n@allow("parse-error", "no")\n@allow("type-mismatch")\nfn f(x) {\n  @approx\n  return x\n}`);
    expect(brief(r)).toEqual([
      { code: "invalid-annotation", at: "2:2", message: 'Unknown annotation "@alow".', help: 'Did you mean "@allow"?' },
      { code: "invalid-annotation", at: "3:8", message: 'Unknown diagnostic code "unknown-nam".', help: 'Did you mean "unknown-name", "unknown-port", "unknown-type" or "unknown-member"?' },
      { code: "invalid-annotation", at: "4:25", message: "The reason of an @allow must not be empty.", help: "Say why the diagnostic does not apply here; it is shown by `infer check --format json`." },
      { code: "invalid-annotation", at: "5:8", message: 'Diagnostic "parse-error" cannot be silenced.', help: "Fix the problem instead." },
      { code: "invalid-annotation", at: "6:1", message: "@allow takes a diagnostic code and a reason, both strings.", help: 'Write `@allow("code", "why this is fine here")`.' },
      { code: "invalid-annotation", at: "8:3", message: "@approx only applies to `refine` and `expand` statements.", help: "Move it to the `refine` or `expand` whose result is knowingly approximate." },
    ]);
  });
  it("@approx on a refine is fine", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\n${DEN}\ninfer p() -> latent[2] {\n  x = noise latent[2]\n  @approx\n  refine x over [1, 0] using heun(den)\n  return x\n}`);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("@allow suppression", () => {
  it("marks matching diagnostics inside the annotated item as suppressed, with the reason", () => {
    const r = analyzeText(`fn f(x) {\n  @allow("type-mismatch", "deliberate")\n  z = "a" + 1\n  w = "b" + 2\n  return x\n}`);
    expect(codes(r)).toEqual(["type-mismatch 3:7", "type-mismatch 4:7"]);
    expect(r.diagnostics[0]!.suppressed).toEqual({ reason: "deliberate", span: expect.objectContaining({ line: 2, column: 3 }) });
    expect(r.diagnostics[1]!.suppressed).toBeUndefined();
  });
  it("does not suppress other codes", () => {
    const r = analyzeText(`@allow("unknown-name", "later")\nfn f(x) {\n  return "a" + 1\n}`);
    expect(r.diagnostics.map((d) => [d.code, d.suppressed !== undefined])).toEqual([["type-mismatch", false]]);
  });
});
