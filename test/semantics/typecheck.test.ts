/** Types and calls: type-mismatch, wrong-arity, unknown/missing/duplicate-argument, not-callable, wrong-step-kind. */
import { describe, expect, it } from "vitest";
import { analyzeText, brief, codes, DEN, FLOW, LM, MDM } from "./helpers.js";

const proc = (body: string, params = "", ret = "latent[2]") => `infer p(${params}) -> ${ret} {\n${body}\n}`;

describe("type-mismatch: tokens vs latent", () => {
  it("in arithmetic", () => {
    const r = analyzeText(proc(`  y = repeat(0, 4)\n  x = noise latent[2]\n  return y + x`, "", "tokens"));
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([["type-mismatch", "4:10", 'Operator "+" cannot combine tokens and latent[2].']]);
  });
  it("passing a latent to an unmask model", () => {
    const r = analyzeText(`${MDM}\nstep s(U: unmask)(y, t -> s) {\n  x = noise latent[2]\n  l = U(x)\n  return y\n}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([["type-mismatch", "4:9", 'Model "U" (unmask) takes tokens for "y", got latent[2].']]);
  });
  it("returning a latent from a procedure declared to return tokens", () => {
    const r = analyzeText(proc(`  x = noise latent[2]\n  return x`, "", "tokens"));
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([["type-mismatch", "3:10", 'Procedure "p" returns tokens, but this is latent[2].']]);
  });
  it("refining tokens with a continuous step is caught by instantiating the step", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\nimport { steps } from "std/schedules"\n${DEN}\n${proc(`  y = repeat(0, 8)\n  refine y over steps(4) using heun(den)\n  return y`, "", "tokens")}`);
    expect(codes(r)).toEqual(["type-mismatch 6:32"]);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe('Step "heun" cannot refine "y" of type tokens: in this call of fn "x0_of": model "D" (denoiser) takes a latent for "x", got tokens.');
    expect(d.related?.[0]?.span.file.endsWith("stdlib/continuous.infer")).toBe(true);
  });
  it("categorical of tokens, and mixed list elements", () => {
    const r = analyzeText(proc(`  y = repeat(0, 4)\n  z = categorical(y)\n  l = [y, noise latent[2]]\n  return noise latent[2]`));
    expect(codes(r)).toEqual(["type-mismatch 3:19", "type-mismatch 4:11"]);
  });
});

describe("type-mismatch: other rules", () => {
  it("default values must match the declared type", () => {
    const r = analyzeText(proc(`  return noise latent[2]`, `n: int = 0.5, name: string = 3, prompt: tokens = [0]`));
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([
      ["type-mismatch", "1:18", 'The default of "n" is float, but the parameter is int.'],
      ["type-mismatch", "1:38", 'The default of "name" is int, but the parameter is string.'],
    ]);
  });
  it("a flowmap model where a denoiser is required", () => {
    const r = analyzeText(`import { euler } from "std/continuous"\n${FLOW}\n${proc(`  x = noise latent[2]\n  refine x over [80, 0] using euler(flow)\n  return x`)}`);
    expect(brief(r)).toEqual([{
      code: "type-mismatch", at: "5:37", message: 'Step "euler" expects a denoiser for "D", got flowmap model "flow".',
      help: "Pass a denoiser model, or use a step written for flowmap models.",
    }]);
  });
  it("guided(D, cond:, scale:) is a denoiser, and needs a cond input", () => {
    const cond = `model den: denoiser(pred: x0, path: ve, null_cond: 8) = onnx("d.onnx") { x <- "x"; t <- "t"; cond <- "c"; out -> "o" }`;
    const ok = analyzeText(`import { heun } from "std/continuous"\n${cond}\n${proc(`  x = noise latent[2]\n  refine x over [1, 0] using heun(guided(den, cond: 3, scale: 2))\n  return x`)}`);
    expect(ok.diagnostics).toEqual([]);
    const bad = analyzeText(`import { heun } from "std/continuous"\n${DEN}\n${proc(`  x = noise latent[2]\n  refine x over [1, 0] using heun(guided(den, cond: 3, scale: 2))\n  return x`)}`);
    expect(brief(bad).map((d) => [d.code, d.at, d.message])).toEqual([["missing-binding", "5:42", 'guided() needs model "den" to bind a "cond" input.']]);
  });
  it("cond: only for models with a cond input", () => {
    const r = analyzeText(`${DEN}\n${proc(`  x = noise latent[2]\n  return den(x, 1.0, cond: 2)`)}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([["unknown-argument", "4:22", 'Model "den" has no "cond" input.']]);
  });
  it("an if condition must be a bool; a schedule must be a list of times", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\n${DEN}\n${proc(`  x = noise latent[2]\n  if 3 { x = x }\n  refine x over 5 using heun(den)\n  return x`)}`);
    expect(codes(r)).toEqual(["type-mismatch 5:6", "type-mismatch 6:17"]);
  });
  it("a mistake inside an expression is reported once, not at every enclosing operator", () => {
    const r = analyzeText(proc(`  y = repeat(0, 4)\n  x = noise latent[2]\n  return ((y + x) * 2 + x) / 3`));
    expect(codes(r)).toEqual(["type-mismatch 4:11"]);
  });
});

