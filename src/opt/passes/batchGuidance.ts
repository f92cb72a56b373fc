/**
 * Batch classifier-free guidance: two calls of the same model on the same state and time that
 * differ only in the condition become one call over a doubled batch (`model_batched`), whose
 * halves are taken apart with `pick`. One model call per guided evaluation instead of two.
 */
import type { BasicOp, IRProcedure, Op, Operand, ValueType } from "../../ir/ir.js";
import type { Pass } from "../pipeline.js";

const same = (a: Operand, b: Operand) => JSON.stringify(a) === JSON.stringify(b);

function isCondCall(op: Op): op is BasicOp {
  return op.op === "model" && "args" in op && JSON.stringify(op.attrs?.ports) === JSON.stringify(["x", "t", "cond"]);
}

function rewrite(ops: readonly Op[], fresh: () => string, changes: string[]): Op[] {
  const out: Op[] = [];
  const consumed = new Set<number>();
  ops.forEach((op, i) => {
    if (consumed.has(i)) return;
    if (!("args" in op)) { out.push({ ...op, body: rewrite(op.body, fresh, changes) } as Op); return; }
    if (isCondCall(op)) {
      const j = ops.findIndex((o, k) => k > i && !consumed.has(k) && isCondCall(o) && o.attrs!.model === op.attrs!.model && same(o.args[0]!, op.args[0]!) && same(o.args[1]!, op.args[1]!));
      if (j > 0) {
        const other = ops[j] as BasicOp;
        consumed.add(j);
        const inner = (op.type as ValueType & { shape: number[] }).shape;
        const pair = fresh();
        out.push({ op: "model_batched", out: pair, type: { kind: "f32", shape: [2, ...inner] }, args: [op.args[0]!, op.args[1]!, op.args[2]!, other.args[2]!], attrs: op.attrs!, ...(op.loc ? { loc: op.loc } : {}) });
        out.push({ op: "pick", out: op.out!, type: op.type!, args: [pair], attrs: { index: 0 } });
        out.push({ op: "pick", out: other.out!, type: other.type!, args: [pair], attrs: { index: 1 } });
        changes.push(`batched the conditional and null calls of model "${String(op.attrs!.model)}" into one call${op.loc ? ` (${op.loc.split("/").pop()})` : ""}`);
        return;
      }
    }
    out.push(op);
  });
  return out;
}

export const batchGuidancePass: Pass = {
  name: "batch-guidance",
  optLevel: 1,
  run(ir: IRProcedure) {
    let max = 0;
    JSON.stringify(ir.body, (_k, v) => { if (typeof v === "string" && /^%\d+$/.test(v)) max = Math.max(max, Number(v.slice(1))); return v; });
    const fresh = () => `%${++max}`;
    const changes: string[] = [];
    const body = rewrite(ir.body, fresh, changes);
    return { ir: { ...ir, body }, changes };
  },
};
