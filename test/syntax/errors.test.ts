/** Lex and parse errors: messages, help, spans, recovery. */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { FnDecl, StepDecl } from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parse.js";

const at = (d: Diagnostic) => `${d.span.line}:${d.span.column}`;
const brief = (text: string) =>
  parse(text, "e.infer").diagnostics.map((d) => `${at(d)} ${d.code}: ${d.message}`);

describe("several syntax errors in one file are each reported", () => {
  const text = [
    "step euler(D: denoiser)(x, t -> s)", // 1
    "  return x", // 2: missing "{"
    "}", // 3
    "", // 4
    "fn ok(a) { return a }", // 5
    "", // 6
    "fn g(a b) {", // 7: missing ","
    "  return a", // 8
    "}", // 9
    "", // 10
    "infer p() -> latent[2] {", // 11
    "  x = noise latent[2] scale 80", // 12
    "  refine x karras(steps: 4) using euler(den)", // 13: missing "over"
    "  return x", // 14
    "}", // 15
  ].join("\n");
  const r = parse(text, "three.infer");

  it("reports exactly three diagnostics at the right line:column", () => {
    expect(r.diagnostics.map((d) => `${at(d)} ${d.code}: ${d.message}`)).toEqual([
      '2:3 parse-error: Expected "{" to start the body of step "euler", found "return".',
      '7:8 parse-error: Expected "," or ")" in the parameters of fn "g", found "b".',
      '13:12 parse-error: Expected "over" in the "refine" statement, found "karras".',
    ]);
    for (const d of r.diagnostics) {
      expect(d.severity).toBe("error");
      expect(d.help).toMatch(/\.$/);
      expect(d.span.file).toBe("three.infer");
      expect(text.slice(d.span.start, d.span.end)).toBe(["return", "b", "karras"][r.diagnostics.indexOf(d)]);
    }
  });

  it("still returns the declarations around the errors", () => {
    const names = r.program.declarations.map((d) => ("name" in d ? d.name.name : d.kind));
    expect(names).toContain("ok");
    expect(names).toContain("p");
  });
});

