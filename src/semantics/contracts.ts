/**
 * The contract table of language.md §5: for each inference-map contract, its arguments, its
 * ports, how a model value is called in a step and its static members. This table is the single
 * source of truth for model declarations (`models.ts`), model calls (`typecheck.ts`) and later
 * stages (lowering, binding checks against ONNX files).
 */

/** The contract kinds, which are also the model parameter types of steps. */
export const CONTRACT_KINDS = ["next_token", "heads", "unmask", "denoiser", "flowmap", "consistency"] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export function isContractKind(name: string): name is ContractKind {
  return (CONTRACT_KINDS as readonly string[]).includes(name);
}

/**
 * The kind of value a contract argument takes:
 * - `int`/`number`: a numeric literal (`positive` when it must be > 0, `nonNegative` when ≥ 0);
 * - `enum`: an identifier or string among `values`, or a number among `values` when numeric;
 * - `range`: a list `[lo, hi]` of two numbers with lo < hi;
 * - `scalar`: any number or string literal (e.g. a null class label).
 */
export type ContractArgKind = "int" | "number" | "enum" | "range" | "scalar";

export interface ContractArgSpec {
  readonly name: string;
  readonly kind: ContractArgKind;
  readonly required: boolean;
  /** Allowed values of an `enum` argument (as written in source). */
  readonly values?: readonly string[];
  /** Numeric constraint of an `int`/`number` argument. */
  readonly constraint?: "positive" | "nonNegative";
  /** Value assumed when absent (documentation and lowering; the checker does not need it). */
  readonly default?: string | number;
  readonly doc: string;
}

export interface PortSpec {
  readonly name: string;
  readonly direction: "in" | "out";
  readonly required: boolean;
  readonly doc: string;
}

/**
 * The value kinds appearing in call signatures; `typecheck.ts` maps them to types.
 * `tokens` ids, `latent` continuous state, `time` a scalar time (float or per-sample latent),
 * `logits` float scores over the vocabulary, `any` anything but a model.
 */
export type SignatureValue = "tokens" | "latent" | "time" | "logits" | "any";

export interface CallSignature {
  /** Positional parameters, in order; all required. */
  readonly params: readonly { readonly name: string; readonly value: SignatureValue }[];
  /** Optional named parameters. */
  readonly named: readonly { readonly name: string; readonly value: SignatureValue; readonly doc: string }[];
  /** `latent` results have the type of the first argument (the state). */
  readonly result: SignatureValue;
  /** Shape of the result, for documentation: "[V]", "[k, V]", "like x". */
  readonly resultShape: string;
  readonly doc: string;
}

/** The type of a static member: a scalar, or a method of time. */
export type MemberSpec =
  | { readonly kind: "value"; readonly type: "int" | "float" | "string" | "any"; readonly fromArg?: string; readonly doc: string }
  | { readonly kind: "method"; readonly signature: CallSignature };

export interface ContractSpec {
  readonly name: ContractKind;
  readonly representation: "discrete" | "continuous";
  readonly doc: string;
  readonly args: readonly ContractArgSpec[];
  readonly ports: readonly PortSpec[];
  /** Whether `cache "in" -> "out"` bindings are allowed (KV caches of decoders). */
  readonly cache: boolean;
  /** `M(...)`: calling the model value itself. */
  readonly call: CallSignature;
  /** `M.name` / `M.name(...)`. */
  readonly members: Readonly<Record<string, MemberSpec>>;
}

const PATHS = ["ve", "vp", "vp_linear", "fm"] as const;

const timeArg: ContractArgSpec = {
  name: "time", kind: "range", required: false,
  doc: "The [t_min, t_max] range the model was trained on.",
};
const sigmaDataArg: ContractArgSpec = {
  name: "sigma_data", kind: "number", required: false, constraint: "positive",
  doc: "The data scale (EDM's sigma_data).",
};
const pathArg: ContractArgSpec = {
  name: "path", kind: "enum", required: true, values: PATHS,
  doc: "The noising path: ve (α = 1, σ = t), vp (cosine), vp_linear (VP-SDE, β 0.1..20), fm (α = 1 − t, σ = t).",
};

