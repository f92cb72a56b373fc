/**
 * Model-call kernels. Continuous maps (`model`) feed the state and broadcast times; discrete
 * ones (`next_logits`, `score_logits`, `heads_logits`, `unmask_logits`) feed token ids, group
 * rows of equal length into one call, and reuse the KV cache where the model binds one.
 */
import type { BasicOp, ModelRef } from "../../ir/ir.js";
import type { HostTensor } from "./backend.js";
import { attr, tensorArg, type Kernel, type KernelContext } from "./context.js";
import { decodeWithCache } from "./kvCache.js";
import { f32, sizeOf, type RValue, type Tokens } from "./values.js";

function modelOf(ctx: KernelContext, op: BasicOp): ModelRef {
  const m = ctx.models.get(attr<string>(op, "model"));
  if (!m) throw new Error(`the plan calls unknown model "${attr<string>(op, "model")}"`);
  return m;
}

function feedOf(port: string, v: RValue | number, B: number): HostTensor {
  if (port === "cond") {
    const data = new BigInt64Array(B);
    if (typeof v === "number") data.fill(BigInt(v));
    else { const t = tensorArg(v, "cond"); for (let i = 0; i < B; i++) data[i] = BigInt(Math.round(t.data[i]!)); }
    return { type: "int64", data, dims: [B] };
  }
  if (typeof v === "number") return { type: "float32", data: new Float32Array(B).fill(v), dims: [B] };
  const t = tensorArg(v, port);
  const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
  return { type: "float32", data, dims: [B, ...t.inner] };
}

/**
 * onnxruntime's CPU kernels take a different (scalar) code path for a single row, which changes
 * the last bits of the result. Continuous calls are padded to at least MIN_ROWS rows (repeating
 * the last row), so a sample's values are bit-identical whatever the batch size.
 */
const MIN_ROWS = 4;

function padRows(t: HostTensor, rows: number): HostTensor {
  const B = t.dims[0]!;
  if (B >= rows) return t;
  const n = t.data.length / B;
  const data = t.type === "int64" ? new BigInt64Array(rows * n) : new Float32Array(rows * n);
  (data as Float32Array).set(t.data as Float32Array);
  for (let r = B; r < rows; r++) (data as Float32Array).set((t.data as Float32Array).subarray((B - 1) * n, B * n), r * n);
  return { type: t.type, data, dims: [rows, ...t.dims.slice(1)] };
}

function tokensArg(v: RValue | number | undefined): Tokens {
  if (v === undefined || typeof v === "number" || v.kind !== "tokens") throw new Error("expected token sequences");
  return v;
}

/** Rows grouped by sequence length, so each group is one batched call. */
function byLength(seqs: readonly Int32Array[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  seqs.forEach((s, r) => { const g = groups.get(s.length); if (g) g.push(r); else groups.set(s.length, [r]); });
  return groups;
}

function ids(seqs: readonly Int32Array[], rows: readonly number[], from: number, to: number): HostTensor {
  const n = to - from;
  const data = new BigInt64Array(rows.length * n);
  rows.forEach((r, k) => { const s = seqs[r]!; for (let j = 0; j < n; j++) data[k * n + j] = BigInt(s[from + j]!); });
  return { type: "int64", data, dims: [rows.length, n] };
}

/** Run a token model on every row; `pick` copies what is needed from each group's output. */
async function perGroup(ctx: KernelContext, m: ModelRef, globalIds: Int32Array, seqs: readonly Int32Array[], outPerRow: number, pick: (out: HostTensor, k: number, len: number, dst: Float32Array, dstOff: number) => void): Promise<Float32Array> {
  const result = new Float32Array(seqs.length * outPerRow);
  const logitsName = m.outputs.logits ?? "logits";
  const useCache = m.cache.length > 0;
  for (const [len, rows] of byLength(seqs)) {
    const out = useCache
      ? await decodeWithCache(ctx, m, seqs, rows, Array.from(globalIds))
      : (await ctx.backend.run(m, { [m.inputs.tokens ?? "input_ids"]: ids(seqs, rows, 0, len), ...extraInputs(m, rows.length, 0, len) }, [logitsName]))[logitsName]!;
    rows.forEach((r, k) => pick(out, k, len, result, r * outPerRow));
  }
  return result;
}

/** attention_mask and position_ids for models that bind them. */
export function extraInputs(m: ModelRef, g: number, past: number, len: number): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  if (m.inputs.attention_mask) feeds[m.inputs.attention_mask] = { type: "int64", data: new BigInt64Array(g * len).fill(1n), dims: [g, len] };
  if (m.inputs.position_ids) {
    const n = len - past;
    const data = new BigInt64Array(g * n);
    for (let k = 0; k < g; k++) for (let j = 0; j < n; j++) data[k * n + j] = BigInt(past + j);
    feeds[m.inputs.position_ids] = { type: "int64", data, dims: [g, n] };
  }
  return feeds;
}

