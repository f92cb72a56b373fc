/**
 * The Gaussian proxy of methods.md §6 R1 / §7: for data N(0, c²) the exact denoiser, flow map
 * and consistency map are linear in x_t, so a refine move built from them is a linear map of
 * its initial state plus the fresh noise it draws. Evaluating the move's IR symbolically with
 * those exact models gives the std the sampler would produce on Gaussian data of the model's
 * scale c (sigma_data), relative to the exact std S = sqrt(α²c² + σ²) at the final time.
 *
 * For one DDIM/Euler step t -> s this is cos(θ_t − θ_s) with θ = atan2(σ, α·c) (the
 * schedule-only proxy, `scheduleProxy`); for higher-order or stochastic steps it accounts for
 * what the step actually computes (Heun's corrector, DPM-Solver++'s multistep state, ancestral
 * noise), because it runs the step's ops.
 */
import type { BasicOp, LoopOp, ModelRef, MoveInfo, Op, Operand } from "../ir/ir.js";
import { isTableRef, isValueId } from "../ir/ir.js";
import { alphaOf, sigmaOf } from "../ir/lower/paths.js";
import type { CheckContext } from "./context.js";

/** A linear form c0 + Σ coef·v over independent unit-variance variables v ("x" is the initial state). */
class Lin {
  constructor(readonly c0: number, readonly terms: ReadonlyMap<string, number> = new Map()) {}
  get isConst(): boolean { return this.terms.size === 0; }
  scale(k: number): Lin {
    return new Lin(this.c0 * k, new Map([...this.terms].map(([v, a]) => [v, a * k])));
  }
  plus(o: Lin, sign = 1): Lin {
    const terms = new Map(this.terms);
    for (const [v, a] of o.terms) terms.set(v, (terms.get(v) ?? 0) + sign * a);
    return new Lin(this.c0 + sign * o.c0, terms);
  }
}

const FOLD: Readonly<Partial<Record<string, (...a: number[]) => number>>> = {
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, sin: Math.sin, cos: Math.cos, floor: Math.floor,
  round: Math.round, expm1: Math.expm1, log1p: Math.log1p, pow: Math.pow, min: Math.min, max: Math.max, atan2: Math.atan2,
};

/** The data scale c a model assumes: its sigma_data, 1 when undeclared. */
export function dataScale(m: ModelRef): number {
  return typeof m.attrs.sigma_data === "number" ? m.attrs.sigma_data : 1;
}

/** The exact marginal std S(t) = sqrt(α²c² + σ²) on a path. */
export function marginalStd(path: string, t: number, c: number): number {
  const a = alphaOf(path, t);
  const s = sigmaOf(path, t);
  return Math.sqrt(a * a * c * c + s * s);
}

/** θ(t) = atan2(σ(t), α(t)·c): 0 at the data end, π/2 at pure noise. */
export function theta(path: string, t: number, c: number): number {
  return Math.atan2(sigmaOf(path, t), alphaOf(path, t) * c);
}

/** ∏ cos(θ_t − θ_s) over the schedule's intervals: the std ratio of one-step DDIM/Euler moves. */
export function scheduleProxy(schedule: readonly number[], path: string, c: number): number {
  let p = 1;
  for (let i = 0; i + 1 < schedule.length; i++) p *= Math.cos(theta(path, schedule[i]!, c) - theta(path, schedule[i + 1]!, c));
  return p;
}

/**
 * The gain k of the exact model for N(0, c²) data, output = k·x_t, at time t (and second time
 * input `second` for a flow map: the target s, or the stride t − s), or undefined.
 */
export function modelGain(m: ModelRef, t: number, second: number | undefined, c: number): number | undefined {
  const path = typeof m.attrs.path === "string" ? m.attrs.path : undefined;
  if (!path) return undefined;
  const a = alphaOf(path, t);
  const s = sigmaOf(path, t);
  const S2 = a * a * c * c + s * s;
  if (m.contract === "denoiser") {
    switch (m.attrs.pred) {
      case "x0": return (a * c * c) / S2;
      case "eps": return s / S2;
      case "v": return (a * s * (1 - c * c)) / S2;
      case "velocity": return (s - a * c * c) / S2;
      default: return undefined;
    }
  }
  if (m.contract === "flowmap") {
    if (second === undefined) return undefined;
    const r = m.attrs.target === "stride" ? t - second : second;
    return marginalStd(path, r, c) / Math.sqrt(S2);
  }
  if (m.contract === "consistency") {
    const time = m.attrs.time as number[] | undefined;
    return marginalStd(path, time?.[0] ?? 0, c) / Math.sqrt(S2);
  }
  return undefined;
}

