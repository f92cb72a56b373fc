/**
 * Run-time values of the plan interpreter. Every value is batched over the rows of the
 * current batch context; the batch size is not stored in the value.
 */

/** A dense tensor: `data` holds rows × prod(inner) elements, row-major. */
export interface Tensor {
  readonly kind: "tensor";
  readonly dtype: "f32" | "i32";
  readonly data: Float32Array | Int32Array;
  /** Per-sample shape. */
  readonly inner: readonly number[];
}

/** One token sequence per row. */
export interface Tokens {
  readonly kind: "tokens";
  readonly seqs: readonly Int32Array[];
}

/** A variable number of ids per row (what `verify` commits). */
export interface Ragged {
  readonly kind: "ragged";
  readonly seqs: readonly Int32Array[];
}

export type RValue = Tensor | Tokens | Ragged;

export function sizeOf(inner: readonly number[]): number {
  let n = 1;
  for (const d of inner) n *= d;
  return n;
}

/** The per-sample shape of a scalar (shared; shapes are never modified). */
export const SCALAR: readonly number[] = Object.freeze([]);

export function f32(data: Float32Array, inner: readonly number[]): Tensor {
  return { kind: "tensor", dtype: "f32", data, inner };
}

export function i32(data: Int32Array, inner: readonly number[]): Tensor {
  return { kind: "tensor", dtype: "i32", data, inner };
}

/** The rows `rows` of a value (for running a loop body on the active samples only). */
export function selectRows(v: RValue, rows: readonly number[] | Int32Array): RValue {
  if (v.kind !== "tensor") return { kind: v.kind, seqs: Array.from(rows, (r) => v.seqs[r]!) } as RValue;
  const n = sizeOf(v.inner);
  const out = v.dtype === "f32" ? new Float32Array(rows.length * n) : new Int32Array(rows.length * n);
  for (let i = 0; i < rows.length; i++) out.set(v.data.subarray(rows[i]! * n, rows[i]! * n + n), i * n);
  return { kind: "tensor", dtype: v.dtype, data: out, inner: v.inner };
}
