import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AstKeys, type AstNode } from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { BREAK, visit, visitInParallel } from "../../src/syntax/visit.js";

const root = join(import.meta.dirname, "..", "..");
const program = parse(readFileSync(join(root, "stdlib", "continuous.infer"), "utf8"), "continuous.infer").program;

describe("visit", () => {
  it("enter/leave per kind, in source order", () => {
    const log: string[] = [];
    visit(parse("fn f(a) { return a + 1 }", "v").program, {
      FnDecl: { enter: (n) => void log.push(`enter ${n.name.name}`), leave: () => void log.push("leave fn") },
      BinaryExpr: (n) => void log.push(n.operator),
      NameExpr: (n) => void log.push(n.name.name),
      NumberLiteral: (n) => void log.push(n.raw),
    });
    expect(log).toEqual(["enter f", "+", "a", "1", "leave fn"]);
  });

  it("visits every node reachable through AstKeys, once per occurrence", () => {
    let count = 0;
    visit(program, {
      enter() {
        count++;
      },
    });
    // Independent count: walk all object-valued fields of each node's plain form (`toJSON`: a
    // NameExpr's identifier is made on demand, not stored).
    let raw = 0;
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (typeof x !== "object" || x === null) return;
      if ("kind" in x && typeof (x as AstNode).kind === "string") {
        raw++;
        const plain = "toJSON" in x ? (x as { toJSON(): object }).toJSON() : x;
        for (const [k, v] of Object.entries(plain)) if (k !== "span") walk(v);
      }
    };
    walk(program);
    expect(count).toBe(raw);
  });

  it("AstKeys lists exactly the node-valued fields of every kind", () => {
    visit(program, {
      enter(n) {
        const nodeFields = Object.entries(n)
          .filter(([k, v]) => k !== "span" && k !== "src" && (Array.isArray(v) ? v.length > 0 && typeof v[0] === "object" : typeof v === "object"))
          .map(([k]) => k);
        for (const k of nodeFields) expect(AstKeys[n.kind], `${n.kind}.${k}`).toContain(k);
      },
    });
  });

  it("false skips children (and the node's leave); BREAK stops", () => {
    const kinds: string[] = [];
    visit(program, {
      StepDecl: () => false,
      FnDecl: () => false,
      ImportDecl: () => false,
      enter(n) {
        kinds.push(n.kind);
      },
    });
    expect(kinds.filter((k) => k === "ReturnStmt")).toEqual([]);
    let n = 0;
    const finished = visit(program, {
      NameExpr: () => {
        n++;
        return n === 3 ? BREAK : undefined;
      },
    });
    expect(finished).toBe(false);
    expect(n).toBe(3);
  });

  it("ancestors and parent", () => {
    const paths: string[] = [];
    visit(parse("fn f() { if a { return b } }", "v").program, {
      NameExpr(node, parent, ancestors) {
        paths.push(`${node.name.name}: ${ancestors.map((a) => a.kind).join(">")} (${parent?.kind})`);
      },
    });
    expect(paths).toEqual([
      "a: Program>FnDecl>Block>IfStmt (IfStmt)",
      "b: Program>FnDecl>Block>IfStmt>Block>ReturnStmt (ReturnStmt)",
    ]);
  });
});

describe("visitInParallel", () => {
  it("runs visitors in one traversal; skipping and breaking are per visitor", () => {
    const a: string[] = [];
    const b: string[] = [];
    visit(
      parse("fn f() { return x } fn g() { return y }", "v").program,
      visitInParallel([
        { FnDecl: (n) => (n.name.name === "f" ? false : undefined), NameExpr: (n) => void a.push(n.name.name) },
        { NameExpr: (n) => (b.push(n.name.name), BREAK) },
      ]),
    );
    expect(a).toEqual(["y"]);
    expect(b).toEqual(["x"]);
  });
});
