/**
 * Different warpers on draft and target (DESIGN.md §3 "Verification soundness"; methods.md §6
 * R7, §5 AR sampling).
 *
 * Speculative sampling outputs exactly p. When the draft's logits go through temperature /
 * top-k / top-p / min-p / repetition penalty and the target's do not (or differently, or in
 * another order — the order changes the distribution), the output follows a target warped
 * differently from what the step asks of its draft: the procedure does not sample what it
 * says. The chains of warper ops in front of the `softmax` of p and of every drafted q must be
 * identical, op by op and attribute by attribute.
 */
import type { CheckContext } from "../context.js";
import { describeChain, sameChain, warperChain } from "../dataflow.js";
import type { ProcedureRule } from "../rule.js";
import { qLogits } from "./UnverifiedDraftRule.js";

export const WarperMismatchRule: ProcedureRule = {
  kind: "procedure",
  name: "WarperMismatchRule",
  codes: ["warper-mismatch"],
  check(ctx: CheckContext) {
    for (const site of ctx.sites) {
      if (site.op.op !== "verify") continue;
      const q = qLogits(ctx, site.op.args[1]!);
      const p = qLogits(ctx, site.op.args[2]!);
      if (!q || !p || p.length !== 1) continue;
      const pChain = warperChain(ctx, p[0]!).chain;
      const qChain = q.map((l) => warperChain(ctx, l).chain).find((c) => !sameChain(c, pChain));
      if (!qChain) continue;
      const move = site.move === undefined ? undefined : ctx.move(site.move);
      ctx.report({
        code: "warper-mismatch",
        message: `verify()${move?.step ? ` in step "${move.step.name}"` : ""} compares target probabilities p (${describeChain(pChain)}) with draft probabilities q (${describeChain(qChain)}), so the output follows the target warped differently from the draft.`,
        help: "Apply the same warpers, with the same settings and in the same order, to the draft logits and to the target's score logits.",
        span: ctx.where(site),
        related: [{ span: ctx.spanOf(site.op), message: "Verified here." }],
        data: { p: describeChain(pChain), q: describeChain(qChain) },
      });
    }
  },
};
