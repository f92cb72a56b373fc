import { describe, expect, it } from "vitest";

import { fillUniform } from "../../../src/runtime/rng/philox.js";
import { sampleWeightsRow } from "../../../src/runtime/sampling/categorical.js";
import { speculativeVerify } from "../../../src/runtime/sampling/speculative.js";
import { chiSquare } from "../helpers/stats.js";

/** Verifies one sample with γ drafts; returns [accepted, token]. */
function verify1(
  V: number,
  drafts: number[],
  q: number[][] | null,
  p: number[][],
  uniforms: number[],
): [number, number] {
  const accepted = new Int32Array(1);
  const token = new Int32Array(1);
  speculativeVerify({
    V,
    gammaMax: drafts.length,
    drafts,
    draftProbs: q ? new Float64Array(q.flat()) : null,
    targetProbs: new Float64Array(p.flat()),
    uniforms,
    accepted,
    token,
  });
  return [accepted[0]!, token[0]!];
}

const P = [0.5, 0.3, 0.2];
const Q = [0.2, 0.2, 0.6];
const P1 = [0.1, 0.6, 0.3]; // bonus-row distribution

describe("speculative verification: exactness for p = (.5,.3,.2), q = (.2,.2,.6)", () => {
  it("analytic check of the rule (methods.md §5 identity)", () => {
    // P(y) = min(p,q)(y) + (1 − Σ min(p,q)) · max(0,p−q)(y) / Σ max(0,p−q)
    const mn = P.map((p, i) => Math.min(p, Q[i]!));
    const res = P.map((p, i) => Math.max(0, p - Q[i]!));
    const a = mn.reduce((s, x) => s + x, 0);
    const r = res.reduce((s, x) => s + x, 0);
    P.forEach((p, y) => expect(mn[y]! + ((1 - a) * res[y]!) / r).toBeCloseTo(p, 15));
  });

  it("enumeration of the kernel's own decisions over a fine uniform grid reproduces p", () => {
    // For each draft x (prob q(x)) the kernel is a deterministic function of (u_accept, u_final).
    // Integrate it with the midpoint rule on N cells per uniform: each decision set is an interval,
    // so each estimated probability is off by at most (#boundaries)/N.
    const N = 100_000;
    const out = new Float64Array(3); // P(first emitted token = y)
    const second = new Float64Array(3); // P(second token = y | first draft accepted)
    let acceptMass = 0;
    for (let x = 0; x < 3; x++) {
      let acc = 0;
      for (let k = 0; k < N; k++) if (verify1(3, [x], [Q], [P, P1], [(k + 0.5) / N, 0.5])[0] === 1) acc++;
      const pAcc = acc / N;
      const rej = new Float64Array(3);
      const bonus = new Float64Array(3);
      for (let k = 0; k < N; k++) {
        const u = (k + 0.5) / N;
        const [n0, y0] = verify1(3, [x], [Q], [P, P1], [1 - 1e-12, u]); // forced rejection (if possible)
        if (n0 === 0) rej[y0]!++;
        const [n1, y1] = verify1(3, [x], [Q], [P, P1], [1e-12, u]); // forced acceptance
        if (n1 !== 1) throw new Error("u → 0 must accept");
        bonus[y1]!++;
      }
      out[x]! += Q[x]! * pAcc;
      acceptMass += Q[x]! * pAcc;
      for (let y = 0; y < 3; y++) {
        if (pAcc < 1) out[y]! += Q[x]! * (1 - pAcc) * (rej[y]! / N);
        second[y]! += Q[x]! * pAcc * (bonus[y]! / N);
      }
    }
    for (let y = 0; y < 3; y++) expect(Math.abs(out[y]! - P[y]!)).toBeLessThan(1e-4);
    for (let y = 0; y < 3; y++) expect(Math.abs(second[y]! / acceptMass - P1[y]!)).toBeLessThan(1e-4);
    expect(acceptMass).toBeCloseTo(0.6, 4); // Σ min(p, q) = .2 + .2 + .2
  });

  it("statistically: 400k draft-and-verify rounds emit p (chi-square, 2 dof, p > 1e-6)", () => {
    const N = 400_000;
    const B = N;
    const u = new Float64Array(B * 3); // slot 0: draft draw, 1: accept test, 2: final draw
    fillUniform(u, 77, 0, 3, 0);
    const drafts = new Int32Array(B);
    const qv = new Float64Array(B * 3);
    const pv = new Float64Array(B * 6);
    const uv = new Float64Array(B * 2);
    for (let b = 0; b < B; b++) {
      drafts[b] = sampleWeightsRow(Q, 0, 3, u[3 * b]!);
      qv.set(Q, 3 * b);
      pv.set(P, 6 * b);
      pv.set(P1, 6 * b + 3);
      uv[2 * b] = u[3 * b + 1]!;
      uv[2 * b + 1] = u[3 * b + 2]!;
    }
    const accepted = new Int32Array(B);
    const token = new Int32Array(B);
    speculativeVerify({ V: 3, gammaMax: 1, drafts, draftProbs: qv, targetProbs: pv, uniforms: uv, accepted, token });
    const counts = new Float64Array(3);
    const wrong = new Float64Array(3); // a plausible bug: resample from p instead of the residual
    let acc = 0;
    for (let b = 0; b < B; b++) {
      const first = accepted[b] === 1 ? drafts[b]! : token[b]!;
      counts[first]!++;
      acc += accepted[b]!;
      wrong[accepted[b] === 1 ? drafts[b]! : sampleWeightsRow(P, 0, 3, uv[2 * b + 1]!)]!++;
    }
    // chi-square with 2 dof exceeds 27.6 with probability 1e-6.
    expect(chiSquare(counts, P, N)).toBeLessThan(27.6);
    expect(chiSquare(wrong, P, N)).toBeGreaterThan(1000); // the test can tell the bug apart
    // acceptance rate Σ min(p,q) = 0.6, 5-sigma binomial bound
    expect(Math.abs(acc / N - 0.6)).toBeLessThan(5 * Math.sqrt(0.24 / N));
  });
});

