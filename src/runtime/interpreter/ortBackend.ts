/**
 * The embedded model backend: onnxruntime-node in process. One InferenceSession per model
 * file, created once and reused for every call; time inside `session.run` is accounted per
 * model so the run summary can report the share of wall time spent in models.
 */
import * as ort from "onnxruntime-node";
import type { ModelRef } from "../../ir/ir.js";
import type { HostTensor, InputInfo, ModelBackend } from "./backend.js";

interface Loaded {
  readonly session: ort.InferenceSession;
  readonly inputs: readonly InputInfo[];
}

export class OrtBackend implements ModelBackend {
  private readonly sessions = new Map<string, Loaded>();
  private readonly counters = new Map<string, { calls: number; ms: number }>();

  constructor(private readonly options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" }) {}

  async load(model: ModelRef): Promise<void> {
    if (this.sessions.has(model.path)) return;
    const session = await ort.InferenceSession.create(model.path, this.options);
    const inputs = session.inputMetadata.map((m) => ({
      name: m.name,
      type: m.isTensor ? m.type : "non-tensor",
      shape: m.isTensor ? m.shape.map((d) => (typeof d === "number" && d >= 0 ? d : String(d))) : [],
    }));
    this.sessions.set(model.path, { session, inputs });
  }

  inputs(model: ModelRef): readonly InputInfo[] {
    return this.loaded(model).inputs;
  }

  async run(model: ModelRef, feeds: Readonly<Record<string, HostTensor>>, outputs: readonly string[]): Promise<Record<string, HostTensor>> {
    const { session } = this.loaded(model);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims as number[]);
    const start = performance.now();
    const result = await session.run(ortFeeds, outputs as string[]);
    const ms = performance.now() - start;
    const c = this.counters.get(model.id) ?? { calls: 0, ms: 0 };
    c.calls += 1;
    c.ms += ms;
    this.counters.set(model.id, c);
    const out: Record<string, HostTensor> = {};
    for (const name of outputs) {
      const t = result[name];
      if (!t) throw new Error(`model "${model.id}" did not produce output "${name}"`);
      out[name] = { type: t.type === "int64" ? "int64" : "float32", data: t.data as Float32Array | BigInt64Array, dims: t.dims };
    }
    return out;
  }

  stats(): ReadonlyMap<string, { calls: number; ms: number }> {
    return this.counters;
  }

  async dispose(): Promise<void> {
    for (const { session } of this.sessions.values()) await session.release();
    this.sessions.clear();
  }

  private loaded(model: ModelRef): Loaded {
    const s = this.sessions.get(model.path);
    if (!s) throw new Error(`model "${model.id}" was not loaded`);
    return s;
  }
}
