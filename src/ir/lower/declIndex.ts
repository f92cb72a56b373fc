/**
 * The declarations visible from each module (its own and its imports), and one ModelRef per
 * model declaration, for the partial evaluator.
 */
import { dirname, resolve } from "node:path";
import type * as A from "../../syntax/ast.js";
import type { ModelRef } from "../ir.js";
import type { DeclLookup } from "./evaluator.js";
import { locOf } from "./errors.js";

/** The static value of a contract argument: numbers, identifiers (as strings), strings, lists. */
export function contractValue(e: A.Expression): unknown {
  switch (e.kind) {
    case "NumberLiteral": return e.value;
    case "StringLiteral": return e.value;
    case "BoolLiteral": return e.value;
    case "NameExpr": return e.text;
    case "ListLiteral": return e.elements.map(contractValue);
    case "UnaryExpr": { const v = contractValue(e.operand); return e.operator === "-" && typeof v === "number" ? -v : undefined; }
    default: return undefined;
  }
}

export function modelRefOf(decl: A.ModelDecl, file: string, id: string): ModelRef {
  const attrs: Record<string, unknown> = {};
  for (const a of decl.contractArgs) attrs[a.name.name] = contractValue(a.value);
  const inputs: Record<string, string> = {};
  const outputs: Record<string, string> = {};
  const cache: { input: string; output: string }[] = [];
  for (const b of decl.bindings) {
    if (b.kind === "CacheBinding") cache.push({ input: b.input.value, output: b.output.value });
    else (b.direction === "in" ? inputs : outputs)[b.port.name] = b.onnxName.value;
  }
  return { id, path: resolve(dirname(file), decl.path.value), contract: decl.contract.name, attrs, inputs, outputs, cache, loc: locOf(decl.name.span) };
}

export function createDeclLookup(modules: ReadonlyMap<string, A.Program>, resolveImport: (fromFile: string, source: string) => string | undefined): DeclLookup {
  const models = new Map<A.ModelDecl, ModelRef>();
  const usedIds = new Set<string>();
  const lookup = (file: string, name: string, seen = new Set<string>()): { decl: A.Declaration; file: string } | undefined => {
    const program = modules.get(file);
    if (!program || seen.has(file)) return undefined;
    seen.add(file);
    for (const d of program.declarations) {
      if (d.kind !== "ImportDecl" && d.name.name === name) return { decl: d, file };
    }
    for (const d of program.declarations) {
      if (d.kind !== "ImportDecl") continue;
      const spec = d.specifiers.find((s) => s.local.name === name);
      if (!spec) continue;
      const target = resolveImport(file, d.source.value);
      if (target) return lookup(target, spec.imported.name, seen);
    }
    return undefined;
  };
  return {
    lookup: (file, name) => lookup(file, name),
    model(decl, file) {
      let ref = models.get(decl);
      if (!ref) {
        let id = decl.name.name;
        for (let n = 2; usedIds.has(id); n++) id = `${decl.name.name}_${n}`;
        usedIds.add(id);
        ref = modelRefOf(decl, file, id);
        models.set(decl, ref);
      }
      return ref;
    },
  };
}
