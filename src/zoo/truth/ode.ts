/**
 * Adaptive Runge–Kutta 5(4) (Dormand–Prince, FSAL) with per-component error control
 * err_i / (atol + rtol·max(|y_i|, |y_new_i|)), RMS norm, and the standard step-size controller.
 * Integrates in either direction of time. Used as the high-accuracy probability-flow ODE
 * reference for the mixture (no closed-form flow map exists).
 */
import type { Mixture2D } from "../models/gmm_params.js";
import { mixturePFDrift, type Vec2 } from "./gaussian.js";
import type { PathKind } from "./paths.js";

export type Rhs = (t: number, y: readonly number[]) => number[];

export interface OdeOptions {
  rtol?: number;
  atol?: number;
  /** Initial step size magnitude (default: |t1 − t0|/100). */
  h0?: number;
  maxSteps?: number;
}

export interface OdeResult {
  y: number[];
  steps: number;
  rejected: number;
  nfe: number;
}

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const B5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const B4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/** Integrates y' = f(t, y) from t0 to t1 (t1 may be < t0) with Dormand–Prince 5(4). */
export function dopri5(f: Rhs, t0: number, y0: readonly number[], t1: number, opts: OdeOptions = {}): OdeResult {
  const rtol = opts.rtol ?? 1e-10;
  const atol = opts.atol ?? 1e-12;
  const maxSteps = opts.maxSteps ?? 1_000_000;
  const dir = t1 >= t0 ? 1 : -1;
  const n = y0.length;
  let t = t0;
  let y = [...y0];
  let h = dir * Math.min(Math.abs(opts.h0 ?? Math.abs(t1 - t0) / 100), Math.abs(t1 - t0));
  if (h === 0) return { y, steps: 0, rejected: 0, nfe: 0 };
  let k1 = f(t, y);
  let nfe = 1;
  let steps = 0;
  let rejected = 0;
  while (dir * (t1 - t) > 0) {
    if (steps + rejected > maxSteps) throw new Error("dopri5: too many steps");
    if (dir * (t + h - t1) > 0) h = t1 - t;
    const k: number[][] = [k1];
    for (let s = 1; s < 7; s++) {
      const ys = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        let acc = y[i]!;
        for (let j = 0; j < s; j++) acc += h * A[s]![j]! * k[j]![i]!;
        ys[i] = acc;
      }
      k.push(f(t + C[s]! * h, ys));
      nfe++;
    }
    const y5 = new Array<number>(n);
    let errSq = 0;
    for (let i = 0; i < n; i++) {
      let a5 = y[i]!;
      let e = 0;
      for (let j = 0; j < 7; j++) {
        a5 += h * B5[j]! * k[j]![i]!;
        e += h * (B5[j]! - B4[j]!) * k[j]![i]!;
      }
      y5[i] = a5;
      const sc = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(a5));
      errSq += (e / sc) ** 2;
    }
    const err = Math.sqrt(errSq / n);
    if (err <= 1 || Math.abs(h) < 1e-15) {
      t = t + h;
      y = y5;
      k1 = k[6]!; // FSAL
      steps++;
      // exact landing on t1 (avoid round-off drift)
      if (dir * (t1 - t) < 1e-15 * Math.max(1, Math.abs(t1))) t = t1;
    } else {
      rejected++;
    }
    const fac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * err ** -0.2));
    h = h * fac;
  }
  return { y, steps, rejected, nfe };
}

/**
 * High-accuracy PF-ODE flow map of the mixture from time t to time s on a path (VE: t, s are
 * noise levels σ; VP/FM: t, s ∈ [0, 1]). Default tolerances rtol = 1e-10, atol = 1e-12.
 */
export function mixtureFlowMapRK45(mix: Mixture2D, kind: PathKind, x: Vec2, t: number, s: number, opts: OdeOptions = {}): Vec2 {
  const r = dopri5((tt, y) => mixturePFDrift(mix, kind, tt, [y[0]!, y[1]!]), t, x, s, opts);
  return [r.y[0]!, r.y[1]!];
}
