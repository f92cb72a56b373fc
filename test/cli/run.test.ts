import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";
import { decodeNpy } from "../../src/runtime/npy.js";
import { root } from "../helpers/examples.js";

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stderrIsTTY: false, cwd: root };
}

async function runToNpy(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "infer-run-"));
  const out = join(dir, "out.npy");
  const io = captureIO();
  const code = await main(["run", ...args, "--out", out, "--quiet"], io);
  expect(io.err.join("")).toBe("");
  expect(code).toBe(0);
  return decodeNpy(new Uint8Array(readFileSync(out)));
}

describe("infer run", () => {
  for (const ex of ["gmm_sample", "speculative", "block_diffusion"]) {
    it(`${ex}: same seed gives bit-identical outputs, and sample i does not depend on the batch size`, async () => {
      const a = await runToNpy([`examples/${ex}.infer`, "--seed", "7", "--batch", "64"]);
      const b = await runToNpy([`examples/${ex}.infer`, "--seed", "7", "--batch", "64"]);
      expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
      const one = await runToNpy([`examples/${ex}.infer`, "--seed", "7", "--batch", "1"]);
      const perSample = one.data.length;
      const width = a.shape[1]!;
      const first = Array.from(a.data.slice(0, width) as ArrayLike<number | bigint>).map(Number).filter((x) => x !== -1);
      expect(Array.from(one.data as ArrayLike<number | bigint>).map(Number).filter((x) => x !== -1)).toEqual(first);
      expect(perSample).toBeGreaterThan(0);
      const other = await runToNpy([`examples/${ex}.infer`, "--seed", "8", "--batch", "64"]);
      expect(Buffer.from(other.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(false);
    });
  }

  it("writes nothing when the run fails (atomic output) and names the failing model", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infer-fail-"));
    const out = join(dir, "out.npy");
    const io = captureIO();
    const code = await main(["run", "test/cli/programs/missing_model.infer", "--out", out], io);
    expect(code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(io.err.join("")).toMatch(/model "den"/);
  });

  it("a call ONNX Runtime rejects names the op and the source location of the step that issued it", async () => {
    const io = captureIO();
    const code = await main(["run", "test/cli/programs/wrong_input_name.infer", "--quiet"], io);
    expect(code).toBe(1);
    const err = io.err.join("");
    expect(err).toMatch(/^error: run-time failure in op "model" issued at .*stdlib\/params\.infer:\d+:\d+: /);
    expect(err.trim().split("\n")).toHaveLength(1);
  });

  it("a malformed, unknown-op, wrong-version or tampered plan is refused with one line and exit code 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infer-plan-cli-"));
    const plan = join(dir, "plan.json");
    expect(await main(["compile", "examples/flowmap_fewstep.infer", "-o", plan], captureIO())).toBe(0);
    const text = readFileSync(plan, "utf8");
    const cases: Record<string, string> = {
      malformed: text.slice(0, 40),
      unknownOp: text.replace('"op": "model"', '"op": "warp_drive"'),
      version: text.replace('"version": 1', '"version": 7'),
      hash: text.replace(/"sha256": "[0-9a-f]{64}"/, `"sha256": "${"a".repeat(64)}"`),
    };
    for (const [name, body] of Object.entries(cases)) {
      expect(body, name).not.toBe(text);
      const bad = join(dir, `${name}.json`);
      writeFileSync(bad, body);
      const io = captureIO();
      expect(await main(["run", bad], io), name).toBe(1);
      expect(io.err.join("").trim().split("\n"), name).toHaveLength(1);
    }
  });

  it("exit codes: 2 for usage errors and unreadable files", async () => {
    expect(await main(["run"], captureIO())).toBe(2);
    expect(await main(["frobnicate"], captureIO())).toBe(2);
    expect(await main(["run", "no/such/file.infer"], captureIO())).toBe(2);
  });
});
