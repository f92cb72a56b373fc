/**
 * The `sample` step's warpers against exact warped next-token distributions of the Markov LM
 * (20,000 draws each; TV within the sampling-noise bound of truth/discrete.ts at δ = 1e-6).
 * Order as in HF generate: repetition penalty → temperature → top-k → top-p → min-p.
 */
import { describe, expect, it } from "vitest";
import { MARKOV_P } from "../../src/zoo/models/markov_params.js";
import { empirical, softmax, tv, tvNoiseBound, warpDistribution } from "../../src/zoo/truth/discrete.js";
import { runFile, sequences } from "./helpers.js";

const N = 20_000;
const V = 16;

function logits(row: readonly number[]): number[] {
  return row.map((p) => (p > 0 ? Math.log(p) : -1e9));
}

/** min-p on a distribution: keep tokens with p ≥ minP · max p, renormalize. */
function minP(p: readonly number[], m: number): number[] {
  const top = Math.max(...p);
  const kept = p.map((v) => (v >= m * top ? v : 0));
  const s = kept.reduce((a, b) => a + b, 0);
  return kept.map((v) => v / s);
}

/** CTRL repetition penalty on logits of tokens present in the context. */
function penalize(z: readonly number[], context: readonly number[], r: number): number[] {
  return z.map((v, i) => (context.includes(i) ? (v > 0 ? v / r : v * r) : v));
}

async function firstTokens(args: Record<string, unknown>, prompt: number[], seed: number): Promise<number[]> {
  const seqs = sequences(await runFile("warpers.infer", "next", { ...args, prompt, n: prompt.length + 1 }, { batch: N, seed, inputs: { prompt } }));
  return seqs.map((s) => s[prompt.length]!);
}

function expectClose(name: string, draws: number[], exact: number[]): void {
  const d = tv(empirical(draws, V), exact);
  const bound = tvNoiseBound(exact, N);
  console.log(`${name}: TV ${d.toFixed(4)} (bound ${bound.toFixed(4)})`);
  expect(d).toBeLessThan(bound);
}

describe("sample(): warped next-token distributions", () => {
  const fromBos = logits(MARKOV_P[0]!);
  it("temperature 0.5", async () => {
    expectClose("T=0.5", await firstTokens({ T: 0.5 }, [0], 1), warpDistribution(fromBos, { temperature: 0.5 }));
  });
  it("temperature 1.5 then top-k 3", async () => {
    expectClose("T=1.5, k=3", await firstTokens({ T: 1.5, k: 3 }, [0], 2), warpDistribution(fromBos, { temperature: 1.5, topK: 3 }));
  });
  it("top-p 0.6", async () => {
    expectClose("p=0.6", await firstTokens({ p: 0.6 }, [0], 3), warpDistribution(fromBos, { topP: 0.6 }));
  });
  it("min-p 0.3", async () => {
    expectClose("min_p=0.3", await firstTokens({ mp: 0.3 }, [0], 4), minP(softmax(fromBos), 0.3));
  });
  it("repetition penalty 3 on the context tokens", async () => {
    const prompt = [0, 2, 3, 5];
    const z = penalize(logits(MARKOV_P[5]!), prompt, 3);
    const exact = softmax(z);
    expect(tv(exact, softmax(logits(MARKOV_P[5]!)))).toBeGreaterThan(0.05); // the penalty matters here
    expectClose("repetition 3", await firstTokens({ r: 3 }, prompt, 5), exact);
  });
  it("temperature 0 is greedy", async () => {
    const draws = await firstTokens({ T: 0 }, [0], 6);
    const best = fromBos.indexOf(Math.max(...fromBos));
    expect(new Set(draws)).toEqual(new Set([best]));
  });
});
