/** No false positives: every example program checks without a diagnostic (all rules, bindings included). */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/helpers.js";
import { root } from "./helpers.js";

const examples = readdirSync(`${root}/examples`).filter((f) => f.endsWith(".infer"));

describe("examples check clean", () => {
  it("covers the examples", () => expect(examples.length).toBeGreaterThanOrEqual(7));
  for (const file of examples) {
    it(file, async () => {
      const r = await runCli(["check", `examples/${file}`, "--format", "json"]);
      expect(JSON.parse(r.stdout).diagnostics).toEqual([]);
      expect(r.code).toBe(0);
    });
  }
});
