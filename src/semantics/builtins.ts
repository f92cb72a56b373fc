/**
 * The builtin functions of language.md §8: arity (positional min/max, named parameters) and a
 * typing rule computing the result type from the argument types. Typing rules report bad
 * argument types through `BuiltinTypingContext.mismatch` and return `unknown` after a mismatch;
 * they never see `unknown` as an error (it was reported elsewhere).
 */
import {
  FLOAT, INT, LATENT, LOGITS, SCHEDULE, TOKENS, UNKNOWN,
  isContinuousTensor, isNumber, isNumberList, isTensor, isUnknown, join, listOf, modelOf, typeToString,
  type Type,
} from "./types.js";

export type BuiltinCategory = "elementwise" | "tensor" | "random" | "warper" | "sequence" | "discrete" | "schedule" | "model";

export interface NamedParamSpec {
  readonly name: string;
  readonly required: boolean;
  /** Allowed string values (e.g. the `order` of `commit`). */
  readonly values?: readonly string[];
}

/** Callbacks a typing rule uses to report on its arguments. */
export interface BuiltinTypingContext {
  /** Report that argument `arg` (0-based position or a named argument's name) has the wrong type. */
  mismatch(arg: number | string, message: string): void;
}

export interface BuiltinSpec {
  readonly name: string;
  readonly category: BuiltinCategory;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly named: readonly NamedParamSpec[];
  /** Draws randomness: never a compile-time value. */
  readonly random: boolean;
  readonly signature: string;
  readonly doc: string;
  /** Result type; `named` holds the types of the named arguments given. */
  type(args: readonly Type[], named: ReadonlyMap<string, Type>, ctx: BuiltinTypingContext): Type;
}

// ------------------------------------------------------------------ argument expectations

type Expect = (t: Type) => boolean;
const numeric: Expect = (t) => isNumber(t) || t.kind === "latent" || t.kind === "logits" || isNumberList(t);
const number: Expect = isNumber;
const integer: Expect = (t) => t.kind === "int";
const continuous: Expect = (t) => isContinuousTensor(t);
const tokensLike: Expect = (t) => t.kind === "tokens" || (t.kind === "list" && (t.element.kind === "int" || isUnknown(t.element)));
const anyData: Expect = (t) => t.kind !== "model" && t.kind !== "none";

/** Checks every listed argument; true when all are fine (unknown always is). */
function expectArgs(
  name: string,
  args: readonly Type[],
  expectations: readonly (readonly [Expect, string] | undefined)[],
  ctx: BuiltinTypingContext,
): boolean {
  let ok = true;
  for (let i = 0; i < expectations.length; i++) {
    const e = expectations[i];
    const t = args[i];
    if (!e || t === undefined || isUnknown(t) || e[0](t)) continue;
    ctx.mismatch(i, `"${name}" expects ${e[1]} for argument ${i + 1}, got ${typeToString(t)}.`);
    ok = false;
  }
  return ok;
}

/** Checks that every argument is numeric (elementwise builtins); true when all are fine. */
function expectNumeric(name: string, args: readonly Type[], ctx: BuiltinTypingContext): boolean {
  let ok = true;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!;
    if (isUnknown(t) || numeric(t)) continue;
    ctx.mismatch(i, `"${name}" expects ${NUMERIC[1]} for argument ${i + 1}, got ${typeToString(t)}.`);
    ok = false;
  }
  return ok;
}

function expectNamed(name: string, named: ReadonlyMap<string, Type>, param: string, e: Expect, what: string, ctx: BuiltinTypingContext): boolean {
  const t = named.get(param);
  if (t === undefined || isUnknown(t) || e(t)) return true;
  ctx.mismatch(param, `"${name}" expects ${what} for "${param}", got ${typeToString(t)}.`);
  return false;
}

const NUMERIC = [numeric, "a number or a continuous tensor"] as const;
const NUMBER = [number, "a number"] as const;
const INTEGER = [integer, "an int"] as const;
const CONTINUOUS = [continuous, "logits or a latent"] as const;
const TOKENS_ARG = [tokensLike, "tokens"] as const;
const ANY_DATA = [anyData, "a value"] as const;

/** int stays int for these elementwise functions of scalars; the rest return float. */
const INT_PRESERVING = new Set(["abs", "floor", "round", "min", "max", "clamp"]);
/** Float to int for scalars (counts computed from times). */
const INT_RESULT = new Set(["floor", "round"]);

