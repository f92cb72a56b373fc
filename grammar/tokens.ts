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
import { createToken, Lexer, type ILexingError, type IToken, type TokenType } from "./chevrotain.js";

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

// ------------------------------------------------------------------ the lexer

/** The result of lexing: the shape of Chevrotain's `ILexingResult`. */
export interface LexResult {
  /** Tokens for the parser, in order (whitespace and comments excluded). */
  readonly tokens: IToken[];
  /** Token groups; `comments` holds every comment token, in order. */
  readonly groups: { readonly comments: IToken[] };
  readonly errors: ILexingError[];
}

/**
 * The lexer the compiler uses: a hand-written scanner over char codes that implements exactly
 * the token definitions above, in `lexerTokens` order (first pattern wins, keywords yield to a
 * longer identifier) — what Chevrotain's `Lexer` does with them, and what
 * test/syntax/lexer.test.ts checks against `referenceLexer()` on random input. It is 10-20x
 * faster than the generic lexer because it never tries a pattern that cannot start with the
 * current character, and it tracks lines with one counter instead of re-scanning images.
 * Tokens carry full positions (offsets, 1-based lines and columns), like `positionTracking: "full"`.
 */
export const inferLexer = { tokenize: scan };

let reference: InstanceType<typeof Lexer> | undefined;

/** Chevrotain's lexer over `lexerTokens` (built on first use): the executable specification of `inferLexer`. */
export function referenceLexer(): InstanceType<typeof Lexer> {
  return (reference ??= new Lexer(lexerTokens as TokenType[], { ensureOptimizations: true, positionTracking: "full" }));
}

/** Character classes for the scanner (ASCII only; everything else is an error character). */
const enum Ch {
  Error = 0,
  Space,
  Newline,
  Return,
  Letter,
  Digit,
  Quote,
  Slash,
  /** Single-character punctuation with no longer alternative. */
  Punct,
  Less,
  Greater,
  Minus,
  Eq,
  Bang,
}

const charClass = new Uint8Array(128);
/** Punctuation token type by char code, for `Ch.Punct`. */
const punctByCode: (TokenType | undefined)[] = [];
{
  for (const c of " \t\f\v") charClass[c.charCodeAt(0)] = Ch.Space;
  charClass[10] = Ch.Newline;
  charClass[13] = Ch.Return;
  for (let c = 65; c <= 90; c++) charClass[c] = charClass[c + 32] = Ch.Letter;
  charClass[95] = Ch.Letter;
  for (let c = 48; c <= 57; c++) charClass[c] = Ch.Digit;
  charClass[34] = Ch.Quote;
  charClass[47] = Ch.Slash;
  charClass[60] = Ch.Less;
  charClass[62] = Ch.Greater;
  charClass[45] = Ch.Minus;
  charClass[61] = Ch.Eq;
  charClass[33] = Ch.Bang;
  for (const tok of [Plus, Star, Caret, Colon, Comma, Semicolon, Dot, LParen, RParen, LBracket, RBracket, LCurly, RCurly, At]) {
    const code = (tok.PATTERN as string).charCodeAt(0);
    charClass[code] = Ch.Punct;
    punctByCode[code] = tok;
  }
}

