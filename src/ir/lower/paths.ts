/**
 * Noise paths x_t = alpha(t)·x0 + sigma(t)·eps, evaluated at compile time (methods.md §4).
 */

export type PathName = "ve" | "vp" | "vp_linear" | "fm";

const BETA_MIN = 0.1;
const BETA_MAX = 20;

export function alphaOf(path: string, t: number): number {
  switch (path) {
    case "ve": return 1;
    case "vp": return Math.cos((Math.PI * t) / 2);
    case "vp_linear": return Math.exp(-0.25 * t * t * (BETA_MAX - BETA_MIN) - 0.5 * t * BETA_MIN);
    case "fm": return 1 - t;
    default: throw new Error(`unknown path ${path}`);
  }
}

export function sigmaOf(path: string, t: number): number {
  switch (path) {
    case "ve": return t;
    case "vp": return Math.sin((Math.PI * t) / 2);
    case "vp_linear": { const a = alphaOf(path, t); return Math.sqrt(Math.max(0, 1 - a * a)); }
    case "fm": return t;
    default: throw new Error(`unknown path ${path}`);
  }
}

/** log(alpha/sigma); +Infinity at sigma = 0. */
export function lambdaOf(path: string, t: number): number {
  return Math.log(alphaOf(path, t)) - Math.log(sigmaOf(path, t));
}

export const PATHS: readonly PathName[] = ["ve", "vp", "vp_linear", "fm"];
