/**
 * Flow-map conventions (methods.md §6 R3, §2 IMM, §3 flow-map family).
 *
 * A flowmap contract declares which end of time is noise (`noise_at`: 1 by default, as in
 * SD3/MeanFlow/IMM; 0 for shortcut models, Liu's rectified flow and FMM; `ve` always has noise
 * at large t) and what its second time input means (`target: s`, the target time, or
 * `target: stride`, t − s, IMM's two embeddings). Checked per schedule interval on the
 * operands the IR actually feeds the model:
 *
 * - the schedule must run from the noise end toward the data end;
 * - a call from the interval's time t must not feed the stride t − s to a `target: s` model,
 *   nor the target s to a `target: stride` model;
 * - the target time r a call asks for must not lie on the noise side of t (MeanFlow's r ≤ t).
 */
import type { ModelRef, MoveInfo } from "../../ir/ir.js";
import type { CheckContext } from "../context.js";
import { fmt } from "../context.js";
import type { ProcedureRule } from "../rule.js";

/** Whether noise sits at t = 0 (then times must increase). */
export function noiseAtZero(m: ModelRef): boolean {
  return m.attrs.path !== "ve" && (m.attrs.noise_at === 0 || m.attrs.noise_at === "0");
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function noiseEnd(m: ModelRef): string {
  if (m.attrs.path === "ve") return "at large t (path ve)";
  return noiseAtZero(m) ? "at t = 0 (noise_at: 0)" : "at t = 1 (noise_at: 1)";
}

function checkModel(ctx: CheckContext, move: MoveInfo, m: ModelRef): void {
  const schedule = move.schedule!;
  const first = schedule[0]!;
  const last = schedule[schedule.length - 1]!;
  const atZero = noiseAtZero(m);
  const stepName = move.step ? `Step "${move.step.name}"` : "This step";
  if (first !== last && (last > first) !== atZero) {
    ctx.report({
      code: "flowmap-convention",
      message: `Model "${m.id}" has its noise ${noiseEnd(m)}, but this schedule runs from ${fmt(first)} to ${fmt(last)}, toward the noise end.`,
      help: m.attrs.path === "ve"
        ? "Reverse the schedule so the times decrease from noise to data."
        : `Reverse the schedule so the times run from noise to data, or declare noise_at: ${atZero ? 1 : 0} if the model puts noise at t = ${atZero ? 1 : 0}.`,
      span: ctx.scheduleSpan(move),
      data: { model: m.id, noiseAt: m.attrs.path === "ve" ? "large t" : atZero ? 0 : 1 },
    });
    return;
  }
  const stride = m.attrs.target === "stride";
  let wrongInput = false;
  let wrongSide = false;
  for (const it of ctx.iterations(move)) {
    for (const x of it.sites) {
      if (x.site.op.op !== "model" || ctx.modelOf(x.site.op) !== m) continue;
      const t = ctx.scalar(ctx.portArg(x.site.op, "t"), x);
      const v = ctx.scalar(ctx.portArg(x.site.op, "s"), x);
      if (t === undefined || v === undefined) continue;
      const related = [{ span: ctx.spanOf(x.site.op), message: `"${m.id}" is called here.` }];
      const gap = it.t - it.s;
      if (!wrongInput && near(t, it.t) && !near(gap, it.s)) {
        if (!stride && near(v, gap)) {
          wrongInput = true;
          ctx.report({
            code: "flowmap-convention",
            message: `${stepName} feeds the stride t − s = ${fmt(v)} to model "${m.id}", which declares target: s and expects the target time s = ${fmt(it.s)} (interval ${fmt(it.t)} -> ${fmt(it.s)}).`,
            help: `Pass the target time, F(x, t, s), or declare target: stride if "${m.id}" was trained on t − s.`,
            span: move.span, related, data: { model: m.id, target: "s", fed: v, expected: it.s },
          });
        } else if (stride && near(v, it.s)) {
          wrongInput = true;
          ctx.report({
            code: "flowmap-convention",
            message: `${stepName} feeds the target time s = ${fmt(v)} to model "${m.id}", which declares target: stride and expects t − s = ${fmt(gap)} (interval ${fmt(it.t)} -> ${fmt(it.s)}).`,
            help: `Pass the stride, F(x, t, t - s), or declare target: s if "${m.id}" takes the target time.`,
            span: move.span, related, data: { model: m.id, target: "stride", fed: v, expected: gap },
          });
        }
      }
      const r = stride ? t - v : v;
      if (!wrongSide && !near(r, t) && (atZero ? r < t : r > t)) {
        wrongSide = true;
        ctx.report({
          code: "flowmap-convention",
          message: `${stepName} asks model "${m.id}" to map t = ${fmt(t)} to r = ${fmt(r)}, on the noise side of t (noise ${noiseEnd(m)}): a flow map only moves toward the data.`,
          help: "Pass the times in order, F(x, t, s), with s between t and the data end.",
          span: move.span, related, data: { model: m.id, t, r },
        });
      }
    }
  }
}

export const FlowmapConventionRule: ProcedureRule = {
  kind: "procedure",
  name: "FlowmapConventionRule",
  codes: ["flowmap-convention"],
  check(ctx: CheckContext) {
    for (const move of ctx.refineMoves()) {
      const models = new Set<ModelRef>();
      for (const s of ctx.sitesOf(move.id)) {
        const m = s.op.op === "model" ? ctx.modelOf(s.op) : undefined;
        if (m?.contract === "flowmap") models.add(m);
      }
      for (const m of models) checkModel(ctx, move, m);
    }
  },
};
