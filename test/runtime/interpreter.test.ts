import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { lowerSource, root, runProcedure } from "../helpers/examples.js";

describe("interpreter end to end", () => {
  for (const ex of ["gmm_sample", "flowmap_fewstep", "ar_generate", "speculative", "masked_diffusion", "block_diffusion", "cfg_guidance"]) {
    it(`runs ${ex}`, async () => {
      const ir = lowerSource(resolve(root, "examples", `${ex}.infer`));
      const out = await runProcedure(ir, { batch: 4 });
      if (process.env.SHOW_OUT) console.log(ex, out.kind === "tensor" ? Array.from(out.data.slice(0, 8)) : out.seqs.map((s) => Array.from(s).join(" ")));
      expect(out).toBeDefined();
    });
  }
});
