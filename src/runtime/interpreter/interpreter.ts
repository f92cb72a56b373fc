/**
 * The plan interpreter: executes IR ops over batched values. Control flow (`loop`, `expand`,
 * `expand_block`) lives here; kernels live in the kernel table. Randomness is counter-based:
 * a random op with stream s, executed for the c-th time, draws for row r with Philox counter
 * (sample = global index of r, draw = s·2^32 + c), so a sample's values do not depend on the
 * batch it runs in.
 */
import type { BasicOp, ExpandBlockOp, ExpandOp, IRProcedure, LoopOp, Op, Operand } from "../../ir/ir.js";
import { isTableRef } from "../../ir/ir.js";
import type { ModelBackend } from "./backend.js";
import { KERNELS } from "./kernels.js";
import type { KernelContext } from "./context.js";
import { selectRows, type RValue, type Tensor } from "./values.js";

export class RuntimeError extends Error {
  constructor(message: string, readonly op: string, readonly loc?: string) {
    super(message);
  }
}

export interface RunOptions {
  readonly seed: number;
  readonly batch: number;
  /** Index of the first sample of this batch (for splitting a run across batches). */
  readonly firstSample?: number;
  /** Run-time inputs by name: tokens as number[] (one prompt for all samples) or latents. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly onProgress?: (done: number, total: number) => void;
}

type Env = Map<string, RValue>;

class Frame {
  constructor(
    readonly env: Env,
    readonly rows: Int32Array,
    readonly parent?: Frame,
    /** Map from this frame's rows to the parent's row indices (sub-batch of active samples). */
    readonly rowMap?: Int32Array,
    readonly table?: readonly number[],
  ) {}

  get(id: string): RValue {
    const v = this.env.get(id);
    if (v) return v;
    if (!this.parent) throw new Error(`undefined value ${id}`);
    const outer = this.parent.get(id);
    const local = this.rowMap ? selectRows(outer, this.rowMap) : outer;
    this.env.set(id, local);
    return local;
  }
}

export class Interpreter {
  private readonly executions = new Map<number, number>();
  readonly ctx: KernelContext;

  constructor(readonly plan: IRProcedure, readonly backend: ModelBackend, readonly options: RunOptions) {
    this.ctx = {
      seed: options.seed,
      backend,
      models: new Map(plan.models.map((m) => [m.id, m])),
      inputs: options.inputs ?? {},
      draw: (stream) => {
        const c = this.executions.get(stream) ?? 0;
        this.executions.set(stream, c + 1);
        return stream * 2 ** 32 + c;
      },
      caches: new Map(),
      counters: new Map(),
    };
  }

  async run(): Promise<RValue> {
    const first = this.options.firstSample ?? 0;
    const rows = Int32Array.from({ length: this.options.batch }, (_, i) => first + i);
    const frame = new Frame(new Map(), rows);
    await this.block(this.plan.body, frame);
    return this.operand(this.plan.result, frame) as RValue;
  }

  private operand(o: Operand, frame: Frame): RValue | number {
    if (typeof o === "number") return o;
    if (isTableRef(o)) return frame.table![o.col]!;
    return frame.get(o);
  }

  private async block(ops: readonly Op[], frame: Frame): Promise<void> {
    for (const op of ops) {
      switch (op.op) {
        case "loop": await this.loop(op as LoopOp, frame); break;
        case "expand": await this.expand(op as ExpandOp, frame); break;
        case "expand_block": await this.expandBlock(op as ExpandBlockOp, frame); break;
        default: await this.basic(op as BasicOp, frame);
      }
    }
  }

  private async basic(op: BasicOp, frame: Frame): Promise<void> {
    const kernel = KERNELS[op.op];
    if (!kernel) throw new RuntimeError(`unknown op "${op.op}"`, op.op, op.loc);
    const args = op.args.map((a) => this.operand(a, frame));
    let result: RValue | Promise<RValue>;
    try {
      result = kernel(this.ctx, op, args, frame.rows);
      if (result instanceof Promise) result = await result;
    } catch (err) {
      if (err instanceof RuntimeError) throw err;
      throw new RuntimeError((err as Error).message, op.op, op.loc);
    }
    if (op.out) frame.env.set(op.out, result as RValue);
  }

