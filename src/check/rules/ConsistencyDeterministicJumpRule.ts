/**
 * Consistency model used for a deterministic t -> s map (methods.md §6 R2, §3 consistency).
 *
 * A consistency model maps x_t to the endpoint x_{t_min}; it has no target-time input. Its
 * multistep sampler reaches an intermediate s by re-noising the endpoint
 * (x0 + sqrt(s² − t_min²)·z), which is stochastic. A refine interval that calls a consistency
 * model and lands at s > t_min without any random draw after the call asks the model for a
 * deterministic t -> s map its contract cannot provide (inversion, couplings, few-step ODE
 * jumps need a flow map).
 */
import type { CheckContext, RefineIteration } from "../context.js";
import { fmt } from "../context.js";
import type { ProcedureRule } from "../rule.js";

const DRAWS = new Set(["normal", "uniform"]);

function deterministicCall(ctx: CheckContext, it: RefineIteration): (typeof it.sites)[number] | undefined {
  const i = it.sites.findIndex((x) => x.site.op.op === "model" && ctx.modelOf(x.site.op)?.contract === "consistency");
  if (i < 0) return undefined;
  return it.sites.slice(i + 1).some((x) => DRAWS.has(x.site.op.op)) ? undefined : it.sites[i];
}

export const ConsistencyDeterministicJumpRule: ProcedureRule = {
  kind: "procedure",
  name: "ConsistencyDeterministicJumpRule",
  codes: ["consistency-deterministic-jump"],
  check(ctx: CheckContext) {
    for (const move of ctx.refineMoves()) {
      const bad = ctx.iterations(move).flatMap((it) => {
        const call = deterministicCall(ctx, it);
        const model = call && ctx.modelOf(call.site.op);
        const tMin = (model?.attrs.time as number[] | undefined)?.[0] ?? 0;
        return call && model && it.s > tMin * (1 + 1e-9) ? [{ it, call, model, tMin }] : [];
      });
      const first = bad[0];
      if (!first) continue;
      ctx.report({
        code: "consistency-deterministic-jump",
        message: `Consistency model "${first.model.id}" is used for a deterministic jump from t = ${fmt(first.it.t)} to s = ${fmt(first.it.s)} > t_min = ${fmt(first.tMin)}${bad.length > 1 ? ` (and ${bad.length - 1} more step${bad.length > 2 ? "s" : ""})` : ""}, but its contract only maps x_t to the endpoint x_{t_min}.`,
        help: "Re-noise the endpoint to s after the call (consistency_multistep from std/continuous), or use a flowmap model for a deterministic t -> s map.",
        span: move.span,
        related: [{ span: ctx.spanOf(first.call.site.op), message: `"${first.model.id}" is called here, with no random draw after it.` }],
        data: { model: first.model.id, steps: bad.map((b) => b.it.index) },
      });
    }
  },
};
