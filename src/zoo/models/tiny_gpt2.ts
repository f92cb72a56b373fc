/**
 * tiny_gpt2: a GPT-2-shaped causal decoder with fixed-seed weights and the standard decoder
 * input/output names (input_ids, attention_mask, position_ids, past_key_values.{i}.key/value →
 * logits, present.{i}.key/value). Character-level tokenizer. Weights are generated here from a
 * seeded PRNG and rounded to float32, so the ONNX file and the TypeScript reference
 * (src/zoo/truth/gpt2.ts) use bit-identical parameters.
 */
import { Graph, attrF, attrI, serializeModel, type Value } from "../onnx/builder.js";
import { Rng } from "../truth/rng.js";

export const GPT2_CONFIG = {
  model_type: "gpt2",
  architectures: ["GPT2LMHeadModel"],
  n_layer: 2,
  n_head: 2,
  n_embd: 64,
  n_inner: 256,
  head_dim: 32,
  n_positions: 512,
  vocab_size: 76,
  bos_token_id: 0,
  eos_token_id: 0,
  layer_norm_epsilon: 1e-5,
  activation_function: "gelu_new",
  tie_word_embeddings: true,
  weight_seed: 20240601,
} as const;

/** Character vocabulary: id 0 is "<|endoftext|>" (BOS = EOS); ids 1..75 are these characters in order. */
export const GPT2_CHARS: readonly string[] = [
  ..." \n!\"'(),-.:;?",
  ..."0123456789",
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  ..."abcdefghijklmnopqrstuvwxyz",
];
export const GPT2_SPECIAL = "<|endoftext|>";

/** Encodes text to ids (throws on characters outside the vocabulary). */
export function gpt2Encode(text: string): number[] {
  return [...text].map((ch) => {
    const i = GPT2_CHARS.indexOf(ch);
    if (i < 0) throw new Error(`tiny_gpt2 tokenizer: character ${JSON.stringify(ch)} is not in the vocabulary`);
    return i + 1;
  });
}

/** Decodes ids to text (id 0 becomes "<|endoftext|>"). */
export function gpt2Decode(ids: readonly number[]): string {
  return ids.map((i) => (i === 0 ? GPT2_SPECIAL : GPT2_CHARS[i - 1]!)).join("");
}

export interface Gpt2Layer {
  ln1_g: number[]; ln1_b: number[];
  attn_w: number[]; attn_b: number[]; // [E, 3E] row-major, [3E]
  proj_w: number[]; proj_b: number[]; // [E, E], [E]
  ln2_g: number[]; ln2_b: number[];
  fc_w: number[]; fc_b: number[]; // [E, I], [I]
  fcproj_w: number[]; fcproj_b: number[]; // [I, E], [E]
}

export interface Gpt2Weights {
  wte: number[]; // [V, E]
  wpe: number[]; // [n_positions, E]
  layers: Gpt2Layer[];
  lnf_g: number[];
  lnf_b: number[];
}

/** Deterministic weights (float32-rounded). Scales chosen so logits have std ≈ 2.4 (non-flat sampling). */
export function tinyGpt2Weights(): Gpt2Weights {
  const c = GPT2_CONFIG;
  const rng = new Rng(c.weight_seed);
  const E = c.n_embd;
  const I = c.n_inner;
  const normal = (n: number, std: number, mean = 0) => Array.from({ length: n }, () => Math.fround(mean + std * rng.normal()));
  const wte = normal(c.vocab_size * E, 0.3);
  const wpe = normal(c.n_positions * E, 0.2);
  const layers: Gpt2Layer[] = [];
  for (let l = 0; l < c.n_layer; l++) {
    layers.push({
      ln1_g: normal(E, 0.1, 1), ln1_b: normal(E, 0.05),
      attn_w: normal(E * 3 * E, 0.15), attn_b: normal(3 * E, 0.02),
      proj_w: normal(E * E, 0.1), proj_b: normal(E, 0.02),
      ln2_g: normal(E, 0.1, 1), ln2_b: normal(E, 0.05),
      fc_w: normal(E * I, 0.15), fc_b: normal(I, 0.02),
      fcproj_w: normal(I * E, 0.1), fcproj_b: normal(E, 0.02),
    });
  }
  return { wte, wpe, layers, lnf_g: normal(E, 0.1, 1), lnf_b: normal(E, 0.05) };
}

