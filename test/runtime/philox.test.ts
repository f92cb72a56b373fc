import { describe, expect, it } from "vitest";

import {
  fillBits,
  fillGumbel,
  fillNormal,
  fillUniform,
  philox4x32,
  philoxKey,
  uniformAt,
} from "../../src/runtime/rng/philox.js";

function kat(ctr: number[], key: number[]): number[] {
  const out = new Uint32Array(4);
  philox4x32(ctr[0]!, ctr[1]!, ctr[2]!, ctr[3]!, key[0]!, key[1]!, out);
  return Array.from(out);
}

describe("philox4x32-10 known-answer vectors (Random123 kat_vectors)", () => {
  it("counter 0, key 0", () => {
    expect(kat([0, 0, 0, 0], [0, 0])).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
  });
  it("counter and key all ones", () => {
    const f = 0xffffffff;
    expect(kat([f, f, f, f], [f, f])).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
  });
  it("pi digits", () => {
    expect(
      kat([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]),
    ).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });
});

describe("stream layout", () => {
  it("key = seed mod 2^64 split into low/high words; negative seeds wrap", () => {
    expect(philoxKey(0x1_0000_0002)).toEqual({ k0: 2, k1: 1 });
    expect(philoxKey(-1)).toEqual({ k0: 0xffffffff, k1: 0xffffffff });
    expect(philoxKey((1n << 64n) + 5n)).toEqual({ k0: 5, k1: 0 });
    expect(() => philoxKey(0.5)).toThrow(RangeError);
  });

  it("word j of (seed, sample, draw) is word j%4 of block (j/4, sample, draw_lo, draw_hi)", () => {
    const seed = 0xdeadbeef_12345678n;
    const draw = 0x3_0000_0007; // draw_hi = 3, draw_lo = 7
    const bits = new Uint32Array(2 * 6);
    fillBits(bits, seed, [5, 9], 6, draw);
    const b = new Uint32Array(4);
    philox4x32(1, 9, 7, 3, 0x12345678, 0xdeadbeef, b);
    expect(bits[6 + 4]).toBe(b[0]);
    expect(bits[6 + 5]).toBe(b[1]);
  });
});

describe("batch-size invariance", () => {
  const seed = 42n;
  const per = 7; // odd on purpose: exercises partial blocks

  for (const [name, make, fill] of [
    ["uniform f32", (n: number) => new Float32Array(n), fillUniform],
    ["uniform f64", (n: number) => new Float64Array(n), fillUniform],
    ["normal f32", (n: number) => new Float32Array(n), fillNormal],
    ["normal f64", (n: number) => new Float64Array(n), fillNormal],
    ["gumbel f64", (n: number) => new Float64Array(n), fillGumbel],
  ] as const) {
    it(`${name}: sample i's values do not depend on batch size, order or offset`, () => {
      const big = make(100 * per);
      fill(big, seed, 0, per, 3);
      // one at a time
      for (const i of [0, 1, 37, 99]) {
        const one = make(per);
        fill(one, seed, i, per, 3);
        expect(Array.from(one)).toEqual(Array.from(big.subarray(i * per, (i + 1) * per)));
      }
      // arbitrary subset in arbitrary order
      const idx = [99, 3, 50, 4];
      const sub = make(idx.length * per);
      fill(sub, seed, idx, per, 3);
      idx.forEach((i, r) =>
        expect(Array.from(sub.subarray(r * per, (r + 1) * per))).toEqual(
          Array.from(big.subarray(i * per, (i + 1) * per)),
        ),
      );
      // a prefix of a longer draw is the shorter draw
      const longer = make(2 * (per + 5));
      fill(longer, seed, 10, per + 5, 3);
      expect(Array.from(longer.subarray(0, per))).toEqual(
        Array.from(big.subarray(10 * per, 11 * per)),
      );
    });
  }

  it("different draws, samples and seeds give different values", () => {
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    fillUniform(a, 1, 0, 4, 0);
    fillUniform(b, 1, 0, 4, 1);
    expect(a).not.toEqual(b);
    fillUniform(b, 1, 1, 4, 0);
    expect(a).not.toEqual(b);
    fillUniform(b, 2, 0, 4, 0);
    expect(a).not.toEqual(b);
  });

  it("uniformAt agrees with fillUniform(Float64Array)", () => {
    const row = new Float64Array(5);
    fillUniform(row, 7, 12, 5, 2n ** 40n);
    for (let j = 0; j < 5; j++) expect(uniformAt(7, 12, 2n ** 40n, j)).toBe(row[j]);
  });

  it("gumbel is -log(-log(u)) of the float64 uniforms", () => {
    const u = new Float64Array(9);
    const g = new Float64Array(9);
    fillUniform(u, 3, 0, 9, 1);
    fillGumbel(g, 3, 0, 9, 1);
    for (let j = 0; j < 9; j++) expect(g[j]).toBe(-Math.log(-Math.log(u[j]!)));
  });
});

