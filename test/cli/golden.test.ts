/**
 * Golden tests: `infer check examples/errors/NAME.infer --format json` must print exactly
 * NAME.expected.json. Regenerate deliberately with `UPDATE_GOLDEN=1 npx vitest run test/cli`,
 * then review the diff: each golden must have the right code, position and a helpful message.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./helpers.js";

/** Each error program, with the codes its golden must contain (a guard against a bad regeneration). */
const cases: Record<string, { codes: string[]; minErrors?: number }> = {
  syntax_error: { codes: ["parse-error"] },
  several_syntax_errors: { codes: ["parse-error"], minErrors: 3 },
  unknown_name: { codes: ["unknown-name"] },
  wrong_arity: { codes: ["wrong-arity"] },
  type_mismatch: { codes: ["type-mismatch"] },
  import_cycle: { codes: ["import-cycle"] },
};

const update = process.env["UPDATE_GOLDEN"] === "1";

describe("golden diagnostics of examples/errors", () => {
  for (const [name, expected] of Object.entries(cases)) {
    it(`${name}.infer`, async () => {
      const file = `examples/errors/${name}.infer`;
      const golden = join(repoRoot, "examples/errors", `${name}.expected.json`);
      const r = await runCli(["check", file, "--format", "json"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as { diagnostics: { code: string; file: string }[]; summary: { errors: number } };
      expect([...new Set(report.diagnostics.map((d) => d.code))]).toEqual(expected.codes);
      expect(report.summary.errors).toBeGreaterThanOrEqual(expected.minErrors ?? 1);
      // Paths are relative to the working directory: goldens are machine-independent.
      for (const d of report.diagnostics) expect(d.file.startsWith("examples/errors/")).toBe(true);
      if (update || !existsSync(golden)) writeFileSync(golden, r.stdout);
      expect(r.stdout).toBe(readFileSync(golden, "utf8"));
    });
  }
});
