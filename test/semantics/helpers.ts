/** Test helpers: analyze in-memory programs (std imports come from the real stdlib). */
import { analyze, type AnalysisResult } from "../../src/semantics/model.js";
import { createMemoryHost } from "../../src/semantics/modules.js";
import { createNodeHost } from "../../src/semantics/nodeHost.js";

/** The directory in-memory test files live in. */
export const MEM = "/mem";

/** Analyzes `main` (as /mem/main.infer) with optional extra files (relative names under /mem). */
export function analyzeText(main: string, files: Record<string, string> = {}): AnalysisResult {
  const all: Record<string, string> = { [`${MEM}/main.infer`]: main };
  for (const [name, text] of Object.entries(files)) all[`${MEM}/${name}`] = text;
  return analyze(`${MEM}/main.infer`, createMemoryHost(all, createNodeHost()));
}

/** `code line:col` of each diagnostic, in order, for compact assertions. */
export function codes(r: AnalysisResult): string[] {
  return r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`);
}

/** Diagnostics as `{code, line, column, message}`. */
export function brief(r: AnalysisResult): { code: string; at: string; message: string; help?: string }[] {
  return r.diagnostics.map((d) => ({ code: d.code, at: `${d.span.line}:${d.span.column}`, message: d.message, ...(d.help ? { help: d.help } : {}) }));
}

/** A valid denoiser model declaration named `den`. */
export const DEN = `model den: denoiser(pred: x0, path: ve) = onnx("m.onnx") { x <- "x"; t <- "sigma"; out -> "denoised" }`;
/** A valid next_token model named `lm` with eos. */
export const LM = `model lm: next_token(vocab: 16, eos: 1) = onnx("lm.onnx") { tokens <- "input_ids"; logits -> "logits" }`;
/** A valid unmask model named `mdm`. */
export const MDM = `model mdm: unmask(vocab: 17, mask: 16) = onnx("mdm.onnx") { tokens <- "input_ids"; logits -> "logits" }`;
/** A valid flowmap model named `flow`. */
export const FLOW = `model flow: flowmap(path: ve) = onnx("f.onnx") { x <- "x"; t <- "t"; s <- "s"; out -> "x_s" }`;
