/**
 * Model-call kernels. Continuous maps (`model`) feed the state and broadcast times; discrete
 * ones (`next_logits`, `score_logits`, `heads_logits`, `unmask_logits`) feed token ids, group
 * rows of equal length into one call, and reuse the KV cache where the model binds one. Every
 * call goes through the run's {@link ModelExecutor}; caches are {@link TokenKvCache}s, one per
 * decoder model.
 */
import type { BasicOp, ModelRef } from "../../ir/ir.js";
import { discoverKvLayout, unpaddedStepFeeds, type KvCache, type KvLayout } from "../kvcache.js";
import { TokenKvCache } from "../tokenKvCache.js";
import type { ModelIO, ModelSignature } from "../session.js";
import type { Tensor as HostTensor } from "../tensor.js";
import { attr, tensorArg, type Kernel, type KernelContext } from "./context.js";
import { f32, sizeOf, type RValue, type Tokens } from "./values.js";

export function modelOf(ctx: KernelContext, op: BasicOp): ModelRef {
  const m = ctx.models.get(attr<string>(op, "model"));
  if (!m) throw new Error(`the plan calls unknown model "${attr<string>(op, "model")}"`);
  return m;
}

/** The feed of a continuous model's port: a state [B, ...], a time [B] or a class label [B]. */
function feedOf(port: string, v: RValue | number, B: number): HostTensor {
  if (port === "cond") {
    // Class labels are small integers: int32 here, widened to int64 by the executor.
    const data = new Int32Array(B);
    if (typeof v === "number") data.fill(v);
    else { const t = tensorArg(v, "cond"); for (let i = 0; i < B; i++) data[i] = Math.round(t.data[i]!); }
    return { dtype: "int32", data, dims: [B] };
  }
  if (typeof v === "number") return { dtype: "float32", data: new Float32Array(B).fill(v), dims: [B] };
  const t = tensorArg(v, port);
  const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
  return { dtype: "float32", data, dims: [B, ...t.inner] };
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
  const data = new (t.data.constructor as new (n: number) => Float32Array)(rows * n);
  const src = t.data as Float32Array;
  data.set(src);
  for (let r = B; r < rows; r++) data.set(src.subarray((B - 1) * n, B * n), r * n);
  return { dtype: t.dtype, data, dims: [rows, ...t.dims.slice(1)] } as HostTensor;
}

export function tokensArg(v: RValue | number | undefined): Tokens {
  if (v === undefined || typeof v === "number" || v.kind !== "tokens") throw new Error("expected token sequences");
  return v;
}

/** How a token model is fed, resolved once per run from its signature. */
export interface TokenModel {
  readonly tokens: string;
  readonly logits: string;
  /** The decoder cache, or null for a full-prefix model. */
  readonly kv: KvLayout | null;
  /** attention_mask / position_ids of a full-prefix model, when bound. */
  readonly attentionMask: ModelIO | undefined;
  readonly positionIds: ModelIO | undefined;
  /** Outputs to fetch: the logits, then every present tensor. */
  readonly fetches: readonly string[];
}

/**
 * Resolved feeding plans by model, kept across runs: finding the cache tensors compiles name
 * patterns into regular expressions, which costs more than a whole decoding step. Valid while the
 * executor hands back the same signature object (a reloaded model is resolved again).
 */
const RESOLVED = new WeakMap<ModelRef, { readonly signature: ModelSignature; readonly info: TokenModel }>();

async function tokenModel(ctx: KernelContext, m: ModelRef): Promise<TokenModel> {
  const known = ctx.tokenModels.get(m.id);
  if (known) return known;
  const sig = await ctx.executor.load(m);
  const resolved = RESOLVED.get(m);
  const info = resolved?.signature === sig ? resolved.info : resolveTokenModel(m, sig);
  RESOLVED.set(m, { signature: sig, info });
  ctx.tokenModels.set(m.id, info);
  return info;
}

