/**
 * The abstract syntax tree of an `.infer` file. Every node is immutable, has a `kind`
 * discriminant and the source span it came from. Built while parsing (grammar/parser.ts with
 * src/syntax/buildAst.ts), as instances of the classes of src/syntax/nodes.ts.
 * Child order for generic traversal is given by `AstKeys`.
 */
import type { Span } from "../diagnostics/diagnostic.js";

export interface Node {
  readonly kind: string;
  /**
   * Where the node is in its file (a Span object, made on demand for parsed nodes: read it for
   * diagnostics, not in hot paths; see src/syntax/nodeBase.ts).
   */
  readonly span: Span;
  /** `span.start` and `span.end`, stored on the node (cheap to read). */
  readonly start: number;
  readonly end: number;
}

/**
 * The position of a name (Identifier or NameExpr) among the names of its declaration (its
 * annotations included), in parse order from 0. Semantic analysis records what each name
 * denotes in small arrays per declaration indexed by it (a hash map per declaration cost more
 * to fill and to read).
 */
export type NameIndex = number;

export interface Identifier extends Node {
  readonly kind: "Identifier";
  readonly name: string;
  readonly nameIndex: NameIndex;
}

/** `@allow("code", "reason")` or `@approx`. */
export interface Annotation extends Node {
  readonly kind: "Annotation";
  readonly name: Identifier;
  readonly args: readonly Expression[];
}

export interface Program extends Node {
  readonly kind: "Program";
  readonly declarations: readonly Declaration[];
}

export type Declaration =
  | ImportDecl
  | ModelDecl
  | StepDecl
  | FnDecl
  | ScheduleDecl
  | InferDecl;

interface DeclBase extends Node {
  readonly annotations: readonly Annotation[];
  /** Text of the `///` doc comment lines directly above, without the slashes. */
  readonly doc?: string;
  /** How many names (`nameIndex`) the declaration has. */
  readonly nameCount: number;
}

export interface ImportSpecifier extends Node {
  readonly kind: "ImportSpecifier";
  readonly imported: Identifier;
  /** Local name; same as `imported` when there is no `as`. */
  readonly local: Identifier;
}

export interface ImportDecl extends DeclBase {
  readonly kind: "ImportDecl";
  readonly specifiers: readonly ImportSpecifier[];
  readonly source: StringLiteral;
}

/** `name: value` in a contract or a call. */
export interface NamedArg extends Node {
  readonly kind: "NamedArg";
  readonly name: Identifier;
  readonly value: Expression;
}

/** `port <- "onnx"` (direction "in") or `port -> "onnx"` (direction "out"). */
export interface PortBinding extends Node {
  readonly kind: "PortBinding";
  readonly port: Identifier;
  readonly direction: "in" | "out";
  readonly onnxName: StringLiteral;
}

/** `cache "past_key_values.%d.key" -> "present.%d.key"`. */
export interface CacheBinding extends Node {
  readonly kind: "CacheBinding";
  readonly input: StringLiteral;
  readonly output: StringLiteral;
}

export type Binding = PortBinding | CacheBinding;

export interface ModelDecl extends DeclBase {
  readonly kind: "ModelDecl";
  readonly name: Identifier;
  readonly contract: Identifier;
  readonly contractArgs: readonly NamedArg[];
  /** Only `onnx` today. */
  readonly backend: Identifier;
  readonly path: StringLiteral;
  readonly bindings: readonly Binding[];
}

/** A type annotation: `int`, `tokens[16]`, `latent[2, 3]`, `denoiser`, ... */
export interface TypeRef extends Node {
  readonly kind: "TypeRef";
  readonly name: Identifier;
  readonly dims: readonly Expression[];
}

export interface Param extends Node {
  readonly kind: "Param";
  readonly name: Identifier;
  readonly type?: TypeRef;
  readonly default?: Expression;
}

/** The state parameter list of a step: `(x, t -> s)` (refine) or `(y)` (expand). */
export interface StateParams extends Node {
  readonly kind: "StateParams";
  readonly state: Param;
  /** Present for refine steps. */
  readonly from?: Identifier;
  readonly to?: Identifier;
}

