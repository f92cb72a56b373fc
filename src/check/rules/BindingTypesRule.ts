/**
 * Bound inputs and outputs have a compatible element type and rank (DESIGN.md §3 "Binding and
 * shape checks").
 *
 * The runtime feeds token ids as int64 [batch, sequence], times as float32 [batch], conditions
 * as int64 [batch], states as float32 [batch, ...latent dims], and reads logits as float32
 * [batch, sequence, vocab] ([batch, sequence, k, vocab] for heads); cache tensors are float32.
 * A bound name whose declared type differs cannot work (binding-dtype); one whose rank differs,
 * or whose static dims contradict the contract (vocab, k, the latent dims), neither (binding-rank).
 */
import type { OnnxValueInfo } from "../onnxSignature.js";
import type { ModelContext } from "../modelContext.js";
import { CACHE_DTYPE, cachePattern, PORT_TYPES, type PortType } from "../portTypes.js";
import type { ModelRule } from "../rule.js";
import type { Span } from "../../diagnostics/diagnostic.js";
import type { ContractKind } from "../../semantics/contracts.js";

function shapeText(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (d === "" ? "?" : d)).join(", ")}]`;
}

/** The static dims the contract fixes, by position (undefined = free). */
function expectedDims(ctx: ModelContext, port: string, pt: PortType): (number | undefined)[] | undefined {
  const a = ctx.model.args;
  const num = (k: string): number | undefined => (typeof a.get(k) === "number" ? (a.get(k) as number) : undefined);
  if (port === "logits") return pt.rank === 4 ? [undefined, undefined, num("k"), num("vocab")] : [undefined, undefined, num("vocab")];
  if (pt.rank === "latent" && ctx.latentShapes.length === 1) return [undefined, ...ctx.latentShapes[0]!];
  return undefined;
}

function checkOne(ctx: ModelContext, port: string, pt: PortType, info: OnnxValueInfo, span: Span, dir: "input" | "output"): void {
  const where = `${dir === "input" ? "Input" : "Output"} "${info.name}" of ${ctx.displayPath} (port "${port}" of model "${ctx.name}")`;
  if (info.dtype !== pt.dtype) {
    ctx.report({
      code: "binding-dtype",
      message: `${where} has element type ${info.dtype}, but the port exchanges ${pt.dtype} ${pt.layout}.`,
      help: `Export the model with ${pt.dtype === "int64" ? "an" : "a"} ${pt.dtype} ${dir} for "${port}", or bind "${port}" to another ${dir}.`,
      span, data: { port, expected: pt.dtype, found: info.dtype },
    });
    return;
  }
  if (!info.shape) return;
  const latentRanks = [...new Set(ctx.latentShapes.map((s) => s.length + 1))];
  const rankOk = pt.rank === "latent" ? (latentRanks.length === 1 ? info.shape.length === latentRanks[0] : info.shape.length >= 2) : info.shape.length === pt.rank;
  const expected = pt.rank === "latent" ? (latentRanks.length === 1 ? `rank ${latentRanks[0]} ${pt.layout}` : `rank ≥ 2 ${pt.layout}`) : `rank ${pt.rank} ${pt.layout}`;
  if (!rankOk) {
    ctx.report({
      code: "binding-rank",
      message: `${where} has shape ${shapeText(info.shape)}, but the port needs ${expected}.`,
      help: `Export the model with ${pt.layout} for "${port}", or bind "${port}" to another ${dir}.`,
      span, data: { port, expected: pt.rank, found: info.shape.length },
    });
    return;
  }
  const dims = expectedDims(ctx, port, pt);
  const bad = dims?.findIndex((d, i) => d !== undefined && typeof info.shape![i] === "number" && info.shape![i] !== d) ?? -1;
  if (dims && bad >= 0) {
    ctx.report({
      code: "binding-rank",
      message: `${where} has shape ${shapeText(info.shape)}, but dimension ${bad} must be ${dims[bad]} for this model.`,
      help: `Make the declaration match the file (vocab, k, the latent dims), or bind a file exported for them.`,
      span, data: { port, dimension: bad, expected: dims[bad], found: info.shape[bad] },
    });
  }
}

export const BindingTypesRule: ModelRule = {
  kind: "model",
  name: "BindingTypesRule",
  codes: ["binding-dtype", "binding-rank"],
  check(ctx: ModelContext) {
    if (!ctx.signature.ok) return;
    const { inputs, outputs } = ctx.signature.signature;
    const table = PORT_TYPES[ctx.model.decl.contract.name as ContractKind];
    if (!table) return;
    for (const [dir, bindings, list] of [["input", ctx.model.inputs, inputs], ["output", ctx.model.outputs, outputs]] as const) {
      for (const [port, b] of bindings) {
        const pt = table[port];
        const info = list.find((x) => x.name === b.onnxName.value);
        if (pt && info) checkOne(ctx, port, pt, info, b.onnxName.span, dir);
      }
    }
    for (const c of ctx.model.caches) {
      for (const [literal, list] of [[c.input, inputs], [c.output, outputs]] as const) {
        const bad = list.find((x) => cachePattern(literal.value).test(x.name) && x.dtype !== CACHE_DTYPE);
        if (!bad) continue;
        ctx.report({
          code: "binding-dtype",
          message: `Cache tensor "${bad.name}" of ${ctx.displayPath} has element type ${bad.dtype}, but caches are exchanged as ${CACHE_DTYPE}.`,
          help: `Export the model's past/present key-value tensors as ${CACHE_DTYPE}.`,
          span: literal.span, data: { expected: CACHE_DTYPE, found: bad.dtype },
        });
      }
    }
  },
};
