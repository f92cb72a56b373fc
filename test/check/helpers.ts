/** Test helpers for the static checks: check in-memory programs with chosen rules. */
import { resolve } from "node:path";
import { expect } from "vitest";
import { checkAnalysis, type CheckOptions } from "../../src/check/check.js";
import type { CheckRule } from "../../src/check/rule.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { analyzeText } from "../semantics/helpers.js";

export const root = resolve(import.meta.dirname, "../..");

/** `onnx("...")` argument for a zoo model, usable from the in-memory /mem/main.infer. */
export function zoo(name: string): string {
  return JSON.stringify(resolve(root, "examples/models", name));
}

/** Analyses `src` (must be free of analysis errors) and runs `rules` (default: all). */
export async function check(src: string, rules?: readonly CheckRule[], options: CheckOptions = {}): Promise<Diagnostic[]> {
  const analysis = analyzeText(src);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([]);
  return checkAnalysis(analysis, { ...options, ...(rules ? { rules } : {}) });
}

/** `code severity line:col` of each diagnostic, for compact assertions. */
export function codes(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} ${d.severity} ${d.span.line}:${d.span.column}`);
}

/** The source text a diagnostic's span covers (columns after an absolute zoo path vary by checkout). */
export function spanText(src: string, d: Diagnostic): string {
  return src.slice(d.span.start, d.span.end);
}

/** Model declarations of the zoo, by name, for test programs. */
export const MODELS = {
  gauss: `model den: denoiser(pred: x0, path: ve, time: [0.002, 80]) = onnx(${zoo("gauss_denoiser.onnx")}) { x <- "x"; t <- "sigma"; out -> "denoised" }`,
  gmm: `model den: denoiser(pred: x0, path: ve, sigma_data: 1, time: [0.002, 80]) = onnx(${zoo("gmm_denoiser.onnx")}) { x <- "x"; t <- "sigma"; out -> "denoised" }`,
  v05: `model v05: denoiser(pred: velocity, path: fm, sigma_data: 0.5, time: [0, 1]) = onnx(${zoo("gauss05_velocity_fm.onnx")}) { x <- "x"; t <- "t"; out -> "velocity" }`,
  flow: `model flow: flowmap(path: ve, target: s, time: [0, 80]) = onnx(${zoo("gauss_flowmap.onnx")}) { x <- "x"; t <- "t"; s <- "s"; out -> "x_s" }`,
  cm: `model cm: consistency(path: ve, time: [0.002, 80]) = onnx(${zoo("gauss_consistency.onnx")}) { x <- "x"; t <- "t"; out -> "x_min" }`,
  lm: `model lm: next_token(vocab: 16, bos: 0, eos: 1) = onnx(${zoo("markov_lm.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`,
  mtp: `model mtp: heads(k: 4, vocab: 16) = onnx(${zoo("markov_mtp.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`,
  mdm: `model mdm: unmask(vocab: 17, mask: 16) = onnx(${zoo("markov_mdm.onnx")}) { tokens <- "input_ids"; logits -> "logits" }`,
};
