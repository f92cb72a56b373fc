/** AST shape tests, one group per construct of docs/language.md. */
import { describe, expect, it } from "vitest";
import type {
  ExpandStmt,
  FnDecl,
  IfStmt,
  ImportDecl,
  InferDecl,
  ModelDecl,
  RefineStmt,
  ScheduleDecl,
  StepDecl,
} from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { decl, expr, ok, stmts, strip, sx } from "./helpers.js";

const id = (name: string) => ({ kind: "Identifier", name });
const num = (raw: string, isInteger = !/[.eE]/.test(raw)) => ({ kind: "NumberLiteral", value: Number(raw), isInteger, raw });
const nameExpr = (name: string) => ({ kind: "NameExpr", name: id(name) });
const str = (value: string) => ({ kind: "StringLiteral", value });

describe("§1 lexical structure", () => {
  it("numbers: integers have no '.' and no exponent", () => {
    expect(strip(expr("12"))).toEqual(num("12", true));
    expect(strip(expr("0.5"))).toEqual(num("0.5", false));
    expect(strip(expr("1e-3"))).toEqual(num("1e-3", false));
    expect(strip(expr("2.5E+2"))).toEqual({ kind: "NumberLiteral", value: 250, isInteger: false, raw: "2.5E+2" });
  });

  it("strings are unescaped", () => {
    expect(strip(expr(String.raw`"a\"b\\c\nd\te"`))).toEqual(str('a"b\\c\nd\te'));
    expect(strip(expr('""'))).toEqual(str(""));
  });

  it("true, false, none", () => {
    expect(sx(expr("[true, false, none]"))).toBe("[true false none]");
  });

  it("keywords are not names, but longer words starting with a keyword are", () => {
    expect(sx(expr("steps + infer_x + noised_y + iffy"))).toBe("(+ (+ (+ steps infer_x) noised_y) iffy)");
  });

  it("contextual keywords are names outside their construct", () => {
    const d = decl(`infer f(length: int = 16, scale: float = 2, eos: int = 1, batch: int = 4) {
      y = repeat(mdm.mask, length)
      cache = scale * batch
      x = guided(den, cond: c, scale: scale)
      return M.eos
    }`) as InferDecl;
    expect(d.params.map((p) => p.name.name)).toEqual(["length", "scale", "eos", "batch"]);
    expect(d.body.statements.map((s) => (s.kind === "AssignStmt" ? s.target.name : s.kind))).toEqual([
      "y",
      "cache",
      "x",
      "ReturnStmt",
    ]);
  });

  it("comments are kept with spans; `;` separators are optional", () => {
    const r = ok("// line\n/* block\n */ fn f() { x = 1; y = 2 /* in */ ; } /// trailing doc-like");
    expect(r.comments.map((c) => [c.kind, c.text])).toEqual([
      ["line", "// line"],
      ["block", "/* block\n */"],
      ["block", "/* in */"],
      ["doc", "/// trailing doc-like"],
    ]);
    expect(r.comments[1]!.span).toMatchObject({ start: 8, line: 2, column: 1, endLine: 3, endColumn: 3 });
    const f = r.program.declarations[0] as FnDecl;
    expect(f.body.statements).toHaveLength(2);
  });

  it("//// is a plain comment, not a doc comment", () => {
    expect(ok("//// x\nfn f() { }").comments[0]!.kind).toBe("line");
  });
});

describe("§2 imports", () => {
  it("specifiers with and without `as`", () => {
    const d = decl('import { euler, heun as heun2 } from "std/continuous"') as ImportDecl;
    expect(strip(d)).toEqual({
      kind: "ImportDecl",
      annotations: [],
      specifiers: [
        { kind: "ImportSpecifier", imported: id("euler"), local: id("euler") },
        { kind: "ImportSpecifier", imported: id("heun"), local: id("heun2") },
      ],
      source: str("std/continuous"),
    });
  });
});

