/** bin/infer.js starts front-end commands from the code-cached bundle, and they behave exactly as the modules do. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseEntry, codeCacheFile } from "../../src/cli/launch.cjs";
import { main } from "../../src/cli/main.js";
import { root } from "../helpers/examples.js";

describe("chooseEntry", () => {
  it("takes the bundle unless the command is run, or the bundle is missing or older than the modules", () => {
    expect(chooseEntry("check", 2, 1)).toBe("bundle");
    expect(chooseEntry(undefined, 2, 1)).toBe("bundle");
    expect(chooseEntry("check", 2, undefined)).toBe("bundle");
    expect(chooseEntry("run", 2, 1)).toBe("modules");
    expect(chooseEntry("check", undefined, 1)).toBe("modules");
    expect(chooseEntry("check", 1, 2)).toBe("modules");
  });
});

describe("codeCacheFile", () => {
  it("is one file per Node and V8 flags, in dist/", () => {
    const plain = codeCacheFile("v20.20.2", "x64", [], "");
    expect(plain).toMatch(/[\\/]dist[\\/]infer\.cjs\.[0-9a-f]{8}\.cache$/);
    expect(codeCacheFile("v20.20.2", "x64", [], "")).toBe(plain);
    expect(codeCacheFile("v20.20.3", "x64", [], "")).not.toBe(plain);
    expect(codeCacheFile("v20.20.2", "arm64", [], "")).not.toBe(plain);
    expect(codeCacheFile("v20.20.2", "x64", ["--max-old-space-size=4096"], "")).not.toBe(plain);
    expect(codeCacheFile("v20.20.2", "x64", [], "--max-old-space-size=4096")).not.toBe(plain);
  });
});

const built = existsSync(join(root, "dist/infer.cjs"));
const infer = (args: readonly string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(root, "bin/infer.js"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, INFER_TRACE_LAUNCH: "1", NO_COLOR: "1", ...env } });

async function inProcess(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (t: string) => { stdout += t; }, stderr: (t: string) => { stderr += t; }, stderrIsTTY: false, stdoutIsTTY: false, cwd: root };
  return { status: await main(args, io), stdout, stderr };
}

const scratch = mkdtempSync(join(tmpdir(), "infer-launch-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".infer")).map((f) => `examples/${f}`);
const errors = readdirSync(join(root, "examples/errors")).filter((f) => f.endsWith(".infer")).map((f) => `examples/errors/${f}`);

describe.skipIf(!built)("bin/infer.js on the bundle (dist/infer.cjs)", () => {
  it("is ASCII, so that reading it as latin1 gives the text written", () => {
    expect(readFileSync(join(root, "dist/infer.cjs")).every((byte) => byte < 0x80)).toBe(true);
  });
  it("is taken for check, with its code cache accepted; run takes the modules", () => {
    expect(infer(["check", "examples/gmm_sample.infer"]).stderr).toBe("launch: bundle, code cache accepted\n");
    expect(infer(["run"]).stderr.split("\n")[0]).toBe("launch: modules");
  });
  it("keeps a cache per V8 flags: other NODE_OPTIONS get their own, and the build's stays", () => {
    const options = "--max-old-space-size=4099";
    const own = codeCacheFile(process.version, process.arch, [], options);
    rmSync(own, { force: true });
    try {
      const check = (env: Record<string, string> = {}) => infer(["check", "examples/gmm_sample.infer"], env).stderr;
      expect(check({ NODE_OPTIONS: options })).toBe("launch: bundle, code cache missing\n");
      expect(check({ NODE_OPTIONS: options })).toBe("launch: bundle, code cache accepted\n");
      expect(check({ NODE_OPTIONS: "" })).toBe("launch: bundle, code cache accepted\n");
    } finally {
      rmSync(own, { force: true });
    }
  });
  it.each([
    ["check", ...examples],
    ["check", ...errors],
    ["check", "--format", "json", ...errors],
    ["cost", "examples/gmm_sample.infer"],
    ["compile", "examples/masked_diffusion.infer", "--explain", "-o", join(scratch, "plan.json")],
    ["--help"],
    ["chekc"],
  ])("gives what the modules give: infer %s …", async (...args) => {
    const fromBundle = infer(args);
    const expected = await inProcess(args);
    expect(fromBundle.status).toBe(expected.status);
    expect(fromBundle.stdout).toBe(expected.stdout);
    expect(fromBundle.stderr.replace(/^launch: .*\n/, "")).toBe(expected.stderr);
  }, 30_000);
});
