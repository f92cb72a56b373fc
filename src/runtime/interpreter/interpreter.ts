/**
 * The plan interpreter: executes IR ops over batched values. Control flow (`loop`, `expand`,
 * `expand_block`) lives here; kernels live in the kernel table. Randomness is counter-based:
 * a random op with stream s, executed for the c-th time, draws for row r with Philox counter
 * (sample = global index of r, draw = s·2^32 + c), so a sample's values do not depend on the
 * batch it runs in.
 */
import type { BasicOp, ExpandBlockOp, ExpandOp, IRProcedure, LoopOp, ModelRef, Op, Operand } from "../../ir/ir.js";
import { isTableRef } from "../../ir/ir.js";
import type { TokenKvCache } from "../tokenKvCache.js";
import { philoxKey, type PhiloxKey } from "../rng/philox.js";
import type { ModelExecutor } from "../session.js";
import { KERNELS } from "./kernels.js";
import type { Kernel, KernelContext } from "./context.js";
import type { TokenModel } from "./modelKernels.js";
import { selectRows, sizeOf, type RValue, type Tensor } from "./values.js";

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
    /**
     * Values taken from the parent (selected by rowMap), shared by the iterations that run on the
     * same rows, so a loop body does not select the same outer value again every iteration.
     */
    readonly imported: Env = env,
  ) {}

  get(id: string): RValue {
    const v = this.env.get(id) ?? this.imported.get(id);
    if (v) return v;
    if (!this.parent) throw new Error(`undefined value ${id}`);
    const outer = this.parent.get(id);
    const local = this.rowMap ? selectRows(outer, this.rowMap) : outer;
    this.imported.set(id, local);
    return local;
  }
}

/** Token sequences that grow by appending, in buffers that double their capacity. */
class GrowingSeqs {
  private readonly bufs: Int32Array[];
  readonly lengths: Int32Array;
  /** Row r's tokens: a view of its buffer (positions below the length never change). */
  readonly views: Int32Array[];

  constructor(init: readonly Int32Array[]) {
    this.bufs = init.map((s) => { const b = new Int32Array(Math.max(16, 2 * s.length)); b.set(s); return b; });
    this.lengths = Int32Array.from(init, (s) => s.length);
    this.views = this.bufs.map((b, r) => b.subarray(0, this.lengths[r]!));
  }

  /** Appends one id to row r. */
  push(r: number, id: number): void {
    const len = this.lengths[r]!;
    let buf = this.bufs[r]!;
    if (len === buf.length) {
      const grown = new Int32Array(2 * buf.length);
      grown.set(buf);
      this.bufs[r] = buf = grown;
    }
    buf[len] = id;
    this.lengths[r] = len + 1;
    this.views[r] = buf.subarray(0, len + 1);
  }

  append(r: number, add: Int32Array): void {
    const len = this.lengths[r]!;
    const need = len + add.length;
    let buf = this.bufs[r]!;
    if (need > buf.length) {
      const grown = new Int32Array(Math.max(need, 2 * buf.length));
      grown.set(buf.subarray(0, len));
      this.bufs[r] = buf = grown;
    }
    buf.set(add, len);
    this.lengths[r] = need;
    this.views[r] = buf.subarray(0, need);
  }
}

/**
 * The kernels' view of a run. A class rather than an object literal with a `draw` closure made per
 * run: kernels call the same `draw` function in every run (one call target for the optimizer).
 */
class RunContext implements KernelContext {
  readonly key: PhiloxKey;
  readonly caches = new Map<string, TokenKvCache>();
  readonly tokenModels = new Map<string, TokenModel>();
  readonly counters = new Map<string, number>();
  /** Executions so far per random stream. */
  private readonly executions: number[] = [];

  constructor(
    readonly seed: number,
    readonly executor: ModelExecutor,
    readonly models: ReadonlyMap<string, ModelRef>,
    readonly inputs: Readonly<Record<string, unknown>>,
  ) {
    this.key = philoxKey(seed);
  }

  draw(stream: number): number {
    const c = this.executions[stream] ?? 0;
    this.executions[stream] = c + 1;
    return stream * 2 ** 32 + c;
  }
}

/** Indices of the rows not yet done. */
function activeRows(done: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < done.length; i++) if (!done[i]) n++;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < done.length; i++) if (!done[i]) out[k++] = i;
  return out;
}

export class Interpreter {
  readonly ctx: KernelContext;

