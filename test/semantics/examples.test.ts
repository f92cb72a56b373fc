/** Every example program and stdlib file analyses with zero diagnostics. */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/semantics/model.js";
import { createNodeHost } from "../../src/semantics/nodeHost.js";

const root = resolve(import.meta.dirname, "../..");
const files = ["examples", "stdlib"].flatMap((dir) =>
  readdirSync(join(root, dir)).filter((f) => f.endsWith(".infer")).map((f) => join(dir, f)));

describe("examples and stdlib check clean", () => {
  it("finds them", () => expect(files.length).toBeGreaterThanOrEqual(11));
  it.each(files)("%s", (file) => {
    const r = analyze(join(root, file), createNodeHost());
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.line}:${d.span.column} ${d.message}`)).toEqual([]);
    expect(r.entry).toBeDefined();
  });
});
