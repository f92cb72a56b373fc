/**
 * Missing target time (DESIGN.md §3; methods.md §6 R1, §7).
 *
 * A refine whose model calls are all *local* — denoiser calls (x_t, t), no flow map given the
 * target s — asks the network to land at s without telling it which s. For a large jump this is
 * biased whatever the training: one step from pure noise returns E[x0 | x_T], the data mean.
 *
 * - error: the schedule is a single jump from pure noise (the first time is the model's t_max
 *   or the noise end, α·c/σ ≤ 0.02) to the data end (0 or the model's t_min);
 * - warning: the Gaussian proxy — the move's ops evaluated on N(0, c²) data with the exact
 *   denoiser, c = sigma_data — shrinks the std by more than `tol` (default 2%). For one
 *   DDIM/Euler step per interval this is ∏ cos(θ_t − θ_s), θ = atan2(σ, α·c); Heun's corrector
 *   or DPM-Solver++'s multistep state are accounted for because the proxy runs the step.
 *
 * Consistency models are not local in this sense (their endpoint map is a sample, not a
 * posterior mean): ConsistencyDeterministicJumpRule covers them.
 */
import type { ModelRef, MoveInfo } from "../../ir/ir.js";
import { sigmaOf } from "../../ir/lower/paths.js";
import { fmt, type CheckContext } from "../context.js";
import { dataScale, scheduleProxy, stepProxy, theta } from "../gaussianProxy.js";
import { measureTargetTime } from "../quantify/targetTime.js";
import type { ProcedureRule } from "../rule.js";

function timeRange(m: ModelRef): readonly number[] | undefined {
  const t = m.attrs.time;
  return Array.isArray(t) && t.length === 2 && t.every((x) => typeof x === "number") ? (t as number[]) : undefined;
}

/** Pure noise: the model's t_max, or a time where the signal α·c is under 2% of the noise σ. */
function isPureNoise(m: ModelRef, t: number): boolean {
  const path = m.attrs.path as string;
  const hi = timeRange(m)?.[1];
  return (hi !== undefined && t >= hi * (1 - 1e-9)) || theta(path, t, dataScale(m)) >= Math.atan2(1, 0.02);
}

/** The data end: t = 0, the model's t_min, or a time without noise. */
function isDataEnd(m: ModelRef, t: number): boolean {
  const lo = timeRange(m)?.[0];
  return t === 0 || (lo !== undefined && t <= lo * (1 + 1e-9)) || sigmaOf(m.attrs.path as string, t) === 0;
}

/** "38%", or "4.5%" under 10%. */
function percent(x: number): string {
  const p = x * 100;
  return `${p < 10 ? Number(p.toFixed(1)) : Math.round(p)}%`;
}

function check(ctx: CheckContext, move: MoveInfo): void {
  const calls = ctx.sitesOf(move.id).filter((s) => s.op.op === "model");
  if (calls.length === 0 || calls.some((s) => ctx.portArg(s.op, "s") !== undefined)) return;
  const denoiser = calls.map((s) => ctx.modelOf(s.op)).find((m) => m?.contract === "denoiser");
  const path = denoiser?.attrs.path;
  if (!denoiser || typeof path !== "string") return;
  const schedule = move.schedule!;
  const c = dataScale(denoiser);
  const first = schedule[0]!;
  const last = schedule[schedule.length - 1]!;
  const proxy = scheduleProxy(schedule, path, c);
  const step = stepProxy(ctx, move, path, c);
  const ratio = step ?? proxy;
  const steps = schedule.length - 1;
  const stepName = move.step ? `"${move.step.name}"` : "the step";
  const callSpan = ctx.spanOf(calls[0]!.op);
  const data = {
    model: denoiser.id, steps, sigmaData: c, stdRatio: ratio, scheduleProxy: proxy,
    ...(step === undefined ? {} : { stepProxy: step }), tolerance: ctx.options.tol,
  };
  const related = [{ span: callSpan, message: `"${denoiser.id}" is called with (x, t) only: it is never given the target time s.` }];
  const measure = measureTargetTime(ctx.ir, move, denoiser, (scale) => stepProxy(ctx, move, path, scale) ?? scheduleProxy(schedule, path, scale));
  if (steps === 1 && isPureNoise(denoiser, first) && isDataEnd(denoiser, last)) {
    ctx.report({
      code: "missing-target-time",
      message: `One step of ${stepName} from pure noise (t = ${fmt(first)}) to t = ${fmt(last)} with "${denoiser.id}", which never receives the target time, returns E[x0 | x_${fmt(first)}]: the samples collapse to the data mean (std × ${fmt(ratio)}).`,
      help: `Use a flow-map model that takes the target time (a flowmap contract with jump), or many small steps (e.g. karras(steps: 40) with heun).`,
      span: move.span, related, data, measure,
    });
    return;
  }
  if (ratio < 1 - ctx.options.tol) {
    ctx.report({
      code: "missing-target-time",
      severity: "warning",
      message: `The ${steps}-step schedule is too coarse for ${stepName}, whose calls of "${denoiser.id}" never see the target time: on Gaussian data of scale ${fmt(c)} it shrinks the std by ${percent(1 - ratio)}.`,
      help: `Use more steps, a higher-order step (heun, dpmpp_2m), or a flow-map model that takes the target time (a flowmap contract with jump).`,
      span: move.span, related, data, measure,
    });
  }
}

export const MissingTargetTimeRule: ProcedureRule = {
  kind: "procedure",
  name: "MissingTargetTimeRule",
  codes: ["missing-target-time"],
  check(ctx) {
    for (const move of ctx.refineMoves()) check(ctx, move);
  },
};
