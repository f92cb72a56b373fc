/**
 * Exact numeric definition of the zoo's 2-D Gaussian mixture (shared by the ONNX builders,
 * the ground-truth library and the tests).
 *
 * 8 components on a ring of radius 2: μ_k = 2·(cos θ_k, sin θ_k), θ_k = 2πk/8.
 * Σ_k = R(θ_k)·diag(0.12², 0.35²)·R(θ_k)ᵀ: std 0.12 along the radius, 0.35 along the tangent.
 * Unequal weights π = (0.20, 0.05, 0.15, 0.10, 0.18, 0.07, 0.13, 0.12).
 */
export const GMM_K = 8;
export const GMM_RADIUS = 2;
export const GMM_RADIAL_STD = 0.12;
export const GMM_TANGENTIAL_STD = 0.35;
export const GMM_WEIGHTS: readonly number[] = [0.2, 0.05, 0.15, 0.1, 0.18, 0.07, 0.13, 0.12];

export interface Mixture2D {
  /** Mixture weights, sum 1. */
  readonly weights: readonly number[];
  /** Component means [K][2]. */
  readonly means: readonly (readonly [number, number])[];
  /** Component covariances [K] as [[a, b], [b, c]]. */
  readonly covs: readonly (readonly [readonly [number, number], readonly [number, number]])[];
  /** Eigen-decomposition Σ_k = R_k diag(λ_k) R_kᵀ: rotation columns R_k[:, j] are eigenvectors. */
  readonly rots: readonly (readonly [readonly [number, number], readonly [number, number]])[];
  readonly eigs: readonly (readonly [number, number])[];
}

function ringMixture(): Mixture2D {
  const means: [number, number][] = [];
  const covs: [[number, number], [number, number]][] = [];
  const rots: [[number, number], [number, number]][] = [];
  const eigs: [number, number][] = [];
  const l1 = GMM_RADIAL_STD ** 2;
  const l2 = GMM_TANGENTIAL_STD ** 2;
  for (let k = 0; k < GMM_K; k++) {
    const th = (2 * Math.PI * k) / GMM_K;
    const c = Math.cos(th);
    const s = Math.sin(th);
    means.push([GMM_RADIUS * c, GMM_RADIUS * s]);
    // R = [[c, -s], [s, c]]: column 0 radial (eigenvalue l1), column 1 tangential (l2).
    rots.push([[c, -s], [s, c]]);
    eigs.push([l1, l2]);
    const a = l1 * c * c + l2 * s * s;
    const b = (l1 - l2) * c * s;
    const d = l1 * s * s + l2 * c * c;
    covs.push([[a, b], [b, d]]);
  }
  return { weights: GMM_WEIGHTS, means, covs, rots, eigs };
}

export const GMM: Mixture2D = ringMixture();

/** Single anisotropic Gaussian of gauss_denoiser / gauss_flowmap: mean (0.5, −0.3), stds (1.0, 0.6). */
export const GAUSS_MEAN: readonly [number, number] = [0.5, -0.3];
export const GAUSS_STD: readonly [number, number] = [1.0, 0.6];

/** N(0, 0.25·I) of gauss05_velocity_fm (c = 0.5). */
export const GAUSS05_STD = 0.5;
