/**
 * Schedules that are not monotone (DESIGN.md §3 "time conventions and ranges agree").
 *
 * A refine moves its state through the times of its schedule, one interval t -> s at a time;
 * every sampler of the standard library, and every path, assumes those times move steadily
 * from one end to the other. A schedule that turns back or repeats a time (a zero-length or
 * backward step) is a mistake in the schedule, whatever step uses it. The intended direction is
 * the one from the first time to the last.
 */
import type { MoveInfo } from "../../ir/ir.js";
import type { CheckContext } from "../context.js";
import { fmt } from "../context.js";
import type { ProcedureRule } from "../rule.js";

/** The first interval i where schedule[i] -> schedule[i+1] does not move in the overall direction. */
export function firstNonMonotone(schedule: readonly number[]): number | undefined {
  const down = schedule[schedule.length - 1]! <= schedule[0]!;
  for (let i = 0; i + 1 < schedule.length; i++) {
    const a = schedule[i]!, b = schedule[i + 1]!;
    if (down ? !(b < a) : !(b > a)) return i;
  }
  return undefined;
}

function check(ctx: CheckContext, move: MoveInfo): void {
  const schedule = move.schedule!;
  const i = firstNonMonotone(schedule);
  if (i === undefined) return;
  const a = schedule[i]!, b = schedule[i + 1]!;
  const down = schedule[schedule.length - 1]! <= schedule[0]!;
  const what = a === b ? `repeats the time ${fmt(a)}` : `goes from ${fmt(a)} back to ${fmt(b)}`;
  ctx.report({
    code: "schedule-not-monotone",
    message: `The schedule is not strictly ${down ? "decreasing" : "increasing"}: step ${i + 1} ${what}.`,
    help: `Make the times strictly ${down ? "decreasing" : "increasing"} from the first to the last (remove or reorder the offending times).`,
    span: ctx.scheduleSpan(move),
    data: { step: i + 1, from: a, to: b },
  });
}

export const ScheduleMonotoneRule: ProcedureRule = {
  kind: "procedure",
  name: "ScheduleMonotoneRule",
  codes: ["schedule-not-monotone"],
  check(ctx) {
    for (const move of ctx.refineMoves()) check(ctx, move);
  },
};
