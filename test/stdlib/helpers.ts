/**
 * Helpers for the stdlib validation tests: run a procedure of test/stdlib/programs, record what
 * the models are fed, and small statistics. Ground truth comes from src/zoo/truth, never from
 * snapshots of our own output.
 */
import { resolve } from "node:path";
import type { ModelRef } from "../../src/ir/ir.js";
import { OrtExecutor } from "../../src/runtime/session.js";
import type { Tensor as HostTensor } from "../../src/runtime/tensor.js";
import type { RValue } from "../../src/runtime/interpreter/values.js";
import type { Vec2 } from "../../src/zoo/truth/gaussian.js";
import { lowerSource, runProcedure } from "../helpers/examples.js";

export const programs = (name: string) => resolve(import.meta.dirname, "programs", name);

/** One model call as the backend saw it: feed shapes and the first value of every feed. */
export interface CallRecord {
  readonly model: string;
  readonly dims: Readonly<Record<string, readonly number[]>>;
  readonly first: Readonly<Record<string, number>>;
}

/** onnxruntime executor that records every call (rows per call, broadcast times). */
export class RecordingBackend extends OrtExecutor {
  readonly calls: CallRecord[] = [];

  override async run(model: ModelRef, feeds: Readonly<Record<string, HostTensor>>, outputs: readonly string[]): Promise<Record<string, HostTensor>> {
    const dims: Record<string, readonly number[]> = {};
    const first: Record<string, number> = {};
    for (const [name, t] of Object.entries(feeds)) {
      dims[name] = [...t.dims];
      first[name] = Number(t.data[0]);
    }
    this.calls.push({ model: model.id, dims, first });
    return super.run(model, feeds, outputs);
  }

  /** Total rows fed to a model over the run (one row = one sample in one call). */
  rows(model: string, input = "input_ids"): number {
    return this.calls.filter((c) => c.model === model).reduce((a, c) => a + c.dims[input]![0]!, 0);
  }
}

export async function runFile(file: string, proc: string, args: Record<string, unknown>, opts: { seed?: number; batch: number; inputs?: Record<string, unknown> }, backend: OrtExecutor = new OrtExecutor()): Promise<RValue> {
  const ir = lowerSource(programs(file), proc, args);
  try {
    return await runProcedure(ir, opts, backend);
  } finally {
    if (!(backend instanceof RecordingBackend)) await backend.close();
  }
}

/** The rows of a [B, 2] latent result. */
export function points(v: RValue): Vec2[] {
  if (v.kind !== "tensor") throw new Error("expected a latent result");
  return Array.from({ length: v.data.length / 2 }, (_, i) => [v.data[2 * i]!, v.data[2 * i + 1]!] as Vec2);
}

export function sequences(v: RValue): number[][] {
  if (v.kind === "tensor") throw new Error("expected token sequences");
  return v.seqs.map((s) => Array.from(s));
}

/** Mean and (1/n) standard deviation of one axis. */
export function axisStats(xs: readonly Vec2[], axis: 0 | 1): { mean: number; std: number } {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x[axis], 0) / n;
  const v = xs.reduce((a, x) => a + (x[axis] - mean) ** 2, 0) / n;
  return { mean, std: Math.sqrt(v) };
}

/** Least-squares slope of log(y) against log(x). */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((v, i) => {
    sxy += (v - mx) * (ly[i]! - my);
    sxx += (v - mx) ** 2;
  });
  return sxy / sxx;
}

/**
 * Exact distribution of the number N of drafts accepted in one speculative call from last token a,
 * for drafts d_j ~ q_j (independent, q_j = heads[j]) verified against a Markov target P
 * (p_j = P[d_(j−1), ·], d_0 = a). P(N ≥ j) = Σ_x m_j(x) with the forward recursion
 * m_1(x) = min(q_1(x), P[a, x]), m_j(x) = Σ_x' m_(j−1)(x')·min(q_j(x), P[x', x]):
 * a drafted path is accepted up to j with probability Π_i q_i(x_i)·min(1, p_i(x_i)/q_i(x_i)).
 * Returns P(N = 0..k). Tokens emitted by the call = N + 1 (the correction or bonus token).
 */
export function acceptedDistribution(P: readonly (readonly number[])[], heads: readonly (readonly number[])[], a: number): number[] {
  const V = P.length;
  const atLeast = [1];
  let m = heads[0]!.map((q, x) => Math.min(q, P[a]![x]!));
  atLeast.push(m.reduce((s, v) => s + v, 0));
  for (let j = 1; j < heads.length; j++) {
    const next = new Array<number>(V).fill(0);
    for (let x = 0; x < V; x++) for (let xp = 0; xp < V; xp++) next[x]! += m[xp]! * Math.min(heads[j]![x]!, P[xp]![x]!);
    m = next;
    atLeast.push(m.reduce((s, v) => s + v, 0));
  }
  atLeast.push(0);
  return atLeast.slice(0, -1).map((p, j) => p - atLeast[j + 1]!);
}

export const fmt = (x: number, d = 4) => x.toFixed(d);
