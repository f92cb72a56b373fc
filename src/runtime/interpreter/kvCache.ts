/**
 * Incremental decoding with a KV cache (`past_key_values.%d.*` in, `present.%d.*` out). The
 * cache remembers which tokens it holds per sample; a call reuses it only over the longest
 * prefix that matches the sequence now being decoded (so positions that were drafted and then
 * rejected are never reused), and recomputes the rest. The empty cache is built from the
 * session's input metadata.
 */
import type { ModelRef } from "../../ir/ir.js";
import type { HostTensor } from "./backend.js";
import type { KernelContext } from "./context.js";
import { extraInputs } from "./modelKernels.js";

export interface CacheState {
  /** Global sample ids of the cached rows, in order. */
  readonly ids: readonly number[];
  /** Tokens each row's cache holds. */
  readonly seqs: readonly Int32Array[];
  /** Past tensors by ONNX input name, [g, heads, P, headDim]. */
  readonly past: Readonly<Record<string, HostTensor>>;
}

interface Layout {
  /** (past input name, present output name) per cache tensor. */
  readonly pairs: readonly (readonly [string, string])[];
  /** Static dims of each past input: heads and head size. */
  readonly dims: ReadonlyMap<string, readonly [number, number]>;
}

const layouts = new WeakMap<ModelRef, Layout>();

function layoutOf(ctx: KernelContext, m: ModelRef): Layout {
  const cached = layouts.get(m);
  if (cached) return cached;
  const inputs = ctx.backend.inputs(m);
  const pairs: [string, string][] = [];
  const dims = new Map<string, readonly [number, number]>();
  for (const pattern of m.cache) {
    const re = new RegExp(`^${pattern.input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("%d", "(\\d+)")}$`);
    for (const info of inputs) {
      const match = re.exec(info.name);
      if (!match) continue;
      pairs.push([info.name, pattern.output.replace("%d", match[1]!)]);
      const [, h, , d] = info.shape;
      if (typeof h !== "number" || typeof d !== "number") throw new Error(`cache input "${info.name}" needs static head and head-size dims, found [${info.shape}]`);
      dims.set(info.name, [h, d]);
    }
  }
  if (pairs.length === 0) throw new Error(`model "${m.id}" binds a cache but its ONNX file has no input matching ${m.cache.map((c) => `"${c.input}"`).join(", ")}`);
  const layout = { pairs, dims };
  layouts.set(m, layout);
  return layout;
}

function commonPrefix(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** The first `keep` positions of a [g, H, P, D] tensor. */
function truncate(t: HostTensor, keep: number): HostTensor {
  const [g, h, p, d] = t.dims as [number, number, number, number];
  if (keep === p) return t;
  const out = new Float32Array(g * h * keep * d);
  const src = t.data as Float32Array;
  for (let i = 0; i < g * h; i++) out.set(src.subarray(i * p * d, i * p * d + keep * d), i * keep * d);
  return { type: "float32", data: out, dims: [g, h, keep, d] };
}

/** Logits [g, len - reused, V] for the rows `rows` (all of length len), updating the cache. */
export async function decodeWithCache(ctx: KernelContext, m: ModelRef, seqs: readonly Int32Array[], rows: readonly number[], globalIds: readonly number[]): Promise<HostTensor> {
  const layout = layoutOf(ctx, m);
  const len = seqs[rows[0]!]!.length;
  const ids = rows.map((r) => globalIds[r]!);
  const state = ctx.caches.get(m.id);
  let reuse = 0;
  if (state && state.ids.length === ids.length && state.ids.every((id, k) => id === ids[k])) {
    reuse = Math.min(...rows.map((r, k) => commonPrefix(state.seqs[k]!, seqs[r]!)));
    reuse = Math.min(reuse, len - 1);
  }
  const g = rows.length;
  const feeds: Record<string, HostTensor> = {};
  const n = len - reuse;
  const tokens = new BigInt64Array(g * n);
  rows.forEach((r, k) => { for (let j = 0; j < n; j++) tokens[k * n + j] = BigInt(seqs[r]![reuse + j]!); });
  feeds[m.inputs.tokens ?? "input_ids"] = { type: "int64", data: tokens, dims: [g, n] };
  Object.assign(feeds, extraInputs(m, g, reuse, len));
  for (const [input] of layout.pairs) {
    const [h, d] = layout.dims.get(input)!;
    feeds[input] = reuse > 0 ? truncate(state!.past[input]!, reuse) : { type: "float32", data: new Float32Array(0), dims: [g, h, 0, d] };
  }
  const logitsName = m.outputs.logits ?? "logits";
  const out = await ctx.backend.run(m, feeds, [logitsName, ...layout.pairs.map(([, o]) => o)]);
  const past: Record<string, HostTensor> = {};
  for (const [input, output] of layout.pairs) past[input] = out[output]!;
  ctx.caches.set(m.id, { ids, seqs: rows.map((r) => seqs[r]!), past });
  return out[logitsName]!;
}
