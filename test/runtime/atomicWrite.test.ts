import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { atomicWriteFile, atomicWriteFileSync } from "../../src/runtime/atomicWrite.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "infer-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function* failingChunks(): Generator<Uint8Array> {
  yield Buffer.from("partial new content");
  throw new Error("disk on fire");
}

describe.each([
  ["async", (p: string, d: Parameters<typeof atomicWriteFileSync>[1]) => atomicWriteFile(p, d)],
  ["sync", async (p: string, d: Parameters<typeof atomicWriteFileSync>[1]) => atomicWriteFileSync(p, d)],
] as const)("atomicWriteFile (%s)", (_name, write) => {
  it("creates and replaces files, leaving only the target", async () => {
    const p = join(dir, "out.json");
    await write(p, "first");
    expect(await readFile(p, "utf8")).toBe("first");
    await write(p, [Buffer.from("sec"), Buffer.from("ond")]);
    expect(await readFile(p, "utf8")).toBe("second");
    await write(p, new Uint8Array([0x41, 0x42]));
    expect(await readFile(p, "utf8")).toBe("AB");
    expect(await readdir(dir)).toEqual(["out.json"]);
  });

  it("a failure while writing leaves the old file intact and no temp file", async () => {
    const p = join(dir, "out.txt");
    await writeFile(p, "old content");
    await expect(write(p, failingChunks())).rejects.toThrow(/disk on fire/);
    expect(await readFile(p, "utf8")).toBe("old content");
    expect(await readdir(dir)).toEqual(["out.txt"]);
  });

  it("a failing rename (target is a directory) removes the temp file", async () => {
    const p = join(dir, "target");
    await mkdir(p);
    await writeFile(join(p, "keep"), "x");
    await expect(write(p, "data")).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(["target"]);
    expect(await readdir(p)).toEqual(["keep"]);
  });

  it("fails cleanly when the directory does not exist", async () => {
    await expect(write(join(dir, "missing", "f"), "x")).rejects.toThrow(/ENOENT/);
  });
});

it("concurrent writers never interleave: the result is one complete payload", async () => {
  const p = join(dir, "race.bin");
  const payloads = Array.from({ length: 8 }, (_, i) => Buffer.alloc(1 << 16, 65 + i));
  await Promise.all(payloads.map((b) => atomicWriteFile(p, [b.subarray(0, 1000), b.subarray(1000)])));
  const got = await readFile(p);
  expect(got.length).toBe(1 << 16);
  expect(got.every((c) => c === got[0])).toBe(true);
  expect(await readdir(dir)).toEqual(["race.bin"]);
});

it("accepts async iterables", async () => {
  const p = join(dir, "a.txt");
  async function* gen() {
    yield Buffer.from("a");
    yield Buffer.from("b");
  }
  await atomicWriteFile(p, gen());
  expect(await readFile(p, "utf8")).toBe("ab");
});