/**
 * Scores of keys with attention_mask = 0 are replaced by −1e9 and of future keys (j > q) by −1e30
 * before the softmax. A query whose allowed keys are all padding thus attends uniformly to keys
 * ≤ q (never to the future), so padded positions also agree between cached and full runs.
 */
export const GPT2_MASK_VALUE = -1e9;
export const GPT2_CAUSAL_MASK_VALUE = -1e30;

export function buildTinyGpt2(): Uint8Array {
  const c = GPT2_CONFIG;
  const E = c.n_embd;
  const H = c.n_head;
  const Dh = c.head_dim;
  const w = tinyGpt2Weights();
  const g = new Graph("tiny_gpt2");
  const ids = g.input("input_ids", "int64", ["batch", "sequence"]);
  const am = g.input("attention_mask", "int64", ["batch", "total_sequence"]);
  const pos = g.input("position_ids", "int64", ["batch", "sequence"]);
  const past: [Value, Value][] = [];
  for (let l = 0; l < c.n_layer; l++) {
    past.push([
      g.input(`past_key_values.${l}.key`, "float32", ["batch", H, "past_sequence", Dh]),
      g.input(`past_key_values.${l}.value`, "float32", ["batch", H, "past_sequence", Dh]),
    ]);
  }
  const wte = g.initializer("transformer.wte.weight", "float32", [c.vocab_size, E], w.wte);
  const wpe = g.initializer("transformer.wpe.weight", "float32", [c.n_positions, E], w.wpe);
  let h = g.add(g.gather(wte, ids, 0), g.gather(wpe, pos, 0)); // [B,S,E]

  // mask: key j allowed for query at absolute position q = P + i iff j ≤ q and attention_mask[b, j] = 1
  const Pn = g.slice(g.shape(past[0]![0]), [2], [3], [0]);
  const Sn = g.slice(g.shape(ids), [1], [2], [0]);
  const Tn = g.add(Pn, Sn);
  const scalar = (v: Value) => g.squeeze(v, [0]);
  const kpos = g.op("Range", [g.constI(0), scalar(Tn), g.constI(1)]); // [T]
  const qpos = g.op("Range", [scalar(Pn), scalar(Tn), g.constI(1)]); // [S]
  const causal = g.op("LessOrEqual", [g.unsqueeze(kpos, [0]), g.unsqueeze(qpos, [1])]); // [S,T]
  const amb = g.unsqueeze(g.cast(am, "bool"), [1, 2]); // [B,1,1,T]
  const maskValue = g.constF(GPT2_MASK_VALUE);
  const causalValue = g.constF(GPT2_CAUSAL_MASK_VALUE);
  const scale = g.constF(1 / Math.sqrt(Dh));

  const ln = (x: Value, gam: number[], bet: number[], name: string) =>
    g.op("LayerNormalization", [x, g.initializer(`${name}.weight`, "float32", [E], gam), g.initializer(`${name}.bias`, "float32", [E], bet)], {
      axis: attrI(-1),
      epsilon: attrF(c.layer_norm_epsilon),
    });
  const linear = (x: Value, W: number[], b: number[], nin: number, nout: number, name: string) =>
    g.add(g.matmul(x, g.initializer(`${name}.weight`, "float32", [nin, nout], W)), g.initializer(`${name}.bias`, "float32", [nout], b));

  for (let l = 0; l < c.n_layer; l++) {
    const L = w.layers[l]!;
    const pre = `transformer.h.${l}`;
    const a = ln(h, L.ln1_g, L.ln1_b, `${pre}.ln_1`);
    const qkv = linear(a, L.attn_w, L.attn_b, E, 3 * E, `${pre}.attn.c_attn`);
    const [q, k, v] = g.node("Split", [qkv, g.constI([E, E, E])], { axis: attrI(2) }, 3) as [Value, Value, Value];
    const heads = (x: Value) => g.transpose(g.reshape(x, [0, 0, H, Dh]), [0, 2, 1, 3]); // [B,H,S,Dh]
    const presK = g.concat([past[l]![0], heads(k)], 2);
    const presV = g.concat([past[l]![1], heads(v)], 2);
    g.output(presK, `present.${l}.key`, "float32", ["batch", H, "total_sequence", Dh]);
    g.output(presV, `present.${l}.value`, "float32", ["batch", H, "total_sequence", Dh]);
    const scores = g.mul(g.matmul(heads(q), g.transpose(presK, [0, 1, 3, 2])), scale); // [B,H,S,T]
    const probs = g.softmax(g.where(causal, g.where(amb, scores, maskValue), causalValue), -1);
    const att = g.reshape(g.transpose(g.matmul(probs, presV), [0, 2, 1, 3]), [0, 0, E]);
    h = g.add(h, linear(att, L.proj_w, L.proj_b, E, E, `${pre}.attn.c_proj`));
    const m = ln(h, L.ln2_g, L.ln2_b, `${pre}.ln_2`);
    const f = linear(m, L.fc_w, L.fc_b, E, c.n_inner, `${pre}.mlp.c_fc`);
    // gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const inner = g.mul(g.constF(Math.sqrt(2 / Math.PI)), g.add(f, g.mul(g.constF(0.044715), g.mul(f, g.mul(f, f)))));
    const gelu = g.mul(g.mul(g.constF(0.5), f), g.add(g.constF(1), g.op("Tanh", [inner])));
    h = g.add(h, linear(gelu, L.fcproj_w, L.fcproj_b, c.n_inner, E, `${pre}.mlp.c_proj`));
  }
  const hf = ln(h, w.lnf_g, w.lnf_b, "transformer.ln_f");
  const logits = g.matmul(hf, g.transpose(wte, [1, 0])); // tied LM head
  g.output(logits, "logits", "float32", ["batch", "sequence", c.vocab_size]);
  return serializeModel(g, {
    docString: "tiny_gpt2: GPT-2-shaped causal decoder (2 layers, 2 heads, n_embd 64, char vocab 76) with fixed-seed weights and KV cache I/O.",
    metadata: { family: "gpt2", n_layer: String(c.n_layer), n_head: String(c.n_head), head_dim: String(Dh) },
  });
}

const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o, null, 2) + "\n");

export function tinyGpt2Tokenizer(): object {
  const vocab: Record<string, number> = { [GPT2_SPECIAL]: 0 };
  GPT2_CHARS.forEach((ch, i) => (vocab[ch] = i + 1));
  return {
    type: "char",
    description:
      "Character-level tokenizer: each character of the text maps to one id via `vocab`; id 0 is <|endoftext|> (BOS and EOS). Characters outside `vocab` are an error (no unknown token). Decoding concatenates the strings.",
    bos_token: GPT2_SPECIAL,
    eos_token: GPT2_SPECIAL,
    unk_token: null,
    vocab_size: GPT2_CONFIG.vocab_size,
    vocab,
  };
}

export function buildTinyGpt2Files(): Record<string, () => Uint8Array> {
  return {
    "tiny_gpt2/model.onnx": buildTinyGpt2,
    "tiny_gpt2/config.json": () => json(GPT2_CONFIG),
    "tiny_gpt2/tokenizer.json": () => json(tinyGpt2Tokenizer()),
  };
}
