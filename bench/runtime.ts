/**
 * Runtime overhead benchmark: the interpreter against a hand-written onnxruntime-node loop
 * making the same model calls, measured side by side.
 *
 * Fairness: both sides use the same session options and are warmed up; compilation and session
 * creation are outside the timed region of both; each side makes the same number of model calls
 * per run (checked) and does the same work per step — sampling a token from the softmax of the
 * logits (AR), the Euler update of the state (continuous), normal initial noise. The sides
 * alternate which goes first, and the young generation is collected before every timed run, so
 * neither side pays for garbage the other left behind. A minor collection, not a full one: a full
 * collection every run made V8 drop its pretenuring decisions and deoptimize the code that depends
 * on them ("low survival rate in the old generation"), so every run started partly unoptimized —
 * an artifact of the bench that cost both sides 2–4 ms per run, the runtime more. Each timed run
 * ends with two turns of the event loop, so GC tasks V8 posted during a run are paid by that run
 * (the runtime's native path returns to the event loop only every 20 ms). Reported: the
 * ratio of the medians and the median of the per-pair ratios (robust to the machine's load
 * changing between pairs), and how each side's time splits between awaiting model calls and the
 * rest. The ratio of the lower quartiles compares the runs least disturbed by the machine.
 * Programs run as a deployment runs them, from plans that `infer compile` wrote in a child
 * process (`compiledPlan`), and each row runs in a process of its own (bench/run.ts).
 *
 * The runtime calls onnxruntime-node's native session directly (src/runtime/ortNative.ts), while
 * the hand loops use the public `InferenceSession.run`, which adds an event-loop turn and a
 * JavaScript re-validation to every call. So the AR row is also measured with the runtime forced
 * onto the public API (`native: false`): that ratio is the interpreter's own overhead alone.
 * "Awaiting model calls" is the native run for the runtime and the whole public `run` for the
 * hand loop (and for the runtime in the public-API row).
 */
import * as ort from "onnxruntime-node";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { constants as perfConstants, PerformanceObserver } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { runIR } from "../src/api/run.js";
import type { IRProcedure } from "../src/ir/ir.js";
import { loadPlan } from "../src/plan/load.js";
import { procedureOf } from "../src/plan/plan.js";
import { KNOWN_OPS } from "../src/runtime/interpreter/kernels.js";
import { OrtExecutor } from "../src/runtime/session.js";

const here = import.meta.dirname;
const root = resolve(here, "../..");
const opts: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" };

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;

/**
 * Start times of V8's full (mark-compact) collections. When the old generation sits just above
 * V8's 8 MB activation threshold, V8 can start one at nearly every scavenge (a "GC storm"), and a
 * run during which one starts takes up to twice as long, whichever side it is; so the report
 * says how many runs of each side had one.
 */
const fullGcStarts: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (((e as { detail?: { kind?: number } }).detail)?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) fullGcStarts.push(e.startTime);
  }
}).observe({ entryTypes: ["gc"] });

/** One turn of the event loop. */
const turn = () => new Promise<void>((done) => setImmediate(done));

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * s.length)]!;
}

const median = (xs: number[]): number => quantile(xs, 0.5);

/** A small LCG for the hand loops (the runtime uses Philox; the cost difference is negligible). */
class Lcg {
  constructor(private seed: number) {}
  uniform(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return (this.seed + 0.5) / 2 ** 31;
  }
}

/** Milliseconds the hand loops spent awaiting `session.run` (the runtime's executor counts its own). */
let handModelMs = 0;

