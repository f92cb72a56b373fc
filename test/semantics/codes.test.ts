/**
 * One focused case per front-end code: a minimal program and the exact code and line:col it
 * produces. A registered syntax/modules/semantics code without a case here fails the last test.
 */
import { describe, expect, it } from "vitest";
import { allDiagnosticCodes, DiagnosticCodes } from "../../src/diagnostics/codes.js";
import { analyzeText, codes, DEN, LM } from "./helpers.js";

const cases: Record<string, { src: string; files?: Record<string, string>; expected: string[] }> = {
  "lex-error": { src: `fn f(x) {\n  y = 1 $ 2\n  return x\n}`, expected: ["lex-error 2:9"] },
  "parse-error": { src: `fn f(x) {\n  return (x\n}`, expected: ["parse-error 3:1"] },
  "import-cycle": { src: `import { g } from "./b"\nfn f(x) { return x }`, files: { "b.infer": `import { f } from "./main"\nfn g(x) { return x }` }, expected: ["import-cycle 1:19"] },
  "import-not-found": { src: `import { f } from "./nowhere"`, expected: ["import-not-found 1:19"] },
  "unknown-import": { src: `import { eular } from "std/continuous"`, expected: ["unknown-import 1:10"] },
  "unknown-name": { src: `fn f(x) {\n  return x + y\n}`, expected: ["unknown-name 2:14"] },
  "duplicate-declaration": { src: `fn f(x) { return x }\nfn f(y) { return y }`, expected: ["duplicate-declaration 2:4"] },
  "unknown-type": { src: `fn f(x: flot) { return x }`, expected: ["unknown-type 1:9"] },
  "unknown-member": { src: `${DEN}\nstep s(D: denoiser)(x, t -> s) {\n  return x * D.sigmaa(t)\n}`, expected: ["unknown-member 3:16"] },
  "misplaced-statement": { src: `fn f(x) {\n  state k = 0\n  return x\n}`, expected: ["misplaced-statement 2:3"] },
  "wrong-arity": { src: `fn f(x) {\n  return exp(x, x)\n}`, expected: ["wrong-arity 2:17"] },
  "unknown-argument": { src: `import { karras } from "std/schedules"\nfn f(x) {\n  return karras(steps: 4, rh0: 7)\n}`, expected: ["unknown-argument 3:27"] },
  "missing-argument": { src: `import { karras } from "std/schedules"\nfn f(x) {\n  return karras(rho: 7)\n}`, expected: ["missing-argument 3:10"] },
  "duplicate-argument": { src: `import { karras } from "std/schedules"\nfn f(x) {\n  return karras(4, steps: 5)\n}`, expected: ["duplicate-argument 3:20"] },
  "not-callable": { src: `fn f(x) {\n  y = 2\n  return y(x)\n}`, expected: ["not-callable 3:10"] },
  "wrong-step-kind": { src: `import { heun } from "std/continuous"\n${DEN}\ninfer p() -> tokens {\n  y = repeat(0, 1)\n  expand y until length 4 using heun(den)\n  return y\n}`, expected: ["wrong-step-kind 5:33"] },
  "type-mismatch": { src: `infer p() -> tokens {\n  y = repeat(0, 4)\n  return y * noise latent[2]\n}`, expected: ["type-mismatch 3:10"] },
  "non-static-condition": { src: `${DEN}\nstep s(D: denoiser)(x, t -> s) {\n  if sum(D(x, t)) > 0 { return x }\n  return x\n}`, expected: ["non-static-condition 3:6"] },
  "non-static-value": { src: `infer p(prompt: tokens = [0]) -> latent[2] {\n  return noise latent[2] batch prompt.len\n}`, expected: ["non-static-value 2:32"] },
  "unknown-contract": { src: `model m: next_tokens(vocab: 4) = onnx("m.onnx") { tokens <- "t"; logits -> "l" }`, expected: ["unknown-contract 1:10"] },
  "invalid-contract-argument": { src: `model m: next_token(vocab: 4, eos: 9) = onnx("m.onnx") { tokens <- "t"; logits -> "l" }`, expected: ["invalid-contract-argument 1:36"] },
  "missing-contract-argument": { src: `model m: next_token(eos: 1) = onnx("m.onnx") { tokens <- "t"; logits -> "l" }`, expected: ["missing-contract-argument 1:10"] },
  "unknown-port": { src: `model m: next_token(vocab: 4) = onnx("m.onnx") { tokens <- "t"; logit -> "l"; logits -> "l" }`, expected: ["unknown-port 1:65"] },
  "missing-binding": { src: `model m: next_token(vocab: 4) = onnx("m.onnx") { tokens <- "t" }`, expected: ["missing-binding 1:7"] },
  "duplicate-binding": { src: `model m: next_token(vocab: 4) = onnx("m.onnx") { tokens <- "t"; tokens <- "u"; logits -> "l" }`, expected: ["duplicate-binding 1:65"] },
  "unknown-backend": { src: `model m: next_token(vocab: 4) = tflite("m") { tokens <- "t"; logits -> "l" }`, expected: ["unknown-backend 1:33"] },
  "invalid-annotation": { src: `@approx\nfn f(x) { return x }`, expected: ["invalid-annotation 1:1"] },
};

describe("one focused case per front-end code", () => {
  for (const [code, c] of Object.entries(cases)) {
    it(code, () => {
      expect(codes(analyzeText(c.src, c.files))).toEqual(c.expected);
    });
  }
  it("covers every syntax, modules and semantics code", () => {
    const frontEnd = allDiagnosticCodes().filter((k) => ["syntax", "modules", "semantics"].includes(DiagnosticCodes[k].stage));
    expect(frontEnd.filter((k) => !(k in cases))).toEqual([]);
  });
  it("LM helper is valid", () => expect(analyzeText(LM).diagnostics).toEqual([]));
});
