/** `infer check`: output formats and exit codes (0 clean or warnings, 1 errors, 2 usage/I-O), internal errors. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./helpers.js";

describe("infer check (in process)", () => {
  it("exit 0 and a summary line for a clean program", async () => {
    const r = await runCli(["check", "examples/gmm_sample.infer"]);
    expect(r).toEqual({ code: 0, stdout: "0 errors, 0 warnings\n", stderr: "" });
  });
  it("checks several files", async () => {
    const r = await runCli(["check", "examples/gmm_sample.infer", "examples/speculative.infer", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 1, diagnostics: [], summary: { errors: 0 } });
  });
  it("exit 1 with a code frame for a program with errors", async () => {
    const r = await runCli(["check", "examples/errors/type_mismatch.infer"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe([
      'examples/errors/type_mismatch.infer:5:10 - error type-mismatch: Operator "+" cannot combine tokens and latent[2].',
      "",
      "  5 |   return y + x",
      "    |          ^^^^^",
      "",
      "  help: Tokens are discrete ids and latents/logits are continuous: convert explicitly (a model call turns tokens into logits, argmax or categorical turns logits into tokens).",
      "",
      "1 error, 0 warnings",
      "",
    ].join("\n"));
  });
  it("colors text output only for a terminal (or --color)", async () => {
    expect((await runCli(["check", "examples/errors/type_mismatch.infer"], { tty: true })).stdout).toContain("\x1b[");
    expect((await runCli(["check", "examples/errors/type_mismatch.infer", "--no-color"], { tty: true })).stdout).not.toContain("\x1b[");
    expect((await runCli(["check", "examples/errors/type_mismatch.infer", "--color"])).stdout).toContain("\x1b[");
  });
  it("exit 0 when the only error is suppressed by @allow, which JSON still lists", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infer-check-"));
    writeFileSync(join(dir, "a.infer"), `fn f(x) {\n  @allow("type-mismatch", "testing suppression")\n  z = "a" + 1\n  return x\n}\n`);
    const text = await runCli(["check", "a.infer"], { cwd: dir });
    expect(text).toEqual({ code: 0, stdout: "0 errors, 0 warnings (1 suppressed)\n", stderr: "" });
    const json = await runCli(["check", "a.infer", "--format", "json"], { cwd: dir });
    const report = JSON.parse(json.stdout) as { diagnostics: { file: string; suppressed?: { reason: string } }[] };
    expect(report.diagnostics[0]).toMatchObject({ file: "a.infer", suppressed: { reason: "testing suppression", line: 2, column: 3 } });
  });
  it("exit 2 with a one-line message for a missing file", async () => {
    const r = await runCli(["check", "examples/nope.infer"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: 'error: cannot read "examples/nope.infer": no such file, or not readable\n' });
  });
  it("exit 2 for usage errors", async () => {
    for (const args of [["check"], ["check", "--format", "xml", "examples/gmm_sample.infer"], ["check", "--bogus", "x", "examples/gmm_sample.infer"], ["chek"], []]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.length, args.join(" ")).toBeGreaterThan(0);
    }
    expect((await runCli(["chek"])).stderr).toContain('did you mean "check"?');
  });
  it("--help and --version", async () => {
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("check");
    expect((await runCli(["check", "--help"])).stdout).toContain("infer check FILE...");
  });
});

describe("internal errors", () => {
  const boom = { boom: { summary: "throws", load: async () => async () => { throw new Error("kaboom"); } } };
  it("are reported as internal-error without a stack trace", async () => {
    const r = await runCli(["boom"], { commands: boom });
    expect(r.code).toBe(70);
    expect(r.stderr).toContain("error internal-error: kaboom");
    expect(r.stderr).toContain("this is a bug in infer; please report it");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
  it("show the first stack line only with --verbose", async () => {
    const r = await runCli(["boom", "--verbose"], { commands: boom });
    expect(r.code).toBe(70);
    expect(r.stderr.split("\n").filter((l) => /^\s+at /.test(l))).toHaveLength(1);
  });
});

const bin = join(repoRoot, "bin/infer.js");
const built = existsSync(join(repoRoot, "dist/src/cli/main.js"));

describe.skipIf(!built)("bin/infer.js (built by npm run build)", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: "utf8" });
  it("exits 0, 1 and 2", () => {
    expect(run("check", "examples/gmm_sample.infer").status).toBe(0);
    expect(run("check", "examples/errors/unknown_name.infer").status).toBe(1);
    const missing = run("check", "examples/missing.infer");
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  });
});
