/**
 * CST → AST (src/syntax/ast.ts). Direct functions over the generated CST types
 * (grammar/cst.d.ts), one per grammar rule.
 *
 * - Precedence and associativity of binary operators (§6) are applied here: the grammar's
 *   `expression` rule is a flat `operand (op operand)*` list (see grammar/parser.ts).
 * - Input with syntax errors yields a partial CST (Chevrotain recovery); pieces that lack a
 *   mandatory part (e.g. a statement whose expression is missing) are skipped, never guessed.
 * - Spans come from token positions (no line-table lookups on the hot path).
 */
import type { CstNodeLocation, IToken } from "../../grammar/chevrotain.js";
import type * as C from "../../grammar/cst.js";
import * as t from "../../grammar/tokens.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { isIntegerLiteral, unescapeString } from "./literals.js";
import { leadingNots, Pratt } from "./pratt.js";

/** Builds the AST of one file; collects the few syntax errors only visible after parsing. */
export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private docComments: readonly IToken[] = [];

  constructor(readonly file: string) {}

  // ---------------------------------------------------------------- spans

  // Separate token/node variants keep property accesses monomorphic (2x faster than one helper).
  private tvalid(tok: IToken | undefined): tok is IToken {
    return tok !== undefined && tok.startOffset === tok.startOffset; // NaN: inserted by recovery
  }

  private nvalid(loc: CstNodeLocation | undefined): loc is CstNodeLocation {
    return loc !== undefined && loc.startOffset === loc.startOffset && loc.endOffset === loc.endOffset;
  }

  private tspan(tok: IToken): Span {
    return {
      file: this.file,
      start: tok.startOffset,
      end: tok.endOffset! + 1,
      line: tok.startLine!,
      column: tok.startColumn!,
      endLine: tok.endLine!,
      endColumn: tok.endColumn!,
    };
  }

  private nspan(loc: CstNodeLocation): Span {
    return {
      file: this.file,
      start: loc.startOffset,
      end: loc.endOffset! + 1,
      line: loc.startLine!,
      column: loc.startColumn!,
      endLine: loc.endLine!,
      endColumn: loc.endColumn!,
    };
  }

  private join(a: Span, b: Span): Span {
    return { file: a.file, start: a.start, end: b.end, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
  }

  private error(message: string, help: string, span: Span, code = "parse-error"): void {
    this.diagnostics.push({ code, severity: "error", message, help, span });
  }

  private ident(tok: IToken | undefined): A.Identifier | undefined {
    if (!this.tvalid(tok)) return undefined;
    return { kind: "Identifier", name: tok.image, span: this.tspan(tok) };
  }

  private string(tok: IToken | undefined): A.StringLiteral | undefined {
    if (!this.tvalid(tok) || tok.tokenType !== t.StringLiteral) return undefined;
    return { kind: "StringLiteral", value: this.unescape(tok), span: this.tspan(tok) };
  }

  /** §1: string value; an unknown escape is a `lex-error` (the character is kept). */
  private unescape(tok: IToken): string {
    return unescapeString(tok.image, (i, len) => {
      this.error(
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

  // ---------------------------------------------------------------- §2 program and declarations

  private prevEndLine = 0;

  /** The whole file at once (see also `begin` + `addDeclarations`). */
  program(cst: C.ProgramCstNode | undefined, comments: readonly IToken[], span: Span): A.Program {
    this.begin(comments);
    const declarations: A.Declaration[] = [];
    this.addDeclarations(cst, declarations);
    return { kind: "Program", declarations, span };
  }

  /** Starts a file: `comments` are all its comment tokens, in order. */
  begin(comments: readonly IToken[]): void {
    this.docComments = comments.filter((c) => c.tokenType === t.DocComment);
    this.prevEndLine = 0;
  }

  /** Appends the declarations of `cst` (the next slice of the file, in order) to `out`. */
  addDeclarations(cst: C.ProgramCstNode | undefined, out: A.Declaration[]): void {
    for (const d of cst?.children.declaration ?? []) {
      const decl = this.declaration(d, this.prevEndLine);
      if (decl !== undefined) out.push(decl);
      if (this.nvalid(d.location)) this.prevEndLine = d.location.endLine!;
    }
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
    const lines: string[] = [];
    let expect = line - 1;
    while (idx >= 0 && docs[idx]!.startLine === expect && expect > afterLine) {
      lines.push(docs[idx]!.image.slice(3).replace(/^ /, "").replace(/\s+$/, ""));
      idx--;
      expect--;
    }
    return lines.length === 0 ? undefined : lines.reverse().join("\n");
  }

  private declaration(cst: C.DeclarationCstNode, prevEndLine: number): A.Declaration | undefined {
    if (!this.nvalid(cst.location)) return undefined;
    const c = cst.children;
    const annotations = this.annotations(c.annotation);
    const span = this.nspan(cst.location);
    const doc = this.docAbove(cst.location.startLine!, prevEndLine);
    const base = doc === undefined ? { annotations, span } : { annotations, doc, span };
    const d = c.decl?.[0];
    switch (d?.name) {
      case "importDecl":
        return this.importDecl(d, base);
      case "modelDecl":
        return this.modelDecl(d, base);
      case "stepDecl":
        return this.stepDecl(d, base);
      case "fnDecl":
        return this.fnDecl(d, base);
      case "scheduleDecl":
        return this.scheduleDecl(d, base);
      case "inferDecl":
        return this.inferDecl(d, base);
      default:
        return undefined;
    }
  }

  private annotations(list: C.AnnotationCstNode[] | undefined): A.Annotation[] {
    if (list === undefined) return EMPTY;
    const out: A.Annotation[] = [];
    for (const a of list) {
      const name = this.ident(a.children.Name?.[0]);
      if (name === undefined || !this.nvalid(a.location)) continue;
      const args = this.expressions(a.children.expression);
      if (args === undefined) continue;
      out.push({ kind: "Annotation", name, args, span: this.nspan(a.location) });
    }
    return out;
  }

  private importDecl(cst: C.ImportDeclCstNode, base: DeclFields): A.ImportDecl | undefined {
    const source = this.string(cst.children.StringLiteral?.[0]);
    if (source === undefined) return undefined;
    const specifiers: A.ImportSpecifier[] = [];
    for (const s of cst.children.importSpecifier ?? []) {
      const imported = this.ident(s.children.imported?.[0]);
      if (imported === undefined) continue;
      const local = s.children.As ? this.ident(s.children.local?.[0]) : imported;
      if (local === undefined) continue;
      specifiers.push({ kind: "ImportSpecifier", imported, local, span: this.nspan(s.location!) });
    }
    return { kind: "ImportDecl", ...base, specifiers, source };
  }

  // ---------------------------------------------------------------- §5 models

  private modelDecl(cst: C.ModelDeclCstNode, base: DeclFields): A.ModelDecl | undefined {
    const c = cst.children;
    const name = this.ident(c.name?.[0]);
    const contract = this.ident(c.contract?.[0]);
    const backend = this.ident(c.backend?.[0]);
    const path = this.string(c.path?.[0]);
    if (!name || !contract || !backend || !path) return undefined;
    const contractArgs = this.namedArgs(c.namedArgument);
    const bindings: A.Binding[] = [];
    for (const b of c.portBinding ?? []) {
      const port = this.ident(b.children.Name?.[0]);
      const onnxName = this.string(b.children.StringLiteral?.[0]);
      if (!port || !onnxName) continue;
      const direction = b.children.LArrow ? "in" : "out";
      bindings.push({ kind: "PortBinding", port, direction, onnxName, span: this.nspan(b.location!) });
    }
    for (const b of c.cacheBinding ?? []) {
      const input = this.string(b.children.input?.[0]);
      const output = this.string(b.children.output?.[0]);
      if (!input || !output) continue;
      bindings.push({ kind: "CacheBinding", input, output, span: this.nspan(b.location!) });
    }
    if (c.portBinding && c.cacheBinding) bindings.sort((a, b) => a.span.start - b.span.start);
    return { kind: "ModelDecl", ...base, name, contract, contractArgs, backend, path, bindings };
  }

  private namedArgs(list: C.NamedArgumentCstNode[] | undefined): A.NamedArg[] {
    if (list === undefined) return EMPTY;
    const out: A.NamedArg[] = [];
    for (const n of list) {
      const name = this.ident(n.children.Name?.[0]);
      const value = this.expression(n.children.expression?.[0]);
      if (!name || !value) continue;
      out.push({ kind: "NamedArg", name, value, span: this.join(name.span, value.span) });
    }
    return out;
  }

  // ---------------------------------------------------------------- §6 functions, steps, schedules

  private stepDecl(cst: C.StepDeclCstNode, base: DeclFields): A.StepDecl | undefined {
    const c = cst.children;
    const name = this.ident(c.Name?.[0]);
    const params = this.paramList(c.paramList?.[0]);
    const stateParams = this.stateParams(c.stateParams?.[0]);
    const body = this.block(c.block?.[0]);
    if (!name || !params || !stateParams || !body) return undefined;
    return { kind: "StepDecl", ...base, name, params, stateParams, body };
  }

  private fnDecl(cst: C.FnDeclCstNode, base: DeclFields): A.FnDecl | undefined {
    const c = cst.children;
    const name = this.ident(c.Name?.[0]);
    const params = this.paramList(c.paramList?.[0]);
    const body = this.block(c.block?.[0]);
    if (!name || !params || !body) return undefined;
    return { kind: "FnDecl", ...base, name, params, body };
  }

  private scheduleDecl(cst: C.ScheduleDeclCstNode, base: DeclFields): A.ScheduleDecl | undefined {
    const c = cst.children;
    const name = this.ident(c.Name?.[0]);
    const params = this.paramList(c.paramList?.[0]);
    const body = this.block(c.block?.[0]);
    if (!name || !params || !body) return undefined;
    return { kind: "ScheduleDecl", ...base, name, params, body };
  }

  private inferDecl(cst: C.InferDeclCstNode, base: DeclFields): A.InferDecl | undefined {
    const c = cst.children;
    const name = this.ident(c.Name?.[0]);
    const params = this.paramList(c.paramList?.[0]);
    const body = this.block(c.block?.[0]);
    if (!name || !params || !body) return undefined;
    if (c.RArrow) {
      const returnType = this.typeRef(c.typeRef?.[0]);
      if (!returnType) return undefined;
      return { kind: "InferDecl", ...base, name, params, returnType, body };
    }
    return { kind: "InferDecl", ...base, name, params, body };
  }

  private paramList(cst: C.ParamListCstNode | undefined): A.Param[] | undefined {
    if (cst === undefined) return undefined;
    const list = cst.children.param;
    if (list === undefined) return EMPTY;
    const out: A.Param[] = [];
    for (const p of list) {
      const param = this.param(p);
      if (param) out.push(param);
    }
    return out;
  }

  private param(cst: C.ParamCstNode): A.Param | undefined {
    const c = cst.children;
    const name = this.ident(c.Name?.[0]);
    if (!name || !this.nvalid(cst.location)) return undefined;
    let type: A.TypeRef | undefined;
    let dflt: A.Expression | undefined;
    if (c.Colon) {
      type = this.typeRef(c.typeRef?.[0]);
      if (!type) return undefined;
    }
    if (c.Equals) {
      dflt = this.expression(c.expression?.[0]);
      if (!dflt) return undefined;
    }
    const span = this.nspan(cst.location);
    if (type && dflt) return { kind: "Param", name, type, default: dflt, span };
    if (type) return { kind: "Param", name, type, span };
    if (dflt) return { kind: "Param", name, default: dflt, span };
    return { kind: "Param", name, span };
  }

  private stateParams(cst: C.StateParamsCstNode | undefined): A.StateParams | undefined {
    if (cst === undefined || !this.nvalid(cst.location)) return undefined;
    const c = cst.children;
    const stateName = this.ident(c.state?.[0]);
    if (!stateName) return undefined;
    let stateEnd: Span = stateName.span;
    let type: A.TypeRef | undefined;
    if (c.Colon) {
      type = this.typeRef(c.typeRef?.[0]);
      if (!type) return undefined;
      stateEnd = type.span;
    }
    const stateSpan = this.join(stateName.span, stateEnd);
    const state: A.Param = type
      ? { kind: "Param", name: stateName, type, span: stateSpan }
      : { kind: "Param", name: stateName, span: stateSpan };
    const span = this.nspan(cst.location);
    if (c.Comma) {
      const from = this.ident(c.from?.[0]);
      const to = this.ident(c.to?.[0]);
      if (!from || !to) return undefined;
      return { kind: "StateParams", state, from, to, span };
    }
    return { kind: "StateParams", state, span };
  }

  private typeRef(cst: C.TypeRefCstNode | undefined): A.TypeRef | undefined {
    if (cst === undefined || !this.nvalid(cst.location)) return undefined;
    const c = cst.children;
    const name = this.ident(c.Name?.[0] ?? c.Schedule?.[0]);
    if (!name) return undefined;
    const dims = c.LBracket ? this.expressions(c.expression) : EMPTY;
    if (!dims) return undefined;
    return { kind: "TypeRef", name, dims, span: this.nspan(cst.location) };
  }

  // ---------------------------------------------------------------- statements

  private block(cst: C.BlockCstNode | undefined): A.Block | undefined {
    if (cst === undefined || !this.nvalid(cst.location)) return undefined;
    const list = cst.children.statement;
    const statements: A.Statement[] = list === undefined ? EMPTY : [];
    for (const s of list ?? EMPTY) {
      const st = this.statement(s);
      if (st) statements.push(st);
    }
    return { kind: "Block", statements, span: this.nspan(cst.location) };
  }

  private statement(cst: C.StatementCstNode): A.Statement | undefined {
    if (!this.nvalid(cst.location)) return undefined;
    const c = cst.children;
    const annotations = this.annotations(c.annotation);
    const span = this.nspan(cst.location);
    const st = c.stmt?.[0];
    switch (st?.name) {
      case "assignStatement": {
        const s = st.children;
        const target = this.ident(s.Name?.[0]);
        const value = this.expression(s.expression?.[0]);
        return target && value ? { kind: "AssignStmt", annotations, target, value, span } : undefined;
      }
      case "returnStatement": {
        const value = this.expression(st.children.expression?.[0]);
        return value ? { kind: "ReturnStmt", annotations, value, span } : undefined;
      }
      case "ifStatement":
        return this.ifStatement(st, annotations, span);
      case "stateStatement": {
        const s = st.children;
        const target = this.ident(s.Name?.[0]);
        const init = this.expression(s.expression?.[0]);
        return target && init ? { kind: "StateStmt", annotations, target, init, span } : undefined;
      }
      case "forStatement": {
        const s = st.children;
        const variable = this.ident(s.Name?.[0]);
        const iterable = this.expression(s.expression?.[0]);
        const body = this.block(s.block?.[0]);
        return variable && iterable && body ? { kind: "ForStmt", annotations, variable, iterable, body, span } : undefined;
      }
      case "refineStatement": {
        const s = st.children;
        const target = this.operand(s.target?.[0], "refine");
        const schedule = this.expression(s.schedule?.[0]);
        const step = this.stepCall(s.stepCall?.[0]);
        return target && schedule && step ? { kind: "RefineStmt", annotations, target, schedule, step, span } : undefined;
      }
      case "expandStatement":
        return this.expandStatement(st, annotations, span);
      case "expressionStatement": {
        const expression = this.expression(st.children.expression?.[0]);
        return expression ? { kind: "ExprStmt", annotations, expression, span } : undefined;
      }
      default:
        return undefined;
    }
  }

  private ifStatement(cst: C.IfStatementCstNode, annotations: A.Annotation[], span: Span): A.IfStmt | undefined {
    const c = cst.children;
    const condition = this.expression(c.expression?.[0]);
    const then = this.block(c.then?.[0]);
    if (!condition || !then) return undefined;
    if (!c.Else) return { kind: "IfStmt", annotations, condition, then, span };
    const elseIf = c.elseIf?.[0];
    const els =
      elseIf !== undefined
        ? this.nvalid(elseIf.location)
          ? this.ifStatement(elseIf, [], this.nspan(elseIf.location))
          : undefined
        : this.block(c.else?.[0]);
    if (!els) return undefined;
    return { kind: "IfStmt", annotations, condition, then, else: els, span };
  }

  private expandStatement(cst: C.ExpandStatementCstNode, annotations: A.Annotation[], span: Span): A.ExpandStmt | undefined {
    const c = cst.children;
    const target = this.ident(c.Name?.[0]);
    const until = this.untilClause(c.untilClause?.[0]);
    if (!target || !until) return undefined;
    if (c.By) {
      const by = this.expression(c.by?.[0]);
      const body = this.block(c.block?.[0]);
      if (!by || !body || !(c.Masked || c.Noised)) return undefined;
      const fill = c.Masked ? "masked" : "noised";
      return { kind: "ExpandStmt", annotations, target, by, fill, until, body, span };
    }
    const step = this.stepCall(c.stepCall?.[0]);
    return step ? { kind: "ExpandStmt", annotations, target, until, step, span } : undefined;
  }

  private untilClause(cst: C.UntilClauseCstNode | undefined): A.UntilCondition[] | undefined {
    if (cst === undefined) return undefined;
    const out: A.UntilCondition[] = [];
    for (const u of cst.children.untilCondition ?? []) {
      const c = u.children;
      if (!this.nvalid(u.location)) return undefined;
      if (c.Eos) out.push({ kind: "UntilCondition", condition: "eos", span: this.nspan(u.location) });
      else if (c.Length) {
        // Same CST shape as `expression` (its operator is labelled "BinaryOperator").
        const value = this.expression(c.simpleExpression?.[0] as C.ExpressionCstNode | undefined);
        if (!value) return undefined;
        out.push({ kind: "UntilCondition", condition: "length", value, span: this.nspan(u.location) });
      } else return undefined;
    }
    return out.length > 0 ? out : undefined;
  }

  private stepCall(cst: C.StepCallCstNode | undefined): A.CallExpr | undefined {
    if (cst === undefined || !this.nvalid(cst.location)) return undefined;
    const name = this.ident(cst.children.Name?.[0]);
    if (!name) return undefined;
    const callee: A.NameExpr = { kind: "NameExpr", name, span: name.span };
    return this.call(callee, cst.children.arguments?.[0]);
  }

  private call(callee: A.Expression, cst: C.ArgumentsCstNode | undefined): A.CallExpr | undefined {
    if (cst === undefined || !this.nvalid(cst.location)) return undefined;
    const c = cst.children;
    const args = this.expressions(c.expression);
    if (!args) return undefined;
    const namedArgs = this.namedArgs(c.namedArgument);
    if (namedArgs.length !== (c.namedArgument?.length ?? 0)) return undefined;
    if (namedArgs.length > 0 && args.length > 0) {
      const firstNamed = namedArgs[0]!;
      const late = args.find((a) => a.span.start > firstNamed.span.start);
      if (late)
        this.error(
          `Expected a named argument after "${firstNamed.name.name}:", found a positional argument.`,
          "Move positional arguments before the named ones.",
          late.span,
        );
    }
    return { kind: "CallExpr", callee, args, namedArgs, span: this.join(callee.span, this.nspan(cst.location)) };
  }

  // ---------------------------------------------------------------- §6 expressions

  /** All or nothing: undefined when any element is missing. */
  private expressions(list: C.ExpressionCstNode[] | undefined): A.Expression[] | undefined {
    if (list === undefined) return EMPTY;
    const out: A.Expression[] = [];
    for (const e of list) {
      const x = this.expression(e);
      if (!x) return undefined;
      out.push(x);
    }
    return out;
  }

  expression(cst: C.ExpressionCstNode | undefined): A.Expression | undefined {
    if (cst === undefined) return undefined;
    const operands = cst.children.operand;
    const ops = cst.children.BinaryOperator;
    if (!operands) return undefined;
    if (!ops) {
      // The common case: a single operand. `not` is allowed at expression level.
      const o = operands[0]!;
      return o.children.prefix?.[0]?.tokenType === t.Not ? new Pratt(this, operands, []).run() : this.operand(o, undefined);
    }
    if (operands.length !== ops.length + 1) return undefined;
    return new Pratt(this, operands, ops).run();
  }

  /**
   * One operand without its `not` prefixes (handled by Pratt): `-`* atom postfix* (`^` operand)?.
   * `notContext`, when set, names the construct that forbids `not` here (e.g. `"^"`).
   */
  operand(cst: C.OperandCstNode | undefined, notContext: string | undefined, skipNots = false): A.Expression | undefined {
    if (cst === undefined) return undefined;
    const c = cst.children;
    const prefixes = c.prefix;
    const leading = prefixes === undefined ? 0 : leadingNots(prefixes);
    if (leading > 0 && !skipNots) {
      const not = prefixes![0]!;
      const after = notContext ?? "this position";
      this.error(
        `Expected an expression ${notContext === "refine" ? 'after "refine"' : `after "${after}"`}, found "not".`,
        '"not" binds more loosely than comparisons and arithmetic; put "not ..." in parentheses.',
        this.tspan(not),
      );
    }
    let e = this.atom(c);
    if (!e) return undefined;
    for (const p of c.postfix ?? []) {
      const pc = p.children;
      if (pc.arguments) {
        const call = this.call(e, pc.arguments[0]);
        if (!call) return undefined;
        e = call;
      } else if (pc.Dot) {
        const property = this.ident(pc.Name?.[0]);
        if (!property) return undefined;
        e = { kind: "MemberExpr", object: e, property, span: this.join(e.span, property.span) };
      } else {
        const index = this.expression(pc.expression?.[0]);
        const close = pc.RBracket?.[0];
        if (!index || !this.tvalid(close)) return undefined;
        e = { kind: "IndexExpr", object: e, index, span: this.join(e.span, this.tspan(close)) };
      }
    }
    if (c.Caret) {
      const right = this.operand(c.exponent?.[0], "^");
      if (!right) return undefined;
      e = { kind: "BinaryExpr", operator: "^", left: e, right, span: this.join(e.span, right.span) };
    }
    if (prefixes !== undefined && prefixes.length > leading) {
      // After the leading `not`s only `-` may follow (`-` binds tighter than `not`).
      for (let i = prefixes.length - 1; i >= leading; i--) {
        const m = prefixes[i]!;
        if (!this.tvalid(m)) return undefined;
        if (m.tokenType === t.Not) {
          this.error(
            'Expected an expression after "-", found "not".',
            'Write "-(not ...)", or put "not" first.',
            this.tspan(m),
          );
          continue;
        }
        e = { kind: "UnaryExpr", operator: "-", operand: e, span: this.join(this.tspan(m), e.span) };
      }
    }
    return e;
  }

  private atom(c: C.OperandCstChildren): A.Expression | undefined {
    const a = c.atom?.[0];
    if (a === undefined) return undefined;
    if ("tokenType" in a) return this.literal(a);
    if (!this.nvalid(a.location)) return undefined;
    switch (a.name) {
      case "parenExpression": {
        const inner = this.expression(a.children.expression?.[0]);
        if (!inner) return undefined;
        // The node keeps its kind; its span covers the parentheses.
        return { ...inner, span: this.nspan(a.location) };
      }
      case "listLiteral": {
        const elements = this.expressions(a.children.expression);
        return elements ? { kind: "ListLiteral", elements, span: this.nspan(a.location) } : undefined;
      }
      case "conditionalExpression": {
        const q = a.children;
        const condition = this.expression(q.condition?.[0]);
        const then = this.expression(q.then?.[0]);
        const els = this.expression(q.else?.[0]);
        if (!condition || !then || !els) return undefined;
        return { kind: "ConditionalExpr", condition, then, else: els, span: this.nspan(a.location) };
      }
      case "noiseExpression": {
        const n = a.children;
        const type = this.typeRef(n.typeRef?.[0]);
        if (!type) return undefined;
        const span = this.nspan(a.location);
        let batch: A.Expression | undefined;
        let scale: A.Expression | undefined;
        if (n.Batch) {
          batch = this.operand(n.batch?.[0], "batch");
          if (!batch) return undefined;
        }
        if (n.Scale) {
          scale = this.operand(n.scale?.[0], "scale");
          if (!scale) return undefined;
        }
        const node: { -readonly [K in keyof A.NoiseExpr]: A.NoiseExpr[K] } = { kind: "NoiseExpr", type, span };
        if (batch) node.batch = batch;
        if (scale) node.scale = scale;
        return node;
      }
    }
  }

  private literal(tok: IToken): A.Expression | undefined {
    if (!this.tvalid(tok)) return undefined;
    const span = this.tspan(tok);
    const tt = tok.tokenType;
    if (tt === NUMBER) {
      const raw = tok.image;
      const isInteger = isIntegerLiteral(raw);
      return { kind: "NumberLiteral", value: Number(raw), isInteger, raw, span };
    }
    if (tt === STRING) return { kind: "StringLiteral", value: this.unescape(tok), span };
    if (tt === TRUE) return { kind: "BoolLiteral", value: true, span };
    if (tt === FALSE) return { kind: "BoolLiteral", value: false, span };
    if (tt === NONE) return { kind: "NoneLiteral", span };
    return { kind: "NameExpr", name: { kind: "Identifier", name: tok.image, span }, span };
  }

  /** Reports through the shared diagnostics list (used by Pratt). */
  report(message: string, help: string, span: Span): void {
    this.error(message, help, span);
  }

  spanOf(tok: IToken): Span {
    return this.tspan(tok);
  }

  joinSpans(a: Span, b: Span): Span {
    return this.join(a, b);
  }
}

/** One shared, frozen empty array for every empty list of the AST (fewer allocations). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const EMPTY: any[] = Object.freeze([]) as any;

const NUMBER = t.NumberLiteral;
const STRING = t.StringLiteral;
const TRUE = t.True;
const FALSE = t.False;
const NONE = t.None;

type DeclFields = { annotations: A.Annotation[]; doc?: string; span: Span };
