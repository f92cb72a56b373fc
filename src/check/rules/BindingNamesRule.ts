/**
 * Bound names exist in the ONNX file (DESIGN.md §3 "Binding and shape checks").
 *
 * Every `port <- "input"` must name an input of the file and every `port -> "output"` an
 * output; every `cache "past.%d" -> "present.%d"` pattern must match at least one input and one
 * output (`%d` is the layer index). Otherwise the runtime would fail at the first call; the
 * check reports it at the binding, with the closest names of the file as suggestions.
 */
import { didYouMean, suggestionList } from "../../diagnostics/suggest.js";
import type { StringLiteral } from "../../syntax/ast.js";
import type { ModelContext } from "../modelContext.js";
import { cachePattern } from "../portTypes.js";
import type { ModelRule } from "../rule.js";

function names(list: readonly { name: string }[]): string {
  return list.length === 0 ? "none" : list.map((x) => `"${x.name}"`).join(", ");
}

export const BindingNamesRule: ModelRule = {
  kind: "model",
  name: "BindingNamesRule",
  codes: ["binding-unknown-input", "binding-unknown-output"],
  check(ctx: ModelContext) {
    if (!ctx.signature.ok) return;
    const { inputs, outputs } = ctx.signature.signature;
    const file = ctx.displayPath;
    // Names other ports already bind are not suggestions.
    const taken = new Set([...ctx.model.inputs.values(), ...ctx.model.outputs.values()].map((b) => b.onnxName.value));
    const unknown = (dir: "input" | "output", literal: StringLiteral, what: string): void => {
      const list = dir === "input" ? inputs : outputs;
      const free = list.filter((x) => !taken.has(x.name));
      const hint = didYouMean(suggestionList(literal.value, free.map((x) => x.name)));
      ctx.report({
        code: dir === "input" ? "binding-unknown-input" : "binding-unknown-output",
        message: `${what} of model "${ctx.name}" is bound to "${literal.value}", which is not an ${dir} of ${file}.`,
        help: hint ?? (free.length > 0 ? `The ${dir}s of ${file} not bound yet are ${names(free)}.` : `The ${dir}s of ${file} are ${names(list)}.`),
        span: literal.span,
        data: { [dir + "s"]: list.map((x) => x.name) },
      });
    };
    for (const [port, b] of ctx.model.inputs) {
      if (!inputs.some((i) => i.name === b.onnxName.value)) unknown("input", b.onnxName, `Port "${port}"`);
    }
    for (const [port, b] of ctx.model.outputs) {
      if (!outputs.some((o) => o.name === b.onnxName.value)) unknown("output", b.onnxName, `Port "${port}"`);
    }
    for (const c of ctx.model.caches) {
      if (!inputs.some((i) => cachePattern(c.input.value).test(i.name))) unknown("input", c.input, "A cache pattern");
      if (!outputs.some((o) => cachePattern(c.output.value).test(o.name))) unknown("output", c.output, "A cache pattern");
    }
  },
};