/** 256 tokens from tiny_gpt2 with its KV cache, sampling each from softmax(logits). Returns the calls made. */
async function handAR(session: ort.InferenceSession, tokens: number): Promise<number> {
  let past: Record<string, ort.Tensor> = {};
  for (let l = 0; l < 2; l++) for (const kv of ["key", "value"]) past[`past_key_values.${l}.${kv}`] = new ort.Tensor("float32", new Float32Array(0), [1, 2, 0, 32]);
  let last = 0n;
  const rng = new Lcg(1);
  let calls = 0;
  for (let pos = 0; pos < tokens; pos++) {
    const feeds = {
      input_ids: new ort.Tensor("int64", BigInt64Array.of(last), [1, 1]),
      attention_mask: new ort.Tensor("int64", new BigInt64Array(pos + 1).fill(1n), [1, pos + 1]),
      position_ids: new ort.Tensor("int64", BigInt64Array.of(BigInt(pos)), [1, 1]),
      ...past,
    };
    const t0 = performance.now();
    const out = await session.run(feeds);
    handModelMs += performance.now() - t0;
    calls++;
    const logits = out.logits!.data as Float32Array;
    let m = -Infinity;
    for (const v of logits) m = Math.max(m, v);
    let z = 0;
    const p = new Float64Array(logits.length);
    for (let i = 0; i < logits.length; i++) z += p[i] = Math.exp(logits[i]! - m);
    let u = rng.uniform() * z;
    let k = 0;
    while (k < p.length - 1 && (u -= p[k]!) > 0) k++;
    last = BigInt(k);
    past = {};
    for (let l = 0; l < 2; l++) for (const kv of ["key", "value"]) past[`past_key_values.${l}.${kv}`] = out[`present.${l}.${kv}`]!;
  }
  return calls;
}

/** 50 Euler steps of the denoiser ODE from N(0, 80²) noise (Box–Muller). Returns the calls made. */
async function handEuler(session: ort.InferenceSession, sigmas: readonly number[], batch: number): Promise<number> {
  let x = new Float32Array(batch * 2);
  const rng = new Lcg(7);
  for (let i = 0; i < x.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rng.uniform()));
    const theta = 2 * Math.PI * rng.uniform();
    x[i] = 80 * r * Math.cos(theta);
    x[i + 1] = 80 * r * Math.sin(theta);
  }
  let calls = 0;
  for (let i = 0; i + 1 < sigmas.length; i++) {
    const t = sigmas[i]!;
    const s = sigmas[i + 1]!;
    const t0 = performance.now();
    const out = await session.run({ x: new ort.Tensor("float32", x, [batch, 2]), sigma: new ort.Tensor("float32", new Float32Array(batch).fill(t), [batch]) });
    handModelMs += performance.now() - t0;
    calls++;
    const d = out.denoised!.data as Float32Array;
    const next = new Float32Array(x.length);
    for (let j = 0; j < x.length; j++) next[j] = x[j]! + (s - t) * ((x[j]! - d[j]!) / t);
    x = next;
  }
  return calls;
}

function karras(n: number, tMax = 80, tMin = 0.002, rho = 7): number[] {
  const a = tMax ** (1 / rho);
  const b = tMin ** (1 / rho);
  return [...Array.from({ length: n }, (_, i) => (a + (i / (n - 1)) * (b - a)) ** rho), 0];
}

/** Per timed run: wall time, and the part of it spent awaiting model calls. */
interface Timings {
  readonly ours: number[];
  readonly hand: number[];
  readonly oursModel: number[];
  readonly handModel: number[];
  /** [start, end] of every timed run, for attributing full GCs. */
  readonly oursSpans: [number, number][];
  readonly handSpans: [number, number][];
}

