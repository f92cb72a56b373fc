import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";
import { root } from "../helpers/examples.js";

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stderrIsTTY: false, cwd: root };
}

describe("infer check --tol", () => {
  // 30 DDIM steps on the VP cosine path shrink a unit Gaussian's std by about 4% (methods.md §6 R1).
  const file = "test/stdlib/programs/params.infer";
  it("warns when the shrink exceeds the tolerance", async () => {
    const io = captureIO();
    expect(await main(["check", file, "--tol", "0.01", "--format", "json"], io)).toBe(0);
    const codes = (JSON.parse(io.out.join("")) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes).toEqual(["missing-target-time", "missing-target-time"]);
  });
  it("is silent when the tolerance covers it", async () => {
    const io = captureIO();
    expect(await main(["check", file, "--tol", "0.05", "--format", "json"], io)).toBe(0);
    expect((JSON.parse(io.out.join("")) as { diagnostics: unknown[] }).diagnostics).toEqual([]);
  });
  it("rejects a tolerance outside [0, 1)", async () => {
    expect(await main(["check", file, "--tol", "2"], captureIO())).toBe(2);
  });
});