describe("§3 annotations and doc comments", () => {
  it("annotations on declarations and statements", () => {
    const d = decl(`@allow("unused", "kept for later") @approx
infer f() {
  @approx refine y over steps(8) using unmask(mdm)
  @allow("x", "y")
  z = 1
}`) as InferDecl;
    expect(strip(d.annotations)).toEqual([
      { kind: "Annotation", name: id("allow"), args: [str("unused"), str("kept for later")] },
      { kind: "Annotation", name: id("approx"), args: [] },
    ]);
    expect(d.body.statements.map((s) => s.annotations.map((a) => a.name.name))).toEqual([["approx"], ["allow"]]);
  });

  it("`///` lines directly above a declaration are its doc", () => {
    const r = ok(`/// Module doc, separated by a blank line.

/// First line.
///   indented second line.
@approx
step s(D: denoiser)(x, t -> s) { return x }
/// Not attached: a blank line follows.

fn g() { return 1 }
// A plain comment breaks the run.
/// Attached.
fn h() { return 2 } /// trailing
fn k() { return 3 }`);
    const docs = r.program.declarations.map((d) => d.doc);
    expect(docs).toEqual(["First line.\n  indented second line.", undefined, "Attached.", undefined]);
    expect("doc" in r.program.declarations[1]!).toBe(false);
  });

  it("the stdlib's doc comments are attached", () => {
    const r = ok(`/// The x0-prediction of D at (x, t).
fn x0_of(D: denoiser, x, t) { return x }`);
    expect(r.program.declarations[0]!.doc).toBe("The x0-prediction of D at (x, t).");
  });
});

describe("§5 models", () => {
  it("contract args, backend, port and cache bindings in source order", () => {
    const d = decl(`model lm: next_token(vocab: 64, bos: 0, eos: 1, time: [0.002, 80], pred: x0) = onnx("m.onnx") {
  tokens <- "input_ids"; logits -> "logits"
  cache "past.%d.key" -> "present.%d.key"
  position_ids <- "position_ids"
}`) as ModelDecl;
    expect(strip(d)).toEqual({
      kind: "ModelDecl",
      annotations: [],
      name: id("lm"),
      contract: id("next_token"),
      contractArgs: [
        { kind: "NamedArg", name: id("vocab"), value: num("64") },
        { kind: "NamedArg", name: id("bos"), value: num("0") },
        { kind: "NamedArg", name: id("eos"), value: num("1") },
        { kind: "NamedArg", name: id("time"), value: { kind: "ListLiteral", elements: [num("0.002"), num("80")] } },
        { kind: "NamedArg", name: id("pred"), value: nameExpr("x0") },
      ],
      backend: id("onnx"),
      path: str("m.onnx"),
      bindings: [
        { kind: "PortBinding", port: id("tokens"), direction: "in", onnxName: str("input_ids") },
        { kind: "PortBinding", port: id("logits"), direction: "out", onnxName: str("logits") },
        { kind: "CacheBinding", input: str("past.%d.key"), output: str("present.%d.key") },
        { kind: "PortBinding", port: id("position_ids"), direction: "in", onnxName: str("position_ids") },
      ],
    });
  });

  it("empty contract arguments and bindings", () => {
    const d = decl('model m: consistency() = onnx("c.onnx") { }') as ModelDecl;
    expect(d.contractArgs).toEqual([]);
    expect(d.bindings).toEqual([]);
  });
});

