/**
 * What a model rule sees: one checked model declaration (its AST and bindings, from semantic
 * analysis), the model as lowering resolves it (absolute path, port map), the signature read
 * from its ONNX file, and how the checked procedures call it (latent shapes, ports fed).
 */
import { displayPath } from "../diagnostics/json.js";
import type { Span } from "../diagnostics/diagnostic.js";
import type { ModelRef } from "../ir/ir.js";
import type { ModelInfo } from "../semantics/models.js";
import { findingOf, type Finding } from "./context.js";
import type { SignatureResult } from "./onnxSignature.js";
import type { Report } from "./rule.js";

/** One call of a continuous model in a checked procedure: the ports it feeds, from which move. */
export interface ModelCall {
  readonly ports: readonly string[];
  readonly step?: string;
  readonly span?: Span;
}

/** How the checked procedures use a model. */
export interface ModelUse {
  /** Per-sample shapes of the states passed as `x`. */
  readonly latentShapes: readonly (readonly number[])[];
  readonly calls: readonly ModelCall[];
}

export class ModelContext {
  constructor(
    readonly model: ModelInfo,
    readonly ref: ModelRef,
    readonly signature: SignatureResult,
    readonly use: ModelUse,
    private readonly cwd: string,
    private readonly sink: (f: Finding) => void,
  ) {}

  /** Per-sample shapes of the states the procedures pass as `x` (continuous contracts). */
  get latentShapes(): readonly (readonly number[])[] {
    return this.use.latentShapes;
  }

  /** The model's name as declared. */
  get name(): string {
    return this.model.decl.name.name;
  }

  /** The ONNX file's path for messages: relative to the working directory. */
  get displayPath(): string {
    return displayPath(this.ref.path, this.cwd);
  }

  report(r: Report): void {
    this.sink(findingOf(r));
  }
}
