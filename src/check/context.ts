/**
 * What a procedure rule sees: the lowered IR of one procedure, indexed. Every op is a *site*
 * (the op, its enclosing loop, its move and schedule interval); a use-def index maps each value
 * id to its definition (an op, a loop-carried parameter, a loop result, an expansion parameter
 * or result) and to its uses, inside loop and expansion bodies alike. A refine move can be read
 * per schedule interval, with table references resolved to that interval's row. Rules report
 * through `report`, which turns spans, related locations and measurements into findings.
 */
import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { BasicOp, ExpandBlockOp, ExpandOp, IRProcedure, LoopOp, ModelRef, MoveInfo, Op, Operand, ValueId } from "../ir/ir.js";
import { isTableRef, isValueId } from "../ir/ir.js";
import type { Measure, Report } from "./rule.js";
import type { SourceIndex } from "./sources.js";

type Expansion = ExpandOp | ExpandBlockOp;

/** One basic op in its structural context. */
export interface OpSite {
  readonly op: BasicOp;
  /** The innermost enclosing `loop` (a re-rolled run of refine iterations). */
  readonly loop?: LoopOp;
  /** Position in a depth-first walk of the procedure body: the order ops are emitted in. */
  readonly order: number;
  /** The innermost move that emitted the op. */
  readonly move?: number;
  /** The schedule interval of a refine op (for a loop body: the loop's first row). */
  readonly iter?: number;
}

export type Def =
  | { readonly kind: "op"; readonly site: OpSite }
  | { readonly kind: "carried"; readonly loop: LoopOp; readonly index: number }
  | { readonly kind: "loop-out"; readonly loop: LoopOp; readonly index: number }
  | { readonly kind: "expand-param"; readonly op: Expansion }
  | { readonly kind: "expand-out"; readonly op: Expansion };

export type Use =
  | { readonly kind: "arg"; readonly site: OpSite; readonly index: number }
  | { readonly kind: "loop-init"; readonly loop: LoopOp; readonly index: number }
  | { readonly kind: "loop-yield"; readonly loop: LoopOp; readonly index: number }
  | { readonly kind: "expand-init"; readonly op: Expansion }
  | { readonly kind: "expand-yield"; readonly op: Expansion }
  | { readonly kind: "until-length"; readonly op: Expansion }
  | { readonly kind: "result" };

/** An op as executed in one schedule interval: `row` is the loop-table row of that interval. */
export interface IterationSite {
  readonly site: OpSite;
  readonly row?: readonly number[];
}

/** One schedule interval t -> s of a refine move, with the ops executed for it, in order. */
export interface RefineIteration {
  readonly index: number;
  readonly t: number;
  readonly s: number;
  readonly sites: readonly IterationSite[];
}

/** A diagnostic and the measurement `--quantify` may attach to it. */
export interface Finding {
  readonly diagnostic: Diagnostic;
  readonly measure?: Measure;
}

export interface CheckContextOptions {
  /** Relative std shrink tolerated by missing-target-time before it warns. */
  readonly tol: number;
  readonly sources: SourceIndex;
}

export class CheckContext {
  readonly sites: readonly OpSite[];
  private readonly defs = new Map<ValueId, Def>();
  private readonly useMap = new Map<ValueId, Use[]>();
  private readonly modelTable: ReadonlyMap<string, ModelRef>;
  private readonly iterationCache = new Map<number, readonly RefineIteration[]>();

  constructor(
    readonly ir: IRProcedure,
    readonly options: CheckContextOptions,
    private readonly sink: (f: Finding) => void,
  ) {
    this.modelTable = new Map(ir.models.map((m) => [m.id, m]));
    const sites: OpSite[] = [];
    this.walk(ir.body, undefined, sites);
    this.use(ir.result, { kind: "result" });
    this.sites = sites;
  }

  // ------------------------------------------------------------------ index