describe("§6 functions, steps, schedules", () => {
  it("refine step: (x, t -> s)", () => {
    const d = decl("step euler(D: denoiser, eta: float = 0)(x, t -> s) { return x }") as StepDecl;
    expect(strip(d.params)).toEqual([
      { kind: "Param", name: id("D"), type: { kind: "TypeRef", name: id("denoiser"), dims: [] } },
      { kind: "Param", name: id("eta"), type: { kind: "TypeRef", name: id("float"), dims: [] }, default: num("0") },
    ]);
    expect(strip(d.stateParams)).toEqual({
      kind: "StateParams",
      state: { kind: "Param", name: id("x") },
      from: id("t"),
      to: id("s"),
    });
  });

  it("expand step: (y), with an optional state type", () => {
    const d = decl("step greedy(M: next_token)(y) { return argmax(M(y)) }") as StepDecl;
    expect(strip(d.stateParams)).toEqual({ kind: "StateParams", state: { kind: "Param", name: id("y") } });
    const e = decl("step g(M: next_token)(y: tokens[16]) { return y }") as StepDecl;
    expect(sx(e.stateParams.state.type!.dims[0]!)).toBe("16");
  });

  it("fn params without types; schedule with defaults; `schedule` as a type", () => {
    const f = decl("fn x0_of(D: denoiser, x, t) { return x }") as FnDecl;
    expect(f.params.map((p) => [p.name.name, p.type?.name.name])).toEqual([
      ["D", "denoiser"],
      ["x", undefined],
      ["t", undefined],
    ]);
    const s = decl("schedule k(steps: int, rho: float = 7, base: schedule = [1, 0]) { return [1, 0] }") as ScheduleDecl;
    expect(s.params.map((p) => [p.name.name, p.type?.name.name, p.default && sx(p.default)])).toEqual([
      ["steps", "int", undefined],
      ["rho", "float", "7"],
      ["base", "schedule", "[1 0]"],
    ]);
  });

  it("statements: assignment, state, return, expression statement", () => {
    expect(strip(stmts("state x0_prev = zeros_like(x)\nt_prev = -1\nlog(x)\nreturn x"))).toEqual([
      {
        kind: "StateStmt",
        annotations: [],
        target: id("x0_prev"),
        init: { kind: "CallExpr", callee: nameExpr("zeros_like"), args: [nameExpr("x")], namedArgs: [] },
      },
      {
        kind: "AssignStmt",
        annotations: [],
        target: id("t_prev"),
        value: { kind: "UnaryExpr", operator: "-", operand: num("1") },
      },
      {
        kind: "ExprStmt",
        annotations: [],
        expression: { kind: "CallExpr", callee: nameExpr("log"), args: [nameExpr("x")], namedArgs: [] },
      },
      { kind: "ReturnStmt", annotations: [], value: nameExpr("x") },
    ]);
  });

  it("if / else if / else", () => {
    const [s] = stmts(`if a == 1 { x = 1 } else if a == 2 { x = 2 } else { x = 3 }`) as IfStmt[];
    expect(sx(s!.condition)).toBe("(== a 1)");
    expect(s!.then.statements).toHaveLength(1);
    const elseIf = s!.else as IfStmt;
    expect(elseIf.kind).toBe("IfStmt");
    expect(elseIf.annotations).toEqual([]);
    expect(sx(elseIf.condition)).toBe("(== a 2)");
    expect(elseIf.else?.kind).toBe("Block");
    const [plain] = stmts("if c { }") as IfStmt[];
    expect("else" in plain!).toBe(false);
  });

  it("for i in range(n)", () => {
    const [s] = stmts("for i in range(gamma - 1) { d = concat(d, i) }");
    expect(s!.kind).toBe("ForStmt");
    if (s!.kind !== "ForStmt") return;
    expect(s.variable.name).toBe("i");
    expect(sx(s.iterable)).toBe("(call range (- gamma 1))");
    expect(s.body.statements).toHaveLength(1);
  });
});

