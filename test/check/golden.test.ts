/**
 * One program per check code in examples/errors/<code>.infer: `infer check --format json` must
 * print exactly <code>.expected.json (regenerate deliberately with
 * `UPDATE_GOLDEN=1 npx vitest run test/check/golden.test.ts`, then review every diff by eye: right
 * code, right line:col, a helpful message). Each has a corrected twin <code>.fixed.infer that
 * applies the help text and checks without errors or warnings.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allDiagnosticCodes, DiagnosticCodes } from "../../src/diagnostics/codes.js";
import { repoRoot, runCli } from "../cli/helpers.js";

/** Each code, with the other codes its program also shows (the same mistake seen from another side). */
const cases: Record<string, { also?: string[] }> = {
  "missing-target-time": {},
  "heads-joint-sampling": {},
  "parallel-unmasking": {},
  "unverified-draft": {},
  "warper-mismatch": {},
  "outcome-dependent-order": {},
  "consistency-deterministic-jump": {},
  "flowmap-convention": {},
  "guidance-without-null": {},
  "binding-missing-file": {},
  "binding-unknown-input": { also: ["binding-unbound-port"] },
  "binding-unknown-output": {},
  "binding-dtype": {},
  "binding-rank": {},
  "binding-unbound-port": {},
  "schedule-not-monotone": {},
  "schedule-out-of-range": {},
  "stale-kv-cache": {},
};

const update = process.env["UPDATE_GOLDEN"] === "1";

interface Report {
  diagnostics: { code: string; severity: string; file: string }[];
  summary: { errors: number; warnings: number; infos: number; suppressed: number };
}

describe("golden diagnostics of examples/errors/<code>.infer", () => {
  for (const [code, c] of Object.entries(cases)) {
    it(code, async () => {
      const file = `examples/errors/${code}.infer`;
      const golden = join(repoRoot, "examples/errors", `${code}.expected.json`);
      const r = await runCli(["check", file, "--format", "json"]);
      expect(r.stderr).toBe("");
      const report = JSON.parse(r.stdout) as Report;
      // A guard against a bad regeneration: the program shows its code, and only the expected ones.
      expect(report.diagnostics.map((d) => d.code)).toContain(code);
      expect([...new Set(report.diagnostics.map((d) => d.code))].sort()).toEqual([code, ...(c.also ?? [])].sort());
      expect(r.code).toBe(report.summary.errors > 0 ? 1 : 0);
      for (const d of report.diagnostics) expect(d.file).toBe(file);
      if (update) writeFileSync(golden, r.stdout);
      else if (!existsSync(golden)) throw new Error(`${golden} is missing: review the output and create it with UPDATE_GOLDEN=1`);
      expect(r.stdout).toBe(readFileSync(golden, "utf8"));
    });
  }
});

describe("corrected twins examples/errors/<code>.fixed.infer", () => {
  for (const code of Object.keys(cases)) {
    it(`${code}.fixed.infer checks clean`, async () => {
      const r = await runCli(["check", `examples/errors/${code}.fixed.infer`, "--format", "json"]);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.diagnostics).toEqual([]);
      expect(r.code).toBe(0);
    });
  }
});

describe("coverage", () => {
  it("every static-check code has a program", () => {
    const checkCodes = allDiagnosticCodes().filter((k) => DiagnosticCodes[k].stage === "check");
    expect(checkCodes.filter((k) => !(k in cases))).toEqual([]);
    for (const code of Object.keys(cases)) {
      for (const suffix of [".infer", ".fixed.infer"]) expect(existsSync(join(repoRoot, "examples/errors", code + suffix)), code + suffix).toBe(true);
    }
  });
});
