/**
 * Annotations (language.md §3): `@allow("code", "reason")` and `@approx`. Validates them
 * (`invalid-annotation`) and applies `@allow` suppressions to diagnostics. `applySuppressions`
 * is reused by later stages (static checks) on their own diagnostics.
 */
import { allDiagnosticCodes, isDiagnosticCode, makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean, suggestionList } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";
import type { ModuleInfo } from "./modules.js";

/** A valid `@allow`: diagnostics with `code` inside `target` are suppressed with `reason`. */
export interface AllowDirective {
  readonly code: string;
  readonly reason: string;
  readonly annotation: A.Annotation;
  /** The annotated declaration or statement. */
  readonly target: A.Node;
}

/** Codes that can never be silenced: the program must at least parse. */
const UNSUPPRESSIBLE = new Set(["lex-error", "parse-error", "internal-error", "io-error", "invalid-annotation"]);

const ANNOTATIONS = ["allow", "approx"];

type Annotated = A.Node & { readonly annotations: readonly A.Annotation[] };

/** Validates every annotation of a module; returns its valid `@allow` directives (in source order). */
export function checkAnnotations(module: ModuleInfo, report: (d: Diagnostic) => void): AllowDirective[] {
  const allows: AllowDirective[] = [];
  const check = (node: Annotated): void => {
    for (let i = 0; i < node.annotations.length; i++) {
      const allow = checkAnnotation(node.annotations[i]!, node, report);
      if (allow) allows.push(allow);
    }
  };
  // Annotations sit on declarations and statements only.
  const statement = (s: A.Statement): void => {
    check(s);
    if (s.kind === "IfStmt") {
      block(s.then);
      if (s.else?.kind === "Block") block(s.else);
      else if (s.else) statement(s.else);
    } else if (s.kind === "ForStmt" || (s.kind === "ExpandStmt" && s.body)) block(s.body!);
  };
  const block = (b: A.Block): void => {
    for (let i = 0; i < b.statements.length; i++) statement(b.statements[i]!);
  };
  for (const d of module.program.declarations) {
    check(d);
    if (d.kind === "StepDecl" || d.kind === "FnDecl" || d.kind === "ScheduleDecl" || d.kind === "InferDecl") block(d.body);
  }
  return allows;
}

function checkAnnotation(a: A.Annotation, target: A.Node, report: (d: Diagnostic) => void): AllowDirective | undefined {
  const name = a.name.name;
  if (name === "approx") {
    if (a.args.length > 0) {
      report(makeDiagnostic("invalid-annotation", a.span, "@approx takes no arguments.", { help: "Write `@approx`." }));
    }
    if (target.kind !== "RefineStmt" && target.kind !== "ExpandStmt") {
      report(makeDiagnostic("invalid-annotation", a.span, "@approx only applies to `refine` and `expand` statements.", {
        help: "Move it to the `refine` or `expand` whose result is knowingly approximate.",
      }));
    }
    return undefined;
  }
  if (name !== "allow") {
    const help = didYouMean(suggestionList(name, ANNOTATIONS).map((s) => `@${s}`)) ?? 'The annotations are "@allow" and "@approx".';
    report(makeDiagnostic("invalid-annotation", a.name.span, `Unknown annotation "@${name}".`, { help }));
    return undefined;
  }
  const [codeArg, reasonArg] = a.args;
  if (a.args.length !== 2 || codeArg?.kind !== "StringLiteral" || reasonArg?.kind !== "StringLiteral") {
    report(makeDiagnostic("invalid-annotation", a.span, '@allow takes a diagnostic code and a reason, both strings.', {
      help: 'Write `@allow("code", "why this is fine here")`.',
    }));
    return undefined;
  }
  const code = codeArg.value;
  if (!isDiagnosticCode(code)) {
    const help = didYouMean(suggestionList(code, allDiagnosticCodes()));
    report(makeDiagnostic("invalid-annotation", codeArg.span, `Unknown diagnostic code "${code}".`, help ? { help } : {}));
    return undefined;
  }
  if (UNSUPPRESSIBLE.has(code)) {
    report(makeDiagnostic("invalid-annotation", codeArg.span, `Diagnostic "${code}" cannot be silenced.`, {
      help: "Fix the problem instead.",
    }));
    return undefined;
  }
  if (reasonArg.value.trim() === "") {
    report(makeDiagnostic("invalid-annotation", reasonArg.span, "The reason of an @allow must not be empty.", {
      help: "Say why the diagnostic does not apply here; it is shown by `infer check --format json`.",
    }));
    return undefined;
  }
  return { code, reason: reasonArg.value, annotation: a, target };
}

/** Marks each diagnostic covered by a matching `@allow` as suppressed (a new object; inputs are not mutated). */
export function applySuppressions(diagnostics: readonly Diagnostic[], allows: readonly AllowDirective[]): Diagnostic[] {
  if (allows.length === 0) return [...diagnostics];
  return diagnostics.map((d) => {
    if (d.suppressed) return d;
    const allow = allows.find(
      (a) => a.code === d.code && a.target.span.file === d.span.file
        && d.span.start >= a.target.span.start && d.span.end <= a.target.span.end,
    );
    return allow ? { ...d, suppressed: { reason: allow.reason, span: allow.annotation.span } } : d;
  });
}
