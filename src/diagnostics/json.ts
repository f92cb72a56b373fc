/**
 * The stable JSON form of diagnostics (`infer check --format json`, golden files, editors).
 * File paths are relative to a base directory with `/` separators, so output is identical on
 * every machine; keys are always emitted in the same order.
 */
import { isAbsolute, relative } from "node:path";

import type { Diagnostic, Span } from "./diagnostic.js";

/** Version of the JSON report shape; bumped on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

/** A location in the JSON form: 1-based, end inclusive (as in `Span`). */
export interface JsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface JsonRelated extends JsonLocation {
  readonly message: string;
}

export interface JsonDiagnostic extends JsonLocation {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly help: string | null;
  readonly related: readonly JsonRelated[];
  /** Only present for diagnostics silenced by `@allow`. */
  readonly suppressed?: { readonly reason: string } & JsonLocation;
  /** Only present when the emitter attached a machine-readable payload. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Counts of unsuppressed diagnostics by severity, plus the number suppressed. */
export interface DiagnosticSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
}

export interface JsonReport {
  readonly version: number;
  readonly diagnostics: readonly JsonDiagnostic[];
  readonly summary: DiagnosticSummary;
}

export interface JsonOptions {
  /** Paths are written relative to this directory (default: `process.cwd()`). */
  readonly cwd?: string;
}

/** `file` relative to `cwd` with forward slashes; relative inputs are returned normalized. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return (rel === "" ? file : rel).split("\\").join("/");
}

function location(span: Span, cwd: string | undefined): JsonLocation {
  return {
    file: displayPath(span.file, cwd),
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
  };
}

/** One diagnostic in its JSON form. */
export function diagnosticToJson(d: Diagnostic, options: JsonOptions = {}): JsonDiagnostic {
  const loc = location(d.span, options.cwd);
  const out: { -readonly [K in keyof JsonDiagnostic]: JsonDiagnostic[K] } = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: loc.file,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    help: d.help ?? null,
    related: (d.related ?? []).map((r) => ({ message: r.message, ...location(r.span, options.cwd) })),
  };
  if (d.suppressed) out.suppressed = { reason: d.suppressed.reason, ...location(d.suppressed.span, options.cwd) };
  if (d.data) out.data = d.data;
  return out;
}

/** Counts diagnostics by severity; suppressed ones are only counted as suppressed. */
export function summarize(diagnostics: readonly Diagnostic[]): DiagnosticSummary {
  let errors = 0, warnings = 0, infos = 0, suppressed = 0;
  for (const d of diagnostics) {
    if (d.suppressed) suppressed++;
    else if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos, suppressed };
}

/** Diagnostics in a deterministic order: by file, position, then code and message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...diagnostics].sort(
    (a, b) =>
      cmp(a.span.file, b.span.file) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

/** The whole report: sorted diagnostics and their summary. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[], options: JsonOptions = {}): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    diagnostics: sortDiagnostics(diagnostics).map((d) => diagnosticToJson(d, options)),
    summary: summarize(diagnostics),
  };
}

/** `JSON.stringify(report, null, 2)` plus a final newline, the on-disk form of goldens. */
export function formatJsonReport(report: JsonReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
