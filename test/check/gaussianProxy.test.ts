/** The Gaussian proxy against closed forms (methods.md §6 R1, §7). */
import { describe, expect, it } from "vitest";
import { marginalStd, modelGain, scheduleProxy, theta } from "../../src/check/gaussianProxy.js";
import type { ModelRef } from "../../src/ir/ir.js";

const model = (contract: string, attrs: Record<string, unknown>): ModelRef => ({ id: "m", path: "", contract, attrs, inputs: {}, outputs: {}, cache: [] });

describe("Gaussian proxy", () => {
  it("θ runs from 0 at the data end to π/2 at pure noise", () => {
    expect(theta("fm", 0, 0.5)).toBe(0);
    expect(theta("fm", 1, 0.5)).toBeCloseTo(Math.PI / 2, 12);
    expect(theta("vp", 0.5, 1)).toBeCloseTo(Math.PI / 4, 12);
  });
  it("one FM step from t = 1 keeps std 0; K uniform steps give the §7 table", () => {
    const uniform = (k: number) => Array.from({ length: k + 1 }, (_, i) => 1 - i / k);
    const std = [1, 2, 4, 8, 32, 256].map((k) => 0.5 * scheduleProxy(uniform(k), "fm", 0.5));
    expect(std.map((s) => Number(s.toFixed(3)))).toEqual([0, 0.2, 0.341, 0.415, 0.477, 0.497]);
  });
  it("the exact models are linear: E[x0|x_t], E[eps|x_t], v and flow velocity for N(0, c²) data", () => {
    const c = 0.7, t = 0.3, a = Math.cos((Math.PI * t) / 2), s = Math.sin((Math.PI * t) / 2), S2 = a * a * c * c + s * s;
    expect(modelGain(model("denoiser", { pred: "x0", path: "vp" }), t, undefined, c)).toBeCloseTo((a * c * c) / S2, 14);
    expect(modelGain(model("denoiser", { pred: "eps", path: "vp" }), t, undefined, c)).toBeCloseTo(s / S2, 14);
    // v = α·eps − σ·x0 and the FM velocity eps − x0 (with α = 1 − t, σ = t).
    expect(modelGain(model("denoiser", { pred: "v", path: "vp" }), t, undefined, c)).toBeCloseTo(a * (s / S2) - s * ((a * c * c) / S2), 14);
    const fa = 1 - t, fS2 = fa * fa * c * c + t * t;
    expect(modelGain(model("denoiser", { pred: "velocity", path: "fm" }), t, undefined, c)).toBeCloseTo(t / fS2 - (fa * c * c) / fS2, 14);
    // The exact flow map scales by S_s / S_t, from the target s or the stride t − s.
    expect(modelGain(model("flowmap", { path: "ve" }), 80, 1, 1)).toBeCloseTo(marginalStd("ve", 1, 1) / marginalStd("ve", 80, 1), 14);
    expect(modelGain(model("flowmap", { path: "ve", target: "stride" }), 80, 79, 1)).toBeCloseTo(marginalStd("ve", 1, 1) / marginalStd("ve", 80, 1), 14);
  });
});
