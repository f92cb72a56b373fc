/** Helpers shared by the compile and run commands. */
import { readFileSync } from "node:fs";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../diagnostics/render.js";
import type { CliIO } from "../io.js";
import { UsageError } from "../io.js";

/** `--arg name=value`: JSON when it parses (numbers, lists, strings in quotes), `a,b,c` as a list of numbers, else a string. */
export function parseArgs(values: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--arg expects name=value, got "${item}"`);
    const name = item.slice(0, eq);
    const raw = item.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      if (/^-?\d+(,-?\d+)+$/.test(raw)) value = raw.split(",").map(Number);
    }
    out[name] = value;
  }
  return out;
}

/** Print what the user must see: nothing when every diagnostic was silenced by `@allow`. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], io: CliIO): void {
  if (diagnostics.every((d) => d.suppressed)) return;
  io.stderr(renderDiagnostics(diagnostics, { cwd: io.cwd, color: io.stderrIsTTY && !process.env.NO_COLOR, sourceOf: (f) => { try { return readFileSync(f, "utf8"); } catch { return undefined; } } }));
}

export function intFlag(flags: Map<string, string[]>, name: string): number | undefined {
  const v = flags.get(name)?.at(-1);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} expects a non-negative integer, got "${v}"`);
  return n;
}
