/**
 * Source positions for check diagnostics. IR ops carry a location string "file:line:col" (the
 * start of the expression that emitted them) and moves carry the span of their statement; this
 * index turns locations back into spans that cover the whole expression, and finds the AST of a
 * `refine`/`expand` statement (e.g. to point at its schedule), from the parsed modules.
 */
import { readFileSync } from "node:fs";

import type { Span } from "../diagnostics/diagnostic.js";
import type * as A from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import { SourceMap } from "../syntax/span.js";
import { visit } from "../syntax/visit.js";

/** A source file as the checks need it: its text and, when it parsed, its AST. */
export interface SourceFile {
  readonly text: string;
  readonly program?: A.Program;
}

const EXPRESSION_KINDS = new Set([
  "NumberLiteral", "StringLiteral", "BoolLiteral", "NoneLiteral", "ListLiteral", "NameExpr", "UnaryExpr",
  "BinaryExpr", "CallExpr", "MemberExpr", "IndexExpr", "ConditionalExpr", "NoiseExpr",
]);

interface Indexed {
  readonly map: SourceMap;
  /** Expression start offset -> the end of the largest expression starting there. */
  readonly exprEnd: Map<number, number>;
  /** Statement start offset -> refine/expand statement. */
  readonly moves: Map<number, A.RefineStmt | A.ExpandStmt>;
}

/** Reads and parses a file from disk (the default when the caller has no analysed modules). */
export function readSourceFile(file: string): SourceFile | undefined {
  try {
    const text = readFileSync(file, "utf8");
    return { text, program: parse(text, file).program };
  } catch {
    return undefined;
  }
}

export class SourceIndex {
  private readonly files = new Map<string, Indexed | undefined>();

  constructor(private readonly sourceOf: (file: string) => SourceFile | undefined = readSourceFile) {}

  private indexed(file: string): Indexed | undefined {
    if (this.files.has(file)) return this.files.get(file);
    const src = this.sourceOf(file);
    let result: Indexed | undefined;
    if (src) {
      const exprEnd = new Map<number, number>();
      const moves = new Map<number, A.RefineStmt | A.ExpandStmt>();
      if (src.program) {
        visit(src.program, {
          enter(node) {
            const { start, end } = node.span;
            if (EXPRESSION_KINDS.has(node.kind) && end > (exprEnd.get(start) ?? -1)) exprEnd.set(start, end);
            if (node.kind === "RefineStmt" || node.kind === "ExpandStmt") moves.set(start, node);
          },
        });
      }
      result = { map: new SourceMap(src.text, file), exprEnd, moves };
    }
    this.files.set(file, result);
    return result;
  }

  /**
   * The span of the expression that starts at `loc` ("file:line:col"), else of the word there
   * (a declaration's name); an empty span at that position when the file cannot be read.
   */
  spanOfLoc(loc: string): Span | undefined {
    const m = /^(.*):(\d+):(\d+)$/.exec(loc);
    if (!m) return undefined;
    const file = m[1]!;
    const line = Number(m[2]);
    const column = Number(m[3]);
    const ix = this.indexed(file);
    if (!ix) return { file, start: 0, end: 0, line, column, endLine: line, endColumn: column };
    const start = ix.map.offset(line, column);
    let end = ix.exprEnd.get(start);
    if (end === undefined) {
      // Not an expression (e.g. a declaration's name): cover the word there.
      end = start;
      while (end < ix.map.text.length && /\w/.test(ix.map.text[end]!)) end++;
      end = Math.max(end, start + 1);
    }
    return ix.map.span(start, end);
  }

  /** The `refine`/`expand` statement whose span starts where `span` starts. */
  moveStatement(span: Span): A.RefineStmt | A.ExpandStmt | undefined {
    return this.indexed(span.file)?.moves.get(span.start);
  }
}
