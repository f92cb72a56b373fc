/**
 * Model declarations against the contract table (language.md §5): the contract exists
 * (`unknown-contract`), its arguments are known, single, well-typed and in range
 * (`invalid-contract-argument`), required ones are present (`missing-contract-argument`), every
 * binding names a port of the contract in the right direction (`unknown-port`), once
 * (`duplicate-binding`), and every required port is bound (`missing-binding`).
 */
import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean, suggestionList } from "../diagnostics/suggest.js";
import type * as A from "../syntax/ast.js";
import { CONTRACT_KINDS, Contracts, isContractKind, type ContractArgSpec, type ContractSpec } from "./contracts.js";
import type { ModuleInfo } from "./modules.js";

/** A compile-time value of a contract argument: numbers, identifiers and strings (as strings), lists. */
export type ConstValue = number | string | boolean | readonly ConstValue[];

/** A checked model declaration. */
export interface ModelInfo {
  readonly decl: A.ModelDecl;
  readonly module: ModuleInfo;
  /** Undefined when the contract is unknown. */
  readonly contract?: ContractSpec;
  /** Contract arguments that evaluated to constants, by name (first occurrence). */
  readonly args: ReadonlyMap<string, ConstValue>;
  /** Port bindings by port name (first occurrence). */
  readonly inputs: ReadonlyMap<string, A.PortBinding>;
  readonly outputs: ReadonlyMap<string, A.PortBinding>;
  readonly caches: readonly A.CacheBinding[];
}

/** Evaluates a literal-only expression: numbers (with unary minus), strings, identifiers, lists. */
export function constValue(e: A.Expression): ConstValue | undefined {
  switch (e.kind) {
    case "NumberLiteral":
    case "StringLiteral":
    case "BoolLiteral":
      return e.value;
    case "NameExpr":
      return e.text;
    case "ListLiteral": {
      const items = e.elements.map(constValue);
      return items.every((v) => v !== undefined) ? (items as ConstValue[]) : undefined;
    }
    case "UnaryExpr": {
      const v = constValue(e.operand);
      return e.operator === "-" && typeof v === "number" ? -v : undefined;
    }
    default:
      return undefined;
  }
}

/** Checks one model declaration and returns what it binds. */
export function checkModel(decl: A.ModelDecl, module: ModuleInfo, report: (d: Diagnostic) => void): ModelInfo {
  const args = new Map<string, ConstValue>();
  const inputs = new Map<string, A.PortBinding>();
  const outputs = new Map<string, A.PortBinding>();
  const caches: A.CacheBinding[] = [];
  const name = decl.name.name;

  if (decl.backend.name !== "onnx") {
    report(makeDiagnostic("unknown-backend", decl.backend.span, `Unknown model backend "${decl.backend.name}".`, {
      help: 'Bind the model to an ONNX file: `= onnx("path/to/model.onnx")`.',
    }));
  }

  const kind = decl.contract.name;
  const contract = isContractKind(kind) ? Contracts[kind] : undefined;
  if (!contract) {
    const help = didYouMean(suggestionList(kind, CONTRACT_KINDS)) ?? `The contracts are ${CONTRACT_KINDS.join(", ")}.`;
    report(makeDiagnostic("unknown-contract", decl.contract.span, `Unknown contract "${kind}".`, { help }));
  }

  // Arguments.
  const seenArgs = new Map<string, A.NamedArg>();
  for (const arg of decl.contractArgs) {
    const argName = arg.name.name;
    const first = seenArgs.get(argName);
    if (first) {
      report(makeDiagnostic("invalid-contract-argument", arg.name.span, `Contract argument "${argName}" is given twice.`, {
        help: "Remove one of the two.",
        related: [{ span: first.name.span, message: `"${argName}" is first given here.` }],
      }));
      continue;
    }
    seenArgs.set(argName, arg);
    const value = constValue(arg.value);
    if (value !== undefined) args.set(argName, value);
    if (!contract) continue;
    const spec = contract.args.find((a) => a.name === argName);
    if (!spec) {
      const help = didYouMean(suggestionList(argName, contract.args.map((a) => a.name)))
        ?? `Contract "${kind}" takes ${contract.args.map((a) => `"${a.name}"`).join(", ")}.`;
      report(makeDiagnostic("invalid-contract-argument", arg.name.span, `Contract "${kind}" has no argument "${argName}".`, { help }));
      continue;
    }
    const problem = argProblem(spec, value);
    if (problem) {
      report(makeDiagnostic("invalid-contract-argument", arg.value.span, `Argument "${argName}" of contract "${kind}" ${problem}.`, {
        help: spec.doc,
      }));
    }
  }
  if (contract) {
    for (const spec of contract.args) {
      if (spec.required && !seenArgs.has(spec.name)) {
        report(makeDiagnostic("missing-contract-argument", decl.contract.span,
          `Contract "${kind}" of model "${name}" requires the argument "${spec.name}".`,
          { help: `Add \`${spec.name}: ${exampleValue(spec)}\`: ${lowerFirst(spec.doc)}` }));
      }
    }
    checkRanges(contract, args, seenArgs, report);
  }

  // Bindings.
  for (const b of decl.bindings) {
    if (b.kind === "CacheBinding") {
      checkCache(b, contract, caches, report);
      continue;
    }
    const map = b.direction === "in" ? inputs : outputs;
    const port = b.port.name;
    const first = map.get(port);
    if (first) {
      report(makeDiagnostic("duplicate-binding", b.port.span, `Port "${port}" of model "${name}" is bound twice.`, {
        help: "Remove one of the two bindings.",
        related: [{ span: first.port.span, message: `"${port}" is first bound here.` }],
      }));
      continue;
    }
    map.set(port, b);
    if (!contract) continue;
    const spec = contract.ports.find((p) => p.name === port && p.direction === b.direction);
    if (spec) continue;
    const other = contract.ports.find((p) => p.name === port);
    const dir = b.direction === "in" ? "input" : "output";
    if (other) {
      const arrow = other.direction === "in" ? "<-" : "->";
      report(makeDiagnostic("unknown-port", b.port.span, `Port "${port}" of contract "${kind}" is an ${other.direction === "in" ? "input" : "output"}, not an ${dir}.`, {
        help: `Write \`${port} ${arrow} "${b.onnxName.value}"\`.`,
      }));
    } else {
      const sameDir = contract.ports.filter((p) => p.direction === b.direction).map((p) => p.name);
      const help = didYouMean(suggestionList(port, sameDir)) ?? `The ${dir} ports of "${kind}" are ${sameDir.map((p) => `"${p}"`).join(", ")}.`;
      report(makeDiagnostic("unknown-port", b.port.span, `Contract "${kind}" has no ${dir} port "${port}".`, { help }));
    }
  }
  if (contract) {
    for (const p of contract.ports) {
      const bound = (p.direction === "in" ? inputs : outputs).has(p.name);
      if (p.required && !bound) {
        const arrow = p.direction === "in" ? "<-" : "->";
        report(makeDiagnostic("missing-binding", decl.name.span,
          `Model "${name}" does not bind the ${p.direction === "in" ? "input" : "output"} port "${p.name}" of contract "${kind}".`,
          { help: `Add \`${p.name} ${arrow} "<onnx ${p.direction === "in" ? "input" : "output"} name>"\` to its bindings.` }));
      }
    }
    if (seenArgs.has("null_cond") && contract.ports.some((p) => p.name === "cond") && !inputs.has("cond")) {
      report(makeDiagnostic("missing-binding", seenArgs.get("null_cond")!.name.span,
        `Model "${name}" declares "null_cond" but binds no "cond" input.`,
        { help: 'Bind the condition input: `cond <- "<onnx input name>"`.' }));
    }
  }
  return { decl, module, ...(contract ? { contract } : {}), args, inputs, outputs, caches };
}

