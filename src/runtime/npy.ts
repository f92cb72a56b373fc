/**
 * NumPy `.npy` reading and writing (format spec: numpy/lib/format.py, "NEP 1").
 *
 * Supported: little-endian, C-order arrays of float32, float64, int64, int32 and bool.
 * Writes version 1.0 (2.0 only if the header exceeds 65535 bytes) byte-identically to
 * `numpy.save` (same key order, same growth padding, header padded so data starts at a multiple
 * of 64 bytes); reads versions 1.0, 2.0 and 3.0. Big-endian data and Fortran order are rejected
 * with an error rather than silently transposed or byte-swapped.
 */

import { readFile } from "node:fs/promises";
import { endianness } from "node:os";

import { atomicWriteFile } from "./atomicWrite.js";

/** Element types supported in `.npy` files. */
export type NpyDType = "float32" | "float64" | "int64" | "int32" | "bool";

/** Storage for each dtype; bool is one byte per element, 0 or 1. */
export interface NpyDataMap {
  float32: Float32Array;
  float64: Float64Array;
  int64: BigInt64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** An n-dimensional array in C (row-major) order. */
export interface NpyArray<D extends NpyDType = NpyDType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: NpyDataMap[D];
}

const DESCR: Record<NpyDType, string> = {
  float32: "<f4",
  float64: "<f8",
  int64: "<i8",
  int32: "<i4",
  bool: "|b1",
};
const ITEMSIZE: Record<NpyDType, number> = { float32: 4, float64: 8, int64: 8, int32: 4, bool: 1 };
const FROM_DESCR: Record<string, NpyDType> = {
  "<f4": "float32",
  "<f8": "float64",
  "<i8": "int64",
  "<i4": "int32",
  "|b1": "bool",
  // '=' (native) is little-endian on every platform we run on; '|' is the no-byte-order form.
  "=f4": "float32",
  "=f8": "float64",
  "=i8": "int64",
  "=i4": "int32",
  "<b1": "bool",
  "=b1": "bool",
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** Data offset alignment (numpy's ARRAY_ALIGN): magic + length + header is a multiple of 64 bytes. */
export const NPY_ALIGN = 64;
/** numpy leaves room in the header for the first axis to grow to 21 digits (in-place appends). */
const GROWTH_AXIS_MAX_DIGITS = 21;

if (endianness() !== "LE") {
  // Typed arrays use host byte order; every supported Node platform is little-endian.
  throw new Error("infer runtime: .npy support requires a little-endian host");
}

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`invalid dimension ${d} in shape`);
    n *= d;
  }
  return n;
}

/** Python repr of a tuple of ints: (), (5,), (2, 3). */
function pyTuple(shape: readonly number[]): string {
  if (shape.length === 0) return "()";
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

/** Serializes an array to `.npy` bytes (a fresh Uint8Array). */
export function encodeNpy(arr: NpyArray): Uint8Array {
  const { dtype, shape, data } = arr;
  const descr = DESCR[dtype];
  if (!descr) throw new RangeError(`unsupported dtype ${String(dtype)}`);
  const n = elementCount(shape);
  if (data.length !== n) {
    throw new RangeError(`data has ${data.length} elements, shape ${pyTuple(shape)} needs ${n}`);
  }
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${pyTuple(shape)}, }`;
  if (shape.length > 0) header += " ".repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  // Version 1.0 has a 2-byte header length; fall back to 2.0 (4 bytes) only when needed.
  let version = 1;
  let prefix = 10;
  // Like numpy's _wrap_header, pad with 1..64 spaces (a full 64 when already aligned).
  let pad = NPY_ALIGN - ((prefix + header.length + 1) % NPY_ALIGN);
  if (header.length + pad + 1 > 0xffff) {
    version = 2;
    prefix = 12;
    pad = NPY_ALIGN - ((prefix + header.length + 1) % NPY_ALIGN);
  }
  header += " ".repeat(pad) + "\n";
  const bytes = new Uint8Array(prefix + header.length + n * ITEMSIZE[dtype]);
  bytes.set(MAGIC, 0);
  bytes[6] = version;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[prefix + i] = header.charCodeAt(i);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), prefix + header.length);
  return bytes;
}

/** Parses `.npy` bytes. The returned data is a copy (aligned, independent of `bytes`). */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error("not a .npy file (bad magic string)");
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let prefix: number;
  let headerLen: number;
  if (major === 1) {
    prefix = 10;
    headerLen = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error("truncated .npy header");
    prefix = 12;
    headerLen = view.getUint32(8, true);
  } else {
    throw new Error(`unsupported .npy format version ${major}.${bytes[7]}`);
  }
  if (prefix + headerLen > bytes.length) throw new Error("truncated .npy header");
  const headerBytes = bytes.subarray(prefix, prefix + headerLen);
  const header =
    major === 3 ? new TextDecoder("utf-8").decode(headerBytes) : String.fromCharCode(...headerBytes);

  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`malformed .npy header: ${header.trim()}`);
  }
  const dtype = FROM_DESCR[descr];
  if (!dtype) {
    const hint = descr.startsWith(">") ? " (big-endian data is not supported)" : "";
    throw new Error(`unsupported .npy dtype '${descr}'${hint}`);
  }
  if (fortran === "True") throw new Error("Fortran-order .npy arrays are not supported; save with C order");
  const shape = shapeText
    .split(",")
    .map((s) => s.trim().replace(/L$/, "")) // Python 2 wrote long ints as 3L
    .filter((s) => s.length > 0)
    .map((s) => {
      if (!/^\d+$/.test(s)) throw new Error(`malformed .npy shape (${shapeText})`);
      return Number(s);
    });
  const n = elementCount(shape);
  const start = prefix + headerLen;
  const byteLength = n * ITEMSIZE[dtype];
  if (bytes.length - start !== byteLength) {
    throw new Error(
      `.npy data has ${bytes.length - start} bytes, shape ${pyTuple(shape)} of ${dtype} needs ${byteLength}`,
    );
  }
  // slice() copies into a fresh, aligned ArrayBuffer (the source offset may be unaligned).
  const buf = bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + byteLength);
  const data = makeView(dtype, buf as ArrayBuffer);
  if (dtype === "bool") {
    const b = data as Uint8Array;
    for (let i = 0; i < b.length; i++) if (b[i]! > 1) b[i] = 1;
  }
  return { dtype, shape, data };
}

function makeView(dtype: NpyDType, buf: ArrayBuffer): NpyDataMap[NpyDType] {
  switch (dtype) {
    case "float32":
      return new Float32Array(buf);
    case "float64":
      return new Float64Array(buf);
    case "int64":
      return new BigInt64Array(buf);
    case "int32":
      return new Int32Array(buf);
    case "bool":
      return new Uint8Array(buf);
  }
}

/** Reads a `.npy` file. */
export async function readNpy(path: string): Promise<NpyArray> {
  return decodeNpy(await readFile(path));
}

/** Writes a `.npy` file atomically (temp file + fsync + rename: never a partial file). */
export async function writeNpy(path: string, arr: NpyArray): Promise<void> {
  await atomicWriteFile(path, encodeNpy(arr));
}
