/** The stable JSON form. */
import { describe, expect, it } from "vitest";
import { makeDiagnostic } from "../../src/diagnostics/codes.js";
import { diagnosticsToJson, diagnosticToJson, displayPath, formatJsonReport, sortDiagnostics } from "../../src/diagnostics/json.js";
import { makeSpan } from "../../src/syntax/span.js";

const text = "abc\ndef\n";
const span = (file: string, start: number, end: number) => makeSpan(text, file, start, end);

describe("JSON diagnostics", () => {
  it("has a fixed key order, relative paths, null help and empty related by default", () => {
    const d = makeDiagnostic("unknown-name", span("/r/src/a.infer", 4, 6), "m");
    const j = diagnosticToJson(d, { cwd: "/r" });
    expect(Object.keys(j)).toEqual(["code", "severity", "message", "file", "line", "column", "endLine", "endColumn", "help", "related"]);
    expect(j).toMatchObject({ file: "src/a.infer", line: 2, column: 1, endLine: 2, endColumn: 2, help: null, related: [] });
  });
  it("includes related spans, suppression and data", () => {
    const d = {
      ...makeDiagnostic("type-mismatch", span("/r/a.infer", 0, 1), "m", { help: "h", related: [{ span: span("/r/b.infer", 4, 5), message: "here" }], data: { n: 1 } }),
      suppressed: { reason: "why", span: span("/r/a.infer", 1, 2) },
    };
    const j = diagnosticToJson(d, { cwd: "/r" });
    expect(j.related).toEqual([{ message: "here", file: "b.infer", line: 2, column: 1, endLine: 2, endColumn: 1 }]);
    expect(j.suppressed).toEqual({ reason: "why", file: "a.infer", line: 1, column: 2, endLine: 1, endColumn: 2 });
    expect(j.data).toEqual({ n: 1 });
  });
  it("sorts by file and position, summarizes, and prints with a final newline", () => {
    const a = makeDiagnostic("unknown-name", span("/r/b.infer", 0, 1), "1");
    const b = makeDiagnostic("unknown-name", span("/r/a.infer", 4, 5), "2");
    const c = makeDiagnostic("unknown-name", span("/r/a.infer", 0, 1), "3", { severity: "warning" });
    expect(sortDiagnostics([a, b, c]).map((d) => d.message)).toEqual(["3", "2", "1"]);
    const report = diagnosticsToJson([a, b, c], { cwd: "/r" });
    expect(report.summary).toEqual({ errors: 2, warnings: 1, infos: 0, suppressed: 0 });
    expect(formatJsonReport(report).endsWith("}\n")).toBe(true);
  });
  it("keeps relative paths, using forward slashes", () => {
    expect(displayPath("examples/x.infer", "/anywhere")).toBe("examples/x.infer");
    expect(displayPath("/a/b/c.infer", "/a")).toBe("b/c.infer");
  });
});
