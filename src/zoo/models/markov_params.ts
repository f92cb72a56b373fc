/**
 * Exact numeric definitions of the zoo's discrete models (Markov chains, poker joint).
 * Matrices are row-stochastic, row = current token, column = next token, double precision.
 */

/** Finite stand-in for log 0 in every discrete model's logits. */
export const LOG_FLOOR = -1e9;

// ---------------------------------------------------------------- markov_lm (V = 16)
export const MARKOV_V = 16;
export const MARKOV_BOS = 0;
export const MARKOV_EOS = 1;
/** Probability of ending (→ EOS) from every ordinary state. */
export const MARKOV_P_EOS = 0.03;
/** Ordinary state a ∈ 0..13 is token id a + 2; it moves to states a+1, a+2, a+5, a (mod 14). */
export const MARKOV_OFFSETS: readonly number[] = [1, 2, 5, 0];
/** Unnormalised initial weights over the 14 ordinary states (BOS row). */
export const MARKOV_INIT_WEIGHTS: readonly number[] = [3, 1, 2, 1, 4, 1, 1, 2, 1, 3, 1, 1, 2, 1];

function markovLmMatrix(): number[][] {
  const V = MARKOV_V;
  const n = V - 2;
  const P: number[][] = Array.from({ length: V }, () => new Array<number>(V).fill(0));
  const zi = MARKOV_INIT_WEIGHTS.reduce((a, b) => a + b, 0);
  for (let a = 0; a < n; a++) P[MARKOV_BOS]![a + 2] = MARKOV_INIT_WEIGHTS[a]! / zi;
  P[MARKOV_EOS]![MARKOV_EOS] = 1;
  for (let a = 0; a < n; a++) {
    const raw = [4 + (a % 3), 2 + (a % 2), 1 + ((5 * a) % 4), 1];
    const z = raw.reduce((p, q) => p + q, 0);
    const row = P[a + 2]!;
    row[MARKOV_EOS] = MARKOV_P_EOS;
    MARKOV_OFFSETS.forEach((off, j) => {
      row[((a + off) % n) + 2]! += ((1 - MARKOV_P_EOS) * raw[j]!) / z;
    });
  }
  return P;
}

/** Transition matrix of markov_lm / markov_lm_kv / markov_mtp (16 × 16). */
export const MARKOV_P: readonly (readonly number[])[] = markovLmMatrix();

/** Number of MTP heads of markov_mtp. */
export const MARKOV_MTP_HEADS = 4;

// ---------------------------------------------------------------- markov_mdm (16 states + mask)
export const MDM_STATES = 16;
export const MDM_MASK = 16;
export const MDM_V = 17;

function mdmMatrix(): number[][] {
  const n = MDM_STATES;
  const Q: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const d = Math.min((j - i + n) % n, (i - j + n) % n);
      // forward drift: j = i+1 favoured over i−1; dense (every entry ≥ 0.02 before normalising)
      const fwd = (j - i + n) % n === 1 ? 1.5 : 0;
      row.push(Math.exp(-d / 1.5) + fwd + 0.02);
    }
    const z = row.reduce((a, b) => a + b, 0);
    Q.push(row.map((v) => v / z));
  }
  return Q;
}

/** Ergodic dense 16-state chain of markov_mdm. */
export const MDM_Q: readonly (readonly number[])[] = mdmMatrix();
/** Initial distribution π0 of markov_mdm: ∝ 1 + (i mod 4). */
export const MDM_PI0: readonly number[] = (() => {
  const w = Array.from({ length: MDM_STATES }, (_, i) => 1 + (i % 4));
  const z = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / z);
})();

// ---------------------------------------------------------------- chain2 (methods.md §7)
export const CHAIN2_P: readonly (readonly number[])[] = [
  [0.1, 0.9],
  [0.8, 0.2],
];

// ---------------------------------------------------------------- poker / New-York test
export const POKER_WORDS = 8;
export const POKER_MASK = 8;
export const POKER_V = 9;
/** The 4 valid (first, second) pairs; no word is shared between pairs. Uniform joint. */
export const POKER_PAIRS: readonly (readonly [number, number])[] = [
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];
/** Joint p(x1, x2) as an 8 × 8 table. */
export const POKER_JOINT: readonly (readonly number[])[] = (() => {
  const J = Array.from({ length: POKER_WORDS }, () => new Array<number>(POKER_WORDS).fill(0));
  for (const [a, b] of POKER_PAIRS) J[a]![b] = 1 / POKER_PAIRS.length;
  return J;
})();
