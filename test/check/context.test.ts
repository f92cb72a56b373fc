/** The IR index rules read: sites, use-def through loops and expansions, refine intervals. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckContext } from "../../src/check/context.js";
import { SourceIndex } from "../../src/check/sources.js";
import { lowerSource } from "../helpers/examples.js";
import { root } from "./helpers.js";

function context(file: string): CheckContext {
  return new CheckContext(lowerSource(resolve(root, "examples", file)), { tol: 0.02, sources: new SourceIndex() }, () => {});
}

describe("CheckContext", () => {
  it("reads a re-rolled refine per schedule interval, with each interval's table row", () => {
    const ctx = context("gmm_sample.infer");
    const move = ctx.refineMoves()[0]!;
    const its = ctx.iterations(move);
    expect(its.map((it) => it.index)).toEqual([...Array(18).keys()]);
    expect(its.map((it) => it.t)).toEqual(move.schedule!.slice(0, -1));
    // Heun calls the denoiser at t and at s, except in the last interval (s = 0).
    const calls = its.map((it) => it.sites.filter((x) => x.site.op.op === "model").map((x) => ctx.scalar(ctx.portArg(x.site.op, "t"), x)));
    its.forEach((it, i) => expect(calls[i]).toEqual(i < 17 ? [it.t, it.s] : [it.t]));
  });
  it("maps values to definitions and uses through loop-carried parameters and expansion bodies", () => {
    const ctx = context("speculative.infer");
    const verify = ctx.sites.find((s) => s.op.op === "verify")!;
    expect(ctx.uses(verify.op.out!).map((u) => u.kind)).toEqual(["expand-yield"]);
    const draft = ctx.defSite(verify.op.args[0]!)!;
    expect(draft.op.op).toBe("categorical");
    const expandParam = ctx.sites.find((s) => s.op.op === "heads_logits")!.op.args[0]!;
    expect(ctx.def(expandParam)?.kind).toBe("expand-param");

    const md = context("masked_diffusion.infer");
    const commit = md.sites.find((s) => s.op.op === "commit")!;
    const carried = md.def(commit.op.args[0]!);
    expect(carried?.kind).toBe("carried");
    // A carried parameter comes from its initial value and from the value the body yields.
    expect(md.producers(commit.op.args[0]!).map((s) => s.op.op).sort()).toEqual(["commit", "tokens_fill"]);
  });
  it("turns op locations into spans covering the whole expression", () => {
    const ctx = context("flowmap_fewstep.infer");
    const call = ctx.sites.find((s) => s.op.op === "model")!;
    expect(ctx.spanOf(call.op)).toMatchObject({ line: 69, column: 10, endLine: 69, endColumn: 19 });
    expect(ctx.scheduleSpan(ctx.refineMoves()[0]!)).toMatchObject({ line: 14, column: 17, endColumn: 26 });
  });
});
