/**
 * The one diagnostic type every stage of the compiler returns: lexer, parser,
 * semantic analysis, static checks, plan loading and the runtime.
 * Stages never throw on user error; they return diagnostics.
 */

/** A half-open character range [start, end) in one source file, plus the 1-based position of start. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  /** 1-based position of the last character covered (inclusive); equals line/column for empty spans. */
  readonly endLine: number;
  readonly endColumn: number;
}

export type Severity = "error" | "warning" | "info";

/** A secondary location that explains the primary one ("first declared here"). */
export interface RelatedInformation {
  readonly span: Span;
  readonly message: string;
}

/** A diagnostic deliberately silenced by `@allow(code, "reason")` in the source. */
export interface Suppression {
  readonly reason: string;
  readonly span: Span;
}

export interface Diagnostic {
  /** Stable kebab-case code from DiagnosticCodes, e.g. "unknown-name". Never renamed once released. */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence; quotes names with double quotes. */
  readonly message: string;
  readonly span: Span;
  /** The fix, as an imperative sentence. */
  readonly help?: string;
  readonly related?: readonly RelatedInformation[];
  /** Present when an `@allow` silenced it; silenced diagnostics do not affect the exit code. */
  readonly suppressed?: Suppression;
  /** Machine-readable payload for tools (e.g. measured quantities). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** True when at least one unsuppressed diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error" && !d.suppressed);
}
