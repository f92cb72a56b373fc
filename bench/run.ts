/**
 * `npm run bench`: ratios measured side by side in one run (machines are shared and noisy,
 * so absolute times are reported only for context).
 *
 * `node dist/bench/run.js [all|frontend|coldstart|runtime|memory|runtime:ROW]`. Every part, and every row
 * of the runtime bench, runs in a process of its own, so none inherits another's heap or
 * optimized code: the front-end bench loads the compiler, and a heap that holds it is what made
 * V8 collect the old generation at nearly every scavenge (see `compiledPlan` in runtime.ts).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import { memoryBench, runtimeRows } from "./runtime.js";

const RUNTIME_PARTS = Object.keys(runtimeRows).map((row) => `runtime:${row}`);
const PARTS: Readonly<Record<string, readonly string[]>> = {
  all: ["frontend", "coldstart", ...RUNTIME_PARTS, "memory"],
  runtime: RUNTIME_PARTS,
};

/** Runs each part in a child process; true when all succeeded. */
function runChildren(parts: readonly string[]): boolean {
  let ok = true;
  for (const part of parts) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), part], { stdio: "inherit" });
    if (child.status !== 0) ok = false;
  }
  return ok;
}

const which = process.argv[2] ?? "all";
const row = which.startsWith("runtime:") ? runtimeRows[which.slice("runtime:".length)] : undefined;
if (PARTS[which]) {
  process.exitCode = runChildren(PARTS[which]!) ? 0 : 1;
} else if (row) {
  for (const line of await row()) console.log(line);
} else if (which === "frontend") {
  try {
    const mod = (await import("./frontend.js")) as { frontendBench?: () => Promise<string[]> | string[] };
    if (mod.frontendBench) for (const line of await mod.frontendBench()) console.log(line);
  } catch (err) {
    console.log(`front-end bench unavailable: ${(err as Error).message}`);
  }
} else if (which === "coldstart") {
  const { coldStartBench } = await import("./coldstart.js");
  for (const line of coldStartBench()) console.log(line);
} else if (which === "memory") {
  console.log(await memoryBench());
} else {
  console.error(`usage: node dist/bench/run.js [${["all", "frontend", "coldstart", "runtime", "memory", ...RUNTIME_PARTS].join("|")}]`);
  process.exitCode = 2;
}
