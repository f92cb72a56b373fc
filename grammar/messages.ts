/**
 * Parse-error messages: one sentence saying what was expected, where, and what was found
 * (`Expected "{" to start the body of step "euler", found "return".`), plus a help line.
 * The provider returns `message + "\n" + help`; `parse` splits the two.
 */
import { EOF, tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from "./chevrotain.js";
import * as t from "./tokens.js";
import type { InferParser } from "./parser.js";

const DECL_KEYWORDS = '"import", "model", "step", "fn", "schedule" or "infer"';

/** What a rule parses, as the object of "Expected ...". */
const RULE_EXPECTATION: Record<string, string> = {
  program: `a declaration (${DECL_KEYWORDS})`,
  declaration: `a declaration (${DECL_KEYWORDS})`,
  statement: "a statement",
  block: 'a statement or "}"',
  operand: "an expression",
  expression: "an expression",
  untilClause: '"eos" or "length"',
  untilCondition: '"eos" or "length"',
  typeRef: "a type",
  postfix: 'a call, ".member" or "[index]"',
};

const RULE_HELP: Record<string, string> = {
  program: `Start each top-level declaration with ${DECL_KEYWORDS}.`,
  declaration: `Start each top-level declaration with ${DECL_KEYWORDS}.`,
  statement:
    'Start a statement with a name (assignment or call), "state", "return", "if", "for", "refine" or "expand".',
  operand: "Write an expression here: a number, string, name, call, list, or an expression in parentheses.",
  expression: "Write an expression here: a number, string, name, call, list, or an expression in parentheses.",
  untilClause: 'Write "until eos", "until length N", or both joined by "or".',
  untilCondition: 'Write "until eos", "until length N", or both joined by "or".',
};

function ownerPhrase(parser: InferParser | undefined): string {
  const owner = parser?.owner;
  if (owner === undefined) return "the declaration";
  if (owner.kind === "import") return "the import";
  return owner.name === undefined ? `the ${owner.kind} declaration` : `${owner.kind} "${owner.name}"`;
}

/** Noun phrase for the construct a rule (with its parent) is part of. */
function wherePhrase(parser: InferParser | undefined, stack: readonly string[], i = stack.length - 1): string {
  const rule = stack[i] ?? "program";
  const parent = stack[i - 1];
  switch (rule) {
    case "program":
    case "declaration":
      return "the file";
    case "annotation":
      return "the annotation";
    case "importDecl":
    case "importSpecifier":
      return "the import";
    case "modelDecl":
    case "stepDecl":
    case "fnDecl":
    case "scheduleDecl":
    case "inferDecl":
      return ownerPhrase(parser);
    case "cacheBinding":
    case "portBinding":
      return `the bindings of ${ownerPhrase(parser)}`;
    case "paramList":
    case "param":
      return `the parameters of ${ownerPhrase(parser)}`;
    case "stateParams":
      return `the state parameters of ${ownerPhrase(parser)}`;
    case "block":
      return `the body of ${blockOwner(parser, stack, i)}`;
    case "statement":
      return i > 0 ? wherePhrase(parser, stack, i - 1) : "the statement";
    case "assignStatement":
      return "the assignment";
    case "stateStatement":
      return 'the "state" statement';
    case "returnStatement":
      return 'the "return" statement';
    case "ifStatement":
      return 'the "if" statement';
    case "forStatement":
      return 'the "for" loop';
    case "refineStatement":
      return 'the "refine" statement';
    case "expandStatement":
      return 'the "expand" statement';
    case "untilClause":
    case "untilCondition":
      return 'the "until" clause';
    case "stepCall":
      return `the step call of the "${parent === "refineStatement" ? "refine" : "expand"}" statement`;
    case "typeRef":
      return "the type";
    case "namedArgument":
      return parent === "modelDecl" ? `the contract arguments of ${ownerPhrase(parser)}` : "the named argument";
    case "arguments":
      return "the argument list";
    case "parenExpression":
      return "the parenthesised expression";
    case "listLiteral":
      return "the list";
    case "conditionalExpression":
      return 'the "if ... then ... else" expression';
    case "noiseExpression":
      return 'the "noise" expression';
    default:
      // expression, operand, postfix, expressionStatement: describe the enclosing construct.
      return i > 0 ? wherePhrase(parser, stack, i - 1) : "the expression";
  }
}

function blockOwner(parser: InferParser | undefined, stack: readonly string[], i: number): string {
  switch (stack[i - 1]) {
    case "ifStatement":
      return 'the "if" statement';
    case "forStatement":
      return 'the "for" loop';
    case "expandStatement":
      return 'the "expand" statement';
    default:
      return ownerPhrase(parser);
  }
}

/**
 * `"return"`, `the end of the file`. When the parser runs on one declaration's tokens,
 * `eofStandIn` is the first token after them: that is what the user sees there.
 */
export function describeToken(tok: IToken, eofStandIn?: IToken): string {
  if (tok.tokenType === EOF) return eofStandIn === undefined ? "the end of the file" : describeToken(eofStandIn);
  const image = tok.image.length > 24 ? `${tok.image.slice(0, 21)}...` : tok.image;
  return `"${image}"`;
}

function label(tt: TokenType): string {
  return tt.LABEL ?? tt.name;
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "more input";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/**
 * A third message line `@start,end` moves the diagnostic from the exception's token to
 * another one (the exception always points at the first lookahead token).
 */
function anchor(tok: IToken): string {
  return `@${tok.startOffset},${tok.endOffset! + 1}`;
}

const OPENERS = new Set<TokenType>([t.LCurly, t.LParen, t.LBracket]);
/** Rules with comma-separated lists closed by a bracket. */
const LISTS = new Set(["arguments", "paramList", "listLiteral", "annotation", "importDecl", "typeRef"]);
const CLOSERS = new Set<TokenType>([t.RCurly, t.RParen, t.RBracket]);

export class InferErrorMessageProvider implements IParserErrorMessageProvider {
  parser: InferParser | undefined;

  private describe(tok: IToken): string {
    return describeToken(tok, this.parser?.eofStandIn);
  }

  private stack(): string[] {
    return this.parser?.ruleStack() ?? [];
  }

  buildMismatchTokenMessage(o: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    const stack = this.stack();
    const rule = stack[stack.length - 1] ?? o.ruleName;
    if (o.expected === EOF) {
      // Extra input after a complete declaration (in-repetition recovery of `program`).
      return this.buildNotAllInputParsedMessage({ firstRedundant: o.actual, ruleName: rule });
    }
    const where = wherePhrase(this.parser, stack);
    const found = this.describe(o.actual);
    let expected = label(o.expected);
    const prev = o.previous?.tokenType;
    if (CLOSERS.has(o.expected) && LISTS.has(rule) && prev !== t.Comma && !OPENERS.has(prev!)) {
      return (
        `Expected "," or ${expected} in ${where}, found ${found}.\n` +
        `Separate the items with ",", and end the list with ${expected}.`
      );
    }
    let purpose: string;
    if (OPENERS.has(o.expected)) {
      purpose = `to start ${where}`;
    } else if (CLOSERS.has(o.expected)) {
      purpose = `to close ${where}`;
      if (rule === "block") expected = 'a statement or "}"';
    } else {
      purpose = `in ${where}`;
    }
    const help = OPENERS.has(o.expected)
      ? `Write ${expected} before ${found}.`
      : rule === "block"
        ? `Close ${where} with "}", or start a statement here.`
        : CLOSERS.has(o.expected)
          ? `Add the missing ${label(o.expected)}, or remove what comes before it.`
          : `Write ${expected} before ${found}.`;
    return `Expected ${expected} ${purpose}, found ${found}.\n${help}`;
  }

  buildNotAllInputParsedMessage(o: { firstRedundant: IToken; ruleName: string }): string {
    return `Expected ${RULE_EXPECTATION.program}, found ${this.describe(o.firstRedundant)}.\n${RULE_HELP.program}`;
  }

  buildNoViableAltMessage(o: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const stack = this.stack();
    const rule = stack[stack.length - 1] ?? o.ruleName;
    const first = o.actual[0]!;
    const second = o.actual[1] ?? this.parser?.peek(2);
    // LL(2) decisions: when the first token fits, the second one is the problem.
    const seconds: string[] = [];
    if (second !== undefined && second.tokenType !== EOF) {
      for (const alt of o.expectedPathsPerAlt) {
        for (const path of alt) {
          if (path.length > 1 && tokenMatcher(first, path[0]!) && !seconds.includes(label(path[1]!))) {
            seconds.push(label(path[1]!));
          }
        }
      }
    }
    if (rule === "modelDecl" && seconds.length === 0 && tokenMatcher(first, t.Name) && second !== undefined) {
      seconds.push(label(t.LArrow), label(t.RArrow));
    }
    const where = rule === "declaration" || rule === "program" ? "" : ` in ${wherePhrase(this.parser, stack)}`;
    if (seconds.length > 0 && RULE_EXPECTATION[rule] === undefined) {
      const expected = joinOr(seconds);
      return (
        `Expected ${expected} after ${this.describe(first)}${where}, found ${this.describe(second!)}.\n` +
        `Write ${expected} after ${this.describe(first)}.\n${anchor(second!)}`
      );
    }
    const firsts: string[] = [];
    for (const alt of o.expectedPathsPerAlt) {
      for (const path of alt) {
        const f = path[0];
        if (f !== undefined && !firsts.includes(label(f))) firsts.push(label(f));
      }
    }
    const expected = RULE_EXPECTATION[rule] ?? joinOr(firsts);
    const found = this.describe(first);
    const help = RULE_HELP[rule] ?? `Write ${expected} here.`;
    return `Expected ${expected}${where}, found ${found}.\n${help}`;
  }

  buildEarlyExitMessage(o: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const stack = this.stack();
    const rule = stack[stack.length - 1] ?? o.ruleName;
    const firsts = [...new Set(o.expectedIterationPaths.map((p) => label(p[0]!)))];
    const expected =
      rule === "untilClause" ? RULE_EXPECTATION.untilClause! : rule === "typeRef" ? "a dimension" : joinOr(firsts);
    const found = this.describe(o.actual[0]!);
    const help = RULE_HELP[rule] ?? (rule === "typeRef" ? "Write the dimensions, e.g. latent[2]." : `Write ${expected} here.`);
    return `Expected ${expected} in ${wherePhrase(this.parser, stack)}, found ${found}.\n${help}`;
  }
}
