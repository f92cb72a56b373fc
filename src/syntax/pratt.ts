/**
 * Precedence climbing for the flat `expression` rule of grammar/parser.ts (§6 of
 * docs/language.md): `or` < `and` < `not` < comparisons (non-associative) < `+ -` < `* /`.
 * Unary `-`, `^` and postfix operators bind tighter and are applied per operand by AstBuilder.
 */
import type { IToken } from "../../grammar/chevrotain.js";
import * as t from "../../grammar/tokens.js";
import type { Span } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import type { Operand } from "./buildAst.js";

/** What Pratt needs from the AST builder. */
export interface SpanBuilder {
  report(message: string, help: string, span: Span): void;
  tspan(tok: IToken): Span;
  unary(operator: A.UnaryOperator, tok: IToken, operand: A.Expression): A.Expression;
  binary(operator: A.BinaryOperator, left: A.Expression, right: A.Expression): A.Expression;
}

const PREC_NOT = 3;
const NONE: readonly never[] = [];
const PREC_CMP = 4;

function precedenceOf(tok: IToken): number {
  const tt = tok.tokenType;
  if (tt === t.Or) return 1;
  if (tt === t.And) return 2;
  if (tt === t.Plus || tt === t.Minus) return 5;
  if (tt === t.Star || tt === t.Slash) return 6;
  return PREC_CMP;
}

/**
 * Precedence climbing over `operand (op operand)*` (§6): `or` < `and` < `not` < comparisons
 * (non-associative) < `+ -` < `* /`; tighter levels live inside each operand. An operand's
 * leading `not`s apply to everything up to the next `and`/`or`.
 */
export class Pratt {
  private i = 0;
  private notsUsed = 0;
  /** Operands: `nOps + 1` of them (the lists may be longer: the parser reuses them). */
  private operands: readonly (Operand | undefined)[] = [];
  private ops: readonly IToken[] = [];
  private nOps = 0;

  /** One Pratt per builder, reused for every expression (a run never starts another). */
  constructor(private readonly b: SpanBuilder) {}

  run(operands: readonly (Operand | undefined)[], ops: readonly IToken[], nOps: number): A.Expression | undefined {
    this.operands = operands;
    this.ops = ops;
    this.nOps = nOps;
    this.i = 0;
    this.notsUsed = 0;
    const e = this.climb(0, true);
    this.operands = this.ops = NONE; // keeps no node or token
    return e;
  }

  private climb(minPrec: number, allowNot: boolean): A.Expression | undefined {
    let left = this.prefix(minPrec, allowNot);
    if (!left) return undefined;
    let lastCmp: IToken | undefined;
    while (this.i < this.nOps) {
      const op = this.ops[this.i]!;
      const p = precedenceOf(op);
      if (p < minPrec) break;
      if (p === PREC_CMP && lastCmp !== undefined) {
        this.b.report(
          `Expected "and" or "or" between comparisons, found a second comparison "${op.image}".`,
          `Comparisons do not chain: write "a ${lastCmp.image} b and b ${op.image} c".`,
          this.b.tspan(op),
        );
      }
      if (p === PREC_CMP) lastCmp = op;
      this.i++;
      this.notsUsed = 0;
      const right = this.climb(p + 1, false);
      if (!right) return undefined;
      left = this.b.binary(op.image as A.BinaryOperator, left, right);
    }
    return left;
  }

  private prefix(minPrec: number, allowNot: boolean): A.Expression | undefined {
    const o = this.operands[this.i];
    if (o === undefined || o.kind !== "Nots") return o;
    if (this.notsUsed < o.nots.length) {
      const not = o.nots[this.notsUsed++]!;
      if (!allowNot && minPrec > PREC_NOT) {
        const prev = this.ops[this.i - 1];
        this.b.report(
          `Expected an expression after "${prev?.image ?? ""}", found "not".`,
          '"not" binds more loosely than comparisons and arithmetic; put "not ..." in parentheses.',
          this.b.tspan(not),
        );
      }
      const inner = this.climb(PREC_CMP, true);
      if (!inner) return undefined;
      return this.b.unary("not", not, inner);
    }
    return o.expr;
  }
}
