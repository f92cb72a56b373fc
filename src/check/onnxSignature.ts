/**
 * The inputs and outputs an ONNX file declares, read synchronously from the protobuf bytes
 * (the binding rules run before anything is executed and must not load the weights into a
 * session). Only `ModelProto.graph` and its `input`, `output` and `initializer` names are
 * decoded; every other field, including the weights, is skipped by length.
 */
import { readFileSync, statSync } from "node:fs";

/** One graph input or output: element type name ("float32", "int64", ...) and declared dims. */
export interface OnnxValueInfo {
  readonly name: string;
  /** "float32", "int64", ... or "elem_type N" for types without a name here; "unknown" when absent. */
  readonly dtype: string;
  /** Static dims as numbers, symbolic or unnamed dims as strings; undefined when the rank is unknown. */
  readonly shape?: readonly (number | string)[];
}

export interface OnnxSignature {
  /** Graph inputs that are fed at run time (initializers listed as inputs are left out). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

/** ONNX TensorProto.DataType codes to the names onnxruntime uses. */
const DTYPES: Readonly<Record<number, string>> = {
  1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 8: "string",
  9: "bool", 10: "float16", 11: "float64", 12: "uint32", 13: "uint64", 16: "bfloat16",
};

/**
 * A protobuf wire-format reader over a byte range, enough for the few messages decoded here.
 * Hand-written rather than protobufjs: loading protobufjs cost `infer check` ~50 ms of cold start
 * for reading a handful of names. Throws on truncated or malformed input.
 */
const UTF8 = new TextDecoder();

class Wire {
  constructor(
    private readonly buf: Uint8Array,
    public pos = 0,
    readonly end = buf.length,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a JS number (exact up to 2^53; ONNX dims and tags are far below). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error("truncated varint");
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new Error("malformed varint");
  }

  /** The sub-range of a length-delimited field. */
  sub(): Wire {
    const len = this.varint();
    const start = this.pos;
    if (start + len > this.end) throw new Error("truncated field");
    this.pos = start + len;
    return new Wire(this.buf, start, start + len);
  }

  string(): string {
    const w = this.sub();
    return UTF8.decode(this.buf.subarray(w.pos, w.end));
  }

  /** Skips a field of wire type `type`. */
  skip(type: number): void {
    if (type === 0) this.varint();
    else if (type === 1) this.pos += 8;
    else if (type === 2) this.sub();
    else if (type === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${type}`);
    if (this.pos > this.end) throw new Error("truncated field");
  }

  /** Calls `each(field, wireType)` for every field; `each` must consume the value or return false to skip it. */
  fields(each: (field: number, type: number) => boolean): void {
    while (!this.done) {
      const tag = this.varint();
      const type = tag & 7;
      if (!each(Math.floor(tag / 8), type)) this.skip(type);
    }
  }
}

/** ValueInfoProto { name = 1; type = 2 (TypeProto { tensor_type = 1 { elem_type = 1; shape = 2 { dim = 1 } } }) }. */
function valueInfo(w: Wire): OnnxValueInfo {
  let name = "";
  let elem: number | undefined;
  let shape: (number | string)[] | undefined;
  w.fields((f, t) => {
    if (f === 1 && t === 2) name = w.string();
    else if (f === 2 && t === 2) {
      const type = w.sub();
      type.fields((tf, tt) => {
        if (tf !== 1 || tt !== 2) return false;
        const tensor = type.sub();
        tensor.fields((xf, xt) => {
          if (xf === 1 && xt === 0) elem = tensor.varint();
          else if (xf === 2 && xt === 2) shape = dims(tensor.sub());
          else return false;
          return true;
        });
        return true;
      });
    } else return false;
    return true;
  });
  const dtype = elem === undefined ? "unknown" : DTYPES[elem] ?? `elem_type ${elem}`;
  return { name, dtype, ...(shape ? { shape } : {}) };
}

/** TensorShapeProto: each Dimension's dim_value (1) or dim_param (2); "" when neither is set. */
function dims(w: Wire): (number | string)[] {
  const out: (number | string)[] = [];
  w.fields((f, t) => {
    if (f !== 1 || t !== 2) return false;
    const d = w.sub();
    let dim: number | string = "";
    d.fields((df, dt) => {
      if (df === 1 && dt === 0) {
        const v = d.varint(); // int64: a negative value is a 10-byte two's-complement varint
        dim = v >= 2 ** 63 ? v - 2 ** 64 : v;
      }
      else if (df === 2 && dt === 2) dim = d.string();
      else return false;
      return true;
    });
    out.push(dim);
    return true;
  });
  return out;
}

/** The `name` (field 8) of a serialized TensorProto, skipping its data. */
function tensorName(w: Wire): string | undefined {
  let name: string | undefined;
  w.fields((f, t) => {
    if (f !== 8 || t !== 2) return false;
    name = w.string();
    return true;
  });
  return name;
}

/** Decodes the signature from ModelProto bytes; throws on malformed input. */
export function decodeSignature(bytes: Uint8Array): OnnxSignature {
  const model = new Wire(bytes);
  let graph: Wire | undefined;
  model.fields((f, t) => {
    if (f !== 7 || t !== 2) return false;
    graph = model.sub();
    return true;
  });
  if (!graph) throw new Error("the file has no graph");
  const g: Wire = graph;
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const initializers = new Set<string>();
  g.fields((f, t) => {
    if (t !== 2) return false;
    if (f === 11 || f === 12) (f === 11 ? inputs : outputs).push(valueInfo(g.sub()));
    else if (f === 5) {
      const name = tensorName(g.sub());
      if (name !== undefined) initializers.add(name);
    } else return false;
    return true;
  });
  return { inputs: inputs.filter((i) => !initializers.has(i.name)), outputs };
}

export type SignatureResult =
  | { readonly ok: true; readonly signature: OnnxSignature }
  | { readonly ok: false; readonly reason: "missing" | "unreadable"; readonly detail: string };

const cache = new Map<string, { readonly stamp: string; readonly result: SignatureResult }>();

/** Reads the signature of the ONNX file at `path` (cached per path, size and mtime). */
export function readSignature(path: string): SignatureResult {
  let stamp: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, reason: "missing", detail: "not a file" };
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return { ok: false, reason: "missing", detail: "no such file" };
  }
  const hit = cache.get(path);
  if (hit && hit.stamp === stamp) return hit.result;
  let result: SignatureResult;
  try {
    result = { ok: true, signature: decodeSignature(readFileSync(path)) };
  } catch (err) {
    result = { ok: false, reason: "unreadable", detail: (err as Error).message.split("\n")[0] ?? "" };
  }
  cache.set(path, { stamp, result });
  return result;
}
