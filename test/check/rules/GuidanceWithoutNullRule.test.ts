import { describe, expect, it } from "vitest";
import { GuidanceWithoutNullRule } from "../../../src/check/rules/GuidanceWithoutNullRule.js";
import { check, codes, MODELS, zoo } from "../helpers.js";

const rules = [GuidanceWithoutNullRule];
const COND = `model cden: denoiser(pred: x0, path: ve, time: [0.002, 80], null_cond: 8) = onnx(${zoo("gmm_cond_denoiser.onnx")}) { x <- "x"; t <- "sigma"; cond <- "class"; out -> "denoised" }\n`;
const STEP = `step cond_euler(D: denoiser, c: int = 3)(x, t -> s) {\n  return x + (s - t) * (x - D(x, t, cond: c)) / t\n}\n`;
const proc = (step: string) => `infer p() -> latent[2] {\n  x = noise latent[2] scale 80\n  refine x over [80, 10, 1, 0] using ${step}\n  return x\n}`;

describe("GuidanceWithoutNullRule", () => {
  it("a condition passed to a model without a cond input is an error", async () => {
    const ds = await check(`${MODELS.gmm}\n${STEP}${proc("cond_euler(den)")}`, rules);
    expect(codes(ds)).toEqual(["guidance-without-null error 7:3"]);
    expect(ds[0]!.related![0]!.span.line).toBe(3);
  });
  it("guided() on a model without null_cond is reported by lowering with the same code", async () => {
    const noNull = COND.replace(", null_cond: 8", "");
    const step = `step g(D: denoiser)(x, t -> s) {\n  G = guided(D, cond: 3, scale: 2)\n  return x + (s - t) * (x - G(x, t)) / t\n}\n`;
    const ds = await check(`${noNull}${step}${proc("g(cden)")}`, rules);
    expect(codes(ds)).toEqual(["guidance-without-null error 3:7"]);
  });
  it("a conditional model, guided or called with a condition, is clean", async () => {
    expect(await check(`${COND}${STEP}${proc("cond_euler(cden)")}`, rules)).toEqual([]);
    expect(await check(`import { heun } from "std/continuous"\n${COND}${proc("heun(guided(cden, cond: 2, scale: 3))")}`, rules)).toEqual([]);
  });
});
