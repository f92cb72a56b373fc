/**
 * Human-readable diagnostics, in the style of tsc and rustc:
 *
 * ```
 * examples/errors/unknown_name.infer:6:10 - error unknown-name: Unknown name "xx".
 *
 *   6 |   return xx + 1
 *     |          ^^
 *
 *   help: Did you mean "x"?
 * ```
 *
 * A code frame shows the span's lines with carets under the covered characters (multi-line
 * spans mark every line, long ones are elided in the middle); each related span is a `note:`
 * with its own frame. Colors are ANSI and only used when asked for (see `shouldUseColor`).
 */
import type { Diagnostic, Severity, Span } from "./diagnostic.js";
import { displayPath, summarize, type DiagnosticSummary } from "./json.js";

export interface RenderOptions {
  /** The text of a file named in a span; frames are omitted for files it does not know. */
  readonly sourceOf?: (file: string) => string | undefined;
  /** Emit ANSI color codes (default false). */
  readonly color?: boolean;
  /** Paths are shown relative to this directory (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Also render diagnostics silenced by `@allow` (default false; they are counted in the summary). */
  readonly showSuppressed?: boolean;
}

const TAB = "    ";
/** Multi-line spans longer than this show their first and last lines only. */
const MAX_FRAME_LINES = 6;

type Style = (s: string) => string;
interface Palette {
  readonly bold: Style;
  readonly gutter: Style;
  readonly help: Style;
  readonly note: Style;
  readonly severity: (sev: Severity) => Style;
}

const ansi = (open: string): Style => (s) => (s === "" ? s : `\x1b[${open}m${s}\x1b[0m`);
const plain: Style = (s) => s;

function palette(color: boolean): Palette {
  if (!color) return { bold: plain, gutter: plain, help: plain, note: plain, severity: () => plain };
  const sev: Record<Severity, Style> = { error: ansi("1;31"), warning: ansi("1;33"), info: ansi("1;36") };
  return { bold: ansi("1"), gutter: ansi("34"), help: ansi("1;36"), note: ansi("1;34"), severity: (s) => sev[s] };
}

/**
 * Whether to color output written to `stream`: only for a TTY, and never when `NO_COLOR` is set;
 * `FORCE_COLOR` (not "0") forces it on.
 */
export function shouldUseColor(
  stream: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["FORCE_COLOR"] !== undefined) return env["FORCE_COLOR"] !== "0";
  return stream.isTTY === true;
}

/** `file:line:col` for a span, with the path shown relative to `cwd`. */
export function formatLocation(span: Span, cwd?: string): string {
  return `${displayPath(span.file, cwd)}:${span.line}:${span.column}`;
}

/** One diagnostic: header, code frame, notes and help, ending with a newline. */
export function renderDiagnostic(d: Diagnostic, options: RenderOptions = {}): string {
  const p = palette(options.color ?? false);
  const sev = p.severity(d.severity);
  const out: string[] = [];
  const suppressed = d.suppressed ? ` (suppressed: ${d.suppressed.reason})` : "";
  out.push(
    `${formatLocation(d.span, options.cwd)} - ${sev(d.severity)} ${sev(d.code)}: ${p.bold(d.message)}${suppressed}`,
  );
  const spans = [d.span, ...(d.related ?? []).map((r) => r.span)];
  const width = String(Math.max(...spans.map((s) => s.endLine))).length;
  const frame = codeFrame(d.span, options.sourceOf?.(d.span.file), width, p, sev);
  if (frame) out.push("", frame);
  for (const r of d.related ?? []) {
    out.push("", `  ${p.note("note")}: ${formatLocation(r.span, options.cwd)}: ${r.message}`);
    const relFrame = codeFrame(r.span, options.sourceOf?.(r.span.file), width, p, p.note);
    if (relFrame) out.push(relFrame);
  }
  if (d.help) out.push("", `  ${p.help("help")}: ${d.help}`);
  return out.join("\n") + "\n";
}

/** `2 errors, 1 warning` (infos and suppressed diagnostics are mentioned only when present). */
export function formatSummary(summary: DiagnosticSummary): string {
  const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;
  const parts = [n(summary.errors, "error"), n(summary.warnings, "warning")];
  if (summary.infos > 0) parts.push(n(summary.infos, "info"));
  const suppressed = summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : "";
  return parts.join(", ") + suppressed;
}

/**
 * All diagnostics (in the given order), separated by blank lines, then the summary line.
 * Suppressed diagnostics are skipped unless `showSuppressed`.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions = {}): string {
  const shown = diagnostics.filter((d) => options.showSuppressed || !d.suppressed);
  const blocks = shown.map((d) => renderDiagnostic(d, options));
  const p = palette(options.color ?? false);
  const summary = summarize(diagnostics);
  const style = summary.errors > 0 ? p.severity("error") : summary.warnings > 0 ? p.severity("warning") : p.bold;
  blocks.push(style(formatSummary(summary)) + "\n");
  return blocks.join("\n");
}

/** Display width of `text` once tabs are expanded. */
function displayWidth(text: string): number {
  return text.replace(/\t/g, TAB).length;
}

/**
 * The frame of `span` in `source`: the covered lines with line numbers and a caret line under
 * each. Undefined when the source is unknown or the span lies outside it.
 */
export function codeFrame(
  span: Span,
  source: string | undefined,
  gutterWidth: number,
  p: Palette = palette(false),
  caretStyle: Style = plain,
): string | undefined {
  if (source === undefined) return undefined;
  const lines = source.split(/\r?\n/);
  if (span.line < 1 || span.line > lines.length) return undefined;
  const last = Math.min(Math.max(span.endLine, span.line), lines.length);
  const out: string[] = [];
  const pad = " ".repeat(gutterWidth);
  const numbered = (n: number, text: string): string =>
    `  ${p.gutter(`${String(n).padStart(gutterWidth)} |`)}${text === "" ? "" : " " + text.replace(/\t/g, TAB)}`;
  const caretLine = (text: string, from: number, to: number): string => {
    // from/to: 1-based columns, inclusive; clamp `to` so a span ending past the text still shows.
    const startCol = Math.max(1, from);
    const lead = displayWidth(text.slice(0, startCol - 1)) + Math.max(0, startCol - 1 - text.length);
    const covered = text.slice(startCol - 1, Math.max(startCol - 1, to));
    const width = Math.max(1, displayWidth(covered));
    return `  ${p.gutter(`${pad} |`)} ${" ".repeat(lead)}${caretStyle("^".repeat(width))}`;
  };

  const shownLines: number[] = [];
  if (last - span.line + 1 <= MAX_FRAME_LINES) {
    for (let n = span.line; n <= last; n++) shownLines.push(n);
  } else {
    shownLines.push(span.line, span.line + 1, span.line + 2, -1, last - 1, last);
  }
  for (const n of shownLines) {
    if (n === -1) {
      out.push(`  ${p.gutter(`${".".repeat(Math.min(3, gutterWidth)).padStart(gutterWidth)} |`)}`);
      continue;
    }
    const text = lines[n - 1] ?? "";
    out.push(numbered(n, text));
    if (span.line === last) {
      const to = span.end > span.start ? span.endColumn : span.column;
      out.push(caretLine(text, span.column, to));
    } else if (n === span.line) {
      out.push(caretLine(text, span.column, Math.max(span.column, text.length)));
    } else {
      const firstNonBlank = text.search(/\S/) + 1;
      if (firstNonBlank === 0) continue;
      const to = n === last ? span.endColumn : text.length;
      if (to >= firstNonBlank) out.push(caretLine(text, firstNonBlank, to));
    }
  }
  return out.join("\n");
}
