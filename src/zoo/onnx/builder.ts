/**
 * A small typed ONNX graph builder. Nodes, initializers (stored as little-endian raw_data),
 * graph inputs/outputs with symbolic dims ("batch"), subgraphs (for Scan), and a deterministic
 * ModelProto serialiser: no timestamps, fixed producer name/version, node and value names derived
 * from a per-graph counter, so building the same graph twice yields byte-identical files.
 */
import { modelProtoType } from "./schema.js";

export type DType = "float32" | "int64" | "int32" | "bool";
export type Dim = number | string;

const ELEM_TYPE: Record<DType, number> = { float32: 1, int32: 6, int64: 7, bool: 9 };

export const OPSET = 17;
export const IR_VERSION = 8;
export const PRODUCER_NAME = "infer-zoo";
export const PRODUCER_VERSION = "1";

/** A named tensor value inside a graph. */
export interface Value {
  readonly name: string;
}

export type Attr =
  | { readonly kind: "f"; readonly v: number }
  | { readonly kind: "i"; readonly v: number }
  | { readonly kind: "s"; readonly v: string }
  | { readonly kind: "floats"; readonly v: readonly number[] }
  | { readonly kind: "ints"; readonly v: readonly number[] }
  | { readonly kind: "g"; readonly v: Graph };

export const attrF = (v: number): Attr => ({ kind: "f", v });
export const attrI = (v: number): Attr => ({ kind: "i", v });
export const attrS = (v: string): Attr => ({ kind: "s", v });
export const attrFloats = (v: readonly number[]): Attr => ({ kind: "floats", v });
export const attrInts = (v: readonly number[]): Attr => ({ kind: "ints", v });
export const attrG = (v: Graph): Attr => ({ kind: "g", v });

interface NodeRec {
  op: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attrs: [string, Attr][];
}

interface TensorRec {
  name: string;
  dtype: DType;
  dims: number[];
  raw: Uint8Array;
}

interface IORec {
  name: string;
  dtype: DType;
  shape: Dim[] | undefined;
}

