/**
 * fuse-elementwise: chains of add/sub/mul/div become one `fused` op. The fused kernel must give
 * the bits the chain gives — for every operand kind (immediates, table constants, per-sample
 * scalars, full tensors, int32 tensors), special values (±0, ±∞, NaN, subnormals) and the same
 * broadcast errors — and whole samplers must sample the same bits with and without the pass.
 */
import fc from "fast-check";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { BasicOp, IRProcedure, LoopOp, Op } from "../../src/ir/ir.js";
import { optimize } from "../../src/opt/pipeline.js";
import { fuseElementwisePass } from "../../src/opt/passes/fuseElementwise.js";
import { parsePlan } from "../../src/plan/load.js";
import { emitPlan } from "../../src/plan/emit.js";
import { elementwise, fused, type FusedInstruction, type Scalarish } from "../../src/runtime/interpreter/elementwise.js";
import { KNOWN_OPS } from "../../src/runtime/interpreter/kernels.js";
import type { RValue, Tensor } from "../../src/runtime/interpreter/values.js";
import { lowerSource, root, runProcedure } from "../helpers/examples.js";

const bits = (v: RValue) => (v.kind === "tensor" ? Array.from(new Uint32Array(v.data.buffer, v.data.byteOffset, v.data.length)) : []);

/** The chain evaluated op by op with the elementwise kernel. */
function unfused(code: readonly FusedInstruction[], args: readonly Scalarish[], rows: number): RValue {
  const regs: Scalarish[] = [...args];
  for (const [op, a, b] of code) regs.push(elementwise(op, [regs[a]!, regs[b]!], rows) as Tensor);
  return regs[regs.length - 1] as RValue;
}

const outcome = (f: () => RValue) => {
  try {
    const v = f();
    return { inner: v.kind === "tensor" ? v.inner : [], bits: bits(v) };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

describe("the fused kernel equals the chain, bit for bit", () => {
  const special = fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-40, 3.4e38, 1, -1, 0.1);
  const f32 = fc.oneof(fc.float(), special.map(Math.fround));
  const f64 = fc.oneof(fc.double(), special);

  /** A random operand for `rows` rows: a number, a per-sample scalar, or a per-sample vector. */
  const operand = (rows: number, size: number): fc.Arbitrary<Scalarish> =>
    fc.oneof(
      f64,
      fc.array(f32, { minLength: rows, maxLength: rows }).map((d): Scalarish => ({ kind: "tensor", dtype: "f32", data: Float32Array.from(d), inner: [] })),
      fc.array(f32, { minLength: rows * size, maxLength: rows * size }).map((d): Scalarish => ({ kind: "tensor", dtype: "f32", data: Float32Array.from(d), inner: [size] })),
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: rows * size, maxLength: rows * size }).map((d): Scalarish => ({ kind: "tensor", dtype: "i32", data: Int32Array.from(d), inner: [size] })),
    );

  const chain = fc
    .record({ rows: fc.integer({ min: 1, max: 4 }), size: fc.integer({ min: 1, max: 3 }), nargs: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, size, nargs, n }) =>
      fc.record({
        rows: fc.constant(rows),
        args: fc.array(operand(rows, size), { minLength: nargs, maxLength: nargs }),
        code: fc.tuple(...Array.from({ length: n }, (_, j) => fc.tuple(fc.constantFrom("add", "sub", "mul", "div"), fc.nat(nargs + j - 1), fc.nat(nargs + j - 1)))),
      }),
    );

  it("random chains over every operand kind and special values", () => {
    fc.assert(
      fc.property(chain, ({ rows, args, code }) => {
        const op = { attrs: { code } };
        expect(outcome(() => fused(op, args, rows))).toEqual(outcome(() => unfused(code as FusedInstruction[], args, rows)));
      }),
      { numRuns: 3000, seed: 20260301 },
    );
  });

  it("mismatched per-sample shapes fail as the chain fails", () => {
    const a: Scalarish = { kind: "tensor", dtype: "f32", data: new Float32Array(4), inner: [2] };
    const b: Scalarish = { kind: "tensor", dtype: "f32", data: new Float32Array(6), inner: [3] };
    const code: FusedInstruction[] = [["mul", 0, 2], ["add", 3, 1]];
    const want = outcome(() => unfused(code, [a, b, 2], 2));
    expect(want).toEqual({ error: "cannot broadcast a per-sample shape [2] to 3 elements" });
    expect(outcome(() => fused({ attrs: { code } }, [a, b, 2], 2))).toEqual(want);
  });

  it("refuses malformed programs", () => {
    const x: Scalarish = { kind: "tensor", dtype: "f32", data: new Float32Array(2), inner: [] };
    expect(() => fused({ attrs: { code: [["add", 0, 1]] } }, [x], 2)).toThrow(/earlier registers/);
    expect(() => fused({ attrs: { code: [["pow", 0, 0]] } }, [x], 2)).toThrow(/add\|sub\|mul\|div/);
    expect(() => fused({ attrs: { code: [["add", 0, "0); process.exit(1); (0"]] } }, [x], 2)).toThrow(/fused instruction 0/);
    expect(() => fused({ attrs: {} }, [x], 2)).toThrow(/non-empty code/);
  });
});

