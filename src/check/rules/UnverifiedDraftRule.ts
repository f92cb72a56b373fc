/**
 * Verification without the draft distribution (DESIGN.md §3 "Verification soundness";
 * methods.md §6 R7, §5 speculative sampling).
 *
 * `verify(d, q: Q, p: P)` accepts a draft x with probability min(1, p(x)/q(x)); the output
 * follows p exactly only when q is the distribution x was drawn from. So q must be
 * `softmax(l)` of the very logits `l` the drafts were sampled from (`categorical(l)`), or the
 * `stack` of those logits, in draft order, when the drafts were drawn one at a time. "The very
 * logits" is value equality: the same value, or the same deterministic ops on the same inputs. Greedy
 * (argmax) drafts are not checked: their q is a one-hot the program builds itself.
 */
import type { BasicOp, Operand } from "../../ir/ir.js";
import type { CheckContext, OpSite } from "../context.js";
import { draftOps, sameValue } from "../dataflow.js";
import type { ProcedureRule } from "../rule.js";

/** The logits q is the softmax of, element by element (a stack lists one per draft). */
export function qLogits(ctx: CheckContext, q: Operand): Operand[] | undefined {
  const soft = ctx.defSite(q);
  if (soft?.op.op !== "softmax") return undefined;
  const inner = ctx.defSite(soft.op.args[0]!);
  return inner?.op.op === "stack" ? [...inner.op.args] : [soft.op.args[0]!];
}

function drawnFrom(drafts: readonly BasicOp[]): Operand[] | undefined {
  if (drafts.some((d) => d.op !== "categorical")) return undefined;
  return drafts.map((d) => d.args[0]!);
}

export const UnverifiedDraftRule: ProcedureRule = {
  kind: "procedure",
  name: "UnverifiedDraftRule",
  codes: ["unverified-draft"],
  check(ctx: CheckContext) {
    for (const site of ctx.sites) {
      if (site.op.op !== "verify") continue;
      const drafts = draftOps(ctx, site.op.args[0]!);
      const drawn = drawnFrom(drafts);
      if (!drawn || drawn.length === 0) continue;
      const q = qLogits(ctx, site.op.args[1]!);
      if (q && q.length === drawn.length && q.every((l, i) => sameValue(ctx, l, drawn[i]!))) continue;
      report(ctx, site, drafts[0]!);
    }
  },
};

function report(ctx: CheckContext, verify: OpSite, draft: BasicOp): void {
  const move = verify.move === undefined ? undefined : ctx.move(verify.move);
  ctx.report({
    code: "unverified-draft",
    message: `The q given to verify()${move?.step ? ` in step "${move.step.name}"` : ""} is not the distribution the drafts were sampled from, so the accepted tokens no longer follow the target model.`,
    help: "Pass q: softmax(l) with the same logits l the drafts were drawn from with categorical(l) (stack them in draft order when drafting one token at a time).",
    span: ctx.where(verify),
    related: [
      { span: ctx.spanOf(draft), message: "The drafts are sampled here." },
      { span: ctx.spanOf(verify.op), message: "They are verified here with a different q." },
    ],
  });
}
