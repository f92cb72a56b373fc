/**
 * How `bin/infer.js` starts the CLI. A cold start used to spend most of its time having V8
 * compile ~100 ES modules and Chevrotain; so the build (tools/bundle.ts) also writes the
 * whole CLI as one script, dist/infer.cjs, and a V8 code cache of it made while checking the
 * examples (dist/infer.cjs.<key>.cache, see codeCacheFile). Starting from those skips compiling everything the front end runs.
 *
 * `infer run` still starts from the modules: a plan run then loads no compiler code at all
 * (the runtime's heap stays small, see bench/run.ts), and its start is dominated by opening
 * the ONNX models anyway. The modules are also the fallback whenever the bundle is missing,
 * older than the modules it was built from, or fails to load.
 *
 * This file must stay small and import nothing heavy: it runs before anything else. It is
 * CommonJS (.cts) because Node starts a CommonJS entry ~10-20 ms sooner than an ES module.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script, constants as vmConstants } from "node:vm";
import type { CliIO } from "./io.js" with { "resolution-mode": "import" };

export type MainFn = (argv: readonly string[], io?: CliIO) => Promise<number>;

/** dist/, where the bundle and its code cache live (this file is dist/src/cli/launch.cjs, or src/cli/launch.cts under vitest). */
export const DIST_DIR = basename(join(__dirname, "..", "..")) === "dist" ? join(__dirname, "..", "..") : join(__dirname, "..", "..", "dist");
export const BUNDLE_FILE = join(DIST_DIR, "infer.cjs");

/**
 * The code cache's file for this Node and these V8 flags. V8 rejects a cache made under
 * another Node or other flags (`NODE_OPTIONS=--max-old-space-size=...` is enough), so each
 * combination has its own file: one shared file would be rewritten at every switch.
 */
export function codeCacheFile(version = process.version, arch = process.arch, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ""): string {
  const key = [version, arch, ...execArgv, nodeOptions].join("\0");
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return join(DIST_DIR, `infer.cjs.${hash.toString(16).padStart(8, "0")}.cache`);
}
const MODULES_MAIN = join(DIST_DIR, "src", "cli", "main.js");

/** A loaded bundle: its `main`, the compiled script (to write a cache from) and whether V8 took the cache. */
export interface LoadedBundle {
  readonly main: MainFn;
  readonly script: Script;
  /** true: a cache was given and rejected (another Node or V8 flags); false: used; undefined: none given. */
  readonly cacheRejected: boolean | undefined;
}

/** Compiles and runs the bundle as a CommonJS module, with its code cache when there is one. */
export function loadBundle(bundleFile = BUNDLE_FILE, cacheFile: string | undefined = codeCacheFile()): LoadedBundle {
  // The bundle is ASCII (esbuild's charset), so latin1 reads it without decoding UTF-8.
  const source = readFileSync(bundleFile, "latin1");
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined) {
    try { cachedData = readFileSync(cacheFile); } catch { /* no cache yet: compile from source */ }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as { main?: MainFn } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
  if (typeof module.exports.main !== "function") throw new Error(`${bundleFile} does not export main`);
  return { main: module.exports.main, script, cacheRejected: cachedData ? script.cachedDataRejected : undefined };
}

/** Writes the script's code cache (every function compiled so far) atomically. */
export function writeCodeCache(script: Script, cacheFile = codeCacheFile()): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } finally {
    rmSync(temp, { force: true }); // gone after the rename; left behind by a failed write otherwise
  }
}

function mtimeMs(file: string): number | undefined {
  try { return statSync(file).mtimeMs; } catch { return undefined; }
}

/**
 * Which entry a command starts from: the bundle unless it is `run`, or the bundle is missing
 * or older than the modules (a `tsc` build after the last bundle: the bundle would be stale).
 */
export function chooseEntry(command: string | undefined, bundleMtime: number | undefined, modulesMtime: number | undefined): "bundle" | "modules" {
  if (command === "run" || bundleMtime === undefined) return "modules";
  return modulesMtime !== undefined && modulesMtime > bundleMtime ? "modules" : "bundle";
}

/** Runs the CLI on argv; `INFER_TRACE_LAUNCH=1` says on stderr which entry was taken and why. */
export async function launch(argv: readonly string[]): Promise<number> {
  const trace = process.env.INFER_TRACE_LAUNCH === "1" ? (line: string) => process.stderr.write(`launch: ${line}\n`) : undefined;
  if (chooseEntry(argv[0], mtimeMs(BUNDLE_FILE), mtimeMs(MODULES_MAIN)) === "bundle") {
    let bundle: LoadedBundle | undefined;
    try {
      bundle = loadBundle();
    } catch (err) {
      trace?.(`bundle failed to load (${(err as Error).message}); modules`);
    }
    if (bundle) {
      trace?.(`bundle, code cache ${bundle.cacheRejected === undefined ? "missing" : bundle.cacheRejected ? "rejected" : "accepted"}`);
      const code = await bundle.main(argv);
      // No cache yet for this Node and these flags, or a stale one: make one for next time.
      if (bundle.cacheRejected !== false) {
        try { writeCodeCache(bundle.script); } catch { /* read-only install: start without a cache */ }
      }
      return code;
    }
  } else trace?.("modules");
  const { main } = await import("./main.js");
  return main(argv);
}
