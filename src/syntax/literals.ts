/** Literal values of §1 of docs/language.md. */

/**
 * The value of a string token (`"..."`, possibly missing its closing quote). Escapes: `\"`,
 * `\\`, `\n`, `\t`; for any other, `onBadEscape(index, length)` is called with the position of
 * the backslash in `raw` and the character after the backslash is kept.
 */
export function unescapeString(raw: string, onBadEscape: (index: number, length: number) => void): string {
  // An unterminated string (see tokens.ts) has no closing quote to drop.
  const body = raw.length >= 2 && raw.endsWith('"') && !endsWithEscape(raw) ? raw.slice(1, -1) : raw.slice(1);
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === '"' || n === "\\") out += n;
    else if (n === "n") out += "\n";
    else if (n === "t") out += "\t";
    else {
      onBadEscape(i, n === undefined ? 1 : 2); // i - 1 in body is i in raw (after the quote)
      if (n !== undefined) out += n;
    }
  }
  return out;
}

/** True when the final `"` of `raw` is escaped (`"abc\\"` unterminated), by counting backslashes. */
function endsWithEscape(raw: string): boolean {
  let n = 0;
  for (let i = raw.length - 2; i >= 1 && raw[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

/** §1: an integer literal has no `.` and no exponent. */
export function isIntegerLiteral(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 46 /* . */ || ch === 101 /* e */ || ch === 69 /* E */) return false;
  }
  return true;
}
