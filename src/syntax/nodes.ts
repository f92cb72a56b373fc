/**
 * The classes of parsed AST nodes (the interfaces are in ast.ts; AstBuilder makes the nodes).
 *
 * Why classes: a node stores its offsets (`start`, `end`) and its file's SourceMap, and its
 * `span` is made on demand by a getter on the prototype. A stored span object per node was
 * about 60,000 objects (3 MB) for a 10,000-line file, all alive while the file is analyzed,
 * which every young-generation GC copied (twice: once within the young generation, once into
 * the old one). Spans are only read for diagnostics, so making them when asked is cheap.
 *
 * The classes follow the interfaces field for field (`kind` is on the prototype). Optional
 * fields are only set when present (`"returnType" in decl` is false without one),
 * as with the object literals the builder made before. `toJSON` gives the plain node with its
 * plain seven-field span (as JSON.stringify of the literal nodes did).
 */
import type { Span } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { plainSpan, SourceSpan, type SourceMap } from "./span.js";

/** Offsets and the SourceMap of a parsed node; `span` on demand. */
export abstract class NodeBase {
  // `kind` is a property of each class's prototype (see the end of the file), not of every node.
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

  /** The node as plain data: its kind, fields and span, without the SourceMap and offsets. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { kind: (this as unknown as A.Node).kind };
    for (const key of Object.keys(this)) if (key !== "src" && key !== "start" && key !== "end") out[key] = (this as unknown as Record<string, unknown>)[key];
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

export class Identifier extends NodeBase implements A.Identifier {
  declare readonly kind: "Identifier";
  declare readonly name: string;
  constructor(src: SourceMap, start: number, end: number, name: string) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.name = name;
  }
}

export class Annotation extends NodeBase implements A.Annotation {
  declare readonly kind: "Annotation";
  declare readonly name: A.Identifier;
  declare readonly args: readonly A.Expression[];
  constructor(src: SourceMap, start: number, end: number, name: A.Identifier, args: readonly A.Expression[]) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.name = name;
    this.args = args;
  }
}

export class ImportSpecifier extends NodeBase implements A.ImportSpecifier {
  declare readonly kind: "ImportSpecifier";
  declare readonly imported: A.Identifier;
  declare readonly local: A.Identifier;
  constructor(src: SourceMap, start: number, end: number, imported: A.Identifier, local: A.Identifier) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.imported = imported;
    this.local = local;
  }
}

export class ImportDecl extends NodeBase implements A.ImportDecl {
  declare readonly kind: "ImportDecl";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly specifiers: readonly A.ImportSpecifier[];
  declare readonly source: A.StringLiteral;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    doc: string | undefined,
    specifiers: readonly A.ImportSpecifier[],
    source: A.StringLiteral,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    if (doc !== undefined) this.doc = doc;
    this.specifiers = specifiers;
    this.source = source;
  }
}

export class NamedArg extends NodeBase implements A.NamedArg {
  declare readonly kind: "NamedArg";
  declare readonly name: A.Identifier;
  declare readonly value: A.Expression;
  constructor(src: SourceMap, start: number, end: number, name: A.Identifier, value: A.Expression) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.name = name;
    this.value = value;
  }
}

export class PortBinding extends NodeBase implements A.PortBinding {
  declare readonly kind: "PortBinding";
  declare readonly port: A.Identifier;
  declare readonly direction: "in" | "out";
  declare readonly onnxName: A.StringLiteral;
  constructor(src: SourceMap, start: number, end: number, port: A.Identifier, direction: "in" | "out", onnxName: A.StringLiteral) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.port = port;
    this.direction = direction;
    this.onnxName = onnxName;
  }
}

export class CacheBinding extends NodeBase implements A.CacheBinding {
  declare readonly kind: "CacheBinding";
  declare readonly input: A.StringLiteral;
  declare readonly output: A.StringLiteral;
  constructor(src: SourceMap, start: number, end: number, input: A.StringLiteral, output: A.StringLiteral) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.input = input;
    this.output = output;
  }
}

export class ModelDecl extends NodeBase implements A.ModelDecl {
  declare readonly kind: "ModelDecl";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly name: A.Identifier;
  declare readonly contract: A.Identifier;
  declare readonly contractArgs: readonly A.NamedArg[];
  declare readonly backend: A.Identifier;
  declare readonly path: A.StringLiteral;
  declare readonly bindings: readonly A.Binding[];
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    doc: string | undefined,
    name: A.Identifier,
    contract: A.Identifier,
    contractArgs: readonly A.NamedArg[],
    backend: A.Identifier,
    path: A.StringLiteral,
    bindings: readonly A.Binding[],
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    if (doc !== undefined) this.doc = doc;
    this.name = name;
    this.contract = contract;
    this.contractArgs = contractArgs;
    this.backend = backend;
    this.path = path;
    this.bindings = bindings;
  }
}

export class TypeRef extends NodeBase implements A.TypeRef {
  declare readonly kind: "TypeRef";
  declare readonly name: A.Identifier;
  declare readonly dims: readonly A.Expression[];
  constructor(src: SourceMap, start: number, end: number, name: A.Identifier, dims: readonly A.Expression[]) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.name = name;
    this.dims = dims;
  }
}

export class Param extends NodeBase implements A.Param {
  declare readonly kind: "Param";
  declare readonly name: A.Identifier;
  declare readonly type?: A.TypeRef;
  declare readonly default?: A.Expression;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    name: A.Identifier,
    type: A.TypeRef | undefined,
    dflt: A.Expression | undefined,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.name = name;
    if (type !== undefined) this.type = type;
    if (dflt !== undefined) this.default = dflt;
  }
}

export class StateParams extends NodeBase implements A.StateParams {
  declare readonly kind: "StateParams";
  declare readonly state: A.Param;
  declare readonly from?: A.Identifier;
  declare readonly to?: A.Identifier;
  constructor(src: SourceMap, start: number, end: number, state: A.Param, from: A.Identifier | undefined, to: A.Identifier | undefined) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.state = state;
    if (from !== undefined) this.from = from;
    if (to !== undefined) this.to = to;
  }
}

export class StepDecl extends NodeBase implements A.StepDecl {
  declare readonly kind: "StepDecl";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly name: A.Identifier;
  declare readonly params: readonly A.Param[];
  declare readonly stateParams: A.StateParams;
  declare readonly body: A.Block;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    doc: string | undefined,
    name: A.Identifier,
    params: readonly A.Param[],
    stateParams: A.StateParams,
    body: A.Block,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    if (doc !== undefined) this.doc = doc;
    this.name = name;
    this.params = params;
    this.stateParams = stateParams;
    this.body = body;
  }
}

export class FnDecl extends NodeBase implements A.FnDecl {
  declare readonly kind: "FnDecl";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly name: A.Identifier;
  declare readonly params: readonly A.Param[];
  declare readonly body: A.Block;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    doc: string | undefined,
    name: A.Identifier,
    params: readonly A.Param[],
    body: A.Block,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    if (doc !== undefined) this.doc = doc;
    this.name = name;
    this.params = params;
    this.body = body;
  }
}

export class ScheduleDecl extends NodeBase implements A.ScheduleDecl {
  declare readonly kind: "ScheduleDecl";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly name: A.Identifier;
  declare readonly params: readonly A.Param[];
  declare readonly body: A.Block;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    doc: string | undefined,
    name: A.Identifier,
    params: readonly A.Param[],
    body: A.Block,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    if (doc !== undefined) this.doc = doc;
    this.name = name;
    this.params = params;
    this.body = body;
  }
}

export class InferDecl extends NodeBase implements A.InferDecl {
  declare readonly kind: "InferDecl";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly name: A.Identifier;
  declare readonly params: readonly A.Param[];
  declare readonly returnType?: A.TypeRef;
  declare readonly body: A.Block;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    doc: string | undefined,
    name: A.Identifier,
    params: readonly A.Param[],
    returnType: A.TypeRef | undefined,
    body: A.Block,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    if (doc !== undefined) this.doc = doc;
    this.name = name;
    this.params = params;
    if (returnType !== undefined) this.returnType = returnType;
    this.body = body;
  }
}

export class Block extends NodeBase implements A.Block {
  declare readonly kind: "Block";
  declare readonly statements: readonly A.Statement[];
  constructor(src: SourceMap, start: number, end: number, statements: readonly A.Statement[]) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.statements = statements;
  }
}

export class AssignStmt extends NodeBase implements A.AssignStmt {
  declare readonly kind: "AssignStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly target: A.Identifier;
  declare readonly value: A.Expression;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    target: A.Identifier,
    value: A.Expression,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.target = target;
    this.value = value;
  }
}

export class StateStmt extends NodeBase implements A.StateStmt {
  declare readonly kind: "StateStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly target: A.Identifier;
  declare readonly init: A.Expression;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    target: A.Identifier,
    init: A.Expression,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.target = target;
    this.init = init;
  }
}

export class ReturnStmt extends NodeBase implements A.ReturnStmt {
  declare readonly kind: "ReturnStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly value: A.Expression;
  constructor(src: SourceMap, start: number, end: number, annotations: readonly A.Annotation[], value: A.Expression) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.value = value;
  }
}

export class IfStmt extends NodeBase implements A.IfStmt {
  declare readonly kind: "IfStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly condition: A.Expression;
  declare readonly then: A.Block;
  declare readonly else?: A.Block | A.IfStmt;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    condition: A.Expression,
    then: A.Block,
    els: (A.Block | A.IfStmt) | undefined,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.condition = condition;
    this.then = then;
    if (els !== undefined) this.else = els;
  }
}

export class ForStmt extends NodeBase implements A.ForStmt {
  declare readonly kind: "ForStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly variable: A.Identifier;
  declare readonly iterable: A.Expression;
  declare readonly body: A.Block;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    variable: A.Identifier,
    iterable: A.Expression,
    body: A.Block,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.variable = variable;
    this.iterable = iterable;
    this.body = body;
  }
}

export class RefineStmt extends NodeBase implements A.RefineStmt {
  declare readonly kind: "RefineStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly target: A.Expression;
  declare readonly schedule: A.Expression;
  declare readonly step: A.CallExpr;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    target: A.Expression,
    schedule: A.Expression,
    step: A.CallExpr,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.target = target;
    this.schedule = schedule;
    this.step = step;
  }
}

export class UntilCondition extends NodeBase implements A.UntilCondition {
  declare readonly kind: "UntilCondition";
  declare readonly condition: "eos" | "length";
  declare readonly value?: A.Expression;
  constructor(src: SourceMap, start: number, end: number, condition: "eos" | "length", value: A.Expression | undefined) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.condition = condition;
    if (value !== undefined) this.value = value;
  }
}

export class ExpandStmt extends NodeBase implements A.ExpandStmt {
  declare readonly kind: "ExpandStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly target: A.Identifier;
  declare readonly by?: A.Expression;
  declare readonly fill?: "masked" | "noised";
  declare readonly until: readonly A.UntilCondition[];
  declare readonly step?: A.CallExpr;
  declare readonly body?: A.Block;
  constructor(
    src: SourceMap,
    start: number,
    end: number,
    annotations: readonly A.Annotation[],
    target: A.Identifier,
    by: A.Expression | undefined,
    fill: ("masked" | "noised") | undefined,
    until: readonly A.UntilCondition[],
    step: A.CallExpr | undefined,
    body: A.Block | undefined,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.target = target;
    if (by !== undefined) this.by = by;
    if (fill !== undefined) this.fill = fill;
    this.until = until;
    if (step !== undefined) this.step = step;
    if (body !== undefined) this.body = body;
  }
}

export class ExprStmt extends NodeBase implements A.ExprStmt {
  declare readonly kind: "ExprStmt";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly expression: A.Expression;
  constructor(src: SourceMap, start: number, end: number, annotations: readonly A.Annotation[], expression: A.Expression) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    this.expression = expression;
  }
}

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

// Every node's `kind`, on its class's prototype: a field less per node (the AST of a
// 10,000-line file has about 75,000 nodes), and V8 reads it as a constant of the node's shape.
const KINDS: [abstract new (...args: never[]) => NodeBase, A.AstNode["kind"]][] = [
  [Identifier, "Identifier"],
  [Annotation, "Annotation"],
  [ImportSpecifier, "ImportSpecifier"],
  [ImportDecl, "ImportDecl"],
  [NamedArg, "NamedArg"],
  [PortBinding, "PortBinding"],
  [CacheBinding, "CacheBinding"],
  [ModelDecl, "ModelDecl"],
  [TypeRef, "TypeRef"],
  [Param, "Param"],
  [StateParams, "StateParams"],
  [StepDecl, "StepDecl"],
  [FnDecl, "FnDecl"],
  [ScheduleDecl, "ScheduleDecl"],
  [InferDecl, "InferDecl"],
  [Block, "Block"],
  [AssignStmt, "AssignStmt"],
  [StateStmt, "StateStmt"],
  [ReturnStmt, "ReturnStmt"],
  [IfStmt, "IfStmt"],
  [ForStmt, "ForStmt"],
  [RefineStmt, "RefineStmt"],
  [UntilCondition, "UntilCondition"],
  [ExpandStmt, "ExpandStmt"],
  [ExprStmt, "ExprStmt"],
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
];
for (const [cls, kind] of KINDS) Object.defineProperty(cls.prototype, "kind", { value: kind, enumerable: true });
