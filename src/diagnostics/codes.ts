/**
 * The registry of diagnostic codes: every code any stage may emit, with its default severity,
 * a short title and a one-line description. Codes are stable kebab-case strings: once released
 * they are never renamed or reused (tools and `@allow("code", ...)` annotations depend on them).
 *
 * Adding a code: append an entry to `DiagnosticCodes` in the section of the stage that emits it
 * (static-check rules add theirs under "static checks"). `DiagnosticCode` and `makeDiagnostic`
 * pick it up automatically.
 */
import type { Diagnostic, RelatedInformation, Severity, Span } from "./diagnostic.js";

/** The compiler stage that emits a code; used for documentation and grouping only. */
export type DiagnosticStage = "syntax" | "modules" | "semantics" | "lowering" | "check" | "plan" | "driver";

/** What the registry knows about one code. */
export interface DiagnosticCodeInfo {
  /** Severity a diagnostic gets unless the emitter overrides it (e.g. a quantified warning). */
  readonly severity: Severity;
  /** A few words, sentence case, no final period: "Unknown name". */
  readonly title: string;
  /** One line: when the code is reported. */
  readonly doc: string;
  readonly stage: DiagnosticStage;
}

/** Every diagnostic code, by stage. */
export const DiagnosticCodes = {
  // ------------------------------------------------------------------ syntax (src/syntax)
  "lex-error": {
    severity: "error", stage: "syntax", title: "Invalid character",
    doc: "The lexer met a character sequence that starts no token.",
  },
  "parse-error": {
    severity: "error", stage: "syntax", title: "Syntax error",
    doc: "The parser expected a different token; it recovers and reports further errors.",
  },

  // ------------------------------------------------------------------ modules (src/semantics/modules.ts)
  "import-cycle": {
    severity: "error", stage: "modules", title: "Import cycle",
    doc: "A file imports itself, directly or through other files (language.md §2).",
  },
  "import-not-found": {
    severity: "error", stage: "modules", title: "Imported file not found",
    doc: "An import path names no file: std/NAME is stdlib/NAME.infer, other paths are relative to the importing file.",
  },
  "unknown-import": {
    severity: "error", stage: "modules", title: "Unknown imported name",
    doc: "An imported name is not declared at the top level of the imported file.",
  },

  // ------------------------------------------------------------------ names (src/semantics/resolve.ts)
  "unknown-name": {
    severity: "error", stage: "semantics", title: "Unknown name",
    doc: "A name is neither a local, a parameter, a top-level declaration, an import nor a builtin.",
  },
  "duplicate-declaration": {
    severity: "error", stage: "semantics", title: "Duplicate declaration",
    doc: "Two declarations, imports, parameters or state variables share one name in one scope.",
  },
  "unknown-type": {
    severity: "error", stage: "semantics", title: "Unknown type",
    doc: "A type annotation names no type of language.md §4.",
  },
  "unknown-member": {
    severity: "error", stage: "semantics", title: "Unknown member",
    doc: "A `.member` names no static member of the model's contract, nor `tail`/`len` of a sequence.",
  },
  "misplaced-statement": {
    severity: "error", stage: "semantics", title: "Statement not allowed here",
    doc: "`state` outside a step, `refine`/`expand` outside a procedure, or a `return` missing where required.",
  },

  // ------------------------------------------------------------------ calls (src/semantics/calls.ts)
  "wrong-arity": {
    severity: "error", stage: "semantics", title: "Wrong number of arguments",
    doc: "A call passes more or fewer positional arguments than the callee takes.",
  },
  "unknown-argument": {
    severity: "error", stage: "semantics", title: "Unknown argument",
    doc: "A named argument matches no parameter of the callee.",
  },
  "missing-argument": {
    severity: "error", stage: "semantics", title: "Missing argument",
    doc: "A parameter without a default receives no argument.",
  },
  "duplicate-argument": {
    severity: "error", stage: "semantics", title: "Argument given twice",
    doc: "A parameter receives two arguments (twice by name, or by position and by name).",
  },
  "not-callable": {
    severity: "error", stage: "semantics", title: "Not callable",
    doc: "A call of a value that is not a function, model, schedule or builtin, or a `using` clause that names no step.",
  },
  "wrong-step-kind": {
    severity: "error", stage: "semantics", title: "Wrong kind of step",
    doc: "A refine step `(x, t -> s)` used by `expand`, or an expand step `(y)` used by `refine`.",
  },

  // ------------------------------------------------------------------ types (src/semantics/typecheck.ts)
  "type-mismatch": {
    severity: "error", stage: "semantics", title: "Type mismatch",
    doc: "A value of one type is used where another is required, e.g. tokens mixed with latent (language.md §4).",
  },
  "non-static-condition": {
    severity: "error", stage: "semantics", title: "Condition is not static",
    doc: "An `if` condition depends on data; conditions must be compile-time (language.md §6).",
  },
  "non-static-value": {
    severity: "error", stage: "semantics", title: "Value is not static",
    doc: "A schedule, `for` trip count, `by` block size or `until length` bound depends on data.",
  },

  // ------------------------------------------------------------------ models and contracts (src/semantics/models.ts)
  "unknown-contract": {
    severity: "error", stage: "semantics", title: "Unknown contract",
    doc: "A model declares a contract that is not one of language.md §5.",
  },
  "invalid-contract-argument": {
    severity: "error", stage: "semantics", title: "Invalid contract argument",
    doc: "A contract argument is unknown, repeated, of the wrong kind or outside its allowed values.",
  },
  "missing-contract-argument": {
    severity: "error", stage: "semantics", title: "Missing contract argument",
    doc: "A required contract argument is absent, or a use of the model needs one it does not declare (e.g. `eos`, `null_cond`).",
  },
  "unknown-port": {
    severity: "error", stage: "semantics", title: "Unknown port",
    doc: "A binding names a port the contract does not have, in that direction.",
  },
  "missing-binding": {
    severity: "error", stage: "semantics", title: "Missing binding",
    doc: "A required port of the contract is not bound to an ONNX input or output.",
  },
  "duplicate-binding": {
    severity: "error", stage: "semantics", title: "Duplicate binding",
    doc: "A port, or a cache pattern, is bound twice.",
  },
  "unknown-backend": {
    severity: "error", stage: "semantics", title: "Unknown backend",
    doc: "A model is bound to a backend other than `onnx`.",
  },

  // ------------------------------------------------------------------ annotations (src/semantics/annotations.ts)
  "invalid-annotation": {
    severity: "error", stage: "semantics", title: "Invalid annotation",
    doc: "An unknown annotation, `@allow` without a known code and a reason, or `@approx` where it has no effect.",
  },

  // ------------------------------------------------------------------ lowering (src/ir/lower)
  // Reported while partially evaluating a procedure to IR; most are also caught earlier by semantics.
  "guidance-without-null": {
    severity: "error", stage: "lowering", title: "Guidance without a null condition",
    doc: "guided() is applied to a model that declares no null_cond, or a model is called with a condition but binds no `cond` input (R9).",
  },
  "index-out-of-range": {
    severity: "error", stage: "lowering", title: "Index out of range",
    doc: "A compile-time list is indexed outside its length.",
  },
  "invalid-argument": {
    severity: "error", stage: "lowering", title: "Invalid argument value",
    doc: "A procedure parameter is given a value (--arg) it cannot take.",
  },
  "invalid-move-target": {
    severity: "error", stage: "lowering", title: "Invalid refine/expand target",
    doc: "The target of refine or expand is not a sampled value.",
  },
  "invalid-state": {
    severity: "error", stage: "lowering", title: "State outside a step",
    doc: "A `state` variable is declared outside a step.",
  },
  "misplaced-move": {
    severity: "error", stage: "lowering", title: "Move outside a procedure",
    doc: "A `refine` or `expand` appears outside an `infer` procedure.",
  },
  "misplaced-return": {
    severity: "error", stage: "lowering", title: "Return in a block body",
    doc: "A `return` appears inside the body of a block expansion.",
  },
  "missing-eos": {
    severity: "error", stage: "lowering", title: "No eos for `until eos`",
    doc: "`until eos` is used but none of the step's next_token models declares an eos id.",
  },
  "missing-mask": {
    severity: "error", stage: "lowering", title: "No mask id",
    doc: "commit() is given logits that do not come from an unmask model.",
  },
  "missing-return": {
    severity: "error", stage: "lowering", title: "Missing return",
    doc: "A step, fn or schedule ends without returning a value.",
  },
  "non-static-argument": {
    severity: "error", stage: "lowering", title: "Argument is not static",
    doc: "An argument that must be a compile-time number depends on data.",
  },
  "non-static-batch": {
    severity: "error", stage: "lowering", title: "Batch size is not static",
    doc: "The batch size of `noise` is not known at compile time.",
  },
  "non-static-block": {
    severity: "error", stage: "lowering", title: "Block size is not static",
    doc: "The block size of `expand ... by K` is not a compile-time integer.",
  },
  "non-static-length": {
    severity: "error", stage: "lowering", title: "Length is not static",
    doc: "len() is applied to a sequence whose length is not known at compile time.",
  },
  "non-static-loop": {
    severity: "error", stage: "lowering", title: "Loop is not static",
    doc: "A `for` loop iterates over a list not known at compile time.",
  },
  "non-static-scale": {
    severity: "error", stage: "lowering", title: "Noise scale is not static",
    doc: "The scale of `noise` is not known at compile time.",
  },
  "non-static-schedule": {
    severity: "error", stage: "lowering", title: "Schedule is not static",
    doc: "A refine schedule is not a list of at least two compile-time times.",
  },
  "non-static-shape": {
    severity: "error", stage: "lowering", title: "Shape is not static",
    doc: "Latent dimensions are not compile-time integers.",
  },
  "non-static-time": {
    severity: "error", stage: "lowering", title: "Time is not static",
    doc: "A static member such as D.alpha(t) is called with a time not known at compile time.",
  },
  "not-a-step": {
    severity: "error", stage: "lowering", title: "Not a step",
    doc: "A `using` clause names something other than a step.",
  },
  "not-a-value": {
    severity: "error", stage: "lowering", title: "Not a value",
    doc: "A procedure is used as a value.",
  },
  "shape-mismatch": {
    severity: "error", stage: "lowering", title: "Shape mismatch",
    doc: "Compile-time lists of different lengths are combined elementwise.",
  },
  "step-call": {
    severity: "error", stage: "lowering", title: "Step called directly",
    doc: "A step is called like a function instead of being applied by refine or expand.",
  },
  "unbounded-expand": {
    severity: "error", stage: "lowering", title: "Unbounded expansion",
    doc: "An `expand` has no stopping condition.",
  },
  "unsupported": {
    severity: "error", stage: "lowering", title: "Not supported yet",
    doc: "A construct the language allows but the compiler or runtime does not support yet.",
  },
  "unsupported-index": {
    severity: "error", stage: "lowering", title: "Unsupported index",
    doc: "A value is indexed in a way the compiler does not support.",
  },

  // ------------------------------------------------------------------ plan (src/plan)
  "non-finite-constant": {
    severity: "error", stage: "plan", title: "Non-finite constant",
    doc: "A constant folded at compile time is infinite or NaN.",
  },
  "model-file-not-found": {
    severity: "error", stage: "plan", title: "Model file not found",
    doc: "The ONNX file bound by a model declaration does not exist.",
  },

  // ------------------------------------------------------------------ static checks (src/check/rules)
  // Rules register their codes here. guidance-without-null (above) is also reported by
  // GuidanceWithoutNullRule for a conditional call of a model that binds no `cond` input.
  "missing-target-time": {
    severity: "error", stage: "check", title: "Missing target time",
    doc: "A refine whose model calls are all local (x_t, t) jumps so far that it collapses the samples: an error for one step from pure noise, a warning when the Gaussian proxy shrinks the data std by more than the tolerance (methods.md §6 R1).",
  },
  "heads-joint-sampling": {
    severity: "error", stage: "check", title: "Heads sampled jointly",
    doc: "More than one position drawn independently from one call of a heads(k) model is committed without verify: the product of marginals, not the joint (R4).",
  },
  "parallel-unmasking": {
    severity: "warning", stage: "check", title: "Parallel unmasking is approximate",
    doc: "commit() draws more than one position per call of an unmask model independently from its marginals (R5); info when the move is marked @approx.",
  },
  "unverified-draft": {
    severity: "error", stage: "check", title: "Verification without the draft distribution",
    doc: "verify() is given a q that is not the distribution the drafts were sampled from (R7).",
  },
  "warper-mismatch": {
    severity: "error", stage: "check", title: "Different warpers on draft and target",
    doc: "The p and q of verify() went through different logits warpers (temperature, top-k, top-p, min-p, repetition penalty) (R7).",
  },
  "outcome-dependent-order": {
    severity: "warning", stage: "check", title: "Outcome-dependent commit order",
    doc: "commit() orders positions by the probability of the token it sampled at temperature > 0, which biases the samples (R6).",
  },
  "consistency-deterministic-jump": {
    severity: "error", stage: "check", title: "Consistency model used for a t -> s map",
    doc: "A consistency model (no target time) is used for a deterministic jump to s > t_min, which its contract cannot provide (R2).",
  },
  "flowmap-convention": {
    severity: "error", stage: "check", title: "Flow-map convention mismatch",
    doc: "A flow map is driven against its declared conventions: schedule direction vs noise_at, the target time s vs the stride t − s, or a target on the noise side of t (R3).",
  },
  "binding-missing-file": {
    severity: "error", stage: "check", title: "Model file missing",
    doc: "The ONNX file a model binds does not exist or is not an ONNX model.",
  },
  "binding-unknown-input": {
    severity: "error", stage: "check", title: "Unknown ONNX input",
    doc: "A port or cache pattern is bound to an input the ONNX file does not have.",
  },
  "binding-unknown-output": {
    severity: "error", stage: "check", title: "Unknown ONNX output",
    doc: "A port or cache pattern is bound to an output the ONNX file does not have.",
  },
  "binding-dtype": {
    severity: "error", stage: "check", title: "Incompatible element type",
    doc: "A bound ONNX input or output has an element type the contract port cannot exchange (e.g. tokens must be int64).",
  },
  "binding-rank": {
    severity: "error", stage: "check", title: "Incompatible rank or shape",
    doc: "A bound ONNX input or output has a rank or a static dimension the contract port does not fit.",
  },
  "binding-unbound-port": {
    severity: "error", stage: "check", title: "ONNX input not bound",
    doc: "An input of the ONNX file is fed by no port and no cache pattern, so the runtime has nothing to give it.",
  },
  "stale-kv-cache": {
    severity: "error", stage: "check", title: "KV cache over revised positions",
    doc: "A KV cache is bound on a model that attends to positions still being revised (an unmask model attends bidirectionally); a warning under @approx (R8).",
  },
  "schedule-not-monotone": {
    severity: "error", stage: "check", title: "Schedule not monotone",
    doc: "A refine schedule is not strictly increasing or strictly decreasing.",
  },
  "schedule-out-of-range": {
    severity: "error", stage: "check", title: "Schedule outside the model's time range",
    doc: "A refine feeds a model a time outside its declared `time: [lo, hi]` (the data end 0 is allowed as a flow map's target).",
  },

  // ------------------------------------------------------------------ driver (src/cli, the public API)
  "internal-error": {
    severity: "error", stage: "driver", title: "Internal error",
    doc: "An unexpected exception inside infer: a bug in infer, not in the program.",
  },
  "unknown-procedure": {
    severity: "error", stage: "driver", title: "Unknown procedure",
    doc: "The procedure named by --proc does not exist, or the file declares none.",
  },
  "io-error": {
    severity: "error", stage: "driver", title: "I/O error",
    doc: "A file could not be read or written.",
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** A registered diagnostic code. */
export type DiagnosticCode = keyof typeof DiagnosticCodes;

/** True when `code` is registered. */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DiagnosticCodes, code);
}

/** All registered codes, in registry order. */
export function allDiagnosticCodes(): readonly DiagnosticCode[] {
  return Object.keys(DiagnosticCodes) as DiagnosticCode[];
}

/** Optional parts of a diagnostic built by `makeDiagnostic`. */
export interface DiagnosticExtras {
  readonly help?: string;
  readonly related?: readonly RelatedInformation[];
  readonly severity?: Severity;
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * Builds a diagnostic with the code's default severity (unless overridden). Optional fields are
 * omitted rather than set to undefined, so diagnostics compare cleanly with `toEqual`.
 */
export function makeDiagnostic(
  code: DiagnosticCode,
  span: Span,
  message: string,
  extras: DiagnosticExtras = {},
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: extras.severity ?? DiagnosticCodes[code].severity,
    message,
    span,
  };
  if (extras.help !== undefined) d.help = extras.help;
  if (extras.related !== undefined && extras.related.length > 0) d.related = extras.related;
  if (extras.data !== undefined) d.data = extras.data;
  return d;
}
