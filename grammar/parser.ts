/**
 * The normative grammar of `.infer` (docs/language.md) as a Chevrotain EmbeddedActionsParser:
 * each rule recognises its construct and returns its AST node, built by `AstBuilder`
 * (src/syntax/buildAst.ts) from the tokens and sub-results — no concrete syntax tree exists.
 *
 * Conventions: rules are class fields; each cites its section of docs/language.md; LL(1)
 * everywhere except three alternations that look at two tokens (`name :` named arguments,
 * `name =` assignments, `cache "..."` bindings). Expressions are flat here (`operand
 * (BinaryOperator operand)*`): precedence and associativity of §6 are applied by the builder.
 * `^` (right-associative, tighter than unary minus) is part of `operand`.
 *
 * Embedded actions:
 * - A rule's code also runs once while Chevrotain records the grammar (`performSelfAnalysis`),
 *   with placeholder tokens and sub-results; the builder is then a stand-in whose methods all
 *   return undefined, so rules read as plain code.
 * - Alternatives that need no local state are built once (`this.c`), not on every invocation.
 * - Syntax errors: when a rule is stopped by one, its `catch` builds what it has so far (the
 *   parts not reached are missing; the part being parsed is the partial result of the
 *   sub-rule that stopped) and passes it up on the exception; the rule where Chevrotain
 *   resumes (re-sync) returns it. A broken statement thus keeps what precedes the error, as
 *   the partial concrete syntax trees of a CST parser would.
 */
import { isRecognitionException, type IToken, type TokenType } from "./chevrotain.js";
import * as t from "./tokens.js";
import { FirstTokenLookahead, type LookaheadTable } from "./lookahead.js";
import lookaheadTable from "./lookahead.json" with { type: "json" };
import { InferErrorMessageProvider } from "./messages.js";
import { RepetitionsParser } from "./repetitions.js";
import type * as A from "../src/syntax/ast.js";
import type { AstBuilder, Loc, Operand } from "../src/syntax/buildAst.js";

/** The declaration whose text is being parsed, for error messages ("the body of step "euler""). */
export interface ParseOwner {
  kind: string;
  name?: string;
}

/**
 * Labels name the parts of a rule in the railroad diagrams (grammar/diagrams.html); shared
 * option objects, as Chevrotain would otherwise get a new one on every call.
 */
const L = {
  atom: { LABEL: "atom" },
  backend: { LABEL: "backend" },
  batch: { LABEL: "batch" },
  by: { LABEL: "by" },
  condition: { LABEL: "condition" },
  contract: { LABEL: "contract" },
  decl: { LABEL: "decl" },
  else: { LABEL: "else" },
  elseIf: { LABEL: "elseIf" },
  exponent: { LABEL: "exponent" },
  from: { LABEL: "from" },
  imported: { LABEL: "imported" },
  input: { LABEL: "input" },
  local: { LABEL: "local" },
  name: { LABEL: "name" },
  output: { LABEL: "output" },
  path: { LABEL: "path" },
  prefix: { LABEL: "prefix" },
  scale: { LABEL: "scale" },
  schedule: { LABEL: "schedule" },
  state: { LABEL: "state" },
  stmt: { LABEL: "stmt" },
  target: { LABEL: "target" },
  then: { LABEL: "then" },
  to: { LABEL: "to" },
  BinaryOperator: { LABEL: "BinaryOperator" },
} as const;

/** A builder whose every method returns undefined: used while the grammar is recorded. */
const RECORDING_BUILDER = new Proxy({}, { get: () => () => undefined }) as AstBuilder;

const NO_ANNOTATIONS: A.Annotation[] = Object.freeze([]) as unknown as A.Annotation[];
const NO_PARAMS: A.Param[] = Object.freeze([]) as unknown as A.Param[];
/** A part that is there (its keyword or punctuation was consumed) but could not be parsed. */
const MISSING: unique symbol = Symbol("missing");

/** A part from an OPTION: undefined when absent or broken. */
function present<T>(v: T | typeof MISSING | undefined): T | undefined {
  return v === MISSING ? undefined : v;
}

/** Stands for an exponent that could not be parsed (the `^` was there). */
const NO_OPERAND = Object.freeze({ kind: "Nots", expr: undefined, nots: [] }) as Operand;
/** Stands for a named argument that could not be parsed (so it is not taken for a positional one). */
const BROKEN_NAMED = Object.freeze({ kind: "NamedArg" }) as A.NamedArg;

/** A part of a construct not reached yet (when a syntax error stops the rule, it is missing). */
const PENDING: unique symbol = Symbol("pending");
type Pending = typeof PENDING;

/** Chevrotain's tree-building hooks (instance properties; no-ops in an EmbeddedActionsParser). */
interface TreeBuilderHooks {
  cstInvocationStateUpdate(fullRuleName: string): void;
  cstPostTerminal(key: string, token: IToken): void;
  cstFinallyStateUpdate(): void;
}

/** What a recognition exception carries up: the partial result of the rule it last left. */
interface Stopped {
  partialRule?: string;
  partial?: unknown;
  partialTaken?: boolean;
}

