import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { softmaxRows } from "../../../src/runtime/sampling/softmax.js";
import {
  applyMinP,
  applyRepetitionPenalty,
  applyTemperature,
  applyTopK,
  applyTopP,
  applyWarpers,
  WarperScratch,
} from "../../../src/runtime/sampling/warpers.js";

const kept = (x: Float32Array) => Array.from(x, (v, i) => (v > -Infinity ? i : -1)).filter((i) => i >= 0);
const logs = (p: number[]) => new Float32Array(p.map(Math.log));

/** Reference ranking: logit descending, index ascending (plain JS sort with comparator). */
function rank(row: Float32Array): number[] {
  return Array.from(row.keys())
    .filter((i) => row[i]! > -Infinity)
    .sort((a, b) => row[b]! - row[a]! || a - b);
}

// Rows with many ties: logits drawn from a small set of values, sometimes −∞.
const tiedRow = (V: number) =>
  fc.array(fc.constantFrom(-Infinity, -1.5, 0, 0.25, 2, 2.5), { minLength: V, maxLength: V }).filter((a) =>
    a.some((v) => v > -Infinity),
  );
const realRow = (V: number) =>
  fc.array(fc.float({ min: -20, max: 20, noNaN: true, noDefaultInfinity: true }), { minLength: V, maxLength: V });

describe("temperature", () => {
  it("divides logits by T, i.e. p ∝ p^(1/T)", () => {
    const x = logs([0.5, 0.3, 0.2]);
    applyTemperature(x, 3, 2);
    const p = softmaxRows(x, 3, new Float64Array(3));
    const z = Math.sqrt(0.5) + Math.sqrt(0.3) + Math.sqrt(0.2);
    [0.5, 0.3, 0.2].forEach((q, i) => expect(p[i]).toBeCloseTo(Math.sqrt(q) / z, 6));
    expect(() => applyTemperature(x, 3, 0)).toThrow(RangeError);
  });
});

describe("repetition penalty (CTRL / HF semantics)", () => {
  it("divides non-negative, multiplies negative logits of context tokens, once per token", () => {
    const x = new Float32Array([2, -2, 1, 0, /**/ 2, -2, 1, 0]);
    applyRepetitionPenalty(x, 4, 2, [[0, 1, 0, 0, 3, -1, 99], []]);
    expect(Array.from(x)).toEqual([1, -4, 1, 0, 2, -2, 1, 0]);
  });
  it("reuses scratch stamps across rows without leaking marks", () => {
    const s = new WarperScratch(3);
    const x = new Float32Array([4, 4, 4, 4, 4, 4]);
    applyRepetitionPenalty(x, 3, 4, [[1], [2]], s);
    applyRepetitionPenalty(x, 3, 4, [[1], [2]], s);
    expect(Array.from(x)).toEqual([4, 0.25, 4, 4, 4, 0.25]);
  });
});

describe("top-k", () => {
  it("keeps exactly k tokens, lowest index first on ties", () => {
    const x = new Float32Array([1, 3, 2, 3, 2, 2]);
    applyTopK(x, 6, 3);
    expect(kept(x)).toEqual([1, 2, 3]);
  });
  it("k ≥ V and k = 0 are no-ops", () => {
    const x = new Float32Array([1, 2, 3]);
    applyTopK(x, 3, 3);
    applyTopK(x, 3, 0);
    expect(kept(x)).toEqual([0, 1, 2]);
  });
  it("equals the first k of the (logit desc, index asc) ranking (property, tied and real rows)", () => {
    const s = new WarperScratch(12);
    for (const gen of [tiedRow(12), realRow(12)]) {
      fc.assert(
        fc.property(gen, fc.integer({ min: 1, max: 11 }), (row, k) => {
          const x = new Float32Array(row);
          const want = rank(x).slice(0, k).sort((a, b) => a - b);
          const before = x.slice();
          applyTopK(x, 12, k, s);
          expect(kept(x)).toEqual(want);
          for (const i of want) expect(x[i]).toBe(before[i]); // survivors untouched
        }),
        { numRuns: 400 },
      );
    }
  });
});

