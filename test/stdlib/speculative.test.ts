/**
 * Must show: speculative sampling's accepted tokens per target call match the analytic acceptance
 * rate within sampling error.
 *
 * The runtime does not report acceptance itself yet, so it is measured from the outside with a
 * recording backend: every sample's first `speculative_heads` call emits N + 1 tokens (N accepted
 * drafts plus the correction or bonus token), and the draft model's second call sees each sample's
 * sequence after the first call, so the lengths fed to it give N per sample. The expansion limit
 * is set so that no sample can finish in one call (no truncation).
 *
 * Exact expectation (helpers.ts acceptedDistribution): with independent drafts d_j ~ q_j = head j
 * and a Markov target P, P(N ≥ j) = Σ_x m_j(x), m_1(x) = min(q_1(x), P[a,x]),
 * m_j(x) = Σ_x' m_(j−1)(x')·min(q_j(x), P[x',x]). For chain2 (a = 0, 2 heads) head 1 is the target
 * itself, so N ≥ 1 surely and P(N = 2) is methods.md §7's second-token acceptance 0.874.
 * Tolerance: 5 standard errors of the mean of N (variance from the exact distribution), and the
 * distribution of N within the TV noise bound.
 */
import { describe, expect, it } from "vitest";
import { CHAIN2_P, MARKOV_P } from "../../src/zoo/models/markov_params.js";
import { empirical, tv, tvNoiseBound } from "../../src/zoo/truth/discrete.js";
import { mtpMarginals, mtpSpeculativeAcceptance } from "../../src/zoo/truth/markov.js";
import { acceptedDistribution, programs, RecordingBackend, runFile } from "./helpers.js";
import { lowerSource } from "../helpers/examples.js";
import { runIR } from "../../src/api/run.js";

const N = 20_000;
/** The 14 ordinary states of markov_lm (token ids 2..15). */
const MARKOV_STATES: readonly number[] = Array.from({ length: 14 }, (_, i) => i + 2);

/** Accepted drafts per sample in the first call, from the draft model's second call. */
function acceptedInFirstCall(rec: RecordingBackend, draft: string, promptLength: number): number[] {
  const runs: { model: string; lengths: number[] }[] = [];
  for (const c of rec.calls) {
    const [rows, len] = c.dims["input_ids"] as [number, number];
    const last = runs[runs.length - 1];
    if (!last || last.model !== c.model) runs.push({ model: c.model, lengths: [] });
    runs[runs.length - 1]!.lengths.push(...new Array<number>(rows).fill(len));
  }
  const second = runs.filter((r) => r.model === draft)[1]!;
  return second.lengths.map((len) => len - promptLength - 1);
}

function check(name: string, counts: number[], exact: number[]) {
  const k = exact.length - 1;
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const mu = exact.reduce((a, p, j) => a + j * p, 0);
  const sd = Math.sqrt(exact.reduce((a, p, j) => a + p * (j - mu) ** 2, 0));
  const emp = empirical(counts, k + 1);
  const d = tv(emp, exact);
  console.log(`${name}: accepted drafts per target call ${mean.toFixed(4)} (exact ${mu.toFixed(4)} ± ${(sd / Math.sqrt(counts.length)).toFixed(4)}), tokens per target call ${(mean + 1).toFixed(4)} (exact ${(mu + 1).toFixed(4)}); P(N = 0..${k}) = [${emp.map((v) => v.toFixed(4)).join(", ")}] vs [${exact.map((v) => v.toFixed(4)).join(", ")}], TV ${d.toFixed(4)} (bound ${tvNoiseBound(exact, counts.length).toFixed(4)})`);
  expect(counts.length).toBe(N);
  expect(Math.abs(mean - mu)).toBeLessThan((5 * sd) / Math.sqrt(counts.length));
  expect(d).toBeLessThan(tvNoiseBound(exact, counts.length));
}

describe("speculative_heads acceptance per target call", () => {
  it("chain2 (2 heads, a = 0): second-token acceptance 0.874 (methods.md §7)", async () => {
    const rec = new RecordingBackend();
    // prompt [0]; one call emits at most 3 tokens, so length 5 needs a second call for everyone
    await runFile("markov.infer", "chain2_speculative", { n: 5 }, { batch: N, seed: 51 }, rec);
    await rec.close();
    const exact = acceptedDistribution(CHAIN2_P, mtpMarginals(CHAIN2_P, 0, 2), 0);
    expect(exact[0]).toBeCloseTo(0, 12); // head 1 is the target: the first draft is always accepted
    expect(exact[2]!.toFixed(3)).toBe("0.874");
    expect(exact[2]).toBeCloseTo(mtpSpeculativeAcceptance(CHAIN2_P, 0), 12);
    const counts = acceptedInFirstCall(rec, "mtp2", 1);
    const rate = counts.filter((c) => c === 2).length / N;
    console.log(`chain2: second-token acceptance ${rate.toFixed(4)} (exact ${exact[2]!.toFixed(4)})`);
    check("chain2 speculative_heads", counts, exact);
  });

  it("the runtime reports tokens committed per target call (chain2, one call per sample): 2.874", async () => {
    const ir = lowerSource(programs("markov.infer"), "chain2_speculative", { n: 2 });
    const result = await runIR(ir, { batch: N, seed: 52 });
    const exact = acceptedDistribution(CHAIN2_P, mtpMarginals(CHAIN2_P, 0, 2), 0);
    const mean = exact.reduce((a, p, k) => a + (k + 1) * p, 0);
    const sd = Math.sqrt(exact.reduce((a, p, k) => a + (k + 1 - mean) ** 2 * p, 0));
    expect(result.speculative!.targetCalls).toBe(N);
    const measured = result.speculative!.tokens / result.speculative!.targetCalls;
    console.log(`runtime report: ${measured.toFixed(4)} tokens per target call (exact ${mean.toFixed(4)})`);
    expect(mean.toFixed(3)).toBe("2.874");
    expect(Math.abs(measured - mean)).toBeLessThan((5 * sd) / Math.sqrt(N));
  });

  it("markov_lm + markov_mtp (4 heads), first call from every state", async () => {
    const rec = new RecordingBackend();
    // per-sample prompts [BOS, a] over the 14 ordinary states; a call emits at most 5 tokens
    const states = Array.from({ length: N }, (_, r) => MARKOV_STATES[r % MARKOV_STATES.length]!);
    await runFile("markov.infer", "speculative", { n: 8 }, { batch: N, seed: 52, inputs: { prompt: states.map((a) => [0, a]) } }, rec);
    await rec.close();
    const perState = new Map(MARKOV_STATES.map((a) => [a, acceptedDistribution(MARKOV_P, mtpMarginals(MARKOV_P, a, 4), a)] as const));
    const exact = [0, 1, 2, 3, 4].map((j) => states.reduce((s, a) => s + perState.get(a)![j]!, 0) / N);
    check("markov speculative_heads", acceptedInFirstCall(rec, "mtp", 2), exact);
    // from BOS the first head equals the target, as for chain2: acceptance of draft 1 is certain
    expect(acceptedDistribution(MARKOV_P, mtpMarginals(MARKOV_P, 0, 4), 0)[0]).toBeCloseTo(0, 12);
  });
});
