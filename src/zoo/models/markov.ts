/**
 * ONNX builders for the discrete models: markov_lm, markov_lm_kv, markov_mtp, chain2_lm,
 * chain2_mtp, markov_mdm and poker_mdm. All logits are natural-log probabilities with
 * log 0 replaced by LOG_FLOOR (−1e9).
 */
import { Graph, attrG, attrI, attrInts, serializeModel, type Value } from "../onnx/builder.js";
import { matPow } from "../truth/markov.js";
import {
  CHAIN2_P,
  LOG_FLOOR,
  MARKOV_MTP_HEADS,
  MARKOV_P,
  MARKOV_V,
  MDM_MASK,
  MDM_PI0,
  MDM_Q,
  MDM_STATES,
  MDM_V,
  POKER_JOINT,
  POKER_MASK,
  POKER_V,
  POKER_WORDS,
} from "./markov_params.js";

type Mat = readonly (readonly number[])[];

/** Elementwise log with log 0 → LOG_FLOOR. */
export function logFloor(p: number): number {
  return p > 0 ? Math.log(p) : LOG_FLOOR;
}

/** logits[b, s, :] = log P[input_ids[b, s], :]. */
function buildTableLM(name: string, P: Mat, doc: string, meta: Record<string, string>): Uint8Array {
  const V = P.length;
  const g = new Graph(name);
  const ids = g.input("input_ids", "int64", ["batch", "sequence"]);
  const table = g.initializer("log_transition", "float32", [V, V], P.flat().map(logFloor));
  g.output(g.gather(table, ids, 0), "logits", "float32", ["batch", "sequence", V]);
  return serializeModel(g, { docString: doc, metadata: meta });
}

/** logits[b, s, j, :] = log (P^{j+1})[input_ids[b, s], :], j = 0..k−1. */
function buildTableMTP(name: string, P: Mat, k: number, doc: string, meta: Record<string, string>): Uint8Array {
  const V = P.length;
  const pows = Array.from({ length: k }, (_, j) => matPow(P, j + 1));
  const data: number[] = [];
  for (let a = 0; a < V; a++) for (let j = 0; j < k; j++) for (let c = 0; c < V; c++) data.push(logFloor(pows[j]![a]![c]!));
  const g = new Graph(name);
  const ids = g.input("input_ids", "int64", ["batch", "sequence"]);
  const table = g.initializer("log_marginals", "float32", [V, k, V], data);
  g.output(g.gather(table, ids, 0), "logits", "float32", ["batch", "sequence", k, V]);
  return serializeModel(g, { docString: doc, metadata: { ...meta, heads: String(k) } });
}

export function buildMarkovLM(): Uint8Array {
  return buildTableLM(
    "markov_lm",
    MARKOV_P,
    "Next-token model of a fixed 16-token Markov chain (0=BOS, 1=EOS, 2..15 states): logits = log P[input_ids].",
    { family: "markov", bos_token_id: "0", eos_token_id: "1", log_floor: String(LOG_FLOOR) },
  );
}

export function buildMarkovMTP(): Uint8Array {
  return buildTableMTP(
    "markov_mtp",
    MARKOV_P,
    MARKOV_MTP_HEADS,
    "Exact multi-token marginals of markov_lm's chain: head j (0-based) = log (P^(j+1))[input_ids].",
    { family: "markov", bos_token_id: "0", eos_token_id: "1", log_floor: String(LOG_FLOOR) },
  );
}

export function buildChain2LM(): Uint8Array {
  return buildTableLM("chain2_lm", CHAIN2_P, "2-state chain P=[[.1,.9],[.8,.2]] (methods.md 7): logits = log P[input_ids].", {
    family: "chain2",
    log_floor: String(LOG_FLOOR),
  });
}

export function buildChain2MTP(): Uint8Array {
  return buildTableMTP("chain2_mtp", CHAIN2_P, 2, "2-state chain, k=2 MTP heads: rows of P and P^2.", {
    family: "chain2",
    log_floor: String(LOG_FLOOR),
  });
}

/** Cache embedding width of markov_lm_kv (one-hot of the token). */
export const MARKOV_KV_DIM = 16;

/**
 * KV-cache variant. present.key/value = concat(past, one_hot(input_ids)) on axis 2.
 * For new position q (absolute index P + s): cur = present.key[q] (one-hot), prev = present.value[q−1];
 * logits = cur · log P  if q = 0 or P[prev, cur] > 0 (the cached history is a possible chain path),
 * otherwise all zeros (uniform) — so a missing, stale or garbage cache gives wrong logits.
 */
