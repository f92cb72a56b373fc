/**
 * Direct model calls for `infer check --quantify`: one onnxruntime-node session per file, fed
 * through the model's port bindings. Measurements call models on inputs the procedure never
 * builds (a fine reference ODE, every continuation of a prefix), so they do not go through the
 * plan interpreter.
 */
import type Ort from "onnxruntime-node";

import type { ModelRef } from "../../ir/ir.js";

/** A float32 or int64 input: flat data and dims. */
export type Feed =
  | { readonly type: "float32"; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: "int64"; readonly data: BigInt64Array; readonly dims: readonly number[] };

export class OnnxRunner {
  private ort: typeof Ort | undefined;
  private readonly sessions = new Map<string, Ort.InferenceSession>();

  private async session(m: ModelRef): Promise<Ort.InferenceSession> {
    let s = this.sessions.get(m.path);
    if (!s) {
      const ort = this.ort ?? (await import("onnxruntime-node")).default;
      this.ort = ort;
      s = await ort.InferenceSession.create(m.path, { intraOpNumThreads: 1, interOpNumThreads: 1 });
      this.sessions.set(m.path, s);
    }
    return s;
  }

  /** Runs `m` with feeds keyed by contract port (x, t, s, cond, tokens) and returns `port`'s output. */
  async run(m: ModelRef, feeds: Readonly<Record<string, Feed>>, port: string): Promise<{ data: Float32Array; dims: readonly number[] }> {
    const session = await this.session(m);
    const ort = this.ort!;
    const named: Record<string, Ort.Tensor> = {};
    for (const [p, f] of Object.entries(feeds)) named[m.inputs[p] ?? p] = new ort.Tensor(f.type, f.data, f.dims as number[]);
    const name = m.outputs[port] ?? port;
    const out = (await session.run(named, [name]))[name]!;
    return { data: out.data as Float32Array, dims: out.dims };
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) await s.release();
    this.sessions.clear();
  }
}

/** Token ids [rows, len] as an int64 feed. */
export function tokenFeed(rows: readonly (readonly number[])[]): Feed {
  const len = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * len);
  rows.forEach((r, i) => r.forEach((v, j) => { data[i * len + j] = BigInt(v); }));
  return { type: "int64", data, dims: [rows.length, len] };
}
