/**
 * `sample_next`: one decoding step — the next-token logits of a token model, warped and then
 * drawn from (or argmaxed) — as one kernel (the fuse-sampling pass builds it from the chain
 * `next_logits → warpers* → categorical | argmax`). The warpers run in place on the call's
 * logits, in the model call's callback, and the draw uses the categorical op's stream: the same
 * functions in the same order on the same values, so the same bits as the chain.
 */
import type { BasicOp } from "../../ir/ir.js";
import { applyMinP, applyRepetitionPenalty, applyTemperature, applyTopK, applyTopP, argmaxRows } from "../sampling/index.js";
import { attr, drawCategorical, type Kernel } from "./context.js";
import { LAST, modelOf, perGroup, tokensArg } from "./modelKernels.js";
import { i32, SCALAR } from "./values.js";

type Warp = (logits: Float32Array, V: number, value: number, seqs: readonly Int32Array[]) => void;

const WARPS: Readonly<Record<string, Warp>> = {
  temperature: (l, V, t) => applyTemperature(l, V, t),
  top_k: (l, V, k) => applyTopK(l, V, k),
  top_p: (l, V, p) => applyTopP(l, V, p),
  min_p: (l, V, p) => applyMinP(l, V, p),
  repetition_penalty: (l, V, penalty, seqs) => applyRepetitionPenalty(l, V, penalty, seqs),
};

/** A checked `sample_next` op: its warpers resolved to functions. */
interface SampleStep {
  readonly warps: readonly Warp[];
  readonly values: readonly number[];
  readonly argmax: boolean;
}

/** Checked once per op object (plans may come from anywhere; the decoding loop runs the op per token). */
const STEPS = new WeakMap<BasicOp, SampleStep>();

function stepOf(op: BasicOp): SampleStep {
  let step = STEPS.get(op);
  if (step) return step;
  const warpers = attr<unknown>(op, "warpers");
  const pick = attr<unknown>(op, "pick");
  if (!Array.isArray(warpers)) throw new Error("sample_next needs attrs.warpers, a list of [warper, value]");
  const warps: Warp[] = [];
  const values: number[] = [];
  for (const w of warpers) {
    const f = Array.isArray(w) && w.length === 2 && typeof w[1] === "number" ? WARPS[w[0] as string] : undefined;
    if (!f) throw new Error(`sample_next: ${JSON.stringify(w)} is not [${Object.keys(WARPS).join("|")}, number]`);
    warps.push(f);
    values.push(w[1] as number);
  }
  if (pick !== "categorical" && pick !== "argmax") throw new Error(`sample_next: attrs.pick must be "categorical" or "argmax", got ${JSON.stringify(pick)}`);
  if (pick === "categorical" && !Number.isInteger(attr<unknown>(op, "stream"))) throw new Error("sample_next: a categorical pick needs an integer attrs.stream");
  step = { warps, values, argmax: pick === "argmax" };
  STEPS.set(op, step);
  return step;
}


export const SAMPLE_KERNELS: Readonly<Record<string, Kernel>> = {
  sample_next: (ctx, op, args, rows) => {
    const step = stepOf(op);
    const m = modelOf(ctx, op);
    const V = m.attrs.vocab as number;
    const seqs = tokensArg(args[0]).seqs;
    return perGroup(ctx, m, rows, seqs, V, LAST, SCALAR, (logits) => {
      for (let w = 0; w < step.warps.length; w++) step.warps[w]!(logits, V, step.values[w]!, seqs);
      if (step.argmax) return i32(argmaxRows(logits, V, new Int32Array(rows.length)), SCALAR);
      return i32(drawCategorical(ctx, op, rows, logits, V, 1), SCALAR);
    });
  },
};
