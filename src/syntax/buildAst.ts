/**
 * AST construction (src/syntax/ast.ts) for the embedded actions of grammar/parser.ts: the
 * parser calls one method per construct with the tokens and sub-results it recognised, and
 * gets the node back. No concrete syntax tree is built.
 *
 * - Precedence and associativity of binary operators (§6) are applied here (`expression`):
 *   the grammar's `expression` rule is a flat `operand (op operand)*` list.
 * - After a syntax error the parser recovers (Chevrotain single-token insertion/deletion and
 *   re-sync): a rule that could not be completed yields undefined, a token inserted by
 *   recovery has no position. Pieces that lack a mandatory part are skipped, never guessed.
 * - Spans come from token positions (the lexer tracks lines): a construct spans its first to
 *   its last token.
 * - The few syntax errors only visible once a construct is complete (a positional argument
 *   after a named one, chained comparisons, misplaced `not`, unknown string escapes) are
 *   reported here.
 */
import type { IToken } from "../../grammar/chevrotain.js";
import * as t from "../../grammar/tokens.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { isIntegerLiteral, unescapeString } from "./literals.js";
import { Pratt } from "./pratt.js";
import { SourceSpan, type SourceMap } from "./span.js";

/**
 * An operand that starts with `not`: its expression (prefix `-`, postfixes and `^` applied;
 * undefined when broken) and the leading `not` tokens, which bind more loosely than
 * comparisons (applied by Pratt).
 */
export interface NotOperand {
  readonly kind: "Nots";
  readonly expr: A.Expression | undefined;
  readonly nots: readonly IToken[];
}

/** One operand of a flat expression: an expression, or one with leading `not`s. */
export type Operand = A.Expression | NotOperand;