function resolveTokenModel(m: ModelRef, sig: ModelSignature): TokenModel {
  const tokens = m.inputs.tokens ?? "input_ids";
  const logits = m.outputs.logits ?? "logits";
  const io = (name: string | undefined) => (name === undefined ? undefined : sig.inputs.find((i) => i.name === name) ?? { name, dtype: "int64" as const, shape: null });
  let kv: KvLayout | null = null;
  if (m.cache.length > 0) {
    kv = discoverKvLayout(sig, {
      patterns: m.cache.map((c) => ({ past: c.input, present: c.output })),
      inputIds: tokens,
      ...(m.inputs.attention_mask ? { attentionMask: m.inputs.attention_mask } : {}),
      ...(m.inputs.position_ids ? { positionIds: m.inputs.position_ids } : {}),
    });
    if (!kv) throw new Error(`model "${m.id}" binds a cache but its ONNX file has no input matching ${m.cache.map((c) => `"${c.input}"`).join(", ")}`);
  }
  return {
    tokens,
    logits,
    kv,
    attentionMask: io(m.inputs.attention_mask),
    positionIds: io(m.inputs.position_ids),
    fetches: [logits, ...(kv?.tensors.map((t) => t.present) ?? [])],
  };
}

/** Rows grouped by sequence length, so each group is one batched call. */
function byLength(seqs: readonly Int32Array[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let r = 0; r < seqs.length; r++) {
    const n = seqs[r]!.length;
    const g = groups.get(n);
    if (g) g.push(r); else groups.set(n, [r]);
  }
  return groups;
}

/** Positions [from, from + n) of each row as a [rows, n] int32 feed. */
function ids(group: readonly Int32Array[], from: number, n: number): HostTensor {
  const data = new Int32Array(group.length * n);
  if (n === 1) for (let k = 0; k < group.length; k++) data[k] = group[k]![from]!;
  else for (let k = 0; k < group.length; k++) data.set(group[k]!.subarray(from, from + n), k * n);
  return { dtype: "int32", data, dims: [group.length, n] };
}

/** A model call prepared for rows of one length: its feeds, and the cache step it continues. */
interface GroupCall {
  readonly info: TokenModel;
  readonly feeds: Record<string, HostTensor>;
  /** The decoder cache the call extends (absent for a full-prefix model), and from what. */
  readonly cache: TokenKvCache | undefined;
  readonly past: KvCache | undefined;
  /** Positions computed by the call. */
  readonly newLength: number;
  readonly samples: ArrayLike<number>;
  readonly group: readonly Int32Array[];
}

/**
 * The call for `group` (rows of one length, of the samples `samples`). With a cache: resume it
 * where it still holds a prefix of every row, compute the rest (logits [g, len − reused, V]), and
 * keep the result; without one, the whole sequences (logits [g, len, V]).
 */
function prepareCall(ctx: KernelContext, m: ModelRef, info: TokenModel, group: readonly Int32Array[], samples: ArrayLike<number>, len: number): GroupCall {
  const layout = info.kv;
  if (!layout) {
    const feeds = unpaddedStepFeeds(info, group.length, 0, len);
    feeds[info.tokens] = ids(group, 0, len);
    return { info, feeds, cache: undefined, past: undefined, newLength: len, samples, group };
  }
  let cache = ctx.caches.get(m.id);
  if (!cache) ctx.caches.set(m.id, (cache = new TokenKvCache(layout)));
  const past = cache.resume(samples, group);
  const n = len - past.pastLength;
  const feeds = past.stepFeeds(n);
  feeds[info.tokens] = ids(group, past.pastLength, n);
  return { info, feeds, cache, past, newLength: n, samples, group };
}

/** Keeps what a call computed (the cache, when there is one) and gives its logits. */
function finishCall(call: GroupCall, out: Readonly<Record<string, HostTensor>>): HostTensor {
  if (call.cache) call.cache.record(call.past!.advance(out, call.newLength), call.samples, call.group);
  return out[call.info.logits]!;
}

/**
 * A block-causal unmasking model with a cache (BD3-LM): reuse the cache over the prefix it still
 * shares with every row, compute the rest, and keep only the committed prefix (the positions
 * before the first mask) — uncommitted positions are never cached. Returns the logits of the
 * computed positions and how many leading positions came from the cache.
 */
