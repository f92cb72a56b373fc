/**
 * What the runtime exchanges with a model through each contract port: the element type and
 * rank of the tensor (batch first). The binding rules compare ONNX files against this table.
 * "latent" ranks are 1 + the rank of the state the procedures pass (x and out of continuous
 * contracts); when no procedure uses the model, any rank ≥ 2 is accepted.
 */
import type { ContractKind } from "../semantics/contracts.js";

export interface PortType {
  readonly dtype: "float32" | "int64";
  readonly rank: number | "latent";
  /** What the dims are, for messages: "[batch, sequence]". */
  readonly layout: string;
}

const TOKENS: PortType = { dtype: "int64", rank: 2, layout: "[batch, sequence]" };
const TIME: PortType = { dtype: "float32", rank: 1, layout: "[batch]" };
const LATENT: PortType = { dtype: "float32", rank: "latent", layout: "[batch, ...latent dims]" };

export const PORT_TYPES: Readonly<Record<ContractKind, Readonly<Record<string, PortType>>>> = {
  next_token: { tokens: TOKENS, attention_mask: { ...TOKENS, layout: "[batch, total sequence]" }, position_ids: TOKENS, logits: { dtype: "float32", rank: 3, layout: "[batch, sequence, vocab]" } },
  heads: { tokens: TOKENS, logits: { dtype: "float32", rank: 4, layout: "[batch, sequence, k, vocab]" } },
  unmask: { tokens: TOKENS, logits: { dtype: "float32", rank: 3, layout: "[batch, sequence, vocab]" } },
  denoiser: { x: LATENT, t: TIME, cond: { dtype: "int64", rank: 1, layout: "[batch]" }, out: LATENT },
  flowmap: { x: LATENT, t: TIME, s: TIME, out: LATENT },
  consistency: { x: LATENT, t: TIME, out: LATENT },
};

/** Cache tensors are float32 key/value blocks. */
export const CACHE_DTYPE = "float32";

/** A `%d` cache pattern as a regular expression over ONNX names. */
export function cachePattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("%d", "\\d+")}$`);
}