describe("speculative verification: other cases", () => {
  it("greedy (one-hot) drafts: enumeration gives p", () => {
    const N = 100_000;
    for (let x = 0; x < 3; x++) {
      // A deterministic draft x: the first emitted token must still be distributed as p.
      let acc = 0;
      const rej = new Float64Array(3);
      for (let k = 0; k < N; k++) {
        const u = (k + 0.5) / N;
        if (verify1(3, [x], null, [P, P1], [u, 0.5])[0] === 1) acc++;
        const [n, y] = verify1(3, [x], null, [P, P1], [1 - 1e-12, u]); // forced rejection
        if (n !== 0) throw new Error("u → 1 must reject a one-hot draft with p(x) < 1");
        rej[y]!++;
      }
      expect(Math.abs(acc / N - P[x]!)).toBeLessThan(1e-4); // accept with prob p(x)/1
      for (let y = 0; y < 3; y++) {
        const out = (y === x ? acc / N : 0) + (1 - acc / N) * (rej[y]! / N);
        expect(Math.abs(out - P[y]!)).toBeLessThan(1e-4);
      }
      expect(rej[x]).toBe(0); // rejection never re-emits the draft
    }
  });

  it("γ = 2 with independent MTP-style heads reproduces the Markov joint (methods.md §7)", () => {
    // Target: Markov chain T from state a = 0. Draft heads: q1 = T[0,·], q2 = T²[0,·] (marginal).
    const T = [
      [0.1, 0.9],
      [0.8, 0.2],
    ];
    const T2 = [0.1 * 0.1 + 0.9 * 0.8, 0.1 * 0.9 + 0.9 * 0.2]; // (.73, .27)
    const B = 200_000;
    const u = new Float64Array(B * 5);
    fillUniform(u, 5, 0, 5, 1);
    const drafts = new Int32Array(B * 2);
    const q = new Float64Array(B * 4);
    const p = new Float64Array(B * 6);
    const uv = new Float64Array(B * 3);
    for (let b = 0; b < B; b++) {
      const x1 = sampleWeightsRow(T[0]!, 0, 2, u[5 * b]!);
      const x2 = sampleWeightsRow(T2, 0, 2, u[5 * b + 1]!);
      drafts[2 * b] = x1;
      drafts[2 * b + 1] = x2;
      q.set(T[0]!, 4 * b);
      q.set(T2, 4 * b + 2);
      p.set(T[0]!, 6 * b);
      p.set(T[x1]!, 6 * b + 2); // target conditionals along the drafted prefix
      p.set(T[x2]!, 6 * b + 4);
      uv.set(u.subarray(5 * b + 2, 5 * b + 5), 3 * b);
    }
    const accepted = new Int32Array(B);
    const token = new Int32Array(B);
    speculativeVerify({ V: 2, gammaMax: 2, drafts, draftProbs: q, targetProbs: p, uniforms: uv, accepted, token });
    const joint = new Float64Array(4);
    let acc2 = 0;
    expect(accepted.every((n) => n >= 1)).toBe(true); // q1 = p1: the first draft is always accepted
    for (let b = 0; b < B; b++) {
      const c = accepted[b] === 2 ? drafts[2 * b + 1]! : token[b]!;
      joint[2 * drafts[2 * b]! + c]!++;
      if (accepted[b] === 2) acc2++;
    }
    const want = [0.1 * 0.1, 0.1 * 0.9, 0.9 * 0.8, 0.9 * 0.2];
    expect(chiSquare(joint, want, B)).toBeLessThan(30.7); // 3 dof, p = 1e-6
    // Acceptance of the second token: Σ_b T[a,b] Σ_c min(T[b,c], T²[a,c]) = 0.874.
    expect(Math.abs(acc2 / B - 0.874)).toBeLessThan(5 * Math.sqrt((0.874 * 0.126) / B));
  });

  it("per-sample γ: γ = 0 draws the bonus from row 0; slots are fixed by γmax", () => {
    const accepted = new Int32Array(2);
    const token = new Int32Array(2);
    const p = new Float64Array([
      ...[0, 1, 0], ...[1, 0, 0], ...[0, 0, 1], // sample 0 rows 0..2
      ...[1, 0, 0], ...[0, 1, 0], ...[0, 0, 1], // sample 1 rows 0..2
    ]);
    speculativeVerify({
      V: 3,
      gammaMax: 2,
      gammas: [0, 2],
      drafts: [2, 2, 0, 1],
      draftProbs: null,
      targetProbs: p,
      uniforms: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      accepted,
      token,
    });
    expect(Array.from(accepted)).toEqual([0, 2]);
    expect(Array.from(token)).toEqual([1, 2]);
  });

  it("validates shapes", () => {
    expect(() =>
      speculativeVerify({
        V: 3,
        gammaMax: 1,
        drafts: [0],
        draftProbs: null,
        targetProbs: new Float64Array(3),
        uniforms: [0.5, 0.5],
        accepted: new Int32Array(1),
        token: new Int32Array(1),
      }),
    ).toThrow(/targetProbs/);
  });
});