/** Every rule returns the partial result it attached to the exception when Chevrotain resumes in it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RESUME = { recoveryValueFunc: (e: unknown): any => (e as Stopped).partial };

export class InferParser extends RepetitionsParser {
  /** Updated as declarations and their names are recognised. */
  owner: ParseOwner | undefined;
  /** When parsing a slice of the file, the token after the slice (reported instead of EOF). */
  eofStandIn: IToken | undefined;
  /** Builds the AST of the file being parsed (set by `parse`). */
  b: AstBuilder = RECORDING_BUILDER;
  /** Where `program` appends the declarations it parses. */
  out: A.Declaration[] = [];

  // Hand-offs from a rule to the sub-rule it invokes next, read by that sub-rule on entry
  // (alternatives are built once, so they cannot capture the caller's locals).
  private declAnnotations!: A.Annotation[];
  /** Whether the statement rule invoked next was chosen by `statement` (so its annotations precede it), not an `else if`. */
  private stmtAnnotated = false;
  private stmtAnnotations!: A.Annotation[];
  private target: A.Expression | undefined;

  // Where each active rule starts and ends, as a CST parser's node locations: the first and
  // last tokens it consumed, its sub-rules' included and tokens inserted by recovery excepted
  // (Chevrotain's tree-building hooks, which an embedded-actions parser leaves empty).
  private readonly locFirst: (IToken | undefined)[] = [];
  private readonly locLast: (IToken | undefined)[] = [];
  private locDepth = -1;

  /**
   * Alternatives and repetition bodies without local state, built once: Chevrotain would
   * otherwise allocate the arrays and closures on every rule invocation.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly c: Record<string, any> = {};

  /**
   * `lookahead`: the stored lookahead paths (grammar/lookahead.json by default); null computes
   * them all, as `npm run gen` does to write that file.
   */
  constructor(options: { skipValidations?: boolean; lookahead?: LookaheadTable | null } = {}) {
    const messages = new InferErrorMessageProvider();
    super(t.allTokens as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 1,
      lookaheadStrategy: new FirstTokenLookahead({
        maxLookahead: 1,
        tokens: t.allTokens,
        table: options.lookahead === null ? undefined : (options.lookahead ?? (lookaheadTable as LookaheadTable)),
      }),
      skipValidations: options.skipValidations ?? !process.env.VITEST,
      errorMessageProvider: messages,
    });
    messages.parser = this;
    const hooks = this as unknown as TreeBuilderHooks;
    hooks.cstInvocationStateUpdate = () => {
      const d = ++this.locDepth;
      this.locFirst[d] = undefined;
      this.locLast[d] = undefined;
    };
    hooks.cstPostTerminal = (_key, tok) => {
      if (tok.startOffset !== tok.startOffset) return; // NaN: inserted by recovery
      const d = this.locDepth;
      if (this.locFirst[d] === undefined) this.locFirst[d] = tok;
      this.locLast[d] = tok;
    };
    hooks.cstFinallyStateUpdate = () => {
      const d = this.locDepth--;
      const first = this.locFirst[d];
      if (first === undefined || d === 0) return;
      if (this.locFirst[d - 1] === undefined) this.locFirst[d - 1] = first;
      this.locLast[d - 1] = this.locLast[d];
    };
    this.performSelfAnalysis();
  }

  /** The lookahead paths this parser was built with, as grammar/lookahead.json stores them. */
  lookaheadTable(): LookaheadTable {
    const strategy = (this as unknown as { lookaheadStrategy: FirstTokenLookahead }).lookaheadStrategy;
    return strategy.lookaheadTable(Object.values(this.getGAstProductions()));
  }

  /** Drops the references to the last file's builder and tokens. */
  release(): void {
    this.b = RECORDING_BUILDER;
    this.locFirst.length = 0;
    this.locLast.length = 0;
    this.statements.length = 0;
    this.statementCount.length = 0;
    this.exprFirst.length = 0;
    this.exprOps.length = 0;
    this.exprOperands.length = 0;
    this.exprOpCount.length = 0;
    this.exprOperandCount.length = 0;
    this.positional.length = 0;
    this.named.length = 0;
    this.positionalCount.length = 0;
    this.namedCount.length = 0;
  }

  /** The span of what the current rule consumed so far. */
  private here(): Loc | undefined {
    const d = this.locDepth;
    return this.b.span(this.locFirst[d], this.locLast[d]);
  }

  /** `here()`, extended to the tokens its caller consumed before invoking it (annotations). */
  private withCaller(): Loc | undefined {
    const d = this.locDepth;
    return this.b.span(this.locFirst[d - 1] ?? this.locFirst[d], this.locLast[d] ?? this.locLast[d - 1]);
  }

  /** The span of a statement: with its annotations, unless it is an `else if`. */
  private stmtSpan(annotated: boolean): Loc | undefined {
    return annotated ? this.withCaller() : this.here();
  }

  /** The rule names currently active (outermost first), for error messages. */
  ruleStack(): string[] {
    return (this as unknown as { getHumanReadableRuleStack(): string[] }).getHumanReadableRuleStack();
  }

  /** Lookahead token `i` (1 = next, 0 = the last one consumed). */
  peek(i: number): IToken {
    return this.LA(i);
  }

  private setOwner(kind: string, name?: IToken): void {
    if (this.RECORDING_PHASE) return;
    this.owner = name === undefined || name.image === "" ? { kind } : { kind, name: name.image };
  }

  // ---------------------------------------------------------------- partial results

  /** Attaches `rule`'s partial result (built now) to a recognition exception; returns `e` to rethrow. */
  private stop(e: unknown, rule: string, partial: () => unknown): unknown {
    if (!isRecognitionException(e as Error)) return e;
    const value = partial();
    const s = e as Stopped;
    s.partialRule = rule;
    s.partial = value;
    s.partialTaken = false;
    return e;
  }

  /** Whether `e` carries the (not yet used) partial result of one of `rules`. */
  private stoppedIn(e: unknown, ...rules: string[]): boolean {
    const s = e as Stopped;
    return s.partialTaken === false && rules.includes(s.partialRule!);
  }

  /** The partial result carried by `e` (once). */
  private partial<T>(e: unknown): T {
    const s = e as Stopped;
    s.partialTaken = true;
    return s.partial as T;
  }

  /** `v`, or undefined when that part of the construct is absent. */
  private reached<T>(v: T): Exclude<T, Pending> | undefined {
    return v === PENDING ? undefined : (v as Exclude<T, Pending>);
  }

  /** The partial result of the sub-rule that stopped, if it is one of `rules`. */
  private childPartial<T>(e: unknown, ...rules: string[]): T | undefined {
    return this.stoppedIn(e, ...rules) ? this.partial<T>(e) : undefined;
  }

  /** `v`, or, when not reached, the partial result of the sub-rule that stopped (if one of `rules`). */
  private settle<T>(v: T, e: unknown, ...rules: string[]): Exclude<T, Pending> | undefined {
    return v !== PENDING ? (v as Exclude<T, Pending>) : this.childPartial(e, ...rules);
  }

  // ---------------------------------------------------------------- §2 files, §3 annotations

  /** §2: a file is a sequence of declarations. */
  program = this.RULE(
    "program",
    () => {
      try {
        this.MANY(
          (this.c.program ??= () => {
            const d = this.SUBRULE(this.declaration);
            if (d !== undefined) this.out.push(d);
          }),
        );
      } catch (e) {
        throw this.stop(e, "program", () => {
          const d = this.childPartial<A.Declaration>(e, "declaration");
          if (d !== undefined) this.out.push(d);
        });
      }
    },
    RESUME,
  );

  /** §2–§7: annotations, then one declaration. */
  declaration = this.RULE(
    "declaration",
    (): A.Declaration | undefined => {
      this.owner = undefined;
      let d: A.Declaration | undefined | Pending = PENDING;
      try {
        this.annotations = undefined;
        this.MANY((this.c.annotations ??= () => this.annotated()));
        this.declAnnotations = this.annotations ?? NO_ANNOTATIONS;
        d = this.OR<A.Declaration | undefined>(
          (this.c.declaration ??= [
            { ALT: () => this.SUBRULE(this.importDecl, L.decl) },
            { ALT: () => this.SUBRULE(this.modelDecl, L.decl) },
            { ALT: () => this.SUBRULE(this.stepDecl, L.decl) },
            { ALT: () => this.SUBRULE(this.fnDecl, L.decl) },
            { ALT: () => this.SUBRULE(this.scheduleDecl, L.decl) },
            { ALT: () => this.SUBRULE(this.inferDecl, L.decl) },
          ]),
        );
        this.b.endDeclaration(this.here());
        return d;
      } catch (e) {
        throw this.stop(e, "declaration", () => {
          const decl = this.settle(d, e, "importDecl", "modelDecl", "stepDecl", "fnDecl", "scheduleDecl", "inferDecl");
          this.b.endDeclaration(this.here());
          return decl;
        });
      }
    },
    RESUME,
  );

  /** The annotations before the declaration or statement being parsed (they hold no statements). */
  private annotations: A.Annotation[] | undefined;

  /** One annotation of a declaration or statement. */
  private annotated(): void {
    const a = this.SUBRULE(this.annotation);
    if (a !== undefined) (this.annotations ??= []).push(a);
  }

  /** §3: `@name` or `@name(args)`. */
  annotation = this.RULE(
    "annotation",
    () => {
      this.CONSUME(t.At);
      let name: IToken | undefined;
      let args: (A.Expression | undefined)[] | undefined;
      try {
        name = this.CONSUME(t.Name);
        this.OPTION(() => {
          this.CONSUME(t.LParen);
          args = [];
          this.MANY_SEP({ SEP: t.Comma, DEF: () => args!.push(this.SUBRULE(this.expression)) });
          this.CONSUME(t.RParen);
        });
        return this.b.annotation(this.here(), name, args);
      } catch (e) {
        throw this.stop(e, "annotation", () => {
          if (this.stoppedIn(e, "expression")) args!.push(this.partial(e));
          return this.b.annotation(this.here(), name, args);
        });
      }
    },
    RESUME,
  );

  /** §2: `import { a, b as c } from "path"`. A broken import is dropped (its path comes last). */
  importDecl = this.RULE("importDecl", () => {
    const annotations = this.declAnnotations;
    this.CONSUME(t.Import);
    this.setOwner("import");
    this.CONSUME(t.LCurly);
    const specifiers: A.ImportSpecifier[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: t.Comma,
      DEF: () => {
        const s = this.SUBRULE(this.importSpecifier);
        if (s !== undefined) specifiers.push(s);
      },
    });
    this.CONSUME(t.RCurly);
    this.CONSUME(t.From);
    const source = this.CONSUME(t.StringLiteral);
    return this.b.importDecl(annotations, this.withCaller(), specifiers, source);
  });

  /** §2: `name` or `name as local`. */
  importSpecifier = this.RULE("importSpecifier", () => {
    const imported = this.CONSUME(t.Name, L.imported);
    const local = this.OPTION(() => {
      this.CONSUME(t.As);
      return this.CONSUME2(t.Name, L.local);
    });
    return this.b.importSpecifier(this.here(), imported, local !== undefined, local);
  });

  // ---------------------------------------------------------------- §5 models

  /** §5: `model NAME: CONTRACT(ARGS) = onnx("path") { BINDINGS }`. */
  modelDecl = this.RULE(
    "modelDecl",
    () => {
      const annotations = this.declAnnotations;
      let name: IToken | undefined;
      let contract: IToken | undefined;
      let backend: IToken | undefined;
      let path: IToken | undefined;
      const args: A.NamedArg[] = [];
      const bindings: A.Binding[] = [];
      try {
        this.CONSUME(t.ModelKw);
        this.setOwner("model");
        name = this.CONSUME(t.Name, L.name);
        this.setOwner("model", name);
        this.CONSUME(t.Colon);
        contract = this.CONSUME2(t.Name, L.contract);
        this.CONSUME(t.LParen);
        this.MANY_SEP({
          SEP: t.Comma,
          DEF: () => {
            const a = this.SUBRULE(this.namedArgument);
            if (a !== undefined) args.push(a);
          },
        });
        this.CONSUME(t.RParen);
        this.CONSUME(t.Equals);
        backend = this.CONSUME3(t.Name, L.backend);
        this.CONSUME2(t.LParen);
        path = this.CONSUME(t.StringLiteral, L.path);
        this.CONSUME2(t.RParen);
        this.CONSUME(t.LCurly);
        this.MANY(() => {
          const binding = this.OR<A.Binding | undefined>(
            (this.c.binding ??= {
              MAX_LOOKAHEAD: 2,
              DEF: [
                { ALT: () => this.SUBRULE(this.cacheBinding) },
                { ALT: () => this.SUBRULE(this.portBinding) },
                { ALT: () => void this.CONSUME(t.Semicolon) },
              ],
            }),
          );
          if (binding !== undefined) bindings.push(binding);
        });
        this.CONSUME(t.RCurly);
        return this.b.modelDecl(annotations, this.withCaller(), name, contract, args, backend, path, bindings);
      } catch (e) {
        throw this.stop(e, "modelDecl", () => {
          if (this.stoppedIn(e, "namedArgument")) {
            const a = this.partial<A.NamedArg | undefined>(e);
            if (a !== undefined) args.push(a);
          }
          return this.b.modelDecl(annotations, this.withCaller(), name, contract, args, backend, path, bindings);
        });
      }
    },
    RESUME,
  );

  /** §5: `cache "past.%d.key" -> "present.%d.key"`. */
  cacheBinding = this.RULE("cacheBinding", () => {
    this.CONSUME(t.Cache);
    const input = this.CONSUME(t.StringLiteral, L.input);
    this.CONSUME(t.RArrow);
    const output = this.CONSUME2(t.StringLiteral, L.output);
    return this.b.cacheBinding(this.here(), input, output);
  });

  /** §5: `port <- "onnx input"` or `port -> "onnx output"`. */
  portBinding = this.RULE("portBinding", () => {
    const port = this.CONSUME(t.Name);
    const arrow = this.OR<IToken>((this.c.arrow ??= [{ ALT: () => this.CONSUME(t.LArrow) }, { ALT: () => this.CONSUME(t.RArrow) }]));
    const onnx = this.CONSUME(t.StringLiteral);
    return this.b.portBinding(this.here(), port, arrow, onnx);
  });

  /** §5, §6: `name: value` in contracts and calls. */
  namedArgument = this.RULE(
    "namedArgument",
    () => {
      const name = this.CONSUME(t.Name);
      try {
        this.CONSUME(t.Colon);
        return this.b.namedArg(name, this.SUBRULE(this.expression));
      } catch (e) {
        throw this.stop(e, "namedArgument", () => this.b.namedArg(name, this.childPartial(e, "expression")));
      }
    },
    RESUME,
  );

  // ---------------------------------------------------------------- §6 functions, steps, schedules

  /** §6: `step NAME(config)(state) { ... }`. */
  stepDecl = this.RULE(
    "stepDecl",
    () => {
      const annotations = this.declAnnotations;
      let name: IToken | undefined;
      let params: A.Param[] | Pending = PENDING;
      let stateParams: A.StateParams | undefined | Pending = PENDING;
      let body: A.Block | undefined | Pending = PENDING;
      try {
        this.CONSUME(t.Step);
        this.setOwner("step");
        name = this.CONSUME(t.Name);
        this.setOwner("step", name);
        params = this.SUBRULE(this.paramList);
        stateParams = this.SUBRULE(this.stateParams);
        body = this.SUBRULE(this.block);
        return this.b.stepDecl(annotations, this.withCaller(), name, params, stateParams, body);
      } catch (e) {
        throw this.stop(e, "stepDecl", () =>
          this.b.stepDecl(
            annotations, this.withCaller(), name, this.settle(params, e, "paramList"), this.settle(stateParams, e, "stateParams"),
            this.settle(body, e, "block"),
          ),
        );
      }
    },
    RESUME,
  );

  /** §6: `fn NAME(params) { ... }`. */
  fnDecl = this.RULE(
    "fnDecl",
    () => {
      const annotations = this.declAnnotations;
      let name: IToken | undefined;
      let params: A.Param[] | Pending = PENDING;
      let body: A.Block | undefined | Pending = PENDING;
      try {
        this.CONSUME(t.Fn);
        this.setOwner("fn");
        name = this.CONSUME(t.Name);
        this.setOwner("fn", name);
        params = this.SUBRULE(this.paramList);
        body = this.SUBRULE(this.block);
        return this.b.fnDecl(annotations, this.withCaller(), name, params, body);
      } catch (e) {
        throw this.stop(e, "fnDecl", () =>
          this.b.fnDecl(annotations, this.withCaller(), name, this.settle(params, e, "paramList"), this.settle(body, e, "block")),
        );
      }
    },
    RESUME,
  );

  /** §6: `schedule NAME(params) { ... }`. */
  scheduleDecl = this.RULE(
    "scheduleDecl",
    () => {
      const annotations = this.declAnnotations;
      let name: IToken | undefined;
      let params: A.Param[] | Pending = PENDING;
      let body: A.Block | undefined | Pending = PENDING;
      try {
        this.CONSUME(t.Schedule);
        this.setOwner("schedule");
        name = this.CONSUME(t.Name);
        this.setOwner("schedule", name);
        params = this.SUBRULE(this.paramList);
        body = this.SUBRULE(this.block);
        return this.b.scheduleDecl(annotations, this.withCaller(), name, params, body);
      } catch (e) {
        throw this.stop(e, "scheduleDecl", () =>
          this.b.scheduleDecl(annotations, this.withCaller(), name, this.settle(params, e, "paramList"), this.settle(body, e, "block")),
        );
      }
    },
    RESUME,
  );

  /** §7: `infer NAME(params) -> TYPE { ... }`. */
  inferDecl = this.RULE(
    "inferDecl",
    () => {
      const annotations = this.declAnnotations;
      let name: IToken | undefined;
      let params: A.Param[] | Pending = PENDING;
      let arrow = false;
      let returnType: A.TypeRef | undefined | Pending = PENDING;
      let body: A.Block | undefined | Pending = PENDING;
      try {
        this.CONSUME(t.Infer);
        this.setOwner("infer");
        name = this.CONSUME(t.Name);
        this.setOwner("infer", name);
        params = this.SUBRULE(this.paramList);
        this.OPTION(() => {
          this.CONSUME(t.RArrow);
          arrow = true;
          returnType = this.SUBRULE(this.typeRef);
        });
        body = this.SUBRULE(this.block);
        return this.b.inferDecl(annotations, this.withCaller(), name, params, arrow, this.reached(returnType), body);
      } catch (e) {
        throw this.stop(e, "inferDecl", () =>
          this.b.inferDecl(
            annotations, this.withCaller(), name, this.settle(params, e, "paramList"), arrow,
            arrow ? this.settle(returnType, e, "typeRef") : undefined, this.settle(body, e, "block"),
          ),
        );
      }
    },
    RESUME,
  );

  /** The parameters of the parameter list being parsed (lists do not nest). */
  private params: A.Param[] | undefined;

  /** §6, §7: `(a: int = 1, D: denoiser, x)`. */
  paramList = this.RULE(
    "paramList",
    () => {
      this.params = undefined;
      try {
        this.CONSUME(t.LParen);
        this.MANY_SEP(
          (this.c.params ??= {
            SEP: t.Comma,
            DEF: () => {
              const p = this.SUBRULE(this.param);
              if (p !== undefined) (this.params ??= []).push(p);
            },
          }),
        );
        this.CONSUME(t.RParen);
        return this.params ?? NO_PARAMS;
      } catch (e) {
        throw this.stop(e, "paramList", () => {
          if (this.stoppedIn(e, "param")) {
            const p = this.partial<A.Param | undefined>(e);
            if (p !== undefined) (this.params ??= []).push(p);
          }
          return this.params ?? NO_PARAMS;
        });
      }
    },
    RESUME,
  );

  /** §6: `name`, `name: TYPE`, `name: TYPE = default`, `name = default`. */
  param = this.RULE(
    "param",
    () => {
      const name = this.CONSUME(t.Name);
      // Each option yields its part, or MISSING when it is there but broken.
      let type: A.TypeRef | typeof MISSING | undefined | Pending = PENDING;
      let dflt: A.Expression | typeof MISSING | undefined | Pending = PENDING;
      try {
        type = this.OPTION<A.TypeRef | typeof MISSING>(
          (this.c.paramType ??= () => {
            this.CONSUME(t.Colon);
            return this.SUBRULE(this.typeRef) ?? MISSING;
          }),
        );
        dflt = this.OPTION2<A.Expression | typeof MISSING>(
          (this.c.paramDefault ??= () => {
            this.CONSUME(t.Equals);
            return this.SUBRULE(this.expression) ?? MISSING;
          }),
        );
        return this.b.param(this.here(), name, type !== undefined, present(type), dflt !== undefined, present(dflt));
      } catch (e) {
        throw this.stop(e, "param", () => {
          // Stopped in the type or the default: its `:` or `=` was consumed.
          if (type === PENDING && this.stoppedIn(e, "typeRef")) return this.b.param(this.here(), name, true, this.partial(e), false, undefined);
          const colon = type !== PENDING && type !== undefined;
          const equals = this.stoppedIn(e, "expression");
          return this.b.param(this.here(), name, colon, present(this.reached(type)), equals, equals ? this.partial(e) : undefined);
        });
      }
    },
    RESUME,
  );

  /** §6: the state parameters of a step: `(x, t -> s)` (refine) or `(y)` (expand). */
  stateParams = this.RULE(
    "stateParams",
    () => {
      this.CONSUME(t.LParen);
      let state: IToken | undefined;
      let colon = false;
      let type: A.TypeRef | undefined | Pending = PENDING;
      let comma = false;
      let from: IToken | undefined;
      let to: IToken | undefined;
      try {
        state = this.CONSUME(t.Name, L.state);
        this.OPTION(() => {
          this.CONSUME(t.Colon);
          colon = true;
          type = this.SUBRULE(this.typeRef);
        });
        this.OPTION2(() => {
          this.CONSUME(t.Comma);
          comma = true;
          from = this.CONSUME2(t.Name, L.from);
          this.CONSUME(t.RArrow);
          to = this.CONSUME3(t.Name, L.to);
        });
        this.CONSUME(t.RParen);
        return this.b.stateParams(this.here(), state, colon, this.reached(type), comma, from, to);
      } catch (e) {
        throw this.stop(e, "stateParams", () =>
          this.b.stateParams(this.here(), state, colon, this.settle(type, e, "typeRef"), comma, from, to),
        );
      }
    },
    RESUME,
  );

  // The dimensions of the types being parsed, by nesting depth (`latent[d]` may nest in a dimension).
  private typeDepth = -1;
  private readonly dims: ((A.Expression | undefined)[] | undefined)[] = [];

  /** §4: `int`, `tokens[V]`, `latent[2, 3]`, `schedule`, `denoiser`. */
  typeRef = this.RULE(
    "typeRef",
    () => {
      const d = ++this.typeDepth;
      this.dims[d] = undefined;
      let name: IToken | undefined;
      try {
        name = this.OR<IToken>((this.c.typeName ??= [{ ALT: () => this.CONSUME(t.Name) }, { ALT: () => this.CONSUME(t.Schedule) }]));
        this.OPTION(
          (this.c.typeDims ??= () => {
            this.CONSUME(t.LBracket);
            this.dims[this.typeDepth] = [];
            this.AT_LEAST_ONE_SEP((this.c.typeDim ??= { SEP: t.Comma, DEF: () => this.dims[this.typeDepth]!.push(this.SUBRULE(this.expression)) }));
            this.CONSUME(t.RBracket);
          }),
        );
        return this.b.typeRef(this.here(), name, this.dims[d]);
      } catch (e) {
        throw this.stop(e, "typeRef", () => {
          if (this.stoppedIn(e, "expression")) this.dims[d]!.push(this.partial(e));
          return this.b.typeRef(this.here(), name, this.dims[d]);
        });
      } finally {
        this.typeDepth = d - 1;
      }
    },
    RESUME,
  );

  // ---------------------------------------------------------------- §6, §7 statements

  // The statements of the blocks being parsed, by nesting depth; reused from one block to the
  // next with counts, as the builder copies them (a new list per block grew as it was filled).
  private blockDepth = -1;
  private readonly statements: A.Statement[][] = [];
  private readonly statementCount: number[] = [];

  /** §6: `{ statements }`; `;` may separate statements. */
  block = this.RULE(
    "block",
    () => {
      this.CONSUME(t.LCurly);
      const d = ++this.blockDepth;
      if (this.statements.length <= d) this.statements.push([]);
      this.statementCount[d] = 0;
      try {
        this.MANY(
          (this.c.blockItems ??= () => {
            const s = this.OR<A.Statement | undefined>(
              (this.c.blockItem ??= [{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => void this.CONSUME(t.Semicolon) }]),
            );
            if (s !== undefined) this.addStatement(s);
          }),
        );
        this.CONSUME(t.RCurly);
        return this.b.block(this.here(), this.statements[d]!, this.statementCount[d]!);
      } catch (e) {
        throw this.stop(e, "block", () => {
          if (this.stoppedIn(e, "statement")) {
            const s = this.partial<A.Statement | undefined>(e);
            if (s !== undefined) this.addStatement(s);
          }
          return this.b.block(this.here(), this.statements[d]!, this.statementCount[d]!);
        });
      } finally {
        this.blockDepth = d - 1;
      }
    },
    RESUME,
  );

  /** Appends a statement to the block being parsed. */
  private addStatement(s: A.Statement): void {
    const d = this.blockDepth;
    this.statements[d]![this.statementCount[d]!++] = s;
  }

  /** §3, §6, §7: annotations, then one statement. */
  statement = this.RULE(
    "statement",
    (): A.Statement | undefined => {
      let reached = false;
      try {
        this.annotations = undefined;
        this.MANY((this.c.annotations ??= () => this.annotated()));
        // Read by the statement rule chosen below, on entry.
        this.stmtAnnotated = true;
        this.stmtAnnotations = this.annotations ?? NO_ANNOTATIONS;
        reached = true;
        return this.OR<A.Statement | undefined>(
          (this.c.statement ??= {
            MAX_LOOKAHEAD: 2,
            DEF: [
              { ALT: () => this.SUBRULE(this.stateStatement, L.stmt) },
              { ALT: () => this.SUBRULE(this.returnStatement, L.stmt) },
              { ALT: () => this.SUBRULE(this.ifStatement, L.stmt) },
              { ALT: () => this.SUBRULE(this.forStatement, L.stmt) },
              { ALT: () => this.SUBRULE(this.refineStatement, L.stmt) },
              { ALT: () => this.SUBRULE(this.expandStatement, L.stmt) },
              { ALT: () => this.SUBRULE(this.assignStatement, L.stmt) },
              // `if` starts an if statement, never a conditional expression statement (the
              // alternatives are tried in order); a name followed by `=` is an assignment.
              { IGNORE_AMBIGUITIES: true, ALT: () => this.SUBRULE(this.expressionStatement, L.stmt) },
            ],
          }),
        );
      } catch (e) {
        // A statement stopped inside its annotations has none; otherwise the statement rule built it.
        throw this.stop(e, "statement", () =>
          reached
            ? this.childPartial<A.Statement>(
                e, "stateStatement", "returnStatement", "ifStatement", "forStatement", "refineStatement",
                "expandStatement", "assignStatement", "expressionStatement",
              )
            : undefined,
        );
      }
    },
    RESUME,
  );

  /** §6: `name = expr`. */
  assignStatement = this.RULE(
    "assignStatement",
    () => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      const target = this.CONSUME(t.Name);
      try {
        this.CONSUME(t.Equals);
        const value = this.SUBRULE(this.expression);
        return this.b.assign(annotations, this.stmtSpan(annotated), target, value);
      } catch (e) {
        throw this.stop(e, "assignStatement", () =>
          this.b.assign(annotations, this.stmtSpan(annotated), target, this.childPartial(e, "expression")),
        );
      }
    },
    RESUME,
  );

  /** §6: `state name = expr` (steps only; checked by semantics). */
  stateStatement = this.RULE(
    "stateStatement",
    () => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      this.CONSUME(t.State);
      let target: IToken | undefined;
      try {
        target = this.CONSUME(t.Name);
        this.CONSUME(t.Equals);
        const init = this.SUBRULE(this.expression);
        return this.b.state(annotations, this.stmtSpan(annotated), target, init);
      } catch (e) {
        throw this.stop(e, "stateStatement", () =>
          this.b.state(annotations, this.stmtSpan(annotated), target, this.childPartial(e, "expression")),
        );
      }
    },
    RESUME,
  );

  /** §6: `return expr`. */
  returnStatement = this.RULE(
    "returnStatement",
    () => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      this.CONSUME(t.Return);
      try {
        const value = this.SUBRULE(this.expression);
        return this.b.ret(annotations, this.stmtSpan(annotated), value);
      } catch (e) {
        throw this.stop(e, "returnStatement", () =>
          this.b.ret(annotations, this.stmtSpan(annotated), this.childPartial(e, "expression")),
        );
      }
    },
    RESUME,
  );

  /** §6: `if c { } else if d { } else { }`. */
  ifStatement = this.RULE(
    "ifStatement",
    (): A.IfStmt | undefined => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      let condition: A.Expression | undefined | Pending = PENDING;
      let then: A.Block | undefined | Pending = PENDING;
      let hasElse = false;
      let elseBranch: A.Block | A.IfStmt | undefined | Pending = PENDING;
      try {
        this.CONSUME(t.If);
        condition = this.SUBRULE(this.expression);
        then = this.SUBRULE(this.block, L.then);
        this.OPTION(() => {
          this.CONSUME(t.Else);
          hasElse = true;
          elseBranch = this.OR<A.Block | A.IfStmt | undefined>(
            (this.c.elseBranch ??= [
              {
                ALT: () => {
                  // `else if`: an if statement without annotations, spanning from its `if`.
                  this.stmtAnnotated = false;
                  this.stmtAnnotations = NO_ANNOTATIONS;
                  return this.SUBRULE(this.ifStatement, L.elseIf);
                },
              },
              { ALT: () => this.SUBRULE2(this.block, L.else) },
            ]),
          );
        });
        return this.b.ifStmt(annotations, this.stmtSpan(annotated), condition, then, hasElse, this.reached(elseBranch));
      } catch (e) {
        throw this.stop(e, "ifStatement", () =>
          this.b.ifStmt(
            annotations, this.stmtSpan(annotated), this.settle(condition, e, "expression"), this.settle(then, e, "block"),
            hasElse, this.settle(elseBranch, e, "ifStatement", "block"),
          ),
        );
      }
    },
    RESUME,
  );

  /** §6: `for i in range(n) { }`. */
  forStatement = this.RULE(
    "forStatement",
    () => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      let variable: IToken | undefined;
      let iterable: A.Expression | undefined | Pending = PENDING;
      let body: A.Block | undefined | Pending = PENDING;
      try {
        this.CONSUME(t.For);
        variable = this.CONSUME(t.Name);
        this.CONSUME(t.In);
        iterable = this.SUBRULE(this.expression);
        body = this.SUBRULE(this.block);
        return this.b.forStmt(annotations, this.stmtSpan(annotated), variable, iterable, body);
      } catch (e) {
        throw this.stop(e, "forStatement", () =>
          this.b.forStmt(
            annotations, this.stmtSpan(annotated), variable, this.settle(iterable, e, "expression"), this.settle(body, e, "block"),
          ),
        );
      }
    },
    RESUME,
  );

  /** §7: `refine TARGET over SCHEDULE using STEP(args)`; TARGET is `x` or `y.tail(n)`. */
  refineStatement = this.RULE(
    "refineStatement",
    () => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      let target: Operand | undefined | Pending = PENDING;
      let schedule: A.Expression | undefined | Pending = PENDING;
      let step: A.CallExpr | undefined | Pending = PENDING;
      try {
        this.CONSUME(t.Refine);
        target = this.SUBRULE(this.operand, L.target);
        this.CONSUME(t.Over);
        schedule = this.SUBRULE(this.expression, L.schedule);
        this.CONSUME(t.Using);
        step = this.SUBRULE(this.stepCall);
        return this.b.refine(annotations, this.stmtSpan(annotated), target, schedule, step);
      } catch (e) {
        throw this.stop(e, "refineStatement", () =>
          this.b.refine(
            annotations, this.stmtSpan(annotated), this.settle(target, e, "operand"), this.settle(schedule, e, "expression"),
            this.settle(step, e, "stepCall"),
          ),
        );
      }
    },
    RESUME,
  );

  /** §7: `expand y until C using STEP(args)` or `expand y by K masked|noised until C { body }`. */
  expandStatement = this.RULE(
    "expandStatement",
    () => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      let target: IToken | undefined;
      let blockForm = false;
      let until: A.UntilCondition[] | undefined | Pending = PENDING;
      let step: A.CallExpr | undefined | Pending = PENDING;
      let by: A.Expression | undefined | Pending = PENDING;
      let fill: IToken | undefined;
      let body: A.Block | undefined | Pending = PENDING;
      const build = (e: unknown): A.ExpandStmt | undefined => {
        const span = this.stmtSpan(annotated);
        if (!blockForm) return this.b.expandUsing(annotations, span, target, this.settle(until, e, "untilClause"), this.settle(step, e, "stepCall"));
        const b = this.settle(by, e, "expression");
        const u = this.settle(until, e, "untilClause");
        return this.b.expandBlock(annotations, span, target, b, fill, u, this.settle(body, e, "block"));
      };
      try {
        this.CONSUME(t.Expand);
        target = this.CONSUME(t.Name);
        this.OR([
          {
            ALT: () => {
              until = this.SUBRULE(this.untilClause);
              this.CONSUME(t.Using);
              step = this.SUBRULE(this.stepCall);
            },
          },
          {
            ALT: () => {
              blockForm = true;
              this.CONSUME(t.By);
              by = this.SUBRULE(this.expression, L.by);
              fill = this.OR2<IToken>((this.c.fill ??= [{ ALT: () => this.CONSUME(t.Masked) }, { ALT: () => this.CONSUME(t.Noised) }]));
              until = this.SUBRULE2(this.untilClause);
              body = this.SUBRULE(this.block);
            },
          },
        ]);
        return build(undefined);
      } catch (e) {
        throw this.stop(e, "expandStatement", () => build(e));
      }
    },
    RESUME,
  );

  /** §7: `until eos or length N`. */
  untilClause = this.RULE(
    "untilClause",
    () => {
      const conditions: (A.UntilCondition | undefined)[] = [];
      try {
        this.CONSUME(t.Until);
        this.AT_LEAST_ONE_SEP({ SEP: t.Or, DEF: () => conditions.push(this.SUBRULE(this.untilCondition)) });
        return this.b.until(conditions);
      } catch (e) {
        throw this.stop(e, "untilClause", () => {
          if (this.stoppedIn(e, "untilCondition")) conditions.push(this.partial(e));
          return this.b.until(conditions);
        });
      }
    },
    RESUME,
  );

  /** §7: `eos` or `length N`; N stops before `or` (which separates conditions). */
  untilCondition = this.RULE(
    "untilCondition",
    () => {
      let kw: IToken | undefined;
      let value: A.Expression | undefined | Pending = PENDING;
      try {
        this.OR([
          { ALT: () => (kw = this.CONSUME(t.Eos)) },
          {
            ALT: () => {
              kw = this.CONSUME(t.Length);
              value = this.SUBRULE(this.simpleExpression);
            },
          },
        ]);
        return this.b.untilCondition(this.here(), kw, this.reached(value));
      } catch (e) {
        throw this.stop(e, "untilCondition", () => this.b.untilCondition(this.here(), kw, this.settle(value, e, "simpleExpression")));
      }
    },
    RESUME,
  );

  /** §7: the step of `refine`/`expand`: `name(args)`. */
  stepCall = this.RULE(
    "stepCall",
    () => {
      const name = this.CONSUME(t.Name);
      try {
        this.target = this.b.stepCallee(name);
        return this.SUBRULE(this.arguments);
      } catch (e) {
        throw this.stop(e, "stepCall", () => this.childPartial(e, "arguments"));
      }
    },
    RESUME,
  );

  /** §6: an expression used as a statement (a call, in practice). */
  expressionStatement = this.RULE(
    "expressionStatement",
    () => {
      const annotated = this.stmtAnnotated;
      const annotations = this.stmtAnnotations;
      try {
        const expression = this.SUBRULE(this.expression);
        return this.b.exprStmt(annotations, this.stmtSpan(annotated), expression);
      } catch (e) {
        throw this.stop(e, "expressionStatement", () =>
          this.b.exprStmt(annotations, this.stmtSpan(annotated), this.childPartial(e, "expression")),
        );
      }
    },
    RESUME,
  );

  // ---------------------------------------------------------------- §6 expressions

  /** §6: operands joined by binary operators; precedence is applied by the builder. */
  expression = this.RULE("expression", () => this.flatExpression("expression", (this.c.binary ??= () => this.binary(t.BinaryOperator))), RESUME);

  /** §7: an expression without `and`/`or` (the N of `until length N`, where `or` separates conditions). */
  simpleExpression = this.RULE(
    "simpleExpression",
    () => this.flatExpression("simpleExpression", (this.c.simpleBinary ??= () => this.binary(t.NonLogicalOperator, "BinaryOperator"))),
    RESUME,
  );

  // The operators and operands of the flat expressions being parsed, by nesting depth (so the
  // repetition body is one closure for all, not one per expression). The lists of each depth
  // are reused from one expression to the next, with counts (truncating an array would also
  // drop its storage): the builder reads them and keeps none.
  private exprDepth = -1;
  private readonly exprFirst: (Operand | undefined)[] = [];
  private readonly exprOps: IToken[][] = [];
  private readonly exprOperands: (Operand | undefined)[][] = [];
  private readonly exprOpCount: number[] = [];
  private readonly exprOperandCount: number[] = [];

  /** `operand (op operand)*`, the body of `expression` and `simpleExpression`; `more` parses one `op operand`. */
  private flatExpression(rule: string, more: () => void): A.Expression | undefined {
    const d = ++this.exprDepth;
    if (this.exprOps.length <= d) {
      this.exprOps.push([]);
      this.exprOperands.push([]);
    }
    this.exprOpCount[d] = 0;
    this.exprOperandCount[d] = 0;
    let first: Operand | undefined | Pending = PENDING;
    try {
      first = this.exprFirst[d] = this.SUBRULE(this.operand);
      this.MANY(more);
      const nOps = this.exprOpCount[d]!;
      return nOps === 0
        ? this.b.expression(first, undefined, 0, undefined, 0)
        : this.b.expression(first, this.exprOperands[d], this.exprOperandCount[d]!, this.exprOps[d], nOps);
    } catch (e) {
      throw this.expressionStopped(e, rule, d, first);
    } finally {
      this.exprDepth = d - 1;
    }
  }

  /**
   * The partial expression when a syntax error stopped one. (The catch blocks of the rules
   * parsed most often hand their locals to a method: a closure over the rule's own locals
   * would make V8 allocate a context object at every invocation of the rule.)
   */
  private expressionStopped(e: unknown, rule: string, d: number, first: Operand | undefined | Pending): unknown {
    return this.stop(e, rule, () => {
      if (first === PENDING) return this.b.expression(this.childPartial(e, "operand"), undefined, 0, undefined, 0);
      const operands = this.exprOperands[d]!;
      if (this.stoppedIn(e, "operand")) {
        if (this.exprOperandCount[d] === 0) operands[this.exprOperandCount[d]!++] = first;
        operands[this.exprOperandCount[d]!++] = this.partial(e);
      }
      const nOps = this.exprOpCount[d]!;
      const nOperands = this.exprOperandCount[d]!;
      return this.b.expression(first, nOperands === 0 ? undefined : operands, nOperands, nOps === 0 ? undefined : this.exprOps[d], nOps);
    });
  }

  /** One `op operand` of the flat expression at the current depth. */
  private binary(op: TokenType, label?: keyof typeof L): void {
    const d = this.exprDepth;
    this.exprOps[d]![this.exprOpCount[d]!++] = label === undefined ? this.CONSUME(op) : this.CONSUME(op, L[label]);
    const operand = this.SUBRULE2(this.operand);
    const operands = this.exprOperands[d]!;
    if (this.exprOperandCount[d] === 0) operands[this.exprOperandCount[d]!++] = this.exprFirst[d];
    operands[this.exprOperandCount[d]!++] = operand;
  }

  private prefixes: IToken[] | undefined;

  /** §6: prefix `not`/`-`, an atom, postfix calls/members/indexes, then `^ operand`. */
  operand = this.RULE(
    "operand",
    (): Operand | undefined => {
      let prefixes: IToken[] | undefined;
      let e: A.Expression | undefined | Pending = PENDING;
      let exponent: Operand | undefined | Pending = PENDING;
      try {
        this.prefixes = undefined;
        this.MANY(
          (this.c.prefixes ??= () => {
            const p = this.OR<IToken>(
              (this.c.prefix ??= [
                { ALT: () => this.CONSUME(t.Not, L.prefix) },
                { ALT: () => this.CONSUME(t.Minus, L.prefix) },
              ]),
            );
            (this.prefixes ??= []).push(p);
          }),
        );
        prefixes = this.prefixes;
        e = this.OR2<A.Expression | undefined>(
          (this.c.atom ??= [
            { ALT: () => this.b.literal(this.CONSUME(t.NumberLiteral, L.atom)) },
            { ALT: () => this.b.literal(this.CONSUME(t.StringLiteral, L.atom)) },
            { ALT: () => this.b.literal(this.CONSUME(t.True, L.atom)) },
            { ALT: () => this.b.literal(this.CONSUME(t.False, L.atom)) },
            { ALT: () => this.b.literal(this.CONSUME(t.None, L.atom)) },
            { ALT: () => this.b.literal(this.CONSUME(t.Name, L.atom)) },
            { ALT: () => this.SUBRULE(this.parenExpression, L.atom) },
            { ALT: () => this.SUBRULE(this.listLiteral, L.atom) },
            { ALT: () => this.SUBRULE(this.conditionalExpression, L.atom) },
            { ALT: () => this.SUBRULE(this.noiseExpression, L.atom) },
          ]),
        );
        // Each postfix applies itself to `this.target` (read on entry) and becomes the next target.
        this.target = e;
        this.MANY2((this.c.postfixes ??= () => void (this.target = this.SUBRULE(this.postfix))));
        e = this.target;
        exponent = this.OPTION(
          (this.c.power ??= () => {
            this.CONSUME(t.Caret);
            return this.SUBRULE(this.operand, L.exponent) ?? NO_OPERAND;
          }),
        ) ?? PENDING;
        if (exponent === PENDING) return prefixes === undefined ? e : this.b.operand(prefixes, e, undefined, false);
        return this.b.operand(prefixes, e, exponent === NO_OPERAND ? undefined : exponent, true);
      } catch (err) {
        throw this.operandStopped(err, prefixes, e);
      }
    },
    RESUME,
  );

  /** The partial operand when a syntax error stopped one (a method: see `expressionStopped`). */
  private operandStopped(err: unknown, prefixes: IToken[] | undefined, e: A.Expression | undefined | Pending): unknown {
    return this.stop(err, "operand", () => {
      let atom: A.Expression | undefined;
      if (e === PENDING) atom = this.childPartial(err, "parenExpression", "listLiteral", "conditionalExpression", "noiseExpression");
      else atom = this.stoppedIn(err, "postfix") ? this.partial(err) : e;
      // Stopped in the exponent: `^` was consumed.
      const caret = this.stoppedIn(err, "operand");
      return this.b.operand(prefixes, atom, caret ? this.partial<Operand | undefined>(err) : undefined, caret);
    });
  }

  /** §6: `(args)`, `.member`, `[index]`, applied to the expression before it (`this.target`). */
  postfix = this.RULE(
    "postfix",
    (): A.Expression | undefined => {
      try {
        return this.OR<A.Expression | undefined>(
          (this.c.postfix ??= [
            { ALT: () => this.SUBRULE(this.arguments) },
            {
              ALT: () => {
                const object = this.target;
                this.CONSUME(t.Dot);
                return this.b.member(object, this.CONSUME(t.Name));
              },
            },
            {
              ALT: () => {
                const object = this.target;
                this.CONSUME(t.LBracket);
                const index = this.SUBRULE(this.expression);
                return this.b.index(object, index, this.CONSUME(t.RBracket));
              },
            },
          ]),
        );
      } catch (e) {
        // Only a call is usable when broken (its arguments so far); `.` needs its name, `[` its `]`.
        throw this.stop(e, "postfix", () => this.childPartial(e, "arguments"));
      }
    },
    RESUME,
  );

  // The arguments of the calls being parsed, by nesting depth (one repetition body for all);
  // reused from one call to the next with counts, as the builder copies them.
  private argsDepth = -1;
  private readonly positional: (A.Expression | undefined)[][] = [];
  private readonly named: (A.NamedArg | undefined)[][] = [];
  private readonly positionalCount: number[] = [];
  private readonly namedCount: number[] = [];

  /** §6: `(a, b, name: c)`: positional arguments, then named ones; the callee is `this.target`. */
  arguments = this.RULE(
    "arguments",
    () => {
      const callee = this.target;
      const d = ++this.argsDepth;
      if (this.positional.length <= d) {
        this.positional.push([]);
        this.named.push([]);
      }
      this.positionalCount[d] = 0;
      this.namedCount[d] = 0;
      try {
        this.CONSUME(t.LParen);
        this.MANY_SEP((this.c.args ??= { SEP: t.Comma, DEF: () => this.argument() }));
        this.CONSUME(t.RParen);
        return this.b.call(callee, this.here(), this.positional[d]!, this.positionalCount[d]!, this.named[d]!, this.namedCount[d]!);
      } catch (e) {
        throw this.argumentsStopped(e, callee, d);
      } finally {
        this.argsDepth = d - 1;
      }
    },
    RESUME,
  );

  /** One argument of the call at the current depth. */
  private argument(): void {
    const arg = this.OR<A.NamedArg | A.Expression | undefined>(
      (this.c.arg ??= {
        MAX_LOOKAHEAD: 2,
        DEF: [
          { ALT: () => this.SUBRULE(this.namedArgument) ?? BROKEN_NAMED },
          { ALT: () => this.SUBRULE(this.expression) },
        ],
      }),
    );
    const d = this.argsDepth;
    if (arg?.kind === "NamedArg") this.named[d]![this.namedCount[d]!++] = arg === BROKEN_NAMED ? undefined : arg;
    else this.positional[d]![this.positionalCount[d]!++] = arg;
  }

  /** The partial call when a syntax error stopped its arguments (a method: see `expressionStopped`). */
  private argumentsStopped(e: unknown, callee: A.Expression | undefined, d: number): unknown {
    return this.stop(e, "arguments", () => {
      if (this.stoppedIn(e, "namedArgument")) this.named[d]![this.namedCount[d]!++] = this.partial(e);
      else if (this.stoppedIn(e, "expression")) this.positional[d]![this.positionalCount[d]!++] = this.partial(e);
      return this.b.call(callee, this.here(), this.positional[d]!, this.positionalCount[d]!, this.named[d]!, this.namedCount[d]!);
    });
  }

  /** §6: `(expr)`. */
  parenExpression = this.RULE(
    "parenExpression",
    () => {
      this.CONSUME(t.LParen);
      let inner: A.Expression | undefined | Pending = PENDING;
      try {
        inner = this.SUBRULE(this.expression);
        this.CONSUME(t.RParen);
        return this.b.paren(this.here(), inner);
      } catch (e) {
        throw this.stop(e, "parenExpression", () => this.b.paren(this.here(), this.settle(inner, e, "expression")));
      }
    },
    RESUME,
  );

  /** §8: `[a, b, c]`. */
  listLiteral = this.RULE(
    "listLiteral",
    () => {
      this.CONSUME(t.LBracket);
      let elements: (A.Expression | undefined)[] | undefined;
      try {
        this.MANY_SEP({ SEP: t.Comma, DEF: () => (elements ??= []).push(this.SUBRULE(this.expression)) });
        this.CONSUME(t.RBracket);
        return this.b.list(this.here(), elements);
      } catch (e) {
        throw this.stop(e, "listLiteral", () => {
          if (this.stoppedIn(e, "expression")) (elements ??= []).push(this.partial(e));
          return this.b.list(this.here(), elements);
        });
      }
    },
    RESUME,
  );

  /** §6: `if c then a else b`; the else branch extends as far right as possible. */
  conditionalExpression = this.RULE(
    "conditionalExpression",
    () => {
      this.CONSUME(t.If);
      let condition: A.Expression | undefined | Pending = PENDING;
      let then: A.Expression | undefined | Pending = PENDING;
      let els: A.Expression | undefined | Pending = PENDING;
      try {
        condition = this.SUBRULE(this.expression, L.condition);
        this.CONSUME(t.Then);
        then = this.SUBRULE2(this.expression, L.then);
        this.CONSUME(t.Else);
        els = this.SUBRULE3(this.expression, L.else);
        return this.b.conditional(this.here(), condition, then, els);
      } catch (e) {
        throw this.stop(e, "conditionalExpression", () =>
          this.b.conditional(
            this.here(), this.settle(condition, e, "expression"), this.settle(then, e, "expression"), this.settle(els, e, "expression"),
          ),
        );
      }
    },
    RESUME,
  );

  /**
   * §7: `noise TYPE [batch N] [scale S]`. N and S are operands (`scale 80`, `scale (2 * s)`).
   * A following statement `batch = ...`/`scale = ...` is not taken as a clause.
   */
  noiseExpression = this.RULE(
    "noiseExpression",
    () => {
      this.CONSUME(t.Noise);
      let type: A.TypeRef | undefined | Pending = PENDING;
      // false: no clause; PENDING: its operand not parsed yet.
      let batch: Operand | undefined | false | Pending = false;
      let scale: Operand | undefined | false | Pending = false;
      try {
        type = this.SUBRULE(this.typeRef);
        this.OPTION({
          GATE: () => this.LA(2).tokenType !== t.Equals,
          DEF: () => {
            this.CONSUME(t.Batch);
            batch = PENDING;
            batch = this.SUBRULE(this.operand, L.batch);
          },
        });
        this.OPTION2({
          GATE: () => this.LA(2).tokenType !== t.Equals,
          DEF: () => {
            this.CONSUME(t.Scale);
            scale = PENDING;
            scale = this.SUBRULE2(this.operand, L.scale);
          },
        });
        return this.b.noise(this.here(), type, batch as Operand | undefined | false, scale as Operand | undefined | false);
      } catch (e) {
        throw this.stop(e, "noiseExpression", () =>
          this.b.noise(
            this.here(), this.settle(type, e, "typeRef"),
            batch === false ? false : this.settle(batch, e, "operand"),
            scale === false ? false : this.settle(scale, e, "operand"),
          ),
        );
      }
    },
    RESUME,
  );
}

let singleton: InferParser | undefined;

/** The one parser instance (building it runs the grammar analysis, ~ms). Reset per input. */
export function getParser(): InferParser {
  return (singleton ??= new InferParser());
}