async function unmaskWithCache(ctx: KernelContext, m: ModelRef, info: TokenModel, layout: KvLayout, group: readonly Int32Array[], samples: ArrayLike<number>): Promise<{ out: HostTensor; reused: number }> {
  let cache = ctx.caches.get(m.id);
  if (!cache) ctx.caches.set(m.id, (cache = new TokenKvCache(layout)));
  const len = group[0]!.length;
  const kv = cache.resume(samples, group);
  const n = len - kv.pastLength;
  const feeds = kv.stepFeeds(n);
  feeds[info.tokens] = ids(group, kv.pastLength, n);
  const out = await ctx.executor.run(m, feeds, info.fetches);
  const mask = m.attrs.mask as number;
  let committed = len;
  for (const s of group) { const at = s.indexOf(mask); if (at >= 0 && at < committed) committed = at; }
  if (committed > 0) cache.record(kv.advance(out, n).truncate(committed), samples, group.map((s) => s.slice(0, committed)));
  return { out: out[info.logits]!, reused: kv.pastLength };
}

/** Log-probabilities of a visible (committed) position: all mass on its token. */
function pointMass(dst: Float32Array, off: number, token: number, V: number): void {
  dst.fill(LOG_FLOOR, off, off + V);
  dst[off + token] = 0;
}

const LOG_FLOOR = -1e9;

/**
 * Which output positions a kernel takes from a call on rows of length `len`: always the last
 * min(tail, len) ones (the next token's logits: 1; scoring G drafts: G + 1; every position: ALL).
 */
export const LAST = 1;
const ALL = Infinity;

/**
 * Run a token model on every row (one call per sequence length) and gather, per row, the last
 * `tail` output positions: `outPerRow` values per row, a tensor of per-sample shape `inner`.
 * Not an async function: in a decoding loop this runs once per token, and a promise chain
 * allocates less than an async frame.
 *
 * `then` gets the gathered [rows, outPerRow] values (the kernel's own: a model output nothing
 * else holds, or a fresh copy, so it may modify them in place) and makes the result; by default
 * the tensor of per-sample shape `inner`.
 */
export function perGroup(ctx: KernelContext, m: ModelRef, globalIds: Int32Array, seqs: readonly Int32Array[], outPerRow: number, tail: number, inner: readonly number[], then?: (data: Float32Array) => RValue): Promise<RValue> {
  const info = ctx.tokenModels.get(m.id);
  if (!info) return tokenModel(ctx, m).then(() => perGroup(ctx, m, globalIds, seqs, outPerRow, tail, inner, then));
  const L = seqs[0]?.length ?? 0;
  let one = seqs.length > 0;
  for (let r = 1; one && r < seqs.length; r++) one = seqs[r]!.length === L;
  if (!one) return perLengths(ctx, m, info, globalIds, seqs, outPerRow, tail, inner, then);
  // Every row in one call; when the output holds exactly the positions asked for, it is the result.
  const call = prepareCall(ctx, m, info, seqs, globalIds, L);
  return ctx.executor.run(m, call.feeds, info.fetches).then((outputs) => {
    const out = finishCall(call, outputs);
    const count = Math.min(tail, L);
    let data: Float32Array;
    if (out.dims[1] === count && out.data.length === seqs.length * outPerRow) data = out.data as Float32Array;
    else {
      data = new Float32Array(seqs.length * outPerRow);
      for (let k = 0; k < seqs.length; k++) copyPositions(out, k, L, L - count, count, data, k * outPerRow);
    }
    return then ? then(data) : f32(data, inner);
  });
}

