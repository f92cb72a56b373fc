/**
 * `--quantify` for heads-joint-sampling: KL(joint ‖ product of head marginals) after the
 * procedure's prompt, in nats, from the model outputs. The joint of the next k tokens comes from
 * a next_token model of the same vocabulary declared in the program (chain rule, every
 * continuation enumerated), the product from one call of the heads model. For the 2-state chain
 * of methods.md §7 this is the mutual information I = 0.1004 nats.
 */
import type { IRProcedure, ModelRef } from "../../ir/ir.js";
import { fmt } from "../context.js";
import type { Measure } from "../rule.js";
import { tokenFeed, type OnnxRunner } from "./onnxRunner.js";

/** Most continuations enumerated for the joint (V^(k-1) rows in the last call). */
const MAX_ROWS = 65536;

function logSoftmax(x: Float32Array, off: number, n: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, x[off + i]!);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(x[off + i]! - max);
  const lse = max + Math.log(sum);
  return Float64Array.from({ length: n }, (_, i) => x[off + i]! - lse);
}

/** log p(next | row) at the last position of each row, from a next_token model. */
async function nextLogProbs(runner: OnnxRunner, m: ModelRef, rows: number[][], V: number): Promise<Float64Array[]> {
  const out = await runner.run(m, { tokens: tokenFeed(rows) }, "logits");
  const len = rows[0]!.length;
  return rows.map((_, r) => logSoftmax(out.data, (r * len + len - 1) * V, V));
}

/** KL(joint ‖ product) of the next k tokens after `prefix`, or undefined when too large to enumerate. */
export async function headsKl(runner: OnnxRunner, heads: ModelRef, lm: ModelRef, prefix: readonly number[]): Promise<number | undefined> {
  const k = heads.attrs.k as number;
  const V = heads.attrs.vocab as number;
  if (V ** (k - 1) > MAX_ROWS) return undefined;
  const h = await runner.run(heads, { tokens: tokenFeed([[...prefix]]) }, "logits");
  const base = (prefix.length - 1) * k * V;
  const marginals = Array.from({ length: k }, (_, j) => logSoftmax(h.data, base + j * V, V));
  // Chain rule over every continuation: (tokens, log p) pairs, extended one position per call.
  let seqs: { ids: number[]; logp: number }[] = [{ ids: [], logp: 0 }];
  for (let j = 0; j < k; j++) {
    const next = await nextLogProbs(runner, lm, seqs.map((s) => [...prefix, ...s.ids]), V);
    seqs = seqs.flatMap((s, r) => Array.from({ length: V }, (_, v) => ({ ids: [...s.ids, v], logp: s.logp + next[r]![v]! })));
  }
  let kl = 0;
  for (const s of seqs) {
    if (s.logp < -700) continue;
    const q = s.ids.reduce((acc, v, j) => acc + marginals[j]![v]!, 0);
    kl += Math.exp(s.logp) * (s.logp - q);
  }
  return kl;
}

/** The measurement: needs a next_token model with the heads' vocabulary among the declared models. */
export function measureHeadsKl(ir: IRProcedure, heads: ModelRef): Measure {
  return async (env) => {
    const V = heads.attrs.vocab;
    const candidates = [...ir.models, ...env.declaredModels].filter((m) => m.contract === "next_token" && m.attrs.vocab === V);
    const lm = candidates[0];
    if (!lm) return undefined;
    const given = ir.inputs.find((i) => i.type.kind === "tokens" && Array.isArray(i.default) && i.default.length > 0)?.default as number[] | undefined;
    const prefix = given ?? [typeof lm.attrs.bos === "number" ? lm.attrs.bos : 0];
    const kl = await headsKl(env.runner, heads, lm, prefix);
    if (kl === undefined) return undefined;
    return {
      data: { klNats: kl, reference: lm.id, prefix },
      summary: `measured: KL(joint of "${lm.id}" ‖ product of the marginals of "${heads.id}") = ${fmt(kl)} nats after the prompt [${prefix.join(", ")}]`,
    };
  };
}