function checkCache(b: A.CacheBinding, contract: ContractSpec | undefined, caches: A.CacheBinding[], report: (d: Diagnostic) => void): void {
  if (contract && !contract.cache) {
    report(makeDiagnostic("unknown-port", b.span, `Contract "${contract.name}" has no cache.`, {
      help: "Only next_token models take `cache` bindings; remove this line.",
    }));
    return;
  }
  const first = caches.find((c) => c.input.value === b.input.value || c.output.value === b.output.value);
  if (first) {
    report(makeDiagnostic("duplicate-binding", b.span, "This cache pattern is bound twice.", {
      help: "Remove one of the two lines; keys and values each need one line.",
      related: [{ span: first.span, message: "First bound here." }],
    }));
    return;
  }
  caches.push(b);
}

function argProblem(spec: ContractArgSpec, value: ConstValue | undefined): string | undefined {
  switch (spec.kind) {
    case "int":
    case "number": {
      if (typeof value !== "number") return `must be a ${spec.kind === "int" ? "whole number" : "number"}`;
      if (spec.kind === "int" && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
      if (spec.constraint === "positive" && value <= 0) return `must be positive, got ${value}`;
      if (spec.constraint === "nonNegative" && value < 0) return `must not be negative, got ${value}`;
      return undefined;
    }
    case "enum": {
      const values = spec.values ?? [];
      const text = typeof value === "number" || typeof value === "string" ? String(value) : undefined;
      if (text !== undefined && values.includes(text)) return undefined;
      const shown = text === undefined ? "this value" : `"${text}"`;
      return `must be one of ${values.join(", ")}; got ${shown}`;
    }
    case "range": {
      if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number")) {
        return "must be a list of two numbers [lo, hi]";
      }
      const [lo, hi] = value as number[];
      if (!(lo! < hi!)) return `must have lo < hi, got [${lo}, ${hi}]`;
      return undefined;
    }
    case "scalar":
      return typeof value === "number" || typeof value === "string" ? undefined : "must be a number or a string";
  }
}

/** Token ids (bos, eos, mask) must lie inside the vocabulary. */
function checkRanges(contract: ContractSpec, args: Map<string, ConstValue>, given: Map<string, A.NamedArg>, report: (d: Diagnostic) => void): void {
  const vocab = args.get("vocab");
  if (typeof vocab !== "number") return;
  for (const id of ["bos", "eos", "mask"]) {
    const v = args.get(id);
    if (typeof v !== "number" || !contract.args.some((a) => a.name === id)) continue;
    if (Number.isInteger(v) && v >= 0 && v >= vocab) {
      report(makeDiagnostic("invalid-contract-argument", given.get(id)!.value.span,
        `Argument "${id}" of contract "${contract.name}" is ${v}, outside the vocabulary [0, ${vocab}).`,
        { help: `Use an id below ${vocab}, or correct "vocab".` }));
    }
  }
}

function exampleValue(spec: ContractArgSpec): string {
  if (spec.kind === "enum") return (spec.values ?? [])[0] ?? "...";
  if (spec.kind === "range") return "[lo, hi]";
  return "N";
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
