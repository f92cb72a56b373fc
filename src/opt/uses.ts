/** Use counts of SSA values, shared by the passes that inline single-use values. */
import type { IRProcedure, Op, Operand } from "../ir/ir.js";
import { isValueId } from "../ir/ir.js";

/** How many times each value is used, anywhere in `ops` (loop and expansion operands included). */
function countUses(ops: readonly Op[], uses: Map<string, number>): void {
  const use = (o: Operand) => { if (isValueId(o)) uses.set(o, (uses.get(o) ?? 0) + 1); };
  for (const op of ops) {
    if ("args" in op) op.args.forEach(use);
    else if (op.op === "loop") { op.carried.forEach((c) => use(c.init)); op.yields.forEach(use); countUses(op.body, uses); }
    else { use(op.init); use(op.yield); if (op.until.length !== undefined) use(op.until.length); countUses(op.body, uses); }
  }
}

/** Use counts over a whole procedure, its result included. */
export function procedureUses(ir: IRProcedure): Map<string, number> {
  const uses = new Map<string, number>();
  countUses(ir.body, uses);
  if (isValueId(ir.result)) uses.set(ir.result, (uses.get(ir.result) ?? 0) + 1);
  return uses;
}
