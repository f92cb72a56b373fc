/**
 * `--quantify` for missing-target-time: run the procedure up to the refine (its initial state
 * x_T) and through it (the final samples), solve the probability-flow ODE from the same x_T
 * with the same model on a fine grid (the reference: what the model's data distribution looks
 * like), and report the measured std of the final samples relative to the reference, per
 * coordinate, next to the Gaussian proxy evaluated at the reference's scale.
 */
import type { IRProcedure, ModelRef, MoveInfo, Op } from "../../ir/ir.js";
import { isValueId } from "../../ir/ir.js";
import { alphaOf, sigmaOf } from "../../ir/lower/paths.js";
import { fmt } from "../context.js";
import { dataScale, theta } from "../gaussianProxy.js";
import type { Measure } from "../rule.js";
import type { Feed, OnnxRunner } from "./onnxRunner.js";

/** Steps of the reference solver, uniform in θ (second order: the error is far below sampling noise). */
const REFERENCE_STEPS = 256;

function belongs(op: Op, id: number): boolean {
  if ("args" in op) return op.attrs?.move === id;
  return op.op === "loop" && op.body.some((b) => "args" in b && b.attrs?.move === id);
}

/** x0 from a raw model prediction p at (x, t) (std/params.infer x0_of). */
function x0From(pred: unknown, p: number, x: number, a: number, s: number): number {
  switch (pred) {
    case "eps": return (x - s * p) / a;
    case "v": return a * x - s * p;
    case "velocity": return (x - s * p) / (a + s);
    default: return p;
  }
}

/** The time in [lo, hi] with θ(t) = th (θ increases with t on every path). */
function timeOfTheta(path: string, c: number, th: number, lo: number, hi: number): number {
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (theta(path, mid, c) < th) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Solves the probability-flow ODE from x (rows × n) at t0 to t1 with the model's x0-prediction. */
export async function referenceOde(runner: OnnxRunner, m: ModelRef, x: Float32Array, inner: readonly number[], t0: number, t1: number): Promise<Float32Array> {
  const path = m.attrs.path as string;
  const c = dataScale(m);
  const n = inner.reduce((a, b) => a * b, 1);
  const rows = x.length / n;
  const predict = async (xs: Float32Array, t: number): Promise<Float32Array> => {
    const feeds: Record<string, Feed> = {
      x: { type: "float32", data: xs, dims: [rows, ...inner] },
      t: { type: "float32", data: new Float32Array(rows).fill(t), dims: [rows] },
    };
    if (m.inputs.cond !== undefined && typeof m.attrs.null_cond === "number") feeds.cond = { type: "int64", data: new BigInt64Array(rows).fill(BigInt(m.attrs.null_cond)), dims: [rows] };
    const p = (await runner.run(m, feeds, "out")).data;
    const a = alphaOf(path, t);
    const s = sigmaOf(path, t);
    return Float32Array.from(p, (v, i) => x0From(m.attrs.pred, v, xs[i]!, a, s));
  };
  const ddim = (xs: Float32Array, x0: Float32Array, t: number, s: number): Float32Array => {
    const at = alphaOf(path, t), st = sigmaOf(path, t), as = alphaOf(path, s), ss = sigmaOf(path, s);
    return Float32Array.from(xs, (v, i) => as * x0[i]! + (ss / st) * (v - at * x0[i]!));
  };
  // Start just inside the noise end, where α > 0, so every parameterization has a finite x0.
  const th0 = Math.min(theta(path, t0, c), Math.PI / 2 - 1e-3);
  const th1 = theta(path, t1, c);
  const lo = Math.min(t0, t1), hi = Math.max(t0, t1);
  let cur = x;
  let t = timeOfTheta(path, c, th0, lo, hi);
  for (let k = 1; k <= REFERENCE_STEPS; k++) {
    const s = k === REFERENCE_STEPS ? t1 : timeOfTheta(path, c, th0 + ((th1 - th0) * k) / REFERENCE_STEPS, lo, hi);
    const x0 = await predict(cur, t);
    const euler = ddim(cur, x0, t, s);
    if (sigmaOf(path, s) === 0) { cur = euler; t = s; continue; }
    const x0s = await predict(euler, s);
    cur = ddim(cur, Float32Array.from(x0, (v, i) => (v + x0s[i]!) / 2), t, s);
    t = s;
  }
  return cur;
}

/** Per-coordinate standard deviation of rows × n data. */
export function stdPerCoordinate(x: Float32Array, n: number): number[] {
  const rows = x.length / n;
  return Array.from({ length: n }, (_, j) => {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += x[r * n + j]!;
    mean /= rows;
    let v = 0;
    for (let r = 0; r < rows; r++) v += (x[r * n + j]! - mean) ** 2;
    return Math.sqrt(v / (rows - 1));
  });
}

/**
 * The measurement for one refine move, or undefined when it cannot be isolated (a move nested
 * in an expansion, a state that is not a latent). `predict(c)` is the static std ratio for data
 * scale c.
 */
export function measureTargetTime(ir: IRProcedure, move: MoveInfo, model: ModelRef, predict: (c: number) => number): Measure | undefined {
  const first = ir.body.findIndex((op) => belongs(op, move.id));
  let last = -1;
  ir.body.forEach((op, i) => { if (belongs(op, move.id)) last = i; });
  const { input, output } = move;
  const def = ir.body.slice(0, Math.max(first, 0)).find((op) => "out" in op && op.out === input);
  const type = def && "type" in def ? def.type : undefined;
  if (move.parent !== undefined || first < 0 || input === undefined || !isValueId(input) || output === undefined || type?.kind !== "f32") return undefined;
  const schedule = move.schedule!;
  const init: string = input;
  const result = output;
  return async (env) => {
    // Loaded on use: the runtime (and onnxruntime) stays out of `infer check`'s cold start.
    const { runIR } = await import("../../api/run.js");
    const opts = { seed: env.seed, batch: env.samples };
    const xT = (await runIR({ ...ir, body: ir.body.slice(0, first), result: init, resultType: type }, opts)).value;
    const out = (await runIR({ ...ir, body: ir.body.slice(0, last + 1), result, resultType: type }, opts)).value;
    if (xT.kind !== "tensor" || out.kind !== "tensor") return undefined;
    const n = type.shape.reduce((a, b) => a * b, 1);
    const ref = await referenceOde(env.runner, model, Float32Array.from(xT.data), type.shape, schedule[0]!, schedule[schedule.length - 1]!);
    const refStd = stdPerCoordinate(ref, n);
    const outStd = stdPerCoordinate(Float32Array.from(out.data), n);
    const measured = outStd.map((s, j) => s / refStd[j]!);
    const predicted = refStd.map((c) => predict(c));
    const list = (xs: number[]): string => xs.map(fmt).join(", ");
    return {
      data: {
        samples: env.samples,
        measuredStdRatio: measured,
        predictedStdRatio: predicted,
        referenceStd: refStd,
      },
      summary: `measured over ${env.samples} samples: std ratio ${list(measured)} per coordinate, against ${list(predicted)} from the Gaussian proxy at the measured data scale`,
    };
  };
}
