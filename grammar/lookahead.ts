/**
 * The parser's lookahead functions, built from lookahead paths that are computed once, when the
 * grammar is generated, rather than at every start.
 *
 * - Paths: for each alternation, option and repetition, the token sequences (up to its
 *   maxLookahead) that select it, exactly as Chevrotain's LL(k) computes them
 *   (`getLookaheadPaths`). Computing them took ~12 ms of each cold start; they are stored in
 *   grammar/lookahead.json (written by `npm run gen`, checked by test/syntax/generated.test.ts)
 *   with a fingerprint of the grammar. A grammar that no longer matches the fingerprint has its
 *   paths computed again, so a stale file is slower, never wrong.
 * - Functions: as Chevrotain builds them from the paths, except for alternations that look at
 *   two tokens (`name: value` arguments, `name = value` statements, `cache` bindings). There
 *   Chevrotain tries every path of every alternative in turn, token by token (each argument and
 *   statement tried dozens: ~5% of parse time); here the paths are grouped by the token types
 *   their first token matches, so only those that can start with the next token are tried, in
 *   the same order: the same alternative is chosen for every input.
 */
import { EOF, LLkLookaheadStrategy, getLookaheadPaths, serializeGrammar, tokenMatcher, type IToken, type TokenType } from "./chevrotain.js";

type Strategy = InstanceType<typeof LLkLookaheadStrategy>;
type AlternationOptions = Parameters<Strategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<Strategy["buildLookaheadForOptional"]>[0];
type Rule = AlternationOptions["rule"];
type Paths = TokenType[][][]; // alternatives → paths → tokens
type Parser = { LA(i: number): IToken };

/** grammar/lookahead.json: the paths of every production, by `rule prodType occurrence k`, as token names. */
export interface LookaheadTable {
  readonly fingerprint: string;
  readonly paths: Readonly<Record<string, string[][][]>>;
}