describe("arity and arguments", () => {
  it("wrong-arity for models, builtins, schedules and steps", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\nimport { karras } from "std/schedules"\n${DEN}\nstep s(D: denoiser)(x, t -> s) {\n  return D(x) + exp(x, 2)\n}\n${proc(`  x = noise latent[2]\n  refine x over karras(4, 80, 0.1, 7, 1) using heun(den, 2)\n  return x`)}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([
      ["wrong-arity", "5:10", 'Model "D" takes 2 arguments, got 1.'],
      ["wrong-arity", "5:24", 'Builtin "exp" takes 1 argument, got 2.'],
      ["wrong-arity", "9:39", 'Schedule "karras" takes 4 arguments, got 5.'],
      ["wrong-arity", "9:58", 'Step "heun" takes 1 argument, got 2.'],
    ]);
  });
  it("unknown-argument with a suggestion, missing-argument and duplicate-argument", () => {
    const r = analyzeText(`import { sample } from "std/discrete"\nimport { karras } from "std/schedules"\n${LM}\n${proc(`  y = repeat(0, 1)\n  expand y until length 8 using sample(lm, temprature: 0.5, M: lm)\n  z = karras(t_max: 1)\n  return y`, "", "tokens")}`);
    expect(brief(r)).toEqual([
      { code: "unknown-argument", at: "6:44", message: 'Step "sample" has no parameter "temprature".', help: 'Did you mean "temperature"?' },
      { code: "duplicate-argument", at: "6:61", message: 'Parameter "M" of step "sample" is given twice.', help: "Remove one of the two arguments." },
      { code: "missing-argument", at: "7:7", message: 'Schedule "karras" needs the argument "steps".', help: "Pass `steps: ...`." },
    ]);
  });
  it("builtins check required named arguments", () => {
    const r = analyzeText(`${MDM}\nstep s(U: unmask)(y, t -> s) {\n  return commit(y, U(y), ordr: "random")\n}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([
      ["missing-argument", "3:10", 'Builtin "commit" needs the named argument "n".'],
      ["unknown-argument", "3:26", 'Builtin "commit" has no named argument "ordr".'],
    ]);
  });
});

describe("not-callable and wrong-step-kind", () => {
  it("calling a step, a procedure or a latent", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\n${DEN}\n${proc(`  x = noise latent[2]\n  a = heun(den)\n  b = x(1)\n  c = p()\n  return x`)}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([
      ["not-callable", "5:7", 'Step "heun" cannot be called directly.'],
      ["not-callable", "6:7", '"x" is a latent[2], not a function or a model.'],
      ["not-callable", "7:7", 'Procedure "p" cannot be called.'],
    ]);
  });
  it("using a schedule as a step", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\nimport { karras } from "std/schedules"\n${proc(`  x = noise latent[2]\n  refine x over [1, 0] using karras(4)\n  return x`)}`);
    expect(brief(r)).toEqual([{
      code: "not-callable", at: "5:30", message: '"karras" is a schedule, not a step; `refine ... using` needs a refine step.',
      help: 'Refine steps in scope: "heun".',
    }]);
  });
  it("a refine step used by expand, and an expand step used by refine", () => {
    const r = analyzeText(`import { heun } from "std/continuous"\nimport { sample } from "std/discrete"\n${DEN}\n${LM}\n${proc(`  y = repeat(0, 1)\n  expand y until length 8 using heun(den)\n  x = noise latent[2]\n  refine x over [1, 0] using sample(lm)\n  return x`)}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([
      ["wrong-step-kind", "7:33", 'Step "heun" is a refine step with state "(x, t -> s)", but `expand` needs an expand step with state "(y)".'],
      ["wrong-step-kind", "9:30", 'Step "sample" is an expand step with state "(y)", but `refine` needs a refine step with state "(x, t -> s)".'],
    ]);
  });
});

describe("members and contract arguments used by the program", () => {
  it("unknown members are suggested; members backed by absent arguments are missing-contract-argument", () => {
    const r = analyzeText(`${DEN}\n${LM}\nstep s(D: denoiser)(x, t -> s) {\n  a = D.alph(t)\n  b = den.sigma_data\n  return x\n}`);
    expect(brief(r)).toEqual([
      { code: "unknown-member", at: "4:9", message: 'Denoiser models have no member "alph".', help: 'Did you mean "alpha"?' },
      { code: "missing-contract-argument", at: "5:11", message: 'Model "den" declares no "sigma_data", so "sigma_data" is unknown.', help: 'Add `sigma_data: ...` to the contract arguments of "den".' },
    ]);
  });
  it("`until eos` needs the model's eos", () => {
    const r = analyzeText(`import { sample } from "std/discrete"\nmodel lm: next_token(vocab: 16) = onnx("lm.onnx") { tokens <- "ids"; logits -> "logits" }\n${proc(`  y = repeat(0, 1)\n  expand y until eos or length 8 using sample(lm)\n  return y`, "", "tokens")}`);
    expect(codes(r)).toEqual(["missing-contract-argument 5:18"]);
  });
});

describe("no cascades", () => {
  it("a missing required contract argument is not reported again at its uses", () => {
    const r = analyzeText(`model mdm: unmask(vocab: 17) = onnx("m.onnx") { tokens <- "ids"; logits -> "logits" }\ninfer p() -> tokens {\n  y = repeat(mdm.mask, 4)\n  return y\n}`);
    expect(codes(r)).toEqual(["missing-contract-argument 1:12"]);
  });
});
