/**
 * The front door of the syntax layer: text → AST + comments + diagnostics. Never throws.
 *
 * Lexer errors are `lex-error`, parser errors `parse-error`; each has a one-sentence message
 * (what was expected, where, what was found), a `help` line and a span inside the text.
 * Parsing recovers (Chevrotain single-token insertion/deletion and re-sync), so several
 * syntax errors in one file are each reported, and a partial AST is returned.
 */
import { EOF, type ILexingError, type IRecognitionException, type IToken } from "../../grammar/chevrotain.js";
import { getParser } from "../../grammar/parser.js";
import * as t from "../../grammar/tokens.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { Declaration, Program } from "./ast.js";
import { AstBuilder } from "./buildAst.js";
import { SourceMap } from "./span.js";

/** A comment kept by the lexer (for formatters and doc tooling). */
export interface CommentToken {
  readonly kind: "line" | "doc" | "block";
  /** The full comment text, including `//`, `///` or `/* *\/`. */
  readonly text: string;
  readonly span: Span;
}

export interface ParseResult {
  readonly program: Program;
  readonly comments: CommentToken[];
  readonly diagnostics: Diagnostic[];
}

/** Parses one `.infer` file. `file` is only recorded in spans. */
export function parse(text: string, file: string): ParseResult {
  try {
    return parseUnchecked(text, file);
  } catch (e) {
    // Defence in depth: an exception here is a compiler bug, reported rather than thrown.
    const map = new SourceMap(text, file);
    const span = map.span(0, 0);
    return {
      program: { kind: "Program", declarations: [], span: map.span(0, text.length), start: 0, end: text.length },
      comments: [],
      diagnostics: [
        {
          code: "parse-error",
          severity: "error",
          message: `Internal error in the parser: ${e instanceof Error ? e.message : String(e)}.`,
          help: "Please report this as a bug with the input file.",
          span,
        },
      ],
    };
  }
}

/**
 * Lexing, splitting and parsing are interleaved: tokens are scanned up to the start of the
 * next top-level declaration (see `declarationStarts`), that declaration's tokens are parsed
 * straight into AST nodes, and dropped. Tokens thus never outlive their declaration, which
 * keeps the garbage collector's young generation small. Parsing declaration by declaration
 * also bounds error recovery: an error never swallows the next declaration.
 */