  private async loop(op: LoopOp, frame: Frame): Promise<void> {
    let carried = op.carried.map((c) => this.operand(c.init, frame) as RValue);
    for (let i = 0; i < op.count; i++) {
      const env: Env = new Map();
      op.carried.forEach((c, k) => env.set(c.param, carried[k]!));
      const inner = new Frame(env, frame.rows, frame, undefined, op.table[i]);
      await this.block(op.body, inner);
      carried = op.yields.map((y) => this.operand(y, inner) as RValue);
      this.options.onProgress?.(i + 1, op.count);
    }
    op.outs.forEach((id, k) => frame.env.set(id, carried[k]!));
  }

  /** Append-until loop over the samples that are still active. */
  private async expand(op: ExpandOp, frame: Frame): Promise<void> {
    const seqs: Int32Array[] = this.tokens(this.operand(op.init, frame)).map((s) => Int32Array.from(s));
    const limit = op.until.length === undefined ? Infinity : (this.operand(op.until.length, frame) as number);
    const done = seqs.map((s) => s.length >= limit);
    for (;;) {
      const active = Int32Array.from(done.flatMap((d, i) => (d ? [] : [i])));
      if (active.length === 0) break;
      const env: Env = new Map([[op.param, { kind: "tokens", seqs: Array.from(active, (r) => seqs[r]!) } as RValue]]);
      const inner = new Frame(env, Int32Array.from(active, (r) => frame.rows[r]!), frame, active);
      await this.block(op.body, inner);
      const out = this.operand(op.yield, inner) as RValue;
      active.forEach((r, k) => {
        let add = newIds(out, k);
        const room = limit - seqs[r]!.length;
        if (add.length > room) add = add.subarray(0, room);
        if (op.until.eos !== undefined) {
          const at = add.indexOf(op.until.eos);
          if (at >= 0) { add = add.subarray(0, at + 1); done[r] = true; }
        }
        const next = new Int32Array(seqs[r]!.length + add.length);
        next.set(seqs[r]!);
        next.set(add, seqs[r]!.length);
        seqs[r] = next;
        if (next.length >= limit || add.length === 0) done[r] = true;
      });
      this.options.onProgress?.(Math.max(...seqs.map((s) => s.length)), Number.isFinite(limit) ? limit : 0);
    }
    frame.env.set(op.out, { kind: "tokens", seqs });
  }

  /** Block-wise hybrid: append a block of fill ids, refine it with the body, repeat. */
  private async expandBlock(op: ExpandBlockOp, frame: Frame): Promise<void> {
    const seqs: Int32Array[] = this.tokens(this.operand(op.init, frame)).map((s) => Int32Array.from(s));
    const limit = op.until.length === undefined ? Infinity : (this.operand(op.until.length, frame) as number);
    if (!Number.isFinite(limit)) throw new RuntimeError("a block expansion needs `until length N`", op.op, op.loc);
    for (;;) {
      const active = Int32Array.from(seqs.flatMap((s, i) => (s.length < limit ? [i] : [])));
      if (active.length === 0) break;
      const grown = Array.from(active, (r) => {
        const s = seqs[r]!;
        const next = new Int32Array(s.length + Math.min(op.by, limit - s.length));
        next.set(s);
        next.fill(op.fill, s.length);
        return next;
      });
      const env: Env = new Map([[op.param, { kind: "tokens", seqs: grown } as RValue]]);
      const inner = new Frame(env, Int32Array.from(active, (r) => frame.rows[r]!), frame, active);
      await this.block(op.body, inner);
      const out = this.tokens(this.operand(op.yield, inner));
      active.forEach((r, k) => { seqs[r] = Int32Array.from(out[k]!); });
      if (op.until.eos !== undefined) {
        for (const r of active) if (seqs[r]!.includes(op.until.eos)) seqs[r] = seqs[r]!.slice(0, seqs[r]!.indexOf(op.until.eos) + 1);
      }
      this.options.onProgress?.(Math.max(...seqs.map((s) => s.length)), limit);
    }
    frame.env.set(op.out, { kind: "tokens", seqs });
  }

  private tokens(v: RValue | number): readonly Int32Array[] {
    if (typeof v === "number" || v.kind === "tensor") throw new Error("expected token sequences");
    return v.seqs;
  }
}

/** The ids a body yields for row k: one id, a fixed number, or a ragged list. */
function newIds(v: RValue, k: number): Int32Array {
  if (v.kind === "ragged" || v.kind === "tokens") return v.seqs[k]!;
  const t = v as Tensor;
  const n = t.inner.reduce((a, b) => a * b, 1);
  return Int32Array.from(t.data.subarray(k * n, k * n + n));
}
