#!/usr/bin/env node
/**
 * `npm run build`: tsc (sources to dist/), then tools/bundle.ts (the CLI's bundle and its code
 * cache, dist/infer.cjs and dist/infer.cjs.<key>.cache).
 *
 * `--if-stale` is the `prepare` script's form: it builds only when a source is newer than the
 * last build. npm runs `prepare` after `npm ci`, and also each time npx links this package
 * into its cache (the first `npx infer` in a fresh npm cache); there dist/ is already built,
 * and rebuilding it cost that first `npx infer check` 7 s of its 8.
 *
 * Plain JavaScript, because it runs before anything is compiled.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SOURCE_DIRS = ["grammar", "src", "bench", "tools"];
const SOURCE_FILES = ["package.json", "tsconfig.json", "tsconfig.build.json"];
/** Written by the last step of a build (tools/bundle.ts), after tsc. */
const LAST_OUTPUT = join("dist", "infer.cjs");

/** The newest modification time among the build's inputs under root. */
export function newestSourceMtime(root) {
  let newest = 0;
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(join(root, dir))) continue;
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(ts|mjs|json)$/.test(entry.name)) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

/** Whether root's dist/ is missing, unfinished, or older than a source. */
export function isStale(root) {
  const built = join(root, LAST_OUTPUT);
  return !existsSync(built) || statSync(built).mtimeMs < newestSourceMtime(root);
}

async function build() {
  const tsc = createRequire(join(ROOT, "package.json")).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const { bundleCli } = await import(pathToFileURL(join(ROOT, "dist", "tools", "bundle.js")).href);
  await bundleCli();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--if-stale") && !isStale(ROOT)) process.exit(0);
  await build();
}
