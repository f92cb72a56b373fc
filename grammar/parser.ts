/**
 * The normative grammar of `.infer` (docs/language.md) as a Chevrotain CstParser.
 *
 * Conventions: rules are class fields; each cites its section of docs/language.md; LL(1)
 * everywhere except three alternations that look at two tokens (`name :` named arguments,
 * `name =` assignments, `cache "..."` bindings). Expressions are flat here (`operand
 * (BinaryOperator operand)*`): precedence and associativity of §6 are applied by buildAst,
 * which keeps the CST about four times smaller than one rule per precedence level. `^`
 * (right-associative, tighter than unary minus) is part of `operand`.
 */
import { CstParser, type CstNode, type IToken, type TokenType } from "./chevrotain.js";
import * as t from "./tokens.js";
import { InferErrorMessageProvider } from "./messages.js";

/** The declaration whose text is being parsed, for error messages ("the body of step "euler""). */
export interface ParseOwner {
  kind: string;
  name?: string;
}

export class InferParser extends CstParser {
  /** Updated by ACTIONs as declarations and their names are recognised. */
  owner: ParseOwner | undefined;
  /** When parsing a slice of the file, the token after the slice (reported instead of EOF). */
  eofStandIn: IToken | undefined;
  /**
   * Alternatives and repetition bodies, built once: Chevrotain would otherwise allocate the
   * arrays and closures on every rule invocation (its documented performance advice).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly c: Record<string, any> = {};

  constructor(options: { skipValidations?: boolean } = {}) {
    const messages = new InferErrorMessageProvider();
    super(t.allTokens as TokenType[], {
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      maxLookahead: 1,
      skipValidations: options.skipValidations ?? !process.env.VITEST,
      errorMessageProvider: messages,
    });
    messages.parser = this;
    this.performSelfAnalysis();
  }

  /** The rule names currently active (outermost first), for error messages. */
  ruleStack(): string[] {
    return (this as unknown as { getHumanReadableRuleStack(): string[] }).getHumanReadableRuleStack();
  }

  /** Lookahead token `i` (1 = next), for error messages. */
  peek(i: number): IToken {
    return this.LA(i);
  }

  private setOwner(kind: string, name?: IToken): void {
    this.ACTION(() => {
      this.owner = name === undefined || name.image === "" ? { kind } : { kind, name: name.image };
    });
  }

  // ---------------------------------------------------------------- §2 files, §3 annotations

  /** §2: a file is a sequence of declarations. */
  program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  /** §2–§7: annotations, then one declaration. */
  declaration = this.RULE("declaration", () => {
    this.ACTION(() => (this.owner = undefined));
    this.MANY(() => this.SUBRULE(this.annotation));
    this.OR(
      (this.c.declaration ??= [
        { ALT: () => this.SUBRULE(this.importDecl, { LABEL: "decl" }) },
        { ALT: () => this.SUBRULE(this.modelDecl, { LABEL: "decl" }) },
        { ALT: () => this.SUBRULE(this.stepDecl, { LABEL: "decl" }) },
        { ALT: () => this.SUBRULE(this.fnDecl, { LABEL: "decl" }) },
        { ALT: () => this.SUBRULE(this.scheduleDecl, { LABEL: "decl" }) },
        { ALT: () => this.SUBRULE(this.inferDecl, { LABEL: "decl" }) },
      ]),
    );
  });

