/**
 * Kernels on token sequences: building and appending sequences, masked-diffusion commits and
 * speculative verification.
 */
import { fillUniform } from "../rng/philox.js";
import { selectByThreshold, selectTopN, softmaxRows, speculativeVerify, unmaskScores, type UnmaskOrder } from "../sampling/index.js";
import { attr, count, tensorArg, type Kernel } from "./context.js";
import { f32, sizeOf, type RValue, type Tokens } from "./values.js";

function tokensArg(v: RValue | number | undefined, what: string): Tokens {
  if (v === undefined || typeof v === "number" || v.kind !== "tokens") throw new Error(`expected tokens for ${what}`);
  return v;
}

/** Ids of row r of an i32 tensor or ragged value. */
function idsOf(v: RValue | number, r: number): Int32Array {
  if (typeof v === "number") return Int32Array.of(v);
  if (v.kind !== "tensor") return v.seqs[r]!;
  const n = sizeOf(v.inner);
  return Int32Array.from(v.data.subarray(r * n, r * n + n));
}

/** Commit the chosen positions of one row: sample each masked position, rank, write the top ones. */
function commitRow(seq: Int32Array, logits: Float32Array, V: number, off: number, mask: number, pick: (probs: Float32Array, masked: number[], u: Float32Array) => { chosen: Int32Array; tokens: Int32Array }, u: Float32Array): Int32Array {
  const masked: number[] = [];
  for (let i = 0; i < seq.length; i++) if (seq[i] === mask) masked.push(i);
  if (masked.length === 0) return seq;
  const probs = new Float32Array(masked.length * V);
  masked.forEach((pos, j) => probs.set(logits.subarray(off + pos * V, off + pos * V + V), j * V));
  softmaxRows(probs, V, probs);
  const { chosen, tokens } = pick(probs, masked, u);
  const next = Int32Array.from(seq);
  for (const j of chosen) next[masked[j]!] = tokens[j]!;
  return next;
}

function sampleRows(probs: Float32Array, V: number, u: Float32Array, M: number): Int32Array {
  const out = new Int32Array(M);
  for (let j = 0; j < M; j++) {
    let acc = 0;
    let k = 0;
    const target = u[j]!;
    for (; k < V - 1; k++) { acc += probs[j * V + k]!; if (target < acc) break; }
    out[j] = k;
  }
  return out;
}

