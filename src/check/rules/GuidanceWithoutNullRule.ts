/**
 * Guidance without a condition input or a null condition (methods.md §6 R9, §4 CFG).
 *
 * Classifier-free guidance mixes a conditional and an unconditional call of the same network:
 * the model needs an input that carries the condition and a value meaning "no condition".
 * `guided()` on a model that declares no `null_cond` cannot even be lowered (lowering reports
 * guidance-without-null at the `guided(...)` call, and `infer check` prints it); this rule
 * checks the lowered calls: every call that passes a condition (a `cond` port, from `guided` or
 * from `D(x, t, cond: c)` in any step) must reach a model that binds a `cond` input, or the
 * condition would never reach the network.
 */
import type { CheckContext } from "../context.js";
import type { ProcedureRule } from "../rule.js";

export const GuidanceWithoutNullRule: ProcedureRule = {
  kind: "procedure",
  name: "GuidanceWithoutNullRule",
  codes: ["guidance-without-null"],
  check(ctx: CheckContext) {
    const reported = new Set<string>();
    for (const site of ctx.sites) {
      const m = site.op.op === "model" ? ctx.modelOf(site.op) : undefined;
      if (!m || ctx.portArg(site.op, "cond") === undefined || m.inputs.cond !== undefined) continue;
      const key = `${m.id}\0${site.move}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const move = site.move === undefined ? undefined : ctx.move(site.move);
      ctx.report({
        code: "guidance-without-null",
        message: `${move?.step ? `Step "${move.step.name}"` : "This procedure"} calls model "${m.id}" with a condition, but "${m.id}" binds no "cond" input, so the condition never reaches the network.`,
        help: `Bind the condition input of "${m.id}" (cond <- "<onnx input name>") and declare null_cond for guidance, or call it without cond.`,
        span: ctx.where(site),
        related: [{ span: ctx.spanOf(site.op), message: `"${m.id}" is called with a condition here.` }],
        data: { model: m.id },
      });
    }
  },
};
