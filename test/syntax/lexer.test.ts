/**
 * The scanner (`inferLexer`) against its specification: Chevrotain's `Lexer` over the token
 * definitions (`referenceLexer()`). Tokens, comments and errors must be identical — types,
 * images, offsets, lines and columns — on random input and on every file of the repository.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateProgram } from "../../bench/frontend.js";
import type { ILexingError, IToken } from "../../grammar/chevrotain.js";
import * as t from "../../grammar/tokens.js";

const root = join(import.meta.dirname, "..", "..");

const tok = (x: IToken) => ({
  type: x.tokenType.name,
  idx: x.tokenTypeIdx,
  image: x.image,
  start: x.startOffset,
  end: x.endOffset,
  line: x.startLine,
  column: x.startColumn,
  endLine: x.endLine,
  endColumn: x.endColumn,
});
const err = (e: ILexingError) => ({ offset: e.offset, length: e.length, line: e.line, column: e.column, message: e.message });

function same(text: string): void {
  const got = t.inferLexer.tokenize(text);
  const want = t.referenceLexer().tokenize(text);
  expect(got.tokens.map(tok), JSON.stringify(text)).toEqual(want.tokens.map(tok));
  expect(got.groups.comments.map(tok), JSON.stringify(text)).toEqual((want.groups.comments ?? []).map(tok));
  expect(got.errors.map(err), JSON.stringify(text)).toEqual(want.errors.map(err));
}

const CHARS = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789",
  ..."+-*/^=!<>:,;.()[]{}@\"\\'#%&|~`$?",
  " ", "\t", "\n", "\r", "\f", "\v", "é", "\u0000", "\u00a0", "\u2028", "😀",
];
const PIECES = [
  ...t.keywordTokens.map((k) => k.PATTERN as string),
  ...t.punctuationTokens.map((p) => p.PATTERN as string),
  "x", "steps", "in_", "noised", "1", "12", "0.5", "1.", "1.e5", "1e", "1e-", "1e-3", "2.5E+2", "3e+x", "007",
  '"', '"s"', '"a\\"b"', '"a\\', '"\\q"', "\\", "//", "///", "////", "/// doc", "/*", "*/", "/*/", "/**/", "/* a\nb */",
  "\n", "\r\n", "\r", " ", "!", "!=", "#", "é",
];

describe("inferLexer is Chevrotain's lexer over the token definitions", () => {
  it("on random character strings", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 80 }), (s) => same(s)), { numRuns: 3000, seed: 11 });
  });

  it("on random sequences of token fragments", () => {
    const seq = fc.array(fc.constantFrom(...PIECES, ...CHARS), { maxLength: 40 }).map((xs) => xs.join(""));
    fc.assert(fc.property(seq, (s) => same(s)), { numRuns: 3000, seed: 12 });
  });

  it("on every example, stdlib module and the bench program", () => {
    for (const dir of ["examples", "examples/errors", "stdlib"]) {
      for (const f of readdirSync(join(root, dir)).filter((x) => x.endsWith(".infer"))) same(readFileSync(join(root, dir, f), "utf8"));
    }
    same(generateProgram(300));
  });

  it("edge cases", () => {
    for (const s of ["", "a", "\r", "\r\n", "/* \r\n */x", "/* \n", "/*\r", "/* a \n b \r\n c */ d", '"\\', '"a\\\nb"', "1.5e+", "a!b", "!!=", "é😀x"]) same(s);
  });
});

describe("TokenScanner with reuse", () => {
  it("recycles token objects without altering the tokens it was asked to keep", () => {
    const text = generateProgram(200);
    const expected = t.inferLexer.tokenize(text).tokens.map(tok);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 200 }), (steps) => {
        const scanner = new t.TokenScanner(text, { reuse: true });
        const got: ReturnType<typeof tok>[] = [];
        let held: IToken[] = [];
        let s = 0;
        for (let x = scanner.next(); x !== undefined; x = scanner.next()) {
          got.push(tok(x));
          held.push(x);
          const [every, keep] = steps[s % steps.length]!;
          if (held.length >= every) {
            const kept = held.slice(held.length - Math.min(keep, held.length));
            const before = kept.map(tok);
            scanner.release(kept.length);
            // The kept tokens survive the release and the scanning that follows.
            const y = scanner.next();
            expect(kept.map(tok)).toEqual(before);
            if (y === undefined) break;
            got.push(tok(y));
            held = [...kept, y];
            s++;
          }
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});
