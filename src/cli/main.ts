/**
 * The `infer` command line: a thin layer over the public API. Each subcommand lives in
 * src/cli/commands/<name>.ts and is registered in COMMANDS (adding one is that file plus one
 * line here); heavy modules are imported lazily, when their command runs, so `infer check`
 * never loads the optimizer or onnxruntime.
 *
 * Exit codes: 0 success (or warnings only), 1 errors in the program or at run time, 2 usage or
 * I/O errors, 70 an internal error (a bug in infer, reported as `internal-error`).
 */
import { suggestionList } from "../diagnostics/suggest.js";
import { processIO, UsageError, type CliIO } from "./io.js";

/** A subcommand's implementation: arguments after its name, resolves to the exit code. */
export type CommandFn = (argv: readonly string[], io: CliIO) => Promise<number>;

/** A loaded subcommand: its implementation and one-line usage (for `infer <command> --help`). */
export interface LoadedCommand {
  readonly run: CommandFn;
  readonly usage?: string;
}

/**
 * A registered subcommand: a summary for `infer --help`, and its module, imported on use
 * (`load` may also resolve to the bare function when the command has no usage line).
 */
export interface Command {
  readonly summary: string;
  readonly load: () => Promise<LoadedCommand | CommandFn>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  check: {
    summary: "check programs for errors without running them",
    load: async () => { const m = await import("./commands/check.js"); return { run: m.checkCommand, usage: m.usage }; },
  },
  compile: {
    summary: "compile a procedure to an execution plan (JSON)",
    load: async () => { const m = await import("./commands/compile.js"); return { run: m.compileCommand, usage: m.usage }; },
  },
  run: {
    summary: "run a procedure or a plan against its ONNX models",
    load: async () => { const m = await import("./commands/run.js"); return { run: m.runCommand, usage: m.usage }; },
  },
  cost: {
    summary: "report model calls, sequential depth and cache memory, statically",
    load: async () => { const m = await import("./commands/cost.js"); return { run: m.costCommand, usage: m.usage }; },
  },
};

/** EX_SOFTWARE: an exception escaped a command. */
const INTERNAL_ERROR_EXIT = 70;

const VERSION = "0.1.0";

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return [
    `infer ${VERSION} — design, check and run inference procedures of generative models`,
    "",
    "usage: infer <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "options:",
    "  -h, --help     show this help (`infer <command> --help` for a command's options)",
    "  -V, --version  show the version",
    "  --verbose      on an internal error, also show where it happened",
    "",
    "exit status: 0 success or warnings only, 1 errors, 2 usage or I/O error, 70 internal error",
    "",
  ].join("\n");
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(
  argv: readonly string[],
  io: CliIO = processIO,
  commands: Readonly<Record<string, Command>> = COMMANDS,
): Promise<number> {
  // --verbose is global: it only changes how internal errors are reported.
  const verbose = argv.includes("--verbose");
  const [name, ...rest] = argv.filter((a) => a !== "--verbose");
  if (!name || name === "--help" || name === "-h" || name === "help") {
    (name ? io.stdout : io.stderr)(help());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const near = suggestionList(name, Object.keys(commands))[0];
    io.stderr(`error: unknown command "${name}"${near ? `; did you mean "${near}"?` : ""}\n\n${help()}`);
    return 2;
  }
  try {
    const loaded = await command.load();
    const { run, usage } = typeof loaded === "function" ? { run: loaded, usage: undefined } : loaded;
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(`usage: ${usage ?? `infer ${name}`}\n`);
      return 0;
    }
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e?.code === "ENOENT" || e?.code === "EACCES" || e?.code === "EISDIR") {
      io.stderr(`error: cannot read ${e.path ?? "a file"} (${e.code})\n`);
      return 2;
    }
    return internalError(err, verbose, io);
  }
}

/**
 * An exception escaped a command: a bug in infer, not in the program. One diagnostic line with
 * code `internal-error`; with --verbose, the first stack frame; never the raw stack trace.
 */
export function internalError(err: unknown, verbose: boolean, io: CliIO): number {
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`error internal-error: ${message}\n  help: this is a bug in infer; please report it${verbose ? "" : " (run with --verbose for its location)"}.\n`);
  if (verbose && err instanceof Error && err.stack) {
    const frame = err.stack.split("\n").find((l) => l.trim().startsWith("at "));
    if (frame) io.stderr(`  ${frame.trim()}\n`);
  }
  return INTERNAL_ERROR_EXIT;
}
