import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { root } from "../helpers/examples.js";

/** Folders of dist/ that only the compiler needs. */
const COMPILER_ONLY = ["/dist/grammar/", "/dist/src/syntax/", "/dist/src/semantics/", "/dist/src/check/", "/dist/src/ir/lower/", "/dist/src/opt/"];

/**
 * The dist/ modules `infer ARGS` loads, recorded by a module resolve hook (the CLI as installed:
 * bin/infer.js on the built dist/, in a process of its own).
 */
function modulesLoadedBy(args: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "infer-modules-"));
  const log = join(dir, "resolved.txt");
  const hooks = join(dir, "hooks.mjs");
  writeFileSync(hooks, [
    'import { appendFileSync } from "node:fs";',
    "export async function resolve(specifier, context, next) {",
    "  const result = await next(specifier, context);",
    `  appendFileSync(${JSON.stringify(log)}, result.url + "\\n");`,
    "  return result;",
    "}",
  ].join("\n"));
  const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(pathToFileURL(hooks).href)});`;
  const child = spawnSync(process.execPath, ["--import", register, join(root, "bin/infer.js"), ...args], { cwd: root, encoding: "utf8" });
  expect(child.status, child.stderr).toBe(0);
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").filter((url) => url.includes("/dist/")) : [];
}

const compilerModules = (urls: readonly string[]) => urls.filter((url) => COMPILER_ONLY.some((folder) => url.includes(folder)));

describe("infer run plan.json", () => {
  // A process that runs plans keeps its heap small (see src/cli/commands/run.ts).
  it("does not load the compiler; running a source file does", async () => {
    const plan = join(mkdtempSync(join(tmpdir(), "infer-plan-")), "plan.json");
    const io = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false, cwd: root };
    expect(await main(["compile", "examples/gmm_sample.infer", "-o", plan], io)).toBe(0);
    const fromPlan = modulesLoadedBy(["run", plan, "--quiet", "--seed", "1"]);
    expect(fromPlan.some((url) => url.includes("/dist/src/runtime/"))).toBe(true);
    expect(compilerModules(fromPlan)).toEqual([]);
    const fromSource = modulesLoadedBy(["run", "examples/gmm_sample.infer", "--quiet", "--seed", "1"]);
    expect(compilerModules(fromSource).length).toBeGreaterThan(0);
  }, 60_000);
});
