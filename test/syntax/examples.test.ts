import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";

const root = join(import.meta.dirname, "..", "..");
const files = ["examples", "stdlib"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".infer"))
    .map((f) => join(dir, f)),
);

describe("examples and stdlib", () => {
  it("finds the files", () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
  });
  it.each(files)("%s parses with no diagnostics", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const r = parse(text, file);
    expect(r.diagnostics).toEqual([]);
    expect(r.program.declarations.length).toBeGreaterThan(0);
    // Every top-level declaration keyword in the text became a declaration.
    const declCount = (text.match(/^(?:import|model|step|fn|schedule|infer)\b/gm) ?? []).length;
    expect(r.program.declarations.length).toBe(declCount);
  });
});