/** Times `ours` and `hand` alternately; checks both make `calls` model calls per run. */
async function sideBySide(
  repeats: number, calls: number, ours: (r: number) => Promise<number>, hand: () => Promise<number>, oursModelMs: () => number,
): Promise<Timings> {
  const t: Timings = { ours: [], hand: [], oursModel: [], handModel: [], oursSpans: [], handSpans: [] };
  const timed = async (f: () => Promise<number>, into: number[], modelInto: number[], modelMs: () => number, spans: [number, number][]) => {
    collect({ type: "minor" });
    const m0 = modelMs();
    const t0 = performance.now();
    const n = await f();
    // Work V8 posted to the event loop during the run (GC tasks) is the run's own: let it run
    // before the clock stops, or the other side would pay for it on its first event-loop turn.
    await turn();
    await turn();
    const t1 = performance.now();
    into.push(t1 - t0);
    spans.push([t0, t1]);
    modelInto.push(modelMs() - m0);
    if (n !== calls) throw new Error(`a run made ${n} model calls, expected ${calls}`);
  };
  const runOurs = (r: number) => timed(() => ours(r), t.ours, t.oursModel, oursModelMs, t.oursSpans);
  const runHand = () => timed(hand, t.hand, t.handModel, () => handModelMs, t.handSpans);
  // Several warm-up runs: the runtime has more code for V8 to optimize than the hand loop, and
  // one run of each left it partly unoptimized in the first timed pairs.
  for (let w = 0; w < WARMUP_RUNS; w++) {
    await runOurs(-1 - w);
    await runHand();
  }
  for (const xs of Object.values(t)) xs.length = 0;
  for (let r = 0; r < repeats; r++) {
    if (r % 2 === 0) {
      await runOurs(r);
      await runHand();
    } else {
      await runHand();
      await runOurs(r);
    }
  }
  await turn(); // deliver the last GC entries
  return t;
}

/** How many of the runs `spans` had a full GC start during them. */
function runsWithFullGc(spans: readonly [number, number][]): number {
  return spans.filter(([a, b]) => fullGcStarts.some((s) => s >= a && s <= b)).length;
}

/**
 * The ratios, and where the difference lies: time awaiting model calls (session.run, its
 * scheduling, and any GC pause that lands in it) vs everything else per run.
 */
function report(what: string, t: Timings): string[] {
  const pairs = t.ours.map((o, i) => o / t.hand[i]!);
  const outside = (all: number[], model: number[]) => median(all.map((x, i) => x - model[i]!));
  return [
    `${what}: runtime ${median(t.ours).toFixed(1)} ms, hand loop ${median(t.hand).toFixed(1)} ms, ratio ${(median(t.ours) / median(t.hand)).toFixed(3)} ` +
      `(median of pair ratios ${median(pairs).toFixed(3)}; ratio of lower quartiles ${(quantile(t.ours, 0.25) / quantile(t.hand, 0.25)).toFixed(3)})`,
    `  awaiting model calls: runtime ${median(t.oursModel).toFixed(1)} ms, hand loop ${median(t.handModel).toFixed(1)} ms; ` +
      `the rest: runtime ${outside(t.ours, t.oursModel).toFixed(1)} ms, hand loop ${outside(t.hand, t.handModel).toFixed(1)} ms`,
    `  runs during which a full GC started: runtime ${runsWithFullGc(t.oursSpans)} of ${t.ours.length}, hand loop ${runsWithFullGc(t.handSpans)} of ${t.hand.length}`,
  ];
}

/**
 * The procedure of `file` as a deployment runs it: compiled to a plan by `infer compile` in a
 * separate process, then loaded. The front end never enters this process, whose heap then stays
 * below the 8 MB at which V8 starts full GCs at nearly every scavenge (measured: AR runs took 1.5×
 * as long, on both sides, with the compiler loaded in the process).
 */