describe("top-p", () => {
  it("keeps the smallest prefix with mass ≥ p", () => {
    const cases: Array<[number, number[]]> = [
      [0.5, [0]],
      [0.8, [0, 1]], // 0.5 + 0.3 reaches 0.8 exactly: boundary included
      [0.8000009, [0, 1]], // within TOP_P_EPSILON of the boundary (float32 logit noise)
      [0.80001, [0, 1, 2]],
      [0.81, [0, 1, 2]],
      [0.01, [0]],
      [1, [0, 1, 2]],
    ];
    for (const [p, want] of cases) {
      const x = logs([0.5, 0.3, 0.2]);
      applyTopP(x, 3, p);
      expect(kept(x), `p=${p}`).toEqual(want);
    }
  });
  it("breaks ties at the boundary by lower index", () => {
    const x = logs([0.25, 0.25, 0.25, 0.25]);
    applyTopP(x, 4, 0.5);
    expect(kept(x)).toEqual([0, 1]);
    const y = logs([0.1, 0.3, 0.3, 0.3]);
    applyTopP(y, 4, 0.55);
    expect(kept(y)).toEqual([1, 2]);
  });
  it("matches a sort-based reference (property)", () => {
    const s = new WarperScratch(10);
    for (const gen of [tiedRow(10), realRow(10)]) {
      fc.assert(
        fc.property(gen, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (row, p) => {
          const x = new Float32Array(row);
          const order = rank(x);
          const m = x[order[0]!]!;
          const w = order.map((i) => Math.exp(x[i]! - m));
          const z = w.reduce((a, b) => a + b, 0);
          let cum = 0,
            n = 0;
          while (n < order.length) {
            cum += w[n]!;
            n++;
            if (cum / z >= p) break;
          }
          // Skip cases within float noise of the boundary: the reference and the kernel may
          // legitimately round differently there.
          if (Math.abs(cum / z - p) < 2e-6) return;
          const want = order.slice(0, n).sort((a, b) => a - b);
          applyTopP(x, 10, p, s);
          expect(kept(x)).toEqual(want);
        }),
        { numRuns: 400 },
      );
    }
  });
  it("ignores tokens already removed by top-k", () => {
    const x = logs([0.1, 0.4, 0.2, 0.3]);
    applyTopK(x, 4, 2); // keeps 1, 3 (renormalized 4/7, 3/7)
    applyTopP(x, 4, 0.5);
    expect(kept(x)).toEqual([1]);
  });
});

describe("min-p", () => {
  it("keeps p ≥ minP · p_max", () => {
    const x = logs([0.15, 0.5, 0.3, 0.05]);
    applyMinP(x, 4, 0.2); // threshold 0.1
    expect(kept(x)).toEqual([0, 1, 2]);
    const y = logs([0.15, 0.5, 0.3, 0.05]);
    applyMinP(y, 4, 1);
    expect(kept(y)).toEqual([1]);
  });
});

describe("applyWarpers composition", () => {
  it("applies repetition penalty → temperature → top-k → top-p → min-p", () => {
    const cfg = { repetitionPenalty: 1.3, temperature: 0.7, topK: 5, topP: 0.9, minP: 0.05 };
    fc.assert(
      fc.property(realRow(8), fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 5 }), (row, ctx) => {
        const a = new Float32Array(row);
        const b = new Float32Array(row);
        applyWarpers(a, 8, cfg, [ctx]);
        applyRepetitionPenalty(b, 8, cfg.repetitionPenalty, [ctx]);
        applyTemperature(b, 8, cfg.temperature);
        applyTopK(b, 8, cfg.topK);
        applyTopP(b, 8, cfg.topP);
        applyMinP(b, 8, cfg.minP);
        expect(Array.from(a)).toEqual(Array.from(b));
      }),
      { numRuns: 200 },
    );
  });
  it("order matters: top-p after temperature differs from before it", () => {
    // p = (.5,.3,.2); T = 2 flattens to ≈ (.415,.322,.263): the 0.5-nucleus grows from 1 to 2 tokens.
    const warped = logs([0.5, 0.3, 0.2]);
    applyWarpers(warped, 3, { temperature: 2, topP: 0.5 });
    expect(kept(warped)).toEqual([0, 1]);
    const reversed = logs([0.5, 0.3, 0.2]);
    applyTopP(reversed, 3, 0.5);
    applyTemperature(reversed, 3, 2);
    expect(kept(reversed)).toEqual([0]);
  });
  it("requires context for a repetition penalty", () => {
    expect(() => applyWarpers(new Float32Array(3), 3, { repetitionPenalty: 1.2 })).toThrow(/context/);
  });
});