/** Copy positions [from, from + count) of row k of a [g, S, ...inner] output whose S covers positions [len - S, len). */
function copyPositions(out: HostTensor, k: number, len: number, from: number, count: number, dst: Float32Array, dstOff: number): void {
  const S = out.dims[1]!;
  const inner = sizeOf(out.dims.slice(2) as number[]);
  const first = from - (len - S);
  const src = out.data as Float32Array;
  dst.set(src.subarray((k * S + first) * inner, (k * S + first + count) * inner), dstOff);
}

export const MODEL_KERNELS: Readonly<Record<string, Kernel>> = {
  model: async (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const ports = attr<string[]>(op, "ports");
    const B = rows.length;
    const padded = Math.max(B, MIN_ROWS);
    const feeds: Record<string, HostTensor> = {};
    ports.forEach((p, i) => { feeds[m.inputs[p] ?? p] = padRows(feedOf(p, args[i]!, B), padded); });
    const name = m.outputs.out ?? "out";
    const out = (await ctx.backend.run(m, feeds, [name]))[name]!;
    const x = tensorArg(args[0], "x");
    const data = out.data as Float32Array;
    return f32(padded === B ? data : data.slice(0, B * sizeOf(x.inner)), x.inner);
  },
  /** Two conditions in one call: rows [x; x] with [condA; condB]; per-sample output [2, ...]. */
  model_batched: async (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const B = rows.length;
    const x = tensorArg(args[0], "x");
    const n = sizeOf(x.inner);
    const xs = new Float32Array(2 * B * n);
    xs.set(x.data as Float32Array);
    xs.set(x.data as Float32Array, B * n);
    const t = feedOf("t", args[1]!, B).data as Float32Array;
    const ts = new Float32Array(2 * B);
    ts.set(t);
    ts.set(t, B);
    const ca = feedOf("cond", args[2]!, B).data as BigInt64Array;
    const cb = feedOf("cond", args[3]!, B).data as BigInt64Array;
    const cs = new BigInt64Array(2 * B);
    cs.set(ca);
    cs.set(cb, B);
    const feeds: Record<string, HostTensor> = {
      [m.inputs.x ?? "x"]: { type: "float32", data: xs, dims: [2 * B, ...x.inner] },
      [m.inputs.t ?? "t"]: { type: "float32", data: ts, dims: [2 * B] },
      [m.inputs.cond ?? "cond"]: { type: "int64", data: cs, dims: [2 * B] },
    };
    const name = m.outputs.out ?? "out";
    const out = (await ctx.backend.run(m, feeds, [name]))[name]!.data as Float32Array;
    const paired = new Float32Array(2 * B * n);
    for (let r = 0; r < B; r++) {
      paired.set(out.subarray(r * n, r * n + n), 2 * r * n);
      paired.set(out.subarray((B + r) * n, (B + r) * n + n), (2 * r + 1) * n);
    }
    return f32(paired, [2, ...x.inner]);
  },
  next_logits: async (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const y = tokensArg(args[0]);
    const V = m.attrs.vocab as number;
    const data = await perGroup(ctx, m, rows, y.seqs, V, (out, k, len, dst, off) => copyPositions(out, k, len, len - 1, 1, dst, off));
    return f32(data, [V]);
  },
  score_logits: async (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const y = tokensArg(args[0]);
    const d = tensorArg(args[1], "drafts");
    const G = d.inner[0] ?? 1;
    const V = m.attrs.vocab as number;
    const joined = y.seqs.map((s, r) => { const j = new Int32Array(s.length + G); j.set(s); j.set(d.data.subarray(r * G, r * G + G), s.length); return j; });
    const data = await perGroup(ctx, m, rows, joined, (G + 1) * V, (out, k, len, dst, off) => copyPositions(out, k, len, len - G - 1, G + 1, dst, off));
    return f32(data, [G + 1, V]);
  },
  heads_logits: async (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const y = tokensArg(args[0]);
    const K = m.attrs.k as number;
    const V = m.attrs.vocab as number;
    const data = await perGroup(ctx, m, rows, y.seqs, K * V, (out, k, len, dst, off) => copyPositions(out, k, len, len - 1, 1, dst, off));
    return f32(data, [K, V]);
  },
  unmask_logits: async (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const y = tokensArg(args[0]);
    const V = m.attrs.vocab as number;
    const L = Math.max(...y.seqs.map((s) => s.length));
    if (y.seqs.some((s) => s.length !== L)) throw new Error("unmasking needs sequences of equal length");
    const data = await perGroup(ctx, m, rows, y.seqs, L * V, (out, k, len, dst, off) => copyPositions(out, k, len, 0, len, dst, off));
    return f32(data, [L, V]);
  },
};
