/**
 * Static cost of a procedure along the two axes of inference: model calls per model, the
 * sequential depth along refinement (refine iterations in sequence) and along expansion
 * (expand iterations), and KV-cache memory. Computed from the IR alone; expansion counts are
 * upper bounds (a sample may stop at eos, and speculative steps may append several tokens).
 */
import type { IRProcedure, InputSpec, Op } from "../ir/ir.js";

const MODEL_OPS: Readonly<Record<string, number>> = {
  model: 1, model_batched: 1, next_logits: 1, score_logits: 1, heads_logits: 1, unmask_logits: 1, sample_next: 1,
};

export interface CostReport {
  /** Upper bound on calls per model id, per sample batch. */
  readonly calls: Readonly<Record<string, number>>;
  readonly refineDepth: number;
  readonly expandDepth: number;
  /** Longest token sequence the procedure can build (for cache sizing). */
  readonly maxLength?: number;
  /** True when some count depends on data (eos, accepted drafts) and is an upper bound. */
  readonly bounded: boolean;
}

function initialLength(ir: IRProcedure, init: unknown, ops: readonly Op[]): number {
  const def = ops.find((o) => "out" in o && o.out === init);
  if (def && "args" in def) {
    if (def.op === "tokens_fill") return def.attrs?.n as number;
    if (def.op === "input") {
      const spec = ir.inputs.find((i: InputSpec) => i.out === init);
      return Array.isArray(spec?.default) ? spec.default.length : 1;
    }
  }
  return 1;
}

export function estimateCost(ir: IRProcedure): CostReport {
  const calls: Record<string, number> = {};
  /** How many times the ops of a move run per sample (moves nested in expansions repeat). */
  const moveRepeats = new Map<number, number>();
  let bounded = false;
  let maxLength: number | undefined;
  const walk = (ops: readonly Op[], times: number, expandTimes: number): { refine: number; expand: number } => {
    let refine = 0;
    let expand = 0;
    for (const op of ops) {
      if ("args" in op) {
        const move = op.attrs?.move;
        if (typeof move === "number" && !moveRepeats.has(move)) moveRepeats.set(move, expandTimes);
        if (op.op in MODEL_OPS) {
          const id = String(op.attrs?.model);
          calls[id] = (calls[id] ?? 0) + times;
        }
        continue;
      }
      if (op.op === "loop") {
        const inner = walk(op.body, times * op.count, expandTimes);
        refine += op.count * Math.max(1, inner.refine);
        expand += op.count * inner.expand;
        continue;
      }
      const length = typeof op.until.length === "number" ? op.until.length : undefined;
      const start = initialLength(ir, op.init, ir.body);
      if (length === undefined) { bounded = true; continue; }
      maxLength = Math.max(maxLength ?? 0, length);
      const iterations = op.op === "expand_block" ? Math.ceil((length - start) / op.by) : length - start;
      if (op.op === "expand" || op.until.eos !== undefined) bounded = true;
      const inner = walk(op.body, times * iterations, expandTimes * iterations);
      expand += iterations * Math.max(1, inner.expand);
      refine += iterations * inner.refine;
    }
    return { refine, expand };
  };
  const depth = walk(ir.body, 1, 1);
  // Refinement depth counts schedule intervals, including iterations lowering left inline.
  let refineDepth = depth.refine;
  if (ir.moves) {
    refineDepth = 0;
    for (const m of ir.moves) {
      if (m.kind !== "refine" || !m.schedule) continue;
      refineDepth += (m.schedule.length - 1) * (moveRepeats.get(m.id) ?? 1);
    }
  }
  return { calls, refineDepth, expandDepth: depth.expand, ...(maxLength !== undefined ? { maxLength } : {}), bounded };
}