const SAMPLERS = resolve(import.meta.dirname, "programs/samplers.infer");

/** Every op of a procedure, nested bodies included. */
function allOps(ops: readonly Op[]): Op[] {
  return ops.flatMap((op) => ("args" in op ? [op] : [op, ...allOps(op.body)]));
}

describe("whole samplers are bit-identical with and without the pass", () => {
  const cases: [string, string | undefined][] = [
    ...["by_euler", "by_heun", "by_dpmpp_2m", "by_ancestral", "by_ddim_vp", "by_restart"].map((p): [string, string] => [SAMPLERS, p]),
    [resolve(root, "examples/gmm_sample.infer"), undefined],
    [resolve(root, "examples/cfg_guidance.infer"), undefined],
    [resolve(root, "bench/programs/euler50.infer"), undefined],
  ];
  for (const [file, proc] of cases) {
    it(`${file.split("/").pop()}${proc ? ` ${proc}` : ""}`, async () => {
      const lowered = lowerSource(file, proc);
      const plain = optimize(lowered, { disable: ["fuse-elementwise"] });
      const fusedIr = optimize(lowered);
      const count = (ir: IRProcedure) => allOps(ir.body).filter((op) => op.op === "fused").length;
      expect(count(plain.ir)).toBe(0);
      expect(count(fusedIr.ir)).toBeGreaterThan(0);
      expect(fusedIr.explain.some((e) => e.startsWith("fuse-elementwise: fused "))).toBe(true);
      expect(allOps(fusedIr.ir.body).length).toBeLessThan(allOps(plain.ir.body).length);
      for (const [seed, batch] of [[1, 1], [2, 3], [3, 8]] as const) {
        const a = await runProcedure(plain.ir, { seed, batch });
        const b = await runProcedure(fusedIr.ir, { seed, batch });
        expect(bits(b)).toEqual(bits(a));
      }
    });
  }
});

describe("what the pass fuses", () => {
  const base = (body: Op[], result = "%9"): IRProcedure => ({ name: "t", models: [], inputs: [], body, result, resultType: { kind: "f32", shape: [2] } }) as unknown as IRProcedure;
  const ew = (op: string, out: string, args: BasicOp["args"]): BasicOp => ({ op, out, type: { kind: "f32", shape: [2] }, args, attrs: { move: 0 } });
  const x: BasicOp = { op: "noise", out: "%0", type: { kind: "f32", shape: [2] }, args: [], attrs: { shape: [2], scale: 1, stream: 0 } };

  it("a chain with single-use intermediates becomes one op; the arguments are the distinct leaves", () => {
    const ir = base([x, ew("mul", "%1", ["%0", 2]), ew("sub", "%2", ["%1", "%0"]), ew("div", "%9", ["%2", 2])]);
    const { ir: out, changes } = fuseElementwisePass.run(ir);
    expect(out.body).toHaveLength(2);
    expect(out.body[1]).toEqual({ op: "fused", out: "%9", type: { kind: "f32", shape: [2] }, args: ["%0", 2], attrs: { move: 0, code: [["mul", 0, 1], ["sub", 2, 0], ["div", 3, 1]] } });
    expect(changes).toEqual(["fused 3 elementwise ops (mul %1, sub %2, div %9) into one loop"]);
  });

  it("an intermediate used twice, or used in another block, is not inlined", () => {
    const twice = base([x, ew("mul", "%1", ["%0", 2]), ew("sub", "%2", ["%1", "%0"]), ew("add", "%9", ["%2", "%1"])]);
    const out = fuseElementwisePass.run(twice).ir;
    // %1 has two uses: it stays; sub -> add fuse around it.
    expect(out.body.map((o) => o.op)).toEqual(["noise", "mul", "fused"]);
    const loop: LoopOp = { op: "loop", count: 2, table: [[1], [2]], carried: [{ param: "%5", init: "%1", type: { kind: "f32", shape: [2] } }], body: [ew("add", "%6", ["%5", { col: 0 }])], yields: ["%6"], outs: ["%9"] };
    const nested = base([x, ew("mul", "%1", ["%0", 2]), loop]);
    expect(fuseElementwisePass.run(nested).ir.body.map((o) => o.op)).toEqual(["noise", "mul", "loop"]);
  });

  it("fused ops survive the plan: schema-valid, known to the runtime, and malformed code is refused", () => {
    const { ir } = optimize(lowerSource(resolve(root, "bench/programs/euler50.infer")));
    const planPath = resolve(root, "bench/programs/plan.json");
    const { plan } = emitPlan(ir, planPath);
    expect(KNOWN_OPS.has("fused")).toBe(true);
    expect(parsePlan(JSON.stringify(plan), planPath, KNOWN_OPS, false).plan).toBeDefined();
    const bad = JSON.parse(JSON.stringify(plan).replace(/\["sub",0,2\]/, '["pow",0,2]')) as unknown;
    expect(JSON.stringify(bad)).toContain('"pow"');
    expect(parsePlan(JSON.stringify(bad), planPath, KNOWN_OPS, false).error).toMatch(/plan/);
  });
});
