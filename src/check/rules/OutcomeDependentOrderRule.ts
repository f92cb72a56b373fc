/**
 * Outcome-dependent commit order (methods.md §6 R6, §5 LLaDA low-confidence remasking).
 *
 * `commit(..., order: "sampled_confidence")` samples every masked position and then keeps the
 * ones whose *sampled* token was most probable. At temperature > 0 the choice of positions
 * depends on the draws themselves, which biases the result even at one token per step
 * (measured in test/stdlib/unmask.test.ts). Ordering by a functional of the distribution taken
 * before sampling ("confidence" = max-prob, "entropy", "random") or greedy decoding is unbiased.
 */
import type { CheckContext } from "../context.js";
import { fmt } from "../context.js";
import type { ProcedureRule } from "../rule.js";

export const OutcomeDependentOrderRule: ProcedureRule = {
  kind: "procedure",
  name: "OutcomeDependentOrderRule",
  codes: ["outcome-dependent-order"],
  check(ctx: CheckContext) {
    const reported = new Set<number | undefined>();
    for (const site of ctx.sites) {
      const attrs = site.op.attrs ?? {};
      if (site.op.op !== "commit" || attrs.order !== "sampled_confidence" || reported.has(site.move)) continue;
      const temperature = typeof attrs.temperature === "number" ? attrs.temperature : 1;
      if (temperature <= 0) continue;
      reported.add(site.move);
      ctx.report({
        code: "outcome-dependent-order",
        message: `Committing the positions whose sampled token was most probable (order "sampled_confidence") at temperature ${fmt(temperature)} makes the order depend on the draws, which biases the samples even at one token per step.`,
        help: `Order by the distribution before sampling (order: "confidence" or "entropy"), or decode greedily (temperature: 0).`,
        span: ctx.where(site),
        related: [{ span: ctx.spanOf(site.op), message: "The commit order is chosen here." }],
        data: { temperature },
      });
    }
  },
};
