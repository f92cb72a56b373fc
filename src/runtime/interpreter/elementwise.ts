/**
 * Elementwise kernels with broadcasting of immediates and per-sample scalars ([B] against
 * [B, ...inner]). One output allocation per op; no per-element allocation. The arithmetic ops
 * have loops of their own (no call per element); `fused` evaluates a chain of them in one loop.
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

/** The ops `fused` chains: the affine arithmetic of samplers. */
export const FUSABLE_OPS: ReadonlySet<string> = new Set(["add", "sub", "mul", "div"]);

type Data = Float32Array | Int32Array;

/** Reads element i of a broadcast operand whose per-sample size is `n` in an output of per-sample size `size`. */
function reader(a: Scalarish, size: number): (i: number) => number {
  if (typeof a === "number") return () => a;
  const n = sizeOf(a.inner);
  const d = a.data;
  if (n === size) return (i) => d[i]!;
  if (n === 1) return (i) => d[(i / size) | 0]!;
  throw broadcastError(a.inner, size);
}

function broadcastError(inner: readonly number[], size: number): RangeError {
  return new RangeError(`cannot broadcast a per-sample shape [${inner}] to ${size} elements`);
}

/** out = x op y over equal-size arrays (one loop per op, so the arithmetic is inlined). */
function arrayArray(op: string, x: Data, y: Data, out: Float32Array): void {
  const n = out.length;
  switch (op) {
    case "add": for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!; return;
    case "sub": for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!; return;
    case "mul": for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!; return;
    default: for (let i = 0; i < n; i++) out[i] = x[i]! / y[i]!;
  }
}

/** out = x op c, or c op x when `swap`. */
function arrayScalar(op: string, x: Data, c: number, swap: boolean, out: Float32Array): void {
  const n = out.length;
  switch (op) {
    case "add": for (let i = 0; i < n; i++) out[i] = x[i]! + c; return;
    case "mul": for (let i = 0; i < n; i++) out[i] = x[i]! * c; return;
    case "sub":
      if (swap) for (let i = 0; i < n; i++) out[i] = c - x[i]!;
      else for (let i = 0; i < n; i++) out[i] = x[i]! - c;
      return;
    default:
      if (swap) for (let i = 0; i < n; i++) out[i] = c / x[i]!;
      else for (let i = 0; i < n; i++) out[i] = x[i]! / c;
  }
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
    const xFull = typeof x !== "number" && sizeOf(x.inner) === size;
    const yFull = typeof y !== "number" && sizeOf(y.inner) === size;
    if (FUSABLE_OPS.has(op) && (xFull || yFull)) {
      // The arithmetic of samplers: loops without a call per element.
      if (xFull && yFull) arrayArray(op, (x as Tensor).data, (y as Tensor).data, out);
      else if (xFull && typeof y === "number") arrayScalar(op, (x as Tensor).data, y, false, out);
      else if (yFull && typeof x === "number") arrayScalar(op, (y as Tensor).data, x, true, out);
      else { const rx = reader(x, size), ry = reader(y, size); for (let i = 0; i < total; i++) out[i] = b(rx(i), ry(i)); }
      return f32(out, inner);
    }
    if (xFull && typeof y === "number") { const d = (x as Tensor).data; for (let i = 0; i < total; i++) out[i] = b(d[i]!, y); }
    else if (yFull && typeof x === "number") { const d = (y as Tensor).data; for (let i = 0; i < total; i++) out[i] = b(x, d[i]!); }
    else if (xFull && yFull) { const dx = (x as Tensor).data, dy = (y as Tensor).data; for (let i = 0; i < total; i++) out[i] = b(dx[i]!, dy[i]!); }
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

// ---------------------------------------------------------------------------------------------
// fused: a chain of arithmetic ops evaluated in one loop.

/**
 * One instruction of a fused chain: `[op, a, b]` computes `op(reg[a], reg[b])`. Registers
 * 0 … nargs−1 are the fused op's arguments; register nargs + j is the result of instruction j.
 * The last instruction's result is the output.
 */
export type FusedInstruction = readonly [op: string, a: number, b: number];

/** Checks a fused program (the plan may come from anywhere). */
export function validateFused(code: unknown, nargs: number): readonly FusedInstruction[] {
  if (!Array.isArray(code) || code.length === 0) throw new Error("a fused op needs a non-empty code list");
  code.forEach((ins, j) => {
    const ok = Array.isArray(ins) && ins.length === 3 && typeof ins[0] === "string" && FUSABLE_OPS.has(ins[0])
      && [ins[1], ins[2]].every((r) => Number.isInteger(r) && (r as number) >= 0 && (r as number) < nargs + j);
    if (!ok) throw new Error(`fused instruction ${j} ${JSON.stringify(ins)} is not [add|sub|mul|div, register, register] over earlier registers`);
  });
  return code as FusedInstruction[];
}

const JS_OP: Readonly<Record<string, string>> = { add: "+", sub: "-", mul: "*", div: "/" };

/** How a register varies: a constant, one value per row, or one per element. */
type Kind = "c" | "r" | "f";

type FusedLoop = (out: Float32Array, size: number, rows: number, args: readonly (number | Data)[]) => void;

/** Compiled loops per (program, argument kinds). */
const loops = new WeakMap<readonly FusedInstruction[], Map<string, FusedLoop>>();

/**
 * The loop for a program and the kinds of its arguments, generated once. The source is built
 * only from validated register numbers and the four operators above. Every intermediate is
 * rounded to float32 (Math.fround) exactly where the unfused ops would store it in a
 * Float32Array, and constants enter unrounded as they do there, so results are bit-identical.
 */
function fusedLoop(code: readonly FusedInstruction[], kinds: readonly Kind[]): FusedLoop {
  let byKinds = loops.get(code);
  if (!byKinds) loops.set(code, (byKinds = new Map()));
  const key = kinds.join("");
  const cached = byKinds.get(key);
  if (cached) return cached;
  const nargs = kinds.length;
  const kind: Kind[] = [...kinds];
  const name = (r: number) => `v${r}`;
  const pre: string[] = [];
  const perRow: string[] = [];
  const perElement: string[] = [];
  kinds.forEach((k, r) => {
    if (k === "c") pre.push(`const ${name(r)} = args[${r}];`);
    else { pre.push(`const d${r} = args[${r}];`); (k === "r" ? perRow : perElement).push(`const ${name(r)} = d${r}[${k === "r" ? "row" : "i"}];`); }
  });
  code.forEach(([op, a, b], j) => {
    const r = nargs + j;
    const k: Kind = kind[a] === "f" || kind[b] === "f" ? "f" : kind[a] === "r" || kind[b] === "r" ? "r" : "c";
    kind.push(k);
    const expr = `${name(a)} ${JS_OP[op]} ${name(b)}`;
    const line = j === code.length - 1 ? `out[i] = ${expr};` : `const ${name(r)} = fround(${expr});`;
    (j === code.length - 1 ? perElement : k === "c" ? pre : k === "r" ? perRow : perElement).push(line);
  });
  // Without per-row registers one flat loop over all elements: a nested loop would pay its
  // overhead per row, which for small states ([B, 2]) costs more than the arithmetic.
  const loopLines = perRow.length === 0
    ? ["for (let i = 0, n = rows * size; i < n; i++) {", ...perElement.map((l) => `  ${l}`), "}"]
    : [
        "for (let row = 0, i = 0; row < rows; row++) {",
        ...perRow.map((l) => `  ${l}`),
        "  for (let e = 0; e < size; e++, i++) {",
        ...perElement.map((l) => `    ${l}`),
        "  }",
        "}",
      ];
  const source = ["const fround = Math.fround;", ...pre, ...loopLines].join("\n");
  const loop = new Function("out", "size", "rows", "args", source) as FusedLoop;
  byKinds.set(key, loop);
  return loop;
}

/** Validated programs per op object. */
const programs = new WeakMap<object, readonly FusedInstruction[]>();

/** What a fused op computed for the argument shapes it saw last: output shape and loop. */
interface FusedPlan {
  /** Per argument: its per-sample shape (the array itself), or null for a number. */
  readonly argInners: readonly (readonly number[] | null)[];
  readonly inner: readonly number[];
  readonly size: number;
  readonly loop: FusedLoop;
}

/** Per op object, the plan of its last call (a loop body calls it with the same shapes every time). */
const plans = new WeakMap<object, FusedPlan>();

function samePlan(plan: FusedPlan, args: readonly Scalarish[]): boolean {
  if (plan.argInners.length !== args.length) return false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if ((typeof a === "number" ? null : a.inner) !== plan.argInners[k]) return false;
  }
  return true;
}