export interface StepDecl extends DeclBase {
  readonly kind: "StepDecl";
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly stateParams: StateParams;
  readonly body: Block;
}

export interface FnDecl extends DeclBase {
  readonly kind: "FnDecl";
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly body: Block;
}

export interface ScheduleDecl extends DeclBase {
  readonly kind: "ScheduleDecl";
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly body: Block;
}

export interface InferDecl extends DeclBase {
  readonly kind: "InferDecl";
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly returnType?: TypeRef;
  readonly body: Block;
}

// ---------------------------------------------------------------- statements

export interface Block extends Node {
  readonly kind: "Block";
  readonly statements: readonly Statement[];
}

export type Statement =
  | AssignStmt
  | StateStmt
  | ReturnStmt
  | IfStmt
  | ForStmt
  | RefineStmt
  | ExpandStmt
  | ExprStmt;

interface StmtBase extends Node {
  readonly annotations: readonly Annotation[];
}

export interface AssignStmt extends StmtBase {
  readonly kind: "AssignStmt";
  readonly target: Identifier;
  readonly value: Expression;
}

/** `state name = init` inside a step. */
export interface StateStmt extends StmtBase {
  readonly kind: "StateStmt";
  readonly target: Identifier;
  readonly init: Expression;
}

export interface ReturnStmt extends StmtBase {
  readonly kind: "ReturnStmt";
  readonly value: Expression;
}

export interface IfStmt extends StmtBase {
  readonly kind: "IfStmt";
  readonly condition: Expression;
  readonly then: Block;
  /** `else { }` or `else if ...` (an IfStmt). */
  readonly else?: Block | IfStmt;
}

/** `for i in range(n) { }`: unrolled at compile time. */
export interface ForStmt extends StmtBase {
  readonly kind: "ForStmt";
  readonly variable: Identifier;
  readonly iterable: Expression;
  readonly body: Block;
}

/** `refine target over schedule using step(args)`. */
export interface RefineStmt extends StmtBase {
  readonly kind: "RefineStmt";
  /** An Identifier or a `name.tail(n)` MemberCall. */
  readonly target: Expression;
  readonly schedule: Expression;
  readonly step: CallExpr;
}

/** One `until` condition: `eos` or `length N`. */
export interface UntilCondition extends Node {
  readonly kind: "UntilCondition";
  readonly condition: "eos" | "length";
  readonly value?: Expression;
}

/**
 * `expand y until c1 or c2 using step(args)` (using form) or
 * `expand y by K masked|noised until ... { body }` (block form).
 */
export interface ExpandStmt extends StmtBase {
  readonly kind: "ExpandStmt";
  readonly target: Identifier;
  readonly by?: Expression;
  readonly fill?: "masked" | "noised";
  readonly until: readonly UntilCondition[];
  readonly step?: CallExpr;
  readonly body?: Block;
}

export interface ExprStmt extends StmtBase {
  readonly kind: "ExprStmt";
  readonly expression: Expression;
}

// ---------------------------------------------------------------- expressions

export type Expression =
  | NumberLiteral
  | StringLiteral
  | BoolLiteral
  | NoneLiteral
  | ListLiteral
  | NameExpr
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | MemberExpr
  | IndexExpr
  | ConditionalExpr
  | NoiseExpr;

export interface NumberLiteral extends Node {
  readonly kind: "NumberLiteral";
  readonly value: number;
  /** True when written without `.` or exponent. */
  readonly isInteger: boolean;
  readonly raw: string;
}

export interface StringLiteral extends Node {
  readonly kind: "StringLiteral";
  /** Unescaped value. */
  readonly value: string;
}

export interface BoolLiteral extends Node {
  readonly kind: "BoolLiteral";
  readonly value: boolean;
}

export interface NoneLiteral extends Node {
  readonly kind: "NoneLiteral";
}

export interface ListLiteral extends Node {
  readonly kind: "ListLiteral";
  readonly elements: readonly Expression[];
}

