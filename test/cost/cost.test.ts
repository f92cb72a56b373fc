import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileToIR } from "../../src/api/compile.js";
import { estimateCost } from "../../src/cost/cost.js";
import { root } from "../helpers/examples.js";

function costOf(example: string, args: Record<string, unknown> = {}) {
  const r = compileToIR(resolve(root, "examples", `${example}.infer`), { args });
  return estimateCost(r.ir!);
}

describe("static cost", () => {
  it("Heun on N Karras times costs 2N - 1 calls (no second call into sigma = 0) and N refinement steps", () => {
    for (const steps of [5, 18]) {
      const c = costOf("gmm_sample", { steps });
      expect(c.calls).toEqual({ den: 2 * steps - 1 });
      expect(c.refineDepth).toBe(steps);
      expect(c.expandDepth).toBe(0);
      expect(c.bounded).toBe(false);
    }
  });
  it("guidance costs one batched call per step after optimization", () => {
    expect(costOf("cfg_guidance").calls).toEqual({ den: 25 });
  });
  it("block diffusion: 8 blocks of 8 one-token steps", () => {
    const c = costOf("block_diffusion");
    expect(c.calls).toEqual({ mdm: 64 });
    expect(c.refineDepth).toBe(64);
    expect(c.expandDepth).toBe(8);
  });
  it("expansion until length N from a 1-token prompt is bounded by N - 1 calls", () => {
    const c = costOf("ar_generate", { max_length: 20 });
    expect(c.calls).toEqual({ lm: 19 });
    expect(c.bounded).toBe(true);
    expect(c.maxLength).toBe(20);
  });
});
