/** The text renderer: header, code frame with carets, notes, help, summary, colors. */
import { describe, expect, it } from "vitest";
import { makeDiagnostic } from "../../src/diagnostics/codes.js";
import { codeFrame, formatSummary, renderDiagnostic, renderDiagnostics, shouldUseColor } from "../../src/diagnostics/render.js";
import { makeSpan } from "../../src/syntax/span.js";

const file = "/work/p/main.infer";
const text = `fn f(x) {\n  y = x\n  return yy + 1\n}\n`;
const at = (needle: string, from = 0) => {
  const start = text.indexOf(needle, from);
  return makeSpan(text, file, start, start + needle.length);
};
const opts = { sourceOf: (f: string) => (f === file ? text : undefined), cwd: "/work/p" };

describe("renderDiagnostic", () => {
  it("renders header, frame with carets under the span, and help", () => {
    const d = makeDiagnostic("unknown-name", at("yy"), 'Unknown name "yy".', { help: 'Did you mean "y"?' });
    expect(renderDiagnostic(d, opts)).toBe(
      [
        'main.infer:3:10 - error unknown-name: Unknown name "yy".',
        "",
        "  3 |   return yy + 1",
        "    |          ^^",
        "",
        '  help: Did you mean "y"?',
        "",
      ].join("\n"),
    );
  });

  it("renders related spans as notes with their own frames", () => {
    const d = makeDiagnostic("duplicate-declaration", at("y ="), '"y" is declared twice.', {
      related: [{ span: at("f"), message: "first declared here." }],
    });
    expect(renderDiagnostic(d, opts)).toBe(
      [
        'main.infer:2:3 - error duplicate-declaration: "y" is declared twice.',
        "",
        "  2 |   y = x",
        "    |   ^^^",
        "",
        "  note: main.infer:1:1: first declared here.",
        "  1 | fn f(x) {",
        "    | ^",
        "",
      ].join("\n"),
    );
  });

  it("marks every line of a multi-line span", () => {
    const start = text.indexOf("{");
    const span = makeSpan(text, file, start, text.lastIndexOf("}") + 1);
    expect(codeFrame(span, text, 1)).toBe(
      ["  1 | fn f(x) {", "    |         ^", "  2 |   y = x", "    |   ^^^^^", "  3 |   return yy + 1", "    |   ^^^^^^^^^^^^^", "  4 | }", "    | ^"].join("\n"),
    );
  });

  it("elides the middle of long spans, and omits frames for unknown sources", () => {
    const long = Array.from({ length: 10 }, (_, i) => `line${i}`).join("\n");
    const span = makeSpan(long, "/x.infer", 0, long.length);
    const frame = codeFrame(span, long, 2)!.split("\n");
    expect(frame.filter((l) => l.includes("line"))).toHaveLength(5);
    expect(frame).toContain("  .. |");
    const d = makeDiagnostic("io-error", span, "Cannot read.");
    expect(renderDiagnostic(d, { cwd: "/" })).toBe("x.infer:1:1 - error io-error: Cannot read.\n");
  });

  it("expands tabs so carets stay aligned", () => {
    const t = "\tz = 1\n";
    const span = makeSpan(t, "/t.infer", 1, 2);
    expect(codeFrame(span, t, 1)).toBe("  1 |     z = 1\n    |     ^");
  });

  it("colors only when asked", () => {
    const d = makeDiagnostic("unknown-name", at("yy"), "m");
    expect(renderDiagnostic(d, opts)).not.toContain("\x1b[");
    expect(renderDiagnostic(d, { ...opts, color: true })).toContain("\x1b[1;31merror\x1b[0m");
  });
});

describe("summary and color detection", () => {
  it("formats counts with plurals, infos and suppressed only when present", () => {
    expect(formatSummary({ errors: 2, warnings: 1, infos: 0, suppressed: 0 })).toBe("2 errors, 1 warning");
    expect(formatSummary({ errors: 1, warnings: 0, infos: 3, suppressed: 1 })).toBe("1 error, 0 warnings, 3 infos (1 suppressed)");
  });
  it("renderDiagnostics ends with the summary and hides suppressed diagnostics", () => {
    const a = makeDiagnostic("unknown-name", at("yy"), "a");
    const b = { ...makeDiagnostic("type-mismatch", at("y ="), "b"), suppressed: { reason: "ok", span: at("f") } };
    const out = renderDiagnostics([a, b], opts);
    expect(out.endsWith("\n1 error, 0 warnings (1 suppressed)\n")).toBe(true);
    expect(out).not.toContain("type-mismatch");
    expect(renderDiagnostics([b], { ...opts, showSuppressed: true })).toContain("(suppressed: ok)");
  });
  it("uses color for a TTY unless NO_COLOR; FORCE_COLOR forces it", () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
  });
});
