/**
 * tiny_gpt2: ONNX model vs the independent double-precision reference (src/zoo/truth/gpt2.ts) on
 * random inputs with and without past/attention masks; KV-cache decoding equals full recomputation.
 * Tolerance: |model − reference| ≤ 1e-5·max(1, |reference|).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GPT2_CONFIG, gpt2Decode, gpt2Encode, tinyGpt2Weights } from "../../src/zoo/models/tiny_gpt2.js";
import { entropy, softmax } from "../../src/zoo/truth/discrete.js";
import { gpt2Reference } from "../../src/zoo/truth/gpt2.js";
import { Rng } from "../../src/zoo/truth/rng.js";
import { MODELS_DIR, f32, i64, maxScaledError, run } from "./ort_helpers.js";

const MODEL = "tiny_gpt2/model.onnx";
const { n_layer: NL, n_head: H, head_dim: Dh, vocab_size: V } = GPT2_CONFIG;
const TOL = 1e-5;
const W = tinyGpt2Weights();

type Feeds = Parameters<typeof run>[1];

function emptyPast(B: number): Feeds {
  const f: Feeds = {};
  for (let l = 0; l < NL; l++) {
    f[`past_key_values.${l}.key`] = f32([], [B, H, 0, Dh]);
    f[`past_key_values.${l}.value`] = f32([], [B, H, 0, Dh]);
  }
  return f;
}

/** Slices row b of a [B, ...rest] tensor into nested arrays [H][T][Dh]. */
function kvRow(data: Float32Array, b: number, T: number): number[][][] {
  const per = H * T * Dh;
  return Array.from({ length: H }, (_, h) =>
    Array.from({ length: T }, (_, t) => Array.from(data.slice(b * per + (h * T + t) * Dh, b * per + (h * T + t + 1) * Dh))),
  );
}

describe("tiny_gpt2 files", () => {
  it("config.json and tokenizer.json agree with the model definition", () => {
    const cfg = JSON.parse(readFileSync(join(MODELS_DIR, "tiny_gpt2/config.json"), "utf8"));
    expect(cfg).toMatchObject({ n_layer: 2, n_head: 2, n_embd: 64, vocab_size: V, n_positions: 512, bos_token_id: 0, eos_token_id: 0 });
    const tok = JSON.parse(readFileSync(join(MODELS_DIR, "tiny_gpt2/tokenizer.json"), "utf8"));
    expect(Object.keys(tok.vocab).length).toBe(V);
    expect(new Set(Object.values(tok.vocab)).size).toBe(V);
    const text = "Hello, world! It's 42.";
    const ids = gpt2Encode(text);
    expect(ids.every((i) => tok.vocab[gpt2Decode([i])] === i)).toBe(true);
    expect(gpt2Decode(ids)).toBe(text);
  });
});

describe("tiny_gpt2 vs TypeScript reference", () => {
  it("full sequences without past (4 × 32 positions)", async () => {
    const B = 4;
    const S = 32;
    const rng = new Rng(50);
    const ids = Array.from({ length: B * S }, () => rng.int(V));
    const pos = Array.from({ length: B * S }, (_, i) => i % S);
    const out = await run(MODEL, {
      input_ids: i64(ids, [B, S]),
      attention_mask: i64(new Array(B * S).fill(1), [B, S]),
      position_ids: i64(pos, [B, S]),
      ...emptyPast(B),
    });
    expect(out.logits!.dims).toEqual([B, S, V]);
    const want: number[] = [];
    for (let b = 0; b < B; b++) {
      want.push(
        ...gpt2Reference(W, { ids: ids.slice(b * S, (b + 1) * S), positionIds: pos.slice(0, S), attentionMask: new Array(S).fill(1) }).logits.flat(),
      );
    }
    expect(maxScaledError(out.logits!.data, want)).toBeLessThanOrEqual(TOL);
    // logits are not flat: mean entropy well below log V, but sampling is non-trivial
    const ents = Array.from({ length: B * S }, (_, i) => entropy(softmax(want.slice(i * V, (i + 1) * V))));
    const meanEnt = ents.reduce((a, e) => a + e, 0) / ents.length;
    expect(meanEnt).toBeLessThan(0.8 * Math.log(V));
    expect(meanEnt).toBeGreaterThan(0.5);
  });

  it("random past keys/values and random attention masks (presents and logits)", async () => {
    const B = 6;
    const P = 9;
    const S = 20;
    const T = P + S;
    const rng = new Rng(51);
    const ids = Array.from({ length: B * S }, () => rng.int(V));
    const pos = Array.from({ length: B * S }, (_, i) => P + (i % S));
    const mask = Array.from({ length: B * T }, (_, i) => (i % T >= P + (i % 3) || rng.uniform() < 0.7 ? 1 : 0));
    const feeds: Feeds = { input_ids: i64(ids, [B, S]), attention_mask: i64(mask, [B, T]), position_ids: i64(pos, [B, S]) };
    const pastData: Float32Array[][] = [];
    for (let l = 0; l < NL; l++) {
      const k = Float32Array.from({ length: B * H * P * Dh }, () => rng.normal());
      const v = Float32Array.from({ length: B * H * P * Dh }, () => rng.normal());
      pastData.push([k, v]);
      feeds[`past_key_values.${l}.key`] = f32(Array.from(k), [B, H, P, Dh]);
      feeds[`past_key_values.${l}.value`] = f32(Array.from(v), [B, H, P, Dh]);
    }
    const out = await run(MODEL, feeds);
    const wantLogits: number[] = [];
    const wantPresent: number[][] = Array.from({ length: 2 * NL }, () => []);
    for (let b = 0; b < B; b++) {
      const ref = gpt2Reference(W, {
        ids: ids.slice(b * S, (b + 1) * S),
        positionIds: pos.slice(b * S, (b + 1) * S),
        attentionMask: mask.slice(b * T, (b + 1) * T),
        past: pastData.map(([k, v]) => ({ key: kvRow(k!, b, P), value: kvRow(v!, b, P) })),
      });
      wantLogits.push(...ref.logits.flat());
      ref.present.forEach((p, l) => {
        wantPresent[2 * l]!.push(...p.key.flat(2));
        wantPresent[2 * l + 1]!.push(...p.value.flat(2));
      });
    }
    expect(maxScaledError(out.logits!.data, wantLogits)).toBeLessThanOrEqual(TOL);
    for (let l = 0; l < NL; l++) {
      expect(out[`present.${l}.key`]!.dims).toEqual([B, H, T, Dh]);
      expect(maxScaledError(out[`present.${l}.key`]!.data, wantPresent[2 * l]!)).toBeLessThanOrEqual(TOL);
      expect(maxScaledError(out[`present.${l}.value`]!.data, wantPresent[2 * l + 1]!)).toBeLessThanOrEqual(TOL);
    }
  });
});

