import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ProgramCstNode extends CstNode {
  name: "program";
  children: ProgramCstChildren;
}

export type ProgramCstChildren = {
  declaration?: DeclarationCstNode[];
};

export interface DeclarationCstNode extends CstNode {
  name: "declaration";
  children: DeclarationCstChildren;
}

export type DeclarationCstChildren = {
  annotation?: AnnotationCstNode[];
  decl?: (ImportDeclCstNode | ModelDeclCstNode | StepDeclCstNode | FnDeclCstNode | ScheduleDeclCstNode | InferDeclCstNode)[];
};

export interface AnnotationCstNode extends CstNode {
  name: "annotation";
  children: AnnotationCstChildren;
}

export type AnnotationCstChildren = {
  At: IToken[];
  Name: IToken[];
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface ImportDeclCstNode extends CstNode {
  name: "importDecl";
  children: ImportDeclCstChildren;
}

export type ImportDeclCstChildren = {
  Import: IToken[];
  LCurly: IToken[];
  importSpecifier: ImportSpecifierCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
  From: IToken[];
  StringLiteral: IToken[];
};

export interface ImportSpecifierCstNode extends CstNode {
  name: "importSpecifier";
  children: ImportSpecifierCstChildren;
}

export type ImportSpecifierCstChildren = {
  imported: IToken[];
  As?: IToken[];
  local?: IToken[];
};

export interface ModelDeclCstNode extends CstNode {
  name: "modelDecl";
  children: ModelDeclCstChildren;
}

export type ModelDeclCstChildren = {
  Model: IToken[];
  name: IToken[];
  Colon: IToken[];
  contract: IToken[];
  LParen: (IToken)[];
  namedArgument?: NamedArgumentCstNode[];
  Comma?: IToken[];
  RParen: (IToken)[];
  Equals: IToken[];
  backend: IToken[];
  path: IToken[];
  LCurly: IToken[];
  cacheBinding?: CacheBindingCstNode[];
  portBinding?: PortBindingCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface CacheBindingCstNode extends CstNode {
  name: "cacheBinding";
  children: CacheBindingCstChildren;
}

export type CacheBindingCstChildren = {
  Cache: IToken[];
  input: IToken[];
  RArrow: IToken[];
  output: IToken[];
};

export interface PortBindingCstNode extends CstNode {
  name: "portBinding";
  children: PortBindingCstChildren;
}

export type PortBindingCstChildren = {
  Name: IToken[];
  LArrow?: IToken[];
  RArrow?: IToken[];
  StringLiteral: IToken[];
};

export interface NamedArgumentCstNode extends CstNode {
  name: "namedArgument";
  children: NamedArgumentCstChildren;
}

export type NamedArgumentCstChildren = {
  Name: IToken[];
  Colon: IToken[];
  expression: ExpressionCstNode[];
};

export interface StepDeclCstNode extends CstNode {
  name: "stepDecl";
  children: StepDeclCstChildren;
}

export type StepDeclCstChildren = {
  Step: IToken[];
  Name: IToken[];
  paramList: ParamListCstNode[];
  stateParams: StateParamsCstNode[];
  block: BlockCstNode[];
};

export interface FnDeclCstNode extends CstNode {
  name: "fnDecl";
  children: FnDeclCstChildren;
}

export type FnDeclCstChildren = {
  Fn: IToken[];
  Name: IToken[];
  paramList: ParamListCstNode[];
  block: BlockCstNode[];
};

export interface ScheduleDeclCstNode extends CstNode {
  name: "scheduleDecl";
  children: ScheduleDeclCstChildren;
}

export type ScheduleDeclCstChildren = {
  Schedule: IToken[];
  Name: IToken[];
  paramList: ParamListCstNode[];
  block: BlockCstNode[];
};

export interface InferDeclCstNode extends CstNode {
  name: "inferDecl";
  children: InferDeclCstChildren;
}

export type InferDeclCstChildren = {
  Infer: IToken[];
  Name: IToken[];
  paramList: ParamListCstNode[];
  RArrow?: IToken[];
  typeRef?: TypeRefCstNode[];
  block: BlockCstNode[];
};

export interface ParamListCstNode extends CstNode {
  name: "paramList";
  children: ParamListCstChildren;
}

export type ParamListCstChildren = {
  LParen: IToken[];
  param?: ParamCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ParamCstNode extends CstNode {
  name: "param";
  children: ParamCstChildren;
}

export type ParamCstChildren = {
  Name: IToken[];
  Colon?: IToken[];
  typeRef?: TypeRefCstNode[];
  Equals?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface StateParamsCstNode extends CstNode {
  name: "stateParams";
  children: StateParamsCstChildren;
}

export type StateParamsCstChildren = {
  LParen: IToken[];
  state: IToken[];
  Colon?: IToken[];
  typeRef?: TypeRefCstNode[];
  Comma?: IToken[];
  from?: IToken[];
  RArrow?: IToken[];
  to?: IToken[];
  RParen: IToken[];
};

export interface TypeRefCstNode extends CstNode {
  name: "typeRef";
  children: TypeRefCstChildren;
}

export type TypeRefCstChildren = {
  Name?: IToken[];
  Schedule?: IToken[];
  LBracket?: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RBracket?: IToken[];
};

export interface BlockCstNode extends CstNode {
  name: "block";
  children: BlockCstChildren;
}

export type BlockCstChildren = {
  LCurly: IToken[];
  statement?: StatementCstNode[];
  Semicolon?: IToken[];
  RCurly: IToken[];
};

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  annotation?: AnnotationCstNode[];
  stmt?: (StateStatementCstNode | ReturnStatementCstNode | IfStatementCstNode | ForStatementCstNode | RefineStatementCstNode | ExpandStatementCstNode | AssignStatementCstNode | ExpressionStatementCstNode)[];
};

export interface AssignStatementCstNode extends CstNode {
  name: "assignStatement";
  children: AssignStatementCstChildren;
}

export type AssignStatementCstChildren = {
  Name: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface StateStatementCstNode extends CstNode {
  name: "stateStatement";
  children: StateStatementCstChildren;
}

export type StateStatementCstChildren = {
  State: IToken[];
  Name: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface ReturnStatementCstNode extends CstNode {
  name: "returnStatement";
  children: ReturnStatementCstChildren;
}

export type ReturnStatementCstChildren = {
  Return: IToken[];
  expression: ExpressionCstNode[];
};

export interface IfStatementCstNode extends CstNode {
  name: "ifStatement";
  children: IfStatementCstChildren;
}

export type IfStatementCstChildren = {
  If: IToken[];
  expression: ExpressionCstNode[];
  then: BlockCstNode[];
  Else?: IToken[];
  elseIf?: IfStatementCstNode[];
  else?: BlockCstNode[];
};

export interface ForStatementCstNode extends CstNode {
  name: "forStatement";
  children: ForStatementCstChildren;
}

export type ForStatementCstChildren = {
  For: IToken[];
  Name: IToken[];
  In: IToken[];
  expression: ExpressionCstNode[];
  block: BlockCstNode[];
};

export interface RefineStatementCstNode extends CstNode {
  name: "refineStatement";
  children: RefineStatementCstChildren;
}

export type RefineStatementCstChildren = {
  Refine: IToken[];
  target: OperandCstNode[];
  Over: IToken[];
  schedule: ExpressionCstNode[];
  Using: IToken[];
  stepCall: StepCallCstNode[];
};

export interface ExpandStatementCstNode extends CstNode {
  name: "expandStatement";
  children: ExpandStatementCstChildren;
}

export type ExpandStatementCstChildren = {
  Expand: IToken[];
  Name: IToken[];
  untilClause?: (UntilClauseCstNode)[];
  Using?: IToken[];
  stepCall?: StepCallCstNode[];
  By?: IToken[];
  by?: ExpressionCstNode[];
  Masked?: IToken[];
  Noised?: IToken[];
  block?: BlockCstNode[];
};

export interface UntilClauseCstNode extends CstNode {
  name: "untilClause";
  children: UntilClauseCstChildren;
}

export type UntilClauseCstChildren = {
  Until: IToken[];
  untilCondition: UntilConditionCstNode[];
  Or?: IToken[];
};

export interface UntilConditionCstNode extends CstNode {
  name: "untilCondition";
  children: UntilConditionCstChildren;
}

export type UntilConditionCstChildren = {
  Eos?: IToken[];
  Length?: IToken[];
  simpleExpression?: SimpleExpressionCstNode[];
};

export interface StepCallCstNode extends CstNode {
  name: "stepCall";
  children: StepCallCstChildren;
}

export type StepCallCstChildren = {
  Name: IToken[];
  arguments: ArgumentsCstNode[];
};

export interface ExpressionStatementCstNode extends CstNode {
  name: "expressionStatement";
  children: ExpressionStatementCstChildren;
}

export type ExpressionStatementCstChildren = {
  expression: ExpressionCstNode[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  operand: (OperandCstNode)[];
  BinaryOperator?: IToken[];
};

export interface SimpleExpressionCstNode extends CstNode {
  name: "simpleExpression";
  children: SimpleExpressionCstChildren;
}

export type SimpleExpressionCstChildren = {
  operand: (OperandCstNode)[];
  BinaryOperator?: IToken[];
};

export interface OperandCstNode extends CstNode {
  name: "operand";
  children: OperandCstChildren;
}

export type OperandCstChildren = {
  prefix?: (IToken)[];
  atom?: (IToken | ParenExpressionCstNode | ListLiteralCstNode | ConditionalExpressionCstNode | NoiseExpressionCstNode)[];
  postfix?: PostfixCstNode[];
  Caret?: IToken[];
  exponent?: OperandCstNode[];
};

export interface PostfixCstNode extends CstNode {
  name: "postfix";
  children: PostfixCstChildren;
}

export type PostfixCstChildren = {
  arguments?: ArgumentsCstNode[];
  Dot?: IToken[];
  Name?: IToken[];
  LBracket?: IToken[];
  expression?: ExpressionCstNode[];
  RBracket?: IToken[];
};

export interface ArgumentsCstNode extends CstNode {
  name: "arguments";
  children: ArgumentsCstChildren;
}

export type ArgumentsCstChildren = {
  LParen: IToken[];
  namedArgument?: NamedArgumentCstNode[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ParenExpressionCstNode extends CstNode {
  name: "parenExpression";
  children: ParenExpressionCstChildren;
}

export type ParenExpressionCstChildren = {
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
};

export interface ListLiteralCstNode extends CstNode {
  name: "listLiteral";
  children: ListLiteralCstChildren;
}

export type ListLiteralCstChildren = {
  LBracket: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface ConditionalExpressionCstNode extends CstNode {
  name: "conditionalExpression";
  children: ConditionalExpressionCstChildren;
}

export type ConditionalExpressionCstChildren = {
  If: IToken[];
  condition: ExpressionCstNode[];
  Then: IToken[];
  then: ExpressionCstNode[];
  Else: IToken[];
  else: ExpressionCstNode[];
};

export interface NoiseExpressionCstNode extends CstNode {
  name: "noiseExpression";
  children: NoiseExpressionCstChildren;
}

export type NoiseExpressionCstChildren = {
  Noise: IToken[];
  typeRef: TypeRefCstNode[];
  Batch?: IToken[];
  batch?: OperandCstNode[];
  Scale?: IToken[];
  scale?: OperandCstNode[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  program(children: ProgramCstChildren, param?: IN): OUT;
  declaration(children: DeclarationCstChildren, param?: IN): OUT;
  annotation(children: AnnotationCstChildren, param?: IN): OUT;
  importDecl(children: ImportDeclCstChildren, param?: IN): OUT;
  importSpecifier(children: ImportSpecifierCstChildren, param?: IN): OUT;
  modelDecl(children: ModelDeclCstChildren, param?: IN): OUT;
  cacheBinding(children: CacheBindingCstChildren, param?: IN): OUT;
  portBinding(children: PortBindingCstChildren, param?: IN): OUT;
  namedArgument(children: NamedArgumentCstChildren, param?: IN): OUT;
  stepDecl(children: StepDeclCstChildren, param?: IN): OUT;
  fnDecl(children: FnDeclCstChildren, param?: IN): OUT;
  scheduleDecl(children: ScheduleDeclCstChildren, param?: IN): OUT;
  inferDecl(children: InferDeclCstChildren, param?: IN): OUT;
  paramList(children: ParamListCstChildren, param?: IN): OUT;
  param(children: ParamCstChildren, param?: IN): OUT;
  stateParams(children: StateParamsCstChildren, param?: IN): OUT;
  typeRef(children: TypeRefCstChildren, param?: IN): OUT;
  block(children: BlockCstChildren, param?: IN): OUT;
  statement(children: StatementCstChildren, param?: IN): OUT;
  assignStatement(children: AssignStatementCstChildren, param?: IN): OUT;
  stateStatement(children: StateStatementCstChildren, param?: IN): OUT;
  returnStatement(children: ReturnStatementCstChildren, param?: IN): OUT;
  ifStatement(children: IfStatementCstChildren, param?: IN): OUT;
  forStatement(children: ForStatementCstChildren, param?: IN): OUT;
  refineStatement(children: RefineStatementCstChildren, param?: IN): OUT;
  expandStatement(children: ExpandStatementCstChildren, param?: IN): OUT;
  untilClause(children: UntilClauseCstChildren, param?: IN): OUT;
  untilCondition(children: UntilConditionCstChildren, param?: IN): OUT;
  stepCall(children: StepCallCstChildren, param?: IN): OUT;
  expressionStatement(children: ExpressionStatementCstChildren, param?: IN): OUT;
  expression(children: ExpressionCstChildren, param?: IN): OUT;
  simpleExpression(children: SimpleExpressionCstChildren, param?: IN): OUT;
  operand(children: OperandCstChildren, param?: IN): OUT;
  postfix(children: PostfixCstChildren, param?: IN): OUT;
  arguments(children: ArgumentsCstChildren, param?: IN): OUT;
  parenExpression(children: ParenExpressionCstChildren, param?: IN): OUT;
  listLiteral(children: ListLiteralCstChildren, param?: IN): OUT;
  conditionalExpression(children: ConditionalExpressionCstChildren, param?: IN): OUT;
  noiseExpression(children: NoiseExpressionCstChildren, param?: IN): OUT;
}
