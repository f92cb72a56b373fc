/**
 * Property-based fuzzing of the front end (fast-check). 10,800 generated inputs in total:
 *
 * - random strings over the characters of the token alphabet (and a few others),
 * - random token sequences,
 * - mutations (token deletions, insertions, swaps, duplications) of examples/ and stdlib/,
 * - random expression trees printed with minimal parentheses (a precedence oracle).
 *
 * Properties: parse never throws (nor reports an internal error); every diagnostic and AST
 * span lies inside the text with line/column consistent with its offsets; an input without
 * diagnostics has all its tokens inside declarations and re-parses to the same AST when its
 * tokens are re-joined with single spaces.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as t from "../../grammar/tokens.js";
import type { Span } from "../../src/diagnostics/diagnostic.js";
import type { Expression } from "../../src/syntax/ast.js";
import { parse, type ParseResult } from "../../src/syntax/parse.js";
import { SourceMap } from "../../src/syntax/span.js";
import { visit } from "../../src/syntax/visit.js";
import { strip, sx } from "./helpers.js";

const RUNS = { chars: 2500, tokens: 3000, mutations: 3500, expressions: 1800 };
export const FUZZ_INPUTS = Object.values(RUNS).reduce((a, b) => a + b, 0);

const root = join(import.meta.dirname, "..", "..");
const corpus = ["examples", "stdlib"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".infer"))
    .map((f) => readFileSync(join(root, dir, f), "utf8")),
);

function checkSpan(map: SourceMap, span: Span, what: string): void {
  const n = map.text.length;
  if (!(span.start >= 0 && span.start <= span.end && span.end <= n)) {
    throw new Error(`${what}: span [${span.start}, ${span.end}) outside [0, ${n}]`);
  }
  const p = map.position(span.start);
  const q = span.end > span.start ? map.position(span.end - 1) : p;
  if (p.line !== span.line || p.column !== span.column || q.line !== span.endLine || q.column !== span.endColumn) {
    throw new Error(
      `${what}: span ${span.start}-${span.end} says ${span.line}:${span.column}-${span.endLine}:${span.endColumn}, ` +
        `text says ${p.line}:${p.column}-${q.line}:${q.column}`,
    );
  }
}

/** The properties every input must satisfy; returns the parse result. */
function checkInvariants(text: string): ParseResult {
  const r = parse(text, "fuzz.infer");
  const map = new SourceMap(text, "fuzz.infer");
  for (const d of r.diagnostics) {
    if (d.message.startsWith("Internal")) throw new Error(`internal error on ${JSON.stringify(text)}: ${d.message}`);
    if (d.code !== "lex-error" && d.code !== "parse-error") throw new Error(`unexpected code ${d.code}`);
    if (!d.message.endsWith(".") || !d.help) throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
    checkSpan(map, d.span, `diagnostic "${d.message}"`);
  }
  visit(r.program, { enter: (n) => void checkSpan(map, n.span, n.kind) });
  for (const c of r.comments) checkSpan(map, c.span, "comment");
  if (r.diagnostics.length === 0) checkClean(text, r);
  return r;
}

/** Inputs without diagnostics: nothing dropped, and whitespace-insensitive. */
function checkClean(text: string, r: ParseResult): void {
  const toks = t.inferLexer.tokenize(text).tokens;
  const decls = r.program.declarations;
  let di = 0;
  for (const tok of toks) {
    while (di < decls.length && decls[di]!.span.end <= tok.startOffset) di++;
    const d = decls[di];
    if (d === undefined || d.span.start > tok.startOffset) {
      throw new Error(`token "${tok.image}" at ${tok.startOffset} is outside every declaration`);
    }
  }
  const respaced = toks.map((x) => x.image).join(" ");
  const again = parse(respaced, "fuzz.infer");
  expect(again.diagnostics).toEqual([]);
  const noDoc = (x: unknown) => JSON.parse(JSON.stringify(strip(x), (k, v) => (k === "doc" ? undefined : v)));
  expect(noDoc(again.program)).toEqual(noDoc(r.program));
}

// ---------------------------------------------------------------- generators

const CHARS = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789",
  ..."+-*/^=!<>:,;.()[]{}@\"\\'#%&|~`$?",
  " ", " ", "\t", "\n", "\n", "\r", "é", "\u0000",
];
const charString = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 120 });

const TOKEN_TEXTS = [
  ...t.keywordTokens.map((k) => k.PATTERN as string),
  ...t.punctuationTokens.map((p) => p.PATTERN as string),
  "x", "y", "D", "den", "steps", "t_min", "x0", "_a1",
  "0", "1", "12", "0.5", "1e-3", "2.5E+2",
  '"s"', '"std/continuous"', '"a\\"b"', '"unterminated',
  "// c\n", "/// doc\n", "/* b */", "/* open",
  "\n", "#", "!",
];
const tokenSeq = fc
  .array(fc.tuple(fc.constantFrom(...TOKEN_TEXTS), fc.constantFrom(" ", " ", "\n", "")), { maxLength: 60 })
  .map((parts) => parts.map(([tok, sep]) => tok + sep).join(""));

interface Piece {
  gap: string;
  tok: string;
}
const corpusPieces: Piece[][] = corpus.map((text) => {
  const toks = t.inferLexer.tokenize(text).tokens;
  const pieces: Piece[] = [];
  let end = 0;
  for (const tok of toks) {
    pieces.push({ gap: text.slice(end, tok.startOffset), tok: tok.image });
    end = tok.endOffset! + 1;
  }
  return pieces;
});

