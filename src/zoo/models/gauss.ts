/**
 * ONNX builders for single-Gaussian models with closed-form behaviour (methods.md §7):
 * gauss_denoiser (VE), gauss_flowmap (VE exact PF-ODE flow map) and gauss05_velocity_fm.
 */
import { Graph, serializeModel } from "../onnx/builder.js";
import { GAUSS05_STD, GAUSS_MEAN, GAUSS_STD } from "./gmm_params.js";

/** D(x, σ) = μ + c²/(c² + σ²)·(x − μ) per axis, μ = (0.5, −0.3), c = (1.0, 0.6). */
export function buildGaussDenoiser(): Uint8Array {
  const g = new Graph("gauss_denoiser");
  const x = g.input("x", "float32", ["batch", 2]);
  const sigma = g.input("sigma", "float32", ["batch"]);
  const mu = g.constF([...GAUSS_MEAN], [1, 2]);
  const c2 = g.constF(GAUSS_STD.map((c) => c * c), [1, 2]);
  const s = g.unsqueeze(sigma, [1]);
  const gain = g.div(c2, g.add(c2, g.mul(s, s)));
  g.output(g.add(mu, g.mul(gain, g.sub(x, mu))), "denoised", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact VE denoiser of N((0.5,-0.3), diag(1.0^2, 0.6^2)).",
    metadata: { family: "gauss", path: "ve", output: "denoised" },
  });
}

/** Φ_{t→s}(x) = μ + √((c² + s²)/(c² + t²))·(x − μ) per axis (VE: t, s are noise levels). */
export function buildGaussFlowMap(): Uint8Array {
  const g = new Graph("gauss_flowmap");
  const x = g.input("x", "float32", ["batch", 2]);
  const t = g.input("t", "float32", ["batch"]);
  const s = g.input("s", "float32", ["batch"]);
  const mu = g.constF([...GAUSS_MEAN], [1, 2]);
  const c2 = g.constF(GAUSS_STD.map((c) => c * c), [1, 2]);
  const t2 = g.unsqueeze(t, [1]);
  const s2 = g.unsqueeze(s, [1]);
  const St = g.sqrt(g.add(c2, g.mul(t2, t2)));
  const Ss = g.sqrt(g.add(c2, g.mul(s2, s2)));
  g.output(g.add(mu, g.mul(g.div(Ss, St), g.sub(x, mu))), "x_s", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact VE probability-flow ODE flow map Phi_{t->s}(x) of N((0.5,-0.3), diag(1.0^2, 0.6^2)); t, s are noise levels.",
    metadata: { family: "gauss", path: "ve", output: "x_s" },
  });
}

/** The consistency map's fixed end point (EDM's sigma_min). */
export const GAUSS_CONSISTENCY_T_MIN = 0.002;

/**
 * Exact consistency function of the same Gaussian: f(x, t) = Φ_{t→ε}(x), ε = 0.002 — the flow
 * map to the fixed end point, with no target-time input (Song et al. 2023).
 */
export function buildGaussConsistency(): Uint8Array {
  const g = new Graph("gauss_consistency");
  const x = g.input("x", "float32", ["batch", 2]);
  const t = g.input("t", "float32", ["batch"]);
  const mu = g.constF([...GAUSS_MEAN], [1, 2]);
  const c2 = g.constF(GAUSS_STD.map((c) => c * c), [1, 2]);
  const t2 = g.unsqueeze(t, [1]);
  const St = g.sqrt(g.add(c2, g.mul(t2, t2)));
  const Se = g.sqrt(g.add(c2, g.constF([GAUSS_CONSISTENCY_T_MIN * GAUSS_CONSISTENCY_T_MIN], [1, 1])));
  g.output(g.add(mu, g.mul(g.div(Se, St), g.sub(x, mu))), "x_min", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact consistency function f(x, t) = Phi_{t->0.002}(x) of N((0.5,-0.3), diag(1.0^2, 0.6^2)); VE noise levels.",
    metadata: { family: "gauss", path: "ve", output: "x_min" },
  });
}

/** FM velocity of N(0, c²I), c = 0.5: v = (σ − α c²)/(α² c² + σ²)·x with α = 1 − t, σ = t. */
export function buildGauss05VelocityFM(): Uint8Array {
  const g = new Graph("gauss05_velocity_fm");
  const x = g.input("x", "float32", ["batch", 2]);
  const t = g.input("t", "float32", ["batch"]);
  const c2 = g.constF(GAUSS05_STD * GAUSS05_STD);
  const tt = g.unsqueeze(t, [1]);
  const a = g.sub(g.constF(1), tt);
  const num = g.sub(tt, g.mul(a, c2));
  const den = g.add(g.mul(g.mul(a, a), c2), g.mul(tt, tt));
  g.output(g.mul(g.div(num, den), x), "velocity", "float32", ["batch", 2]);
  return serializeModel(g, {
    docString: "Exact flow-matching velocity E[n - x0 | x_t] of N(0, 0.25 I) in 2-D, x_t = (1-t) x0 + t n.",
    metadata: { family: "gauss", path: "fm", output: "velocity" },
  });
}
