/**
 * Gaussian noising paths x_t = α_t·x0 + σ_t·n (methods.md notation) with time derivatives.
 * - VE (EDM): α = 1, σ = t (t *is* the noise level σ).
 * - VP cosine (IMM `vp_cosine`): α = cos(πt/2), σ = sin(πt/2), t ∈ [0, 1].
 * - FM / rectified flow: α = 1 − t, σ = t, t ∈ [0, 1], t = 1 is noise.
 */
export type PathKind = "ve" | "vp" | "fm";

export interface PathPoint {
  alpha: number;
  sigma: number;
  dAlpha: number;
  dSigma: number;
}

export function pathAt(kind: PathKind, t: number): PathPoint {
  switch (kind) {
    case "ve":
      return { alpha: 1, sigma: t, dAlpha: 0, dSigma: 1 };
    case "vp": {
      const h = (Math.PI / 2) * t;
      return { alpha: Math.cos(h), sigma: Math.sin(h), dAlpha: -(Math.PI / 2) * Math.sin(h), dSigma: (Math.PI / 2) * Math.cos(h) };
    }
    case "fm":
      return { alpha: 1 - t, sigma: t, dAlpha: -1, dSigma: 1 };
  }
}
