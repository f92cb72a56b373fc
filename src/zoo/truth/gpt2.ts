/**
 * Independent double-precision reference forward pass of tiny_gpt2 (plain loops, no ONNX):
 * full-sequence causal attention over [past ‖ new] positions with attention_mask, LayerNorm,
 * gelu_new MLP, tied LM head. Used to check the ONNX model and its KV-cache behaviour.
 */
import { GPT2_CAUSAL_MASK_VALUE, GPT2_CONFIG, GPT2_MASK_VALUE, type Gpt2Weights } from "../models/tiny_gpt2.js";

export interface Gpt2RefInput {
  /** Token ids of the new positions, one sequence. */
  ids: readonly number[];
  positionIds: readonly number[];
  /** Mask over all P + S positions (1 = attend). */
  attentionMask: readonly number[];
  /** Per layer: keys/values of the P past positions, [head][pos][dim]. */
  past?: { key: number[][][]; value: number[][][] }[];
}

export interface Gpt2RefOutput {
  logits: number[][]; // [S][V]
  present: { key: number[][][]; value: number[][][] }[]; // per layer [head][P+S][dim]
}

function layerNorm(x: readonly number[], g: readonly number[], b: readonly number[], eps: number): number[] {
  const n = x.length;
  const mean = x.reduce((a, v) => a + v, 0) / n;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  const inv = 1 / Math.sqrt(variance + eps);
  return x.map((v, i) => (v - mean) * inv * g[i]! + b[i]!);
}

function linear(x: readonly number[], W: readonly number[], b: readonly number[], nout: number): number[] {
  const out = [...b];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const row = i * nout;
    for (let j = 0; j < nout; j++) out[j]! += xi * W[row + j]!;
  }
  return out;
}

const geluNew = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

export function gpt2Reference(w: Gpt2Weights, inp: Gpt2RefInput): Gpt2RefOutput {
  const c = GPT2_CONFIG;
  const E = c.n_embd;
  const H = c.n_head;
  const Dh = c.head_dim;
  const S = inp.ids.length;
  const P = inp.past ? inp.past[0]!.key[0]!.length : 0;
  const T = P + S;
  if (inp.attentionMask.length !== T) throw new Error("attention_mask length must be P + S");
  let h = inp.ids.map((id, i) => Array.from({ length: E }, (_, e) => w.wte[id * E + e]! + w.wpe[inp.positionIds[i]! * E + e]!));
  const present: Gpt2RefOutput["present"] = [];
  for (let l = 0; l < c.n_layer; l++) {
    const L = w.layers[l]!;
    const qkv = h.map((x) => linear(layerNorm(x, L.ln1_g, L.ln1_b, c.layer_norm_epsilon), L.attn_w, L.attn_b, 3 * E));
    const key: number[][][] = [];
    const value: number[][][] = [];
    for (let hd = 0; hd < H; hd++) {
      key.push([...(inp.past ? inp.past[l]!.key[hd]!.map((r) => [...r]) : []), ...qkv.map((r) => r.slice(E + hd * Dh, E + (hd + 1) * Dh))]);
      value.push([...(inp.past ? inp.past[l]!.value[hd]!.map((r) => [...r]) : []), ...qkv.map((r) => r.slice(2 * E + hd * Dh, 2 * E + (hd + 1) * Dh))]);
    }
    present.push({ key, value });
    const att = h.map(() => new Array<number>(E).fill(0));
    for (let hd = 0; hd < H; hd++) {
      for (let i = 0; i < S; i++) {
        const q = qkv[i]!.slice(hd * Dh, (hd + 1) * Dh);
        const scores: number[] = [];
        for (let j = 0; j < T; j++) {
          let s = 0;
          for (let d = 0; d < Dh; d++) s += q[d]! * key[hd]![j]![d]!;
          if (j > P + i) scores.push(GPT2_CAUSAL_MASK_VALUE);
          else scores.push(inp.attentionMask[j] === 1 ? s / Math.sqrt(Dh) : GPT2_MASK_VALUE);
        }
        const m = Math.max(...scores);
        const ex = scores.map((s) => Math.exp(s - m));
        const z = ex.reduce((a, b) => a + b, 0);
        for (let j = 0; j < T; j++) {
          const p = ex[j]! / z;
          for (let d = 0; d < Dh; d++) att[i]![hd * Dh + d]! += p * value[hd]![j]![d]!;
        }
      }
    }
    h = h.map((x, i) => {
      const a = linear(att[i]!, L.proj_w, L.proj_b, E);
      const x1 = x.map((v, e) => v + a[e]!);
      const f = linear(layerNorm(x1, L.ln2_g, L.ln2_b, c.layer_norm_epsilon), L.fc_w, L.fc_b, c.n_inner).map(geluNew);
      const mo = linear(f, L.fcproj_w, L.fcproj_b, E);
      return x1.map((v, e) => v + mo[e]!);
    });
  }
  const logits = h.map((x) => {
    const hf = layerNorm(x, w.lnf_g, w.lnf_b, c.layer_norm_epsilon);
    return Array.from({ length: c.vocab_size }, (_, v) => {
      let s = 0;
      for (let e = 0; e < E; e++) s += hf[e]! * w.wte[v * E + e]!;
      return s;
    });
  });
  return { logits, present };
}