/** The AST factory of one file; collects the syntax errors only visible after parsing a construct. */
export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** Last line of the previous declaration (doc comments must come after it). */
  private prevEndLine = 0;

  readonly file: string;

  /** `docComments`: the file's doc comments (`///`) lexed so far, in order (the lexer appends to it). */
  constructor(
    private readonly map: SourceMap,
    private readonly docComments: readonly IToken[],
  ) {
    this.file = map.file;
  }

  // ---------------------------------------------------------------- spans

  /** The last token span made: a one-token construct shares its token's span (spans are immutable). */
  private lastSpan: Span | undefined;

  /** A token's span (tokens never span lines, except block comments which are not parsed). */
  tspan(tok: IToken): Span {
    const last = this.lastSpan;
    if (last !== undefined && last.start === tok.startOffset && last.end === tok.endOffset! + 1) return last;
    return (this.lastSpan = new SourceSpan(this.map, tok.startOffset, tok.endOffset! + 1));
  }

  /**
   * From the start of `first` to the end of `last` (the first and last tokens a construct
   * consumed); undefined when it consumed none.
   */
  span(first: IToken | undefined, last: IToken | undefined): Span | undefined {
    if (first === undefined || last === undefined) return undefined;
    if (first === last) return this.tspan(first);
    return new SourceSpan(this.map, first.startOffset, last.endOffset! + 1);
  }

  join(a: Span, b: Span): Span {
    return new SourceSpan(this.map, a.start, b.end);
  }

  report(message: string, help: string, span: Span, code = "parse-error"): void {
    this.diagnostics.push({ code, severity: "error", message, help, span });
  }

  // ---------------------------------------------------------------- leaves

  ident(tok: IToken | undefined): A.Identifier | undefined {
    if (!valid(tok)) return undefined;
    return { kind: "Identifier", name: tok.image, span: this.tspan(tok) };
  }

  string(tok: IToken | undefined): A.StringLiteral | undefined {
    if (!valid(tok) || tok.tokenType !== t.StringLiteral) return undefined;
    return { kind: "StringLiteral", value: this.unescape(tok), span: this.tspan(tok) };
  }

  /** §1: string value; an unknown escape is a `lex-error` (the character is kept). */
  private unescape(tok: IToken): string {
    return unescapeString(tok.image, (i, len) => {
      this.report(
        `Expected an escape sequence (\\", \\\\, \\n or \\t) in the string, found "${tok.image.slice(i, i + len)}".`,
        'Write a backslash as "\\\\".',
        {
          file: this.file,
          start: tok.startOffset + i,
          end: tok.startOffset + i + len,
          line: tok.startLine!,
          column: tok.startColumn! + i,
          endLine: tok.startLine!,
          endColumn: tok.startColumn! + i + len - 1,
        },
        "lex-error",
      );
    });
  }

  /** An atom token: number, string, `true`, `false`, `none` or a name. */
  literal(tok: IToken): A.Expression | undefined {
    if (!valid(tok)) return undefined;
    const span = this.tspan(tok);
    const tt = tok.tokenType;
    if (tt === NUMBER) {
      const raw = tok.image;
      return { kind: "NumberLiteral", value: Number(raw), isInteger: isIntegerLiteral(raw), raw, span };
    }
    if (tt === STRING) return { kind: "StringLiteral", value: this.unescape(tok), span };
    if (tt === TRUE) return { kind: "BoolLiteral", value: true, span };
    if (tt === FALSE) return { kind: "BoolLiteral", value: false, span };
    if (tt === NONE) return { kind: "NoneLiteral", span };
    return { kind: "NameExpr", name: { kind: "Identifier", name: tok.image, span }, span };
  }

  // ---------------------------------------------------------------- §2, §3 declarations and annotations

  /** Called after each declaration (built or not) with its span. */
  endDeclaration(span: Span | undefined): void {
    if (span !== undefined) this.prevEndLine = span.endLine;
  }

  /** `///` lines directly above line `line`, after line `afterLine`, each alone on its line. */
  private docAbove(line: number, afterLine: number): string | undefined {
    const docs = this.docComments;
    // Binary search: last doc comment starting before `line`.
    let lo = 0;
    let hi = docs.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (docs[mid]!.startLine! < line) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (idx < 0 || docs[idx]!.startLine !== line - 1 || line - 1 <= afterLine) return undefined;
    const lines: string[] = [];
    let expect = line - 1;
    while (idx >= 0 && docs[idx]!.startLine === expect && expect > afterLine) {
      lines.push(docLine(docs[idx]!.image));
      idx--;
      expect--;
    }
    return lines.length === 1 ? lines[0] : lines.reverse().join("\n");
  }

  /** The doc comment of the declaration at `span`: the `///` lines directly above it. */
  private doc(span: Span): string | undefined {
    return this.docAbove(span.line, this.prevEndLine);
  }

  annotation(span: Span | undefined, name: IToken | undefined, args: (A.Expression | undefined)[] | undefined): A.Annotation | undefined {
    const id = this.ident(name);
    const list = this.all(args);
    if (id === undefined || span === undefined || list === undefined) return undefined;
    return { kind: "Annotation", name: id, args: list, span };
  }

  importDecl(annotations: A.Annotation[], span: Span | undefined, specifiers: A.ImportSpecifier[], sourceTok: IToken | undefined): A.ImportDecl | undefined {
    const source = this.string(sourceTok);
    if (source === undefined || span === undefined) return undefined;
    const doc = this.doc(span);
    return doc === undefined
      ? { kind: "ImportDecl", annotations, span, specifiers, source }
      : { kind: "ImportDecl", annotations, doc, span, specifiers, source };
  }

  importSpecifier(span: Span | undefined, importedTok: IToken | undefined, as: boolean, localTok: IToken | undefined): A.ImportSpecifier | undefined {
    const imported = this.ident(importedTok);
    if (imported === undefined) return undefined;
    const local = as ? this.ident(localTok) : imported;
    if (local === undefined || span === undefined) return undefined;
    return { kind: "ImportSpecifier", imported, local, span };
  }

  // ---------------------------------------------------------------- §5 models

  modelDecl(
    annotations: A.Annotation[], span: Span | undefined, nameTok: IToken | undefined, contractTok: IToken | undefined, contractArgs: A.NamedArg[],
    backendTok: IToken | undefined, pathTok: IToken | undefined, bindings: A.Binding[],
  ): A.ModelDecl | undefined {
    const name = this.ident(nameTok);
    const contract = this.ident(contractTok);
    const backend = this.ident(backendTok);
    const path = this.string(pathTok);
    if (!name || !contract || !backend || !path || !span) return undefined;
    const doc = this.doc(span);
    const args = orEmpty(contractArgs);
    const binds = orEmpty(bindings);
    return doc === undefined
      ? { kind: "ModelDecl", annotations, span, name, contract, contractArgs: args, backend, path, bindings: binds }
      : { kind: "ModelDecl", annotations, doc, span, name, contract, contractArgs: args, backend, path, bindings: binds };
  }

  namedArg(nameTok: IToken | undefined, value: A.Expression | undefined): A.NamedArg | undefined {
    const name = this.ident(nameTok);
    if (!name || !value) return undefined;
    return { kind: "NamedArg", name, value, span: this.join(name.span, value.span) };
  }

  portBinding(span: Span | undefined, portTok: IToken | undefined, arrow: IToken | undefined, onnxTok: IToken | undefined): A.PortBinding | undefined {
    const port = this.ident(portTok);
    const onnxName = this.string(onnxTok);
    if (!port || !onnxName || !span) return undefined;
    return { kind: "PortBinding", port, direction: arrow?.tokenType === t.LArrow ? "in" : "out", onnxName, span };
  }

  cacheBinding(span: Span | undefined, inputTok: IToken | undefined, outputTok: IToken | undefined): A.CacheBinding | undefined {
    const input = this.string(inputTok);
    const output = this.string(outputTok);
    if (!input || !output || !span) return undefined;
    return { kind: "CacheBinding", input, output, span };
  }

  // ---------------------------------------------------------------- §6 functions, steps, schedules; §7 procedures

  stepDecl(annotations: A.Annotation[], span: Span | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined, stateParams: A.StateParams | undefined, body: A.Block | undefined): A.StepDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !stateParams || !body || !span) return undefined;
    const doc = this.doc(span);
    return doc === undefined
      ? { kind: "StepDecl", annotations, span, name, params, stateParams, body }
      : { kind: "StepDecl", annotations, doc, span, name, params, stateParams, body };
  }

  fnDecl(annotations: A.Annotation[], span: Span | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined, body: A.Block | undefined): A.FnDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !body || !span) return undefined;
    const doc = this.doc(span);
    return doc === undefined
      ? { kind: "FnDecl", annotations, span, name, params, body }
      : { kind: "FnDecl", annotations, doc, span, name, params, body };
  }

  scheduleDecl(annotations: A.Annotation[], span: Span | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined, body: A.Block | undefined): A.ScheduleDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !body || !span) return undefined;
    const doc = this.doc(span);
    return doc === undefined
      ? { kind: "ScheduleDecl", annotations, span, name, params, body }
      : { kind: "ScheduleDecl", annotations, doc, span, name, params, body };
  }

  inferDecl(
    annotations: A.Annotation[], span: Span | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined,
    arrow: boolean, returnType: A.TypeRef | undefined, body: A.Block | undefined,
  ): A.InferDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !body || !span) return undefined;
    if (!arrow) {
      const doc = this.doc(span);
      return doc === undefined
        ? { kind: "InferDecl", annotations, span, name, params, body }
        : { kind: "InferDecl", annotations, doc, span, name, params, body };
    }
    if (!returnType) return undefined;
    const doc = this.doc(span);
    return doc === undefined
      ? { kind: "InferDecl", annotations, span, name, params, returnType, body }
      : { kind: "InferDecl", annotations, doc, span, name, params, returnType, body };
  }

  param(span: Span | undefined, nameTok: IToken | undefined, colon: boolean, type: A.TypeRef | undefined, equals: boolean, dflt: A.Expression | undefined): A.Param | undefined {
    const name = this.ident(nameTok);
    if (!name || !span) return undefined;
    if (colon && !type) return undefined;
    if (equals && !dflt) return undefined;
    if (type && dflt) return { kind: "Param", name, type, default: dflt, span };
    if (type) return { kind: "Param", name, type, span };
    if (dflt) return { kind: "Param", name, default: dflt, span };
    return { kind: "Param", name, span };
  }

  stateParams(
    span: Span | undefined, stateTok: IToken | undefined, colon: boolean, type: A.TypeRef | undefined,
    comma: boolean, fromTok: IToken | undefined, toTok: IToken | undefined,
  ): A.StateParams | undefined {
    const stateName = this.ident(stateTok);
    if (!span || !stateName) return undefined;
    if (colon && !type) return undefined;
    const stateSpan = type ? this.join(stateName.span, type.span) : stateName.span;
    const state: A.Param = type
      ? { kind: "Param", name: stateName, type, span: stateSpan }
      : { kind: "Param", name: stateName, span: stateSpan };
    if (!comma) return { kind: "StateParams", state, span };
    const from = this.ident(fromTok);
    const to = this.ident(toTok);
    if (!from || !to) return undefined;
    return { kind: "StateParams", state, from, to, span };
  }

  typeRef(span: Span | undefined, nameTok: IToken | undefined, dims: (A.Expression | undefined)[] | undefined): A.TypeRef | undefined {
    const name = this.ident(nameTok);
    const list = this.all(dims);
    if (!span || !name || !list) return undefined;
    return { kind: "TypeRef", name, dims: list, span };
  }

  // ---------------------------------------------------------------- §6, §7 statements

  block(span: Span | undefined, statements: A.Statement[] | undefined): A.Block | undefined {
    if (!span) return undefined;
    return { kind: "Block", statements: orEmpty(statements), span };
  }

  assign(annotations: A.Annotation[], span: Span | undefined, targetTok: IToken | undefined, value: A.Expression | undefined): A.AssignStmt | undefined {
    const target = this.ident(targetTok);
    return span && target && value ? { kind: "AssignStmt", annotations, target, value, span } : undefined;
  }

  state(annotations: A.Annotation[], span: Span | undefined, targetTok: IToken | undefined, init: A.Expression | undefined): A.StateStmt | undefined {
    const target = this.ident(targetTok);
    return span && target && init ? { kind: "StateStmt", annotations, target, init, span } : undefined;
  }

  ret(annotations: A.Annotation[], span: Span | undefined, value: A.Expression | undefined): A.ReturnStmt | undefined {
    return span && value ? { kind: "ReturnStmt", annotations, value, span } : undefined;
  }

  exprStmt(annotations: A.Annotation[], span: Span | undefined, expression: A.Expression | undefined): A.ExprStmt | undefined {
    return span && expression ? { kind: "ExprStmt", annotations, expression, span } : undefined;
  }

  forStmt(annotations: A.Annotation[], span: Span | undefined, variableTok: IToken | undefined, iterable: A.Expression | undefined, body: A.Block | undefined): A.ForStmt | undefined {
    const variable = this.ident(variableTok);
    return span && variable && iterable && body ? { kind: "ForStmt", annotations, variable, iterable, body, span } : undefined;
  }

  /** `elseBranch`: undefined without `else`; otherwise the else block or if statement (undefined when broken). */
  ifStmt(
    annotations: A.Annotation[], span: Span | undefined, condition: A.Expression | undefined, then: A.Block | undefined,
    hasElse: boolean, elseBranch: A.Block | A.IfStmt | undefined,
  ): A.IfStmt | undefined {
    if (!span || !condition || !then) return undefined;
    if (!hasElse) return { kind: "IfStmt", annotations, condition, then, span };
    if (!elseBranch) return undefined;
    return { kind: "IfStmt", annotations, condition, then, else: elseBranch, span };
  }

  refine(annotations: A.Annotation[], span: Span | undefined, target: Operand | undefined, schedule: A.Expression | undefined, step: A.CallExpr | undefined): A.RefineStmt | undefined {
    if (!span) return undefined;
    const t = this.standalone(target, "refine");
    return t && schedule && step ? { kind: "RefineStmt", annotations, target: t, schedule, step, span } : undefined;
  }

  expandUsing(annotations: A.Annotation[], span: Span | undefined, targetTok: IToken | undefined, until: A.UntilCondition[] | undefined, step: A.CallExpr | undefined): A.ExpandStmt | undefined {
    const target = this.ident(targetTok);
    if (!span || !target || !until || !step) return undefined;
    return { kind: "ExpandStmt", annotations, target, until, step, span };
  }

  expandBlock(
    annotations: A.Annotation[], span: Span | undefined, targetTok: IToken | undefined, by: A.Expression | undefined, fill: IToken | undefined,
    until: A.UntilCondition[] | undefined, body: A.Block | undefined,
  ): A.ExpandStmt | undefined {
    const target = this.ident(targetTok);
    if (!span || !target || !until || !by || !body || fill === undefined) return undefined;
    return { kind: "ExpandStmt", annotations, target, by, fill: fill.tokenType === t.Masked ? "masked" : "noised", until, body, span };
  }

  /** All conditions, or undefined when one is broken or there is none. */
  until(conditions: (A.UntilCondition | undefined)[]): A.UntilCondition[] | undefined {
    if (conditions.length === 0) return undefined;
    for (const c of conditions) if (c === undefined) return undefined;
    return conditions as A.UntilCondition[];
  }

  untilCondition(span: Span | undefined, kw: IToken | undefined, value: A.Expression | undefined): A.UntilCondition | undefined {
    if (!span || kw === undefined) return undefined;
    if (kw.tokenType === t.Eos) return { kind: "UntilCondition", condition: "eos", span };
    return value ? { kind: "UntilCondition", condition: "length", value, span } : undefined;
  }

  /** `name(args)` after `using`. */
  stepCallee(nameTok: IToken | undefined): A.NameExpr | undefined {
    const name = this.ident(nameTok);
    return name && { kind: "NameExpr", name, span: name.span };
  }

  // ---------------------------------------------------------------- §6 expressions

  /** `callee(args)`; positional arguments must come first. */
  call(
    callee: A.Expression | undefined, span: Span | undefined,
    args: (A.Expression | undefined)[] | undefined, named: (A.NamedArg | undefined)[] | undefined,
  ): A.CallExpr | undefined {
    if (callee === undefined) return undefined;
    const list = this.all(args);
    if (!span || !list) return undefined;
    const namedArgs = this.all(named);
    if (!namedArgs) return undefined;
    if (namedArgs.length > 0 && list.length > 0) {
      const firstNamed = namedArgs[0]!;
      const late = list.find((a) => a.span.start > firstNamed.span.start);
      if (late)
        this.report(
          `Expected a named argument after "${firstNamed.name.name}:", found a positional argument.`,
          "Move positional arguments before the named ones.",
          late.span,
        );
    }
    return { kind: "CallExpr", callee, args: list, namedArgs, span: this.join(callee.span, span) };
  }

  member(object: A.Expression | undefined, nameTok: IToken | undefined): A.Expression | undefined {
    const property = this.ident(nameTok);
    if (!object || !property) return undefined;
    return { kind: "MemberExpr", object, property, span: this.join(object.span, property.span) };
  }

  index(object: A.Expression | undefined, index: A.Expression | undefined, close: IToken | undefined): A.Expression | undefined {
    if (!object || !index || !valid(close)) return undefined;
    return { kind: "IndexExpr", object, index, span: this.join(object.span, this.tspan(close)) };
  }

  /**
   * Completes an operand: `^ exponent` (right-associative), then the prefix `-`s after the
   * leading `not`s (which Pratt applies). A `not` after a `-` is an error.
   */
  operand(prefixes: IToken[] | undefined, atom: A.Expression | undefined, exponent: Operand | undefined, caret: boolean): Operand | undefined {
    let leading = 0;
    if (prefixes !== undefined) while (leading < prefixes.length && prefixes[leading]!.tokenType === t.Not) leading++;
    let e = atom;
    if (e !== undefined && caret) {
      const right = this.standalone(exponent, "^");
      e = right ? { kind: "BinaryExpr", operator: "^", left: e, right, span: this.join(e.span, right.span) } : undefined;
    }
    if (e !== undefined && prefixes !== undefined && prefixes.length > leading) {
      for (let i = prefixes.length - 1; i >= leading; i--) {
        const m = prefixes[i]!;
        if (!valid(m)) {
          e = undefined;
          break;
        }
        if (m.tokenType === t.Not) {
          this.report('Expected an expression after "-", found "not".', 'Write "-(not ...)", or put "not" first.', this.tspan(m));
          continue;
        }
        e = { kind: "UnaryExpr", operator: "-", operand: e, span: this.join(this.tspan(m), e.span) };
      }
    }
    return leading === 0 ? e : { kind: "Nots", expr: e, nots: prefixes!.slice(0, leading) };
  }

  /** An operand where `not` cannot start it (`refine`'s target, an exponent, `batch`, `scale`). */
  standalone(o: Operand | undefined, context: string): A.Expression | undefined {
    if (o === undefined || o.kind !== "Nots") return o;
    this.report(
      `Expected an expression ${context === "refine" ? 'after "refine"' : `after "${context}"`}, found "not".`,
      '"not" binds more loosely than comparisons and arithmetic; put "not ..." in parentheses.',
      this.tspan(o.nots[0]!),
    );
    return o.expr;
  }

  /** `operand (op operand)*` with the precedences of §6. */
  expression(first: Operand | undefined, operands: (Operand | undefined)[] | undefined, ops: IToken[] | undefined): A.Expression | undefined {
    if (first === undefined) return undefined;
    if (ops === undefined) return first.kind !== "Nots" ? first : new Pratt(this, [first], EMPTY).run();
    if (operands === undefined || operands.length !== ops.length + 1) return undefined;
    return new Pratt(this, operands, ops).run();
  }

  paren(span: Span | undefined, inner: A.Expression | undefined): A.Expression | undefined {
    if (!inner || !span) return undefined;
    // The node keeps its kind; its span covers the parentheses.
    return { ...inner, span };
  }

  list(span: Span | undefined, elements: (A.Expression | undefined)[] | undefined): A.Expression | undefined {
    const list = this.all(elements);
    return span && list ? { kind: "ListLiteral", elements: list, span } : undefined;
  }

  conditional(span: Span | undefined, condition: A.Expression | undefined, then: A.Expression | undefined, els: A.Expression | undefined): A.Expression | undefined {
    if (!span || !condition || !then || !els) return undefined;
    return { kind: "ConditionalExpr", condition, then, else: els, span };
  }

  noise(span: Span | undefined, type: A.TypeRef | undefined, batch: Operand | undefined | false, scale: Operand | undefined | false): A.Expression | undefined {
    if (!span || !type) return undefined;
    let b: A.Expression | undefined;
    let s: A.Expression | undefined;
    if (batch !== false) {
      b = this.standalone(batch, "batch");
      if (!b) return undefined;
    }
    if (scale !== false) {
      s = this.standalone(scale, "scale");
      if (!s) return undefined;
    }
    const node: { -readonly [K in keyof A.NoiseExpr]: A.NoiseExpr[K] } = { kind: "NoiseExpr", type, span };
    if (b) node.batch = b;
    if (s) node.scale = s;
    return node;
  }

  /** All or nothing: undefined when any element is missing; the shared empty array for none. */
  all<T>(list: (T | undefined)[] | undefined): T[] | undefined {
    if (list === undefined) return EMPTY;
    for (const x of list) if (x === undefined) return undefined;
    return list as T[];
  }
}

/** A token with a position (tokens inserted by recovery have none). */
function valid(tok: IToken | undefined): tok is IToken {
  return tok !== undefined && tok.startOffset === tok.startOffset; // NaN: inserted by recovery
}

/** A `///` line's text: without the slashes and one following space, and without trailing blanks. */
function docLine(image: string): string {
  const text = image.slice(3);
  return (text.charCodeAt(0) === 32 ? text.slice(1) : text).trimEnd();
}

function orEmpty<T>(list: T[] | undefined): T[] {
  return list === undefined || list.length === 0 ? EMPTY : list;
}

/** One shared, frozen empty array for every empty list of the AST (fewer allocations). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EMPTY: any[] = Object.freeze([]) as any;

const NUMBER = t.NumberLiteral;
const STRING = t.StringLiteral;
const TRUE = t.True;
const FALSE = t.False;
const NONE = t.None;
