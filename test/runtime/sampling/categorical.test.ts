import { describe, expect, it } from "vitest";

import { fillUniform } from "../../../src/runtime/rng/philox.js";
import {
  chooseTokens,
  sampleLogitsRows,
  sampleProbsRows,
  sampleWeightsRow,
} from "../../../src/runtime/sampling/categorical.js";
import { softmaxRows } from "../../../src/runtime/sampling/softmax.js";
import { chiSquare } from "../helpers/stats.js";

describe("inverse-CDF categorical", () => {
  it("maps u to the cell [C_{i-1}, C_i) of u·Z", () => {
    const w = [0.5, 0, 0.3, 0.2];
    const at = (u: number) => sampleWeightsRow(w, 0, 4, u);
    expect(at(1e-12)).toBe(0);
    expect(at(0.4999)).toBe(0);
    expect(at(0.5)).toBe(2); // zero-weight token 1 is skipped even at its boundary
    expect(at(0.7999)).toBe(2);
    expect(at(0.8001)).toBe(3);
    expect(at(1 - 2 ** -53)).toBe(3);
    expect(sampleWeightsRow([0, 2, 0], 0, 3, 1 - 2 ** -53)).toBe(1); // last positive weight
    expect(() => sampleWeightsRow([0, 0], 0, 2, 0.5)).toThrow(/no distribution/);
  });

  it("never returns a −∞ token and accepts unnormalized weights", () => {
    const x = new Float32Array([-Infinity, 0, -Infinity, 0]);
    const out = new Int32Array(1);
    for (const u of [1e-15, 0.25, 0.5, 0.75, 1 - 1e-15]) {
      sampleLogitsRows(x, 4, [u], out);
      expect([1, 3]).toContain(out[0]);
    }
    expect(sampleWeightsRow([3, 1], 0, 2, 0.74)).toBe(0);
    expect(sampleWeightsRow([3, 1], 0, 2, 0.76)).toBe(1);
  });

  it("draws the softmax distribution (chi-square, V = 10, N = 200k, p > 1e-6)", () => {
    const V = 10;
    const N = 200_000;
    const row = new Float32Array([0.3, -1, 2, 0, 0, 1.5, -3, -Infinity, 0.7, 1]);
    const logits = new Float32Array(N * V);
    for (let r = 0; r < N; r++) logits.set(row, r * V);
    const u = new Float64Array(N);
    fillUniform(u, 2024, 0, 1, 0);
    const toks = sampleLogitsRows(logits, V, u, new Int32Array(N));
    const counts = new Float64Array(V);
    for (const t of toks) counts[t]!++;
    const p = softmaxRows(row, V, new Float64Array(V));
    // 8 free cells (one is −∞): chi-square_8 exceeds 41.0 with probability 1e-6.
    expect(chiSquare(counts, p, N)).toBeLessThan(41);
    // Sanity of the test's power: the same counts are far from a uniform law over the 9 tokens.
    const unif = p.map((pi) => (pi > 0 ? 1 / 9 : 0));
    expect(chiSquare(counts, unif, N)).toBeGreaterThan(1000);
  });

  it("probability rows and logits rows give the same tokens for the same uniforms", () => {
    const logits = new Float32Array([0.1, 0.2, -0.5, 2, /**/ 1, 1, 1, 1]);
    const probs = softmaxRows(logits, 4, new Float64Array(8));
    const u = [0.3, 0.9];
    expect(Array.from(sampleProbsRows(probs, 4, u, new Int32Array(2)))).toEqual(
      Array.from(sampleLogitsRows(logits, 4, u, new Int32Array(2))),
    );
  });

  it("temperature 0 is greedy (lowest index on ties), ignoring uniforms", () => {
    const logits = new Float32Array([1, 4, 4, 0]);
    expect(chooseTokens(logits, 4, 0, [0.999], new Int32Array(1))[0]).toBe(1);
    expect(chooseTokens(logits, 4, 1, [0.9], new Int32Array(1))[0]).toBe(2); // cum .508, .991
  });
});
