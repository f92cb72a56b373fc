/**
 * The intermediate representation, which is also the body of an execution plan.
 *
 * A procedure lowers to a list of ops in SSA form. Every value is batched over samples: the
 * types below give the per-sample shape. Loops are structured: a `loop` has a static trip
 * count and a constant table (one row per iteration) that holds the schedule-derived
 * scalars folded at compile time; `expand` and `expand_block` loops have data-dependent
 * trip counts. Operands are value ids ("%3"), immediate numbers, or `{ col }` references
 * into the innermost loop's table row.
 */

import type { Span } from "../diagnostics/diagnostic.js";

export type ValueId = string;

/** A reference to column `col` of the innermost enclosing `loop`'s constant table. */
export interface TableRef {
  readonly col: number;
}

export type Operand = ValueId | number | TableRef;

/** Per-sample type of a value. A shape entry of -1 is only known at run time. */
export type ValueType =
  | { readonly kind: "f32"; readonly shape: readonly number[] }
  | { readonly kind: "i32"; readonly shape: readonly number[] }
  /** Ragged token sequences; `len` is the static length when known. */
  | { readonly kind: "tokens"; readonly len?: number }
  /** A per-sample variable number of ids (the result of `verify`). */
  | { readonly kind: "ragged" };

/** Where an op came from, for run-time error messages: "file:line:col". */
export type SourceLoc = string;

export interface BasicOp {
  readonly op: string;
  readonly out?: ValueId;
  readonly type?: ValueType;
  readonly args: readonly Operand[];
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly loc?: SourceLoc;
}

/** A loop with a static trip count over a constant table (refine over a static schedule). */
export interface LoopOp {
  readonly op: "loop";
  readonly count: number;
  /** table[i] is the row of constants for iteration i. */
  readonly table: readonly (readonly number[])[];
  /** Loop-carried values: inside the body, `param` holds the current value. */
  readonly carried: readonly { readonly param: ValueId; readonly init: Operand; readonly type: ValueType }[];
  readonly body: readonly Op[];
  /** Next values of the carried params, in order. */
  readonly yields: readonly Operand[];
  /** Final values of the carried params after the loop. */
  readonly outs: readonly ValueId[];
  readonly loc?: SourceLoc;
}

/** Stopping conditions of an expansion, checked per sample. */
export interface Until {
  /** Stop a sample once it has emitted this id. */
  readonly eos?: number;
  /** Stop a sample once its sequence has this many positions. */
  readonly length?: Operand;
}

/** What both expansion loops share: the sequence in, the body run per iteration, the stop rule. */
interface ExpansionLoop {
  readonly init: Operand;
  /** Inside the body: the sequences of the active samples. */
  readonly param: ValueId;
  readonly body: readonly Op[];
  readonly yield: Operand;
  readonly until: Until;
  readonly out: ValueId;
  readonly loc?: SourceLoc;
}

/**
 * `expand y until ... using step`: repeatedly run `body` on the active samples with `param`
 * bound to their sequences, append the ids the body yields, stop samples per `until`.
 */
export interface ExpandOp extends ExpansionLoop {
  readonly op: "expand";
}

/**
 * `expand y by K masked until ... { body }`: append K `fill` ids, run `body` (which yields the
 * refined sequence), repeat until every sample satisfies `until`.
 */
export interface ExpandBlockOp extends ExpansionLoop {
  readonly op: "expand_block";
  readonly by: number;
  readonly fill: number;
}

export type Op = BasicOp | LoopOp | ExpandOp | ExpandBlockOp;

/** A model the procedure calls, with its contract and ONNX binding. */
export interface ModelRef {
  readonly id: string;
  /** Absolute path at compile time; the plan stores it relative to the plan file. */
  readonly path: string;
  readonly contract: string;
  /** Static contract arguments (pred, path, vocab, eos, mask, k, null_cond, ...). */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Contract port -> ONNX input name. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Contract port -> ONNX output name. */
  readonly outputs: Readonly<Record<string, string>>;
  /** KV-cache name patterns, `%d` = layer. */
  readonly cache: readonly { readonly input: string; readonly output: string }[];
  readonly loc?: SourceLoc;
}

/** A run-time input of the procedure (a tokens or latent parameter). */
export interface InputSpec {
  readonly name: string;
  readonly type: ValueType;
  readonly default?: unknown;
  readonly out: ValueId;
}

/**
 * Provenance of one `refine` or `expand` statement, for the static checks. Every op emitted
 * while lowering the move carries `attrs.move = id` (the innermost move).
 */
export interface MoveInfo {
  readonly id: number;
  readonly kind: "refine" | "expand" | "expand_block";
  /** The statement's span. */
  readonly span: Span;
  readonly parent?: number;
  /** The step applied (refine and `expand ... using`). */
  readonly step?: { readonly name: string; readonly span: Span };
  /** Static configuration arguments of the step (numbers, strings, booleans, model ids). */
  readonly stepArgs?: Readonly<Record<string, unknown>>;
  /** The times of a refine, first to last. */
  readonly schedule?: readonly number[];
  /** Marked `@approx` in the source. */
  readonly approx: boolean;
  /** The `.tail(n)` window of a refine. */
  readonly window?: number;
  /**
   * The refined state entering the first iteration and leaving the last one (refine only).
   * Ops of a refine also carry `attrs.iter`: the schedule interval they were emitted for, or,
   * inside a re-rolled `loop`, the interval of the loop's first row (row r is interval iter + r).
   */
  readonly input?: Operand;
  readonly output?: Operand;
}

export interface IRProcedure {
  readonly name: string;
  readonly file: string;
  readonly models: readonly ModelRef[];
  readonly inputs: readonly InputSpec[];
  /** Compile-time parameter values the procedure was specialised with. */
  readonly constants: Readonly<Record<string, unknown>>;
  /** Static batch size when the program fixes it (`noise ... batch n`); otherwise the run's --batch. */
  readonly batch?: number;
  readonly body: readonly Op[];
  readonly result: Operand;
  readonly resultType: ValueType;
  /** Provenance of the moves, present on freshly lowered IR (not carried by plans). */
  readonly moves?: readonly MoveInfo[];
}

export function isValueId(o: Operand): o is ValueId {
  return typeof o === "string";
}

export function isTableRef(o: Operand): o is TableRef {
  return typeof o === "object" && o !== null;
}
