/**
 * ONNX builders for the exact Gaussian-mixture models: gmm_denoiser (VE/EDM), gmm_eps_vp and
 * gmm_v_vp (VP cosine), gmm_velocity_fm (flow matching) and gmm_cond_denoiser (class-conditional VE).
 *
 * Graph formula (per component k, eigenbasis Σ_k = R_k diag(λ_k) R_kᵀ, path point (α, σ)):
 *   y_k  = R_kᵀ (x − α μ_k),   c_kj = α² λ_kj + σ²
 *   ℓ_k  = log π_k − ½ Σ_j y_kj²/c_kj − ½ Σ_j log c_kj       (softmax over k → w_k)
 *   E[x0|x] = Σ_k w_k (μ_k + R_k (α λ_k / c_k ⊙ y_k)),  E[n|x] = Σ_k w_k R_k (σ / c_k ⊙ y_k)
 * No division by α or σ anywhere, so every model is finite for all t ∈ [0, 1] and σ ≥ 0 without
 * clamping (c_kj ≥ min(λ) > 0 on the VP/FM paths because α² + σ² > 0).
 */
import { Graph, serializeModel, type Value } from "../onnx/builder.js";
import { GMM, type Mixture2D } from "./gmm_params.js";
import { LOG_FLOOR } from "./markov_params.js";

interface MixGraphOut {
  x0: Value;
  eps: Value;
}

/**
 * Adds the mixture-posterior subgraph. x: [B,2]; alpha, sigma: [B] values or scalar constants.
 * logPrior: [B,K] value (per-sample log weights) or undefined for log π.
 */
export function mixturePosteriorGraph(g: Graph, mix: Mixture2D, x: Value, alpha: Value, sigma: Value, logPrior?: Value): MixGraphOut {
  const K = mix.weights.length;
  const mu = g.constF(mix.means.flat(), [1, K, 2]);
  const R = g.constF(mix.rots.flatMap((r) => [r[0][0], r[0][1], r[1][0], r[1][1]]), [1, K, 2, 2]);
  const RT = g.constF(mix.rots.flatMap((r) => [r[0][0], r[1][0], r[0][1], r[1][1]]), [1, K, 2, 2]);
  const lam = g.constF(mix.eigs.flat(), [1, K, 2]);
  const a3 = g.unsqueeze(alpha, [1, 2]); // [B,1,1]
  const s3 = g.unsqueeze(sigma, [1, 2]);
  const xb = g.unsqueeze(x, [1]); // [B,1,2]
  const r = g.sub(xb, g.mul(a3, mu)); // [B,K,2]
  const y = g.reduceSum(g.mul(RT, g.unsqueeze(r, [2])), [3], false); // [B,K,2]
  const c = g.add(g.mul(g.mul(a3, a3), lam), g.mul(s3, s3)); // [B,K,2]
  const quad = g.reduceSum(g.div(g.mul(y, y), c), [2], false); // [B,K]
  const logdet = g.reduceSum(g.log(c), [2], false); // [B,K]
  const prior = logPrior ?? g.constF(mix.weights.map(Math.log), [1, K]);
  const half = g.constF(0.5);
  const logits = g.sub(prior, g.mul(half, g.add(quad, logdet)));
  const w = g.unsqueeze(g.softmax(logits, -1), [2]); // [B,K,1]
  const zx = g.div(g.mul(g.mul(a3, lam), y), c); // [B,K,2]
  const ze = g.div(g.mul(s3, y), c);
  const rotBack = (z: Value) => g.reduceSum(g.mul(R, g.unsqueeze(z, [2])), [3], false); // [B,K,2]
  const x0k = g.add(mu, rotBack(zx));
  const epsk = rotBack(ze);
  const x0 = g.reduceSum(g.mul(w, x0k), [1], false); // [B,2]
  const eps = g.reduceSum(g.mul(w, epsk), [1], false);
  return { x0, eps };
}

const META = (m: Record<string, string>) => ({ ...m, family: "gmm", components: String(GMM.weights.length) });

