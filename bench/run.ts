/**
 * `npm run bench`: ratios measured side by side in one run (machines are shared and noisy,
 * so absolute times are reported only for context).
 *
 * `node dist/bench/run.js [all|frontend|runtime|memory]`. With `all`, each part runs in a
 * process of its own: the front-end bench loads the compiler, and a heap that holds it is what
 * makes V8 collect the old generation at nearly every scavenge (see `compiledPlan` in runtime.ts),
 * which the runtime parts must not inherit.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import { memoryBench, runtimeBench } from "./runtime.js";

const PARTS = ["frontend", "runtime", "memory"] as const;

const which = process.argv[2] ?? "all";
if (which === "all") {
  let failed = false;
  for (const part of PARTS) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), part], { stdio: "inherit" });
    if (child.status !== 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
} else if (which === "frontend") {
  try {
    const mod = (await import("./frontend.js")) as { frontendBench?: () => Promise<string[]> | string[] };
    if (mod.frontendBench) for (const line of await mod.frontendBench()) console.log(line);
  } catch (err) {
    console.log(`front-end bench unavailable: ${(err as Error).message}`);
  }
} else if (which === "runtime") {
  for (const line of await runtimeBench()) console.log(line);
} else if (which === "memory") {
  console.log(await memoryBench());
} else {
  console.error(`usage: node dist/bench/run.js [all|${PARTS.join("|")}]`);
  process.exitCode = 2;
}