describe("§6 expressions: precedence and associativity", () => {
  const cases: [string, string][] = [
    ["a + b * c", "(+ a (* b c))"],
    ["a * b + c", "(+ (* a b) c)"],
    ["a - b - c", "(- (- a b) c)"],
    ["a / b / c", "(/ (/ a b) c)"],
    ["a ^ b ^ c", "(^ a (^ b c))"],
    ["-a ^ 2", "(neg (^ a 2))"],
    ["2 ^ -1", "(^ 2 (neg 1))"],
    ["- - a", "(neg (neg a))"],
    ["-a * b", "(* (neg a) b)"],
    ["a * -b", "(* a (neg b))"],
    ["(a + b) * c", "(* (+ a b) c)"],
    ["a < b + 1", "(< a (+ b 1))"],
    ["a == b and c != d", "(and (== a b) (!= c d))"],
    ["a or b and c", "(or a (and b c))"],
    ["a and b or c", "(or (and a b) c)"],
    ["not a and b", "(and (not a) b)"],
    ["not a == b", "(not (== a b))"],
    ["a or not b", "(or a (not b))"],
    ["not not a", "(not (not a))"],
    ["t_prev < 0 or s == 0", "(or (< t_prev 0) (== s 0))"],
    ["a <= b", "(<= a b)"],
    ["a >= b", "(>= a b)"],
    ["a > b", "(> a b)"],
    ["x.y.z", "(. (. x y) z)"],
    ["D.alpha(t) * x0", "(* (call (. D alpha) t) x0)"],
    ["M.score(y, d)", "(call (. M score) y d)"],
    ["f(x)(y)", "(call (call f x) y)"],
    ["xs[i + 1][0]", "(idx (idx xs (+ i 1)) 0)"],
    ["y.tail(8).len", "(. (call (. y tail) 8) len)"],
    ["a ^ f(x)[0]", "(^ a (idx (call f x) 0))"],
    ["-f(x).y", "(neg (. (call f x) y))"],
    ["commit(y, U(y), n: n, order: \"random\")", '(call commit y (call U y) n:n order:"random")'],
    ["verify(d, q: softmax(ql), p: softmax(pl))", "(call verify d q:(call softmax ql) p:(call softmax pl))"],
    ["f()", "(call f)"],
    ["[]", "[]"],
    ["[1, [2, 3]]", "[1 [2 3]]"],
    ["if c then a else b", "(if c a b)"],
    ["if c then a else b + 1", "(if c a (+ b 1))"],
    ["1 + if c then a else b * 2", "(+ 1 (if c a (* b 2)))"],
    ["if a then if b then 1 else 2 else 3", "(if a (if b 1 2) 3)"],
    ["noise latent[2] batch n scale 80", "(noise latent[2] batch:n scale:80)"],
    ["noise latent[2, 3]", "(noise latent[2 3])"],
    ["noise tokens scale s", "(noise tokens scale:s)"],
    ["noise latent[2] scale 80 * 2", "(* (noise latent[2] scale:80) 2)"],
    ["noise latent[d] batch (n * 2) scale -s", "(noise latent[d] batch:(* n 2) scale:(neg s))"],
  ];
  it.each(cases)("%s  →  %s", (src, expected) => {
    expect(sx(expr(src))).toBe(expected);
  });

  it("the karras schedule body", () => {
    expect(sx(expr("concat((t_max ^ (1 / rho) + i * (t_min ^ (1 / rho) - t_max ^ (1 / rho))) ^ rho, [0])"))).toBe(
      "(call concat (^ (+ (^ t_max (/ 1 rho)) (* i (- (^ t_min (/ 1 rho)) (^ t_max (/ 1 rho))))) rho) [0])",
    );
  });

  it("spans: binary from left to right operand; parentheses included", () => {
    const e = expr("(a + b) * c");
    // `fn f() {\nreturn ` puts the expression at line 2, column 8 (offset 16).
    expect(e.span).toMatchObject({ start: 16, end: 27, line: 2, column: 8, endLine: 2, endColumn: 18 });
    if (e.kind !== "BinaryExpr") throw new Error();
    expect(e.left.span).toMatchObject({ start: 16, end: 23 });
    expect(e.left.kind).toBe("BinaryExpr");
  });
});