  private use(o: Operand | undefined, u: Use): void {
    if (o === undefined || !isValueId(o)) return;
    const list = this.useMap.get(o);
    if (list) list.push(u);
    else this.useMap.set(o, [u]);
  }

  private walk(ops: readonly Op[], loop: LoopOp | undefined, sites: OpSite[]): void {
    for (const op of ops) {
      if (op.op === "loop") {
        const l = op as LoopOp;
        l.carried.forEach((c, index) => {
          this.defs.set(c.param, { kind: "carried", loop: l, index });
          this.use(c.init, { kind: "loop-init", loop: l, index });
        });
        this.walk(l.body, l, sites);
        l.yields.forEach((y, index) => this.use(y, { kind: "loop-yield", loop: l, index }));
        l.outs.forEach((out, index) => this.defs.set(out, { kind: "loop-out", loop: l, index }));
      } else if (op.op === "expand" || op.op === "expand_block") {
        const e = op as Expansion;
        this.use(e.init, { kind: "expand-init", op: e });
        this.defs.set(e.param, { kind: "expand-param", op: e });
        this.walk(e.body, undefined, sites);
        this.use(e.yield, { kind: "expand-yield", op: e });
        if (e.until.length !== undefined) this.use(e.until.length, { kind: "until-length", op: e });
        this.defs.set(e.out, { kind: "expand-out", op: e });
      } else {
        const b = op as BasicOp;
        const move = typeof b.attrs?.move === "number" ? b.attrs.move : undefined;
        const iter = typeof b.attrs?.iter === "number" ? b.attrs.iter : undefined;
        const site: OpSite = { op: b, order: sites.length, ...(loop ? { loop } : {}), ...(move !== undefined ? { move } : {}), ...(iter !== undefined ? { iter } : {}) };
        sites.push(site);
        b.args.forEach((a, index) => this.use(a, { kind: "arg", site, index }));
        if (b.out) this.defs.set(b.out, { kind: "op", site });
      }
    }
  }

  /** Where a value is defined. */
  def(id: Operand): Def | undefined {
    return isValueId(id) ? this.defs.get(id) : undefined;
  }

  /** The op site defining `id`, when it is a basic op's result. */
  defSite(id: Operand): OpSite | undefined {
    const d = this.def(id);
    return d?.kind === "op" ? d.site : undefined;
  }

  /** Every use of a value. */
  uses(id: ValueId): readonly Use[] {
    return this.useMap.get(id) ?? [];
  }

  /**
   * The op sites a value may come from: its defining op, or for a loop-carried parameter or a
   * loop result, the ops defining its initial and yielded values (transitively).
   */
  producers(id: Operand, seen = new Set<string>()): OpSite[] {
    if (!isValueId(id) || seen.has(id)) return [];
    seen.add(id);
    const d = this.defs.get(id);
    if (!d) return [];
    if (d.kind === "op") return [d.site];
    if (d.kind === "carried") return [...this.producers(d.loop.carried[d.index]!.init, seen), ...this.producers(d.loop.yields[d.index]!, seen)];
    if (d.kind === "loop-out") return this.producers(d.loop.yields[d.index]!, seen);
    return [];
  }

  // ------------------------------------------------------------------ moves

  get moves(): readonly MoveInfo[] {
    return this.ir.moves ?? [];
  }

  move(id: number): MoveInfo | undefined {
    return this.moves.find((m) => m.id === id);
  }

  /** The refine moves, in source order. */
  refineMoves(): MoveInfo[] {
    return this.moves.filter((m) => m.kind === "refine" && m.schedule !== undefined);
  }

  /** Whether `moveId` or a move enclosing it is marked `@approx`. */
  isApprox(moveId: number | undefined): boolean {
    for (let m = moveId === undefined ? undefined : this.move(moveId); m; m = m.parent === undefined ? undefined : this.move(m.parent)) {
      if (m.approx) return true;
    }
    return false;
  }

  /** The sites a move emitted itself (not those of moves nested in it). */
  sitesOf(moveId: number): OpSite[] {
    return this.sites.filter((s) => s.move === moveId);
  }


