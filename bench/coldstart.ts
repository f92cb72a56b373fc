/**
 * Cold-start benchmark (issue 2: "a cold `npx infer check` of a small file must take well
 * under a second"): wall time of whole processes, each command started afresh, the commands
 * alternating so that load on a shared machine affects them alike.
 *
 *   npm run build && node dist/bench/run.js coldstart [runs=11]
 *
 * Rows, each against the process start it contains:
 * - `node bin/infer.js check examples/gmm_sample.infer` next to `node -e ""` (Node's own start);
 * - `npx infer check examples/gmm_sample.infer` next to `npx -c true` (npm's own start).
 */
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const EXAMPLE = "examples/gmm_sample.infer";

interface Command {
  readonly label: string;
  readonly file: string;
  readonly args: readonly string[];
}

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const COMMANDS: readonly Command[] = [
  { label: 'node -e ""', file: process.execPath, args: ["-e", ""] },
  { label: `node bin/infer.js check ${EXAMPLE}`, file: process.execPath, args: ["bin/infer.js", "check", EXAMPLE] },
  { label: "npx -c true", file: npx, args: ["-c", "true"] },
  { label: `npx infer check ${EXAMPLE}`, file: npx, args: ["infer", "check", EXAMPLE] },
];

function wallMs(command: Command): number {
  const start = performance.now();
  const child = spawnSync(command.file, command.args, { cwd: root, stdio: "ignore", shell: process.platform === "win32" });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command.label} exited with ${child.status ?? child.signal}`);
  return ms;
}

const quantile = (xs: readonly number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.round(q * (sorted.length - 1))]!;
};

export function coldStartBench(runs = 11): string[] {
  for (const command of COMMANDS) wallMs(command); // npx links this package into its cache on first use
  const times = COMMANDS.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) COMMANDS.forEach((command, i) => times[i]!.push(wallMs(command)));
  const median = times.map((t) => quantile(t, 0.5));
  const row = (i: number) =>
    `  ${COMMANDS[i]!.label.padEnd(50)} ${median[i]!.toFixed(0).padStart(5)} ms median (min ${quantile(times[i]!, 0).toFixed(0)}, max ${quantile(times[i]!, 1).toFixed(0)})`;
  return [
    `cold start: wall time of whole processes, median of ${runs} alternating runs`,
    row(0),
    row(1),
    `    infer's own part, beyond Node's start: ${(median[1]! - median[0]!).toFixed(0)} ms`,
    row(2),
    row(3),
    `    beyond npm's own start: ${(median[3]! - median[2]!).toFixed(0)} ms (target for the whole: well under 1000 ms)`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of coldStartBench(Number(process.argv[2] ?? 11))) console.log(line);
}