function elementwise(name: string, arity: number, signature: string, doc: string): BuiltinSpec {
  return {
    name, category: "elementwise", minArgs: arity, maxArgs: arity, named: [], random: false, signature, doc,
    type(args, _named, ctx) {
      if (!expectNumeric(name, args, ctx)) return UNKNOWN;
      let result: Type = args[0] ?? UNKNOWN;
      for (let i = 1; i < args.length; i++) {
        const t = args[i]!;
        const j = join(result, t);
        if (j === undefined) {
          ctx.mismatch(1, `"${name}" cannot combine ${typeToString(result)} with ${typeToString(t)}.`);
          return UNKNOWN;
        }
        result = j;
      }
      if (result.kind === "list") return SCHEDULE;
      if (isNumber(result)) {
        if (INT_RESULT.has(name)) return INT;
        if (result.kind === "int" && !INT_PRESERVING.has(name)) return FLOAT;
      }
      return result;
    },
  };
}

function warper(name: string, signature: string, doc: string, rest: readonly (readonly [Expect, string])[]): BuiltinSpec {
  const expectations = [CONTINUOUS, ...rest];
  return {
    name, category: "warper", minArgs: 1 + rest.length, maxArgs: 1 + rest.length, named: [], random: false, signature, doc,
    type(args, _named, ctx) {
      if (!expectArgs(name, args, expectations, ctx)) return UNKNOWN;
      return logitsLike(args[0]);
    },
  };
}

/** Logits keep their vocabulary; anything else continuous becomes plain logits. */
function logitsLike(t: Type | undefined): Type {
  return t?.kind === "logits" ? t : LOGITS;
}

function fixed(
  name: string, category: BuiltinCategory, params: readonly (readonly [Expect, string] | undefined)[],
  result: (args: readonly Type[]) => Type, signature: string, doc: string,
  extra: { named?: readonly NamedParamSpec[]; random?: boolean; minArgs?: number } = {},
): BuiltinSpec {
  return {
    name, category, minArgs: extra.minArgs ?? params.length, maxArgs: params.length, named: extra.named ?? [],
    random: extra.random ?? false, signature, doc,
    type(args, _named, ctx) {
      return expectArgs(name, args, params, ctx) ? result(args) : UNKNOWN;
    },
  };
}

const vocabOf = (t: Type | undefined): number | undefined =>
  t?.kind === "logits" || t?.kind === "tokens" ? t.vocab : undefined;
const tokensOf = (t: Type | undefined): Type => {
  const v = vocabOf(t);
  return v === undefined ? TOKENS : { kind: "tokens", vocab: v };
};
const latentLike = (t: Type | undefined): Type => (t?.kind === "latent" ? t : LATENT);

const COMMIT_ORDERS = ["confidence", "random", "entropy", "sampled_confidence"] as const;

