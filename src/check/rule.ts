/**
 * The shape of a check rule. Procedure rules read the lowered IR of one procedure (every step
 * inlined, schedules folded) through a `CheckContext`; model rules read one model declaration and
 * the ONNX file it binds through a `ModelContext`. A rule reports through its context and keeps
 * no state between calls.
 */
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Span } from "../diagnostics/diagnostic.js";
import type { ModelRef } from "../ir/ir.js";
import type { CheckContext } from "./context.js";
import type { ModelContext } from "./modelContext.js";
import type { OnnxRunner } from "./quantify/onnxRunner.js";

export interface ProcedureRule {
  readonly kind: "procedure";
  /** The rule's name, as its file: "MissingTargetTimeRule". */
  readonly name: string;
  /** The codes it may report. */
  readonly codes: readonly DiagnosticCode[];
  check(ctx: CheckContext): void;
}

export interface ModelRule {
  readonly kind: "model";
  readonly name: string;
  readonly codes: readonly DiagnosticCode[];
  check(ctx: ModelContext): void;
}

export type CheckRule = ProcedureRule | ModelRule;

/** What a measurement may use: ONNX sessions, the declared models, a sample budget and a seed. */
export interface MeasureEnv {
  readonly runner: OnnxRunner;
  /** Every model declared by the checked program (loaded on demand). */
  readonly declaredModels: readonly ModelRef[];
  readonly samples: number;
  readonly seed: number;
}

/** A measured effect: merged into the diagnostic's `data` and appended to its message. */
export interface Measurement {
  readonly data: Readonly<Record<string, unknown>>;
  /** A clause appended to the message, e.g. "measured: the std is 1.25% of the data std". */
  readonly summary: string;
}

/** A short simulation attached to a diagnostic, run by `infer check --quantify`. */
export type Measure = (env: MeasureEnv) => Promise<Measurement | undefined>;

/** What a rule reports: a diagnostic in all but name, plus an optional measurement. */
export interface Report {
  readonly code: DiagnosticCode;
  /** Defaults to the code's registered severity. */
  readonly severity?: "error" | "warning" | "info";
  readonly message: string;
  readonly help: string;
  readonly span: Span;
  /** Secondary locations; entries without a span are dropped. */
  readonly related?: readonly { readonly span: Span | undefined; readonly message: string }[];
  readonly data?: Readonly<Record<string, unknown>>;
  readonly measure?: Measure;
}
