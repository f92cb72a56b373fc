import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { decodeNpy, encodeNpy, type NpyArray, NPY_ALIGN, readNpy, writeNpy } from "../../src/runtime/npy.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/**
 * Headers (magic through newline) written by `numpy.save` (numpy 2.4.6) for zero-filled arrays.
 * The encoder must reproduce them byte for byte.
 */
const NUMPY_HEADERS: Array<[NpyArray["dtype"], number[], string]> = [
  ["float32", [2, 3], "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"],
  ["float64", [], "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"],
  ["bool", [2], "934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"],
  ["int64", [0], "934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028302c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"],
  ["int32", [7, 1, 2], "934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028372c20312c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"],
  // header already 64-aligned before padding: numpy pads a full 64 spaces
  ["float32", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100], "934e554d50590100b6007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20312c20313030292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"],
];

function zeros(dtype: NpyArray["dtype"], n: number): NpyArray["data"] {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int64":
      return new BigInt64Array(n);
    case "int32":
      return new Int32Array(n);
    case "bool":
      return new Uint8Array(n);
  }
}

describe("npy encoding", () => {
  it("reproduces numpy.save headers byte for byte", () => {
    for (const [dtype, shape, want] of NUMPY_HEADERS) {
      const n = shape.reduce((a, b) => a * b, 1);
      const bytes = encodeNpy({ dtype, shape, data: zeros(dtype, n) } as NpyArray);
      expect(hex(bytes.subarray(0, want.length / 2)), `${dtype} ${shape}`).toBe(want);
      const itemsize = { float32: 4, float64: 8, int64: 8, int32: 4, bool: 1 }[dtype];
      expect(bytes.length).toBe(want.length / 2 + n * itemsize);
    }
  });

  it("aligns the data offset to 64 bytes and ends the header with a newline (spec)", () => {
    for (let dims = 0; dims < 30; dims++) {
      const shape: number[] = Array.from({ length: dims }, (_, i) => (i % 7 === 0 ? 3 : 1));
      const n = shape.reduce((a, b) => a * b, 1);
      const bytes = encodeNpy({ dtype: "float32", shape, data: new Float32Array(n) });
      expect(bytes[6]).toBe(1); // version 1.0
      const headerLen = bytes[8]! | (bytes[9]! << 8);
      const dataStart = 10 + headerLen;
      expect(dataStart % NPY_ALIGN).toBe(0);
      expect(bytes[dataStart - 1]).toBe(0x0a);
      expect(bytes.length - dataStart).toBe(4 * n);
    }
  });

  it("rejects data that does not match the shape", () => {
    expect(() => encodeNpy({ dtype: "float32", shape: [2, 2], data: new Float32Array(3) })).toThrow(/needs 4/);
  });
});

describe("npy round trip", () => {
  const cases: NpyArray[] = [
    { dtype: "float32", shape: [2, 3], data: new Float32Array([0, -1.5, 3.25, NaN, Infinity, 1e-30]) },
    { dtype: "float64", shape: [], data: new Float64Array([Math.PI]) },
    { dtype: "int64", shape: [3], data: new BigInt64Array([-(2n ** 63n), 0n, 2n ** 63n - 1n]) },
    { dtype: "int32", shape: [2, 1, 2], data: new Int32Array([-(2 ** 31), 7, 0, 2 ** 31 - 1]) },
    { dtype: "bool", shape: [4], data: new Uint8Array([1, 0, 0, 1]) },
    { dtype: "float32", shape: [0, 5], data: new Float32Array(0) },
  ];
  for (const arr of cases) {
    it(`${arr.dtype} ${JSON.stringify(arr.shape)}`, () => {
      const back = decodeNpy(encodeNpy(arr));
      expect(back.dtype).toBe(arr.dtype);
      expect(back.shape).toEqual(arr.shape);
      expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(arr.data as ArrayLike<unknown>));
    });
  }

  it("decodes from an unaligned Buffer slice (copies the data)", () => {
    const bytes = encodeNpy({ dtype: "float64", shape: [2], data: new Float64Array([1.5, -2]) });
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    const back = decodeNpy(big.subarray(3));
    expect(Array.from(back.data as Float64Array)).toEqual([1.5, -2]);
  });
});

describe("npy decoding edge cases", () => {
  function build(version: number, header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
    const prefix = version === 1 ? 10 : 12;
    const h = Buffer.from(header, version === 3 ? "utf8" : "latin1");
    const out = new Uint8Array(prefix + h.length + data.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
    const dv = new DataView(out.buffer);
    if (version === 1) dv.setUint16(8, h.length, true);
    else dv.setUint32(8, h.length, true);
    out.set(h, prefix);
    out.set(data, prefix + h.length);
    return out;
  }
  const f32 = new Uint8Array(new Float32Array([1, 2, 3]).buffer);

  it("reads version 2.0 and 3.0 headers, any key order and spacing", () => {
    for (const v of [2, 3]) {
      const a = decodeNpy(build(v, "{'shape':(3,),'fortran_order':False,'descr':'<f4'}   \n", f32));
      expect(a.shape).toEqual([3]);
      expect(Array.from(a.data as Float32Array)).toEqual([1, 2, 3]);
    }
  });

  it("reads Python-2 long dims and normalizes non-0/1 bools", () => {
    const a = decodeNpy(build(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3L,), }\n", new Uint8Array([0, 2, 1])));
    expect(Array.from(a.data as Uint8Array)).toEqual([0, 1, 1]);
  });

  it("rejects big-endian, Fortran order, unknown dtypes, bad magic and size mismatches", () => {
    expect(() => decodeNpy(build(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }\n", f32))).toThrow(
      /big-endian/,
    );
    expect(() => decodeNpy(build(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }\n", f32))).toThrow(
      /Fortran/,
    );
    expect(() => decodeNpy(build(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }\n", f32))).toThrow(
      /unsupported .npy dtype/,
    );
    expect(() => decodeNpy(build(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n", f32))).toThrow(
      /needs 16/,
    );
    expect(() => decodeNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toThrow(/magic/);
    expect(() => decodeNpy(build(1, "{'descr': '<f4'}\n"))).toThrow(/malformed/);
  });
});

describe("npy files", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "infer-npy-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writeNpy/readNpy round trip through disk, leaving no temp files", async () => {
    const p = join(dir, "x.npy");
    await writeFile(p, "old");
    await writeNpy(p, { dtype: "int32", shape: [2, 2], data: new Int32Array([1, 2, 3, 4]) });
    const back = await readNpy(p);
    expect(Array.from(back.data as Int32Array)).toEqual([1, 2, 3, 4]);
    expect((await readFile(p)).subarray(0, 6).toString("latin1")).toBe("\x93NUMPY");
    expect(await readdir(dir)).toEqual(["x.npy"]);
  });
});
