/**
 * Dead-code elimination: drop basic ops whose result is never used (model calls included:
 * they are pure). Random ops can be dropped too, because every random op owns its stream, so
 * removing one does not shift the draws of another. Runs to a fixpoint.
 */
import type { IRProcedure, Op, Operand } from "../../ir/ir.js";
import { isValueId } from "../../ir/ir.js";
import type { Pass } from "../pipeline.js";

function collectUses(ops: readonly Op[], used: Set<string>): void {
  const use = (o: Operand) => { if (isValueId(o)) used.add(o); };
  for (const op of ops) {
    if ("args" in op) op.args.forEach(use);
    else if (op.op === "loop") { op.carried.forEach((c) => use(c.init)); op.yields.forEach(use); collectUses(op.body, used); }
    else { use(op.init); use(op.yield); if (op.until.length !== undefined) use(op.until.length); collectUses(op.body, used); }
  }
}

function sweep(ops: readonly Op[], used: ReadonlySet<string>, removed: string[]): Op[] {
  const out: Op[] = [];
  for (const op of ops) {
    if ("args" in op) {
      if (op.out && !used.has(op.out) && op.op !== "input") { removed.push(`${op.op} ${op.out}${op.loc ? ` (${op.loc.split("/").pop()})` : ""}`); continue; }
      out.push(op);
    } else {
      out.push({ ...op, body: sweep(op.body, used, removed) } as Op);
    }
  }
  return out;
}

export const deadCodePass: Pass = {
  name: "dead-code",
  optLevel: 1,
  run(ir: IRProcedure) {
    let body = ir.body;
    const changes: string[] = [];
    for (;;) {
      const used = new Set<string>();
      collectUses(body, used);
      if (isValueId(ir.result)) used.add(ir.result);
      const removed: string[] = [];
      body = sweep(body, used, removed);
      if (removed.length === 0) break;
      changes.push(...removed.map((r) => `removed unused ${r}`));
    }
    return { ir: { ...ir, body }, changes };
  },
};
