import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { lowerFile } from "../../src/api/compile.js";
import { root } from "../helpers/examples.js";

function lowerExample(name: string, args: Record<string, unknown> = {}) {
  return lowerFile(resolve(root, "examples", name), { args });
}

describe("lowering", () => {
  for (const ex of ["gmm_sample", "flowmap_fewstep", "ar_generate", "speculative", "masked_diffusion", "block_diffusion", "cfg_guidance"]) {
    it(`lowers ${ex}`, () => {
      const r = lowerExample(`${ex}.infer`);
      if (process.env.SHOW_IR) console.log(ex, JSON.stringify(r.ir?.body).slice(0, 2500));
      expect(r.diagnostics).toEqual([]);
    });
  }
});