  /** §3: `@name` or `@name(args)`. */
  annotation = this.RULE("annotation", () => {
    this.CONSUME(t.At);
    this.CONSUME(t.Name);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
      this.CONSUME(t.RParen);
    });
  });

  /** §2: `import { a, b as c } from "path"`. */
  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(t.Import);
    this.setOwner("import");
    this.CONSUME(t.LCurly);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.importSpecifier) });
    this.CONSUME(t.RCurly);
    this.CONSUME(t.From);
    this.CONSUME(t.StringLiteral);
  });

  /** §2: `name` or `name as local`. */
  importSpecifier = this.RULE("importSpecifier", () => {
    this.CONSUME(t.Name, { LABEL: "imported" });
    this.OPTION(() => {
      this.CONSUME(t.As);
      this.CONSUME2(t.Name, { LABEL: "local" });
    });
  });

  // ---------------------------------------------------------------- §5 models

  /** §5: `model NAME: CONTRACT(ARGS) = onnx("path") { BINDINGS }`. */
  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(t.ModelKw);
    this.setOwner("model");
    this.setOwner("model", this.CONSUME(t.Name, { LABEL: "name" }));
    this.CONSUME(t.Colon);
    this.CONSUME2(t.Name, { LABEL: "contract" });
    this.CONSUME(t.LParen);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.namedArgument) });
    this.CONSUME(t.RParen);
    this.CONSUME(t.Equals);
    this.CONSUME3(t.Name, { LABEL: "backend" });
    this.CONSUME2(t.LParen);
    this.CONSUME(t.StringLiteral, { LABEL: "path" });
    this.CONSUME2(t.RParen);
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR(
        (this.c.binding ??= {
          MAX_LOOKAHEAD: 2,
          DEF: [
            { ALT: () => this.SUBRULE(this.cacheBinding) },
            { ALT: () => this.SUBRULE(this.portBinding) },
            { ALT: () => this.CONSUME(t.Semicolon) },
          ],
        }),
      ),
    );
    this.CONSUME(t.RCurly);
  });

  /** §5: `cache "past.%d.key" -> "present.%d.key"`. */
  cacheBinding = this.RULE("cacheBinding", () => {
    this.CONSUME(t.Cache);
    this.CONSUME(t.StringLiteral, { LABEL: "input" });
    this.CONSUME(t.RArrow);
    this.CONSUME2(t.StringLiteral, { LABEL: "output" });
  });

  /** §5: `port <- "onnx input"` or `port -> "onnx output"`. */
  portBinding = this.RULE("portBinding", () => {
    this.CONSUME(t.Name);
    this.OR((this.c.arrow ??= [{ ALT: () => this.CONSUME(t.LArrow) }, { ALT: () => this.CONSUME(t.RArrow) }]));
    this.CONSUME(t.StringLiteral);
  });

  /** §5, §6: `name: value` in contracts and calls. */
  namedArgument = this.RULE("namedArgument", () => {
    this.CONSUME(t.Name);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.expression);
  });

  // ---------------------------------------------------------------- §6 functions, steps, schedules

  /** §6: `step NAME(config)(state) { ... }`. */
  stepDecl = this.RULE("stepDecl", () => {
    this.CONSUME(t.Step);
    this.setOwner("step");
    this.setOwner("step", this.CONSUME(t.Name));
    this.SUBRULE(this.paramList);
    this.SUBRULE(this.stateParams);
    this.SUBRULE(this.block);
  });

  /** §6: `fn NAME(params) { ... }`. */
  fnDecl = this.RULE("fnDecl", () => {
    this.CONSUME(t.Fn);
    this.setOwner("fn");
    this.setOwner("fn", this.CONSUME(t.Name));
    this.SUBRULE(this.paramList);
    this.SUBRULE(this.block);
  });

  /** §6: `schedule NAME(params) { ... }`. */
  scheduleDecl = this.RULE("scheduleDecl", () => {
    this.CONSUME(t.Schedule);
    this.setOwner("schedule");
    this.setOwner("schedule", this.CONSUME(t.Name));
    this.SUBRULE(this.paramList);
    this.SUBRULE(this.block);
  });

  /** §7: `infer NAME(params) -> TYPE { ... }`. */
  inferDecl = this.RULE("inferDecl", () => {
    this.CONSUME(t.Infer);
    this.setOwner("infer");
    this.setOwner("infer", this.CONSUME(t.Name));
    this.SUBRULE(this.paramList);
    this.OPTION(() => {
      this.CONSUME(t.RArrow);
      this.SUBRULE(this.typeRef);
    });
    this.SUBRULE(this.block);
  });

  /** §6, §7: `(a: int = 1, D: denoiser, x)`. */
  paramList = this.RULE("paramList", () => {
    this.CONSUME(t.LParen);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.param) });
    this.CONSUME(t.RParen);
  });

  /** §6: `name`, `name: TYPE`, `name: TYPE = default`, `name = default`. */
  param = this.RULE("param", () => {
    this.CONSUME(t.Name);
    this.OPTION(() => {
      this.CONSUME(t.Colon);
      this.SUBRULE(this.typeRef);
    });
    this.OPTION2(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE(this.expression);
    });
  });

  /** §6: the state parameters of a step: `(x, t -> s)` (refine) or `(y)` (expand). */
  stateParams = this.RULE("stateParams", () => {
    this.CONSUME(t.LParen);
    this.CONSUME(t.Name, { LABEL: "state" });
    this.OPTION(() => {
      this.CONSUME(t.Colon);
      this.SUBRULE(this.typeRef);
    });
    this.OPTION2(() => {
      this.CONSUME(t.Comma);
      this.CONSUME2(t.Name, { LABEL: "from" });
      this.CONSUME(t.RArrow);
      this.CONSUME3(t.Name, { LABEL: "to" });
    });
    this.CONSUME(t.RParen);
  });

  /** §4: `int`, `tokens[V]`, `latent[2, 3]`, `schedule`, `denoiser`. */
  typeRef = this.RULE("typeRef", () => {
    this.OR((this.c.typeName ??= [{ ALT: () => this.CONSUME(t.Name) }, { ALT: () => this.CONSUME(t.Schedule) }]));
    this.OPTION(() => {
      this.CONSUME(t.LBracket);
      this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
      this.CONSUME(t.RBracket);
    });
  });

  // ---------------------------------------------------------------- §6, §7 statements

  /** §6: `{ statements }`; `;` may separate statements. */
  block = this.RULE("block", () => {
    this.CONSUME(t.LCurly);
    this.MANY(() =>
      this.OR((this.c.blockItem ??= [{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.CONSUME(t.Semicolon) }])),
    );
    this.CONSUME(t.RCurly);
  });

  /** §3, §6, §7: annotations, then one statement. */
  statement = this.RULE("statement", () => {
    this.MANY(() => this.SUBRULE(this.annotation));
    this.OR(
      (this.c.statement ??= {
        MAX_LOOKAHEAD: 2,
        DEF: [
          { ALT: () => this.SUBRULE(this.stateStatement, { LABEL: "stmt" }) },
          { ALT: () => this.SUBRULE(this.returnStatement, { LABEL: "stmt" }) },
          { ALT: () => this.SUBRULE(this.ifStatement, { LABEL: "stmt" }) },
          { ALT: () => this.SUBRULE(this.forStatement, { LABEL: "stmt" }) },
          { ALT: () => this.SUBRULE(this.refineStatement, { LABEL: "stmt" }) },
          { ALT: () => this.SUBRULE(this.expandStatement, { LABEL: "stmt" }) },
          { ALT: () => this.SUBRULE(this.assignStatement, { LABEL: "stmt" }) },
          // `if` starts an if statement, never a conditional expression statement; a name
          // followed by `=` is an assignment (the alternative above).
          { GATE: () => this.LA(1).tokenType !== t.If, ALT: () => this.SUBRULE(this.expressionStatement, { LABEL: "stmt" }) },
        ],
      }),
    );
  });

  /** §6: `name = expr`. */
  assignStatement = this.RULE("assignStatement", () => {
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** §6: `state name = expr` (steps only; checked by semantics). */
  stateStatement = this.RULE("stateStatement", () => {
    this.CONSUME(t.State);
    this.CONSUME(t.Name);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** §6: `return expr`. */
  returnStatement = this.RULE("returnStatement", () => {
    this.CONSUME(t.Return);
    this.SUBRULE(this.expression);
  });

  /** §6: `if c { } else if d { } else { }`. */
  ifStatement = this.RULE("ifStatement", () => {
    this.CONSUME(t.If);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block, { LABEL: "then" });
    this.OPTION(() => {
      this.CONSUME(t.Else);
      this.OR(
        (this.c.elseBranch ??= [
          { ALT: () => this.SUBRULE(this.ifStatement, { LABEL: "elseIf" }) },
          { ALT: () => this.SUBRULE2(this.block, { LABEL: "else" }) },
        ]),
      );
    });
  });

  /** §6: `for i in range(n) { }`. */
  forStatement = this.RULE("forStatement", () => {
    this.CONSUME(t.For);
    this.CONSUME(t.Name);
    this.CONSUME(t.In);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
  });

  /** §7: `refine TARGET over SCHEDULE using STEP(args)`; TARGET is `x` or `y.tail(n)`. */
  refineStatement = this.RULE("refineStatement", () => {
    this.CONSUME(t.Refine);
    this.SUBRULE(this.operand, { LABEL: "target" });
    this.CONSUME(t.Over);
    this.SUBRULE(this.expression, { LABEL: "schedule" });
    this.CONSUME(t.Using);
    this.SUBRULE(this.stepCall);
  });

  /** §7: `expand y until C using STEP(args)` or `expand y by K masked|noised until C { body }`. */
  expandStatement = this.RULE("expandStatement", () => {
    this.CONSUME(t.Expand);
    this.CONSUME(t.Name);
    this.OR((this.c.expandForm ??= [
      {
        ALT: () => {
          this.SUBRULE(this.untilClause);
          this.CONSUME(t.Using);
          this.SUBRULE(this.stepCall);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.By);
          this.SUBRULE(this.expression, { LABEL: "by" });
          this.OR2((this.c.fill ??= [{ ALT: () => this.CONSUME(t.Masked) }, { ALT: () => this.CONSUME(t.Noised) }]));
          this.SUBRULE2(this.untilClause);
          this.SUBRULE(this.block);
        },
      },
    ]));
  });

  /** §7: `until eos or length N`. */
  untilClause = this.RULE("untilClause", () => {
    this.CONSUME(t.Until);
    this.AT_LEAST_ONE_SEP({ SEP: t.Or, DEF: () => this.SUBRULE(this.untilCondition) });
  });

  /** §7: `eos` or `length N`; N stops before `or` (which separates conditions). */
  untilCondition = this.RULE("untilCondition", () => {
    this.OR(
      (this.c.until ??= [
        { ALT: () => this.CONSUME(t.Eos) },
        {
          ALT: () => {
            this.CONSUME(t.Length);
            this.SUBRULE(this.simpleExpression);
          },
        },
      ]),
    );
  });

  /** §7: the step of `refine`/`expand`: `name(args)`. */
  stepCall = this.RULE("stepCall", () => {
    this.CONSUME(t.Name);
    this.SUBRULE(this.arguments);
  });

  /** §6: an expression used as a statement (a call, in practice). */
  expressionStatement = this.RULE("expressionStatement", () => {
    this.SUBRULE(this.expression);
  });

  // ---------------------------------------------------------------- §6 expressions

  /** §6: operands joined by binary operators; precedence is applied by buildAst. */
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand);
    this.MANY(
      (this.c.binary ??= () => {
        this.CONSUME(t.BinaryOperator);
        this.SUBRULE2(this.operand);
      }),
    );
  });

  /** §7: an expression without `and`/`or` (the N of `until length N`, where `or` separates conditions). */
  simpleExpression = this.RULE("simpleExpression", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(t.NonLogicalOperator, { LABEL: "BinaryOperator" });
      this.SUBRULE2(this.operand);
    });
  });

  /** §6: prefix `not`/`-`, an atom, postfix calls/members/indexes, then `^ operand`. */
  operand = this.RULE("operand", () => {
    // Prefixes share the label "prefix" and all atoms the label "atom" (as statements share
    // "stmt" and declarations "decl"): buildAst does one children lookup, not one per kind.
    this.MANY(
      (this.c.prefixes ??= () =>
        this.OR(
          (this.c.prefix ??= [
            { ALT: () => this.CONSUME(t.Not, { LABEL: "prefix" }) },
            { ALT: () => this.CONSUME(t.Minus, { LABEL: "prefix" }) },
          ]),
        )),
    );
    this.OR2((this.c.atom ??= [
      { ALT: () => this.CONSUME(t.NumberLiteral, { LABEL: "atom" }) },
      { ALT: () => this.CONSUME(t.StringLiteral, { LABEL: "atom" }) },
      { ALT: () => this.CONSUME(t.True, { LABEL: "atom" }) },
      { ALT: () => this.CONSUME(t.False, { LABEL: "atom" }) },
      { ALT: () => this.CONSUME(t.None, { LABEL: "atom" }) },
      { ALT: () => this.CONSUME(t.Name, { LABEL: "atom" }) },
      { ALT: () => this.SUBRULE(this.parenExpression, { LABEL: "atom" }) },
      { ALT: () => this.SUBRULE(this.listLiteral, { LABEL: "atom" }) },
      { ALT: () => this.SUBRULE(this.conditionalExpression, { LABEL: "atom" }) },
      { ALT: () => this.SUBRULE(this.noiseExpression, { LABEL: "atom" }) },
    ]));
    this.MANY2((this.c.postfixes ??= () => this.SUBRULE(this.postfix)));
    this.OPTION(
      (this.c.power ??= () => {
        this.CONSUME(t.Caret);
        this.SUBRULE(this.operand, { LABEL: "exponent" });
      }),
    );
  });

  /** §6: `(args)`, `.member`, `[index]`. */
  postfix = this.RULE("postfix", () => {
    this.OR((this.c.postfix ??= [
      { ALT: () => this.SUBRULE(this.arguments) },
      {
        ALT: () => {
          this.CONSUME(t.Dot);
          this.CONSUME(t.Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.LBracket);
          this.SUBRULE(this.expression);
          this.CONSUME(t.RBracket);
        },
      },
    ]));
  });

  /** §6: `(a, b, name: c)`: positional arguments, then named ones. */
  arguments = this.RULE("arguments", () => {
    this.CONSUME(t.LParen);
    this.MANY_SEP(
      (this.c.args ??= {
        SEP: t.Comma,
        DEF: () =>
          this.OR(
            (this.c.arg ??= {
              MAX_LOOKAHEAD: 2,
              DEF: [
                { ALT: () => this.SUBRULE(this.namedArgument) },
                { ALT: () => this.SUBRULE(this.expression) },
              ],
            }),
          ),
      }),
    );
    this.CONSUME(t.RParen);
  });

  /** §6: `(expr)`. */
  parenExpression = this.RULE("parenExpression", () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  /** §8: `[a, b, c]`. */
  listLiteral = this.RULE("listLiteral", () => {
    this.CONSUME(t.LBracket);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(t.RBracket);
  });

  /** §6: `if c then a else b`; the else branch extends as far right as possible. */
  conditionalExpression = this.RULE("conditionalExpression", () => {
    this.CONSUME(t.If);
    this.SUBRULE(this.expression, { LABEL: "condition" });
    this.CONSUME(t.Then);
    this.SUBRULE2(this.expression, { LABEL: "then" });
    this.CONSUME(t.Else);
    this.SUBRULE3(this.expression, { LABEL: "else" });
  });

  /**
   * §7: `noise TYPE [batch N] [scale S]`. N and S are operands (`scale 80`, `scale (2 * s)`).
   * A following statement `batch = ...`/`scale = ...` is not taken as a clause.
   */
  noiseExpression = this.RULE("noiseExpression", () => {
    this.CONSUME(t.Noise);
    this.SUBRULE(this.typeRef);
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== t.Equals,
      DEF: () => {
        this.CONSUME(t.Batch);
        this.SUBRULE(this.operand, { LABEL: "batch" });
      },
    });
    this.OPTION2({
      GATE: () => this.LA(2).tokenType !== t.Equals,
      DEF: () => {
        this.CONSUME(t.Scale);
        this.SUBRULE2(this.operand, { LABEL: "scale" });
      },
    });
  });
}

let singleton: InferParser | undefined;

/** The one parser instance (building it runs the grammar analysis, ~ms). Reset per input. */
export function getParser(): InferParser {
  return (singleton ??= new InferParser());
}

export type { CstNode };
