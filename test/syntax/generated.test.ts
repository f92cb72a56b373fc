/** Generated grammar artifacts are up to date, and the grammar passes Chevrotain's validations. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateArtifacts, repoRoot, textMateGrammar } from "../../grammar/generate.js";
import { InferParser } from "../../grammar/parser.js";
import * as t from "../../grammar/tokens.js";

const root = repoRoot(import.meta.dirname);

describe("generated artifacts (run `npm run gen` when this fails)", () => {
  const artifacts = generateArtifacts(root);
  it.each([...artifacts.keys()])("%s is up to date", (rel) => {
    const onDisk = readFileSync(join(root, rel), "utf8");
    expect(onDisk === artifacts.get(rel), `${rel} is stale: run npm run gen`).toBe(true);
  });

  it("diagrams.html loads its scripts locally", () => {
    const html = artifacts.get("grammar/diagrams.html")!;
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("./diagrams/vendor/railroad-diagrams.js");
  });
});

describe("grammar", () => {
  it("builds with Chevrotain's grammar validations on (no ambiguities, no left recursion)", () => {
    expect(() => new InferParser({ skipValidations: false })).not.toThrow();
  });

  it("every keyword lexes as itself, and as part of a longer word as an identifier", () => {
    for (const kw of t.keywordTokens) {
      const word = kw.PATTERN as string;
      const alone = t.inferLexer.tokenize(word).tokens;
      expect(alone.map((x) => x.tokenType.name), word).toEqual([kw.name]);
      for (const longer of [`${word}x`, `${word}_`, `${word}1`]) {
        const toks = t.inferLexer.tokenize(longer).tokens;
        expect(toks.map((x) => x.tokenType), longer).toEqual([t.Identifier]);
      }
    }
  });

  it("every token has a readable label", () => {
    for (const tok of t.allTokens) expect(tok.LABEL, tok.name).toBeTruthy();
  });

  it("the keyword list matches docs/language.md §1", () => {
    const doc = readFileSync(join(root, "docs", "language.md"), "utf8");
    const section = /Keywords are reserved[^`]*((?:`[^`]+`\s*)+)/.exec(doc)?.[1] ?? "";
    const documented = section.replace(/`/g, " ").split(/\s+/).filter(Boolean).sort();
    expect(documented).toEqual(t.keywordTokens.map((k) => k.PATTERN as string).sort());
  });

  it("the contextual keywords match docs/language.md §1", () => {
    const doc = readFileSync(join(root, "docs", "language.md"), "utf8");
    const list = /\*\*contextual\*\* keywords `([^`]+)`/.exec(doc)?.[1] ?? "";
    const documented = list.replace(/\s+/g, " ").trim().split(" ").sort();
    const contextual = t.keywordTokens.filter((k) => k.CATEGORIES?.includes(t.ContextualKeyword));
    expect(documented).toEqual(contextual.map((k) => k.PATTERN as string).sort());
  });

  it("the TextMate grammar's regexes compile and cover every keyword", () => {
    const g = JSON.stringify(textMateGrammar());
    for (const kw of t.keywordTokens) expect(g).toContain(kw.PATTERN as string);
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (typeof x !== "object" || x === null) return;
      for (const [k, v] of Object.entries(x)) {
        if ((k === "match" || k === "begin" || k === "end") && typeof v === "string") expect(() => new RegExp(v)).not.toThrow();
        else walk(v);
      }
    };
    walk(textMateGrammar());
  });
});