describe("tiny_gpt2 KV cache", () => {
  /** Runs prefix then one token at a time, returns the concatenated logits [B, S, V]. */
  async function incremental(ids: number[], mask: number[], pos: number[], B: number, S: number, prefix: number): Promise<number[]> {
    const cols = (arr: number[], a: number, b: number) => Array.from({ length: B }, (_, r) => arr.slice(r * S + a, r * S + b)).flat();
    let out = await run(MODEL, {
      input_ids: i64(cols(ids, 0, prefix), [B, prefix]),
      attention_mask: i64(cols(mask, 0, prefix), [B, prefix]),
      position_ids: i64(cols(pos, 0, prefix), [B, prefix]),
      ...emptyPast(B),
    });
    const rows: number[][] = Array.from({ length: B }, (_, r) => Array.from(out.logits!.data.slice(r * prefix * V, (r + 1) * prefix * V)));
    for (let p = prefix; p < S; p++) {
      const feeds: Feeds = {
        input_ids: i64(cols(ids, p, p + 1), [B, 1]),
        attention_mask: i64(cols(mask, 0, p + 1), [B, p + 1]),
        position_ids: i64(cols(pos, p, p + 1), [B, 1]),
      };
      for (let l = 0; l < NL; l++) {
        feeds[`past_key_values.${l}.key`] = f32(Array.from(out[`present.${l}.key`]!.data), [B, H, p, Dh]);
        feeds[`past_key_values.${l}.value`] = f32(Array.from(out[`present.${l}.value`]!.data), [B, H, p, Dh]);
      }
      out = await run(MODEL, feeds);
      for (let r = 0; r < B; r++) rows[r]!.push(...out.logits!.data.slice(r * V, (r + 1) * V));
    }
    return rows.flat();
  }

  it("prefix + one token at a time equals the full sequence (no padding)", async () => {
    const B = 3;
    const S = 24;
    const rng = new Rng(60);
    const ids = Array.from({ length: B * S }, () => rng.int(V));
    const pos = Array.from({ length: B * S }, (_, i) => i % S);
    const mask = new Array(B * S).fill(1);
    const full = await run(MODEL, { input_ids: i64(ids, [B, S]), attention_mask: i64(mask, [B, S]), position_ids: i64(pos, [B, S]), ...emptyPast(B) });
    const inc = await incremental(ids, mask, pos, B, S, 6);
    expect(maxScaledError(inc, full.logits!.data)).toBeLessThanOrEqual(TOL);
  });

  it("left-padded batch: cached decoding equals full recomputation and the reference", async () => {
    const B = 3;
    const S = 16;
    const pads = [0, 3, 7];
    const rng = new Rng(61);
    const ids = Array.from({ length: B * S }, () => rng.int(V));
    const mask = Array.from({ length: B * S }, (_, i) => (i % S < pads[Math.floor(i / S)]! ? 0 : 1));
    const pos = Array.from({ length: B * S }, (_, i) => Math.max(0, (i % S) - pads[Math.floor(i / S)]!));
    const full = await run(MODEL, { input_ids: i64(ids, [B, S]), attention_mask: i64(mask, [B, S]), position_ids: i64(pos, [B, S]), ...emptyPast(B) });
    const inc = await incremental(ids, mask, pos, B, S, 4);
    expect(maxScaledError(inc, full.logits!.data)).toBeLessThanOrEqual(TOL);
    // and the full padded batch equals the reference (same masking rule)
    const refPadded = Array.from({ length: B }, (_, b) =>
      gpt2Reference(W, { ids: ids.slice(b * S, (b + 1) * S), positionIds: pos.slice(b * S, (b + 1) * S), attentionMask: mask.slice(b * S, (b + 1) * S) }).logits.flat(),
    ).flat();
    expect(maxScaledError(full.logits!.data, refPadded)).toBeLessThanOrEqual(TOL);
    // real (unpadded) positions equal the reference run on the unpadded sequence alone
    for (let b = 0; b < B; b++) {
      const p = pads[b]!;
      const ref = gpt2Reference(W, {
        ids: ids.slice(b * S + p, (b + 1) * S),
        positionIds: Array.from({ length: S - p }, (_, i) => i),
        attentionMask: new Array(S - p).fill(1),
      });
      const got = Array.from(full.logits!.data.slice((b * S + p) * V, (b + 1) * S * V));
      expect(maxScaledError(got, ref.logits.flat())).toBeLessThanOrEqual(TOL);
    }
  });
});
