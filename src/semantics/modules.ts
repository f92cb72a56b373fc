/**
 * The module loader (language.md §2): reads and parses the entry file and, transitively, every
 * file it imports — each once, cached by absolute path — and reports `import-not-found` and
 * `import-cycle`. (Unknown imported names are reported by the resolver, which knows each
 * module's namespace.)
 *
 * The loader never touches the file system itself: it asks a `ModuleHost`, so tests use
 * in-memory files and the CLI passes `createNodeHost()` (nodeHost.ts).
 */
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import type { ImportDecl, Program } from "../syntax/ast.js";
import { parse, type CommentToken } from "../syntax/parse.js";

/** File access for the loader. Paths are absolute. */
export interface ModuleHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** The entries of a directory (only used for "did you mean" suggestions). */
  listDir?(dir: string): readonly string[] | undefined;
}

/** A host over in-memory files (tests, editors with unsaved buffers). Paths must be absolute. */
export function createMemoryHost(files: Readonly<Record<string, string>>, fallback?: ModuleHost): ModuleHost {
  return {
    readFile: (path) => files[path] ?? fallback?.readFile(path),
    listDir(dir) {
      const prefix = dir.endsWith("/") ? dir : `${dir}/`;
      const own = Object.keys(files)
        .filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes("/"))
        .map((f) => f.slice(prefix.length));
      return [...own, ...(fallback?.listDir?.(dir) ?? [])];
    },
  };
}

export interface LoaderOptions {
  /** Where `std/NAME` imports are looked up (default: the installation's `stdlib/`). */
  readonly stdlibDir?: string;
}

/** One import declaration and what it resolved to. */
export interface ResolvedImport {
  readonly decl: ImportDecl;
  /** Absolute path of the imported file; undefined when not found. */
  readonly path?: string;
  readonly module?: ModuleInfo;
}

/** A parsed file. */
export interface ModuleInfo {
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
  readonly program: Program;
  readonly comments: readonly CommentToken[];
  /** Lexer and parser diagnostics of this file. */
  readonly parseDiagnostics: readonly Diagnostic[];
  /** The file's imports, in source order (filled once the imported files are loaded). */
  readonly imports: readonly ResolvedImport[];
  /** True for files under the stdlib directory. */
  readonly isStdlib: boolean;
}

export interface LoadResult {
  /** The entry module; undefined when the entry file cannot be read. */
  readonly entry?: ModuleInfo;
  /** Every loaded module by absolute path, the entry first, then in load (depth-first) order. */
  readonly modules: ReadonlyMap<string, ModuleInfo>;
  /** Parse, `import-not-found` and `import-cycle` diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The repository's `stdlib/` folder, found from where this code runs: `src/semantics/` when
 * run from source (vitest), `dist/src/semantics/` from the build, `dist/` from the CLI bundle
 * (dist/infer.cjs, built by tools/bundle.ts).
 */
export function defaultStdlibDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  if (basename(dir) === "semantics" && basename(dirname(dir)) === "src") dir = dirname(dirname(dir));
  if (basename(dir) === "dist") dir = dirname(dir);
  return join(dir, "stdlib");
}

/**
 * The files an import specifier may name, in lookup order. `std/NAME` is `<stdlib>/NAME.infer`;
 * other specifiers are relative to the importing file, with `.infer` optional.
 */
export function importCandidates(specifier: string, fromFile: string, stdlibDir: string): string[] {
  if (specifier.startsWith("std/")) {
    const name = specifier.slice(4);
    return [join(stdlibDir, name.endsWith(".infer") ? name : `${name}.infer`)];
  }
  const base = isAbsolute(specifier) ? specifier : resolve(dirname(fromFile), specifier);
  return base.endsWith(".infer") ? [base] : [`${base}.infer`, base];
}

