/**
 * `infer check FILE... [--format text|json] [--quantify]`: parse and analyze each file with its
 * imports, run the static checks (src/check) when analysis finds no errors, and print the
 * diagnostics (text with code frames, or the stable JSON report). `--tol` sets the std shrink the
 * missing-target-time check tolerates before it warns (default 0.02). `--quantify` runs a short
 * simulation for the diagnostics that carry one and reports the measured effect. Exit 0 when there
 * are no errors (warnings allowed), 1 on errors, 2 on bad usage or an unreadable file.
 */
import { isAbsolute, resolve } from "node:path";

import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { diagnosticsToJson, formatJsonReport } from "../../diagnostics/json.js";
import { renderDiagnostics, shouldUseColor } from "../../diagnostics/render.js";
import { checkAnalysis } from "../../check/check.js";
import { analyze } from "../../semantics/model.js";
import { createNodeHost } from "../../semantics/nodeHost.js";
import type { CliIO } from "../io.js";
import { parseFlags, UsageError } from "../io.js";

export const usage = "infer check FILE... [--format text|json] [--quantify] [--tol X] [--color | --no-color]";

const BOOLEAN_FLAGS = ["color", "no-color", "quantify"];
const VALUE_FLAGS = ["format", "tol"];

export async function checkCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { positionals, flags } = parseFlags(argv, BOOLEAN_FLAGS);
  for (const name of flags.keys()) {
    if (!BOOLEAN_FLAGS.includes(name) && !VALUE_FLAGS.includes(name)) throw new UsageError(`unknown option --${name}\nusage: ${usage}`);
  }
  const format = flags.get("format")?.at(-1) ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`unknown format "${format}"; use "text" or "json"`);
  if (positionals.length === 0) throw new UsageError(`no input files\nusage: ${usage}`);
  const tolText = flags.get("tol")?.at(-1);
  const tol = tolText === undefined ? undefined : Number(tolText);
  if (tol !== undefined && !(tol >= 0 && tol < 1)) throw new UsageError(`--tol expects a fraction in [0, 1), got "${tolText}"`);

  const host = createNodeHost();
  const files = positionals.map((f) => (isAbsolute(f) ? f : resolve(io.cwd, f)));
  const unreadable = positionals.filter((_, i) => host.readFile(files[i]!) === undefined);
  if (unreadable.length > 0) {
    for (const f of unreadable) io.stderr(`error: cannot read "${f}": no such file, or not readable\n`);
    return 2;
  }

  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const sources = new Map<string, string>();
  for (const file of files) {
    const result = analyze(file, host);
    for (const m of result.modules.values()) sources.set(m.path, m.text);
    // Static checks on the lowered procedures and the ONNX bindings, once analysis is clean.
    const checked = await checkAnalysis(result, { cwd: io.cwd, quantify: flags.has("quantify"), ...(tol !== undefined ? { tol } : {}) });
    for (const d of [...result.diagnostics, ...checked]) {
      // Files checked together share imports: a diagnostic in a shared file is reported once.
      const key = `${d.code}\0${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(d);
    }
  }

  if (format === "json") {
    io.stdout(formatJsonReport(diagnosticsToJson(diagnostics, { cwd: io.cwd })));
  } else {
    const color = flags.has("color") ? true : flags.has("no-color") ? false
      : shouldUseColor({ isTTY: io.stdoutIsTTY ?? false });
    io.stdout(renderDiagnostics(diagnostics, { sourceOf: (f) => sources.get(f), color, cwd: io.cwd }));
  }
  return hasErrors(diagnostics) ? 1 : 0;
}