const timeMethod = (name: string, doc: string): MemberSpec => ({
  kind: "method",
  signature: { params: [{ name: "t", value: "time" }], named: [], result: "time", resultShape: "like t", doc },
});

/** Static members shared by the continuous contracts. */
const continuousMembers: Record<string, MemberSpec> = {
  alpha: timeMethod("alpha", "The signal scale α(t) of the path."),
  sigma: timeMethod("sigma", "The noise scale σ(t) of the path."),
  lambda: timeMethod("lambda", "The log signal-to-noise ratio log(α(t)/σ(t))."),
  sigma_data: { kind: "value", type: "float", fromArg: "sigma_data", doc: "The data scale." },
  t_min: { kind: "value", type: "float", fromArg: "time", doc: "The smallest trained time." },
  t_max: { kind: "value", type: "float", fromArg: "time", doc: "The largest trained time." },
  path: { kind: "value", type: "string", fromArg: "path", doc: "The path name: \"ve\", \"vp\", \"vp_linear\" or \"fm\"." },
};

const tokensIn: PortSpec = { name: "tokens", direction: "in", required: true, doc: "Token ids [batch, length]." };
const logitsOut: PortSpec = { name: "logits", direction: "out", required: true, doc: "Logits over the vocabulary." };
const vocabArg: ContractArgSpec = {
  name: "vocab", kind: "int", required: true, constraint: "positive", doc: "The vocabulary size V.",
};

