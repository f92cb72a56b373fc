/**
 * `npm run bench`: ratios measured side by side in one run (machines are shared and noisy,
 * so absolute times are reported only for context).
 */
import { memoryBench, runtimeBench } from "./runtime.js";

const which = process.argv[2] ?? "all";
if (which === "all" || which === "frontend") {
  try {
    const mod = (await import("./frontend.js")) as { frontendBench?: () => Promise<string[]> | string[] };
    if (mod.frontendBench) for (const line of await mod.frontendBench()) console.log(line);
  } catch (err) {
    console.log(`front-end bench unavailable: ${(err as Error).message}`);
  }
}
if (which === "all" || which === "runtime") for (const line of await runtimeBench()) console.log(line);
if (which === "all" || which === "memory") console.log(await memoryBench());