function compiledPlan(file: string): IRProcedure {
  const dir = mkdtempSync(join(tmpdir(), "infer-bench-"));
  try {
    const planPath = join(dir, "plan.json");
    execFileSync(process.execPath, [resolve(root, "bin/infer.js"), "compile", resolve(root, file), "-o", planPath], { stdio: ["ignore", "ignore", "pipe"] });
    const loaded = loadPlan(planPath, KNOWN_OPS);
    if (!loaded.plan) throw new Error(loaded.error);
    return procedureOf(loaded.plan, dirname(planPath), resolve);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Warm-up runs of each side before timing. */
const WARMUP_RUNS = 3;

/**
 * Pairs timed per row: one run varies by ±10–30% on a shared 2-core machine (identical AR runs
 * measured 43–80 ms in one process), so many pairs.
 */
const callsOf = (ex: OrtExecutor) => [...ex.stats().values()].reduce((a, s) => a + s.calls, 0);
const modelMsOf = (ex: OrtExecutor) => () => [...ex.stats().values()].reduce((a, s) => a + s.runMs, 0);

/** AR: 256 tokens, batch 1, KV cache, on the native path (the default) or the public API. */
async function arRow(native: boolean, repeats: number): Promise<string[]> {
  const ar = compiledPlan("bench/programs/ar256.infer");
  const session = await ort.InferenceSession.create(resolve(root, "examples/models/tiny_gpt2/model.onnx"), opts);
  const executor = new OrtExecutor({ sessionOptions: opts, native });
  const run = async (seed: number) => {
    const before = callsOf(executor);
    const out = await runIR(ar, { executor, seed: seed + 1 });
    if (out.value.kind !== "tokens" || out.value.seqs[0]!.length !== 257) throw new Error("AR bench produced the wrong length");
    return callsOf(executor) - before;
  };
  const title = native
    ? "AR decoding, 256 tokens, tiny_gpt2 + KV cache (256 model calls)"
    : "  the same, runtime forced onto the public InferenceSession.run (its own overhead alone)";
  const lines = report(title, await sideBySide(repeats, 256, run, () => handAR(session, 256), modelMsOf(executor)));
  await executor.close();
  await session.release();
  return lines;
}

/** Continuous: 50 Euler steps, batch 1024. */
async function eulerRow(repeats: number): Promise<string[]> {
  const eu = compiledPlan("bench/programs/euler50.infer");
  const executor = new OrtExecutor({ sessionOptions: opts });
  const session = await ort.InferenceSession.create(resolve(root, "examples/models/gmm_denoiser.onnx"), opts);
  const sigmas = karras(50);
  const run = async (seed: number) => {
    const before = callsOf(executor);
    await runIR(eu, { executor, seed: seed + 1, batch: 1024 });
    return callsOf(executor) - before;
  };
  const lines = report("Euler, 50 steps, gmm_denoiser, batch 1024 (50 model calls)",
    await sideBySide(repeats, 50, run, () => handEuler(session, sigmas, 1024), modelMsOf(executor)));
  await executor.close();
  await session.release();
  return lines;
}

/**
 * The rows of the runtime bench. `npm run bench` runs each in a process of its own: run after the
 * native AR row in one process, the public-API row measured 1.07-1.12, and 1.00-1.04 when run
 * first (a freshly loaded plan for the second row did not change that, so it is not the plan's
 * caches; process state one row leaves behind, which no user of one path meets).
 */
export const runtimeRows: Readonly<Record<string, (repeats?: number) => Promise<string[]>>> = {
  ar: (repeats = 81) => arRow(true, repeats),
  "ar-public": (repeats = 81) => arRow(false, repeats),
  euler: (repeats = 81) => eulerRow(repeats),
};

/** 100,000 model calls in one run; RSS at start and end. */
export async function memoryBench(calls = 100_000): Promise<string> {
  const eu = compiledPlan("bench/programs/euler50.infer");
  const executor = new OrtExecutor({ sessionOptions: opts });
  const rss = () => (process.memoryUsage().rss / 2 ** 20).toFixed(1);
  await runIR(eu, { executor, seed: 0, batch: 16 });
  const start = rss();
  const runs = Math.ceil(calls / 50);
  let mid = "";
  for (let r = 0; r < runs; r++) {
    await runIR(eu, { executor, seed: r, batch: 16 });
    if (r === Math.floor(runs / 2)) mid = rss();
  }
  const total = [...executor.stats().values()].reduce((a, s) => a + s.calls, 0);
  await executor.close();
  return `${total} model calls: RSS ${start} MiB at start, ${mid} MiB halfway, ${rss()} MiB at end`;
}
