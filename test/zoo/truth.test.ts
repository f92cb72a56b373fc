/** Sanity of the ground-truth library itself: known cases, noise bounds, ODE accuracy. */
import { describe, expect, it } from "vitest";
import { GAUSS_MEAN, GAUSS_STD, GMM } from "../../src/zoo/models/gmm_params.js";
import {
  mixtureMoments,
  modeWeights,
  moments2D,
  slicedWasserstein,
} from "../../src/zoo/truth/continuous.js";
import {
  empirical,
  kl,
  klJointVsProduct,
  mutualInformation,
  speculativeOutput,
  tv,
  tvNoiseBound,
} from "../../src/zoo/truth/discrete.js";
import {
  gaussFlowMap,
  gaussPFDrift,
  mixtureLogDensity,
  mixturePosterior,
  sampleMixture,
  type Vec2,
} from "../../src/zoo/truth/gaussian.js";
import { dopri5, mixtureFlowMapRK45 } from "../../src/zoo/truth/ode.js";
import type { PathKind } from "../../src/zoo/truth/paths.js";
import { Rng } from "../../src/zoo/truth/rng.js";

describe("rng", () => {
  it("is deterministic and has correct normal moments", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    for (let i = 0; i < 10; i++) expect(a.nextU32()).toBe(b.nextU32());
    const r = new Rng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const u = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const v = u.uniform();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});

describe("discrete divergences", () => {
  it("KL and TV on known cases", () => {
    expect(kl([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 14);
    expect(kl([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 14);
    expect(kl([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(kl([0.2, 0.8], [0.2, 0.8])).toBe(0);
    expect(tv([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.25, 15);
    expect(tv([1, 0, 0], [0, 0, 1])).toBe(1);
  });

  it("mutual information: independent = 0, perfectly coupled uniform(4) = ln 4", () => {
    expect(mutualInformation([[0.06, 0.14], [0.24, 0.56]])).toBeCloseTo(0, 14);
    const J = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((b) => (a === b ? 0.25 : 0)));
    expect(mutualInformation(J)).toBeCloseTo(Math.log(4), 14);
    expect(klJointVsProduct(J, [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 14);
  });

  it("TV noise bound holds for exact samples (and fails for a wrong distribution)", () => {
    const p = [0.4, 0.3, 0.2, 0.07, 0.03];
    const wrong = [0.35, 0.3, 0.2, 0.1, 0.05];
    const rng = new Rng(5);
    const n = 5000;
    let violations = 0;
    for (let rep = 0; rep < 50; rep++) {
      const xs = Array.from({ length: n }, () => rng.categorical(p));
      if (tv(empirical(xs, p.length), p) > tvNoiseBound(p, n, 1e-3)) violations++;
    }
    expect(violations).toBe(0);
    const xs = Array.from({ length: 50_000 }, () => rng.categorical(wrong));
    expect(tv(empirical(xs, p.length), p)).toBeGreaterThan(tvNoiseBound(p, 50_000, 1e-6));
  });

  it("speculative output distribution is p for any q with q > 0 where p > 0", () => {
    const rng = new Rng(6);
    for (let i = 0; i < 100; i++) {
      const raw = (k: number) => Array.from({ length: k }, () => rng.uniform());
      const norm = (v: number[]) => v.map((x) => x / v.reduce((a, b) => a + b, 0));
      const p = norm(raw(6));
      const q = norm(raw(6));
      const out = speculativeOutput(p, q);
      for (let j = 0; j < 6; j++) expect(out[j]).toBeCloseTo(p[j]!, 14);
    }
  });
});

describe("continuous metrics", () => {
  it("moments and mode weights of exact mixture samples match the exact values", () => {
    const { x } = sampleMixture(GMM, 40_000, new Rng(7));
    const m = moments2D(x);
    const e = mixtureMoments(GMM);
    expect(Math.abs(m.mean[0] - e.mean[0])).toBeLessThan(0.03);
    expect(Math.abs(m.mean[1] - e.mean[1])).toBeLessThan(0.03);
    expect(Math.abs(m.cov[0][0] - e.cov[0][0])).toBeLessThan(0.05);
    expect(Math.abs(m.cov[1][1] - e.cov[1][1])).toBeLessThan(0.05);
    const w = modeWeights(GMM, x);
    for (let k = 0; k < 8; k++) expect(Math.abs(w[k]! - GMM.weights[k]!)).toBeLessThan(0.02);
  });

  it("sliced Wasserstein: same distribution small, shifted distribution ≈ shift/√2", () => {
    const a = sampleMixture(GMM, 4000, new Rng(8)).x;
    const b = sampleMixture(GMM, 4000, new Rng(9)).x;
    expect(slicedWasserstein(a, b)).toBeLessThan(0.05);
    const d = 0.8;
    const shifted = b.map(([u, v]) => [u + d, v]);
    expect(Math.abs(slicedWasserstein(a, shifted) - d / Math.SQRT2)).toBeLessThan(0.05);
  });
});

describe("exact denoisers and ODE reference", () => {
  it("mixture posterior mean satisfies Tweedie: E[x0|x] = (x + σ²∇log p_t(x))/α", () => {
    const rng = new Rng(10);
    for (let i = 0; i < 50; i++) {
      const alpha = 0.2 + 0.8 * rng.uniform();
      const sigma = 0.05 + 1.5 * rng.uniform();
      const x: Vec2 = [4 * rng.uniform() - 2, 4 * rng.uniform() - 2];
      const h = 1e-5;
      const g = [0, 1].map((j) => {
        const xp: Vec2 = [...x];
        const xm: Vec2 = [...x];
        xp[j] += h;
        xm[j] -= h;
        return (mixtureLogDensity(GMM, xp, alpha, sigma) - mixtureLogDensity(GMM, xm, alpha, sigma)) / (2 * h);
      });
      const post = mixturePosterior(GMM, x, alpha, sigma);
      for (const j of [0, 1]) {
        expect(post.x0[j]).toBeCloseTo((x[j]! + sigma * sigma * g[j]!) / alpha, 6);
        expect(post.eps[j]).toBeCloseTo(-sigma * g[j]!, 6);
      }
    }
  });

  it("RK45 reference agrees with the exact Gaussian flow map to 1e-8 on VE, VP and FM", () => {
    const g = { mean: GAUSS_MEAN, std: GAUSS_STD };
    const cases: [PathKind, number, number][] = [
      ["ve", 80, 0.002],
      ["ve", 0.5, 20],
      ["vp", 0.999, 0.001],
      ["vp", 0.3, 0.8],
      ["fm", 1, 0],
      ["fm", 0.9, 0.05],
    ];
    const rng = new Rng(11);
    for (const [kind, t, s] of cases) {
      for (let i = 0; i < 5; i++) {
        const x = [3 * rng.normal(), 3 * rng.normal()];
        const ref = dopri5((tt, y) => gaussPFDrift(g, kind, tt, y), t, x, s, { rtol: 1e-12, atol: 1e-13 }).y;
        const ex = gaussFlowMap(g, kind, x, t, s);
        for (const j of [0, 1]) expect(Math.abs(ref[j]! - ex[j]!)).toBeLessThan(1e-8);
      }
    }
  });

  it("mixture RK45 flow map is invertible and carries noise to the data (FM and VP)", () => {
    const rng = new Rng(12);
    for (const kind of ["fm", "vp", "ve"] as PathKind[]) {
      const [t, s] = kind === "ve" ? [40, 0.002] : [0.98, 0.02];
      for (let i = 0; i < 5; i++) {
        const x: Vec2 = kind === "ve" ? [t * rng.normal(), t * rng.normal()] : [rng.normal(), rng.normal()];
        const y = mixtureFlowMapRK45(GMM, kind, x, t, s);
        const back = mixtureFlowMapRK45(GMM, kind, y, s, t);
        expect(Math.abs(back[0] - x[0]) + Math.abs(back[1] - x[1])).toBeLessThan(1e-6 * Math.max(1, Math.abs(x[0]) + Math.abs(x[1])));
      }
    }
    // noise → data on the FM path: mode weights close to the mixture weights
    const n = 1500;
    const out: Vec2[] = [];
    for (let i = 0; i < n; i++) out.push(mixtureFlowMapRK45(GMM, "fm", [rng.normal(), rng.normal()], 1, 0, { rtol: 1e-7, atol: 1e-9 }));
    const w = modeWeights(GMM, out);
    expect(tv(w, GMM.weights)).toBeLessThan(tvNoiseBound(GMM.weights, n, 1e-3) + 0.02);
  });
});

describe("warped distributions and sequence distributions", () => {
  it("temperature, top-k, top-p on a known case", async () => {
    const { warpDistribution } = await import("../../src/zoo/truth/discrete.js");
    const z = [Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)];
    expect(warpDistribution(z).map((v) => +v.toFixed(12))).toEqual([0.5, 0.3, 0.15, 0.05]);
    expect(warpDistribution(z, { topK: 2 }).map((v) => +v.toFixed(12))).toEqual([0.625, 0.375, 0, 0]);
    expect(warpDistribution(z, { topP: 0.79 }).map((v) => +v.toFixed(12))).toEqual([0.625, 0.375, 0, 0]);
    expect(warpDistribution(z, { topP: 0.81 }).map((v) => +v.toFixed(12))).toEqual([0.526315789474, 0.315789473684, 0.157894736842, 0]);
    expect(warpDistribution(z, { temperature: 0 })).toEqual([1, 0, 0, 0]);
    const t2 = warpDistribution(z, { temperature: 2 });
    const s = Math.sqrt(0.5) + Math.sqrt(0.3) + Math.sqrt(0.15) + Math.sqrt(0.05);
    expect(t2[0]).toBeCloseTo(Math.sqrt(0.5) / s, 14);
  });

  it("sequenceDistribution sums to 1 and matches seqProb", async () => {
    const { sequenceDistribution, seqProb } = await import("../../src/zoo/truth/markov.js");
    const { MDM_PI0, MDM_Q } = await import("../../src/zoo/models/markov_params.js");
    const d = sequenceDistribution(MDM_PI0, MDM_Q, 3);
    expect(d.size).toBe(16 ** 3);
    expect([...d.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(d.get("3,4,5")).toBeCloseTo(seqProb(MDM_PI0, MDM_Q, [3, 4, 5]), 15);
  });
});
