/**
 * The base class of parsed AST nodes (the node classes are in nodes.ts and exprNodes.ts, the
 * interfaces in ast.ts; AstBuilder makes the nodes).
 *
 * Why classes: a node stores its offsets (`start`, `end`) and its file's SourceMap, and its
 * `span` is made on demand by a getter on the prototype. A stored span object per node was
 * about 60,000 objects (3 MB) for a 10,000-line file, all alive while the file is analyzed,
 * which every young-generation GC copied (twice: once within the young generation, once into
 * the old one). Spans are only read for diagnostics, so making them when asked is cheap.
 *
 * The classes follow the interfaces field for field (`kind` is on the prototype: `setKinds`).
 * Optional fields are only set when present (`"returnType" in decl` is false without one), as
 * with the object literals the builder made before. `toJSON` gives the plain node with its
 * plain seven-field span (as JSON.stringify of the literal nodes did).
 */
import type { Span } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { plainSpan, SourceSpan, type SourceMap } from "./span.js";

/** Fields of parsed nodes that are bookkeeping, not syntax (left out of `toJSON`). */
const NOT_DATA = new Set(["src", "start", "end", "nameIndex", "nameCount"]);

/** Offsets and the SourceMap of a parsed node; `span` on demand. */
export abstract class NodeBase {
  // `kind` is a property of each class's prototype (`setKinds`), not of every node.
  // Each class's constructor stores all of its fields itself (a store per class, always the same
  // shape): fields stored by this shared base constructor, or class field declarations, are
  // stores that see every node class, which V8 handles several times more slowly.
  /** The file's SourceMap (for `span`): not part of the node's data. */
  declare src: SourceMap;
  declare start: number;
  declare end: number;

  /** A new Span object on each read (spans are values; compare them by their fields). */
  get span(): Span {
    return new SourceSpan(this.src, this.start, this.end);
  }

  /** The node as plain data: its kind, fields and span (without the SourceMap, offsets and name numbering). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { kind: (this as unknown as A.Node).kind };
    for (const key of Object.keys(this)) {
      if (!NOT_DATA.has(key)) out[key] = (this as unknown as Record<string, unknown>)[key];
    }
    out.span = plainSpan(this.span);
    return out;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, unknown> {
    return this.toJSON();
  }
}

/** Sets the offsets of a node just built (a parenthesized expression spans its parentheses). */
export function setOffsets(node: A.Node, start: number, end: number): void {
  const n = node as { start: number; end: number };
  n.start = start;
  n.end = end;
}

/**
 * Sets each node class's `kind` on its prototype: a field less per node (the AST of a
 * 10,000-line file has about 75,000 nodes), and V8 reads it as a constant of the node's shape.
 */
export function setKinds(kinds: readonly (readonly [abstract new (...args: never[]) => NodeBase, A.AstNode["kind"]])[]): void {
  for (const [cls, kind] of kinds) Object.defineProperty(cls.prototype, "kind", { value: kind, enumerable: true });
}
