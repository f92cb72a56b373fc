/**
 * Loading a program: the entry file and, transitively, its imports, parsed once each.
 * `std/NAME` resolves to the stdlib folder of this installation.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Program } from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";

/** The stdlib folder: <repo>/stdlib, found from this file in src/ or dist/src/. */
export const STDLIB_DIR = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ["../../stdlib", "../../../stdlib"]) {
    const p = resolve(here, up);
    if (existsSync(p)) return p;
  }
  return resolve(here, "../../stdlib");
})();

export function resolveImport(fromFile: string, source: string): string | undefined {
  const base = source.startsWith("std/") ? resolve(STDLIB_DIR, source.slice(4)) : resolve(dirname(fromFile), source);
  const path = base.endsWith(".infer") ? base : `${base}.infer`;
  return existsSync(path) ? path : undefined;
}

export interface LoadedProgram {
  readonly entry: string;
  readonly modules: ReadonlyMap<string, Program>;
  readonly diagnostics: readonly Diagnostic[];
  readonly resolveImport: (fromFile: string, source: string) => string | undefined;
}

export function loadProgram(file: string): LoadedProgram {
  const entry = resolve(file);
  const modules = new Map<string, Program>();
  const diagnostics: Diagnostic[] = [];
  const visit = (path: string): void => {
    if (modules.has(path)) return;
    const parsed = parse(readFileSync(path, "utf8"), path);
    modules.set(path, parsed.program);
    diagnostics.push(...parsed.diagnostics);
    for (const d of parsed.program.declarations) {
      if (d.kind !== "ImportDecl") continue;
      const target = resolveImport(path, d.source.value);
      if (target) visit(target);
      else diagnostics.push({ code: "import-not-found", severity: "error", message: `Cannot find module "${d.source.value}".`, span: d.source.span, help: "Use \"std/NAME\" for the standard library or a path relative to this file." });
    }
  };
  visit(entry);
  return { entry, modules, diagnostics, resolveImport };
}
