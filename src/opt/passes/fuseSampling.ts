/**
 * Sampling fusion: the decoding step `next_logits → warpers* → categorical | argmax`, run once
 * per generated token, becomes one `sample_next` op. Its kernel warps the model's logits in
 * place and draws from them in the callback of the model call: no intermediate logits tensor
 * per warper, no op dispatch and no extra promise hop between the call and the draw. The draws
 * are the chain's bits: the same warper functions in the same order, the categorical op's random
 * stream, one draw per execution.
 *
 * Fused only when the chain is contiguous in its block (the model call is not moved past any
 * other op, so model calls and their KV caches keep their order) and every intermediate value
 * has exactly one use, by the next op of the chain. `sample_next` keeps the model call's
 * attrs, loc and (as `args`) its token argument; `attrs.warpers` lists `[op, value]` in order,
 * `attrs.pick` the final op and `attrs.stream` its random stream (categorical only). A
 * temperature of 1 is dropped (it divides by one).
 */
import type { BasicOp, IRProcedure, Op } from "../../ir/ir.js";
import type { Pass } from "../pipeline.js";
import { procedureUses } from "../uses.js";

/** Warper ops and the attr holding their parameter. */
const WARPERS: Readonly<Record<string, string>> = {
  temperature: "temperature",
  top_k: "k",
  top_p: "p",
  min_p: "p",
  repetition_penalty: "penalty",
};

const PICKS: ReadonlySet<string> = new Set(["categorical", "argmax"]);

const isBasic = (op: Op | undefined): op is BasicOp & { readonly out: string } => op !== undefined && "args" in op && op.out !== undefined;

/**
 * The chain starting at `ops[i]` (a next_logits whose intermediates are single-use): the index of
 * its pick op, or -1.
 */
function chainEnd(ops: readonly Op[], i: number, uses: ReadonlyMap<string, number>): number {
  const head = ops[i];
  if (!isBasic(head) || head.op !== "next_logits") return -1;
  const tokens = head.args[0];
  let prev: string = head.out;
  for (let j = i + 1; j < ops.length; j++) {
    const op = ops[j];
    if (!isBasic(op) || uses.get(prev) !== 1 || op.args[0] !== prev) return -1;
    if (PICKS.has(op.op)) return op.args.length === 1 ? j : -1;
    const param = WARPERS[op.op];
    if (param === undefined || typeof op.attrs?.[param] !== "number") return -1;
    // The penalty's second argument must be the sequence the logits were computed for.
    if (op.args.length !== (op.op === "repetition_penalty" ? 2 : 1)) return -1;
    if (op.op === "repetition_penalty" && op.args[1] !== tokens) return -1;
    prev = op.out;
  }
  return -1;
}

const short = (loc: string | undefined) => (loc ? ` (${loc.split("/").pop()})` : "");

function fuseBlock(ops: readonly Op[], uses: ReadonlyMap<string, number>, changes: string[]): Op[] {
  const out: Op[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (!("args" in op)) {
      out.push({ ...op, body: fuseBlock(op.body, uses, changes) } as Op);
      continue;
    }
    const end = chainEnd(ops, i, uses);
    if (end < 0) {
      out.push(op);
      continue;
    }
    const head = op as BasicOp;
    const pick = ops[end] as BasicOp & { readonly out: string };
    const warpers: [string, number][] = [];
    for (let j = i + 1; j < end; j++) {
      const w = ops[j] as BasicOp;
      const value = w.attrs![WARPERS[w.op]!] as number;
      if (w.op === "temperature" && value === 1) continue;
      warpers.push([w.op, value]);
    }
    out.push({
      op: "sample_next",
      out: pick.out,
      type: pick.type!,
      args: [head.args[0]!],
      attrs: {
        ...head.attrs,
        warpers,
        pick: pick.op,
        ...(pick.op === "categorical" ? { stream: pick.attrs!.stream } : {}),
      },
      ...(head.loc ? { loc: head.loc } : {}),
    });
    const names = ops.slice(i, end + 1).map((o) => o.op).join(" → ");
    changes.push(`fused the decoding step ${names} into one sample_next op${short(head.loc)}`);
    i = end;
  }
  return out;
}

export const fuseSamplingPass: Pass = {
  name: "fuse-sampling",
  optLevel: 1,
  run(ir: IRProcedure) {
    const changes: string[] = [];
    const body = fuseBlock(ir.body, procedureUses(ir), changes);
    return { ir: { ...ir, body }, changes };
  },
};
