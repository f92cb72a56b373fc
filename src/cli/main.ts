/**
 * The `infer` command line: a thin layer over the public API. Each subcommand lives in
 * src/cli/commands/<name>.ts and is registered in COMMANDS; heavy modules are imported lazily
 * so `infer check` starts fast.
 */
import { processIO, UsageError, type CliIO } from "./io.js";

interface Command {
  readonly summary: string;
  readonly load: () => Promise<(argv: readonly string[], io: CliIO) => Promise<number>>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  compile: { summary: "compile a procedure to an execution plan (JSON)", load: async () => (await import("./commands/compile.js")).compileCommand },
  run: { summary: "run a procedure or a plan against its ONNX models", load: async () => (await import("./commands/run.js")).runCommand },
};

const VERSION = "0.1.0";

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return `infer ${VERSION} — design, check and run inference procedures of generative models\n\nusage: infer <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun \`infer <command> --help\` for the options of a command.\n`;
}

/** Exit codes: 0 success (or warnings only), 1 errors in the program or at run time, 2 usage or I/O errors. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") { io.stdout(help()); return name ? 0 : 2; }
  if (name === "--version" || name === "-V") { io.stdout(`${VERSION}\n`); return 0; }
  const command = COMMANDS[name];
  if (!command) { io.stderr(`error: unknown command "${name}"\n\n${help()}`); return 2; }
  try {
    const run = await command.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      const mod = await import(`./commands/${name}.js`) as { usage?: string };
      io.stdout(`usage: ${mod.usage ?? `infer ${name}`}\n`);
      return 0;
    }
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) { io.stderr(`error: ${err.message}\n`); return 2; }
    const e = err as NodeJS.ErrnoException;
    if (e?.code === "ENOENT" || e?.code === "EACCES" || e?.code === "EISDIR") { io.stderr(`error: cannot read ${e.path ?? "a file"} (${e.code})\n`); return 2; }
    io.stderr(`internal error: ${(err as Error)?.message ?? String(err)}\nThis is a bug in infer; please report it${process.env.INFER_DEBUG ? `\n${(err as Error)?.stack}` : " (set INFER_DEBUG=1 for the stack trace)"}.\n`);
    return 70;
  }
}
