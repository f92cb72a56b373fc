import { expect } from "vitest";
import type { Declaration, Expression, Statement } from "../../src/syntax/ast.js";
import { parse, type ParseResult } from "../../src/syntax/parse.js";

/** Drops spans and offsets (recursively) so AST shapes can be compared with toEqual. */
export function strip<T>(node: T): T {
  return JSON.parse(JSON.stringify(node, (k, v) => (k === "span" || k === "start" || k === "end" ? undefined : v))) as T;
}

/** Parses and asserts there are no diagnostics. */
export function ok(text: string): ParseResult {
  const r = parse(text, "test.infer");
  expect(r.diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`)).toEqual([]);
  return r;
}

export function decl(text: string): Declaration {
  const r = ok(text);
  expect(r.program.declarations).toHaveLength(1);
  return r.program.declarations[0]!;
}

/** The statements of `fn f() { <body> }`. */
export function stmts(body: string): Statement[] {
  const d = decl(`fn f() {\n${body}\n}`);
  if (d.kind !== "FnDecl") throw new Error("not a fn");
  return [...d.body.statements];
}

/** The expression `e` of `fn f() { return <e> }`. */
export function expr(text: string): Expression {
  const [s] = stmts(`return ${text}`);
  if (s?.kind !== "ReturnStmt") throw new Error("not a return");
  return s.value;
}

/** A compact S-expression rendering of an expression: `(+ a (* b c))`. */
export function sx(e: Expression): string {
  switch (e.kind) {
    case "NumberLiteral":
      return e.raw;
    case "StringLiteral":
      return JSON.stringify(e.value);
    case "BoolLiteral":
      return String(e.value);
    case "NoneLiteral":
      return "none";
    case "NameExpr":
      return e.name.name;
    case "ListLiteral":
      return `[${e.elements.map(sx).join(" ")}]`;
    case "UnaryExpr":
      return `(${e.operator === "-" ? "neg" : "not"} ${sx(e.operand)})`;
    case "BinaryExpr":
      return `(${e.operator} ${sx(e.left)} ${sx(e.right)})`;
    case "CallExpr":
      return `(call ${sx(e.callee)}${e.args.map((a) => " " + sx(a)).join("")}${e.namedArgs
        .map((n) => ` ${n.name.name}:${sx(n.value)}`)
        .join("")})`;
    case "MemberExpr":
      return `(. ${sx(e.object)} ${e.property.name})`;
    case "IndexExpr":
      return `(idx ${sx(e.object)} ${sx(e.index)})`;
    case "ConditionalExpr":
      return `(if ${sx(e.condition)} ${sx(e.then)} ${sx(e.else)})`;
    case "NoiseExpr":
      return `(noise ${e.type.name.name}${e.type.dims.length ? `[${e.type.dims.map(sx).join(" ")}]` : ""}${
        e.batch ? ` batch:${sx(e.batch)}` : ""
      }${e.scale ? ` scale:${sx(e.scale)}` : ""})`;
  }
}
