/**
 * Elementwise fusion: a chain of add/sub/mul/div whose intermediate results have a single use
 * (by the next op of the chain, in the same block) becomes one `fused` op, evaluated in one loop
 * with one output allocation instead of one loop and one array per op. Bit-identical: the fused
 * kernel rounds every intermediate to float32 where the chain would store it.
 *
 * A `fused` op keeps the chain's leaf operands as its args (each distinct operand once) and the
 * chain as `attrs.code`: `[op, a, b]` per instruction, where register r < args.length is
 * argument r and register args.length + j is the result of instruction j; the last instruction
 * gives the output. The op keeps the root's out, type, loc and attrs (provenance).
 */
import type { BasicOp, IRProcedure, Op, Operand } from "../../ir/ir.js";
import { isValueId } from "../../ir/ir.js";
import type { Pass } from "../pipeline.js";
import { procedureUses } from "../uses.js";

const FUSABLE: ReadonlySet<string> = new Set(["add", "sub", "mul", "div"]);

function isFusable(op: Op): op is BasicOp & { readonly out: string } {
  return "args" in op && FUSABLE.has(op.op) && op.out !== undefined && op.args.length === 2 && op.type?.kind === "f32";
}

/** A stable key for an operand, to pass each distinct leaf once (-0 and 0 kept apart). */
function operandKey(o: Operand): string {
  if (typeof o === "string") return `v:${o}`;
  if (typeof o === "number") return `n:${Object.is(o, -0) ? "-0" : String(o)}`;
  return `c:${o.col}`;
}

const short = (loc: string | undefined) => (loc ? ` (${loc.split("/").pop()})` : "");

function fuseBlock(ops: readonly Op[], uses: ReadonlyMap<string, number>, changes: string[]): Op[] {
  // Fusable ops of this block by result, and which of them are inlined into a later one.
  const producers = new Map<string, BasicOp>();
  const inlined = new Set<string>();
  for (const op of ops) {
    if (!isFusable(op)) continue;
    for (const a of op.args) if (isValueId(a) && producers.has(a) && uses.get(a) === 1) inlined.add(a);
    producers.set(op.out, op);
  }
  const out: Op[] = [];
  for (const op of ops) {
    if (!("args" in op)) { out.push({ ...op, body: fuseBlock(op.body, uses, changes) } as Op); continue; }
    if (!isFusable(op)) { out.push(op); continue; }
    if (inlined.has(op.out)) continue; // evaluated inside the op that uses it
    if (!op.args.some((a) => isValueId(a) && inlined.has(a))) { out.push(op); continue; }
    // Post-order over the chain: leaves become args, ops become instructions.
    const args: Operand[] = [];
    const argIndex = new Map<string, number>();
    const code: [string, { arg: number } | { ins: number }, { arg: number } | { ins: number }][] = [];
    const members: string[] = [];
    const visit = (o: Operand): { arg: number } | { ins: number } => {
      if (isValueId(o) && inlined.has(o)) return emit(producers.get(o)!);
      const key = operandKey(o);
      let k = argIndex.get(key);
      if (k === undefined) { k = args.length; args.push(o); argIndex.set(key, k); }
      return { arg: k };
    };
    const emit = (p: BasicOp): { ins: number } => {
      const a = visit(p.args[0]!);
      const b = visit(p.args[1]!);
      code.push([p.op, a, b]);
      members.push(`${p.op} ${p.out}`);
      return { ins: code.length - 1 };
    };
    emit(op);
    const reg = (r: { arg: number } | { ins: number }) => ("arg" in r ? r.arg : args.length + r.ins);
    out.push({
      op: "fused",
      out: op.out,
      type: op.type!,
      args,
      attrs: { ...op.attrs, code: code.map(([name, a, b]) => [name, reg(a), reg(b)]) },
      ...(op.loc ? { loc: op.loc } : {}),
    });
    changes.push(`fused ${code.length} elementwise ops (${members.join(", ")}) into one loop${short(op.loc)}`);
  }
  return out;
}

export const fuseElementwisePass: Pass = {
  name: "fuse-elementwise",
  optLevel: 1,
  run(ir: IRProcedure) {
    const uses = procedureUses(ir);
    const changes: string[] = [];
    const body = fuseBlock(ir.body, uses, changes);
    return { ir: { ...ir, body }, changes };
  },
};
