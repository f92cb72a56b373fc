/**
 * Binding call arguments to parameters: positional arguments first, in order, then named ones by
 * name; parameters with a default may be omitted. Reports `wrong-arity` (too many positional
 * arguments), `unknown-argument` (with "did you mean"), `duplicate-argument` and
 * `missing-argument`. Used for steps (`using step(args)`), fns, schedules, and with a simpler
 * shape for builtins and model calls.
 */
import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean, suggestionList } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";

/** A callee, for messages: `step "heun"`, `schedule "karras"`. */
export interface CalleeDescription {
  readonly what: string;
  readonly name: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Binds `call`'s arguments to `params`. The result maps each parameter that received an
 * argument to it; a parameter missing from the map takes its default (or was reported missing).
 */
export function bindArguments(
  params: readonly A.Param[],
  call: A.CallExpr,
  callee: CalleeDescription,
  report: (d: Diagnostic) => void,
): Map<A.Param, A.Expression> {
  const bound = new Map<A.Param, A.Expression>();
  const label = `${callee.what} "${callee.name}"`; // a rope, only flattened for a message
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const p = params[i];
    if (p) {
      bound.set(p, arg);
      continue;
    }
    if (i === params.length) {
      report(makeDiagnostic("wrong-arity", arg.span,
        `${capitalize(label)} takes ${plural(params.length, "argument")}, got ${call.args.length}.`,
        { help: params.length === 0 ? "Remove the arguments." : `Its parameters are ${params.map((q) => `"${q.name.name}"`).join(", ")}; remove the extra ones.` }));
    }
  }
  for (let i = 0; i < call.namedArgs.length; i++) {
    const named = call.namedArgs[i]!;
    const name = named.name.name;
    const p = params.find((q) => q.name.name === name);
    if (!p) {
      const help = didYouMean(suggestionList(name, params.map((q) => q.name.name)))
        ?? (params.length > 0 ? `Its parameters are ${params.map((q) => `"${q.name.name}"`).join(", ")}.` : undefined);
      report(makeDiagnostic("unknown-argument", named.name.span, `${capitalize(label)} has no parameter "${name}".`, help ? { help } : {}));
      continue;
    }
    const previous = bound.get(p);
    if (previous) {
      report(makeDiagnostic("duplicate-argument", named.name.span, `Parameter "${name}" of ${label} is given twice.`, {
        help: "Remove one of the two arguments.",
        related: [{ span: previous.span, message: "First given here." }],
      }));
      continue;
    }
    bound.set(p, named.value);
  }
  let complete = true;
  for (let i = 0; i < params.length; i++) if (!params[i]!.default && !bound.has(params[i]!)) complete = false;
  if (complete) return bound;
  const missing = params.filter((p) => !bound.has(p) && !p.default);
  const names = missing.map((p) => `"${p.name.name}"`).join(", ");
  report(makeDiagnostic("missing-argument", call.span,
    `${capitalize(label)} needs ${missing.length === 1 ? "the argument" : "the arguments"} ${names}.`,
    { help: `Pass ${missing.map((p) => `\`${p.name.name}: ...\``).join(", ")}.` }));
  return bound;
}

/** The shape of a builtin, model or method call (their parameters are not AST nodes). */
export interface CallShape {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly named: readonly { readonly name: string; readonly required: boolean }[];
  /** How a correct call looks, e.g. `D(x, t)`; shown in the help of arity errors. */
  readonly signature?: string | ((call: A.CallExpr) => string);
  /** Extra text for `unknown-argument` on a named argument the callee could take in other circumstances. */
  readonly unavailable?: (name: string) => { message: string; help: string } | undefined;
}

/** Arity and named-argument check for builtins and model calls, whose parameters are not AST nodes. */
export function checkCallShape(call: A.CallExpr, callee: CalleeDescription, shape: CallShape, report: (d: Diagnostic) => void): boolean {
  const n = call.args.length;
  if (n >= shape.minArgs && n <= shape.maxArgs && call.namedArgs.length === 0 && !hasRequired(shape.named)) return true;
  let ok = true;
  const label = `${callee.what} "${callee.name}"`;
  if (n < shape.minArgs || n > shape.maxArgs) {
    ok = false;
    const expected = shape.minArgs === shape.maxArgs ? plural(shape.minArgs, "argument") : `${shape.minArgs} to ${shape.maxArgs} arguments`;
    const span = n > shape.maxArgs ? call.args[shape.maxArgs]!.span : call.span;
    const fix = n > shape.maxArgs ? "Remove the extra arguments" : "Pass the missing arguments";
    const signature = typeof shape.signature === "function" ? shape.signature(call) : shape.signature;
    report(makeDiagnostic("wrong-arity", span, `${capitalize(label)} takes ${expected}, got ${n}.`, {
      help: signature ? `${fix}: \`${signature}\`.` : `${fix}.`,
    }));
  }
  const seen = new Map<string, A.NamedArg>();
  for (const named of call.namedArgs) {
    const name = named.name.name;
    const first = seen.get(name);
    if (first) {
      ok = false;
      report(makeDiagnostic("duplicate-argument", named.name.span, `Argument "${name}" of ${label} is given twice.`, {
        help: "Remove one of the two arguments.",
        related: [{ span: first.name.span, message: "First given here." }],
      }));
      continue;
    }
    seen.set(name, named);
    if (shape.named.some((p) => p.name === name)) {
      const unavailable = shape.unavailable?.(name);
      if (unavailable) {
        ok = false;
        report(makeDiagnostic("unknown-argument", named.name.span, unavailable.message, { help: unavailable.help }));
      }
      continue;
    }
    ok = false;
    const names = shape.named.map((p) => p.name);
    const help = didYouMean(suggestionList(name, names))
      ?? (names.length > 0 ? `Its named arguments are ${names.map((x) => `"${x}"`).join(", ")}.` : `${capitalize(label)} takes no named arguments.`);
    report(makeDiagnostic("unknown-argument", named.name.span, `${capitalize(label)} has no named argument "${name}".`, { help }));
  }
  const missing = shape.named.filter((p) => p.required && !seen.has(p.name));
  if (missing.length > 0) {
    ok = false;
    const names = missing.map((p) => `"${p.name}"`).join(", ");
    report(makeDiagnostic("missing-argument", call.span,
      `${capitalize(label)} needs the named ${missing.length === 1 ? "argument" : "arguments"} ${names}.`,
      { help: `Pass ${missing.map((p) => `\`${p.name}: ...\``).join(", ")}.` }));
  }
  return ok;
}

function hasRequired(named: CallShape["named"]): boolean {
  for (const p of named) if (p.required) return true;
  return false;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
