/**
 * Parallel unmasking (DESIGN.md §3 "Incorrect factorization"; methods.md §6 R5, §5 MDLM/LLaDA).
 *
 * An `unmask` model returns per-position marginals of the masked positions given the visible
 * ones. `commit(y, logits, n: N)` with N > 1 draws N positions independently from those
 * marginals in one call: the product of marginals, an approximation of the joint (the poker
 * pairs of methods.md §7 come out valid with probability 1/4). The quota is read per schedule
 * interval (the `n` of each commit). A warning, or info when the move (or an enclosing one) is
 * marked `@approx`. `commit_threshold` (confidence threshold, greedy) is exempt: under its
 * high-confidence condition the greedy joint and the product agree (Fast-dLLM).
 */
import type { CheckContext } from "../context.js";
import { logitSources } from "../dataflow.js";
import type { ProcedureRule } from "../rule.js";

export const ParallelUnmaskingRule: ProcedureRule = {
  kind: "procedure",
  name: "ParallelUnmaskingRule",
  codes: ["parallel-unmasking"],
  check(ctx: CheckContext) {
    const byMove = new Map<number | undefined, { maxN: number; steps: number; total: number; site: (typeof ctx.sites)[number]; model: string }>();
    for (const site of ctx.sites) {
      if (site.op.op !== "commit") continue;
      const source = logitSources(ctx, site.op.args[1]!).find((s) => s.op.op === "unmask_logits");
      if (!source) continue;
      const n = typeof site.op.attrs?.n === "number" ? site.op.attrs.n : 1;
      const runs = site.loop?.count ?? 1;
      const entry = byMove.get(site.move) ?? { maxN: 0, steps: 0, total: 0, site, model: ctx.modelOf(source.op)?.id ?? "?" };
      entry.total += runs;
      if (n > 1) entry.steps += runs;
      if (n > entry.maxN) { entry.maxN = n; entry.site = site; }
      byMove.set(site.move, entry);
    }
    for (const [moveId, e] of byMove) {
      if (e.maxN <= 1) continue;
      const approx = ctx.isApprox(moveId);
      ctx.report({
        code: "parallel-unmasking",
        severity: approx ? "info" : "warning",
        message: `${e.steps === e.total ? `Each of the ${e.total} steps commits` : `${e.steps} of the ${e.total} steps commit`} up to ${e.maxN} positions from one call of unmask model "${e.model}", drawing them independently from their marginals: the product of marginals, an approximation of the joint.`,
        help: approx
          ? "The move is marked @approx; commit one position per call to make it exact."
          : "Commit one position per call (as many steps as masked positions), use unmask_threshold (greedy confidence threshold), or mark the move @approx if the approximation is intended.",
        span: ctx.where(e.site),
        related: [{ span: ctx.spanOf(e.site.op), message: `Up to ${e.maxN} positions are committed here from one set of marginals.` }],
        data: { model: e.model, maxPerCall: e.maxN, parallelSteps: e.steps, steps: e.total },
      });
    }
  },
};
