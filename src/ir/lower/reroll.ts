/**
 * Re-rolling of an unrolled refine loop. Lowering evaluates the step once per schedule
 * interval, so static conditions (first step, last step s = 0, state initialisation) are
 * resolved per iteration and every schedule-derived scalar is a folded immediate. Consecutive
 * iterations whose op lists have the same structure are merged back into one `loop` whose
 * varying immediates become columns of a constant table; other iterations stay inline.
 */
import type { BasicOp, Op, Operand, ValueId, ValueType } from "../ir.js";
import { isValueId } from "../ir.js";
import type { Emitter } from "./emitter.js";

export interface Iteration {
  readonly ops: readonly Op[];
  /** Carried dynamic values entering the iteration (state first, then `state` tensors). */
  readonly inputs: readonly ValueId[];
  /** The same carried values leaving the iteration, in the same order. */
  readonly outputs: readonly Operand[];
  readonly types: readonly ValueType[];
  /** Iterations can only merge when their carried signatures are equal. */
  readonly signature: string;
}

interface Shape {
  readonly key: string;
  readonly immediates: number[];
}

/** Structure key of an iteration: ids renamed canonically, immediates and streams erased. */
function shapeOf(it: Iteration): Shape | undefined {
  const names = new Map<string, string>();
  it.inputs.forEach((id, i) => names.set(id, `$in${i}`));
  const immediates: number[] = [];
  const parts: unknown[] = [];
  const rename = (o: Operand): unknown => {
    if (typeof o === "number") { immediates.push(o); return "#"; }
    if (isValueId(o)) return names.get(o) ?? o;
    return o;
  };
  for (const op of it.ops) {
    if (!("args" in op)) return undefined; // nested structured ops never merge
    const { stream: _s, ...attrs } = (op.attrs ?? {}) as Record<string, unknown>;
    parts.push([op.op, op.args.map(rename), attrs, op.type]);
    if (op.out) names.set(op.out, `$v${names.size}`);
  }
  parts.push(it.outputs.map(rename), it.signature);
  return { key: JSON.stringify(parts), immediates };
}

function renameOperand(o: Operand, alias: ReadonlyMap<string, Operand>): Operand {
  return isValueId(o) ? alias.get(o) ?? o : o;
}

function renameOp(op: Op, alias: ReadonlyMap<string, Operand>): Op {
  if (!("args" in op)) return op;
  return { ...op, args: op.args.map((a) => renameOperand(a, alias)) };
}

/** Tag a basic op with the schedule interval it was emitted for (provenance for the checks). */
function withIter(op: Op, iter: number): Op {
  return "args" in op ? { ...op, attrs: { ...op.attrs, iter } } : op;
}

/**
 * Emit the iterations, merging runs of equal structure into loops. Returns the operands that
 * hold the carried values after the last iteration.
 */
export function emitIterations(emitter: Emitter, iterations: readonly Iteration[], initial: readonly Operand[], minRun = 2): Operand[] {
  const shapes = iterations.map(shapeOf);
  const alias = new Map<string, Operand>();
  let current = [...initial];
  let i = 0;
  while (i < iterations.length) {
    let j = i + 1;
    const key = shapes[i]?.key;
    while (key !== undefined && j < iterations.length && shapes[j]?.key === key) j++;
    const it = iterations[i]!;
    if (j - i < minRun) {
      for (const op of it.ops) emitter.emit(withIter(renameOp(op, alias), i));
      current = it.outputs.map((o) => renameOperand(o, alias));
      i += 1;
      continue;
    }
    current = emitLoop(emitter, iterations.slice(i, j), shapes.slice(i, j) as Shape[], current, alias, i);
    const last = iterations[j - 1]!;
    last.outputs.forEach((o, k) => { if (isValueId(o)) alias.set(o, current[k]!); });
    i = j;
  }
  return current;
}

function emitLoop(emitter: Emitter, run: readonly Iteration[], shapes: readonly Shape[], init: readonly Operand[], alias: Map<string, Operand>, firstIter: number): Operand[] {
  const first = run[0]!;
  const count = shapes[0]!.immediates.length;
  const varying: number[] = [];
  for (let k = 0; k < count; k++) {
    const v0 = shapes[0]!.immediates[k];
    if (shapes.some((s) => !Object.is(s.immediates[k], v0))) varying.push(k);
  }
  // Positions with the same values in every iteration share one column.
  const column = new Map<number, number>();
  const columnOf = new Map<string, number>();
  const columns: number[] = [];
  for (const k of varying) {
    const key = JSON.stringify(shapes.map((s) => s.immediates[k]));
    let c = columnOf.get(key);
    if (c === undefined) { c = columns.length; columns.push(k); columnOf.set(key, c); }
    column.set(k, c);
  }
  const table = shapes.map((s) => columns.map((k) => s.immediates[k]!));
  const params = first.inputs.map(() => emitter.fresh());
  const inner = new Map<string, Operand>(first.inputs.map((id, k) => [id, params[k]!]));
  let position = 0;
  const body: Op[] = first.ops.map((op) => {
    const b = op as BasicOp;
    const args = b.args.map((a) => {
      if (typeof a === "number") {
        const col = column.get(position++);
        return col === undefined ? a : { col };
      }
      return renameOperand(renameOperand(a, inner), alias);
    });
    return withIter({ ...b, args }, firstIter);
  });
  const outs = first.inputs.map(() => emitter.fresh());
  emitter.emit({
    op: "loop",
    count: run.length,
    table,
    carried: params.map((param, k) => ({ param, init: init[k]!, type: first.types[k]! })),
    body,
    yields: first.outputs.map((o) => renameOperand(o, inner)),
    outs,
  });
  return outs;
}
