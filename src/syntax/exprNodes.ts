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

export class NameExpr extends NodeBase implements A.NameExpr {
  declare readonly kind: "NameExpr";
  declare readonly name: A.Identifier;
  constructor(src: SourceMap, start: number, end: number, name: A.Identifier) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.name = name;
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
  [NameExpr, "NameExpr"],
  [UnaryExpr, "UnaryExpr"],
  [BinaryExpr, "BinaryExpr"],
  [CallExpr, "CallExpr"],
  [MemberExpr, "MemberExpr"],
  [IndexExpr, "IndexExpr"],
  [ConditionalExpr, "ConditionalExpr"],
  [NoiseExpr, "NoiseExpr"],
]);