export interface NameExpr extends Node {
  readonly kind: "NameExpr";
  /** The name it references: `name.name` (read this one: a parsed node makes `name` on demand). */
  readonly text: string;
  /** The identifier: the same name (and `nameIndex`). */
  readonly name: Identifier;
  readonly nameIndex: NameIndex;
}

export type UnaryOperator = "-" | "not";
export type BinaryOperator =
  | "+" | "-" | "*" | "/" | "^"
  | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "and" | "or";

export interface UnaryExpr extends Node {
  readonly kind: "UnaryExpr";
  readonly operator: UnaryOperator;
  readonly operand: Expression;
}

export interface BinaryExpr extends Node {
  readonly kind: "BinaryExpr";
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/** `callee(args, name: value)`. The callee is a NameExpr or a MemberExpr (`M.score(...)`). */
export interface CallExpr extends Node {
  readonly kind: "CallExpr";
  readonly callee: Expression;
  readonly args: readonly Expression[];
  readonly namedArgs: readonly NamedArg[];
}

export interface MemberExpr extends Node {
  readonly kind: "MemberExpr";
  readonly object: Expression;
  readonly property: Identifier;
}

export interface IndexExpr extends Node {
  readonly kind: "IndexExpr";
  readonly object: Expression;
  readonly index: Expression;
}

/** `if c then a else b`. */
export interface ConditionalExpr extends Node {
  readonly kind: "ConditionalExpr";
  readonly condition: Expression;
  readonly then: Expression;
  readonly else: Expression;
}

/** `noise latent[2] batch n scale 80`. */
export interface NoiseExpr extends Node {
  readonly kind: "NoiseExpr";
  readonly type: TypeRef;
  readonly batch?: Expression;
  readonly scale?: Expression;
}

export type AstNode =
  | Program | Declaration | Statement | Expression
  | Identifier | Annotation | ImportSpecifier | NamedArg | Binding
  | TypeRef | Param | StateParams | Block | UntilCondition;

/** Child keys per node kind, in source order: drives generic traversal. */
export const AstKeys: { readonly [K in AstNode["kind"]]: readonly string[] } = {
  Program: ["declarations"],
  Identifier: [],
  Annotation: ["name", "args"],
  ImportSpecifier: ["imported", "local"],
  ImportDecl: ["annotations", "specifiers", "source"],
  NamedArg: ["name", "value"],
  PortBinding: ["port", "onnxName"],
  CacheBinding: ["input", "output"],
  ModelDecl: ["annotations", "name", "contract", "contractArgs", "backend", "path", "bindings"],
  TypeRef: ["name", "dims"],
  Param: ["name", "type", "default"],
  StateParams: ["state", "from", "to"],
  StepDecl: ["annotations", "name", "params", "stateParams", "body"],
  FnDecl: ["annotations", "name", "params", "body"],
  ScheduleDecl: ["annotations", "name", "params", "body"],
  InferDecl: ["annotations", "name", "params", "returnType", "body"],
  Block: ["statements"],
  AssignStmt: ["annotations", "target", "value"],
  StateStmt: ["annotations", "target", "init"],
  ReturnStmt: ["annotations", "value"],
  IfStmt: ["annotations", "condition", "then", "else"],
  ForStmt: ["annotations", "variable", "iterable", "body"],
  RefineStmt: ["annotations", "target", "schedule", "step"],
  UntilCondition: ["value"],
  ExpandStmt: ["annotations", "target", "by", "until", "step", "body"],
  ExprStmt: ["annotations", "expression"],
  NumberLiteral: [],
  StringLiteral: [],
  BoolLiteral: [],
  NoneLiteral: [],
  ListLiteral: ["elements"],
  NameExpr: ["name"],
  UnaryExpr: ["operand"],
  BinaryExpr: ["left", "right"],
  CallExpr: ["callee", "args", "namedArgs"],
  MemberExpr: ["object", "property"],
  IndexExpr: ["object", "index"],
  ConditionalExpr: ["condition", "then", "else"],
  NoiseExpr: ["type", "batch", "scale"],
};
