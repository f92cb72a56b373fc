import { describe, expect, it } from "vitest";

import {
  argmaxRows,
  entropyRows,
  logSoftmaxRows,
  maxProbRows,
  rowLogSumExp,
  softmaxRows,
} from "../../../src/runtime/sampling/softmax.js";

describe("softmax family", () => {
  it("softmax of log-weights recovers the normalized weights, row by row", () => {
    const x = new Float64Array([0, Math.log(2), Math.log(3), Math.log(4), 0, Math.log(4)]);
    const p = softmaxRows(x, 3, new Float64Array(6));
    const want = [1 / 6, 2 / 6, 3 / 6, 4 / 9, 1 / 9, 4 / 9];
    want.forEach((w, i) => expect(p[i]).toBeCloseTo(w, 14));
  });

  it("is stable for huge logits and gives 0 to −∞", () => {
    const x = new Float32Array([1000, 1001, -Infinity, -1000]);
    const p = softmaxRows(x, 4, new Float64Array(4));
    const e = Math.exp(-1);
    expect(p[0]).toBeCloseTo(e / (1 + e), 12);
    expect(p[1]).toBeCloseTo(1 / (1 + e), 12);
    expect(p[2]).toBe(0);
    expect(p[3]).toBe(0); // underflows, no NaN
    expect(rowLogSumExp(x, 0, 4)).toBeCloseTo(1001 + Math.log1p(e), 10);
  });

  it("works in place and log-softmax = log(softmax)", () => {
    const x = new Float32Array([0.5, -1, 2, 3, 3, -Infinity]);
    const ls = logSoftmaxRows(x, 3, new Float64Array(6));
    const p = softmaxRows(x, 3, new Float64Array(6));
    for (let i = 0; i < 6; i++) {
      if (p[i] === 0) expect(ls[i]).toBe(-Infinity);
      else expect(ls[i]).toBeCloseTo(Math.log(p[i]!), 12);
    }
    softmaxRows(x, 3, x);
    for (let i = 0; i < 6; i++) expect(x[i]).toBeCloseTo(p[i]!, 6);
  });

  it("throws on rows without a distribution and on bad shapes", () => {
    expect(() => softmaxRows(new Float32Array([-Infinity, -Infinity]), 2, new Float32Array(2))).toThrow(
      /no finite maximum/,
    );
    expect(() => softmaxRows(new Float32Array(5), 2, new Float32Array(5))).toThrow(/multiple of V/);
    expect(() => argmaxRows(new Float32Array([NaN, NaN]), 2, new Int32Array(1))).toThrow();
  });

  it("argmax returns the lowest index among ties", () => {
    const x = new Float32Array([1, 3, 3, 0, /**/ -Infinity, 2, 2, 2, /**/ 5, 5, 5, 5]);
    expect(Array.from(argmaxRows(x, 4, new Int32Array(3)))).toEqual([1, 1, 0]);
  });

  it("entropy and max-prob agree with direct formulas", () => {
    const V = 5;
    const x = new Float32Array([0.1, -2, 3, 0.5, 1, /**/ 0, 0, 0, 0, 0, /**/ 7, -Infinity, -Infinity, -Infinity, -Infinity]);
    const h = entropyRows(x, V, new Float64Array(3));
    const m = maxProbRows(x, V, new Float64Array(3));
    const p = softmaxRows(x, V, new Float64Array(x.length));
    for (let r = 0; r < 3; r++) {
      let hh = 0,
        mm = 0;
      for (let i = 0; i < V; i++) {
        const pi = p[r * V + i]!;
        if (pi > 0) hh -= pi * Math.log(pi);
        mm = Math.max(mm, pi);
      }
      expect(h[r]).toBeCloseTo(hh, 12);
      expect(m[r]).toBeCloseTo(mm, 12);
    }
    expect(h[1]).toBeCloseTo(Math.log(5), 14);
    expect(h[2]).toBe(0);
    expect(m[2]).toBe(1);
  });
});
