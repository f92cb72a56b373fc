/** Compile-time values: non-static-condition and non-static-value. */
import { describe, expect, it } from "vitest";
import { analyzeText, brief, codes, DEN, MDM } from "./helpers.js";

describe("non-static-condition", () => {
  it("a condition on the state is data-dependent", () => {
    const r = analyzeText(`${DEN}\nstep s(D: denoiser)(x, t -> s) {\n  if mean(x) > 0 {\n    return x\n  }\n  return D(x, t)\n}`);
    expect(brief(r)).toEqual([{
      code: "non-static-condition", at: "3:6", message: "This if condition depends on data, so it cannot be decided at compile time.",
      help: "Use where(c, a, b) for a data-dependent choice.",
    }]);
  });
  it("config parameters, times, static members and y.len of a refine state are static", () => {
    const r = analyzeText(`${DEN}\nstep s(D: denoiser, eta: float = 0)(x, t -> s) {\n  if eta == 0 and s > D.t_min and D.pred == "x0" and D.alpha(t) < 1 { return x }\n  return x\n}\nstep u(U: unmask)(y, t -> s) {\n  n = round(y.len * t)\n  if n > 1 { return y }\n  return y\n}`);
    expect(r.diagnostics).toEqual([]);
  });
  it("y.len of an expand step's state grows, so it is data", () => {
    const r = analyzeText(`step e(M: next_token)(y) {\n  if y.len > 3 { return argmax(M(y)) }\n  return argmax(M(y))\n}`);
    expect(codes(r)).toEqual(["non-static-condition 2:6"]);
  });
  it("state variables are static only if every value assigned to them is (fixpoint)", () => {
    const ok = analyzeText(`${DEN}\nstep s(D: denoiser)(x, t -> s) {\n  state t_prev = -1\n  if t_prev < 0 { r = 1 } else { r = 2 }\n  t_prev = t\n  return x\n}`);
    expect(ok.diagnostics).toEqual([]);
    const bad = analyzeText(`${DEN}\nstep s(D: denoiser)(x, t -> s) {\n  state m = 0\n  if m > 1 { r = 1 } else { r = 2 }\n  m = mean(x)\n  return x\n}`);
    expect(codes(bad)).toEqual(["non-static-condition 4:6"]);
  });
  it("a variable assigned from data is data; random draws are data", () => {
    const r = analyzeText(`${DEN}\nstep s(D: denoiser)(x, t -> s) {\n  z = normal(x)\n  w = if sum(z) > 0 then 1 else 2\n  return x\n}`);
    expect(codes(r)).toEqual(["non-static-condition 4:10"]);
  });
  it("a fn whose condition depends on a parameter is checked at each call with the actual argument", () => {
    const r = analyzeText(`${DEN}\nfn pick(a, b) {\n  if a > 0 { return b }\n  return b\n}\nstep s(D: denoiser)(x, t -> s) {\n  return pick(t, x) + pick(mean(x), x)\n}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([
      ["non-static-condition", "7:23", 'In this call of fn "pick": this if condition depends on data, so it cannot be decided at compile time.'],
    ]);
    expect(r.diagnostics[0]!.related?.[0]?.span.line).toBe(3);
  });
  it("procedure parameters of scalar type are static; a tokens prompt is not", () => {
    const r = analyzeText(`infer p(n: int = 3, prompt: tokens = [0]) -> tokens {\n  y = prompt\n  if n > 2 { y = prompt }\n  if prompt.len > 2 { y = prompt }\n  return y\n}`);
    expect(codes(r)).toEqual(["non-static-condition 4:6"]);
  });
});

describe("non-static-value", () => {
  it("a for loop over a data-dependent range", () => {
    const r = analyzeText(`step e(M: next_token)(y) {\n  for i in range(y.len) { y = y }\n  return argmax(M(y))\n}`);
    expect(codes(r)).toEqual(["non-static-value 2:12"]);
  });
  it("a schedule computed from data", () => {
    const r = analyzeText(`import { unmask } from "std/discrete"\nimport { steps } from "std/schedules"\n${MDM}\ninfer p(prompt: tokens = [0]) -> tokens {\n  y = prompt\n  refine y over steps(prompt.len) using unmask(mdm)\n  return y\n}`);
    expect(brief(r).map((d) => [d.code, d.at, d.message])).toEqual([
      ["non-static-value", "6:17", "This schedule depends on data; schedules are computed at compile time."],
    ]);
  });
});
