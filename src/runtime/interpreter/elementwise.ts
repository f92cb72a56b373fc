/**
 * Elementwise kernels with broadcasting of immediates and per-sample scalars ([B] against
 * [B, ...inner]). One output allocation per op; no per-element allocation.
 */
import { f32, sizeOf, type RValue, type Tensor } from "./values.js";

export type Scalarish = number | Tensor;

const UNARY: Record<string, (a: number) => number> = {
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, sin: Math.sin, cos: Math.cos,
  floor: Math.floor, round: Math.round, expm1: Math.expm1, log1p: Math.log1p,
  not: (a) => (a ? 0 : 1),
};

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  min: Math.min,
  max: Math.max,
  atan2: Math.atan2,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  and: (a, b) => (a && b ? 1 : 0),
  or: (a, b) => (a || b ? 1 : 0),
};

const TERNARY: Record<string, (a: number, b: number, c: number) => number> = {
  where: (c, a, b) => (c ? a : b),
  clamp: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
};

export const ELEMENTWISE_OPS: ReadonlySet<string> = new Set([...Object.keys(UNARY), ...Object.keys(BINARY), ...Object.keys(TERNARY)]);

/** Reads element i of a broadcast operand whose per-sample size is `n` in an output of per-sample size `size`. */
function reader(a: Scalarish, size: number): (i: number) => number {
  if (typeof a === "number") return () => a;
  const n = sizeOf(a.inner);
  const d = a.data;
  if (n === size) return (i) => d[i]!;
  if (n === 1) return (i) => d[(i / size) | 0]!;
  throw new RangeError(`cannot broadcast a per-sample shape [${a.inner}] to ${size} elements`);
}

export function elementwise(op: string, args: readonly Scalarish[], rows: number): RValue {
  let inner: readonly number[] = [];
  for (const a of args) if (typeof a !== "number" && sizeOf(a.inner) > sizeOf(inner)) inner = a.inner;
  const size = sizeOf(inner);
  const total = rows * size;
  const out = new Float32Array(total);
  const u = UNARY[op];
  if (u) {
    const a = args[0]!;
    if (typeof a !== "number" && sizeOf(a.inner) === size) { const d = a.data; for (let i = 0; i < total; i++) out[i] = u(d[i]!); }
    else { const ra = reader(a, size); for (let i = 0; i < total; i++) out[i] = u(ra(i)); }
    return f32(out, inner);
  }
  const b = BINARY[op];
  if (b) {
    const [x, y] = args as [Scalarish, Scalarish];
    // Fast paths for the common affine chains of samplers.
    if (typeof x !== "number" && sizeOf(x.inner) === size && typeof y === "number") { const d = x.data; for (let i = 0; i < total; i++) out[i] = b(d[i]!, y); }
    else if (typeof y !== "number" && sizeOf(y.inner) === size && typeof x === "number") { const d = y.data; for (let i = 0; i < total; i++) out[i] = b(x, d[i]!); }
    else if (typeof x !== "number" && typeof y !== "number" && sizeOf(x.inner) === size && sizeOf(y.inner) === size) { const dx = x.data, dy = y.data; for (let i = 0; i < total; i++) out[i] = b(dx[i]!, dy[i]!); }
    else { const rx = reader(x, size), ry = reader(y, size); for (let i = 0; i < total; i++) out[i] = b(rx(i), ry(i)); }
    return f32(out, inner);
  }
  const t = TERNARY[op];
  if (t) {
    const [ra, rb, rc] = args.map((a) => reader(a, size)) as [(i: number) => number, (i: number) => number, (i: number) => number];
    for (let i = 0; i < total; i++) out[i] = t(ra(i), rb(i), rc(i));
    return f32(out, inner);
  }
  throw new Error(`unknown elementwise op ${op}`);
}