/** A hash of the recorded grammar (its serialized productions): what the paths were computed from. */
export function grammarFingerprint(rules: readonly Rule[]): string {
  const text = JSON.stringify(serializeGrammar(rules as Rule[]));
  // Two 32-bit FNV-1a hashes with different offsets: a stale table must not pass by chance.
  let a = 0x811c9dc5, b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 ^ 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

export class FirstTokenLookahead extends LLkLookaheadStrategy {
  private readonly tokensByName: ReadonlyMap<string, TokenType>;
  private readonly table: LookaheadTable | undefined;
  private stored: LookaheadTable["paths"] | undefined;
  /** The paths used, stored or computed, by key (`npm run gen` writes them as names: `lookaheadTable`). */
  readonly used: Record<string, Paths> = {};

  constructor(options: { maxLookahead: number; tokens: readonly TokenType[]; table?: LookaheadTable | undefined }) {
    super({ maxLookahead: options.maxLookahead });
    this.tokensByName = new Map([...options.tokens, EOF].map((tok) => [tok.name, tok]));
    this.table = options.table;
  }

  /** The paths used, as grammar/lookahead.json stores them (token names), with the grammar's fingerprint. */
  lookaheadTable(rules: readonly Rule[]): LookaheadTable {
    const paths: Record<string, string[][][]> = {};
    for (const [key, alts] of Object.entries(this.used)) paths[key] = alts.map((alt) => alt.map((path) => path.map((tok) => tok.name)));
    return { fingerprint: grammarFingerprint(rules), paths };
  }

  /** Called by Chevrotain with the recorded rules, before any function is built. */
  override initialize(options: { rules: Rule[] }): void {
    this.stored = this.table && this.table.fingerprint === grammarFingerprint(options.rules) ? this.table.paths : undefined;
  }

  private paths(rule: Rule, prodType: string, occurrence: number, maxLookahead: number): Paths {
    const key = `${rule.name} ${prodType} ${occurrence} ${maxLookahead}`;
    const names = this.stored?.[key];
    let paths = names && this.fromNames(names);
    if (!paths) {
      const computed = getLookaheadPaths({ occurrence, rule, prodType: prodType as "Alternation", maxLookahead });
      paths = prodType === "Alternation" ? computed : [computed[0]!];
    }
    this.used[key] = paths;
    return paths;
  }

  /** Stored names back to token types; undefined if one is unknown (the table is stale). */
  private fromNames(names: string[][][]): Paths | undefined {
    const paths: Paths = [];
    for (const alt of names) {
      const altPaths: TokenType[][] = [];
      for (const path of alt) {
        const tokens: TokenType[] = [];
        for (const name of path) {
          const tok = this.tokensByName.get(name);
          if (!tok) return undefined;
          tokens.push(tok);
        }
        altPaths.push(tokens);
      }
      paths.push(altPaths);
    }
    return paths;
  }

  override buildLookaheadForAlternation(options: AlternationOptions): ReturnType<Strategy["buildLookaheadForAlternation"]> {
    // Predicates and dynamic tokens (unused by this grammar) are Chevrotain's own business.
    if (options.hasPredicates || options.dynamicTokensEnabled) return super.buildLookaheadForAlternation(options);
    const alts = this.paths(options.rule, "Alternation", options.prodOccurrence, options.maxLookahead);
    if (alts.some((altPaths) => altPaths.some((path) => path.length === 0))) return firstMatchingAlternative(alts);
    // The candidate paths by the token type (index) of the next token, in alternative and path order.
    const byFirst: Candidate[][] = [];
    let oneToken = true;
    alts.forEach((altPaths, alt) => {
      for (const path of altPaths) {
        if (path.length !== 1) oneToken = false;
        const candidate: Candidate = { alt, rest: path.slice(1) };
        for (const idx of matchingTypes(path[0])) (byFirst[idx] ??= []).push(candidate);
      }
    });
    if (oneToken) {
      // One token decides: the first alternative that the next token can start.
      const choice = byFirst.map((candidates) => candidates[0]!.alt);
      return function (this: Parser) { return choice[this.LA(1).tokenTypeIdx]; };
    }
    return function (this: Parser): number | undefined {
      const candidates = byFirst[this.LA(1).tokenTypeIdx];
      if (candidates === undefined) return undefined;
      next: for (let c = 0; c < candidates.length; c++) {
        const { alt, rest } = candidates[c]!;
        for (let i = 0; i < rest.length; i++) if (!tokenMatcher(this.LA(i + 2), rest[i]!)) continue next;
        return alt;
      }
      return undefined;
    };
  }

  override buildLookaheadForOptional(options: OptionalOptions): ReturnType<Strategy["buildLookaheadForOptional"]> {
    if (options.dynamicTokensEnabled) return super.buildLookaheadForOptional(options);
    const paths = this.paths(options.rule, options.prodType, options.prodOccurrence, options.maxLookahead)[0]!;
    if (paths.every((path) => path.length === 1)) {
      const starts: boolean[] = [];
      for (const path of paths) for (const idx of matchingTypes(path[0])) starts[idx] = true;
      return function (this: Parser) { return starts[this.LA(1).tokenTypeIdx] === true; };
    }
    return function (this: Parser): boolean {
      next: for (let p = 0; p < paths.length; p++) {
        const path = paths[p]!;
        for (let i = 0; i < path.length; i++) if (!tokenMatcher(this.LA(i + 1), path[i]!)) continue next;
        return true;
      }
      return false;
    };
  }
}

/** Chevrotain's general alternation lookahead: the first alternative with a path the input starts with (an empty path always matches). */
function firstMatchingAlternative(alts: Paths): (this: Parser) => number | undefined {
  return function (this: Parser) {
    for (let alt = 0; alt < alts.length; alt++) {
      next: for (const path of alts[alt]!) {
        for (let i = 0; i < path.length; i++) if (!tokenMatcher(this.LA(i + 1), path[i]!)) continue next;
        return alt;
      }
    }
    return undefined;
  };
}

/** A lookahead path of alternative `alt`, after its first token. */
interface Candidate {
  readonly alt: number;
  readonly rest: readonly TokenType[];
}

/** The token type indices a path's first token matches: its own, and its categories' members. */
function matchingTypes(first: TokenType | undefined): number[] {
  return first ? [first.tokenTypeIdx!, ...(first.categoryMatches ?? [])] : [];
}