function numel(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Encodes numbers as little-endian raw bytes of the given dtype (float32 rounds to nearest). */
export function rawBytes(dtype: DType, data: ArrayLike<number>): Uint8Array {
  const n = data.length;
  if (dtype === "float32") {
    const buf = new Uint8Array(4 * n);
    const dv = new DataView(buf.buffer);
    for (let i = 0; i < n; i++) dv.setFloat32(4 * i, data[i]!, true);
    return buf;
  }
  if (dtype === "int64") {
    const buf = new Uint8Array(8 * n);
    const dv = new DataView(buf.buffer);
    for (let i = 0; i < n; i++) {
      const x = data[i]!;
      if (!Number.isInteger(x)) throw new Error(`int64 initializer needs integers, got ${x}`);
      dv.setBigInt64(8 * i, BigInt(x), true);
    }
    return buf;
  }
  if (dtype === "int32") {
    const buf = new Uint8Array(4 * n);
    const dv = new DataView(buf.buffer);
    for (let i = 0; i < n; i++) dv.setInt32(4 * i, data[i]!, true);
    return buf;
  }
  const buf = new Uint8Array(n);
  for (let i = 0; i < n; i++) buf[i] = data[i] ? 1 : 0;
  return buf;
}

export class Graph {
  private readonly nodes: NodeRec[] = [];
  private readonly inits: TensorRec[] = [];
  private readonly inputs: IORec[] = [];
  private readonly outputs: IORec[] = [];
  private counter = 0;
  private readonly names = new Set<string>();

  constructor(
    readonly name: string,
    /** Prefix for generated names; subgraphs use a distinct prefix to avoid clashes with the outer scope. */
    private readonly prefix = "",
  ) {}

  private fresh(base: string): string {
    const n = `${this.prefix}${base}_${this.counter++}`;
    this.claim(n);
    return n;
  }

  private claim(n: string): void {
    if (this.names.has(n)) throw new Error(`duplicate value name ${n}`);
    this.names.add(n);
  }

  /** Declares a graph input. Shape entries are fixed sizes or symbolic names such as "batch". */
  input(name: string, dtype: DType, shape: Dim[] | undefined): Value {
    this.claim(name);
    this.inputs.push({ name, dtype, shape });
    return { name };
  }

  /** Declares a graph output; inserts an Identity when the value has a different name. */
  output(v: Value, name: string, dtype: DType, shape: Dim[] | undefined): void {
    if (v.name !== name) {
      this.claim(name);
      this.nodes.push({ op: "Identity", inputs: [v.name], outputs: [name], name: `${this.prefix}Identity_${name}`, attrs: [] });
    }
    this.outputs.push({ name, dtype, shape });
  }

  /** Adds a named initializer. */
  initializer(name: string, dtype: DType, dims: readonly number[], data: ArrayLike<number>): Value {
    if (numel(dims) !== data.length) throw new Error(`initializer ${name}: dims ${dims} vs ${data.length} values`);
    this.claim(name);
    this.inits.push({ name, dtype, dims: [...dims], raw: rawBytes(dtype, data) });
    return { name };
  }

  /** Auto-named float32 constant (scalar when dims is []). */
  constF(data: ArrayLike<number> | number, dims?: readonly number[]): Value {
    const arr = typeof data === "number" ? [data] : data;
    const d = dims ?? (typeof data === "number" ? [] : [arr.length]);
    const name = this.fresh("c");
    this.names.delete(name);
    return this.initializer(name, "float32", d, arr);
  }

  /** Auto-named int64 constant. */
  constI(data: ArrayLike<number> | number, dims?: readonly number[]): Value {
    const arr = typeof data === "number" ? [data] : data;
    const d = dims ?? (typeof data === "number" ? [] : [arr.length]);
    const name = this.fresh("ci");
    this.names.delete(name);
    return this.initializer(name, "int64", d, arr);
  }

  /** Adds a node with `nOut` outputs; returns the output values. */
  node(op: string, inputs: readonly (Value | null)[], attrs: Record<string, Attr> = {}, nOut = 1): Value[] {
    const name = `${this.prefix}${op}_${this.counter}`;
    const outs: string[] = [];
    for (let k = 0; k < nOut; k++) outs.push(this.fresh(`${op}_out${k}`));
    this.nodes.push({
      op,
      inputs: inputs.map((v) => (v ? v.name : "")),
      outputs: outs,
      name,
      attrs: Object.entries(attrs),
    });
    return outs.map((n) => ({ name: n }));
  }

  /** Single-output node. */
  op(op: string, inputs: readonly (Value | null)[], attrs: Record<string, Attr> = {}): Value {
    return this.node(op, inputs, attrs, 1)[0]!;
  }

  // ---- convenience wrappers (opset 17 semantics) ----
  add(a: Value, b: Value): Value { return this.op("Add", [a, b]); }
  sub(a: Value, b: Value): Value { return this.op("Sub", [a, b]); }
  mul(a: Value, b: Value): Value { return this.op("Mul", [a, b]); }
  div(a: Value, b: Value): Value { return this.op("Div", [a, b]); }
  matmul(a: Value, b: Value): Value { return this.op("MatMul", [a, b]); }
  neg(a: Value): Value { return this.op("Neg", [a]); }
  exp(a: Value): Value { return this.op("Exp", [a]); }
  log(a: Value): Value { return this.op("Log", [a]); }
  sqrt(a: Value): Value { return this.op("Sqrt", [a]); }
  cast(a: Value, to: DType): Value { return this.op("Cast", [a], { to: attrI(ELEM_TYPE[to]) }); }
  unsqueeze(a: Value, axes: number[]): Value { return this.op("Unsqueeze", [a, this.constI(axes)]); }
  squeeze(a: Value, axes: number[]): Value { return this.op("Squeeze", [a, this.constI(axes)]); }
  reduceSum(a: Value, axes: number[], keepdims = true): Value {
    return this.op("ReduceSum", [a, this.constI(axes)], { keepdims: attrI(keepdims ? 1 : 0) });
  }
  reduceMax(a: Value, axes: number[], keepdims = true): Value {
    return this.op("ReduceMax", [a], { axes: attrInts(axes), keepdims: attrI(keepdims ? 1 : 0) });
  }
  softmax(a: Value, axis = -1): Value { return this.op("Softmax", [a], { axis: attrI(axis) }); }
  logSoftmax(a: Value, axis = -1): Value { return this.op("LogSoftmax", [a], { axis: attrI(axis) }); }
  gather(data: Value, idx: Value, axis = 0): Value { return this.op("Gather", [data, idx], { axis: attrI(axis) }); }
  concat(vs: Value[], axis: number): Value { return this.op("Concat", vs, { axis: attrI(axis) }); }
  transpose(a: Value, perm: number[]): Value { return this.op("Transpose", [a], { perm: attrInts(perm) }); }
  reshape(a: Value, shape: number[]): Value { return this.op("Reshape", [a, this.constI(shape)]); }
  where(c: Value, a: Value, b: Value): Value { return this.op("Where", [c, a, b]); }
  shape(a: Value): Value { return this.op("Shape", [a]); }
  expand(a: Value, shape: Value): Value { return this.op("Expand", [a, shape]); }
  /** Slice along given axes with constant starts/ends. */
  slice(a: Value, starts: number[], ends: number[], axes: number[]): Value {
    return this.op("Slice", [a, this.constI(starts), this.constI(ends), this.constI(axes)]);
  }
  /** Dynamic Slice: starts/ends given as int64 values of shape [n]. */
  sliceDyn(a: Value, starts: Value, ends: Value, axes: number[]): Value {
    return this.op("Slice", [a, starts, ends, this.constI(axes)]);
  }

  /** Serialisable plain object for protobufjs (GraphProto). */
  toProto(): object {
    const tensor = (t: TensorRec) => ({
      dims: t.dims,
      data_type: ELEM_TYPE[t.dtype],
      name: t.name,
      raw_data: t.raw,
    });
    const vi = (io: IORec) => ({
      name: io.name,
      type: {
        tensor_type: {
          elem_type: ELEM_TYPE[io.dtype],
          ...(io.shape
            ? { shape: { dim: io.shape.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) } }
            : {}),
        },
      },
    });
    const attr = (name: string, a: Attr): object => {
      switch (a.kind) {
        case "f": return { name, type: 1, f: a.v };
        case "i": return { name, type: 2, i: a.v };
        case "s": return { name, type: 3, s: new TextEncoder().encode(a.v) };
        case "g": return { name, type: 5, g: a.v.toProto() };
        case "floats": return { name, type: 6, floats: [...a.v] };
        case "ints": return { name, type: 7, ints: [...a.v] };
      }
    };
    return {
      node: this.nodes.map((n) => ({
        input: n.inputs,
        output: n.outputs,
        name: n.name,
        op_type: n.op,
        attribute: n.attrs.map(([k, a]) => attr(k, a)),
      })),
      name: this.name,
      initializer: this.inits.map(tensor),
      input: this.inputs.map(vi),
      output: this.outputs.map(vi),
    };
  }
}

export interface ModelOptions {
  docString?: string;
  metadata?: Record<string, string>;
}

/** Serialises a graph as an ONNX ModelProto (opset 17, IR 8). Deterministic. */
export function serializeModel(g: Graph, opts: ModelOptions = {}): Uint8Array {
  const T = modelProtoType();
  const meta = Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value }));
  const obj = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: "", version: OPSET }],
    producer_name: PRODUCER_NAME,
    producer_version: PRODUCER_VERSION,
    model_version: 1,
    ...(opts.docString ? { doc_string: opts.docString } : {}),
    graph: g.toProto(),
    metadata_props: meta,
  };
  const err = T.verify(obj);
  if (err) throw new Error(`ModelProto verification failed: ${err}`);
  return T.encode(T.fromObject(obj)).finish();
}