export function buildGmmDenoiser(mix: Mixture2D = GMM): Uint8Array {
  const g = new Graph("gmm_denoiser");
  const x = g.input("x", "float32", ["batch", 2]);
  const sigma = g.input("sigma", "float32", ["batch"]);
  const { x0 } = mixturePosteriorGraph(g, mix, x, g.constF([1], [1]), sigma);
  g.output(x0, "denoised", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact VE/EDM denoiser D(x, sigma) = E[x0 | x0 + sigma*n = x] of the zoo's 8-component 2-D Gaussian mixture.",
    metadata: META({ path: "ve", output: "denoised" }),
  });
}

export function buildGmmEpsVP(mix: Mixture2D = GMM): Uint8Array {
  const g = new Graph("gmm_eps_vp");
  const x = g.input("x", "float32", ["batch", 2]);
  const t = g.input("t", "float32", ["batch"]);
  const h = g.mul(t, g.constF(Math.PI / 2));
  const { eps } = mixturePosteriorGraph(g, mix, x, g.op("Cos", [h]), g.op("Sin", [h]));
  g.output(eps, "eps", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact eps-prediction E[n | x_t] of the mixture on the VP cosine path alpha=cos(pi t/2), sigma=sin(pi t/2).",
    metadata: META({ path: "vp_cosine", output: "eps" }),
  });
}

/** v-prediction (Salimans & Ho 2022) on the VP cosine path: v = alpha·eps − sigma·x0. */
export function buildGmmVPredVP(mix: Mixture2D = GMM): Uint8Array {
  const g = new Graph("gmm_v_vp");
  const x = g.input("x", "float32", ["batch", 2]);
  const t = g.input("t", "float32", ["batch"]);
  const h = g.mul(t, g.constF(Math.PI / 2));
  const alpha = g.op("Cos", [h]);
  const sigma = g.op("Sin", [h]);
  const { x0, eps } = mixturePosteriorGraph(g, mix, x, alpha, sigma);
  const a2 = g.unsqueeze(alpha, [1]);
  const s2 = g.unsqueeze(sigma, [1]);
  g.output(g.sub(g.mul(a2, eps), g.mul(s2, x0)), "v", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact v-prediction alpha*E[n|x_t] - sigma*E[x0|x_t] of the mixture on the VP cosine path.",
    metadata: META({ path: "vp_cosine", output: "v" }),
  });
}

export function buildGmmVelocityFM(mix: Mixture2D = GMM): Uint8Array {
  const g = new Graph("gmm_velocity_fm");
  const x = g.input("x", "float32", ["batch", 2]);
  const t = g.input("t", "float32", ["batch"]);
  const { x0, eps } = mixturePosteriorGraph(g, mix, x, g.sub(g.constF(1), t), t);
  g.output(g.sub(eps, x0), "velocity", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact flow-matching velocity E[n - x0 | x_t], x_t = (1-t) x0 + t n, of the mixture.",
    metadata: META({ path: "fm", output: "velocity" }),
  });
}

/** Number of classes of gmm_cond_denoiser: components 0..K−1 plus the null class K. */
export const GMM_COND_NULL = GMM.weights.length;

/** Log-prior table [K+1, K]: row k < K is component k only (others LOG_FLOOR); row K is log π. */
export function gmmCondLogPriorTable(mix: Mixture2D = GMM): number[][] {
  const K = mix.weights.length;
  const rows: number[][] = [];
  for (let k = 0; k < K; k++) rows.push(Array.from({ length: K }, (_, j) => (j === k ? 0 : LOG_FLOOR)));
  rows.push(mix.weights.map(Math.log));
  return rows;
}

export function buildGmmCondDenoiser(mix: Mixture2D = GMM): Uint8Array {
  const K = mix.weights.length;
  const g = new Graph("gmm_cond_denoiser");
  const x = g.input("x", "float32", ["batch", 2]);
  const sigma = g.input("sigma", "float32", ["batch"]);
  const cls = g.input("class", "int64", ["batch"]);
  const table = g.constF(gmmCondLogPriorTable(mix).flat(), [K + 1, K]);
  const prior = g.gather(table, cls, 0); // [B,K]
  const { x0 } = mixturePosteriorGraph(g, mix, x, g.constF([1], [1]), sigma, prior);
  g.output(x0, "denoised", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Class-conditional exact VE denoiser of the mixture: class k<8 = component k only, class 8 = null class (full mixture).",
    metadata: META({ path: "ve", output: "denoised", null_class: String(K) }),
  });
}