describe("§7 procedures", () => {
  it("infer with params, defaults, return type", () => {
    const d = decl("infer gmm(n: int = 512, prompt: tokens = [0]) -> latent[2] { return x }") as InferDecl;
    expect(d.params.map((p) => p.name.name)).toEqual(["n", "prompt"]);
    expect(sx(d.returnType!.dims[0]!)).toBe("2");
    expect(d.returnType!.name.name).toBe("latent");
    const e = decl("infer f() { return x }") as InferDecl;
    expect("returnType" in e).toBe(false);
  });

  it("refine with a name target and a tail target", () => {
    const [a, b] = stmts(`refine x over karras(steps: 18) using heun(den)
refine y.tail(8) over [80, 1, 0] using unmask(mdm, order: "entropy")`) as RefineStmt[];
    expect(sx(a!.target)).toBe("x");
    expect(sx(a!.schedule)).toBe("(call karras steps:18)");
    expect(sx(a!.step)).toBe("(call heun den)");
    expect(sx(b!.target)).toBe("(call (. y tail) 8)");
    expect(sx(b!.schedule)).toBe("[80 1 0]");
    expect(sx(b!.step)).toBe('(call unmask mdm order:"entropy")');
  });

  it("expand, using form, with until conditions", () => {
    const [s] = stmts("expand y until eos or length max_length using sample(lm, temperature: 0.8)") as ExpandStmt[];
    expect(strip(s)).toEqual({
      kind: "ExpandStmt",
      annotations: [],
      target: id("y"),
      until: [
        { kind: "UntilCondition", condition: "eos" },
        { kind: "UntilCondition", condition: "length", value: nameExpr("max_length") },
      ],
      step: {
        kind: "CallExpr",
        callee: nameExpr("sample"),
        args: [nameExpr("lm")],
        namedArgs: [{ kind: "NamedArg", name: id("temperature"), value: num("0.8") }],
      },
    });
  });

  it("`length N` takes arithmetic but stops at `or`", () => {
    const [s] = stmts("expand y until length n * 2 + 1 or eos using g(m)") as ExpandStmt[];
    expect(s!.until.map((u) => [u.condition, u.value && sx(u.value)])).toEqual([
      ["length", "(+ (* n 2) 1)"],
      ["eos", undefined],
    ]);
  });

  it("expand, block form, masked and noised", () => {
    const [m, n] = stmts(`expand y by 8 masked until length max_length {
  refine y.tail(8) over steps(8) using unmask(mdm, order: "entropy")
}
expand x by k * 2 noised until length 64 { x = x }`) as ExpandStmt[];
    expect(m!.fill).toBe("masked");
    expect(sx(m!.by!)).toBe("8");
    expect(m!.body!.statements[0]!.kind).toBe("RefineStmt");
    expect("step" in m!).toBe(false);
    expect(n!.fill).toBe("noised");
    expect(sx(n!.by!)).toBe("(* k 2)");
    expect(n!.until.map((u) => u.condition)).toEqual(["length"]);
  });

  it("a statement `scale = ...` after a noise expression is not a scale clause", () => {
    const s = stmts("x = noise latent[2]\nscale = 3\nbatch = 2");
    expect(s.map((x) => x.kind)).toEqual(["AssignStmt", "AssignStmt", "AssignStmt"]);
    expect(s[0]!.kind === "AssignStmt" && sx(s[0].value)).toBe("(noise latent[2])");
  });
});

describe("program", () => {
  it("empty input, whitespace and comments only", () => {
    for (const text of ["", "  \n\t", "// c\n/* d */"]) {
      const r = parse(text, "e.infer");
      expect(r.diagnostics).toEqual([]);
      expect(r.program.declarations).toEqual([]);
      expect(r.program.span).toMatchObject({ start: 0, end: text.length });
    }
  });

  it("file name is recorded in every span", () => {
    const r = parse("fn f() { return 1 }", "dir/a.infer");
    expect(r.program.span.file).toBe("dir/a.infer");
    expect(r.program.declarations[0]!.span.file).toBe("dir/a.infer");
  });

  it("declarations keep source order and full spans", () => {
    const text = 'import { a } from "x"\n\nfn f() { return 1 }\n@approx\nschedule s() { return [1, 0] }\n';
    const r = ok(text);
    expect(r.program.declarations.map((d) => [d.kind, text.slice(d.span.start, d.span.end)])).toEqual([
      ["ImportDecl", 'import { a } from "x"'],
      ["FnDecl", "fn f() { return 1 }"],
      ["ScheduleDecl", "@approx\nschedule s() { return [1, 0] }"],
    ]);
  });
});
