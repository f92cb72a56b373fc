/** `infer cost FILE [--proc NAME] [--arg name=value ...] [--batch N]`: static cost of a procedure. */
import { resolve } from "node:path";
import { compileToIR } from "../../api/compile.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { estimateCost } from "../../cost/cost.js";
import { cacheBytesPerPosition } from "../../cost/cacheMemory.js";
import type { CliIO } from "../io.js";
import { parseFlags, UsageError } from "../io.js";
import { intFlag, parseArgs, printDiagnostics } from "./shared.js";

export const usage = "infer cost FILE [--proc NAME] [--arg name=value ...] [--batch N]";

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}

export async function costCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals, flags } = parseFlags(argv);
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const proc = flags.get("proc")?.at(-1);
  const result = compileToIR(resolve(io.cwd, positionals[0]!), { ...(proc ? { proc } : {}), args: parseArgs(flags.get("arg")) });
  printDiagnostics(result.diagnostics, io);
  if (result.diagnostics.some((d) => d.code === "io-error")) return 2;
  if (!result.ir || hasErrors(result.diagnostics)) return 1;
  const ir = result.ir;
  const batch = intFlag(flags, "batch") ?? ir.batch ?? 1;
  const cost = estimateCost(ir);
  const bound = cost.bounded ? " (upper bound)" : "";
  io.stdout(`procedure ${ir.name}, batch ${batch}\n`);
  io.stdout(`model calls${bound}:\n`);
  for (const [id, n] of Object.entries(cost.calls)) io.stdout(`  ${id.padEnd(12)} ${n}\n`);
  io.stdout(`sequential depth: ${cost.refineDepth} along refinement, ${cost.expandDepth} along expansion${bound}\n`);
  for (const m of ir.models.filter((x) => x.cache.length > 0)) {
    const perPosition = await cacheBytesPerPosition(m);
    if (perPosition === undefined) continue;
    const length = cost.maxLength ?? 0;
    io.stdout(`kv cache of ${m.id}: ${perPosition} bytes per position per sample; ${mib(perPosition * length * batch)} at ${length} positions × ${batch} samples\n`);
  }
  return 0;
}
