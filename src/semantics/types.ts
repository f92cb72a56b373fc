/**
 * The small type system of language.md §4. Types are plain immutable objects compared
 * structurally. `unknown` is the error-recovery type: an expression gets it when something inside
 * was already reported (or cannot be known statically), and no check ever reports on it, so one
 * mistake produces one diagnostic.
 *
 * Beyond the surface types, `logits` types the float scores over a vocabulary returned by
 * discrete models and consumed by warpers and `categorical`; it mixes with floats and latents in
 * arithmetic but, like `latent`, never with `tokens`.
 */
import type { ContractKind } from "./contracts.js";

export type Type =
  | { readonly kind: "int" }
  | { readonly kind: "float" }
  | { readonly kind: "bool" }
  | { readonly kind: "string" }
  | { readonly kind: "none" }
  /** Batched discrete id sequences; `vocab` when known. */
  | { readonly kind: "tokens"; readonly vocab?: number }
  /** Batched continuous f32 tensors; per-sample `dims` when known (an entry is undefined when only that dim is unknown). */
  | { readonly kind: "latent"; readonly dims?: readonly (number | undefined)[] }
  /** Float scores over a vocabulary (last axis). */
  | { readonly kind: "logits"; readonly vocab?: number }
  /** A compile-time 1-D list of times. */
  | { readonly kind: "schedule" }
  /** A list literal's value; `element` is the join of its elements. */
  | { readonly kind: "list"; readonly element: Type }
  /** A model value: a declared model, a model parameter of a step, or `guided(...)`. */
  | { readonly kind: "model"; readonly contract: ContractKind }
  | { readonly kind: "unknown" };

export type TypeKind = Type["kind"];

export const INT: Type = { kind: "int" };
export const FLOAT: Type = { kind: "float" };
export const BOOL: Type = { kind: "bool" };
export const STRING: Type = { kind: "string" };
export const NONE: Type = { kind: "none" };
export const TOKENS: Type = { kind: "tokens" };
export const LATENT: Type = { kind: "latent" };
export const LOGITS: Type = { kind: "logits" };
export const SCHEDULE: Type = { kind: "schedule" };
export const UNKNOWN: Type = { kind: "unknown" };

export function listOf(element: Type): Type {
  return { kind: "list", element };
}
const models = new Map<ContractKind, Type>();
export function modelOf(contract: ContractKind): Type {
  let t = models.get(contract);
  if (!t) models.set(contract, (t = { kind: "model", contract }));
  return t;
}

export const isUnknown = (t: Type): boolean => t.kind === "unknown";
/** int or float. */
export const isNumber = (t: Type): boolean => t.kind === "int" || t.kind === "float";
/** A batched tensor value (data). */
export const isTensor = (t: Type): boolean => t.kind === "tokens" || t.kind === "latent" || t.kind === "logits";
/** A continuous tensor (latent or logits). */
export const isContinuousTensor = (t: Type): boolean => t.kind === "latent" || t.kind === "logits";
/** A compile-time list of numbers: a schedule, or a list whose elements are numbers. */
export const isNumberList = (t: Type): boolean =>
  t.kind === "schedule" || (t.kind === "list" && (isNumber(t.element) || isUnknown(t.element)));

/** Source-like spelling: `int`, `tokens[16]`, `latent[2, ?]`, `list[float]`, `denoiser`. */
export function typeToString(t: Type): string {
  switch (t.kind) {
    case "tokens":
      return t.vocab === undefined ? "tokens" : `tokens[${t.vocab}]`;
    case "logits":
      return t.vocab === undefined ? "logits" : `logits[${t.vocab}]`;
    case "latent":
      return t.dims === undefined ? "latent" : `latent[${t.dims.map((d) => (d === undefined ? "?" : String(d))).join(", ")}]`;
    case "list":
      return isUnknown(t.element) ? "list" : `list[${typeToString(t.element)}]`;
    case "model":
      return t.contract;
    default:
      return t.kind;
  }
}

