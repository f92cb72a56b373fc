/**
 * Collects emitted ops into nested op lists (one per loop body being built) and hands out
 * fresh SSA ids and random-stream ids.
 */
import type { Op, Operand, ValueId, ValueType } from "../ir.js";

export class Emitter {
  private nextValue = 0;
  private nextStream = 0;
  private readonly stack: Op[][] = [[]];
  /** The innermost move being lowered; its id tags every op emitted meanwhile. */
  move: number | undefined;

  fresh(): ValueId {
    return `%${this.nextValue++}`;
  }

  /** A new id for a random op: sample i's draws depend on (seed, i, stream, draw count). */
  stream(): number {
    return this.nextStream++;
  }

  emit(op: Op): void {
    this.stack[this.stack.length - 1]!.push(op);
  }

  /** Emit a basic op and return its result id. */
  value(op: string, type: ValueType, args: readonly Operand[], attrs?: Record<string, unknown>, loc?: string): ValueId {
    const out = this.fresh();
    const tagged = this.move === undefined ? attrs : { ...attrs, move: this.move };
    this.emit({ op, out, type, args, ...(tagged ? { attrs: tagged } : {}), ...(loc ? { loc } : {}) });
    return out;
  }

  /** Run `build` with a fresh op list and return the ops it emitted. */
  collect<T>(build: () => T): { ops: Op[]; result: T } {
    this.stack.push([]);
    try {
      const result = build();
      return { ops: this.stack[this.stack.length - 1]!, result };
    } finally {
      this.stack.pop();
    }
  }

  get ops(): readonly Op[] {
    return this.stack[0]!;
  }
}
