/** tools/build.mjs --if-stale (npm's `prepare`): builds only when a source is newer than the last build. */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript (it runs before anything is compiled), no types
import { isStale } from "../../tools/build.mjs";

function touch(file: string, seconds: number): void {
  writeFileSync(file, "");
  utimesSync(file, seconds, seconds);
}

describe("isStale", () => {
  it("is true without a finished build, false after one, true again once a source changes", () => {
    const root = mkdtempSync(join(tmpdir(), "infer-build-"));
    mkdirSync(join(root, "src", "cli"), { recursive: true });
    mkdirSync(join(root, "dist"));
    touch(join(root, "src", "cli", "main.ts"), 1000);
    touch(join(root, "package.json"), 1000);
    expect(isStale(root)).toBe(true);
    touch(join(root, "dist", "infer.cjs"), 2000);
    expect(isStale(root)).toBe(false);
    touch(join(root, "src", "cli", "main.ts"), 3000);
    expect(isStale(root)).toBe(true);
    touch(join(root, "dist", "infer.cjs"), 4000);
    touch(join(root, "tsconfig.json"), 5000);
    expect(isStale(root)).toBe(true);
  });
});
