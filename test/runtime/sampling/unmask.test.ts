import { describe, expect, it } from "vitest";

import {
  selectByThreshold,
  selectTopN,
  transferSchedule,
  unmaskScores,
} from "../../../src/runtime/sampling/unmask.js";

const probs = new Float64Array([
  ...[0.7, 0.2, 0.1], // pos 0: conf .7, low entropy
  ...[0.4, 0.4, 0.2], // pos 1: conf .4
  ...[0.5, 0.5, 0.0], // pos 2: conf .5, entropy ln 2
  ...[0.7, 0.15, 0.15], // pos 3: conf .7 (ties pos 0), higher entropy than pos 0
]);

describe("unmask scores", () => {
  it("confidence = max prob (before sampling)", () => {
    expect(Array.from(unmaskScores(probs, 3, "confidence", new Float64Array(4)))).toEqual([0.7, 0.4, 0.5, 0.7]);
  });
  it("entropy: lowest entropy ranks first", () => {
    const s = unmaskScores(probs, 3, "entropy", new Float64Array(4));
    expect(s[2]).toBeCloseTo(-Math.log(2), 14);
    // H: pos 2 = ln 2 ≈ .693 < pos 0 ≈ .802 < pos 3 ≈ .819 < pos 1 ≈ 1.055
    expect(Array.from(selectTopN(s, 4))).toEqual([2, 0, 3, 1]);
  });
  it("sampled_confidence = p(sampled token) (LLaDA low_confidence)", () => {
    const s = unmaskScores(probs, 3, "sampled_confidence", new Float64Array(4), { sampled: [2, 0, 1, 1] });
    expect(Array.from(s)).toEqual([0.1, 0.4, 0.5, 0.15]);
    expect(() => unmaskScores(probs, 3, "sampled_confidence", new Float64Array(4))).toThrow(/sampled/);
  });
  it("random uses the given uniforms", () => {
    const s = unmaskScores(probs, 3, "random", new Float64Array(4), { uniforms: [0.1, 0.9, 0.5, 0.3] });
    expect(Array.from(selectTopN(s, 2))).toEqual([1, 2]);
  });
});

describe("selection", () => {
  it("top-n by score, lower position first on ties, skipping −∞/NaN", () => {
    expect(Array.from(selectTopN([0.7, 0.4, 0.5, 0.7], 3))).toEqual([0, 3, 2]);
    expect(Array.from(selectTopN([0.7, -Infinity, NaN, 0.1], 3))).toEqual([0, 3]);
    expect(Array.from(selectTopN([0.7, 0.4], 0))).toEqual([]);
  });
  it("threshold: all with score ≥ τ, at least the best one", () => {
    expect(Array.from(selectByThreshold([0.95, 0.2, 0.91, 0.9], 0.9))).toEqual([0, 2, 3]);
    expect(Array.from(selectByThreshold([0.3, 0.5, 0.5], 0.9))).toEqual([1]);
    expect(Array.from(selectByThreshold([-Infinity, -Infinity], 0.9))).toEqual([]);
  });
  it("poker example (methods.md §7): τ = 0.9 on two uniform-over-4 marginals commits one position", () => {
    const marg = new Float64Array([0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    const conf = unmaskScores(marg, 4, "confidence", new Float64Array(2));
    expect(Array.from(selectByThreshold(conf, 0.9))).toEqual([0]);
  });
  it("LLaDA transfer schedule spreads the masks evenly, remainder first", () => {
    expect(Array.from(transferSchedule(10, 4))).toEqual([3, 3, 2, 2]);
    expect(Array.from(transferSchedule(3, 5))).toEqual([1, 1, 1, 0, 0]);
    expect(Array.from(transferSchedule(32, 32)).every((k) => k === 1)).toBe(true);
  });
});
