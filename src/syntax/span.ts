/**
 * Offsets ↔ 1-based line/column, and Span construction, via a line-start table
 * (binary search, O(log lines) per lookup). Columns count UTF-16 code units, like offsets.
 */
import type { Span } from "../diagnostics/diagnostic.js";

export class SourceMap {
  private starts: number[] | undefined;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  /** Offsets at which each line starts; `lineStarts[0] === 0`. Built on first use. */
  get lineStarts(): readonly number[] {
    if (this.starts !== undefined) return this.starts;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    return (this.starts = starts);
  }

  /** 0-based line index containing `offset` (clamped to the text). */
  lineIndex(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const li = this.lineIndex(o);
    return { line: li + 1, column: o - this.lineStarts[li]! + 1 };
  }

  /** Offset of a 1-based line/column (inverse of `position` for positions inside the text). */
  offset(line: number, column: number): number {
    const start = this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
    return Math.min(this.text.length, start + column - 1);
  }

  /** The span [start, end), clamped to the text; `end < start` is treated as empty. */
  span(start: number, end: number): Span {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    const p = this.position(s);
    const q = e > s ? this.position(e - 1) : p;
    return { file: this.file, start: s, end: e, line: p.line, column: p.column, endLine: q.line, endColumn: q.column };
  }
}

/** A one-off span (builds a line table; prefer a shared SourceMap for many spans). */
export function makeSpan(text: string, file: string, start: number, end: number): Span {
  return new SourceMap(text, file).span(start, end);
}

/**
 * The span of a parsed construct. Only the offsets are stored; line and column are computed on
 * demand from the file's line table. An AST holds a span per node (about 60,000 for a
 * 10,000-line file), and the seven-field plain span made the AST half again as large, which
 * the garbage collector paid for on every young-generation collection. Serializes (toJSON)
 * as the plain seven-field Span.
 */
export class SourceSpan implements Span {
  constructor(
    private readonly map: SourceMap,
    readonly start: number,
    readonly end: number,
  ) {}

  get file(): string {
    return this.map.file;
  }
  get line(): number {
    return this.map.lineIndex(this.start) + 1;
  }
  get column(): number {
    return this.start - this.map.lineStarts[this.map.lineIndex(this.start)]! + 1;
  }
  /** Position of the last character covered (of start for an empty span). */
  private get last(): number {
    return this.end > this.start ? this.end - 1 : this.start;
  }
  get endLine(): number {
    return this.map.lineIndex(this.last) + 1;
  }
  get endColumn(): number {
    const last = this.last;
    return last - this.map.lineStarts[this.map.lineIndex(last)]! + 1;
  }

  toJSON(): Span {
    return plainSpan(this);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): Span {
    return plainSpan(this);
  }
}

/** A span as a plain seven-field object (for structural comparison and serialization). */
export function plainSpan(s: Span): Span {
  return { file: s.file, start: s.start, end: s.end, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