describe("distribution", () => {
  const N = 1 << 18;

  it("uniforms are in the open interval and uniform (chi-square, 64 bins, p > 1e-6)", () => {
    for (const arr of [new Float32Array(N), new Float64Array(N)]) {
      fillUniform(arr, 123, 0, 1024, 0);
      const bins = new Float64Array(64);
      let outside = 0;
      for (const u of arr) {
        if (!(u > 0 && u < 1)) outside++;
        bins[Math.floor(u * 64)]!++;
      }
      expect(outside).toBe(0);
      const e = N / 64;
      let chi = 0;
      for (const c of bins) chi += (c - e) ** 2 / e;
      // chi-square with 63 dof: P(chi > 130) ≈ 1e-6
      expect(chi).toBeLessThan(130);
    }
  });

  it("extreme words map strictly inside (0, 1) for both widths", () => {
    // 23-bit grid: w = 0 -> 2^-24, w = 2^32-1 -> 1 - 2^-24, both exact in float32
    const f = new Float32Array([((0 >>> 9) + 0.5) * 2 ** -23, ((0xffffffff >>> 9) + 0.5) * 2 ** -23]);
    expect(f[0]).toBe(2 ** -24);
    expect(f[1]).toBe(1 - 2 ** -24);
    expect(f[1]! < 1).toBe(true);
  });

  it("normals have mean 0, variance 1, kurtosis 3 (4-sigma standard-error bounds)", () => {
    const z = new Float64Array(N);
    fillNormal(z, 9, 0, 512, 5);
    let m1 = 0,
      m2 = 0,
      m4 = 0;
    for (const x of z) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    m1 /= N;
    m2 /= N;
    m4 /= N;
    expect(Math.abs(m1)).toBeLessThan(4 / Math.sqrt(N)); // sd(mean) = 1/sqrt(N)
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / N)); // sd(var) = sqrt(2/N)
    expect(Math.abs(m4 - 3)).toBeLessThan(4 * Math.sqrt(96 / N)); // sd(m4) = sqrt(96/N)
    // Pairs (cos, sin) are uncorrelated.
    let c = 0;
    for (let i = 0; i < N; i += 2) c += z[i]! * z[i + 1]!;
    expect(Math.abs(c / (N / 2))).toBeLessThan(4 / Math.sqrt(N / 2));
  });

  it("gumbel has mean = Euler–Mascheroni and variance pi^2/6 (4-sigma)", () => {
    const g = new Float64Array(N);
    fillGumbel(g, 11, 0, 256, 0);
    let m = 0,
      v = 0;
    for (const x of g) m += x;
    m /= N;
    for (const x of g) v += (x - m) ** 2;
    v /= N;
    const sd = Math.PI / Math.sqrt(6);
    expect(Math.abs(m - 0.5772156649)).toBeLessThan((4 * sd) / Math.sqrt(N));
    // Var of sample variance ≈ (mu4 - sigma^4)/N, mu4 = 5.4 sigma^4 for Gumbel.
    expect(Math.abs(v - sd * sd)).toBeLessThan(4 * Math.sqrt(4.4 / N) * sd * sd);
  });
});

describe("argument checking", () => {
  it("rejects mismatched shapes and bad counters", () => {
    expect(() => fillUniform(new Float32Array(5), 0, 0, 2, 0)).toThrow(RangeError);
    expect(() => fillUniform(new Float32Array(4), 0, [1], 2, 0)).toThrow(RangeError);
    expect(() => fillUniform(new Float32Array(2), 0, 0, 2, -1)).toThrow(RangeError);
    expect(() => fillUniform(new Float32Array(2), 0, 0, 2, 1n << 64n)).toThrow(RangeError);
    expect(() => fillUniform(new Float32Array(2), 0, [2 ** 32], 2, 0)).toThrow(RangeError);
  });
});
