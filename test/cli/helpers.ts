/** CLI test helpers: run `main` in-process with captured output. */
import { resolve } from "node:path";
import { main, type Command } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";

export const repoRoot = resolve(import.meta.dirname, "../..");

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `infer ARGS` in-process from the repository root (or `cwd`). */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; tty?: boolean; commands?: Readonly<Record<string, Command>> } = {},
): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stderrIsTTY: options.tty ?? false,
    stdoutIsTTY: options.tty ?? false,
    cwd: options.cwd ?? repoRoot,
  };
  const code = await main(args, io, ...(options.commands ? [options.commands] : []));
  return { code, stdout, stderr };
}
