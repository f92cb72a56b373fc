/**
 * Dataflow questions the discrete rules share, answered on the use-def index of a
 * `CheckContext`: which model calls a logits value derives from, which warpers it went through,
 * and whether a sampled value reaches what a move commits without passing through `verify`.
 */
import type { BasicOp, Operand } from "../ir/ir.js";
import { isValueId } from "../ir/ir.js";
import type { CheckContext, OpSite } from "./context.js";

/** Logits -> logits ops that reshape a distribution (docs/language.md §8 warpers). */
const WARPERS: ReadonlySet<string> = new Set(["temperature", "top_k", "top_p", "min_p", "repetition_penalty"]);

/** Ops whose result is computed from model logits without sampling (followed back to the model). */
const LOGIT_PASSING: ReadonlySet<string> = new Set([...WARPERS, "softmax", "log_softmax", "add", "sub", "mul", "div", "neg", "where", "stack", "concat_ids"]);

/** Ops that read model outputs over a vocabulary. */
const LOGIT_SOURCES: ReadonlySet<string> = new Set(["next_logits", "score_logits", "heads_logits", "unmask_logits"]);

/** The model calls (`*_logits` ops) a logits value is computed from, through warpers and arithmetic. */
export function logitSources(ctx: CheckContext, id: Operand): OpSite[] {
  const out: OpSite[] = [];
  const seen = new Set<string>();
  const visit = (o: Operand): void => {
    if (!isValueId(o) || seen.has(o)) return;
    seen.add(o);
    for (const site of ctx.producers(o)) {
      if (LOGIT_SOURCES.has(site.op.op)) out.push(site);
      else if (LOGIT_PASSING.has(site.op.op)) {
        // repetition_penalty reads the context as its second argument: only the logits matter.
        const args = site.op.op === "repetition_penalty" ? site.op.args.slice(0, 1) : site.op.args;
        args.forEach(visit);
      }
    }
  };
  visit(id);
  return out;
}

/** One warper application: the op and its static attributes (temperature, k, p, penalty). */
export interface Warper {
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** The warpers applied to reach `id` (first applied first) and the value they started from. */
export function warperChain(ctx: CheckContext, id: Operand): { chain: Warper[]; base: Operand } {
  const chain: Warper[] = [];
  let cur = id;
  for (;;) {
    const site = ctx.defSite(cur);
    if (!site || !WARPERS.has(site.op.op)) break;
    const { move: _m, iter: _i, stream: _s, ...attrs } = site.op.attrs ?? {};
    chain.unshift({ op: site.op.op, attrs });
    cur = site.op.args[0]!;
  }
  return { chain, base: cur };
}

/** "temperature 0.7, top_p 0.9", or "no warpers". */
export function describeChain(chain: readonly Warper[]): string {
  if (chain.length === 0) return "no warpers";
  return chain.map((w) => `${w.op} ${Object.values(w.attrs).join(" ")}`.trim()).join(", ");
}

export function sameChain(a: readonly Warper[], b: readonly Warper[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether the value of `site` reaches what a move commits (an expansion's appended ids or
 * refined sequence, or the procedure's result) along a path that does not pass through
 * `verify`, whose result is an exact sample of the target whatever its drafts were.
 */
export function reachesCommitUnverified(ctx: CheckContext, site: OpSite): boolean {
  const seen = new Set<string>();
  const stack: string[] = site.op.out ? [site.op.out] : [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const u of ctx.uses(id)) {
      switch (u.kind) {
        case "expand-yield":
        case "result":
          return true;
        case "arg":
          if (u.site.op.op !== "verify" && u.site.op.out) stack.push(u.site.op.out);
          break;
        case "loop-yield":
          stack.push(u.loop.outs[u.index]!, u.loop.carried[u.index]!.param);
          break;
        case "loop-init":
          stack.push(u.loop.carried[u.index]!.param);
          break;
        case "expand-init":
          stack.push(u.op.param, u.op.out);
          break;
        case "until-length":
          break;
      }
    }
  }
  return false;
}

/** Ops whose result depends on a random draw (or on the run's state): equal only when identical. */
const NONDETERMINISTIC: ReadonlySet<string> = new Set(["categorical", "normal", "uniform", "noise", "commit", "commit_threshold", "verify", "input"]);

/**
 * Whether two operands denote the same value: the same id, or the same deterministic op (same
 * attributes, ignoring provenance) on the same operands, e.g. `softmax(H(y))` written twice.
 */
export function sameValue(ctx: CheckContext, a: Operand, b: Operand, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a === "number" || typeof b === "number") return false;
  if (depth > 32) return false;
  const sa = ctx.defSite(a);
  const sb = ctx.defSite(b);
  if (!sa || !sb || sa.op.op !== sb.op.op || NONDETERMINISTIC.has(sa.op.op) || sa.op.args.length !== sb.op.args.length) return false;
  const attrs = (s: OpSite): string => {
    const { move: _m, iter: _i, ...rest } = s.op.attrs ?? {};
    return JSON.stringify(rest);
  };
  return attrs(sa) === attrs(sb) && sa.op.args.every((x, i) => sameValue(ctx, x, sb.op.args[i]!, depth + 1));
}

/** The drafts a `verify` checks: the categorical (or argmax) ops whose ids make up `d`, in order. */
export function draftOps(ctx: CheckContext, d: Operand): BasicOp[] {
  const site = ctx.defSite(d);
  if (!site) return [];
  if (site.op.op === "concat_ids") return site.op.args.flatMap((a) => draftOps(ctx, a));
  if (site.op.op === "categorical" || site.op.op === "argmax") return [site.op];
  return [];
}
