/**
 * Tokens of the `.infer` language (docs/language.md §1).
 *
 * - Every token has a readable `label` (used verbatim in parse-error messages).
 * - Keywords use `longer_alt: Identifier` so `steps` is a name, not `step` + `s`.
 * - Contextual keywords (§1, "contextual keywords") additionally belong to the `Name`
 *   category, so the grammar accepts them wherever a name is expected.
 * - Comments are kept in the lexer group "comments" (never SKIPPED: the formatter needs them).
 * - Operator families are token categories: the flat expression rule consumes `BinaryOperator`
 *   and `buildAst` applies precedence from `binaryPrecedence`.
 */
import { createToken, Lexer, type TokenType } from "./chevrotain.js";

// ------------------------------------------------------------------ categories

/** Anything usable as a name: identifiers and contextual keywords. */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });
/** All keywords, hard and contextual (for tooling: the TextMate grammar, highlighting). */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA, label: "a keyword" });
/** Keywords that are only reserved where the grammar expects them. */
export const ContextualKeyword = createToken({
  name: "ContextualKeyword",
  pattern: Lexer.NA,
  label: "a contextual keyword",
});
export const BinaryOperator = createToken({
  name: "BinaryOperator",
  pattern: Lexer.NA,
  label: "a binary operator",
});
export const LogicalOperator = createToken({
  name: "LogicalOperator",
  pattern: Lexer.NA,
  label: '"and" or "or"',
  categories: [BinaryOperator],
});
/** Binary operators other than `and`/`or` (used where `or` separates `until` conditions). */
export const NonLogicalOperator = createToken({
  name: "NonLogicalOperator",
  pattern: Lexer.NA,
  label: "an arithmetic or comparison operator",
  categories: [BinaryOperator],
});
export const ComparisonOperator = createToken({
  name: "ComparisonOperator",
  pattern: Lexer.NA,
  label: "a comparison operator",
  categories: [BinaryOperator, NonLogicalOperator],
});
export const AdditiveOperator = createToken({
  name: "AdditiveOperator",
  pattern: Lexer.NA,
  label: '"+" or "-"',
  categories: [BinaryOperator, NonLogicalOperator],
});
export const MultiplicativeOperator = createToken({
  name: "MultiplicativeOperator",
  pattern: Lexer.NA,
  label: '"*" or "/"',
  categories: [BinaryOperator, NonLogicalOperator],
});
export const Comment = createToken({ name: "Comment", pattern: Lexer.NA, label: "a comment" });

// ------------------------------------------------------------------ trivia

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
  label: "whitespace",
});
/** `/// text`: a doc comment when directly above a declaration. `////...` is a plain line comment. */
export const DocComment = createToken({
  name: "DocComment",
  pattern: /\/\/\/(?!\/)[^\r\n]*/,
  group: "comments",
  categories: [Comment],
  label: "a doc comment",
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\r\n]*/,
  group: "comments",
  categories: [Comment],
  label: "a comment",
});
/**
 * `/* ... *\/` (not nested). An unterminated block comment runs to the end of the file;
 * `parse` reports it as a `lex-error`.
 */
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/,
  group: "comments",
  categories: [Comment],
  line_breaks: true,
  label: "a block comment",
});

// ------------------------------------------------------------------ literals and names

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name],
  label: "a name",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: "a number",
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  label: "a string",
});
/**
 * A string missing its closing quote (up to the end of the line). `parse` reports a
 * `lex-error` and hands the parser a StringLiteral, so one typo causes one diagnostic.
 */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  label: "an unterminated string",
});

// ------------------------------------------------------------------ keywords

const keywordTable: TokenType[] = [];
/** Keyword text → token type. */
export const keywordsByText = new Map<string, TokenType>();

function keyword(text: string, extra: TokenType[] = [], contextual = false): TokenType {
  const categories = [Keyword, ...extra];
  if (contextual) categories.push(ContextualKeyword, Name);
  const tok = createToken({
    name: text[0]!.toUpperCase() + text.slice(1),
    pattern: text,
    label: `"${text}"`,
    longer_alt: Identifier,
    categories,
  });
  keywordTable.push(tok);
  keywordsByText.set(text, tok);
  return tok;
}

