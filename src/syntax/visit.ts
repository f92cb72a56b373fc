/**
 * Generic, read-only AST traversal driven by `AstKeys` (graphql-js style).
 *
 * A visitor maps node kinds to a function (called on enter) or `{ enter, leave }`; the
 * catch-all `enter`/`leave` keys see every node. `enter` may return `false` to skip the
 * node's children (its `leave` is then not called) or `BREAK` to stop the whole traversal.
 * Children are visited in source order (the order of `AstKeys`).
 */
import { AstKeys, type AstNode } from "./ast.js";

/** Returned by a visit function to stop the traversal. */
export const BREAK: unique symbol = Symbol("BREAK");

export type VisitResult = void | boolean | typeof BREAK | undefined;

/** `ancestors` excludes `node` itself; the last element is the parent. */
export type VisitFn<N extends AstNode = AstNode> = (
  node: N,
  parent: AstNode | undefined,
  ancestors: readonly AstNode[],
) => VisitResult;

export type NodeOfKind<K extends AstNode["kind"]> = Extract<AstNode, { kind: K }>;

export type KindVisitor<N extends AstNode> = VisitFn<N> | { enter?: VisitFn<N>; leave?: VisitFn<N> };

export type Visitor = {
  readonly [K in AstNode["kind"]]?: KindVisitor<NodeOfKind<K>>;
} & {
  readonly enter?: VisitFn;
  readonly leave?: VisitFn;
};

function isNode(x: unknown): x is AstNode {
  return typeof x === "object" && x !== null && typeof (x as { kind?: unknown }).kind === "string";
}

/** Walks `root` depth-first. Returns false when stopped by BREAK, true otherwise. */
export function visit(root: AstNode, visitor: Visitor): boolean {
  const ancestors: AstNode[] = [];
  const byKind = visitor as Record<string, KindVisitor<AstNode> | undefined>;

  const walk = (node: AstNode): boolean => {
    const parent = ancestors[ancestors.length - 1];
    const kv = byKind[node.kind];
    const enterKind = typeof kv === "function" ? kv : kv?.enter;
    const leaveKind = typeof kv === "function" ? undefined : kv?.leave;

    let r: VisitResult;
    if (visitor.enter) {
      r = visitor.enter(node, parent, ancestors);
      if (r === BREAK) return false;
      if (r === false) return true;
    }
    if (enterKind) {
      r = enterKind(node, parent, ancestors);
      if (r === BREAK) return false;
      if (r === false) return true;
    }

    ancestors.push(node);
    const keys = AstKeys[node.kind] ?? [];
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) if (isNode(c) && !walk(c)) return false;
      } else if (isNode(child) && !walk(child)) return false;
    }
    ancestors.pop();

    if (leaveKind && leaveKind(node, parent, ancestors) === BREAK) return false;
    if (visitor.leave && visitor.leave(node, parent, ancestors) === BREAK) return false;
    return true;
  };

  return walk(root);
}

/**
 * Combines visitors so they run in one traversal. A visitor whose `enter` returned `false`
 * for a node is skipped for that node's subtree (the others continue); `BREAK` stops only
 * the visitor that returned it.
 */
export function visitInParallel(visitors: readonly Visitor[]): Visitor {
  const skipping: (AstNode | undefined)[] = visitors.map(() => undefined);
  const stopped: boolean[] = visitors.map(() => false);

  const enterOf = (v: Visitor, kind: string): VisitFn[] => {
    const kv = (v as Record<string, KindVisitor<AstNode> | undefined>)[kind];
    const fns: VisitFn[] = [];
    if (v.enter) fns.push(v.enter);
    const k = typeof kv === "function" ? kv : kv?.enter;
    if (k) fns.push(k);
    return fns;
  };
  const leaveOf = (v: Visitor, kind: string): VisitFn[] => {
    const kv = (v as Record<string, KindVisitor<AstNode> | undefined>)[kind];
    const fns: VisitFn[] = [];
    const k = typeof kv === "function" ? undefined : kv?.leave;
    if (k) fns.push(k);
    if (v.leave) fns.push(v.leave);
    return fns;
  };

  return {
    enter(node, parent, ancestors) {
      visitors.forEach((v, i) => {
        if (stopped[i] || skipping[i] !== undefined) return;
        for (const fn of enterOf(v, node.kind)) {
          const r = fn(node, parent, ancestors);
          if (r === BREAK) {
            stopped[i] = true;
            return;
          }
          if (r === false) {
            skipping[i] = node;
            return;
          }
        }
      });
    },
    leave(node, parent, ancestors) {
      visitors.forEach((v, i) => {
        if (stopped[i]) return;
        if (skipping[i] !== undefined) {
          if (skipping[i] === node) skipping[i] = undefined;
          return;
        }
        for (const fn of leaveOf(v, node.kind)) {
          if (fn(node, parent, ancestors) === BREAK) {
            stopped[i] = true;
            return;
          }
        }
      });
    },
  };
}