/** Structural equality (the same spelling by `typeToString`). */
export function sameType(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "tokens":
    case "logits":
      return a.vocab === (b as { vocab?: number }).vocab;
    case "latent": {
      const x = a.dims;
      const y = (b as { dims?: readonly (number | undefined)[] }).dims;
      if (x === undefined || y === undefined) return x === y;
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) return false;
      return true;
    }
    case "list":
      return sameType(a.element, (b as { element: Type }).element);
    case "model":
      return a.contract === (b as { contract: ContractKind }).contract;
    default:
      return true;
  }
}

/**
 * Whether a value of type `from` may be used where `to` is expected (parameters, defaults,
 * return types). Unknown on either side is always accepted; int widens to float; a list of
 * numbers is a schedule, a tokens value (e.g. a prompt `[0]`) or a latent; a list of ints is
 * tokens; shapes and vocabularies must agree only when both are known.
 */
export function isAssignable(from: Type, to: Type): boolean {
  if (isUnknown(from) || isUnknown(to)) return true;
  switch (to.kind) {
    case "float":
      return isNumber(from);
    case "tokens":
      if (from.kind === "list") return from.element.kind === "int" || isUnknown(from.element);
      return from.kind === "tokens" && (from.vocab === undefined || to.vocab === undefined || from.vocab === to.vocab);
    case "latent":
      if (from.kind === "list") return isNumber(from.element) || isUnknown(from.element);
      if (isNumber(from)) return true;
      return (from.kind === "latent" && dimsCompatible(from.dims, to.dims)) || from.kind === "logits";
    case "logits":
      return from.kind === "logits" || from.kind === "latent" || isNumber(from);
    case "schedule":
      return isNumberList(from);
    case "list":
      return from.kind === "list" && isAssignable(from.element, to.element);
    case "model":
      return from.kind === "model" && from.contract === to.contract;
    default:
      return from.kind === to.kind;
  }
}

/** Whether two optional dim lists can describe the same shape. */
export function dimsCompatible(a: readonly (number | undefined)[] | undefined, b: readonly (number | undefined)[] | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => d === undefined || b[i] === undefined || d === b[i]);
}

/**
 * The least common type of two values flowing into one place (branches of `where`/`if`, list
 * elements, a variable assigned in both arms of an `if`), or undefined when they cannot mix
 * (tokens with latent, a model with a number, ...).
 */
export function join(a: Type, b: Type): Type | undefined {
  if (isUnknown(a)) return b;
  if (isUnknown(b)) return a;
  if (sameType(a, b)) return a;
  if (isNumber(a) && isNumber(b)) return FLOAT;
  if (a.kind === b.kind) {
    switch (a.kind) {
      case "tokens":
        return TOKENS;
      case "logits":
        return LOGITS;
      case "latent":
        return b.kind === "latent" && dimsCompatible(a.dims, b.dims) ? mergeLatent(a.dims, b.dims) : undefined;
      case "list": {
        const e = join(a.element, (b as { element: Type }).element);
        return e === undefined ? undefined : listOf(e);
      }
      default:
        return undefined;
    }
  }
  // Scalars broadcast against tensors and lists.
  if (isNumber(a) && (isTensor(b) || isNumberList(b))) return b;
  if (isNumber(b) && (isTensor(a) || isNumberList(a))) return a;
  if (isContinuousTensor(a) && isContinuousTensor(b)) return a.kind === "logits" ? a : b;
  if (isNumberList(a) && isNumberList(b)) return SCHEDULE;
  return undefined;
}

function mergeLatent(a: readonly (number | undefined)[] | undefined, b: readonly (number | undefined)[] | undefined): Type {
  if (a === undefined) return b === undefined ? LATENT : { kind: "latent", dims: b };
  if (b === undefined) return { kind: "latent", dims: a };
  return { kind: "latent", dims: a.map((d, i) => d ?? b[i]) };
}

/** The names a `TypeRef` may use, besides the contract kinds. */
export const SCALAR_TYPE_NAMES = ["int", "float", "bool", "string", "tokens", "latent", "schedule"] as const;