export function buildMarkovLMKV(): Uint8Array {
  const V = MARKOV_V;
  const D = MARKOV_KV_DIM;
  const g = new Graph("markov_lm_kv");
  const ids = g.input("input_ids", "int64", ["batch", "sequence"]);
  const pk = g.input("past_key_values.0.key", "float32", ["batch", 1, "past_sequence", D]);
  const pv = g.input("past_key_values.0.value", "float32", ["batch", 1, "past_sequence", D]);
  const eye = g.initializer("embedding", "float32", [V, D], Array.from({ length: V * D }, (_, i) => (Math.floor(i / D) === i % D ? 1 : 0)));
  const logP = g.initializer("log_transition", "float32", [V, V], MARKOV_P.flat().map(logFloor));
  const allowed = g.initializer("allowed", "float32", [V, V], MARKOV_P.flat().map((p) => (p > 0 ? 1 : 0)));
  const emb = g.unsqueeze(g.gather(eye, ids, 0), [1]); // [B,1,S,D]
  const presK = g.concat([pk, emb], 2);
  const presV = g.concat([pv, emb], 2);
  g.output(presK, "present.0.key", "float32", ["batch", 1, "total_sequence", D]);
  g.output(presV, "present.0.value", "float32", ["batch", 1, "total_sequence", D]);
  // P (past length) and T = P + S as 1-element int64 tensors
  const Pn = g.slice(g.shape(pk), [2], [3], [0]);
  const Tn = g.slice(g.shape(presK), [2], [3], [0]);
  const cur = g.sliceDyn(presK, Pn, Tn, [2]); // [B,1,S,D]
  const zeroRow = g.mul(g.slice(presV, [0], [1], [2]), g.constF(0)); // [B,1,1,D] (shape donor)
  const shifted = g.concat([zeroRow, presV], 2); // index q holds present.value[q−1]
  const prev = g.sliceDyn(shifted, Pn, Tn, [2]); // [B,1,S,D]
  const trans = g.reduceSum(g.mul(g.matmul(prev, allowed), cur), [3], false); // [B,1,S]
  const qpos = g.op("Range", [g.squeeze(Pn, [0]), g.squeeze(Tn, [0]), g.constI(1)]); // [S]
  const isFirst = g.op("Equal", [qpos, g.constI(0)]);
  const ok = g.op("Or", [isFirst, g.op("Greater", [trans, g.constF(0.5)])]); // [B,1,S]
  const base = g.matmul(cur, logP); // [B,1,S,V]
  const logits = g.where(g.unsqueeze(ok, [3]), base, g.constF(0));
  g.output(g.squeeze(logits, [1]), "logits", "float32", ["batch", "sequence", V]);
  return serializeModel(g, {
    docString:
      "KV-cache variant of markov_lm: cache = one-hot token embeddings (1 head, D=16); logits at each new position are read from the present cache.",
    metadata: { family: "markov", bos_token_id: "0", eos_token_id: "1", log_floor: String(LOG_FLOOR), kv_dim: String(D) },
  });
}

/** Adds ids → log posterior with floor for masked/unreachable entries, padding the mask column. */
function logWithFloorAndMaskColumn(g: Graph, p: Value): Value {
  const lg = g.where(g.op("Greater", [p, g.constF(0)]), g.log(p), g.constF(LOG_FLOOR));
  const col = g.add(g.mul(g.slice(p, [0], [1], [2]), g.constF(0)), g.constF(LOG_FLOOR)); // [B,L,1]
  return g.concat([lg, col], 2);
}

/**
 * Forward-backward over the positions of `ids` ([B,L], mask id MDM_MASK) for the chain Q, with
 * `init` ([B,n]) the prior of the first position: log posterior marginals [B,L,MDM_V] with a floor
 * for impossible and mask entries. Two ONNX Scan loops (dynamic L), rescaled at every step.
 */