function parseUnchecked(text: string, file: string): ParseResult {
  const scanner = new t.TokenScanner(text, { reuse: true });
  // The line table is built only if a span's line is asked for.
  const map = new SourceMap(text, file);
  const builder = new AstBuilder(map, scanner.docComments);
  const parser = getParser();
  const declarations: Declaration[] = [];
  const stringErrors: Diagnostic[] = [];
  const parseErrors: Diagnostic[] = [];
  const sourceMap = (): SourceMap => map;
  // One syntax error per line: a second one on the same line is almost always a cascade of
  // the first (recovery resumed in the middle of the construct).
  const errorLines = new Set<number>();

  const parseSlice = (tokens: IToken[], standIn: IToken | undefined): void => {
    parser.input = tokens;
    parser.owner = undefined;
    parser.eofStandIn = standIn;
    const before = declarations.length;
    const builtBefore = builder.diagnostics.length;
    try {
      parser.program();
      for (const err of parser.errors) {
        const d = parseErrorDiagnostic(err, text, sourceMap(), standIn);
        if (errorLines.has(d.span.line)) continue;
        errorLines.add(d.span.line);
        parseErrors.push(d);
      }
    } catch (e) {
      // The parser is recursive: absurdly deep nesting overflows the stack.
      if (!(e instanceof RangeError)) throw e;
      declarations.length = before;
      builder.diagnostics.length = builtBefore;
      const first = tokens[0];
      parseErrors.push({
        code: "parse-error",
        severity: "error",
        message: "Expected expressions and blocks nested at most a few hundred levels deep, found deeper nesting in this declaration.",
        help: "Split the deeply nested expression with intermediate assignments.",
        span: first === undefined ? sourceMap().span(0, 0) : sourceMap().span(first.startOffset, first.endOffset! + 1),
      });
    }
  };

  parser.b = builder;
  parser.out = declarations;
  try {
    // The declaration-start scan of `declarationStarts`, one token at a time. The tokens since
    // the last declaration start are the first `count` of `slice` (one array for the file).
    const slice: IToken[] = [];
    let count = 0;
    let sliceStart = 0; // index of slice[0] among all tokens
    let index = 0;
    let depth = 0;
    let annotationStart = -1;
    let prev: IToken | undefined;
    for (let tok = scanner.next(); tok !== undefined; prev = tok, tok = scanner.next(), index++) {
      let tt = tok.tokenType;
      if (tt === t.UnterminatedString) {
        stringErrors.push({
          code: "lex-error",
          severity: "error",
          message: 'Expected a closing " to end the string, found the end of the line.',
          help: 'Add the closing double quote; strings cannot span lines (use "\\n").',
          span: sourceMap().span(tok.startOffset, tok.endOffset! + 1),
        });
        // Parse on as if the string were closed: one typo, one diagnostic.
        tok.tokenType = tt = t.StringLiteral;
        tok.tokenTypeIdx = t.StringLiteral.tokenTypeIdx!;
      }
      slice[count++] = tok;
      if (tt === t.LCurly || tt === t.LParen || tt === t.LBracket) depth++;
      else if (tt === t.RCurly || tt === t.RParen || tt === t.RBracket) depth = depth > 0 ? depth - 1 : 0;
      else if (depth === 0) {
        if (tt === t.At) {
          if (annotationStart < 0) annotationStart = index;
        } else if (startsDeclaration(tt, prev)) {
          const start = annotationStart >= 0 ? annotationStart : index;
          if (start > sliceStart) {
            const cut = start - sliceStart;
            parseSlice(parserInput(slice, cut), slice[cut]);
            // The parsed tokens are dropped (their objects are recycled for the next ones); the
            // next declaration's first tokens move to the front.
            const keep = count - cut;
            scanner.release(keep);
            for (let i = 0; i < keep; i++) slice[i] = slice[cut + i]!;
            count = keep;
            sliceStart = start;
          }
          annotationStart = -1;
        } else if (annotationStart >= 0 && !isName(tt) && tt !== t.StringLiteral) {
          // Not an annotation run after all (e.g. stray "@" followed by junk).
          annotationStart = -1;
        }
      }
    }
    parseSlice(parserInput(slice, count), undefined);
  } finally {
    parser.input = [];
    parser.eofStandIn = undefined;
    parser.out = [];
    parser.release();
  }

  const lexErrors = scanner.errors.map((err) => lexErrorDiagnostic(err, text, sourceMap()));
  const commentErrors: Diagnostic[] = [];
  const comments: CommentToken[] = scanner.comments.map((c) => {
    const kind = c.tokenType === t.DocComment ? "doc" : c.tokenType === t.BlockComment ? "block" : "line";
    if (kind === "block" && (c.image.length < 4 || !c.image.endsWith("*/"))) {
      commentErrors.push({
        code: "lex-error",
        severity: "error",
        message: 'Expected "*/" to close the block comment, found the end of the file.',
        help: 'Add "*/" where the comment ends.',
        span: sourceMap().span(c.startOffset, c.startOffset + 2),
      });
    }
    // A line comment is on one line: its token has its span.
    const span: Span = kind === "block"
      ? sourceMap().span(c.startOffset, c.endOffset! + 1)
      : { file, start: c.startOffset, end: c.endOffset! + 1, line: c.startLine!, column: c.startColumn!, endLine: c.startLine!, endColumn: c.endColumn! };
    return { kind, text: c.image, span };
  });

  const last = scanner.lastPosition();
  const programSpan: Span = { file, start: 0, end: text.length, line: 1, column: 1, endLine: last.line, endColumn: last.column };
  const program: Program = { kind: "Program", declarations, span: programSpan, start: 0, end: text.length };
  const diagnostics =
    lexErrors.length + stringErrors.length + commentErrors.length + parseErrors.length + builder.diagnostics.length === 0
      ? []
      : [...lexErrors, ...stringErrors, ...commentErrors, ...parseErrors, ...builder.diagnostics];
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { program, comments, diagnostics };
}

