/**
 * Heads sampled jointly (DESIGN.md §3 "Incorrect factorization"; methods.md §6 R4, §7 Markov).
 *
 * A `heads(k)` model returns k marginals p(x_{n+j} | x_{<=n}), all conditioned on the same
 * prefix. A `categorical` over its logits (through any warpers) draws the k positions
 * independently, i.e. from the product of marginals; committing them — reaching what an
 * expansion appends, or the procedure's result — without `verify` samples the wrong joint
 * whatever the training. Drafting from the heads and verifying against a next_token model
 * (speculative sampling) is exact, so a path through `verify` is fine.
 */
import type { MoveInfo } from "../../ir/ir.js";
import type { CheckContext, OpSite } from "../context.js";
import { logitSources, reachesCommitUnverified } from "../dataflow.js";
import { measureHeadsKl } from "../quantify/headsKl.js";
import type { ProcedureRule } from "../rule.js";

export const HeadsJointSamplingRule: ProcedureRule = {
  kind: "procedure",
  name: "HeadsJointSamplingRule",
  codes: ["heads-joint-sampling"],
  check(ctx: CheckContext) {
    const reported = new Set<number | undefined>();
    for (const site of ctx.sites) {
      if (site.op.op !== "categorical" || reported.has(site.move)) continue;
      const heads = logitSources(ctx, site.op.args[0]!).find((s) => s.op.op === "heads_logits" && ((ctx.modelOf(s.op)?.attrs.k as number) ?? 1) > 1);
      if (!heads || !reachesCommitUnverified(ctx, site)) continue;
      reported.add(site.move);
      report(ctx, site, heads, site.move === undefined ? undefined : ctx.move(site.move));
    }
  },
};

function report(ctx: CheckContext, draw: OpSite, heads: OpSite, move: MoveInfo | undefined): void {
  const model = ctx.modelOf(heads.op)!;
  const k = model.attrs.k as number;
  const where = move?.step ? `Step "${move.step.name}" commits` : "This procedure commits";
  ctx.report({
    code: "heads-joint-sampling",
    message: `${where} ${k} tokens per call of heads model "${model.id}" drawn independently from its ${k} marginals, which samples their product, not the joint distribution.`,
    help: `Draft from the heads and verify against a next_token model (speculative_heads(M, ${model.id}) from std/discrete), or commit one token per call.`,
    span: ctx.where(draw),
    related: [
      { span: ctx.spanOf(draw.op), message: `The ${k} positions are drawn independently here.` },
      { span: ctx.spanOf(heads.op), message: `"${model.id}" returns ${k} marginals conditioned on the same prefix.` },
    ],
    data: { model: model.id, k },
    measure: measureHeadsKl(ctx.ir, model),
  });
}
