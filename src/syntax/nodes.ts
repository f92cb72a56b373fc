/**
 * The classes of the parsed declarations, statements and their parts (expressions: exprNodes.ts;
 * why classes, and the base class: nodeBase.ts). Each follows its interface of ast.ts field for
 * field; optional fields are only set when present.
 */
import type { SourceMap } from "./span.js";
import type * as A from "./ast.js";
import { NodeBase, setKinds } from "./nodeBase.js";

export { NodeBase, setOffsets } from "./nodeBase.js";
export * from "./exprNodes.js";

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
  declare readonly nameCount: number;
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
    nameCount: number,
  ) {
    super();
    this.src = src;
    this.start = start;
    this.end = end;
    this.annotations = annotations;
    if (doc !== undefined) this.doc = doc;
    this.specifiers = specifiers;
    this.source = source;
    this.nameCount = nameCount;
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
  declare readonly nameCount: number;
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
    nameCount: number,
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
    this.nameCount = nameCount;
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
  declare readonly nameCount: number;
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
    nameCount: number,
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
    this.nameCount = nameCount;
  }
}

/**
 * The fields and constructor shared by `fn` and `schedule` declarations (its stores see two
 * shapes, not one as nodeBase.ts prefers; declarations are few, so it costs nothing measurable).
 */
abstract class CallableDecl extends NodeBase {
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly nameCount: number;
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
    nameCount: number,
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
    this.nameCount = nameCount;
  }
}

export class FnDecl extends CallableDecl implements A.FnDecl {
  declare readonly kind: "FnDecl";
}

export class ScheduleDecl extends CallableDecl implements A.ScheduleDecl {
  declare readonly kind: "ScheduleDecl";
}

export class InferDecl extends NodeBase implements A.InferDecl {
  declare readonly kind: "InferDecl";
  declare readonly annotations: readonly A.Annotation[];
  declare readonly doc?: string;
  declare readonly nameCount: number;
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
    nameCount: number,
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
    this.nameCount = nameCount;
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

setKinds([
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
]);