function mdmPosterior(g: Graph, ids: Value, init: Value): Value {
  const n = MDM_STATES;
  const emisData: number[] = [];
  for (let v = 0; v < MDM_V; v++) for (let s = 0; s < n; s++) emisData.push(v === MDM_MASK || v === s ? 1 : 0);
  const emis = g.initializer("emission", "float32", [MDM_V, n], emisData);
  const E = g.gather(emis, ids, 0); // [B,L,n]
  const bshape = g.concat([g.slice(g.shape(ids), [0], [1], [0]), g.constI([n])], 0); // [B, n]
  const ones = g.expand(g.constF(new Array<number>(n).fill(1), [1, n]), bshape);

  // forward body: (pred, e) -> (a Q, a) with a = normalise(pred ⊙ e)
  const fb = new Graph("forward_step", "fwd_");
  const fPred = fb.input("fwd_pred_in", "float32", undefined);
  const fE = fb.input("fwd_e_in", "float32", undefined);
  const fa = fb.mul(fPred, fE);
  const fan = fb.div(fa, fb.reduceSum(fa, [1], true));
  fb.output(fb.matmul(fan, fb.constF(MDM_Q.flat(), [n, n])), "fwd_pred_out", "float32", undefined);
  fb.output(fan, "fwd_alpha_out", "float32", undefined);

  // backward body: (b, e) -> (normalise(Q (e ⊙ b)), b)
  const bb = new Graph("backward_step", "bwd_");
  const bB = bb.input("bwd_b_in", "float32", undefined);
  const bE = bb.input("bwd_e_in", "float32", undefined);
  const QT: number[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) QT.push(MDM_Q[i]![j]!);
  const nb = bb.matmul(bb.mul(bE, bB), bb.constF(QT, [n, n]));
  bb.output(bb.div(nb, bb.reduceSum(nb, [1], true)), "bwd_b_out", "float32", undefined);
  bb.output(bb.op("Identity", [bB]), "bwd_beta_out", "float32", undefined);

  const [, alphas] = g.node(
    "Scan",
    [init, E],
    { body: attrG(fb), num_scan_inputs: attrI(1), scan_input_axes: attrInts([1]), scan_output_axes: attrInts([1]) },
    2,
  );
  const [, betas] = g.node(
    "Scan",
    [ones, E],
    {
      body: attrG(bb),
      num_scan_inputs: attrI(1),
      scan_input_axes: attrInts([1]),
      scan_input_directions: attrInts([1]),
      scan_output_axes: attrInts([1]),
      scan_output_directions: attrInts([1]),
    },
    2,
  );
  const m = g.mul(alphas!, betas!); // [B,L,n]
  const post = g.div(m, g.reduceSum(m, [2], true));
  return logWithFloorAndMaskColumn(g, post);
}

/** Exact masked-diffusion posterior marginals for sequences of the chain (π0 = MDM_PI0, Q = MDM_Q). */
export function buildMarkovMDM(): Uint8Array {
  const n = MDM_STATES;
  const g = new Graph("markov_mdm");
  const ids = g.input("input_ids", "int64", ["batch", "sequence"]);
  const bshape = g.concat([g.slice(g.shape(ids), [0], [1], [0]), g.constI([n])], 0); // [B, n]
  const pi0 = g.expand(g.constF([...MDM_PI0], [1, n]), bshape);
  g.output(mdmPosterior(g, ids, pi0), "logits", "float32", ["batch", "sequence", MDM_V]);
  return serializeModel(g, {
    docString:
      "Exact masked-diffusion posterior marginals log p(x_i | visible tokens) for length-L sequences of a 16-state ergodic Markov chain (mask id 16), by forward-backward (ONNX Scan).",
    metadata: { family: "mdm", mask_token_id: String(MDM_MASK), log_floor: String(LOG_FLOOR) },
  });
}

/** Width of the markov_mdm_kv cache rows: one-hot of the 16 states plus a start channel. */
export const MDM_KV_DIM = MDM_STATES + 1;

/**
 * Block-causal variant of markov_mdm with a KV cache of committed tokens (BD3-LM style): the
 * cache rows are one-hot embeddings of the committed prefix (mask rows are all zero); the new
 * positions' posterior is conditioned on the last committed token only, which is exact for the
 * chain. Inputs `input_ids` [B,S] (the positions after the cache), `past_key_values.0.key/value`
 * [B,1,P,17]; outputs `logits` [B,S,17] for the new positions and `present.0.key/value`
 * [B,1,P+S,17]. A cache holding a masked (uncommitted) position gives NaN logits.
 */
