/** The classes of the parsed expressions (see nodes.ts and nodeBase.ts). */
import type { SourceMap } from "./span.js";
import type * as A from "./ast.js";
import { NodeBase, setKinds } from "./nodeBase.js";

export class NumberLiteral extends NodeBase implements A.NumberLiteral {
  declare readonly kind: "NumberLiteral";
  declare readonly value: number;
  declare readonly isInteger: boolean;
  declare readonly raw: string;
  constructor(src: SourceMap, start: number, end: number, value: number, isInteger: boolean, raw: string) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.value = value;
    this.isInteger = isInteger;
    this.raw = raw;
  }
}

export class StringLiteral extends NodeBase implements A.StringLiteral {
  declare readonly kind: "StringLiteral";
  declare readonly value: string;
  constructor(src: SourceMap, start: number, end: number, value: string) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.value = value;
  }
}

export class BoolLiteral extends NodeBase implements A.BoolLiteral {
  declare readonly kind: "BoolLiteral";
  declare readonly value: boolean;
  constructor(src: SourceMap, start: number, end: number, value: boolean) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.value = value;
  }
}

export class NoneLiteral extends NodeBase implements A.NoneLiteral {
  declare readonly kind: "NoneLiteral";
  constructor(src: SourceMap, start: number, end: number) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
  }
}

export class ListLiteral extends NodeBase implements A.ListLiteral {
  declare readonly kind: "ListLiteral";
  declare readonly elements: readonly A.Expression[];
  constructor(src: SourceMap, start: number, end: number, elements: readonly A.Expression[]) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.elements = elements;
  }
}

/** A name (declarations, parameters, members, ...); also the part of a NameExpr. */
export class Identifier extends NodeBase implements A.Identifier {
  declare readonly kind: "Identifier";
  declare readonly name: string;
  declare readonly nameIndex: A.NameIndex;
  constructor(src: SourceMap, start: number, end: number, name: string, nameIndex: A.NameIndex) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.name = name;
    this.nameIndex = nameIndex;
  }
}

/**
 * A name used as a value. It stores the name's text, and its Identifier (same offsets) is made
 * on demand, as `span` is: about half of a file's identifiers are NameExprs, and the resolver
 * and checker only read the text. (Fewer objects alive while the file is analyzed, which every
 * young-generation GC copies.)
 */
export class NameExpr extends NodeBase implements A.NameExpr {
  declare readonly kind: "NameExpr";
  declare readonly text: string;
  declare readonly nameIndex: A.NameIndex;
  constructor(src: SourceMap, start: number, end: number, text: string, nameIndex: A.NameIndex) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.text = text;
    this.nameIndex = nameIndex;
  }

  /** A new Identifier on each read (compare identifiers by their fields). */
  get name(): A.Identifier {
    return new Identifier(this.src, this.start, this.end, this.text, this.nameIndex);
  }

  override toJSON(): Record<string, unknown> {
    // As the node with a stored `name` was: kind, name, span.
    const { kind, span } = super.toJSON();
    return { kind, name: this.name, span };
  }
}

/** A name in parentheses, `(x)`: the expression spans the parentheses, its identifier the name. */
export class ParenthesizedNameExpr extends NameExpr {
  declare readonly nameStart: number;
  constructor(src: SourceMap, start: number, end: number, text: string, nameIndex: A.NameIndex, nameStart: number) {
    super(src, start, end, text, nameIndex);
    this.nameStart = nameStart;
  }

  override get name(): A.Identifier {
    return new Identifier(this.src, this.nameStart, this.nameStart + this.text.length, this.text, this.nameIndex);
  }
}

export class UnaryExpr extends NodeBase implements A.UnaryExpr {
  declare readonly kind: "UnaryExpr";
  declare readonly operator: A.UnaryOperator;
  declare readonly operand: A.Expression;
  constructor(src: SourceMap, start: number, end: number, operator: A.UnaryOperator, operand: A.Expression) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.operator = operator;
    this.operand = operand;
  }
}

export class BinaryExpr extends NodeBase implements A.BinaryExpr {
  declare readonly kind: "BinaryExpr";
  declare readonly operator: A.BinaryOperator;
  declare readonly left: A.Expression;
  declare readonly right: A.Expression;
  constructor(src: SourceMap, start: number, end: number, operator: A.BinaryOperator, left: A.Expression, right: A.Expression) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.operator = operator;
    this.left = left;
    this.right = right;
  }
}

export class CallExpr extends NodeBase implements A.CallExpr {
  declare readonly kind: "CallExpr";
  declare readonly callee: A.Expression;
  declare readonly args: readonly A.Expression[];
  declare readonly namedArgs: readonly A.NamedArg[];
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    callee: A.Expression,
    args: readonly A.Expression[],
    namedArgs: readonly A.NamedArg[],
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.callee = callee;
    this.args = args;
    this.namedArgs = namedArgs;
  }
}

export class MemberExpr extends NodeBase implements A.MemberExpr {
  declare readonly kind: "MemberExpr";
  declare readonly object: A.Expression;
  declare readonly property: A.Identifier;
  constructor(src: SourceMap, start: number, end: number, object: A.Expression, property: A.Identifier) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.object = object;
    this.property = property;
  }
}

export class IndexExpr extends NodeBase implements A.IndexExpr {
  declare readonly kind: "IndexExpr";
  declare readonly object: A.Expression;
  declare readonly index: A.Expression;
  constructor(src: SourceMap, start: number, end: number, object: A.Expression, index: A.Expression) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.object = object;
    this.index = index;
  }
}

export class ConditionalExpr extends NodeBase implements A.ConditionalExpr {
  declare readonly kind: "ConditionalExpr";
  declare readonly condition: A.Expression;
  declare readonly then: A.Expression;
  declare readonly else: A.Expression;
  constructor(src: SourceMap, start: number, end: number, condition: A.Expression, then: A.Expression, els: A.Expression) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.condition = condition;
    this.then = then;
    this.else = els;
  }
}

export class NoiseExpr extends NodeBase implements A.NoiseExpr {
  declare readonly kind: "NoiseExpr";
  declare readonly type: A.TypeRef;
  declare readonly batch?: A.Expression;
  declare readonly scale?: A.Expression;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    type: A.TypeRef,
    batch: A.Expression | undefined,
    scale: A.Expression | undefined,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.type = type;
    if (batch !== undefined) this.batch = batch;
    if (scale !== undefined) this.scale = scale;
  }
}

setKinds([
  [NumberLiteral, "NumberLiteral"],
  [StringLiteral, "StringLiteral"],
  [BoolLiteral, "BoolLiteral"],
  [NoneLiteral, "NoneLiteral"],
  [ListLiteral, "ListLiteral"],
  [Identifier, "Identifier"],
  [NameExpr, "NameExpr"],
  [UnaryExpr, "UnaryExpr"],
  [BinaryExpr, "BinaryExpr"],
  [CallExpr, "CallExpr"],
  [MemberExpr, "MemberExpr"],
  [IndexExpr, "IndexExpr"],
  [ConditionalExpr, "ConditionalExpr"],
  [NoiseExpr, "NoiseExpr"],
]);
