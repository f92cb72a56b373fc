/** Where a command writes: injectable so tests can capture output. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTTY: boolean;
  /** Whether stdout is a terminal (colors `infer check` text output); false when absent. */
  readonly stdoutIsTTY?: boolean;
  readonly cwd: string;
}

// A closed pipe (`infer run ... | head`) is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => { if (err.code === "EPIPE") process.exit(0); throw err; });

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
};

/** Minimal flag parser: `--name value`, `--name=value`, repeated flags collect, the rest are positionals. */
export function parseFlags(argv: readonly string[], booleans: readonly string[] = []): { positionals: string[]; flags: Map<string, string[]> } {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--") || (a.startsWith("-") && a.length === 2)) {
      const eq = a.indexOf("=");
      const name = (eq > 0 ? a.slice(0, eq) : a).replace(/^-+/, "");
      const value = eq > 0 ? a.slice(eq + 1) : booleans.includes(name) ? "true" : argv[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else positionals.push(a);
  }
  return { positionals, flags };
}

export class UsageError extends Error {}