export const DISCRETE_KERNELS: Readonly<Record<string, Kernel>> = {
  tokens_fill: (_ctx, op, _args, rows) => {
    const seq = new Int32Array(attr<number>(op, "n")).fill(attr<number>(op, "id"));
    return { kind: "tokens", seqs: Array.from(rows, () => Int32Array.from(seq)) };
  },
  append: (_ctx, _op, args) => {
    const y = tokensArg(args[0], "the sequence");
    return {
      kind: "tokens",
      seqs: y.seqs.map((s, r) => {
        const add = idsOf(args[1]!, r);
        const next = new Int32Array(s.length + add.length);
        next.set(s);
        next.set(add, s.length);
        return next;
      }),
    };
  },
  concat_ids: (_ctx, _op, args, rows) => {
    const parts = Array.from(rows, (_r, k) => [...idsOf(args[0]!, k), ...idsOf(args[1]!, k)]);
    const n = parts[0]?.length ?? 0;
    return { kind: "tensor", dtype: "i32", data: Int32Array.from(parts.flat()), inner: [n] };
  },
  gather: (_ctx, _op, args) => {
    const p = tensorArg(args[0], "the table");
    const ids = tensorArg(args[1], "the ids");
    const V = p.inner[p.inner.length - 1]!;
    const out = new Float32Array(ids.data.length);
    for (let i = 0; i < out.length; i++) out[i] = p.data[i * V + ids.data[i]!]!;
    return f32(out, ids.inner);
  },
  commit: (ctx, op, args, rows) => {
    const y = tokensArg(args[0], "the sequence");
    const l = tensorArg(args[1], "the logits");
    const V = l.inner[l.inner.length - 1]!;
    const L = Math.max(...y.seqs.map((s) => s.length));
    const n = attr<number>(op, "n");
    const order = attr<UnmaskOrder>(op, "order");
    const temperature = attr<number>(op, "temperature");
    const mask = attr<number>(op, "mask");
    // Two uniforms per position: one to sample the token, one for a random order.
    const u = new Float32Array(rows.length * 2 * L);
    fillUniform(u, ctx.key, rows, 2 * L, ctx.draw(attr<number>(op, "stream")));
    const perRow = sizeOf(l.inner);
    const seqs = y.seqs.map((seq, r) => commitRow(seq, l.data as Float32Array, V, r * perRow, mask, (probs, masked, _u) => {
      const M = masked.length;
      if (temperature !== 1) {
        for (let i = 0; i < probs.length; i++) probs[i] = Math.pow(probs[i]!, 1 / temperature);
        for (let j = 0; j < M; j++) { let s = 0; for (let k = 0; k < V; k++) s += probs[j * V + k]!; for (let k = 0; k < V; k++) probs[j * V + k]! /= s; }
      }
      const us = u.subarray(r * 2 * L, r * 2 * L + M);
      const tokens = sampleRows(probs, V, us, M);
      const scores = unmaskScores(probs, V, order, new Float64Array(M), { sampled: tokens, uniforms: u.subarray(r * 2 * L + L, r * 2 * L + L + M) });
      return { chosen: selectTopN(scores, Math.min(n, M)), tokens };
    }, u));
    return { kind: "tokens", seqs };
  },
  is_masked: (_ctx, op, args) => {
    const y = tokensArg(args[0], "the sequence");
    const L = y.seqs[0]?.length ?? 0;
    if (y.seqs.some((q) => q.length !== L)) throw new Error("is_masked needs sequences of equal length");
    const mask = attr<number>(op, "mask");
    const out = new Float32Array(y.seqs.length * L);
    y.seqs.forEach((q, r) => q.forEach((id, j) => { out[r * L + j] = id === mask ? 1 : 0; }));
    return f32(out, [L]);
  },
  commit_threshold: (_ctx, op, args) => {
    const y = tokensArg(args[0], "the sequence");
    const l = tensorArg(args[1], "the logits");
    const V = l.inner[l.inner.length - 1]!;
    const perRow = sizeOf(l.inner);
    const tau = attr<number>(op, "tau");
    const seqs = y.seqs.map((seq, r) => commitRow(seq, l.data as Float32Array, V, r * perRow, attr<number>(op, "mask"), (probs, masked) => {
      const M = masked.length;
      const tokens = new Int32Array(M);
      const scores = new Float64Array(M);
      for (let j = 0; j < M; j++) {
        let best = 0;
        for (let k = 1; k < V; k++) if (probs[j * V + k]! > probs[j * V + best]!) best = k;
        tokens[j] = best;
        scores[j] = probs[j * V + best]!;
      }
      return { chosen: selectByThreshold(scores, tau), tokens };
    }, new Float32Array(0)));
    return { kind: "tokens", seqs };
  },
  verify: (ctx, op, args, rows) => {
    const d = tensorArg(args[0], "the drafts");
    const q = tensorArg(args[1], "q");
    const p = tensorArg(args[2], "p");
    const G = d.inner[0] ?? 1;
    const V = q.inner[q.inner.length - 1]!;
    const B = rows.length;
    const u = new Float64Array(B * (G + 1));
    fillUniform(u, ctx.key, rows, G + 1, ctx.draw(attr<number>(op, "stream")));
    const accepted = new Int32Array(B);
    const token = new Int32Array(B);
    speculativeVerify({ V, gammaMax: G, drafts: d.data, draftProbs: q.data as Float32Array, targetProbs: p.data as Float32Array, uniforms: u, accepted, token });
    // One verification per row is one target call for that sample; it commits accepted + 1 tokens.
    count(ctx, "verify.rows", B);
    count(ctx, "verify.tokens", accepted.reduce((a, n) => a + n + 1, 0));
    const seqs = Array.from(rows, (_r, b) => {
      const out = new Int32Array(accepted[b]! + 1);
      out.set(d.data.subarray(b * G, b * G + accepted[b]!));
      out[accepted[b]!] = token[b]!;
      return out;
    });
    return { kind: "ragged", seqs };
  },
};
