/** `infer run FILE|plan.json [--proc NAME] [--arg name=value ...] [--seed N] [--batch N] [--out out.npy|out.json] [--quiet]` */
import { dirname, relative, resolve } from "node:path";
import { runIR, RuntimeError } from "../../api/run.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import type { IRProcedure } from "../../ir/ir.js";
import { loadPlan } from "../../plan/load.js";
import { procedureOf } from "../../plan/plan.js";
import { atomicWriteFileSync } from "../../runtime/atomicWrite.js";
import { formatSummary, ProgressBar } from "../../runtime/progress.js";
import { KNOWN_OPS } from "../../runtime/interpreter/kernels.js";
import { encodeNpy, readNpy } from "../../runtime/npy.js";
import type { RValue } from "../../runtime/interpreter/values.js";
import type { CliIO } from "../io.js";
import { parseFlags, UsageError } from "../io.js";
import { intFlag, parseArgs, printDiagnostics } from "./shared.js";

export const usage = "infer run FILE|plan.json [--proc NAME] [--arg name=value ...] [--seed N] [--batch N] [--out out.npy|out.json] [--quiet]";

/** Latent inputs can be given as `name=@file.npy`. */
async function resolveInputs(args: Record<string, unknown>, cwd: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v === "string" && v.startsWith("@")) {
      const arr = await readNpy(resolve(cwd, v.slice(1)));
      out[k] = arr.dtype === "float32" ? arr.data : Array.from(arr.data as ArrayLike<number | bigint>, Number);
    } else out[k] = v;
  }
  return out;
}

function toNpy(v: RValue, batch: number): Uint8Array {
  if (v.kind === "tensor") {
    if (v.dtype === "f32") return encodeNpy({ dtype: "float32", shape: [batch, ...v.inner], data: v.data as Float32Array });
    return encodeNpy({ dtype: "int64", shape: [batch, ...v.inner], data: BigInt64Array.from(v.data, (x) => BigInt(x)) });
  }
  // Ragged sequences are padded with -1 to the longest one.
  const L = Math.max(0, ...v.seqs.map((s) => s.length));
  const data = new BigInt64Array(batch * L).fill(-1n);
  v.seqs.forEach((s, r) => s.forEach((x, j) => { data[r * L + j] = BigInt(x); }));
  return encodeNpy({ dtype: "int64", shape: [batch, L], data });
}

function toJson(v: RValue): unknown {
  if (v.kind !== "tensor") return v.seqs.map((s) => Array.from(s));
  const n = v.inner.reduce((a, b) => a * b, 1);
  const rows: number[][] = [];
  for (let r = 0; r * n < v.data.length; r++) rows.push(Array.from(v.data.subarray(r * n, r * n + n)));
  return rows;
}

/** The run's progress bar, drawn on the CLI's stderr (only when it is a terminal). */
function progressBar(io: CliIO, quiet: boolean): ProgressBar {
  return new ProgressBar({ quiet, stream: { isTTY: io.stderrIsTTY, columns: process.stderr.columns, write: (text) => io.stderr(text) } });
}

export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals, flags } = parseFlags(argv, ["quiet"]);
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const target = resolve(io.cwd, positionals[0]!);
  const args = parseArgs(flags.get("arg"));
  let ir: IRProcedure;
  if (target.endsWith(".json")) {
    const loaded = loadPlan(target, KNOWN_OPS);
    if (!loaded.plan) { io.stderr(`error: ${loaded.error}\n`); return 1; }
    ir = procedureOf(loaded.plan, dirname(target), resolve);
    const compileTime = Object.keys(args).filter((k) => !ir.inputs.some((i) => i.name === k));
    if (compileTime.length > 0) { io.stderr(`error: ${compileTime.map((k) => `"${k}"`).join(", ")} ${compileTime.length > 1 ? "are" : "is"} not a run-time input of this plan; compile-time parameters are fixed when the plan is compiled (recompile with --arg).\n`); return 1; }
  } else {
    // The front end is loaded only to compile a source file: a process that runs plans keeps its
    // heap small (V8 may start a full GC at nearly every scavenge when the old generation is just
    // above 8 MB, which the compiler's code and data alone take it to).
    const { compileToIR } = await import("../../api/compile.js");
    const proc = flags.get("proc")?.at(-1);
    const result = compileToIR(target, { ...(proc ? { proc } : {}), args });
    printDiagnostics(result.diagnostics, io);
    if (result.diagnostics.some((d) => d.code === "io-error")) return 2;
    if (!result.ir || hasErrors(result.diagnostics)) return 1;
    ir = result.ir;
  }
  const quiet = flags.has("quiet");
  const bar = progressBar(io, quiet);
  const seed = intFlag(flags, "seed") ?? 0;
  const batch = intFlag(flags, "batch");
  let result;
  try {
    result = await runIR(ir, { seed, ...(batch !== undefined ? { batch } : {}), inputs: await resolveInputs(Object.fromEntries(Object.entries(args).filter(([k]) => ir.inputs.some((i) => i.name === k))), io.cwd), onProgress: (done, total) => bar.update(done, total) });
  } catch (err) {
    bar.finish();
    if (err instanceof RuntimeError) {
      io.stderr(`error: run-time failure in op "${err.op}"${err.loc ? ` issued at ${relative(io.cwd, err.loc) || err.loc}` : ""}: ${err.message.split("\n")[0]}\n`);
      return 1;
    }
    throw err;
  }
  bar.finish();
  const out = flags.get("out")?.at(-1);
  if (out) {
    const path = resolve(io.cwd, out);
    atomicWriteFileSync(path, path.endsWith(".npy") ? toNpy(result.value, result.batch) : JSON.stringify(toJson(result.value)) + "\n");
  } else {
    const rows = toJson(result.value) as unknown[];
    for (const row of rows.slice(0, 8)) io.stdout(`${JSON.stringify(row)}\n`);
    if (rows.length > 8) io.stdout(`... ${rows.length - 8} more (use --out FILE.npy|FILE.json)\n`);
  }
  if (!quiet) {
    if (result.speculative) io.stderr(`speculative verification: ${(result.speculative.tokens / result.speculative.targetCalls).toFixed(3)} tokens committed per target call (${result.speculative.targetCalls} sample-calls)\n`);
    io.stderr(`${formatSummary({ wallMs: result.wallMs, models: [...result.modelStats.values()], samples: result.batch })}\n`);
  }
  return 0;
}