export function buildMarkovMDMKV(): Uint8Array {
  const n = MDM_STATES;
  const D = MDM_KV_DIM;
  const g = new Graph("markov_mdm_kv");
  const ids = g.input("input_ids", "int64", ["batch", "sequence"]);
  const pk = g.input("past_key_values.0.key", "float32", ["batch", 1, "past_sequence", D]);
  const pv = g.input("past_key_values.0.value", "float32", ["batch", 1, "past_sequence", D]);
  const embData: number[] = [];
  for (let v = 0; v < MDM_V; v++) for (let d = 0; d < D; d++) embData.push(v < n && v === d ? 1 : 0);
  const emb = g.unsqueeze(g.gather(g.initializer("embedding", "float32", [MDM_V, D], embData), ids, 0), [1]); // [B,1,S,D]
  const presK = g.concat([pk, emb], 2);
  g.output(presK, "present.0.key", "float32", ["batch", 1, "total_sequence", D]);
  g.output(g.concat([pv, emb], 2), "present.0.value", "float32", ["batch", 1, "total_sequence", D]);
  // The row before the new positions: the last cached row, or a start row when the cache is empty.
  const startRow = g.add(g.mul(g.slice(emb, [0], [1], [2]), g.constF(0)), g.constF(Array.from({ length: D }, (_, d) => (d === n ? 1 : 0)), [1, 1, 1, D]));
  const withStart = g.concat([startRow, pk], 2); // [B,1,P+1,D]
  const Pn = g.slice(g.shape(pk), [2], [3], [0]);
  const last = g.squeeze(g.sliceDyn(withStart, Pn, g.add(Pn, g.constI([1])), [2]), [1, 2]); // [B,D]
  // Prior of the first new position: Q[last state] or π0 from the start channel.
  const table = g.constF([...MDM_Q.flat(), ...MDM_PI0], [D, n]);
  const init = g.matmul(last, table); // [B,n]
  g.output(mdmPosterior(g, ids, init), "logits", "float32", ["batch", "sequence", MDM_V]);
  return serializeModel(g, {
    docString:
      "Block-causal markov_mdm with a KV cache of committed tokens: posterior marginals of the new positions given the last committed token and the visible new tokens.",
    metadata: { family: "mdm", mask_token_id: String(MDM_MASK), log_floor: String(LOG_FLOOR), kv_dim: String(D) },
  });
}

/** Poker / New-York test: exact posterior marginals of the uniform joint over 4 disjoint pairs. */
export function buildPokerMDM(): Uint8Array {
  const n = POKER_WORDS;
  const g = new Graph("poker_mdm");
  const ids = g.input("input_ids", "int64", ["batch", 2]);
  const emisData: number[] = [];
  for (let v = 0; v < POKER_V; v++) for (let s = 0; s < n; s++) emisData.push(v === POKER_MASK || v === s ? 1 : 0);
  const emis = g.initializer("emission", "float32", [POKER_V, n], emisData);
  const J = g.initializer("joint", "float32", [n, n], POKER_JOINT.flat());
  const JT: number[] = [];
  for (let b = 0; b < n; b++) for (let a = 0; a < n; a++) JT.push(POKER_JOINT[a]![b]!);
  const JTv = g.initializer("joint_t", "float32", [n, n], JT);
  const E = g.gather(emis, ids, 0); // [B,2,n]
  const e1 = g.squeeze(g.slice(E, [0], [1], [1]), [1]);
  const e2 = g.squeeze(g.slice(E, [1], [2], [1]), [1]);
  const m1 = g.mul(e1, g.matmul(e2, JTv)); // Σ_b J[a,b] e2[b]
  const m2 = g.mul(e2, g.matmul(e1, J)); // Σ_a e1[a] J[a,b]
  const z = g.op("Max", [g.reduceSum(m1, [1], true), g.constF(1e-30)]);
  const post = g.concat([g.unsqueeze(g.div(m1, z), [1]), g.unsqueeze(g.div(m2, z), [1])], 1); // [B,2,n]
  g.output(logWithFloorAndMaskColumn(g, post), "logits", "float32", ["batch", 2, POKER_V]);
  return serializeModel(g, {
    docString: "Poker/New-York test (methods.md 7): exact posterior marginals of the uniform joint over the pairs (0,4),(1,5),(2,6),(3,7); mask id 8.",
    metadata: { family: "poker", mask_token_id: String(POKER_MASK), log_floor: String(LOG_FLOOR) },
  });
}