function isWordChar(c: number): boolean {
  return c < 128 && (charClass[c] === Ch.Letter || charClass[c] === Ch.Digit);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * A token. Its fields are in another order than in Chevrotain's own tokens on purpose: V8 shares
 * one hidden class between objects built with the same fields in the same order, and
 * Chevrotain's EOF and recovery tokens hold NaN positions, which would make every position of
 * every token (and every span computed from them) a boxed double: 60% more memory for the AST.
 */
function token(tt: TokenType, image: string, start: number, line: number, column: number): IToken {
  const len = image.length;
  return {
    tokenType: tt,
    tokenTypeIdx: tt.tokenTypeIdx!,
    image,
    startOffset: start,
    endOffset: start + len - 1,
    startLine: line,
    endLine: line,
    startColumn: column,
    endColumn: column + len - 1,
  };
}

/**
 * The distinct texts of a file's words, numbers and strings, each one string object (the
 * parser and the AST share it), with its token type. An open-addressing table looked up by the
 * characters in place, so a repeated name allocates nothing.
 */
class Images {
  private keys: (string | undefined)[] = new Array(512);
  private types: TokenType[] = new Array(512);
  private count = 0;

  /**
   * The slot of `text[start, end)`, added when new. `tt`: its token type (undefined: a word,
   * which is a keyword or an identifier).
   */
  find(text: string, start: number, end: number, tt: TokenType | undefined): number {
    let h = 0;
    for (let j = start; j < end; j++) h = (Math.imul(h, 31) + text.charCodeAt(j)) | 0;
    const keys = this.keys;
    const mask = keys.length - 1;
    const len = end - start;
    let slot = h & mask;
    for (let k = keys[slot]; k !== undefined; k = keys[slot]) {
      if (k.length === len && text.startsWith(k, start) && (tt === undefined || this.types[slot] === tt)) return slot;
      slot = (slot + 1) & mask;
    }
    const image = text.slice(start, end);
    keys[slot] = image;
    this.types[slot] = tt ?? keywordsByText.get(image) ?? Identifier;
    if (++this.count * 2 > keys.length) return this.grow(slot);
    return slot;
  }

  image(slot: number): string {
    return this.keys[slot]!;
  }

  type(slot: number): TokenType {
    return this.types[slot]!;
  }

  /** Doubles the table; returns the new slot of the entry at `old`. */
  private grow(old: number): number {
    const keys = this.keys;
    const types = this.types;
    const size = keys.length * 2;
    this.keys = new Array(size);
    this.types = new Array(size);
    let moved = 0;
    for (let s = 0; s < keys.length; s++) {
      const k = keys[s];
      if (k === undefined) continue;
      let h = 0;
      for (let j = 0; j < k.length; j++) h = (Math.imul(h, 31) + k.charCodeAt(j)) | 0;
      let slot = h & (size - 1);
      while (this.keys[slot] !== undefined) slot = (slot + 1) & (size - 1);
      this.keys[slot] = k;
      this.types[slot] = types[s]!;
      if (s === old) moved = slot;
    }
    return moved;
  }
}

/**
 * The scanner behind `inferLexer`, usable one token at a time (the parser consumes tokens
 * declaration by declaration, so they die young). Comments go to `comments` (doc comments
 * also to `docComments`), unmatched characters to `errors`, one error per run.
 */
export class TokenScanner {
  readonly comments: IToken[] = [];
  readonly docComments: IToken[] = [];
  readonly errors: ILexingError[] = [];
  private i = 0;
  private line = 1;
  private lineStart = 0;
  /** With `reuse`: token objects, the first `used` of them handed out since the last `release`. */
  private readonly pool: IToken[] | undefined;
  private used = 0;
  private readonly images = new Images();

  /**
   * `reuse`: recycle token objects. The caller promises to keep no token beyond the next
   * `release` except the ones it names there (the parser consumes a declaration's tokens
   * and drops them; comments are never recycled).
   */
  constructor(
    readonly text: string,
    options: { reuse?: boolean } = {},
  ) {
    this.pool = options.reuse ? [] : undefined;
  }

  /** With `reuse`: every token handed out so far is free again, except the last `keep` ones. */
  release(keep: number): void {
    const pool = this.pool!;
    if (keep > 0) pool.unshift(...pool.splice(this.used - keep, keep));
    this.used = keep;
  }

  private make(tt: TokenType, image: string, start: number, line: number, column: number): IToken {
    const pool = this.pool;
    if (pool === undefined) return token(tt, image, start, line, column);
    let tok = pool[this.used++];
    if (tok === undefined) pool.push((tok = token(tt, image, start, line, column)));
    else {
      const len = image.length;
      tok.image = image;
      tok.startOffset = start;
      tok.endOffset = start + len - 1;
      tok.startLine = line;
      tok.endLine = line;
      tok.startColumn = column;
      tok.endColumn = column + len - 1;
      tok.tokenTypeIdx = tt.tokenTypeIdx!;
      tok.tokenType = tt;
    }
    return tok;
  }

  /** The next token for the parser, or undefined at the end of the text. Never throws. */
  next(): IToken | undefined {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    let line = this.line;
    let lineStart = this.lineStart;
    let tok: IToken | undefined;
    while (tok === undefined && i < n) {
      const c = text.charCodeAt(i);
      const cls = c < 128 ? charClass[c]! : Ch.Error;
      const start = i;
      const column = i - lineStart + 1;
      switch (cls) {
        case Ch.Space:
          i++;
          continue;
        case Ch.Newline:
          line++;
          lineStart = ++i;
          continue;
        case Ch.Return:
          if (text.charCodeAt(++i) === 10) i++;
          line++;
          lineStart = i;
          continue;
        case Ch.Letter: {
          i++;
          while (i < n && isWordChar(text.charCodeAt(i))) i++;
          const slot = this.images.find(text, start, i, undefined);
          tok = this.make(this.images.type(slot), this.images.image(slot), start, line, column);
          continue;
        }
        case Ch.Digit: {
          i++;
          while (isDigit(text.charCodeAt(i))) i++;
          if (text.charCodeAt(i) === 46 /* . */ && isDigit(text.charCodeAt(i + 1))) {
            i += 2;
            while (isDigit(text.charCodeAt(i))) i++;
          }
          const e = text.charCodeAt(i);
          if (e === 101 || e === 69 /* e E */) {
            const s = text.charCodeAt(i + 1);
            const digits = isDigit(s) ? i + 1 : (s === 43 || s === 45) /* + - */ && isDigit(text.charCodeAt(i + 2)) ? i + 2 : -1;
            if (digits > 0) {
              i = digits;
              while (isDigit(text.charCodeAt(i))) i++;
            }
          }
          const slot = this.images.find(text, start, i, NumberLiteral);
          tok = this.make(NumberLiteral, this.images.image(slot), start, line, column);
          continue;
        }
        case Ch.Quote: {
          // StringLiteral, or UnterminatedString up to the end of the line (with a final "\\").
          let tt = UnterminatedString;
          i++;
          for (;;) {
            if (i >= n) break;
            const d = text.charCodeAt(i);
            if (d === 34) {
              i++;
              tt = StringLiteral;
              break;
            }
            if (d === 10 || d === 13) break;
            if (d === 92 /* \\ */) {
              const e = i + 1 < n ? text.charCodeAt(i + 1) : -1;
              if (e === -1 || e === 10 || e === 13) {
                i++;
                break;
              }
              i += 2;
              continue;
            }
            i++;
          }
          const slot = this.images.find(text, start, i, tt);
          tok = this.make(tt, this.images.image(slot), start, line, column);
          continue;
        }
        case Ch.Slash: {
          const d = text.charCodeAt(i + 1);
          if (d === 47 /* / */) {
            const doc = text.charCodeAt(i + 2) === 47 && text.charCodeAt(i + 3) !== 47;
            i += 2;
            while (i < n) {
              const e = text.charCodeAt(i);
              if (e === 10 || e === 13) break;
              i++;
            }
            const comment = token(doc ? DocComment : LineComment, text.slice(start, i), start, line, column);
            this.comments.push(comment);
            if (doc) this.docComments.push(comment);
            continue;
          }
          if (d === 42 /* * */) {
            const close = text.indexOf("*/", i + 2);
            i = close < 0 ? n : close + 2;
            const comment = token(BlockComment, text.slice(start, i), start, line, column);
            // Line breaks inside the comment (\n, \r\n, \r), as Chevrotain counts them.
            let breaks = 0;
            let lastBreakEnd = -1;
            for (let j = start + 2; j < i; j++) {
              const e = text.charCodeAt(j);
              if (e === 10 || e === 13) {
                if (e === 13 && j + 1 < i && text.charCodeAt(j + 1) === 10) j++;
                breaks++;
                lastBreakEnd = j;
              }
            }
            if (breaks > 0) {
              line += breaks;
              lineStart = lastBreakEnd + 1;
              if (!(breaks === 1 && lastBreakEnd === i - 1)) {
                const endsWithBreak = lastBreakEnd === i - 1;
                comment.endLine = line - (endsWithBreak ? 1 : 0);
                comment.endColumn = i - lineStart + (endsWithBreak ? 1 : 0);
              }
            }
            this.comments.push(comment);
            continue;
          }
          i++;
          tok = this.make(Slash, "/", start, line, column);
          continue;
        }
        case Ch.Punct:
          i++;
          tok = this.make(punctByCode[c]!, punctByCode[c]!.PATTERN as string, start, line, column);
          continue;
        case Ch.Less: {
          const d = text.charCodeAt(i + 1);
          const tt = d === 45 ? LArrow : d === 61 ? LessEq : Less;
          i += tt === Less ? 1 : 2;
          tok = this.make(tt, tt.PATTERN as string, start, line, column);
          continue;
        }
        case Ch.Greater: {
          const tt = text.charCodeAt(i + 1) === 61 ? GreaterEq : Greater;
          i += tt === Greater ? 1 : 2;
          tok = this.make(tt, tt.PATTERN as string, start, line, column);
          continue;
        }
        case Ch.Minus: {
          const tt = text.charCodeAt(i + 1) === 62 ? RArrow : Minus;
          i += tt === Minus ? 1 : 2;
          tok = this.make(tt, tt.PATTERN as string, start, line, column);
          continue;
        }
        case Ch.Eq: {
          const tt = text.charCodeAt(i + 1) === 61 ? EqEq : Equals;
          i += tt === Equals ? 1 : 2;
          tok = this.make(tt, tt.PATTERN as string, start, line, column);
          continue;
        }
        case Ch.Bang:
          if (text.charCodeAt(i + 1) === 61) {
            i += 2;
            tok = this.make(NotEq, "!=", start, line, column);
            continue;
          }
          i = this.error(start, line, column);
          continue;
        default:
          i = this.error(start, line, column);
      }
    }
    this.i = i;
    this.line = line;
    this.lineStart = lineStart;
    return tok;
  }

  /** After the last token: the 1-based line and column of the text's last character (1:1 when empty). */
  lastPosition(): { line: number; column: number } {
    const text = this.text;
    const o = text.length - 1;
    if (o < 0) return { line: 1, column: 1 };
    if (o >= this.lineStart) return { line: this.line, column: o - this.lineStart + 1 };
    // The text ends with a line break, which ends the line before.
    let j = text.charCodeAt(o) === 10 && text.charCodeAt(o - 1) === 13 ? o - 2 : o - 1;
    while (j >= 0 && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j--;
    return { line: this.line - 1, column: o - j };
  }

  /** A run of characters that start no token, from `start`: one error (Chevrotain's lexer recovery). Returns its end. */
  private error(start: number, line: number, column: number): number {
    const text = this.text;
    let i = start + 1;
    while (i < text.length && !startsToken(text, i)) i++;
    const length = i - start;
    this.errors.push({
      offset: start,
      line,
      column,
      length,
      message: `unexpected character: ->${text.charAt(start)}<- at offset: ${start}, skipped ${length} characters.`,
    });
    return i;
  }
}

/** Lexes all of `text` (see `inferLexer`). */
function scan(text: string): LexResult {
  const scanner = new TokenScanner(text);
  const tokens: IToken[] = [];
  for (let tok = scanner.next(); tok !== undefined; tok = scanner.next()) tokens.push(tok);
  return { tokens, groups: { comments: scanner.comments }, errors: scanner.errors };
}

/** Whether some token (or whitespace) matches at `i`. */
function startsToken(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 128) return false;
  const cls = charClass[c]!;
  if (cls === Ch.Bang) return text.charCodeAt(i + 1) === 61;
  return cls !== Ch.Error;
}
