/**
 * Run feedback: a progress bar on stderr for long runs, and the end-of-run summary (model calls
 * per model, wall time, share of time spent inside model calls).
 *
 * The bar is only drawn when the stream is a TTY, the run is not quiet, and the run has lasted
 * longer than `delayMs` (1 s by default) — short runs and piped output stay clean. Redraws are
 * throttled, and the clock is injectable so behaviour is testable without sleeping.
 */

import type { ModelCallStats } from "./session.js";

/** The subset of a writable stream the bar needs (process.stderr satisfies it). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): unknown;
}

/** Options of {@link ProgressBar}. */
export interface ProgressOptions {
  /** Number of units of work; omit when unknown (then only the count is shown). */
  readonly total?: number;
  /** Prefix shown before the bar, e.g. the procedure name. */
  readonly label?: string;
  /** Where to draw (default process.stderr). */
  readonly stream?: ProgressStream;
  /** Never draw (the CLI's --quiet). */
  readonly quiet?: boolean;
  /** Draw only once the run has lasted this long (default 1000 ms). */
  readonly delayMs?: number;
  /** Minimum time between redraws (default 100 ms). */
  readonly intervalMs?: number;
  /** Clock in milliseconds (default performance.now). */
  readonly now?: () => number;
}

const CLEAR_LINE = "\r\x1b[K";

/** Formats a duration compactly: 0.23 ms, 850 ms, 1.25 s, 2 m 05 s, 1 h 02 m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  if (ms === 0) return "0 ms";
  if (ms < 10) return `${ms.toFixed(2)} ms`; // per-call times of small models are sub-ms
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(2)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} m`;
}

/** A throttled, delayed, single-line progress bar (see the module comment). */
export class ProgressBar {
  /** False when the bar can never draw (not a TTY, or quiet). */
  readonly enabled: boolean;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly start: number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private lastDraw = -Infinity;
  private shown = false;
  private done = 0;
  private total: number | undefined;

  constructor(private readonly opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
    this.delayMs = opts.delayMs ?? 1000;
    this.intervalMs = opts.intervalMs ?? 100;
    this.enabled = !opts.quiet && this.stream.isTTY === true;
    this.total = opts.total;
  }

  /** Adds `n` completed units. */
  tick(n = 1): void {
    this.update(this.done + n);
  }

  /**
   * Sets the number of completed units (and the total, when it changes: a program's loops report
   * their own) and redraws if due.
   */
  update(done: number, total?: number): void {
    this.done = done;
    if (total !== undefined) this.total = total;
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.start < this.delayMs || t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.shown = true;
    this.stream.write(CLEAR_LINE + this.render(t));
  }

  /** Removes the bar (if it was drawn) so the summary or results start on a clean line. */
  finish(): void {
    if (this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  /** The bar text at time `t` (exposed for tests). */
  render(t: number): string {
    const elapsed = t - this.start;
    const label = this.opts.label ? `${this.opts.label} ` : "";
    const total = this.total;
    if (total === undefined || !(total > 0)) return `${label}${this.done} ${formatDuration(elapsed)}`;
    const frac = Math.min(1, Math.max(0, this.done / total));
    const eta = frac > 0 ? formatDuration((elapsed * (1 - frac)) / frac) : "?";
    const tail = ` ${Math.floor(frac * 100)}% ${this.done}/${total} ${formatDuration(elapsed)} eta ${eta}`;
    const cols = this.stream.columns ?? 80;
    const width = Math.max(10, Math.min(40, cols - label.length - tail.length - 3));
    const filled = Math.round(frac * width);
    return `${label}[${"#".repeat(filled)}${"-".repeat(width - filled)}]${tail}`;
  }
}

/** What a run reports at the end. */
export interface RunSummary {
  /** Wall-clock duration of the whole run. */
  readonly wallMs: number;
  /** Per-model call statistics (from ModelExecutor.stats()). */
  readonly models: readonly ModelCallStats[];
  /** Number of samples produced, if meaningful. */
  readonly samples?: number;
}

/**
 * Formats the end-of-run summary: one line per model (calls, time inside the model, mean per
 * call, share of wall time) and a total line with the share of wall time inside model calls —
 * the number that says whether the sampler or the model is the bottleneck.
 */
export function formatSummary(s: RunSummary): string {
  const lines: string[] = [];
  const wall = s.wallMs;
  const share = (ms: number) => (wall > 0 ? `${((100 * ms) / wall).toFixed(1)}%` : "-");
  const nameW = Math.max(5, ...s.models.map((m) => m.model.length));
  const callsW = Math.max(5, ...s.models.map((m) => String(m.calls).length));
  lines.push(`${"model".padEnd(nameW)}  ${"calls".padStart(callsW)}  ${"time".padStart(9)}  ${"per call".padStart(9)}  ${"wall".padStart(6)}`);
  let inside = 0;
  let calls = 0;
  for (const m of s.models) {
    inside += m.runMs;
    calls += m.calls;
    const per = m.calls > 0 ? formatDuration(m.runMs / m.calls) : "-";
    lines.push(
      `${m.model.padEnd(nameW)}  ${String(m.calls).padStart(callsW)}  ${formatDuration(m.runMs).padStart(9)}  ${per.padStart(9)}  ${share(m.runMs).padStart(6)}`,
    );
  }
  const samples = s.samples !== undefined ? `, ${s.samples} sample${s.samples === 1 ? "" : "s"}` : "";
  // Opening the models is part of the wall time of a short run; saying so explains a low share.
  const loading = s.models.reduce((a, m) => a + m.loadMs, 0);
  const loaded = loading > 0 ? `; opening the models took ${formatDuration(loading)}` : "";
  lines.push(
    `${calls} model calls in ${formatDuration(wall)}${samples}; ${share(inside)} of wall time inside model calls (${formatDuration(inside)})${loaded}`,
  );
  return lines.join("\n");
}