describe("messages say what was expected, where, and what was found", () => {
  const cases: [string, string][] = [
    ["step", '1:5 parse-error: Expected a name in the step declaration, found the end of the file.'],
    ["x = 1", '1:1 parse-error: Expected a declaration ("import", "model", "step", "fn", "schedule" or "infer"), found "x".'],
    ["}", '1:1 parse-error: Expected a declaration ("import", "model", "step", "fn", "schedule" or "infer"), found "}".'],
    ['import { a, } from "x"', '1:13 parse-error: Expected a name in the import, found "}".'],
    ['import { a } from\nfn f() { }', '2:1 parse-error: Expected a string in the import, found "fn".'],
    ["fn f( { }", '1:7 parse-error: Expected ")" to close the parameters of fn "f", found "{".'],
    ["fn f() { x = 1", '1:15 parse-error: Expected a statement or "}" to close the body of fn "f", found the end of the file.'],
    ["fn f() { x = a +* b }", '1:17 parse-error: Expected an expression in the assignment, found "*".'],
    ["fn f() { return }", '1:17 parse-error: Expected an expression in the "return" statement, found "}".'],
    ["fn f() { for i range(3) { } }", '1:16 parse-error: Expected "in" in the "for" loop, found "range".'],
    ["fn f() { if a { } else x = 1 }", '1:24 parse-error: Expected "if" or "{" in the "if" statement, found "x".'],
    ["fn f() { x = f(a: 1 b: 2) }", '1:21 parse-error: Expected "," or ")" in the argument list, found "b".'],
    ["fn f() { x = [1, 2 }", '1:20 parse-error: Expected "," or "]" in the list, found "}".'],
    ["fn f() { x = (1 + 2 }", '1:21 parse-error: Expected ")" to close the parenthesised expression, found "}".'],
    ["fn f() { x = if a then b }", '1:26 parse-error: Expected "else" in the "if ... then ... else" expression, found "}".'],
    ["infer f() { expand y until using s(m) }", '1:28 parse-error: Expected "eos" or "length" in the "until" clause, found "using".'],
    ["infer f() { expand y until eos }", '1:32 parse-error: Expected "using" in the "expand" statement, found "}".'],
    ["infer f() { expand y by 8 until eos { } }", '1:27 parse-error: Expected "masked" or "noised" in the "expand" statement, found "until".'],
    ['model m: unmask(vocab: 3) = onnx("a") {\n  x <= "x"\n}', '2:5 parse-error: Expected "<-" or "->" after "x" in model "m", found "<=".'],
    ['model m: unmask(vocab: 3 = onnx("a") { }', '1:26 parse-error: Expected ")" to close model "m", found "=".'],
    ["step s(D: denoiser)(x, t - s) { return x }", '1:26 parse-error: Expected "->" in the state parameters of step "s", found "-".'],
    ["fn f() { x = f(a: 1, 2) }", '1:22 parse-error: Expected a named argument after "a:", found a positional argument.'],
    ["fn f() { x = a < b < c }", '1:20 parse-error: Expected "and" or "or" between comparisons, found a second comparison "<".'],
    ["fn f() { x = a == not b }", '1:19 parse-error: Expected an expression after "==", found "not".'],
    ["fn f() { x = - not b }", '1:16 parse-error: Expected an expression after "-", found "not".'],
    ["fn f() { x = 2 ^ not b }", '1:18 parse-error: Expected an expression after "^", found "not".'],
    ["fn f() { x = noise latent[] }", '1:27 parse-error: Expected a dimension in the type, found "]".'],
  ];
  it.each(cases)("%j", (text, expected) => {
    const got = brief(text);
    expect(got[0]).toBe(expected);
  });

  it("every parse error has a help sentence", () => {
    for (const [text] of cases) {
      for (const d of parse(text, "e.infer").diagnostics) expect(d.help, text).toMatch(/^[A-Z"].*[.)]$/);
    }
  });
});

describe("lexer errors", () => {
  it("unexpected characters, with hints", () => {
    expect(brief("fn f() { x = 1 # 2 }")).toEqual([
      '1:16 lex-error: Expected a name, number, string, operator or comment, found the character "#".',
    ]);
    const bang = parse("fn f() { x = !a }", "e.infer").diagnostics[0]!;
    expect(bang.help).toBe('Use "not" for negation, or "!=" for inequality.');
    expect(brief("fn f() { x = é }")[0]).toMatch(/^1:14 lex-error: .*found the character "é"\.$/);
  });

  it("a run of bad characters is one error", () => {
    const ds = parse("fn f() { x = 1 ### }", "e.infer").diagnostics;
    expect(ds).toHaveLength(1);
    expect(ds[0]!.span).toMatchObject({ start: 15, end: 18 });
  });

  it("unterminated string: one diagnostic, parsing continues", () => {
    const r = parse('fn f() {\n  x = "abc\n  y = 2\n}', "e.infer");
    expect(r.diagnostics.map((d) => `${at(d)} ${d.code}: ${d.message}`)).toEqual([
      '2:7 lex-error: Expected a closing " to end the string, found the end of the line.',
    ]);
    const f = r.program.declarations[0] as FnDecl;
    expect(f.body.statements.map((s) => s.kind)).toEqual(["AssignStmt", "AssignStmt"]);
  });

  it("unterminated block comment", () => {
    expect(brief("fn f() { }\n/* never closed")).toEqual([
      '2:1 lex-error: Expected "*/" to close the block comment, found the end of the file.',
    ]);
  });

  it("unknown escape sequence", () => {
    const [d] = parse('fn f() { x = "a\\qb" }', "e.infer").diagnostics;
    expect(d!.code).toBe("lex-error");
    expect(d!.message).toBe('Expected an escape sequence (\\", \\\\, \\n or \\t) in the string, found "\\q".');
    expect(d!.span).toMatchObject({ start: 15, end: 17, line: 1, column: 16, endColumn: 17 });
  });
});

describe("spans of errors at the end of the file and of inserted tokens", () => {
  it("EOF errors anchor at the end of the file", () => {
    const text = "fn f() {\n  return 1\n";
    const [d] = parse(text, "e.infer").diagnostics;
    expect(d!.span).toMatchObject({ start: text.length, end: text.length, line: 3, column: 1 });
  });

  it("an error at a declaration boundary names the next declaration's keyword", () => {
    const text = "fn f() { return (1 }\nfn g() { }";
    const r = parse(text, "e.infer");
    expect(r.diagnostics.map(at)).toEqual(["1:20"]);
    const text2 = "import { a } from\nfn g() { }";
    const [d] = parse(text2, "e.infer").diagnostics;
    expect(d!.span).toMatchObject({ start: 18, end: 20, line: 2, column: 1 });
  });

  it("recovery by single-token insertion keeps the rest of the statement", () => {
    const r = parse("fn f() { x = g(1, 2 ; y = 3 }", "e.infer");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/^Expected "," or "\)" in the argument list, found ";"\.$/);
  });

  it("a broken step keeps its neighbours", () => {
    const r = parse(
      "step a(D: denoiser)(x, t -> s) { return x }\nstep b(D: denoiser)(x, t -> s) { return ) }\nstep c(D: denoiser)(y) { return y }",
      "e.infer",
    );
    expect(r.diagnostics.map(at)).toEqual(["2:41"]);
    expect(r.program.declarations.map((d) => (d as StepDecl).name.name)).toEqual(["a", "b", "c"]);
  });
});

describe("never throws", () => {
  it("too deep nesting is one diagnostic for that declaration only", () => {
    const text = "fn f() { x = " + "(".repeat(20000) + "1" + ")".repeat(20000) + " }\nfn g() { return 1 }";
    const r = parse(text, "deep.infer");
    expect(r.diagnostics.map((d) => `${at(d)} ${d.code}`)).toEqual(["1:1 parse-error"]);
    expect(r.program.declarations.map((d) => (d as FnDecl).name.name)).toEqual(["g"]);
  });

  const nasty = [
    "",
    "\u0000",
    "(".repeat(2000),
    "fn f() { x = " + "(".repeat(500) + "1" + ")".repeat(500) + " }",
    "fn f() { x = " + "-".repeat(1000) + "1 }",
    "fn f() { x = 1" + " + 1".repeat(5000) + " }",
    "fn f() { x = 1" + " ^ 1".repeat(5000) + " }",
    "fn f() { x = " + "not ".repeat(5000) + "1 }",
    "fn f() { " + "if a { } else ".repeat(3000) + "{ } }",
    "fn f() { x = " + "[".repeat(5000) + " }\nfn g() { return 1 }",
    "@".repeat(100),
    '"'.repeat(101),
    "/*/",
    "\r\n\r\r\n",
    "step step step",
    "fn f() { if if if }",
    "model m: m() = onnx(\"\") { cache cache cache }",
  ];
  it.each(nasty.map((s) => [s.slice(0, 40), s]))("%j", (_, text) => {
    const r = parse(text, "n.infer");
    for (const d of r.diagnostics) {
      expect(d.message).not.toMatch(/^Internal/);
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
  });
});