  constructor(readonly plan: IRProcedure, readonly executor: ModelExecutor, readonly options: RunOptions) {
    this.ctx = new RunContext(options.seed, executor, new Map(plan.models.map((m) => [m.id, m])), options.inputs ?? {});
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

  /** Runs `body` in `frame`. */
  private async block(body: readonly Op[], frame: Frame): Promise<void> {
    await this.exec(bodyOps(body), frame);
  }

  /**
   * Runs `ops` from index `from`. Kernels that return a value run in a plain loop; the first op
   * that returns a promise (a model call, a control op) runs the rest when it settles, and
   * undefined means everything ran synchronously. So executing a body costs no async frame — the
   * decoding loop executes its body once per token — and only asynchronous ops cost a microtask.
   */
  private exec(ops: readonly BodyOp[], frame: Frame, from = 0): Promise<void> | undefined {
    for (let j = from; j < ops.length; j++) {
      const { op, kernel } = ops[j]!;
      // Control ops write their own results into the frame.
      if (!("args" in op)) return this.control(op, frame).then(() => this.exec(ops, frame, j + 1));
      const value = this.basic(op, kernel, frame);
      if (value instanceof Promise) {
        return value.then(
          (v) => {
            if (op.out) frame.env.set(op.out, v);
            return this.exec(ops, frame, j + 1);
          },
          (err: unknown) => {
            throw located(err, op);
          },
        );
      }
      if (op.out) frame.env.set(op.out, value);
    }
    return undefined;
  }

  private control(op: Exclude<Op, BasicOp>, frame: Frame): Promise<void> {
    switch (op.op) {
      case "loop": return this.loop(op, frame);
      case "expand": return this.expand(op, frame);
      default: return this.expandBlock(op, frame);
    }
  }


  private basic(op: BasicOp, kernel: Kernel | undefined, frame: Frame): RValue | Promise<RValue> {
    if (!kernel) throw new RuntimeError(`unknown op "${op.op}"`, op.op, op.loc);
    const n = op.args.length;
    const args = new Array<RValue | number>(n);
    for (let i = 0; i < n; i++) args[i] = this.operand(op.args[i]!, frame);
    try {
      return kernel(this.ctx, op, args, frame.rows);
    } catch (err) {
      throw located(err, op);
    }
  }

  private async loop(op: LoopOp, frame: Frame): Promise<void> {
    let carried = op.carried.map((c) => this.operand(c.init, frame) as RValue);
    const ops = bodyOps(op.body);
    for (let i = 0; i < op.count; i++) {
      const env: Env = new Map();
      for (let k = 0; k < carried.length; k++) env.set(op.carried[k]!.param, carried[k]!);
      const inner = new Frame(env, frame.rows, frame, undefined, op.table[i]);
      const pending = this.exec(ops, inner);
      if (pending) await pending;
      carried = op.yields.map((y) => this.operand(y, inner) as RValue);
      this.options.onProgress?.(i + 1, op.count);
    }
    op.outs.forEach((id, k) => frame.env.set(id, carried[k]!));
  }

  /** Append-until loop over the samples that are still active. */
  private async expand(op: ExpandOp, frame: Frame): Promise<void> {
    const seqs = new GrowingSeqs(this.tokens(this.operand(op.init, frame)));
    const B = seqs.views.length;
    const limit = op.until.length === undefined ? Infinity : (this.operand(op.until.length, frame) as number);
    const total = Number.isFinite(limit) ? limit : 0;
    const done = Uint8Array.from(seqs.lengths, (n) => (n >= limit ? 1 : 0));
    let maxLength = seqs.lengths.reduce((a, b) => Math.max(a, b), 0);
    let active = activeRows(done);
    // Rows (global sample ids) and outer values of the current active set; rebuilt when it shrinks.
    let all = active.length === B;
    let rows = all ? frame.rows : Int32Array.from(active, (r) => frame.rows[r]!);
    // One environment per active set. It is not cleared between iterations: the body is in SSA
    // form, so each iteration assigns every id before reading it and overwrites the last one's.
    let inner = new Frame(new Map(), rows, frame, all ? undefined : active, undefined, new Map());
    const ops = bodyOps(op.body);
    while (active.length > 0) {
      const param: RValue = { kind: "tokens", seqs: all ? seqs.views.slice() : Array.from(active, (r) => seqs.views[r]!) };
      inner.env.set(op.param, param);
      const pending = this.exec(ops, inner);
      if (pending) await pending;
      const out = this.operand(op.yield, inner) as RValue;
      let finished = false;
      // One id per sample (sequential decoding): appended without slicing the body's output.
      const single = out.kind === "tensor" && sizeOf(out.inner) === 1 ? out.data : undefined;
      for (let k = 0; k < active.length; k++) {
        const r = active[k]!;
        if (single) {
          const id = single[k]! | 0; // what storing into the Int32Array gives
          seqs.push(r, id);
          const len = seqs.lengths[r]!;
          if (len >= limit || id === op.until.eos) { done[r] = 1; finished = true; }
          if (len > maxLength) maxLength = len;
          continue;
        }
        let add = newIds(out, k);
        const room = limit - seqs.lengths[r]!;
        if (add.length > room) add = add.subarray(0, room);
        if (op.until.eos !== undefined) {
          const at = add.indexOf(op.until.eos);
          if (at >= 0) { add = add.subarray(0, at + 1); done[r] = 1; }
        }
        seqs.append(r, add);
        const len = seqs.lengths[r]!;
        if (len >= limit || add.length === 0) done[r] = 1;
        if (done[r]) finished = true;
        if (len > maxLength) maxLength = len;
      }
      if (finished) {
        active = activeRows(done);
        all = false;
        rows = Int32Array.from(active, (r) => frame.rows[r]!);
        inner = new Frame(new Map(), rows, frame, active, undefined, new Map());
      }
      this.options.onProgress?.(maxLength, total);
    }
    frame.env.set(op.out, { kind: "tokens", seqs: seqs.views.map((v) => v.slice()) });
  }

  /** Block-wise hybrid: append a block of fill ids, refine it with the body, repeat. */
  private async expandBlock(op: ExpandBlockOp, frame: Frame): Promise<void> {
    const seqs: Int32Array[] = this.tokens(this.operand(op.init, frame)).map((s) => Int32Array.from(s));
    const limit = op.until.length === undefined ? Infinity : (this.operand(op.until.length, frame) as number);
    if (!Number.isFinite(limit)) throw new RuntimeError("a block expansion needs `until length N`", op.op, op.loc);
    // A row is done at the length limit or once it has been cut at eos (it must not grow again).
    const done = Uint8Array.from(seqs, (s) => (s.length < limit ? 0 : 1));
    for (;;) {
      const active = activeRows(done);
      if (active.length === 0) break;
      const grown = Array.from(active, (r) => {
        const s = seqs[r]!;
        const next = new Int32Array(s.length + Math.min(op.by, limit - s.length));
        next.set(s);
        next.fill(op.fill, s.length);
        return next;
      });
      const all = active.length === seqs.length;
      const env: Env = new Map([[op.param, { kind: "tokens", seqs: grown } as RValue]]);
      const inner = new Frame(env, all ? frame.rows : Int32Array.from(active, (r) => frame.rows[r]!), frame, all ? undefined : active);
      await this.block(op.body, inner);
      const out = this.tokens(this.operand(op.yield, inner));
      for (let k = 0; k < active.length; k++) {
        const r = active[k]!;
        let s = Int32Array.from(out[k]!);
        if (op.until.eos !== undefined) {
          const at = s.indexOf(op.until.eos);
          if (at >= 0) { s = s.slice(0, at + 1); done[r] = 1; }
        }
        seqs[r] = s;
        if (s.length >= limit) done[r] = 1;
      }
      if (this.options.onProgress) {
        let longest = 0;
        for (const s of seqs) if (s.length > longest) longest = s.length;
        this.options.onProgress(longest, limit);
      }
    }
    frame.env.set(op.out, { kind: "tokens", seqs });
  }

  private tokens(v: RValue | number): readonly Int32Array[] {
    if (typeof v === "number" || v.kind === "tensor") throw new Error("expected token sequences");
    return v.seqs;
  }
}

/** An op of a body with its kernel, looked up once per body rather than once per execution. */
interface BodyOp {
  readonly op: Op;
  /** Undefined for control ops (and for unknown ops, reported when executed). */
  readonly kernel: Kernel | undefined;
}

const BODY_OPS = new WeakMap<readonly Op[], readonly BodyOp[]>();

function bodyOps(body: readonly Op[]): readonly BodyOp[] {
  let ops = BODY_OPS.get(body);
  if (!ops) {
    ops = body.map((op) => ({ op, kernel: "args" in op ? KERNELS[op.op] : undefined }));
    BODY_OPS.set(body, ops);
  }
  return ops;
}

/** A kernel's error as a RuntimeError naming the op and where it was issued. */
function located(err: unknown, op: BasicOp): RuntimeError {
  if (err instanceof RuntimeError) return err;
  return new RuntimeError((err as Error).message, op.op, op.loc);
}

/** The ids a body yields for row k: one id, a fixed number, or a ragged list (a view, not a copy). */
function newIds(v: RValue, k: number): Int32Array {
  if (v.kind === "ragged" || v.kind === "tokens") return v.seqs[k]!;
  const t = v as Tensor;
  let n = 1;
  for (const d of t.inner) n *= d;
  const ids = t.data.subarray(k * n, k * n + n);
  return ids instanceof Int32Array ? ids : Int32Array.from(ids);
}