// Reserved (hard) keywords: never names.
export const Import = keyword("import");
export const ModelKw = keyword("model");
export const Step = keyword("step");
export const Fn = keyword("fn");
export const Schedule = keyword("schedule");
export const Infer = keyword("infer");
export const Return = keyword("return");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const For = keyword("for");
export const In = keyword("in");
export const State = keyword("state");
export const Expand = keyword("expand");
export const Refine = keyword("refine");
export const Noise = keyword("noise");
export const Or = keyword("or", [LogicalOperator]);
export const And = keyword("and", [LogicalOperator]);
export const Not = keyword("not");
export const True = keyword("true");
export const False = keyword("false");
export const None = keyword("none");
// Contextual keywords: keywords only where the grammar expects them, names elsewhere
// (e.g. `length: int = 16`, `scale: scale`, `M.eos`).
export const From = keyword("from", [], true);
export const As = keyword("as", [], true);
export const By = keyword("by", [], true);
export const Until = keyword("until", [], true);
export const Using = keyword("using", [], true);
export const Over = keyword("over", [], true);
export const Masked = keyword("masked", [], true);
export const Noised = keyword("noised", [], true);
export const Batch = keyword("batch", [], true);
export const Scale = keyword("scale", [], true);
export const Cache = keyword("cache", [], true);
export const Onnx = keyword("onnx", [], true);
export const Eos = keyword("eos", [], true);
export const Length = keyword("length", [], true);

/** All keyword token types, hard ones first, in declaration order. */
export const keywordTokens: readonly TokenType[] = keywordTable;

// ------------------------------------------------------------------ operators and punctuation

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, label: `"${text}"`, categories });
}

export const LArrow = punct("LArrow", "<-");
export const RArrow = punct("RArrow", "->");
export const LessEq = punct("LessEq", "<=", [ComparisonOperator]);
export const GreaterEq = punct("GreaterEq", ">=", [ComparisonOperator]);
export const EqEq = punct("EqEq", "==", [ComparisonOperator]);
export const NotEq = punct("NotEq", "!=", [ComparisonOperator]);
export const Less = punct("Less", "<", [ComparisonOperator]);
export const Greater = punct("Greater", ">", [ComparisonOperator]);
export const Equals = punct("Equals", "=");
export const Plus = punct("Plus", "+", [AdditiveOperator]);
export const Minus = punct("Minus", "-", [AdditiveOperator]);
export const Star = punct("Star", "*", [MultiplicativeOperator]);
export const Slash = punct("Slash", "/", [MultiplicativeOperator]);
export const Caret = punct("Caret", "^");
export const Colon = punct("Colon", ":");
export const Comma = punct("Comma", ",");
export const Semicolon = punct("Semicolon", ";");
export const Dot = punct("Dot", ".");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LCurly = punct("LCurly", "{");
export const RCurly = punct("RCurly", "}");
export const At = punct("At", "@");

/** Operators and punctuation, longest first where prefixes overlap. */
export const punctuationTokens: readonly TokenType[] = [
  LArrow, RArrow, LessEq, GreaterEq, EqEq, NotEq, Less, Greater, Equals,
  Plus, Minus, Star, Slash, Caret, Colon, Comma, Semicolon, Dot,
  LParen, RParen, LBracket, RBracket, LCurly, RCurly, At,
];

/** Category tokens (no pattern): needed by the parser's token vocabulary. */
export const categoryTokens: readonly TokenType[] = [
  Name, Keyword, ContextualKeyword, BinaryOperator, LogicalOperator, NonLogicalOperator, ComparisonOperator,
  AdditiveOperator, MultiplicativeOperator, Comment,
];

/**
 * Lexer order: trivia, comments (before "/"), literals, keywords (before Identifier),
 * punctuation. Keywords are tried longest first: with `longer_alt: Identifier`, `noise`
 * tried before `noised` would turn "noised" into an Identifier.
 */
export const lexerTokens: readonly TokenType[] = [
  WhiteSpace, DocComment, BlockComment, LineComment,
  StringLiteral, UnterminatedString, NumberLiteral,
  ...[...keywordTokens].sort((a, b) => (b.PATTERN as string).length - (a.PATTERN as string).length),
  Identifier,
  ...punctuationTokens,
];

/** Full vocabulary of the parser (lexer tokens + categories). */
export const allTokens: readonly TokenType[] = [...categoryTokens, ...lexerTokens];

/** Contract kinds of §5 (identifiers, not keywords; listed for tooling). */
export const contractNames = ["next_token", "heads", "unmask", "denoiser", "flowmap", "consistency"] as const;
/** Built-in type names of §4 (identifiers; listed for tooling). */
export const typeNames = ["int", "float", "bool", "string", "tokens", "latent", "schedule"] as const;

/** Binary precedence (higher binds tighter), §6. `not` sits between `and` and comparisons. */
export const precedence = { or: 1, and: 2, not: 3, comparison: 4, additive: 5, multiplicative: 6 } as const;

/** The one lexer, built once. */
export const inferLexer = new Lexer(lexerTokens as TokenType[], {
  ensureOptimizations: true,
  positionTracking: "full",
});
