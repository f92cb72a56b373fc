/**
 * Model file missing (DESIGN.md §3 "Binding and shape checks").
 *
 * Every model declaration binds an ONNX file (relative to the declaring file). A path that
 * names no file, or a file that is not an ONNX model, is reported at the path with the path as
 * resolved, so the fix is obvious; the other binding rules skip such a model.
 */
import type { ModelContext } from "../modelContext.js";
import type { ModelRule } from "../rule.js";

export const BindingFileRule: ModelRule = {
  kind: "model",
  name: "BindingFileRule",
  codes: ["binding-missing-file"],
  check(ctx: ModelContext) {
    const sig = ctx.signature;
    if (sig.ok) return;
    const missing = sig.reason === "missing";
    ctx.report({
      code: "binding-missing-file",
      message: missing
        ? `The ONNX file of model "${ctx.name}" does not exist: ${ctx.displayPath}.`
        : `The file of model "${ctx.name}" is not a readable ONNX model: ${ctx.displayPath} (${sig.detail}).`,
      help: missing
        ? "Fix the path (it is relative to this .infer file), or build the model file (npm run models for the examples)."
        : "Bind an ONNX model file (a serialized ModelProto).",
      span: ctx.model.decl.path.span,
      data: { path: ctx.displayPath },
    });
  },
};
