/**
 * Schedules outside the model's time range (DESIGN.md §3 "time conventions and ranges agree").
 *
 * A continuous contract may declare `time: [lo, hi]`, the range it was trained on. Checked on
 * the times each refine interval actually feeds the model (its `t` input, and for a flow map the
 * target time its second input denotes), so a schedule point the step never passes to the model
 * (Heun skips the call at s = 0) is not a problem. A flow map may target the data end (0, or 1
 * when noise is at 0) even when `lo` is above it.
 */
import type { ModelRef, MoveInfo } from "../../ir/ir.js";
import type { CheckContext } from "../context.js";
import { fmt } from "../context.js";
import type { ProcedureRule } from "../rule.js";
import { noiseAtZero } from "./FlowmapConventionRule.js";

const outside = (t: number, lo: number, hi: number): boolean => t < lo - 1e-9 * Math.max(1, Math.abs(lo)) || t > hi + 1e-9 * Math.max(1, Math.abs(hi));

function check(ctx: CheckContext, move: MoveInfo): void {
  const seen = new Set<ModelRef>();
  for (const it of ctx.iterations(move)) {
    for (const x of it.sites) {
      const m = x.site.op.op === "model" ? ctx.modelOf(x.site.op) : undefined;
      const range = m?.attrs.time;
      if (!m || seen.has(m) || !Array.isArray(range) || typeof range[0] !== "number" || typeof range[1] !== "number") continue;
      const [lo, hi] = range as [number, number];
      const t = ctx.scalar(ctx.portArg(x.site.op, "t"), x);
      const v = ctx.scalar(ctx.portArg(x.site.op, "s"), x);
      const r = v === undefined || t === undefined ? undefined : m.attrs.target === "stride" ? t - v : v;
      const dataEnd = noiseAtZero(m) ? 1 : 0;
      const bad = t !== undefined && outside(t, lo, hi) ? { what: "called at t", value: t }
        : r !== undefined && r !== dataEnd && outside(r, lo, hi) ? { what: "asked to jump to s", value: r } : undefined;
      if (!bad) continue;
      seen.add(m);
      ctx.report({
        code: "schedule-out-of-range",
        message: `Model "${m.id}" is ${bad.what} = ${fmt(bad.value)} (interval ${fmt(it.t)} -> ${fmt(it.s)}), outside its declared time range [${fmt(lo)}, ${fmt(hi)}].`,
        help: `Keep the schedule inside [${fmt(lo)}, ${fmt(hi)}] (e.g. set t_max/t_min of the schedule), or correct the model's declared time range.`,
        span: ctx.scheduleSpan(move),
        related: [{ span: ctx.spanOf(x.site.op), message: `"${m.id}" is called here.` }],
        data: { model: m.id, value: bad.value, range: [lo, hi] },
      });
    }
  }
}

export const ScheduleRangeRule: ProcedureRule = {
  kind: "procedure",
  name: "ScheduleRangeRule",
  codes: ["schedule-out-of-range"],
  check(ctx) {
    for (const move of ctx.refineMoves()) check(ctx, move);
  },
};
