import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { createDeclLookup } from "../../src/ir/lower/declIndex.js";
import { lowerProcedure } from "../../src/ir/lower/lower.js";
import type { InferDecl, Program } from "../../src/syntax/ast.js";

const root = resolve(import.meta.dirname, "../..");
function lowerExample(name: string, args: Record<string, unknown> = {}) {
  const modules = new Map<string, Program>();
  const resolveImport = (from: string, src: string) => {
    const p = src.startsWith("std/") ? resolve(root, "stdlib", src.slice(4) + ".infer") : resolve(dirname(from), src.endsWith(".infer") ? src : src + ".infer");
    return existsSync(p) ? p : undefined;
  };
  const load = (f: string) => {
    if (modules.has(f)) return;
    const r = parse(readFileSync(f, "utf8"), f);
    expect(r.diagnostics).toEqual([]);
    modules.set(f, r.program);
    for (const d of r.program.declarations) if (d.kind === "ImportDecl") { const t = resolveImport(f, d.source.value); if (t) load(t); }
  };
  const file = resolve(root, "examples", name);
  load(file);
  const proc = modules.get(file)!.declarations.find((d) => d.kind === "InferDecl") as InferDecl;
  return lowerProcedure(createDeclLookup(modules, resolveImport), proc, file, { args });
}

describe("lowering", () => {
  for (const ex of ["gmm_sample", "flowmap_fewstep", "ar_generate", "speculative", "masked_diffusion", "block_diffusion", "cfg_guidance"]) {
    it(`lowers ${ex}`, () => {
      const r = lowerExample(`${ex}.infer`);
      if (process.env.SHOW_IR) console.log(ex, JSON.stringify(r.procedure?.body).slice(0, 2500));
      expect(r.diagnostics).toEqual([]);
    });
  }
});
