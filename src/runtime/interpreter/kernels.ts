/**
 * The kernel table: one function per basic IR op. A plan naming an op that is not in this
 * table is refused when it is loaded.
 */
import type { BasicOp } from "../../ir/ir.js";
import {
  applyMinP, applyRepetitionPenalty, applyTemperature, applyTopK, applyTopP, argmaxRows,
  entropyRows, logSoftmaxRows, maxProbRows, softmaxRows,
} from "../sampling/index.js";
import { ELEMENTWISE_OPS, elementwise, fused, type Scalarish } from "./elementwise.js";
import { DISCRETE_KERNELS } from "./discreteKernels.js";
import { MODEL_KERNELS } from "./modelKernels.js";
import { SAMPLE_KERNELS } from "./sampleKernels.js";
import { attr, drawCategorical, randomFill, tensorArg, type Kernel } from "./context.js";
import { f32, i32, SCALAR, sizeOf, type RValue, type Tensor } from "./values.js";

function lastDim(t: Tensor): number {
  return t.inner[t.inner.length - 1] ?? 1;
}

function copyF32(t: Tensor): Float32Array {
  return t.data instanceof Float32Array ? t.data.slice() : Float32Array.from(t.data);
}


const logitsOp = (f: (l: Float32Array, V: number, op: BasicOp) => void): Kernel => (_ctx, op, args) => {
  const l = tensorArg(args[0], "logits");
  const out = copyF32(l);
  f(out, lastDim(l), op);
  return f32(out, l.inner);
};

const temperatureOp = logitsOp((l, V, op) => applyTemperature(l, V, attr(op, "temperature")));

const reduceOp = (f: (l: Float32Array, V: number, out: Float32Array) => unknown): Kernel => (_ctx, _op, args) => {
  const l = tensorArg(args[0], "logits");
  const V = lastDim(l);
  const out = new Float32Array(l.data.length / V);
  f(l.data as Float32Array, V, out);
  return f32(out, l.inner.slice(0, -1));
};

export const KERNELS: Readonly<Record<string, Kernel>> = {
  input: (ctx, op, _args, rows) => {
    const name = attr<string>(op, "name");
    const type = op.type!;
    const value = ctx.inputs[name];
    if (type.kind === "tokens") {
      if (!Array.isArray(value)) throw new Error(`missing tokens input "${name}"`);
      const perSample = Array.isArray(value[0]);
      return { kind: "tokens", seqs: Array.from(rows, (_r, k) => Int32Array.from((perSample ? value[k] : value) as number[])) };
    }
    if (!(value instanceof Float32Array)) throw new Error(`missing latent input "${name}"`);
    const inner = type.kind === "f32" ? type.shape : [];
    if (value.length !== rows.length * sizeOf(inner)) throw new Error(`input "${name}" has ${value.length} values, expected ${rows.length}×${sizeOf(inner)}`);
    return f32(value, inner);
  },
  noise: (ctx, op, _args, rows) => {
    const shape = attr<number[]>(op, "shape");
    const out = randomFill(ctx, op, rows, sizeOf(shape), "normal");
    const scale = attr<number>(op, "scale");
    if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
    return f32(out, shape);
  },
  normal: (ctx, op, args, rows) => {
    const like = tensorArg(args[0], "template");
    return f32(randomFill(ctx, op, rows, sizeOf(like.inner), "normal"), like.inner);
  },
  uniform: (ctx, op, args, rows) => {
    const like = tensorArg(args[0], "template");
    return f32(randomFill(ctx, op, rows, sizeOf(like.inner), "uniform"), like.inner);
  },
  zeros: (_ctx, _op, args) => {
    const like = tensorArg(args[0], "template");
    return f32(new Float32Array(like.data.length), like.inner);
  },
  softmax: logitsOp((l, V) => softmaxRows(l, V, l)),
  log_softmax: logitsOp((l, V) => logSoftmaxRows(l, V, l)),
  // Temperature 1 divides by 1: the logits themselves (values are never modified in place).
  temperature: (ctx, op, args, rows) => (attr<number>(op, "temperature") === 1 ? tensorArg(args[0], "logits") : temperatureOp(ctx, op, args, rows)),
  top_k: logitsOp((l, V, op) => applyTopK(l, V, attr(op, "k"))),
  top_p: logitsOp((l, V, op) => applyTopP(l, V, attr(op, "p"))),
  min_p: logitsOp((l, V, op) => applyMinP(l, V, attr(op, "p"))),
  max_prob: reduceOp((l, V, out) => maxProbRows(l, V, out)),
  entropy: reduceOp((l, V, out) => entropyRows(l, V, out)),
  sum: reduceOp((l, V, out) => { for (let r = 0; r < out.length; r++) { let s = 0; for (let i = 0; i < V; i++) s += l[r * V + i]!; out[r] = s; } }),
  mean: reduceOp((l, V, out) => { for (let r = 0; r < out.length; r++) { let s = 0; for (let i = 0; i < V; i++) s += l[r * V + i]!; out[r] = s / V; } }),
  argmax: (_ctx, _op, args) => {
    const l = tensorArg(args[0], "logits");
    const V = lastDim(l);
    return i32(argmaxRows(l.data as Float32Array, V, new Int32Array(l.data.length / V)), l.inner.slice(0, -1));
  },
  categorical: (ctx, op, args, rows) => {
    const l = tensorArg(args[0], "logits");
    const V = lastDim(l);
    const perSample = sizeOf(l.inner) / V;
    return i32(drawCategorical(ctx, op, rows, l.data as Float32Array, V, perSample), l.inner.length === 1 ? SCALAR : l.inner.slice(0, -1));
  },
  repetition_penalty: (_ctx, op, args) => {
    const l = tensorArg(args[0], "logits");
    const y = args[1] as RValue;
    if (y.kind !== "tokens") throw new Error("repetition penalty needs the context tokens");
    const out = copyF32(l);
    applyRepetitionPenalty(out, lastDim(l), attr(op, "penalty"), y.seqs);
    return f32(out, l.inner);
  },
  stack: (_ctx, _op, args, rows) => {
    const parts = args.map((a, i) => tensorArg(a, `element ${i}`));
    const n = sizeOf(parts[0]!.inner);
    const out = new Float32Array(rows.length * n * parts.length);
    for (let r = 0; r < rows.length; r++) parts.forEach((p, j) => out.set(p.data.subarray(r * n, r * n + n), (r * parts.length + j) * n));
    return f32(out, [parts.length, ...parts[0]!.inner]);
  },
  pick: (_ctx, op, args, rows) => {
    const t = tensorArg(args[0], "pair");
    const inner = t.inner.slice(1);
    const n = sizeOf(inner);
    const k = attr<number>(op, "index");
    const out = new Float32Array(rows.length * n);
    for (let r = 0; r < rows.length; r++) out.set(t.data.subarray((r * t.inner[0]! + k) * n, (r * t.inner[0]! + k + 1) * n), r * n);
    return f32(out, inner);
  },
  /** A chain of add/sub/mul/div in one loop (the fuse-elementwise pass), bit-identical to the chain. */
  fused: (_ctx, op, args, rows) => fused(op, args as Scalarish[], rows.length),
  ...DISCRETE_KERNELS,
  ...MODEL_KERNELS,
  ...SAMPLE_KERNELS,
};

for (const name of ELEMENTWISE_OPS) {
  (KERNELS as Record<string, Kernel>)[name] = (_ctx, _op, args, rows) => elementwise(name, args as Scalarish[], rows.length);
}

export const KNOWN_OPS: ReadonlySet<string> = new Set([...Object.keys(KERNELS), "loop", "expand", "expand_block"]);
