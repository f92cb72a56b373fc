/** `infer compile FILE [--proc NAME] [--arg name=value ...] [-o plan.json] [--explain] [--opt-level N] [--disable-pass NAME]` */
import { resolve } from "node:path";
import { compile } from "../../api/compile.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { atomicWriteFileSync } from "../../runtime/atomicWrite.js";
import type { CliIO } from "../io.js";
import { parseFlags, UsageError } from "../io.js";
import { intFlag, parseArgs, printDiagnostics } from "./shared.js";

export const usage = "infer compile FILE [--proc NAME] [--arg name=value ...] [-o plan.json] [--explain] [--opt-level N] [--disable-pass NAME]";

export async function compileCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals, flags } = parseFlags(argv, ["explain"]);
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const file = resolve(io.cwd, positionals[0]!);
  const out = resolve(io.cwd, flags.get("o")?.at(-1) ?? flags.get("out")?.at(-1) ?? "plan.json");
  const proc = flags.get("proc")?.at(-1);
  const optLevel = intFlag(flags, "opt-level");
  const result = compile(file, out, { ...(proc ? { proc } : {}), args: parseArgs(flags.get("arg")), ...(optLevel !== undefined ? { optLevel } : {}), disable: flags.get("disable-pass") ?? [] });
  printDiagnostics(result.diagnostics, io);
  if (result.diagnostics.some((d) => d.code === "io-error")) return 2;
  if (flags.has("explain")) for (const line of result.explain ?? []) io.stderr(`${line}\n`);
  if (!result.plan || hasErrors(result.diagnostics)) return 1;
  atomicWriteFileSync(out, JSON.stringify(result.plan, null, 1) + "\n");
  io.stderr(`wrote ${out}\n`);
  return 0;
}
