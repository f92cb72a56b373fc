/**
 * Values of the partial evaluator that lowers AST to IR. Everything that can be known at
 * compile time (numbers, schedules, models, callables) is a static value; tensors and token
 * sequences are dynamic values that name an SSA value of the IR being emitted.
 */
import type { FnDecl, ScheduleDecl, StepDecl } from "../../syntax/ast.js";
import type { ModelRef, Operand, ValueType } from "../ir.js";

export type Val =
  | { readonly k: "num"; readonly v: number; readonly int: boolean }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "str"; readonly v: string }
  | { readonly k: "none" }
  | { readonly k: "list"; readonly items: readonly Val[] }
  | { readonly k: "model"; readonly model: ModelRef }
  /** `guided(D, cond: c, scale: w)`: a denoiser whose call mixes conditional and null calls. */
  | { readonly k: "guided"; readonly model: ModelRef; readonly cond: Val; readonly scale: Val }
  /** A static member function of a model value, e.g. `D.alpha` or `M.score`. */
  | { readonly k: "method"; readonly target: Val; readonly name: string }
  | { readonly k: "callable"; readonly decl: StepDecl | FnDecl | ScheduleDecl; readonly file: string }
  | { readonly k: "builtin"; readonly name: string }
  | { readonly k: "dyn"; readonly id: Operand; readonly type: ValueType };

export const num = (v: number, int = Number.isInteger(v)): Val => ({ k: "num", v, int });
export const bool = (v: boolean): Val => ({ k: "bool", v });
export const str = (v: string): Val => ({ k: "str", v });
export const NONE: Val = { k: "none" };

export function isStatic(v: Val): boolean {
  if (v.k === "dyn") return false;
  if (v.k === "list") return v.items.every(isStatic);
  return true;
}

/** A list of numbers as a plain array, or undefined when any element is not a number. */
export function numbers(v: Val): number[] | undefined {
  if (v.k === "num") return [v.v];
  if (v.k !== "list") return undefined;
  const out: number[] = [];
  for (const item of v.items) {
    if (item.k !== "num") return undefined;
    out.push(item.v);
  }
  return out;
}

export function describe(v: Val): string {
  switch (v.k) {
    case "num": return String(v.v);
    case "bool": return String(v.v);
    case "str": return JSON.stringify(v.v);
    case "none": return "none";
    case "list": return "a list";
    case "model": return `model "${v.model.id}"`;
    case "guided": return `guided model "${v.model.id}"`;
    case "method": return `member "${v.name}"`;
    case "callable": return `${v.decl.kind.replace("Decl", "").toLowerCase()} "${v.decl.name.name}"`;
    case "builtin": return `builtin "${v.name}"`;
    case "dyn": return `a ${v.type.kind} value`;
  }
}