const list: BuiltinSpec[] = [
  // Elementwise.
  elementwise("exp", 1, "exp(x)", "e^x, elementwise."),
  elementwise("log", 1, "log(x)", "Natural logarithm, elementwise."),
  elementwise("sqrt", 1, "sqrt(x)", "Square root, elementwise."),
  elementwise("abs", 1, "abs(x)", "Absolute value, elementwise."),
  elementwise("sin", 1, "sin(x)", "Sine, elementwise."),
  elementwise("cos", 1, "cos(x)", "Cosine, elementwise."),
  elementwise("atan2", 2, "atan2(y, x)", "Two-argument arctangent, elementwise."),
  elementwise("pow", 2, "pow(x, p)", "x^p, elementwise."),
  elementwise("min", 2, "min(a, b)", "Elementwise minimum."),
  elementwise("max", 2, "max(a, b)", "Elementwise maximum."),
  elementwise("clamp", 3, "clamp(x, lo, hi)", "x limited to [lo, hi], elementwise."),
  elementwise("floor", 1, "floor(x)", "Round down, elementwise (an int for scalars)."),
  elementwise("round", 1, "round(x)", "Round to nearest, elementwise (an int for scalars)."),
  elementwise("expm1", 1, "expm1(x)", "e^x − 1, accurate near 0."),
  elementwise("log1p", 1, "log1p(x)", "log(1 + x), accurate near 0."),

  // Tensors.
  fixed("zeros_like", "tensor", [[(t) => isTensor(t) || numeric(t), "a tensor"]], (a) => a[0]!, "zeros_like(x)", "Zeros of the type and shape of x."),
  {
    name: "where", category: "tensor", minArgs: 3, maxArgs: 3, named: [], random: false,
    signature: "where(c, a, b)", doc: "Elementwise choice: a where c holds, else b (the data-dependent `if`).",
    type(args, _named, ctx) {
      if (!expectArgs("where", args, [ANY_DATA, ANY_DATA, ANY_DATA], ctx)) return UNKNOWN;
      const j = join(args[1]!, args[2]!);
      if (j === undefined) {
        ctx.mismatch(2, `"where" cannot choose between ${typeToString(args[1]!)} and ${typeToString(args[2]!)}.`);
        return UNKNOWN;
      }
      return j;
    },
  },
  fixed("sum", "tensor", [NUMERIC], (a) => (isContinuousTensor(a[0]!) ? LATENT : FLOAT), "sum(x)", "Sum over the last axis."),
  fixed("mean", "tensor", [NUMERIC], (a) => (isContinuousTensor(a[0]!) ? LATENT : FLOAT), "mean(x)", "Mean over the last axis."),
  fixed("argmax", "tensor", [CONTINUOUS], (a) => tokensOf(a[0]), "argmax(l)", "Index of the largest logit (greedy choice)."),
  fixed("softmax", "tensor", [CONTINUOUS], (a) => a[0]!, "softmax(l)", "Probabilities from logits, last axis."),
  fixed("log_softmax", "tensor", [CONTINUOUS], (a) => a[0]!, "log_softmax(l)", "Log-probabilities from logits, last axis."),
  fixed("gather", "tensor", [CONTINUOUS, TOKENS_ARG], () => LATENT, "gather(p, ids)", "p at the given ids, last axis."),
  fixed("max_prob", "tensor", [CONTINUOUS], () => LATENT, "max_prob(l)", "The largest probability per position."),
  fixed("entropy", "tensor", [CONTINUOUS], () => LATENT, "entropy(l)", "Entropy of softmax(l) per position."),

  // Random.
  fixed("normal", "random", [[(t) => isContinuousTensor(t) || isNumber(t), "a latent"]], (a) => latentLike(a[0]), "normal(like)",
    "Standard normal noise shaped like `like`.", { random: true }),
  fixed("uniform", "random", [[(t) => isTensor(t) || isNumber(t), "a tensor"]], (a) => latentLike(a[0]), "uniform(like)",
    "Uniform [0, 1) noise shaped like `like`.", { random: true }),
  fixed("categorical", "random", [CONTINUOUS], (a) => tokensOf(a[0]), "categorical(logits)",
    "One id per position drawn from softmax(logits).", { random: true }),

  // Warpers.
  warper("apply_temperature", "apply_temperature(l, T)", "Logits divided by the temperature T.", [NUMBER]),
  warper("filter_top_k", "filter_top_k(l, k)", "Keep the k largest logits.", [INTEGER]),
  warper("filter_top_p", "filter_top_p(l, p)", "Keep the smallest set of logits with probability ≥ p (nucleus).", [NUMBER]),
  warper("filter_min_p", "filter_min_p(l, p)", "Keep logits with probability ≥ p·max.", [NUMBER]),
  warper("penalize_repetition", "penalize_repetition(l, y, r)", "Penalize ids already in y by r (CTRL).", [TOKENS_ARG, NUMBER]),

  // Sequences.
  {
    name: "concat", category: "sequence", minArgs: 2, maxArgs: 2, named: [], random: false,
    signature: "concat(a, b)", doc: "a followed by b (token sequences, latents, lists, schedules).",
    type(args, _named, ctx) {
      if (!expectArgs("concat", args, [ANY_DATA, ANY_DATA], ctx)) return UNKNOWN;
      const [a, b] = [args[0]!, args[1]!];
      if (isUnknown(a) || isUnknown(b)) return isUnknown(a) ? b : a;
      if (tokensLike(a) && tokensLike(b) && (a.kind === "tokens" || b.kind === "tokens")) return a.kind === "tokens" ? a : b;
      if (a.kind === "tokens" && number(b)) return a;
      if (a.kind === "list" && b.kind === "list") {
        const e = join(a.element, b.element);
        if (e !== undefined) return listOf(e);
      }
      if (isNumberList(a) && isNumberList(b)) return SCHEDULE;
      const j = join(a, b);
      if (j === undefined || a.kind === "tokens" || b.kind === "tokens") {
        ctx.mismatch(1, `"concat" cannot join ${typeToString(a)} with ${typeToString(b)}.`);
        return UNKNOWN;
      }
      return j;
    },
  },
  {
    name: "stack", category: "sequence", minArgs: 1, maxArgs: 1, named: [], random: false,
    signature: "stack(list)", doc: "Stack a list of tensors along a new axis.",
    type(args, _named, ctx) {
      const t = args[0]!;
      if (isUnknown(t)) return UNKNOWN;
      if (t.kind === "list" && (isContinuousTensor(t.element) || isUnknown(t.element))) return isUnknown(t.element) ? LATENT : t.element;
      if (isNumberList(t)) return SCHEDULE;
      ctx.mismatch(0, `"stack" expects a list of logits or latents, got ${typeToString(t)}.`);
      return UNKNOWN;
    },
  },
  fixed("repeat", "sequence", [[(t) => t.kind === "int", "an int token id"], INTEGER], () => TOKENS, "repeat(id, n)",
    "A sequence of n copies of the id."),
  fixed("is_masked", "sequence", [TOKENS_ARG], () => LATENT, "is_masked(y)", "1 where y holds its model's mask id, else 0."),

  // Discrete refine and speculative verification.
  {
    name: "commit", category: "discrete", minArgs: 2, maxArgs: 2, random: true,
    named: [{ name: "n", required: true }, { name: "order", required: false, values: COMMIT_ORDERS }, { name: "temperature", required: false }],
    signature: "commit(y, logits, n: N, order: \"confidence\", temperature: T)",
    doc: "Commit N masked positions of y by independent draws from the marginals.",
    type(args, named, ctx) {
      let ok = expectArgs("commit", args, [TOKENS_ARG, CONTINUOUS], ctx);
      ok = expectNamed("commit", named, "n", integer, "an int", ctx) && ok;
      ok = expectNamed("commit", named, "order", (t) => t.kind === "string", "a string", ctx) && ok;
      ok = expectNamed("commit", named, "temperature", number, "a number", ctx) && ok;
      return ok ? tokensOf(args[0]) : UNKNOWN;
    },
  },
  {
    name: "commit_threshold", category: "discrete", minArgs: 2, maxArgs: 2, random: true,
    named: [{ name: "tau", required: true }],
    signature: "commit_threshold(y, logits, tau: τ)",
    doc: "Greedily commit every masked position with max-prob ≥ τ (at least one).",
    type(args, named, ctx) {
      let ok = expectArgs("commit_threshold", args, [TOKENS_ARG, CONTINUOUS], ctx);
      ok = expectNamed("commit_threshold", named, "tau", number, "a number", ctx) && ok;
      return ok ? tokensOf(args[0]) : UNKNOWN;
    },
  },
  {
    name: "verify", category: "discrete", minArgs: 1, maxArgs: 1, random: true,
    named: [{ name: "q", required: true }, { name: "p", required: true }],
    signature: "verify(d, q: Q, p: P)",
    doc: "Accept drafts d by the min(1, p/q) rule; returns the accepted tokens plus one correction or bonus token.",
    type(args, named, ctx) {
      let ok = expectArgs("verify", args, [TOKENS_ARG], ctx);
      ok = expectNamed("verify", named, "q", continuous, "draft probabilities", ctx) && ok;
      ok = expectNamed("verify", named, "p", continuous, "target probabilities", ctx) && ok;
      return ok ? tokensOf(args[0]) : UNKNOWN;
    },
  },

  // Schedules (compile time).
  fixed("range", "schedule", [INTEGER], () => SCHEDULE, "range(n)", "The list 0, 1, ..., n − 1."),
  fixed("linspace", "schedule", [NUMBER, NUMBER, INTEGER], () => SCHEDULE, "linspace(a, b, n)", "n evenly spaced values from a to b."),
  fixed("reverse", "schedule", [[isNumberList, "a list"]], (a) => a[0]!, "reverse(list)", "The list in reverse order."),
  fixed("len", "schedule", [[(t) => t.kind === "list" || t.kind === "schedule", "a list"]], () => INT, "len(list)",
    "The length of a list (use y.len for a sequence)."),

  // Model combinator.
  {
    name: "guided", category: "model", minArgs: 1, maxArgs: 1, random: false,
    named: [{ name: "cond", required: true }, { name: "scale", required: true }],
    signature: "guided(D, cond: c, scale: w)",
    doc: "Classifier-free guidance: a denoiser returning u + w·(c − u) from the conditional and null-condition calls.",
    type(args, named, ctx) {
      const d = args[0]!;
      let ok = true;
      if (!isUnknown(d) && !(d.kind === "model" && d.contract === "denoiser")) {
        ctx.mismatch(0, `"guided" expects a denoiser model for argument 1, got ${typeToString(d)}.`);
        ok = false;
      }
      ok = expectNamed("guided", named, "cond", anyData, "a condition value", ctx) && ok;
      ok = expectNamed("guided", named, "scale", number, "a number", ctx) && ok;
      return ok ? modelOf("denoiser") : UNKNOWN;
    },
  },
];

/** The builtins, by name. */
export const Builtins: ReadonlyMap<string, BuiltinSpec> = new Map(list.map((b) => [b.name, b]));

/** The builtin called `name`, if any. */
export function builtinOf(name: string): BuiltinSpec | undefined {
  return Builtins.get(name);
}
