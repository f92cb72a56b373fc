/**
 * Typing rules of the unary and binary operators (language.md §6). Pure functions: they return
 * the result type, or a problem (message, help, and which operand is at fault) for the caller
 * to report as `type-mismatch`. Callers never pass `unknown` operands.
 */
import type { BinaryOperator, UnaryOperator } from "../syntax/ast.js";
import {
  BOOL, FLOAT, INT, LATENT, SCHEDULE, isContinuousTensor, isNumber, isNumberList, isTensor, join, typeToString, type Type,
} from "./types.js";

export type OperatorResult =
  | { readonly ok: true; readonly type: Type }
  | { readonly ok: false; readonly message: string; readonly help?: string; readonly at: "left" | "right" | "both" };

const ARITHMETIC = new Set<BinaryOperator>(["+", "-", "*", "/", "^"]);
const ORDERING = new Set<BinaryOperator>(["<", "<=", ">", ">="]);

/** Results are immutable: the shared types get one each. */
const OK = new Map<Type, OperatorResult>([INT, FLOAT, BOOL, LATENT, SCHEDULE].map((t) => [t, { ok: true, type: t }]));
const ok = (type: Type): OperatorResult => OK.get(type) ?? { ok: true, type };

export const MIXING_HELP =
  "Tokens are discrete ids and latents/logits are continuous: convert explicitly (a model call turns tokens into logits, argmax or categorical turns logits into tokens).";

/** Types no operator accepts. */
function notAnOperand(t: Type): boolean {
  return t.kind === "model" || t.kind === "none";
}

function mixesRepresentations(a: Type, b: Type): boolean {
  return (a.kind === "tokens" && isContinuousTensor(b)) || (b.kind === "tokens" && isContinuousTensor(a));
}

function notAnOperandProblem(op: BinaryOperator, t: Type, at: "left" | "right"): OperatorResult {
  return { ok: false, at, message: `Operator "${op}" cannot be applied to ${t.kind === "model" ? `a ${typeToString(t)} model` : "none"}.` };
}

export function binaryResult(op: BinaryOperator, l: Type, r: Type): OperatorResult {
  if (notAnOperand(l)) return notAnOperandProblem(op, l, "left");
  if (notAnOperand(r)) return notAnOperandProblem(op, r, "right");
  if (mixesRepresentations(l, r)) {
    return {
      ok: false, at: "both", help: MIXING_HELP,
      message: `Operator "${op}" cannot combine ${typeToString(l)} and ${typeToString(r)}.`,
    };
  }
  if (ARITHMETIC.has(op)) return arithmetic(op, l, r);
  if (op === "and" || op === "or") return logical(op, l, r);
  return comparison(op, l, r);
}

function notArithmetic(op: BinaryOperator, t: Type, at: "left" | "right"): OperatorResult | undefined {
  if (t.kind !== "string" && t.kind !== "bool") return undefined;
  return { ok: false, at, message: `Operator "${op}" cannot be applied to ${t.kind === "string" ? "a string" : "a bool"}.` };
}

function arithmetic(op: BinaryOperator, l: Type, r: Type): OperatorResult {
  const problem = notArithmetic(op, l, "left") ?? notArithmetic(op, r, "right");
  if (problem) return problem;
  if (isNumber(l) && isNumber(r)) {
    if (op === "/") return ok(FLOAT);
    return ok(l.kind === "int" && r.kind === "int" ? INT : FLOAT);
  }
  // Token ids shift by integers (e.g. an offset); any other arithmetic on ids is meaningless.
  if (l.kind === "tokens" || r.kind === "tokens") {
    const other = l.kind === "tokens" ? r : l;
    if (other.kind === "tokens" || other.kind === "int") return ok(l.kind === "tokens" ? l : r);
    return {
      ok: false, at: "both",
      message: `Operator "${op}" cannot combine ${typeToString(l)} and ${typeToString(r)}.`,
      help: "Token ids only take integer offsets.",
    };
  }
  if ((l.kind === "list" && !isNumberList(l)) || (r.kind === "list" && !isNumberList(r))) {
    return { ok: false, at: l.kind === "list" ? "left" : "right", message: `Operator "${op}" cannot be applied to ${typeToString(l.kind === "list" ? l : r)}.` };
  }
  if (isNumberList(l) && isNumberList(r)) return ok(SCHEDULE);
  if ((isNumberList(l) && isNumber(r)) || (isNumber(l) && isNumberList(r))) return ok(SCHEDULE);
  const j = join(l, r);
  if (j === undefined) {
    return { ok: false, at: "both", message: `Operator "${op}" cannot combine ${typeToString(l)} and ${typeToString(r)}.` };
  }
  return ok(j.kind === "list" ? SCHEDULE : j);
}

function notLogical(op: BinaryOperator, t: Type, at: "left" | "right"): OperatorResult | undefined {
  if (t.kind === "bool" || isTensor(t)) return undefined;
  return { ok: false, at, message: `Operator "${op}" needs bools, got ${typeToString(t)}.` };
}

function logical(op: BinaryOperator, l: Type, r: Type): OperatorResult {
  const problem = notLogical(op, l, "left") ?? notLogical(op, r, "right");
  if (problem) return problem;
  return ok(isTensor(l) || isTensor(r) ? LATENT : BOOL);
}

function comparison(op: BinaryOperator, l: Type, r: Type): OperatorResult {
  const strings = l.kind === "string" || r.kind === "string";
  if (strings) {
    if (l.kind !== r.kind) {
      return { ok: false, at: "both", message: `Operator "${op}" cannot compare ${typeToString(l)} with ${typeToString(r)}.` };
    }
    if (ORDERING.has(op)) return { ok: false, at: "both", message: `Operator "${op}" cannot order strings; use "==" or "!=".` };
    return ok(BOOL);
  }
  if (l.kind === "bool" || r.kind === "bool") {
    if (ORDERING.has(op) || l.kind !== r.kind) {
      return { ok: false, at: "both", message: `Operator "${op}" cannot compare ${typeToString(l)} with ${typeToString(r)}.` };
    }
    return ok(BOOL);
  }
  // Elementwise comparison of tensors yields a mask (for where); of scalars, a bool.
  if (isTensor(l) || isTensor(r)) return ok(LATENT);
  if (isNumberList(l) || isNumberList(r)) return ok(SCHEDULE);
  return ok(BOOL);
}

export function unaryResult(op: UnaryOperator, t: Type): OperatorResult {
  if (op === "not") {
    if (t.kind === "bool" || isTensor(t)) return ok(t.kind === "bool" ? BOOL : LATENT);
    return { ok: false, at: "left", message: `Operator "not" needs a bool, got ${typeToString(t)}.` };
  }
  if (isNumber(t) || isContinuousTensor(t) || isNumberList(t)) return ok(t.kind === "list" ? SCHEDULE : t);
  return {
    ok: false, at: "left",
    message: `Operator "-" cannot be applied to ${typeToString(t)}.`,
    ...(t.kind === "tokens" ? { help: "Token ids cannot be negated." } : {}),
  };
}
