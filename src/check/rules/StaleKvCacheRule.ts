/**
 * KV cache over positions that are not committed (DESIGN.md §3 "a KV cache is only reused over
 * committed positions"; methods.md §6 R8, §5 BD3-LM and Fast-dLLM).
 *
 * Cached keys and values are only valid while the tokens they were computed from stay fixed. A
 * decoder's cache holds the committed prefix; an `unmask` model with a cache is exact only in
 * the BD3-LM arrangement: a block-causal model refining the newest block (`y.tail(K)` inside
 * `expand y by K masked`), with the committed blocks before it in the cache. A refine that
 * revises the whole sequence (no `.tail` window, or not inside a block expansion) would cache
 * positions it is still unmasking: stale keys and values (Fast-dLLM's caches are approximate
 * for this reason). Error, or a warning when the move is marked `@approx`.
 */
import type { MoveInfo } from "../../ir/ir.js";
import type { CheckContext } from "../context.js";
import type { ProcedureRule } from "../rule.js";

/** Whether a refine revises only the newest block of a block expansion (its prefix is committed). */
function revisesOnlyNewBlock(ctx: CheckContext, move: MoveInfo): boolean {
  const parent = move.parent === undefined ? undefined : ctx.move(move.parent);
  return move.window !== undefined && parent?.kind === "expand_block";
}

export const StaleKvCacheRule: ProcedureRule = {
  kind: "procedure",
  name: "StaleKvCacheRule",
  codes: ["stale-kv-cache"],
  check(ctx: CheckContext) {
    const reported = new Set<string>();
    for (const site of ctx.sites) {
      const m = site.op.op === "unmask_logits" ? ctx.modelOf(site.op) : undefined;
      const move = site.move === undefined ? undefined : ctx.move(site.move);
      if (!m || m.cache.length === 0 || move?.kind !== "refine" || revisesOnlyNewBlock(ctx, move)) continue;
      const key = `${m.id}\0${move.id}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const approx = ctx.isApprox(move.id);
      ctx.report({
        code: "stale-kv-cache",
        severity: approx ? "warning" : "error",
        message: `Model "${m.id}" reuses a KV cache over positions this refine is still unmasking, so the cached keys and values go stale${approx ? " (accepted as approximate by @approx)" : ""}.`,
        help: `Refine only the newest block (refine y.tail(K) inside expand y by K masked) so the cache holds committed tokens only, remove the cache bindings of "${m.id}", or mark the move @approx.`,
        span: move.span,
        related: [
          { span: ctx.spanOf(site.op), message: `"${m.id}" is called here on positions that are not committed yet.` },
          { span: m.loc ? ctx.options.sources.spanOfLoc(m.loc) : undefined, message: `"${m.id}" binds a cache.` },
        ],
        data: { model: m.id },
      });
    }
  },
};
