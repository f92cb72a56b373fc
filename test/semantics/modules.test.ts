/** The module loader: std/ and relative resolution, caching, import-not-found, import-cycle, unknown-import. */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/semantics/model.js";
import { createMemoryHost, defaultStdlibDir, importCandidates, loadModules, type ModuleHost } from "../../src/semantics/modules.js";
import { analyzeText, brief, codes } from "./helpers.js";

describe("import resolution", () => {
  it("maps std/NAME into the stdlib and relative paths against the importing file, .infer optional", () => {
    expect(importCandidates("std/continuous", "/a/b/main.infer", "/lib/stdlib")).toEqual(["/lib/stdlib/continuous.infer"]);
    expect(importCandidates("./steps", "/a/b/main.infer", "/lib")).toEqual(["/a/b/steps.infer", "/a/b/steps"]);
    expect(importCandidates("../x.infer", "/a/b/main.infer", "/lib")).toEqual(["/a/x.infer"]);
  });
  it("finds the repository's stdlib next to the sources", () => {
    expect(defaultStdlibDir()).toBe(fileURLToPath(new URL("../../stdlib", import.meta.url)));
  });
  it("parses each file once, even when imported twice", () => {
    const reads: string[] = [];
    const files: Record<string, string> = {
      "/m/main.infer": `import { f } from "./a"\nimport { g } from "./b.infer"`,
      "/m/a.infer": `import { g } from "./b"\nfn f(x) { return g(x) }`,
      "/m/b.infer": `fn g(x) { return x }`,
    };
    const host: ModuleHost = { readFile: (p) => (reads.push(p), files[p]) };
    const r = loadModules("/m/main.infer", host, { stdlibDir: "/nowhere" });
    expect(r.diagnostics).toEqual([]);
    expect([...r.modules.keys()]).toEqual(["/m/main.infer", "/m/a.infer", "/m/b.infer"]);
    expect(reads.filter((p) => p === "/m/b.infer")).toHaveLength(1);
  });
  it("resolves imported names through re-exports", () => {
    const r = analyzeText(`import { x0_of } from "./b"\nfn q(D: denoiser, x, t) { return x0_of(D, x, t) }`, {
      "b.infer": `import { x0_of } from "std/params"`,
    });
    expect(r.diagnostics).toEqual([]);
    const spec = r.semanticModel.entry!.program.declarations[0]!;
    expect(spec.kind === "ImportDecl" && r.semanticModel.importTarget(spec.specifiers[0]!)?.module.path.endsWith("stdlib/params.infer")).toBe(true);
  });
});

describe("import-not-found", () => {
  it("for a relative path, suggesting a similar file", () => {
    const r = analyzeText(`import { f } from "./stepz"`, { "steps.infer": `fn f(x) { return x }` });
    expect(brief(r)).toEqual([{ code: "import-not-found", at: "1:19", message: 'Cannot find the imported file "./stepz".', help: 'Did you mean "./steps"?' }]);
  });
  it("for a std module, suggesting the closest one", () => {
    const r = analyzeText(`import { heun } from "std/continous"`);
    expect(brief(r)).toEqual([{ code: "import-not-found", at: "1:22", message: 'Cannot find the imported file "std/continous".', help: 'Did you mean "std/continuous"?' }]);
  });
  it("an unreadable entry file is an io-error", () => {
    const r = analyze("/nope/main.infer", createMemoryHost({}));
    expect(codes(r)).toEqual(["io-error 1:1"]);
    expect(r.entry).toBeUndefined();
  });
});

describe("import-cycle", () => {
  it("reports a two-file cycle once, on the entry's import, with the other import related", () => {
    const r = analyzeText(`import { b } from "./b"\nfn a(x) { return x }`, { "b.infer": `import { a } from "./main"\nfn b(x) { return x }` });
    expect(brief(r)).toEqual([{
      code: "import-cycle", at: "1:19", message: "Import cycle: main.infer -> b.infer -> main.infer.",
      help: "Move the declarations both files need into a third file that both import, and remove one of the imports.",
    }]);
    expect(r.diagnostics[0]!.related).toEqual([{
      message: '"b.infer" imports "main.infer" here.',
      span: expect.objectContaining({ file: "/mem/b.infer", line: 1, column: 19 }),
    }]);
  });
  it("reports a three-file cycle and a self-import", () => {
    const three = analyzeText(`import { b } from "./b"\nfn a(x) { return x }`, {
      "b.infer": `import { c } from "./c"\nfn b(x) { return x }`,
      "c.infer": `import { a } from "./main"\nfn c(x) { return x }`,
    });
    expect(three.diagnostics.map((d) => d.message)).toEqual(["Import cycle: main.infer -> b.infer -> c.infer -> main.infer."]);
    expect(three.diagnostics[0]!.related).toHaveLength(2);
    const self = analyzeText(`import { c as cc } from "./main"\nfn c(x) { return x }`);
    expect(brief(self).map((d) => d.message)).toEqual(['"main.infer" imports itself.']);
  });
});

describe("unknown-import", () => {
  it("suggests the closest declared name", () => {
    const r = analyzeText(`import { heunn } from "std/continuous"`);
    expect(brief(r)).toEqual([{ code: "unknown-import", at: "1:10", message: '"std/continuous" declares no "heunn".', help: 'Did you mean "heun"?' }]);
  });
  it("does not report uses of a name whose import failed", () => {
    const r = analyzeText(`import { heunn } from "std/continuous"\nfn f(x) { return heunn }`);
    expect(codes(r)).toEqual(["unknown-import 1:10"]);
  });
});
