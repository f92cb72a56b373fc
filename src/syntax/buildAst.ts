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
 * - Offsets come from token positions: a construct spans its first to its last token. Nodes
 *   store offsets, not Span objects (src/syntax/nodes.ts); the parser passes them in as a
 *   reused `Loc`.
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
import * as N from "./nodes.js";
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

/**
 * Where the construct being built is: its offsets, and its first and last lines (from its
 * tokens: no line table is needed for the doc comment lookup). The parser passes the one Loc
 * of the builder (`span`), rewritten for each construct: a builder method reads it and keeps
 * nothing of it (nodes store offsets), so no object is made per construct.
 */
export interface Loc {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly endLine: number;
}

/** The AST factory of one file; collects the syntax errors only visible after parsing a construct. */
export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** Last line of the previous declaration (doc comments must come after it). */
  private prevEndLine = 0;
  /** The names of the current declaration built so far: the next one's `nameIndex`. */
  private nameCount = 0;

  readonly file: string;

  /** `docComments`: the file's doc comments (`///`) lexed so far, in order (the lexer appends to it). */
  constructor(
    private readonly map: SourceMap,
    private readonly docComments: readonly IToken[],
  ) {
    this.file = map.file;
  }

  // ---------------------------------------------------------------- spans

  /** A token's span (for diagnostics). */
  tspan(tok: IToken): Span {
    return new SourceSpan(this.map, tok.startOffset, tok.endOffset! + 1);
  }

  /**
   * From the start of `first` to the end of `last` (the first and last tokens a construct
   * consumed); undefined when it consumed none.
   */
  span(first: IToken | undefined, last: IToken | undefined): Loc | undefined {
    if (first === undefined || last === undefined) return undefined;
    const loc = this.loc;
    loc.start = first.startOffset;
    loc.end = last.endOffset! + 1;
    loc.line = first.startLine!;
    loc.endLine = last.endLine!;
    return loc;
  }

  private readonly pratt = new Pratt(this);

  /** The one Loc `span` returns (see `Loc`). */
  private readonly loc = { start: 0, end: 0, line: 0, endLine: 0 };

  /** `-a` or `not a` (the operator token, then its operand). */
  unary(operator: A.UnaryOperator, tok: IToken, operand: A.Expression): A.UnaryExpr {
    return new N.UnaryExpr(this.map, tok.startOffset, operand.end, operator, operand);
  }

  binary(operator: A.BinaryOperator, left: A.Expression, right: A.Expression): A.BinaryExpr {
    return new N.BinaryExpr(this.map, left.start, right.end, operator, left, right);
  }

  report(message: string, help: string, span: Span, code = "parse-error"): void {
    this.diagnostics.push({ code, severity: "error", message, help, span });
  }

  // ---------------------------------------------------------------- leaves

  ident(tok: IToken | undefined): A.Identifier | undefined {
    if (!valid(tok)) return undefined;
    return new N.Identifier(this.map, tok.startOffset, tok.endOffset! + 1, tok.image, this.nameCount++);
  }

  string(tok: IToken | undefined): A.StringLiteral | undefined {
    if (!valid(tok) || tok.tokenType !== t.StringLiteral) return undefined;
    return new N.StringLiteral(this.map, tok.startOffset, tok.endOffset! + 1, this.unescape(tok));
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
    const map = this.map;
    const start = tok.startOffset;
    const end = tok.endOffset! + 1;
    const tt = tok.tokenType;
    if (tt === NUMBER) {
      const raw = tok.image;
      return new N.NumberLiteral(map, start, end, Number(raw), isIntegerLiteral(raw), raw);
    }
    if (tt === STRING) return new N.StringLiteral(map, start, end, this.unescape(tok));
    if (tt === TRUE) return new N.BoolLiteral(map, start, end, true);
    if (tt === FALSE) return new N.BoolLiteral(map, start, end, false);
    if (tt === NONE) return new N.NoneLiteral(map, start, end);
    return new N.NameExpr(map, start, end, tok.image, this.nameCount++);
  }

  // ---------------------------------------------------------------- §2, §3 declarations and annotations

  /** Called after each declaration (built or not) with its span. */
  endDeclaration(span: Loc | undefined): void {
    if (span !== undefined) this.prevEndLine = span.endLine;
    this.nameCount = 0;
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
  private doc(span: Loc): string | undefined {
    return this.docAbove(span.line, this.prevEndLine);
  }

  annotation(span: Loc | undefined, name: IToken | undefined, args: (A.Expression | undefined)[] | undefined): A.Annotation | undefined {
    const id = this.ident(name);
    const list = this.all(args);
    if (id === undefined || span === undefined || list === undefined) return undefined;
    return new N.Annotation(this.map, span.start, span.end, id, exact(list));
  }

  importDecl(annotations: A.Annotation[], span: Loc | undefined, specifiers: A.ImportSpecifier[], sourceTok: IToken | undefined): A.ImportDecl | undefined {
    const source = this.string(sourceTok);
    if (source === undefined || span === undefined) return undefined;
    return new N.ImportDecl(this.map, span.start, span.end, exact(annotations), this.doc(span), exact(specifiers), source, this.nameCount);
  }

  importSpecifier(span: Loc | undefined, importedTok: IToken | undefined, as: boolean, localTok: IToken | undefined): A.ImportSpecifier | undefined {
    const imported = this.ident(importedTok);
    if (imported === undefined) return undefined;
    const local = as ? this.ident(localTok) : imported;
    if (local === undefined || span === undefined) return undefined;
    return new N.ImportSpecifier(this.map, span.start, span.end, imported, local);
  }

  // ---------------------------------------------------------------- §5 models

  modelDecl(
    annotations: A.Annotation[], span: Loc | undefined, nameTok: IToken | undefined, contractTok: IToken | undefined, contractArgs: A.NamedArg[],
    backendTok: IToken | undefined, pathTok: IToken | undefined, bindings: A.Binding[],
  ): A.ModelDecl | undefined {
    const name = this.ident(nameTok);
    const contract = this.ident(contractTok);
    const backend = this.ident(backendTok);
    const path = this.string(pathTok);
    if (!name || !contract || !backend || !path || !span) return undefined;
    return new N.ModelDecl(this.map, span.start, span.end, exact(annotations), this.doc(span), name, contract, exact(contractArgs), backend, path, exact(bindings), this.nameCount);
  }

  namedArg(nameTok: IToken | undefined, value: A.Expression | undefined): A.NamedArg | undefined {
    const name = this.ident(nameTok);
    if (!name || !value) return undefined;
    return new N.NamedArg(this.map, name.start, value.end, name, value);
  }

  portBinding(span: Loc | undefined, portTok: IToken | undefined, arrow: IToken | undefined, onnxTok: IToken | undefined): A.PortBinding | undefined {
    const port = this.ident(portTok);
    const onnxName = this.string(onnxTok);
    if (!port || !onnxName || !span) return undefined;
    return new N.PortBinding(this.map, span.start, span.end, port, arrow?.tokenType === t.LArrow ? "in" : "out", onnxName);
  }

  cacheBinding(span: Loc | undefined, inputTok: IToken | undefined, outputTok: IToken | undefined): A.CacheBinding | undefined {
    const input = this.string(inputTok);
    const output = this.string(outputTok);
    if (!input || !output || !span) return undefined;
    return new N.CacheBinding(this.map, span.start, span.end, input, output);
  }

  // ---------------------------------------------------------------- §6 functions, steps, schedules; §7 procedures

  stepDecl(annotations: A.Annotation[], span: Loc | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined, stateParams: A.StateParams | undefined, body: A.Block | undefined): A.StepDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !stateParams || !body || !span) return undefined;
    return new N.StepDecl(this.map, span.start, span.end, exact(annotations), this.doc(span), name, exact(params), stateParams, body, this.nameCount);
  }

  fnDecl(annotations: A.Annotation[], span: Loc | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined, body: A.Block | undefined): A.FnDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !body || !span) return undefined;
    return new N.FnDecl(this.map, span.start, span.end, exact(annotations), this.doc(span), name, exact(params), body, this.nameCount);
  }

  scheduleDecl(annotations: A.Annotation[], span: Loc | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined, body: A.Block | undefined): A.ScheduleDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !body || !span) return undefined;
    return new N.ScheduleDecl(this.map, span.start, span.end, exact(annotations), this.doc(span), name, exact(params), body, this.nameCount);
  }

  inferDecl(
    annotations: A.Annotation[], span: Loc | undefined, nameTok: IToken | undefined, params: A.Param[] | undefined,
    arrow: boolean, returnType: A.TypeRef | undefined, body: A.Block | undefined,
  ): A.InferDecl | undefined {
    const name = this.ident(nameTok);
    if (!name || !params || !body || !span) return undefined;
    if (arrow && !returnType) return undefined;
    return new N.InferDecl(this.map, span.start, span.end, exact(annotations), this.doc(span), name, exact(params), arrow ? returnType : undefined, body, this.nameCount);
  }

  param(span: Loc | undefined, nameTok: IToken | undefined, colon: boolean, type: A.TypeRef | undefined, equals: boolean, dflt: A.Expression | undefined): A.Param | undefined {
    const name = this.ident(nameTok);
    if (!name || !span) return undefined;
    if (colon && !type) return undefined;
    if (equals && !dflt) return undefined;
    return new N.Param(this.map, span.start, span.end, name, type, dflt);
  }

  stateParams(
    span: Loc | undefined, stateTok: IToken | undefined, colon: boolean, type: A.TypeRef | undefined,
    comma: boolean, fromTok: IToken | undefined, toTok: IToken | undefined,
  ): A.StateParams | undefined {
    const stateName = this.ident(stateTok);
    if (!span || !stateName) return undefined;
    if (colon && !type) return undefined;
    const state = new N.Param(this.map, stateName.start, type ? type.end : stateName.end, stateName, type, undefined);
    if (!comma) return new N.StateParams(this.map, span.start, span.end, state, undefined, undefined);
    const from = this.ident(fromTok);
    const to = this.ident(toTok);
    if (!from || !to) return undefined;
    return new N.StateParams(this.map, span.start, span.end, state, from, to);
  }

  typeRef(span: Loc | undefined, nameTok: IToken | undefined, dims: (A.Expression | undefined)[] | undefined): A.TypeRef | undefined {
    const name = this.ident(nameTok);
    const list = this.all(dims);
    if (!span || !name || !list) return undefined;
    return new N.TypeRef(this.map, span.start, span.end, name, exact(list));
  }

  // ---------------------------------------------------------------- §6, §7 statements

  /** `statements`: the parser's reused list, of which the first `n`. */
  block(span: Loc | undefined, statements: readonly A.Statement[], n: number): A.Block | undefined {
    if (!span) return undefined;
    return new N.Block(this.map, span.start, span.end, n === 0 ? EMPTY : statements.slice(0, n));
  }

  assign(annotations: A.Annotation[], span: Loc | undefined, targetTok: IToken | undefined, value: A.Expression | undefined): A.AssignStmt | undefined {
    const target = this.ident(targetTok);
    return span && target && value ? new N.AssignStmt(this.map, span.start, span.end, exact(annotations), target, value) : undefined;
  }

  state(annotations: A.Annotation[], span: Loc | undefined, targetTok: IToken | undefined, init: A.Expression | undefined): A.StateStmt | undefined {
    const target = this.ident(targetTok);
    return span && target && init ? new N.StateStmt(this.map, span.start, span.end, exact(annotations), target, init) : undefined;
  }

  ret(annotations: A.Annotation[], span: Loc | undefined, value: A.Expression | undefined): A.ReturnStmt | undefined {
    return span && value ? new N.ReturnStmt(this.map, span.start, span.end, exact(annotations), value) : undefined;
  }

  exprStmt(annotations: A.Annotation[], span: Loc | undefined, expression: A.Expression | undefined): A.ExprStmt | undefined {
    return span && expression ? new N.ExprStmt(this.map, span.start, span.end, exact(annotations), expression) : undefined;
  }

  forStmt(annotations: A.Annotation[], span: Loc | undefined, variableTok: IToken | undefined, iterable: A.Expression | undefined, body: A.Block | undefined): A.ForStmt | undefined {
    const variable = this.ident(variableTok);
    return span && variable && iterable && body ? new N.ForStmt(this.map, span.start, span.end, exact(annotations), variable, iterable, body) : undefined;
  }

  /** `elseBranch`: undefined without `else`; otherwise the else block or if statement (undefined when broken). */
  ifStmt(
    annotations: A.Annotation[], span: Loc | undefined, condition: A.Expression | undefined, then: A.Block | undefined,
    hasElse: boolean, elseBranch: A.Block | A.IfStmt | undefined,
  ): A.IfStmt | undefined {
    if (!span || !condition || !then) return undefined;
    if (hasElse && !elseBranch) return undefined;
    return new N.IfStmt(this.map, span.start, span.end, exact(annotations), condition, then, hasElse ? elseBranch : undefined);
  }

  refine(annotations: A.Annotation[], span: Loc | undefined, target: Operand | undefined, schedule: A.Expression | undefined, step: A.CallExpr | undefined): A.RefineStmt | undefined {
    if (!span) return undefined;
    const t = this.standalone(target, "refine");
    return t && schedule && step ? new N.RefineStmt(this.map, span.start, span.end, exact(annotations), t, schedule, step) : undefined;
  }

  expandUsing(annotations: A.Annotation[], span: Loc | undefined, targetTok: IToken | undefined, until: A.UntilCondition[] | undefined, step: A.CallExpr | undefined): A.ExpandStmt | undefined {
    const target = this.ident(targetTok);
    if (!span || !target || !until || !step) return undefined;
    return new N.ExpandStmt(this.map, span.start, span.end, exact(annotations), target, undefined, undefined, exact(until), step, undefined);
  }

  expandBlock(
    annotations: A.Annotation[], span: Loc | undefined, targetTok: IToken | undefined, by: A.Expression | undefined, fill: IToken | undefined,
    until: A.UntilCondition[] | undefined, body: A.Block | undefined,
  ): A.ExpandStmt | undefined {
    const target = this.ident(targetTok);
    if (!span || !target || !until || !by || !body || fill === undefined) return undefined;
    const mode = fill.tokenType === t.Masked ? "masked" : "noised";
    return new N.ExpandStmt(this.map, span.start, span.end, exact(annotations), target, by, mode, exact(until), undefined, body);
  }

  /** All conditions, or undefined when one is broken or there is none. */
  until(conditions: (A.UntilCondition | undefined)[]): A.UntilCondition[] | undefined {
    if (conditions.length === 0) return undefined;
    for (const c of conditions) if (c === undefined) return undefined;
    return conditions as A.UntilCondition[];
  }

  untilCondition(span: Loc | undefined, kw: IToken | undefined, value: A.Expression | undefined): A.UntilCondition | undefined {
    if (!span || kw === undefined) return undefined;
    if (kw.tokenType === t.Eos) return new N.UntilCondition(this.map, span.start, span.end, "eos", undefined);
    return value ? new N.UntilCondition(this.map, span.start, span.end, "length", value) : undefined;
  }

  /** `name(args)` after `using`. */
  stepCallee(nameTok: IToken | undefined): A.NameExpr | undefined {
    if (!valid(nameTok)) return undefined;
    return new N.NameExpr(this.map, nameTok.startOffset, nameTok.endOffset! + 1, nameTok.image, this.nameCount++);
  }

  // ---------------------------------------------------------------- §6 expressions

  /** `callee(args)`; positional arguments must come first. */
  /** `args` and `named`: the parser's reused lists, of which the first `nArgs` and `nNamed` elements. */
  call(
    callee: A.Expression | undefined, span: Loc | undefined,
    args: readonly (A.Expression | undefined)[], nArgs: number, named: readonly (A.NamedArg | undefined)[], nNamed: number,
  ): A.CallExpr | undefined {
    if (callee === undefined) return undefined;
    const list = firstN(args, nArgs);
    if (!span || !list) return undefined;
    const namedArgs = firstN(named, nNamed);
    if (!namedArgs) return undefined;
    if (namedArgs.length > 0 && list.length > 0) {
      const firstNamed = namedArgs[0]!;
      const late = list.find((a) => a.start > firstNamed.start);
      if (late)
        this.report(
          `Expected a named argument after "${firstNamed.name.name}:", found a positional argument.`,
          "Move positional arguments before the named ones.",
          late.span,
        );
    }
    return new N.CallExpr(this.map, callee.start, span.end, callee, list, namedArgs);
  }

  member(object: A.Expression | undefined, nameTok: IToken | undefined): A.Expression | undefined {
    const property = this.ident(nameTok);
    if (!object || !property) return undefined;
    return new N.MemberExpr(this.map, object.start, property.end, object, property);
  }

  index(object: A.Expression | undefined, index: A.Expression | undefined, close: IToken | undefined): A.Expression | undefined {
    if (!object || !index || !valid(close)) return undefined;
    return new N.IndexExpr(this.map, object.start, close.endOffset! + 1, object, index);
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
      e = right ? this.binary("^", e, right) : undefined;
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
        e = this.unary("-", m, e);
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
  /**
   * `operands` and `ops` are the parser's reused lists: their first `nOperands` and `nOps`
   * elements (undefined when none was parsed).
   */
  expression(
    first: Operand | undefined, operands: readonly (Operand | undefined)[] | undefined, nOperands: number,
    ops: readonly IToken[] | undefined, nOps: number,
  ): A.Expression | undefined {
    if (first === undefined) return undefined;
    if (ops === undefined) return first.kind !== "Nots" ? first : this.pratt.run([first], EMPTY, 0);
    if (operands === undefined || nOperands !== nOps + 1) return undefined;
    return this.pratt.run(operands, ops, nOps);
  }

  paren(span: Loc | undefined, inner: A.Expression | undefined): A.Expression | undefined {
    if (!inner || !span) return undefined;
    // A name's identifier keeps the name's own span (it is made from the NameExpr's offsets).
    if (inner.kind === "NameExpr") return new N.ParenthesizedNameExpr(this.map, span.start, span.end, inner.text, inner.nameIndex, inner.name.start);
    // The node keeps its kind; its span covers the parentheses. It was just built and nothing
    // else refers to it yet, so its offsets are set in place (no copy).
    N.setOffsets(inner, span.start, span.end);
    return inner;
  }

  list(span: Loc | undefined, elements: (A.Expression | undefined)[] | undefined): A.Expression | undefined {
    const list = this.all(elements);
    return span && list ? new N.ListLiteral(this.map, span.start, span.end, exact(list)) : undefined;
  }

  conditional(span: Loc | undefined, condition: A.Expression | undefined, then: A.Expression | undefined, els: A.Expression | undefined): A.Expression | undefined {
    if (!span || !condition || !then || !els) return undefined;
    return new N.ConditionalExpr(this.map, span.start, span.end, condition, then, els);
  }

  noise(span: Loc | undefined, type: A.TypeRef | undefined, batch: Operand | undefined | false, scale: Operand | undefined | false): A.Expression | undefined {
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
    return new N.NoiseExpr(this.map, span.start, span.end, type, b, s);
  }

  /** All or nothing: undefined when any element is missing; the shared empty array for none. */
  all<T>(list: (T | undefined)[] | undefined): T[] | undefined {
    if (list === undefined) return EMPTY;
    for (const x of list) if (x === undefined) return undefined;
    return list as T[];
  }
}

/** A copy of the first `n` elements (the shared empty array for none); undefined when one is missing. */
function firstN<T>(list: readonly (T | undefined)[], n: number): T[] | undefined {
  if (n === 0) return EMPTY;
  const out = list.slice(0, n) as T[];
  for (let i = 0; i < n; i++) if (out[i] === undefined) return undefined;
  return out;
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

/**
 * A list for the AST: the shared empty array, or a copy of exactly its length. The parser's
 * lists grow by push (room for 16 or more elements), and the AST keeps them for as long as the
 * file is analyzed (most hold one to three elements).
 */
function exact<T>(list: readonly T[] | undefined): T[] {
  return list === undefined || list.length === 0 ? EMPTY : list.slice();
}

/** One shared, frozen empty array for every empty list of the AST (fewer allocations). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EMPTY: any[] = Object.freeze([]) as any;

const NUMBER = t.NumberLiteral;
const STRING = t.StringLiteral;
const TRUE = t.True;
const FALSE = t.False;
const NONE = t.None;