/**
 * The parser's input: the first `n` tokens, in an array of their own with room for the two EOF
 * tokens Chevrotain appends during a parse (a full array would be copied to grow).
 */
function parserInput(tokens: readonly IToken[], n: number): IToken[] {
  const input = tokens.slice(0, n + 2);
  input.length = n;
  return input;
}

/**
 * Where top-level declarations start: a declaration keyword (or the first of the annotations
 * before it) outside any (), [] or {}. `schedule` after `:`, `->` or `noise` is a type, not a
 * declaration. In a valid file these are exactly the declaration starts.
 */
function startsDeclaration(tt: IToken["tokenType"], prev: IToken | undefined): boolean {
  return tt === t.Step || tt === t.Fn || tt === t.Infer || tt === t.ModelKw || tt === t.Import || (tt === t.Schedule && !isTypePosition(prev));
}

function isName(tt: IToken["tokenType"]): boolean {
  return tt === t.Identifier || tt.CATEGORIES?.includes(t.Name) === true;
}

function isTypePosition(prev: IToken | undefined): boolean {
  const tt = prev?.tokenType;
  return tt === t.Colon || tt === t.RArrow || tt === t.Noise;
}

const LEX_HINTS: Record<string, string> = {
  "!": 'Use "not" for negation, or "!=" for inequality.',
  "'": 'Strings use double quotes: "...".',
  "&": 'Use "and".',
  "|": 'Use "or".',
  "%": 'There is no "%" operator; use floor division and "-".',
};

function lexErrorDiagnostic(err: ILexingError, text: string, map: SourceMap): Diagnostic {
  const start = Math.max(0, Math.min(err.offset, text.length));
  const end = Math.min(text.length, start + Math.max(1, err.length));
  const found = text.slice(start, end);
  const shown = found.length > 24 ? `${found.slice(0, 21)}...` : found;
  const hint = LEX_HINTS[found[0] ?? ""];
  return {
    code: "lex-error",
    severity: "error",
    message: `Expected a name, number, string, operator or comment, found ${found.length > 1 ? "the characters" : "the character"} "${shown}".`,
    help: hint ?? `Remove "${shown}"; names use ASCII letters, digits and "_".`,
    span: map.span(start, end),
  };
}

function parseErrorDiagnostic(
  err: IRecognitionException,
  text: string,
  map: SourceMap,
  eofStandIn: IToken | undefined,
): Diagnostic {
  const [message, help, anchor] = splitMessage(err.message);
  const tok = err.token?.tokenType === EOF && eofStandIn !== undefined ? eofStandIn : err.token;
  const prev = (err as { previousToken?: IToken }).previousToken;
  let span: Span;
  if (anchor !== undefined) {
    span = map.span(anchor[0], anchor[1]);
  } else if (tok !== undefined && Number.isFinite(tok.startOffset) && tok.tokenType !== EOF) {
    span = map.span(tok.startOffset, tok.endOffset! + 1);
  } else if (tok === undefined || tok.tokenType === EOF) {
    span = map.span(text.length, text.length);
  } else if (prev !== undefined && Number.isFinite(prev.endOffset)) {
    span = map.span(prev.endOffset! + 1, prev.endOffset! + 1);
  } else {
    span = map.span(text.length, text.length);
  }
  return help === undefined
    ? { code: "parse-error", severity: "error", message, span }
    : { code: "parse-error", severity: "error", message, help, span };
}

/** `message\nhelp[\n@start,end]` (see grammar/messages.ts). */
function splitMessage(m: string): [string, string | undefined, [number, number] | undefined] {
  const [message, help, at] = m.split("\n");
  const match = at === undefined ? null : /^@(\d+),(\d+)$/.exec(at);
  return [message!, help, match === null ? undefined : [Number(match[1]), Number(match[2])]];
}