/** Loads `entryFile` and everything it imports. Never throws on user error. */
export function loadModules(entryFile: string, host: ModuleHost, options: LoaderOptions = {}): LoadResult {
  const stdlibDir = resolve(options.stdlibDir ?? defaultStdlibDir());
  const modules = new Map<string, ModuleInfo>();
  const diagnostics: Diagnostic[] = [];

  const load = (path: string, text: string): ModuleInfo => {
    const parsed = parse(text, path);
    const imports: ResolvedImport[] = [];
    const module: ModuleInfo = {
      path,
      text,
      program: parsed.program,
      comments: parsed.comments,
      parseDiagnostics: parsed.diagnostics,
      imports,
      isStdlib: path.startsWith(stdlibDir + sep),
    };
    modules.set(path, module);
    diagnostics.push(...parsed.diagnostics);
    for (const decl of parsed.program.declarations) {
      if (decl.kind !== "ImportDecl") continue;
      imports.push(resolveImport(decl, module));
    }
    return module;
  };

  const resolveImport = (decl: ImportDecl, from: ModuleInfo): ResolvedImport => {
    const specifier = decl.source.value;
    for (const candidate of importCandidates(specifier, from.path, stdlibDir)) {
      const cached = modules.get(candidate);
      if (cached) return { decl, path: candidate, module: cached };
      const text = host.readFile(candidate);
      if (text !== undefined) return { decl, path: candidate, module: load(candidate, text) };
    }
    diagnostics.push(importNotFound(decl, specifier, from, stdlibDir, host));
    return { decl };
  };

  const entryPath = resolve(entryFile);
  const entryText = host.readFile(entryPath);
  if (entryText === undefined) return { modules, diagnostics };
  const entry = load(entryPath, entryText);
  diagnostics.push(...findImportCycles(entry));
  return { entry, modules, diagnostics };
}

function importNotFound(decl: ImportDecl, specifier: string, from: ModuleInfo, stdlibDir: string, host: ModuleHost): Diagnostic {
  let help: string | undefined;
  if (specifier.startsWith("std/")) {
    const names = (host.listDir?.(stdlibDir) ?? []).filter((f) => f.endsWith(".infer")).map((f) => `std/${f.slice(0, -6)}`);
    help = suggest(specifier, names) ?? (names.length > 0 ? `The standard library modules are ${names.map((n) => `"${n}"`).join(", ")}.` : undefined);
  } else {
    const dir = dirname(resolve(dirname(from.path), specifier));
    // Compare stems: the shared ".infer" suffix would make every file look similar.
    const stems = (host.listDir?.(dir) ?? []).filter((f) => f.endsWith(".infer")).map((f) => f.slice(0, -6));
    const wanted = basename(specifier).replace(/\.infer$/, "");
    const prefix = specifier.slice(0, specifier.length - basename(specifier).length);
    const s = suggest(wanted, stems);
    help = s ? s.replace(/"([^"]+)"/g, (_, stem: string) => `"${prefix}${stem}"`)
      : "Relative import paths are resolved against the importing file's folder; `.infer` may be omitted.";
  }
  return makeDiagnostic("import-not-found", decl.source.span, `Cannot find the imported file "${specifier}".`, help ? { help } : {});
}

/**
 * Every import cycle reachable from `entry`, once each, reported on the import that starts the
 * cycle in its first-visited file, with the other imports of the cycle as related spans.
 */
export function findImportCycles(entry: ModuleInfo): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const state = new Map<ModuleInfo, "active" | "done">();
  const stack: { module: ModuleInfo; via?: ResolvedImport }[] = [];
  const reported = new Set<string>();

  const visit = (module: ModuleInfo): void => {
    state.set(module, "active");
    for (const imp of module.imports) {
      const target = imp.module;
      if (!target) continue;
      stack.push({ module, via: imp });
      if (state.get(target) === "active") {
        const start = stack.findIndex((f) => f.module === target);
        const cycle = stack.slice(start);
        const key = cycle.map((f) => f.module.path).sort().join("\0");
        if (!reported.has(key)) {
          reported.add(key);
          diagnostics.push(cycleDiagnostic(cycle as { module: ModuleInfo; via: ResolvedImport }[]));
        }
      } else if (!state.has(target)) {
        visit(target);
      }
      stack.pop();
    }
    state.set(module, "done");
  };
  visit(entry);
  return diagnostics;
}

function cycleDiagnostic(cycle: readonly { module: ModuleInfo; via: ResolvedImport }[]): Diagnostic {
  const names = cycle.map((f) => basename(f.module.path));
  const path = [...names, names[0]!].join(" -> ");
  const first = cycle[0]!;
  const related = cycle.slice(1).map((f, i) => ({
    span: f.via.decl.source.span,
    message: `"${names[i + 1]}" imports "${names[(i + 2) % names.length]}" here.`,
  }));
  return makeDiagnostic(
    "import-cycle",
    first.via.decl.source.span,
    cycle.length === 1 ? `"${names[0]}" imports itself.` : `Import cycle: ${path}.`,
    { help: "Move the declarations both files need into a third file that both import, and remove one of the imports.", related },
  );
}