/** The op list holding the move's top-level ops and loops. */
function moveList(ops: readonly Op[], id: number): readonly Op[] | undefined {
  for (const op of ops) {
    if ("args" in op && op.attrs?.move === id) return ops;
    if (op.op === "loop" && (op as LoopOp).body.some((b) => "args" in b && b.attrs?.move === id)) return ops;
  }
  for (const op of ops) {
    if ("body" in op) {
      const found = moveList(op.body, id);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The std of the move's output on N(0, c²) data, relative to the exact marginal std at the
 * final time, computed by running the move's ops on linear forms; undefined when a step does
 * something non-linear in the state (then use `scheduleProxy`). `c` defaults to each model's
 * sigma_data; `path` is the path of the state (the first model's).
 */
export function stepProxy(ctx: CheckContext, move: MoveInfo, path: string, c: number): number | undefined {
  const schedule = move.schedule;
  const list = moveList(ctx.ir.body, move.id);
  if (!schedule || !list || move.input === undefined || move.output === undefined || !isValueId(move.input)) return undefined;
  const env = new Map<string, Lin | undefined>([[move.input, new Lin(0, new Map([["x", 1]]))]]);
  let draws = 0;
  const val = (o: Operand, row: readonly number[] | undefined): Lin | undefined => {
    if (typeof o === "number") return new Lin(o);
    if (isTableRef(o)) { const v = row?.[o.col]; return v === undefined ? undefined : new Lin(v); }
    return env.get(o);
  };
  const exec = (op: BasicOp, row: readonly number[] | undefined): void => {
    if (!op.out) return;
    const args = op.args.map((a) => val(a, row));
    const [a, b] = args;
    let out: Lin | undefined;
    switch (op.op) {
      case "add": out = a && b ? a.plus(b) : undefined; break;
      case "sub": out = a && b ? a.plus(b, -1) : undefined; break;
      case "mul": out = a && b ? (a.isConst ? b.scale(a.c0) : b.isConst ? a.scale(b.c0) : undefined) : undefined; break;
      case "div": out = a && b?.isConst && b.c0 !== 0 ? a.scale(1 / b.c0) : undefined; break;
      case "zeros": out = new Lin(0); break;
      case "normal": out = new Lin(0, new Map([[`z${draws++}`, 1]])); break;
      case "model": {
        const t = args[1]?.isConst ? args[1].c0 : undefined;
        const sArg = ctx.portArg(op, "s");
        const second = sArg === undefined ? undefined : val(sArg, row);
        const m = ctx.modelOf(op);
        const k = t === undefined || !m ? undefined : modelGain(m, t, second?.isConst ? second.c0 : undefined, c);
        out = a && k !== undefined && Number.isFinite(k) ? a.scale(k) : undefined;
        break;
      }
      default: {
        const f = FOLD[op.op];
        out = f && args.every((x) => x?.isConst) ? new Lin(f(...args.map((x) => x!.c0))) : undefined;
      }
    }
    env.set(op.out, out);
  };
  for (const op of list) {
    if ("args" in op) {
      if (op.attrs?.move === move.id) exec(op, undefined);
    } else if (op.op === "loop") {
      const l = op as LoopOp;
      if (!l.body.some((b) => "args" in b && b.attrs?.move === move.id)) continue;
      let current = l.carried.map((cv) => val(cv.init, undefined));
      for (const row of l.table) {
        l.carried.forEach((cv, i) => env.set(cv.param, current[i]));
        for (const b of l.body) if ("args" in b) exec(b, row);
        current = l.yields.map((y) => val(y, row));
      }
      l.outs.forEach((o, i) => env.set(o, current[i]));
    }
  }
  const out = env.get(move.output as string);
  if (!out) return undefined;
  const s0 = marginalStd(path, schedule[0]!, c);
  let variance = 0;
  for (const [v, coef] of out.terms) variance += v === "x" ? coef * coef * s0 * s0 : coef * coef;
  const ratio = Math.sqrt(variance) / marginalStd(path, schedule[schedule.length - 1]!, c);
  return Number.isFinite(ratio) ? ratio : undefined;
}
