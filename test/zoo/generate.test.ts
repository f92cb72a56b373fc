/**
 * `npm run models` is deterministic: regenerating into a temporary directory gives files whose
 * sha256 equals the committed files in examples/models/, and every file is under 2 MB.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZOO_FILES, generateZoo } from "../../src/zoo/generate.js";
import { MODELS_DIR } from "./ort_helpers.js";

const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(root, p));
    else out.push(relative(root, p));
  }
  return out.sort();
}

describe("model generator", () => {
  const tmp = mkdtempSync(join(tmpdir(), "infer-zoo-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("regenerates byte-identical files (sha256 equals the committed files)", () => {
    const written = generateZoo(tmp).sort();
    expect(written).toEqual(Object.keys(ZOO_FILES).sort());
    const committed = listFiles(MODELS_DIR).filter((f) => f !== "README.md");
    expect(JSON.stringify(committed)).toBe(JSON.stringify(written));
    for (const f of written) {
      expect(sha(join(tmp, f)), f).toBe(sha(join(MODELS_DIR, f)));
      expect(statSync(join(MODELS_DIR, f)).size).toBeLessThan(2 * 1024 * 1024);
    }
  });

  it("every model is documented in examples/models/README.md", () => {
    const readme = readFileSync(join(MODELS_DIR, "README.md"), "utf8");
    for (const f of Object.keys(ZOO_FILES)) expect(readme, f).toContain(`\`${f.replace(/^tiny_gpt2\//, "")}\``);
  });
});
