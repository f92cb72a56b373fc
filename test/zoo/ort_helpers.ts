/** Shared helpers for the zoo tests: open a committed model with onnxruntime-node and run it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { defaultModelsDir } from "../../src/zoo/generate.js";

export const MODELS_DIR = defaultModelsDir();

const cache = new Map<string, Promise<ort.InferenceSession>>();

export function session(rel: string): Promise<ort.InferenceSession> {
  let s = cache.get(rel);
  if (!s) {
    s = ort.InferenceSession.create(readFileSync(join(MODELS_DIR, rel)), { intraOpNumThreads: 1 });
    cache.set(rel, s);
  }
  return s;
}

export function f32(data: readonly number[], dims: number[]): ort.Tensor {
  return new ort.Tensor("float32", Float32Array.from(data), dims);
}

export function i64(data: readonly number[], dims: number[]): ort.Tensor {
  return new ort.Tensor("int64", BigInt64Array.from(data.map((v) => BigInt(v))), dims);
}

export async function run(rel: string, feeds: Record<string, ort.Tensor>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const s = await session(rel);
  const out = await s.run(feeds);
  const res: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
  for (const [k, v] of Object.entries(out)) res[k] = { data: v.data as Float32Array, dims: v.dims };
  return res;
}

/**
 * Error measure used by every model-vs-formula comparison: |a − b| / max(1, |b|), i.e. absolute
 * error for reference values of magnitude ≤ 1 and relative error above (float32 has ~7 digits).
 */
export function maxScaledError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) throw new Error(`length ${got.length} vs ${want.length}`);
  let m = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!));
    if (!(e <= m)) m = Number.isNaN(e) ? Infinity : Math.max(m, e);
  }
  return m;
}
