/**
 * Every input of the ONNX file is bound (DESIGN.md §3 "every contract argument is bound").
 *
 * The runtime feeds exactly the bound ports (and the cache tensors matching a `cache` pattern);
 * an ONNX input that nothing feeds makes every call fail. Required contract ports that are not
 * bound are already reported by semantic analysis (missing-binding); this rule checks the other
 * direction, from the file: each graph input (initializers excluded) must be bound to a port or
 * matched by a cache pattern (the help names the contract port it most likely is), and a bound
 * optional input (a condition) must be passed by every call of the lowered procedures.
 */
import { suggestionList } from "../../diagnostics/suggest.js";
import { Contracts, isContractKind } from "../../semantics/contracts.js";
import type { ModelContext } from "../modelContext.js";
import { cachePattern } from "../portTypes.js";
import type { ModelRule } from "../rule.js";

/** Conventional ONNX input names per port, to suggest a binding. */
const USUAL: Readonly<Record<string, string>> = {
  input_ids: "tokens", sigma: "t", class: "cond", label: "cond", labels: "cond", timestep: "t", timesteps: "t", y: "cond",
};

export const BindingUnboundPortRule: ModelRule = {
  kind: "model",
  name: "BindingUnboundPortRule",
  codes: ["binding-unbound-port"],
  check(ctx: ModelContext) {
    if (!ctx.signature.ok) return;
    const kind = ctx.model.decl.contract.name;
    const contract = isContractKind(kind) ? Contracts[kind] : undefined;
    const bound = new Set([...ctx.model.inputs.values()].map((b) => b.onnxName.value));
    const patterns = ctx.model.caches.map((c) => cachePattern(c.input.value));
    // Ports without a binding, or bound to a name the file does not have (reported by BindingNamesRule).
    const known = new Set(ctx.signature.signature.inputs.map((i) => i.name));
    const free = contract?.ports.filter((p) => p.direction === "in" && !known.has(ctx.model.inputs.get(p.name)?.onnxName.value ?? "")).map((p) => p.name) ?? [];
    for (const input of ctx.signature.signature.inputs) {
      if (bound.has(input.name) || patterns.some((p) => p.test(input.name))) continue;
      const port = free.find((p) => p === input.name || USUAL[input.name] === p) ?? suggestionList(input.name, free)[0];
      const isCache = /past|cache/i.test(input.name);
      ctx.report({
        code: "binding-unbound-port",
        message: `Input "${input.name}" of ${ctx.displayPath} is not bound by model "${ctx.name}", so the runtime has nothing to feed it.`,
        help: port
          ? `Bind it: \`${port} <- "${input.name}"\`.`
          : isCache && contract?.cache
            ? `Bind the cache: \`cache "${input.name.replace(/\d+/, "%d")}" -> "<present pattern>"\`.`
            : `Bind it to a port of contract "${kind}", or export the model without this input.`,
        span: ctx.model.decl.name.span,
        data: { input: input.name },
      });
    }
    // A bound optional input (a condition) that some call does not pass is not fed either.
    for (const [port, b] of ctx.model.inputs) {
      const call = ctx.use.calls.find((c) => c.ports.length > 0 && !c.ports.includes(port));
      if (!call) continue;
      ctx.report({
        code: "binding-unbound-port",
        message: `Input "${b.onnxName.value}" of ${ctx.displayPath} is bound to port "${port}" of model "${ctx.name}", but ${call.step ? `step "${call.step}"` : "a call"} does not pass "${port}", so the runtime has nothing to feed it there.`,
        help: port === "cond"
          ? `Pass the condition (guided(${ctx.name}, cond: c, scale: w), or ${ctx.name}(x, t, cond: c) in a step), or bind a model file without this input.`
          : `Pass "${port}" in every call of "${ctx.name}", or bind a model file without this input.`,
        span: b.span,
        related: [{ span: call.span, message: `"${ctx.name}" is called without "${port}" in this move.` }],
        data: { input: b.onnxName.value, port },
      });
    }
  },
};
