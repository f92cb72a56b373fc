/**
 * The inputs and outputs an ONNX file declares, read synchronously from the protobuf bytes
 * (the binding rules run before anything is executed and must not load the weights into a
 * session). Only `ModelProto.graph` and its `input`, `output` and `initializer` names are
 * decoded; every other field, including the weights, is skipped by length.
 */
import { readFileSync, statSync } from "node:fs";

import protobuf from "protobufjs";

import { modelProtoType } from "../zoo/onnx/schema.js";

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

interface DecodedValueInfo {
  name?: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: { dim_value?: number | { toNumber(): number }; dim_param?: string }[] } } };
}

function toInfo(v: DecodedValueInfo): OnnxValueInfo {
  const tensor = v.type?.tensor_type;
  const elem = tensor && Object.prototype.hasOwnProperty.call(tensor, "elem_type") ? tensor.elem_type : undefined;
  const dtype = elem === undefined ? "unknown" : DTYPES[elem] ?? `elem_type ${elem}`;
  // Absent proto2 fields read as prototype defaults, so ask which member of the oneof was set.
  const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
  const dims = tensor && own(tensor, "shape") ? tensor.shape?.dim?.map((d) => {
    if (own(d, "dim_value") && d.dim_value !== undefined) return typeof d.dim_value === "number" ? d.dim_value : d.dim_value.toNumber();
    return own(d, "dim_param") ? d.dim_param ?? "" : "";
  }) ?? [] : undefined;
  return { name: v.name ?? "", dtype, ...(dims ? { shape: dims } : {}) };
}

/** The `name` (field 8) of a serialized TensorProto, skipping its data. */
function tensorName(bytes: Uint8Array): string | undefined {
  const r = protobuf.Reader.create(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 8 && (tag & 7) === 2) return r.string();
    r.skipType(tag & 7);
  }
  return undefined;
}

/** Decodes the signature from ModelProto bytes; throws on malformed input. */
export function decodeSignature(bytes: Uint8Array): OnnxSignature {
  const valueInfo = modelProtoType().lookupType("onnx.ValueInfoProto");
  const model = protobuf.Reader.create(bytes);
  let graph: Uint8Array | undefined;
  while (model.pos < model.len) {
    const tag = model.uint32();
    if (tag >>> 3 === 7 && (tag & 7) === 2) graph = model.bytes();
    else model.skipType(tag & 7);
  }
  if (!graph) throw new Error("the file has no graph");
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const initializers = new Set<string>();
  const g = protobuf.Reader.create(graph);
  while (g.pos < g.len) {
    const tag = g.uint32();
    const field = tag >>> 3;
    if ((tag & 7) === 2 && (field === 11 || field === 12)) {
      const info = toInfo(valueInfo.decode(g.bytes()) as unknown as DecodedValueInfo);
      (field === 11 ? inputs : outputs).push(info);
    } else if ((tag & 7) === 2 && field === 5) {
      const name = tensorName(g.bytes());
      if (name !== undefined) initializers.add(name);
    } else {
      g.skipType(tag & 7);
    }
  }
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
