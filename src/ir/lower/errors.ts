/**
 * Lowering reports user errors it can only see during partial evaluation (a schedule that is
 * not static, a quota that depends on data) as LoweringError; `lower()` turns them into
 * diagnostics at the stage boundary, so no exception escapes the compiler.
 */
import type { Span } from "../../diagnostics/diagnostic.js";

export class LoweringError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: Span,
    readonly help?: string,
  ) {
    super(message);
  }
}

export function fail(code: string, message: string, span: Span, help?: string): never {
  throw new LoweringError(code, message, span, help);
}

export function locOf(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}