/** The contracts, by name. */
export const Contracts: Readonly<Record<ContractKind, ContractSpec>> = {
  next_token: {
    name: "next_token",
    representation: "discrete",
    doc: "p(x_{n+1} | x_{<=n}): one normalized conditional per call.",
    args: [
      vocabArg,
      { name: "bos", kind: "int", required: false, constraint: "nonNegative", doc: "The beginning-of-sequence id." },
      { name: "eos", kind: "int", required: false, constraint: "nonNegative", doc: "The end-of-sequence id (needed by `until eos`)." },
    ],
    ports: [
      tokensIn,
      { name: "attention_mask", direction: "in", required: false, doc: "1 for real positions, 0 for padding." },
      { name: "position_ids", direction: "in", required: false, doc: "Position of each token." },
      logitsOut,
    ],
    cache: true,
    call: {
      params: [{ name: "y", value: "tokens" }],
      named: [],
      result: "logits",
      resultShape: "[V]",
      doc: "The logits of the next position after y.",
    },
    members: {
      score: {
        kind: "method",
        signature: {
          params: [{ name: "y", value: "tokens" }, { name: "d", value: "tokens" }],
          named: [],
          result: "logits",
          resultShape: "[k+1, V]",
          doc: "Logits after y, y+d1, ..., y+d1..dk in one call (for verification).",
        },
      },
      vocab: { kind: "value", type: "int", fromArg: "vocab", doc: "The vocabulary size." },
      eos: { kind: "value", type: "int", fromArg: "eos", doc: "The end-of-sequence id." },
      bos: { kind: "value", type: "int", fromArg: "bos", doc: "The beginning-of-sequence id." },
    },
  },
  heads: {
    name: "heads",
    representation: "discrete",
    doc: "k marginals p(x_{n+j} | x_{<=n}), j = 1..k, all from the same prefix.",
    args: [
      { name: "k", kind: "int", required: true, constraint: "positive", doc: "The number of heads." },
      vocabArg,
    ],
    ports: [tokensIn, logitsOut],
    cache: false,
    call: {
      params: [{ name: "y", value: "tokens" }],
      named: [],
      result: "logits",
      resultShape: "[k, V]",
      doc: "The k head marginals after y.",
    },
    members: {
      k: { kind: "value", type: "int", fromArg: "k", doc: "The number of heads." },
      vocab: { kind: "value", type: "int", fromArg: "vocab", doc: "The vocabulary size." },
    },
  },
  unmask: {
    name: "unmask",
    representation: "discrete",
    doc: "Per-position marginals of the masked positions given the visible ones.",
    args: [
      vocabArg,
      { name: "mask", kind: "int", required: true, constraint: "nonNegative", doc: "The mask id." },
    ],
    ports: [tokensIn, logitsOut],
    // Block-causal models (BD3-LM) cache the committed prefix; the stale-kv-cache check guards misuse.
    cache: true,
    call: {
      params: [{ name: "y", value: "tokens" }],
      named: [],
      result: "logits",
      resultShape: "[L, V]",
      doc: "Per-position marginals of the masked positions of y.",
    },
    members: {
      vocab: { kind: "value", type: "int", fromArg: "vocab", doc: "The vocabulary size." },
      mask: { kind: "value", type: "int", fromArg: "mask", doc: "The mask id." },
    },
  },
  denoiser: {
    name: "denoiser",
    representation: "continuous",
    doc: "The local map (x_t, t) -> prediction of x0, eps, v or the flow velocity.",
    args: [
      { name: "pred", kind: "enum", required: true, values: ["x0", "eps", "v", "velocity"], doc: "What the network predicts." },
      pathArg,
      sigmaDataArg,
      timeArg,
      { name: "null_cond", kind: "scalar", required: false, doc: "The condition value meaning \"unconditional\" (for guidance)." },
    ],
    ports: [
      { name: "x", direction: "in", required: true, doc: "The noisy state x_t." },
      { name: "t", direction: "in", required: true, doc: "The time (or noise level) t." },
      { name: "cond", direction: "in", required: false, doc: "The condition (class label, embedding)." },
      { name: "out", direction: "out", required: true, doc: "The raw prediction." },
    ],
    cache: false,
    call: {
      params: [{ name: "x", value: "latent" }, { name: "t", value: "time" }],
      named: [{ name: "cond", value: "any", doc: "The condition; needs a bound `cond` port." }],
      result: "latent",
      resultShape: "like x",
      doc: "The raw prediction at (x, t).",
    },
    members: {
      ...continuousMembers,
      pred: { kind: "value", type: "string", fromArg: "pred", doc: "The prediction type: \"x0\", \"eps\", \"v\" or \"velocity\"." },
      null_cond: { kind: "value", type: "any", fromArg: "null_cond", doc: "The unconditional condition value." },
    },
  },
  flowmap: {
    name: "flowmap",
    representation: "continuous",
    doc: "The two-time map (x_t, t, s) -> x_s (IMM, flow-map matching, shortcut, MeanFlow).",
    args: [
      pathArg,
      { name: "noise_at", kind: "enum", required: false, values: ["0", "1"], default: 1, doc: "Which end of time is noise (ve: large t)." },
      { name: "target", kind: "enum", required: false, values: ["s", "stride"], default: "s", doc: "Whether the second time input is the target time s or the stride t − s." },
      sigmaDataArg,
      timeArg,
    ],
    ports: [
      { name: "x", direction: "in", required: true, doc: "The state x_t." },
      { name: "t", direction: "in", required: true, doc: "The current time t." },
      { name: "s", direction: "in", required: true, doc: "The target time s (or the stride, per `target`)." },
      { name: "out", direction: "out", required: true, doc: "The state x_s." },
    ],
    cache: false,
    call: {
      params: [{ name: "x", value: "latent" }, { name: "t", value: "time" }, { name: "s", value: "time" }],
      named: [],
      result: "latent",
      resultShape: "like x",
      doc: "The state at time s.",
    },
    members: continuousMembers,
  },
  consistency: {
    name: "consistency",
    representation: "continuous",
    doc: "The endpoint map (x_t, t) -> x_eps, without a target time.",
    args: [pathArg, sigmaDataArg, timeArg],
    ports: [
      { name: "x", direction: "in", required: true, doc: "The state x_t." },
      { name: "t", direction: "in", required: true, doc: "The time t." },
      { name: "out", direction: "out", required: true, doc: "The state at t_min." },
    ],
    cache: false,
    call: {
      params: [{ name: "x", value: "latent" }, { name: "t", value: "time" }],
      named: [],
      result: "latent",
      resultShape: "like x",
      doc: "The endpoint x_{t_min}.",
    },
    members: continuousMembers,
  },
};

/** The contract spec of a kind. */
export function contractOf(kind: ContractKind): ContractSpec {
  return Contracts[kind];
}