  /**
   * A refine move read per schedule interval: interval i has t = schedule[i], s = schedule[i+1]
   * and the ops executed for it (loop bodies expanded with their table rows).
   */
  iterations(move: MoveInfo): readonly RefineIteration[] {
    const hit = this.iterationCache.get(move.id);
    if (hit) return hit;
    const schedule = move.schedule ?? [];
    const its: { index: number; t: number; s: number; sites: IterationSite[] }[] = [];
    for (let i = 0; i + 1 < schedule.length; i++) its.push({ index: i, t: schedule[i]!, s: schedule[i + 1]!, sites: [] });
    for (const site of this.sites) {
      if (site.move !== move.id || site.iter === undefined) continue;
      if (site.loop) {
        site.loop.table.forEach((row, r) => its[site.iter! + r]?.sites.push({ site, row }));
      } else {
        its[site.iter]?.sites.push({ site });
      }
    }
    this.iterationCache.set(move.id, its);
    return its;
  }

  /** The value of a scalar operand in an interval: an immediate, or a table column of its row. */
  scalar(o: Operand | undefined, at: IterationSite | OpSite): number | undefined {
    if (o === undefined) return undefined;
    if (typeof o === "number") return o;
    if (isTableRef(o)) return "row" in at ? at.row?.[o.col] : undefined;
    return undefined;
  }

  /** The model an op calls (`attrs.model`). */
  modelOf(op: BasicOp): ModelRef | undefined {
    const id = op.attrs?.model;
    return typeof id === "string" ? this.modelTable.get(id) : undefined;
  }

  /** The operand an op feeds to a contract port (continuous `model` ops list their ports). */
  portArg(op: BasicOp, port: string): Operand | undefined {
    const ports = op.attrs?.ports;
    if (!Array.isArray(ports)) return undefined;
    const i = ports.indexOf(port);
    return i < 0 ? undefined : op.args[i];
  }

  // ------------------------------------------------------------------ locations and reports

  /** The span of the expression an op was emitted for. */
  spanOf(op: BasicOp): Span | undefined {
    return op.loc ? this.options.sources.spanOfLoc(op.loc) : undefined;
  }

  /**
   * Where to report a finding about an op: the statement of its move (so `@allow` on that
   * statement silences it), else the op's expression, else the start of the procedure's file.
   */
  where(site: OpSite): Span {
    const move = site.move === undefined ? undefined : this.move(site.move);
    return move?.span ?? this.spanOf(site.op) ?? { file: this.ir.file, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
  }

  /** The span of a refine's schedule expression, else the whole statement. */
  scheduleSpan(move: MoveInfo): Span {
    const stmt = this.options.sources.moveStatement(move.span);
    return stmt?.kind === "RefineStmt" ? stmt.schedule.span : move.span;
  }

  report(r: Report): void {
    this.sink(findingOf(r));
  }
}

/** A rule's report as a diagnostic (registered severity unless overridden) and its measurement. */
export function findingOf(r: Report): Finding {
  const related = (r.related ?? []).flatMap((x) => (x.span ? [{ span: x.span, message: x.message }] : []));
  const diagnostic = makeDiagnostic(r.code, r.span, r.message, {
    help: r.help,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(related.length > 0 ? { related } : {}),
    ...(r.data ? { data: stable(r.data) as Record<string, unknown> } : {}),
  });
  return { diagnostic, ...(r.measure ? { measure: r.measure } : {}) };
}

/** Numbers in a diagnostic's data rounded to 6 significant digits, so reports are the same on every platform. */
export function stable(x: unknown): unknown {
  if (typeof x === "number") return round6(x);
  if (Array.isArray(x)) return x.map(stable);
  if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, stable(v)]));
  return x;
}

/** Formats a number for messages: up to 4 significant digits, no trailing zeros. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toPrecision(3).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(4)));
}

/** Rounds a number for a diagnostic's `data` (stable across platforms): 6 significant digits. */
export function round6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
