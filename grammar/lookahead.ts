/**
 * The parser's lookahead: Chevrotain's LL(k), with a faster function for the alternations that
 * look at two tokens (`name: value` arguments, `name = value` statements, `cache` bindings).
 *
 * Chevrotain decides such an alternation by trying every lookahead path of every alternative in
 * turn, token by token: each argument and each statement tried dozens of paths (about 5% of the
 * parse time). Here the paths are grouped by the token types their first token matches
 * (categories expanded, as Chevrotain does for alternations decided by one token), so only the
 * paths that can start with the next token are tried, in the same order: the same alternative
 * is chosen for every input.
 */
import { LLkLookaheadStrategy, getLookaheadPaths, tokenMatcher, type IToken, type TokenType } from "./chevrotain.js";

type BuildForAlternation = InstanceType<typeof LLkLookaheadStrategy>["buildLookaheadForAlternation"];

/** A lookahead path of alternative `alt`, after its first token. */
interface Candidate {
  readonly alt: number;
  readonly rest: readonly TokenType[];
}

export class FirstTokenLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<BuildForAlternation>[0]): ReturnType<BuildForAlternation> {
    const alts = getLookaheadPaths({
      occurrence: options.prodOccurrence, rule: options.rule, prodType: "Alternation", maxLookahead: options.maxLookahead,
    });
    const paths = alts.flat();
    // Chevrotain's own functions are as good for one-token alternations, and needed for the rest.
    if (options.hasPredicates || options.dynamicTokensEnabled || paths.every((p) => p.length === 1) || paths.some((p) => p.length === 0)) {
      return super.buildLookaheadForAlternation(options);
    }
    // The candidates by the token type (index) of the next token, in alternative and path order.
    const byFirst: Candidate[][] = [];
    alts.forEach((altPaths, alt) => {
      for (const path of altPaths) {
        const first = path[0]!;
        const candidate = { alt, rest: path.slice(1) };
        for (const idx of [first.tokenTypeIdx!, ...(first.categoryMatches ?? [])]) (byFirst[idx] ??= []).push(candidate);
      }
    });
    return function (this: { LA(i: number): IToken }): number | undefined {
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
}