/** {@link perGroup} for rows of several lengths: one call per length, in order of first appearance. */
async function perLengths(ctx: KernelContext, m: ModelRef, info: TokenModel, globalIds: Int32Array, seqs: readonly Int32Array[], outPerRow: number, tail: number, inner: readonly number[], then?: (data: Float32Array) => RValue): Promise<RValue> {
  const result = new Float32Array(seqs.length * outPerRow);
  for (const [len, rows] of byLength(seqs)) {
    const call = prepareCall(ctx, m, info, rows.map((r) => seqs[r]!), rows.map((r) => globalIds[r]!), len);
    const out = finishCall(call, await ctx.executor.run(m, call.feeds, info.fetches));
    const count = Math.min(tail, len);
    for (let k = 0; k < rows.length; k++) copyPositions(out, k, len, len - count, count, result, rows[k]! * outPerRow);
  }
  return then ? then(result) : f32(result, inner);
}

/** Copy positions [from, from + count) of row k of a [g, S, ...inner] output whose S covers positions [len - S, len). */
function copyPositions(out: HostTensor, k: number, len: number, from: number, count: number, dst: Float32Array, dstOff: number): void {
  const S = out.dims[1]!;
  let inner = 1;
  for (let i = 2; i < out.dims.length; i++) inner *= out.dims[i]!;
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
    const out = (await ctx.executor.run(m, feeds, [name]))[name]!;
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
    const ca = feedOf("cond", args[2]!, B).data as Int32Array;
    const cb = feedOf("cond", args[3]!, B).data as Int32Array;
    const cs = new Int32Array(2 * B);
    cs.set(ca);
    cs.set(cb, B);
    const feeds: Record<string, HostTensor> = {
      [m.inputs.x ?? "x"]: { dtype: "float32", data: xs, dims: [2 * B, ...x.inner] },
      [m.inputs.t ?? "t"]: { dtype: "float32", data: ts, dims: [2 * B] },
      [m.inputs.cond ?? "cond"]: { dtype: "int32", data: cs, dims: [2 * B] },
    };
    const name = m.outputs.out ?? "out";
    const out = (await ctx.executor.run(m, feeds, [name]))[name]!.data as Float32Array;
    const paired = new Float32Array(2 * B * n);
    for (let r = 0; r < B; r++) {
      paired.set(out.subarray(r * n, r * n + n), 2 * r * n);
      paired.set(out.subarray((B + r) * n, (B + r) * n + n), (2 * r + 1) * n);
    }
    return f32(paired, [2, ...x.inner]);
  },
  next_logits: (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const V = m.attrs.vocab as number;
    return perGroup(ctx, m, rows, tokensArg(args[0]).seqs, V, LAST, [V]);
  },
  score_logits: (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const y = tokensArg(args[0]);
    const d = tensorArg(args[1], "drafts");
    const G = d.inner[0] ?? 1;
    const V = m.attrs.vocab as number;
    const joined = y.seqs.map((s, r) => { const j = new Int32Array(s.length + G); j.set(s); j.set(d.data.subarray(r * G, r * G + G), s.length); return j; });
    return perGroup(ctx, m, rows, joined, (G + 1) * V, G + 1, [G + 1, V]);
  },
  heads_logits: (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const K = m.attrs.k as number;
    const V = m.attrs.vocab as number;
    return perGroup(ctx, m, rows, tokensArg(args[0]).seqs, K * V, LAST, [K, V]);
  },
  unmask_logits: async (ctx, op, args, rows) => {
    const m = modelOf(ctx, op);
    const y = tokensArg(args[0]);
    const V = m.attrs.vocab as number;
    const L = y.seqs[0]?.length ?? 0;
    if (y.seqs.some((s) => s.length !== L)) throw new Error("unmasking needs sequences of equal length");
    const info = ctx.tokenModels.get(m.id) ?? (await tokenModel(ctx, m));
    if (!info.kv) return perGroup(ctx, m, rows, y.seqs, L * V, ALL, [L, V]);
    const { out, reused } = await unmaskWithCache(ctx, m, info, info.kv, y.seqs, rows);
    const data = new Float32Array(y.seqs.length * L * V);
    for (let k = 0; k < y.seqs.length; k++) {
      for (let j = 0; j < reused; j++) pointMass(data, (k * L + j) * V, y.seqs[k]![j]!, V);
      copyPositions(out, k, L, reused, L - reused, data, (k * L + reused) * V);
    }
    return f32(data, [L, V]);
  },
};
