import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkProcedure } from "../../../src/check/check.js";
import { StaleKvCacheRule } from "../../../src/check/rules/StaleKvCacheRule.js";
import type { IRProcedure } from "../../../src/ir/ir.js";
import { lowerSource } from "../../helpers/examples.js";
import { codes, root } from "../helpers.js";

/** An example lowered, with a KV cache bound on its unmask model (the IR the rule reads). */
function withCache(file: string): IRProcedure {
  const ir = lowerSource(resolve(root, "examples", file));
  return { ...ir, models: ir.models.map((m) => (m.contract === "unmask" ? { ...m, cache: [{ input: "past_key_values.%d.key", output: "present.%d.key" }] } : m)) };
}

describe("StaleKvCacheRule", () => {
  it("a cache on an unmask model refining the whole sequence is an error at the refine", () => {
    const ds = checkProcedure(withCache("masked_diffusion.infer"), { rules: [StaleKvCacheRule] });
    expect(codes(ds)).toEqual(["stale-kv-cache error 13:3"]);
  });
  it("refining only the newest block of a block expansion caches committed tokens only (BD3-LM)", () => {
    expect(checkProcedure(withCache("block_diffusion.infer"), { rules: [StaleKvCacheRule] })).toEqual([]);
  });
  it("@approx makes it a warning", () => {
    const ir = withCache("masked_diffusion.infer");
    const approx = { ...ir, moves: ir.moves!.map((m) => ({ ...m, approx: true })) };
    expect(codes(checkProcedure(approx, { rules: [StaleKvCacheRule] }))).toEqual(["stale-kv-cache warning 13:3"]);
  });
  it("without a cache there is nothing to go stale", () => {
    expect(checkProcedure(lowerSource(resolve(root, "examples/masked_diffusion.infer")), { rules: [StaleKvCacheRule] })).toEqual([]);
  });
});
