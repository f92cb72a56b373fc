/** Name resolution: unknown-name (with suggestions), duplicate-declaration, scoping rules. */
import { describe, expect, it } from "vitest";
import { analyzeText, brief, codes, DEN } from "./helpers.js";

describe("unknown-name", () => {
  it("suggests a close local", () => {
    const r = analyzeText(`fn f(scale) {\n  y = scale * 2\n  return yy\n}`);
    expect(brief(r)).toEqual([{ code: "unknown-name", at: "3:10", message: 'Unknown name "yy".', help: 'Did you mean "y"?' }]);
  });
  it("suggests importing a stdlib declaration", () => {
    const r = analyzeText(`${DEN}\ninfer g() -> latent[2] {\n  x = noise latent[2]\n  refine x over karras(steps: 4) using heun(den)\n  return x\n}`);
    expect(brief(r)).toEqual([
      { code: "unknown-name", at: "4:17", message: 'Unknown name "karras".', help: 'Import it: `import { karras } from "std/schedules"`.' },
      { code: "unknown-name", at: "4:40", message: 'Unknown name "heun".', help: 'Import it: `import { heun } from "std/continuous"`.' },
    ]);
  });
  it("suggests only steps after `using`", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\n${DEN}\ninfer g() -> latent[2] {\n  x = noise latent[2]\n  refine x over [1, 0] using hun(den)\n  return x\n}`);
    expect(brief(r)).toEqual([{ code: "unknown-name", at: "5:30", message: 'Unknown name "hun".', help: 'Did you mean "heun"?' }]);
  });
  it("reports a use before the first assignment", () => {
    const r = analyzeText(`fn f(a) {\n  b = c + a\n  c = 1\n  return b\n}`);
    expect(brief(r)).toEqual([{ code: "unknown-name", at: "2:7", message: '"c" is used before it is assigned.', help: 'Assign "c" before this line.' }]);
  });
  it("sees locals assigned in a branch after the if, and loop variables in the body", () => {
    const r = analyzeText(`fn f(a) {\n  if a > 0 { b = 1 } else { b = 2 }\n  for i in range(3) { b = b + i }\n  return b\n}`);
    expect(r.diagnostics).toEqual([]);
  });
  it("lets parameters shadow top-level names", () => {
    const r = analyzeText(`import { steps } from "std/schedules"\nfn f(steps) { return steps + 1 }`);
    expect(r.diagnostics).toEqual([]);
  });
  it("resolves the expand target", () => {
    const r = analyzeText(`import { sample } from "std/discrete"\ninfer g() -> tokens {\n  expand yy until length 4 using sample(lm)\n  return yy\n}`);
    expect(codes(r)).toEqual(["unknown-name 3:10", "unknown-name 3:41", "unknown-name 4:10"]);
  });
});

describe("duplicate-declaration", () => {
  it("at the top level, with the first declaration as related span", () => {
    const r = analyzeText(`fn f(a) { return a }\nfn f(b) { return b }`);
    expect(brief(r)).toEqual([{
      code: "duplicate-declaration", at: "2:4", message: '"f" is already declared in this file.',
      help: "Rename one of the two declarations; top-level names must be unique within a file.",
    }]);
    expect(r.diagnostics[0]!.related?.[0]).toMatchObject({ message: '"f" is first declared here.', span: { line: 1, column: 4 } });
  });
  it("between an import and a declaration", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\nfn heun(a) { return a }`);
    expect(codes(r)).toEqual(["duplicate-declaration 2:4"]);
  });
  it("between parameters, and for a repeated state variable", () => {
    const r = analyzeText(`${DEN}\nstep s(D: denoiser, D: float)(x, t -> s) {\n  state k = 0\n  state k = 1\n  return x\n}`);
    expect(codes(r)).toEqual(["duplicate-declaration 2:21", "duplicate-declaration 4:9"]);
  });
});

describe("placement", () => {
  it("state outside a step and refine outside a procedure are misplaced", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\n${DEN}\nfn f(x) {\n  state a = 1\n  refine x over [1, 0] using heun(den)\n  return x\n}`);
    expect(codes(r)).toEqual(["misplaced-statement 4:3", "misplaced-statement 5:3"]);
  });
  it("a body without return is reported", () => {
    const r = analyzeText(`fn f(x) {\n  y = x\n}`);
    expect(brief(r)).toEqual([{ code: "misplaced-statement", at: "1:4", message: 'Fn "f" never returns a value.', help: "End its body with `return ...`." }]);
  });
});

describe("stdlib import hints", () => {
  it("after `using`, only a std step is offered for import", () => {
    const r = analyzeText(`${DEN}\ninfer g() -> latent[2] {\n  x = noise latent[2]\n  refine x over [1, 0] using karras(den)\n  return x\n}`);
    expect(brief(r)).toEqual([{ code: "unknown-name", at: "4:30", message: 'Unknown name "karras".' }]);
  });
});
