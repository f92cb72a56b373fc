/**
 * Runtime overhead benchmark: the interpreter against a hand-written onnxruntime-node loop
 * making the same model calls, measured side by side (alternating, median of several runs).
 */
import * as ort from "onnxruntime-node";
import { resolve } from "node:path";
import { compileToIR } from "../src/api/compile.js";
import { runIR } from "../src/api/run.js";
import { OrtExecutor } from "../src/runtime/session.js";

const here = import.meta.dirname;
const root = resolve(here, "../..");
const opts: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function handAR(session: ort.InferenceSession, tokens: number): Promise<void> {
  let past: Record<string, ort.Tensor> = {};
  for (let l = 0; l < 2; l++) for (const kv of ["key", "value"]) past[`past_key_values.${l}.${kv}`] = new ort.Tensor("float32", new Float32Array(0), [1, 2, 0, 32]);
  let last = 0n;
  let seed = 1;
  for (let pos = 0; pos < tokens; pos++) {
    const feeds = {
      input_ids: new ort.Tensor("int64", BigInt64Array.of(last), [1, 1]),
      attention_mask: new ort.Tensor("int64", new BigInt64Array(pos + 1).fill(1n), [1, pos + 1]),
      position_ids: new ort.Tensor("int64", BigInt64Array.of(BigInt(pos)), [1, 1]),
      ...past,
    };
    const out = await session.run(feeds);
    const logits = out.logits!.data as Float32Array;
    let m = -Infinity;
    for (const v of logits) m = Math.max(m, v);
    let z = 0;
    const p = new Float64Array(logits.length);
    for (let i = 0; i < logits.length; i++) z += p[i] = Math.exp(logits[i]! - m);
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    let u = (seed / 2 ** 31) * z;
    let k = 0;
    while (k < p.length - 1 && (u -= p[k]!) > 0) k++;
    last = BigInt(k);
    past = {};
    for (let l = 0; l < 2; l++) for (const kv of ["key", "value"]) past[`past_key_values.${l}.${kv}`] = out[`present.${l}.${kv}`]!;
  }
}

async function handEuler(session: ort.InferenceSession, sigmas: readonly number[], batch: number): Promise<Float32Array> {
  let x = new Float32Array(batch * 2);
  let seed = 7;
  for (let i = 0; i < x.length; i++) { seed = (seed * 1103515245 + 12345) % 2 ** 31; x[i] = (seed / 2 ** 31 - 0.5) * 160; }
  for (let i = 0; i + 1 < sigmas.length; i++) {
    const t = sigmas[i]!;
    const s = sigmas[i + 1]!;
    const out = await session.run({ x: new ort.Tensor("float32", x, [batch, 2]), sigma: new ort.Tensor("float32", new Float32Array(batch).fill(t), [batch]) });
    const d = out.denoised!.data as Float32Array;
    const next = new Float32Array(x.length);
    for (let j = 0; j < x.length; j++) next[j] = x[j]! + (s - t) * ((x[j]! - d[j]!) / t);
    x = next;
  }
  return x;
}

function karras(n: number, tMax = 80, tMin = 0.002, rho = 7): number[] {
  const a = tMax ** (1 / rho);
  const b = tMin ** (1 / rho);
  return [...Array.from({ length: n }, (_, i) => (a + (i / (n - 1)) * (b - a)) ** rho), 0];
}

export async function runtimeBench(repeats = 7): Promise<string[]> {
  const lines: string[] = [];
  // AR: 256 tokens, batch 1, KV cache.
  const ar = compileToIR(resolve(root, "bench/programs/ar256.infer"));
  if (!ar.ir) throw new Error(ar.diagnostics.map((d) => d.message).join("\n"));
  const arBackend = new OrtExecutor({ sessionOptions: opts });
  const arSession = await ort.InferenceSession.create(resolve(root, "examples/models/tiny_gpt2/model.onnx"), opts);
  const eu = compileToIR(resolve(root, "bench/programs/euler50.infer"));
  if (!eu.ir) throw new Error(eu.diagnostics.map((d) => d.message).join("\n"));
  const euBackend = new OrtExecutor({ sessionOptions: opts });
  const euSession = await ort.InferenceSession.create(resolve(root, "examples/models/gmm_denoiser.onnx"), opts);
  const sigmas = karras(50);
  const times = { arOurs: [] as number[], arHand: [] as number[], euOurs: [] as number[], euHand: [] as number[] };
  // Warm-up, then alternate so both see the same machine state.
  await runIR(ar.ir, { executor: arBackend, seed: 1 });
  await handAR(arSession, 256);
  await runIR(eu.ir, { executor: euBackend, seed: 1, batch: 1024 });
  await handEuler(euSession, sigmas, 1024);
  for (let r = 0; r < repeats; r++) {
    let t0 = performance.now();
    const out = await runIR(ar.ir, { executor: arBackend, seed: r });
    times.arOurs.push(performance.now() - t0);
    if (out.value.kind !== "tokens" || out.value.seqs[0]!.length !== 257) throw new Error("AR bench produced the wrong length");
    t0 = performance.now();
    await handAR(arSession, 256);
    times.arHand.push(performance.now() - t0);
    t0 = performance.now();
    await runIR(eu.ir, { executor: euBackend, seed: r, batch: 1024 });
    times.euOurs.push(performance.now() - t0);
    t0 = performance.now();
    await handEuler(euSession, sigmas, 1024);
    times.euHand.push(performance.now() - t0);
  }
  const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(3);
  lines.push(`AR decoding, 256 tokens, tiny_gpt2 + KV cache (256 model calls): runtime ${median(times.arOurs).toFixed(1)} ms, hand loop ${median(times.arHand).toFixed(1)} ms, ratio ${ratio(times.arOurs, times.arHand)}`);
  lines.push(`Euler, 50 steps, gmm_denoiser, batch 1024 (50 model calls): runtime ${median(times.euOurs).toFixed(1)} ms, hand loop ${median(times.euHand).toFixed(1)} ms, ratio ${ratio(times.euOurs, times.euHand)}`);
  await arBackend.close();
  await euBackend.close();
  return lines;
}

/** 100,000 model calls in one run; RSS at start and end. */
export async function memoryBench(calls = 100_000): Promise<string> {
  const eu = compileToIR(resolve(root, "bench/programs/euler50.infer"));
  const backend = new OrtExecutor({ sessionOptions: opts });
  const rss = () => (process.memoryUsage().rss / 2 ** 20).toFixed(1);
  await runIR(eu.ir!, { executor: backend, seed: 0, batch: 16 });
  const start = rss();
  const runs = Math.ceil(calls / 50);
  let mid = "";
  for (let r = 0; r < runs; r++) {
    await runIR(eu.ir!, { executor: backend, seed: r, batch: 16 });
    if (r === Math.floor(runs / 2)) mid = rss();
  }
  const total = [...backend.stats().values()].reduce((a, s) => a + s.calls, 0);
  await backend.close();
  return `${total} model calls: RSS ${start} MiB at start, ${mid} MiB halfway, ${rss()} MiB at end`;
}
