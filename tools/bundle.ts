/**
 * Second half of `npm run build` (tools/build.mjs, after tsc): writes dist/infer.cjs, the whole
 * CLI as one CommonJS script, and dist/infer.cjs.<key>.cache, a V8 code cache of it, which
 * `bin/infer.js` starts from (src/cli/launch.cts says why).
 *
 * - The bundle is made from tsc's output, so it runs exactly the JavaScript the tests run.
 * - Packages stay external (required from node_modules at run time), except Chevrotain: its
 *   one-file ES build is bundled in, in place of grammar/chevrotain.ts's run-time lookup.
 * - The code cache is made by checking, compiling and costing the examples with the bundle
 *   itself, so it holds every function a front-end command runs, already compiled.
 */
import { build, type Plugin } from "esbuild";
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BUNDLE_FILE, DIST_DIR, codeCacheFile, loadBundle, writeCodeCache } from "../src/cli/launch.cjs";
import type { CliIO } from "../src/cli/io.js";

const ROOT = dirname(DIST_DIR);

/** grammar/chevrotain.js locates Chevrotain's one-file build at run time; the bundle imports it directly. */
function chevrotainInline(): Plugin {
  const entry = createRequire(join(ROOT, "package.json")).resolve("chevrotain"); // .../lib/src/api.js
  const oneFile = join(dirname(entry), "..", "chevrotain.mjs");
  return {
    name: "chevrotain-inline",
    setup(b) {
      b.onLoad({ filter: /[\\/]dist[\\/]grammar[\\/]chevrotain\.js$/ }, () => ({
        contents: `export * from ${JSON.stringify(oneFile)};`,
        loader: "js",
      }));
    },
  };
}

async function writeBundle(): Promise<void> {
  const result = await build({
    entryPoints: [join(DIST_DIR, "src", "cli", "main.js")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "warning",
    charset: "ascii", // launch.cts reads it as latin1
    // import.meta.url is where the code runs from (modules.ts finds stdlib/ with it).
    define: { "import.meta.url": "__bundleUrl" },
    banner: { js: `"use strict";\nconst __bundleUrl = require("node:url").pathToFileURL(__filename).href;` },
    plugins: [chevrotainInline()],
  });
  // esbuild escapes non-ASCII in code but keeps it in comments; escape those too, so that
  // reading the file as latin1 (launch.cts) gives exactly the text written.
  const ascii = result.outputFiles[0]!.text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const temp = `${BUNDLE_FILE}.${process.pid}.tmp`;
  writeFileSync(temp, ascii, "latin1");
  renameSync(temp, BUNDLE_FILE);
}

/** The commands whose code the cache should hold: every front-end path the examples reach. */
function trainingRuns(scratch: string): string[][] {
  const examples = join(ROOT, "examples");
  const programs = readdirSync(examples).filter((f) => f.endsWith(".infer")).map((f) => join(examples, f));
  const errors = readdirSync(join(examples, "errors")).filter((f) => f.endsWith(".infer")).map((f) => join(examples, "errors", f));
  return [
    ["check", ...programs],
    ["check", ...errors],
    ["check", "--format", "json", ...errors],
    ["check", "--color", ...errors],
    ["compile", join(examples, "gmm_sample.infer"), "-o", join(scratch, "plan.json")],
    ["cost", join(examples, "gmm_sample.infer")],
    ["--help"],
  ];
}

async function writeCache(): Promise<void> {
  const bundle = loadBundle(BUNDLE_FILE, undefined);
  const quiet: CliIO = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false, stdoutIsTTY: false, cwd: ROOT };
  const scratch = mkdtempSync(join(tmpdir(), "infer-bundle-"));
  try {
    for (const argv of trainingRuns(scratch)) await bundle.main(argv, quiet);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // Caches made for an older bundle would be rejected anyway.
  for (const f of readdirSync(DIST_DIR)) if (/^infer\.cjs\..*cache$/.test(f)) rmSync(join(DIST_DIR, f));
  writeCodeCache(bundle.script, codeCacheFile());
}

/** Writes dist/infer.cjs, then its code cache. */
export async function bundleCli(): Promise<void> {
  await writeBundle();
  await writeCache();
}
