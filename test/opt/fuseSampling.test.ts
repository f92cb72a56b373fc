/**
 * fuse-sampling: the decoding chain next_logits → warpers → categorical | argmax becomes one
 * `sample_next` op. Whole decoders must generate the same tokens with and without the pass, for
 * every warper, greedy and random picks, batch 1 and a batch whose rows stop at different times.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { BasicOp, IRProcedure, Op } from "../../src/ir/ir.js";
import { optimize } from "../../src/opt/pipeline.js";
import { fuseSamplingPass } from "../../src/opt/passes/fuseSampling.js";
import { emitPlan } from "../../src/plan/emit.js";
import { parsePlan } from "../../src/plan/load.js";
import { KNOWN_OPS } from "../../src/runtime/interpreter/kernels.js";
import { OrtExecutor } from "../../src/runtime/session.js";
import { lowerSource, root, runProcedure } from "../helpers/examples.js";

const DECODERS = resolve(import.meta.dirname, "programs/decoders.infer");

function allOps(ops: readonly Op[]): Op[] {
  return ops.flatMap((op) => ("args" in op ? [op] : [op, ...allOps(op.body)]));
}

const basic = (ir: IRProcedure, name: string) => allOps(ir.body).filter((o): o is BasicOp => o.op === name);

describe("what fuse-sampling fuses", () => {
  it("fuses the whole chain, drops temperature 1 and keeps the draw's stream", () => {
    const lowered = lowerSource(DECODERS, "plain");
    const { ir, changes } = fuseSamplingPass.run(lowered);
    const [step] = basic(ir, "sample_next");
    const [draw] = basic(lowered, "categorical");
    const [call] = basic(lowered, "next_logits");
    expect(step).toMatchObject({ out: draw!.out, args: call!.args, loc: call!.loc, attrs: { model: "lm", warpers: [], pick: "categorical", stream: draw!.attrs!.stream } });
    for (const gone of ["next_logits", "temperature", "categorical"]) expect(basic(ir, gone)).toHaveLength(0);
    expect(changes).toEqual([expect.stringMatching(/next_logits → temperature → categorical into one sample_next op/)]);
    expect(KNOWN_OPS.has("sample_next")).toBe(true);
  });

  it("keeps every warper in order, with its value", () => {
    const { ir } = fuseSamplingPass.run(lowerSource(DECODERS, "nucleus"));
    expect(basic(ir, "sample_next")[0]!.attrs).toMatchObject({
      warpers: [["repetition_penalty", 1.3], ["temperature", 0.7], ["top_k", 20], ["top_p", 0.9], ["min_p", 0.02]],
      pick: "categorical",
    });
  });

  it("fuses a greedy pick without a stream", () => {
    const { ir } = fuseSamplingPass.run(lowerSource(DECODERS, "greedy"));
    const attrs = basic(ir, "sample_next")[0]!.attrs!;
    expect(attrs).toMatchObject({ warpers: [], pick: "argmax" });
    expect("stream" in attrs).toBe(false);
  });

  it("leaves logits with a second use alone", () => {
    const lowered = lowerSource(DECODERS, "reused");
    expect(fuseSamplingPass.run(lowered)).toEqual({ ir: lowered, changes: [] });
  });

  it("leaves a chain interrupted by another op alone (model calls keep their order)", () => {
    const lowered = lowerSource(DECODERS, "plain");
    const interrupt = (ops: readonly Op[]): Op[] => ops.flatMap((op): Op[] => {
      if (!("args" in op)) return [{ ...op, body: interrupt(op.body) } as Op];
      return op.op === "next_logits" ? [op, { op: "tokens_fill", out: "%x", type: { kind: "tokens", len: 1 }, args: [], attrs: { id: 0, n: 1 } }] : [op];
    });
    const ir = { ...lowered, body: interrupt(lowered.body) };
    expect(fuseSamplingPass.run(ir).changes).toEqual([]);
  });

  it("survives the plan: schema-valid and known to the runtime; a malformed one is refused on load", () => {
    const { ir } = optimize(lowerSource(DECODERS, "nucleus"));
    const planPath = resolve(root, "test/opt/programs/plan.json");
    const { plan } = emitPlan(ir, planPath);
    expect(parsePlan(JSON.stringify(plan), planPath, KNOWN_OPS, false).plan).toBeDefined();
    const tamper = (f: (attrs: Record<string, unknown>) => Record<string, unknown>) =>
      JSON.stringify(plan, (_k, v: { op?: string; attrs?: Record<string, unknown> }) => (v?.op === "sample_next" ? { ...v, attrs: f(v.attrs!) } : v));
    for (const bad of [
      tamper((a) => ({ ...a, warpers: [["top_q", 3]] })),
      tamper((a) => ({ ...a, warpers: [["top_k"]] })),
      tamper((a) => ({ ...a, pick: "mode" })),
      tamper(({ stream: _s, ...a }) => a),
    ]) {
      expect(parsePlan(bad, planPath, KNOWN_OPS, false).error).toMatch(/malformed plan/);
    }
  });

  it("its kernel refuses malformed attrs even without the schema", async () => {
    const ir = optimize(lowerSource(DECODERS, "plain")).ir;
    const retag = (ops: readonly Op[]): Op[] => ops.map((op) => ("args" in op ? (op.op === "sample_next" ? { ...op, attrs: { ...op.attrs, warpers: [["top_q", 3]] } } : op) : ({ ...op, body: retag(op.body) } as Op)));
    await expect(runProcedure({ ...ir, body: retag(ir.body) }, { seed: 1, batch: 1 })).rejects.toThrow(/sample_next: \["top_q",3\] is not/);
  });
});

describe("decoders generate the same tokens with and without the pass", () => {
  const executor = new OrtExecutor();
  for (const proc of ["plain", "greedy", "nucleus"]) {
    it(proc, async () => {
      const lowered = lowerSource(DECODERS, proc);
      const plain = optimize(lowered, { disable: ["fuse-sampling"] }).ir;
      const fused = optimize(lowered).ir;
      expect(basic(plain, "sample_next")).toHaveLength(0);
      expect(basic(fused, "sample_next")).toHaveLength(1);
      for (const [seed, batch] of [[1, 1], [7, 6]] as const) {
        const a = await runProcedure(plain, { seed, batch }, executor);
        const b = await runProcedure(fused, { seed, batch }, executor);
        expect(b).toEqual(a);
      }
    });
  }
});