/**
 * Evaluates a fused chain on `args` (numbers or tensors) for `rows` rows: the same values, the
 * same output shape and the same broadcast errors as running its ops one by one.
 */
export function fused(op: { readonly attrs?: Readonly<Record<string, unknown>> }, args: readonly Scalarish[], rows: number): RValue {
  let plan = plans.get(op);
  if (!plan || !samePlan(plan, args)) plans.set(op, (plan = planFused(op, args)));
  const out = new Float32Array(rows * plan.size);
  const data = new Array<number | Data>(args.length);
  for (let k = 0; k < args.length; k++) { const a = args[k]!; data[k] = typeof a === "number" ? a : a.data; }
  plan.loop(out, plan.size, rows, data);
  return f32(out, plan.inner);
}

function planFused(op: { readonly attrs?: Readonly<Record<string, unknown>> }, args: readonly Scalarish[]): FusedPlan {
  let code = programs.get(op);
  if (!code) programs.set(op, (code = validateFused(op.attrs?.["code"], args.length)));
  // Shapes as the unfused ops would compute them: each op's output takes the first largest
  // per-sample shape among its operands; operands broadcast only from size 1.
  const argInners: (readonly number[] | null)[] = args.map((a) => (typeof a === "number" ? null : a.inner));
  const inners = [...argInners];
  for (const [, a, b] of code) {
    let inner: readonly number[] = [];
    for (const r of [a, b]) { const s = inners[r]; if (s && sizeOf(s) > sizeOf(inner)) inner = s; }
    const size = sizeOf(inner);
    for (const r of [a, b]) { const s = inners[r]; if (s && sizeOf(s) !== size && sizeOf(s) !== 1) throw broadcastError(s, size); }
    inners.push(inner);
  }
  const inner = inners[inners.length - 1]!;
  const size = sizeOf(inner);
  const kinds: Kind[] = args.map((a) => (typeof a === "number" ? "c" : size > 1 && sizeOf(a.inner) === size ? "f" : "r"));
  return { argInners, inner, size, loop: fusedLoop(code, kinds) };
}