type Mutation =
  | { op: "delete"; at: number }
  | { op: "insert"; at: number; tok: string }
  | { op: "swap"; at: number }
  | { op: "dup"; at: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), tok: fc.constantFrom(...TOKEN_TEXTS) }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dup" as const), at: fc.nat() }),
);
const mutated = fc
  .tuple(fc.nat({ max: corpusPieces.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([which, muts]) => {
    const pieces = corpusPieces[which]!.map((p) => ({ ...p }));
    for (const m of muts) {
      if (pieces.length === 0) break;
      const i = m.at % pieces.length;
      if (m.op === "delete") pieces.splice(i, 1);
      else if (m.op === "insert") pieces.splice(i, 0, { gap: " ", tok: m.tok });
      else if (m.op === "dup") pieces.splice(i, 0, { ...pieces[i]! });
      else if (i + 1 < pieces.length) {
        const a = pieces[i]!.tok;
        pieces[i]!.tok = pieces[i + 1]!.tok;
        pieces[i + 1]!.tok = a;
      }
    }
    return pieces.map((p) => p.gap + p.tok).join("");
  });

// Expression trees printed with minimal parentheses, by the precedence table of §6.
type Tree =
  | { k: "atom"; s: string }
  | { k: "bin"; op: string; l: Tree; r: Tree }
  | { k: "neg" | "not"; e: Tree }
  | { k: "call"; f: string; args: Tree[] }
  | { k: "member"; o: Tree; p: string };
const PREC: Record<string, number> = { or: 1, and: 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "^": 8 };
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a", "b", "x0", "1", "2.5", "true", "none").map((s): Tree => ({ k: "atom", s })),
    fc.record({ k: fc.constant("bin" as const), op: fc.constantFrom(...Object.keys(PREC)), l: tie("tree"), r: tie("tree") }),
    fc.record({ k: fc.constantFrom("neg" as const, "not" as const), e: tie("tree") }),
    fc.record({ k: fc.constant("call" as const), f: fc.constantFrom("f", "g"), args: fc.array(tie("tree"), { maxLength: 2 }) }),
    fc.record({ k: fc.constant("member" as const), o: tie("tree"), p: fc.constantFrom("len", "eos", "tail") }),
  ),
}));

function precOf(n: Tree): number {
  switch (n.k) {
    case "atom":
      return 10;
    case "call":
    case "member":
      return 9;
    case "neg":
      return 7;
    case "not":
      return 3;
    case "bin":
      return PREC[n.op]!;
  }
}

/** Prints `n` for a context that needs precedence ≥ `min`. */
function print(n: Tree, min: number): string {
  let s: string;
  switch (n.k) {
    case "atom":
      s = n.s;
      break;
    case "call":
      s = `${n.f}(${n.args.map((a) => print(a, 0)).join(", ")})`;
      break;
    case "member":
      s = `${print(n.o, 9)}.${n.p}`;
      break;
    case "neg":
      s = `-${print(n.e, 8)}`;
      break;
    case "not":
      s = `not ${print(n.e, 4)}`;
      break;
    case "bin": {
      const p = PREC[n.op]!;
      if (n.op === "^") s = `${print(n.l, 9)} ^ ${print(n.r, 7)}`;
      else if (p === 4) s = `${print(n.l, 5)} ${n.op} ${print(n.r, 5)}`;
      else s = `${print(n.l, p)} ${n.op} ${print(n.r, p + 1)}`;
    }
  }
  return precOf(n) >= min ? s : `(${s})`;
}

function treeSx(n: Tree): string {
  switch (n.k) {
    case "atom":
      return n.s;
    case "call":
      return `(call ${n.f}${n.args.map((a) => " " + treeSx(a)).join("")})`;
    case "member":
      return `(. ${treeSx(n.o)} ${n.p})`;
    case "neg":
    case "not":
      return `(${n.k} ${treeSx(n.e)})`;
    case "bin":
      return `(${n.op} ${treeSx(n.l)} ${treeSx(n.r)})`;
  }
}

// ---------------------------------------------------------------- properties

describe(`fuzzing the front end (${FUZZ_INPUTS} inputs)`, () => {
  it(`random character strings (${RUNS.chars})`, () => {
    fc.assert(fc.property(charString, (s) => void checkInvariants(s)), { numRuns: RUNS.chars, seed: 1 });
  });

  it(`random token sequences (${RUNS.tokens})`, () => {
    fc.assert(fc.property(tokenSeq, (s) => void checkInvariants(s)), { numRuns: RUNS.tokens, seed: 2 });
  });

  it(`mutations of examples/ and stdlib/ (${RUNS.mutations})`, () => {
    let withErrors = 0;
    fc.assert(
      fc.property(mutated, (s) => {
        if (checkInvariants(s).diagnostics.length > 0) withErrors++;
      }),
      { numRuns: RUNS.mutations, seed: 3 },
    );
    // Sanity: the generator produces both broken and (some) still-valid programs.
    expect(withErrors).toBeGreaterThan(RUNS.mutations / 2);
    expect(withErrors).toBeLessThan(RUNS.mutations);
  });

  it(`expression trees with minimal parentheses parse back to the same tree (${RUNS.expressions})`, () => {
    fc.assert(
      fc.property(tree, (n) => {
        const text = `fn f() { return ${print(n, 0)} }`;
        const r = checkInvariants(text);
        expect(r.diagnostics).toEqual([]);
        const f = r.program.declarations[0];
        if (f?.kind !== "FnDecl" || f.body.statements[0]?.kind !== "ReturnStmt") throw new Error("no return");
        const got = sx(f.body.statements[0].value as Expression).replace(/\(neg /g, "(neg ");
        expect(got).toBe(treeSx(n));
      }),
      { numRuns: RUNS.expressions, seed: 4 },
    );
  });

  it("counts at least 10,000 inputs", () => {
    expect(FUZZ_INPUTS).toBeGreaterThanOrEqual(10_000);
  });
});
