import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceMap, makeSpan } from "../../src/syntax/span.js";

describe("SourceMap", () => {
  const text = "ab\ncd\r\nef\rg";
  const map = new SourceMap(text, "f.infer");

  it("line starts for \\n, \\r\\n and \\r", () => {
    expect(map.lineStarts).toEqual([0, 3, 7, 10]);
  });

  it("offset → 1-based line/column and back", () => {
    const expected: [number, number, number][] = [
      [0, 1, 1],
      [2, 1, 3],
      [3, 2, 1],
      [5, 2, 3],
      [6, 2, 4],
      [7, 3, 1],
      [10, 4, 1],
      [11, 4, 2],
    ];
    for (const [offset, line, column] of expected) {
      expect(map.position(offset)).toEqual({ line, column });
      expect(map.offset(line, column)).toBe(offset);
    }
  });

  it("spans: end position is the last covered character; empty spans repeat the start", () => {
    expect(map.span(0, 4)).toEqual({ file: "f.infer", start: 0, end: 4, line: 1, column: 1, endLine: 2, endColumn: 1 });
    expect(map.span(3, 3)).toEqual({ file: "f.infer", start: 3, end: 3, line: 2, column: 1, endLine: 2, endColumn: 1 });
    expect(map.span(11, 11)).toMatchObject({ line: 4, column: 2 });
  });

  it("clamps out-of-range offsets", () => {
    expect(map.span(-5, 100)).toMatchObject({ start: 0, end: text.length });
    expect(map.span(5, 2)).toMatchObject({ start: 5, end: 5 });
  });

  it("makeSpan", () => {
    expect(makeSpan("a\nb", "x", 2, 3)).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 1 });
  });

  it("position agrees with a naive scan (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\n", "\r", " ") }), fc.nat(), (s, k) => {
        const m = new SourceMap(s, "p");
        const offset = s.length === 0 ? 0 : k % (s.length + 1);
        let line = 1;
        let col = 1;
        for (let i = 0; i < offset; i++) {
          const c = s[i];
          if (c === "\n" || (c === "\r" && s[i + 1] !== "\n")) {
            line++;
            col = 1;
          } else if (c === "\r") {
            // \r of \r\n: the \n ends the line
            col++;
          } else col++;
        }
        expect(m.position(offset)).toEqual({ line, column: col });
      }),
      { numRuns: 500 },
    );
  });
});
