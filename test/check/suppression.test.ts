/** `@allow("code", "reason")` silences one check diagnostic in one place, and JSON shows why. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/helpers.js";
import { root } from "./helpers.js";

const models = resolve(root, "examples/models");
const program = (annotation: string, modelAnnotation = "") => `import { euler } from "std/continuous"

${modelAnnotation}model den: denoiser(pred: x0, path: ve, time: [0.002, 80]) = onnx("${models}/gmm_cond_denoiser.onnx") {
  x <- "x"
  t <- "sigma"
  out -> "denoised"
}

infer one_step() -> latent[2] {
  x = noise latent[2] scale 80
  ${annotation}refine x over [80, 0] using euler(den)
  return x
}
`;

async function checkJson(src: string): Promise<{ code: number; report: { diagnostics: { code: string; line: number; suppressed?: { reason: string; line: number; column: number } }[]; summary: Record<string, number> } }> {
  const dir = mkdtempSync(join(tmpdir(), "infer-allow-"));
  writeFileSync(join(dir, "p.infer"), src);
  const r = await runCli(["check", "p.infer", "--format", "json"], { cwd: dir });
  return { code: r.code, report: JSON.parse(r.stdout) };
}

describe("@allow on check diagnostics", () => {
  it("without it: two errors (the collapse and the unbound class input)", async () => {
    const { code, report } = await checkJson(program(""));
    expect(code).toBe(1);
    expect(report.diagnostics.map((d) => d.code)).toEqual(["binding-unbound-port", "missing-target-time"]);
  });
  it("silences the code on the annotated statement, keeps the diagnostic with its reason, and does not count it", async () => {
    const { code, report } = await checkJson(program(`@allow("missing-target-time", "measuring the collapse on purpose")\n  `, `@allow("binding-unbound-port", "class input unused here")\n`));
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 2 });
    expect(report.diagnostics.map((d) => [d.code, d.suppressed?.reason, d.suppressed?.line])).toEqual([
      ["binding-unbound-port", "class input unused here", 3],
      ["missing-target-time", "measuring the collapse on purpose", 12],
    ]);
  });
  it("only that code, only there", async () => {
    const { code, report } = await checkJson(program(`@allow("parallel-unmasking", "wrong code")\n  `));
    expect(code).toBe(1);
    expect(report.diagnostics.filter((d) => d.suppressed)).toEqual([]);
  });
});
