/**
 * A decoder's KV cache across the steps of a decoding loop ({@link TokenKvCache}): {@link KvCache}s
 * that remember which sample each row belongs to and which tokens it holds (split from
 * kvcache.ts, which holds the cache tensors and their feeds).
 */

import { KvCache, type KvLayout } from "./kvcache.js";

/** Rows of one {@link KvCache} with the sample and the tokens each row holds. */
interface Segment {
  kv: KvCache;
  samples: ArrayLike<number>;
  tokens: readonly Int32Array[];
  /** Rows still indexed (not superseded by a later step of their sample). */
  live: number;
}

/**
 * A decoder's cache across the steps of a decoding loop: {@link KvCache}s that remember which
 * sample each row belongs to and which tokens it holds, so a cache is reused only where it is
 * still valid. {@link resume} gives the cache to decode a batch of sequences from — the rows of
 * the samples asked for (rows of samples that finished are simply not asked for), cut to the
 * longest prefix every row still shares with the sequence now being decoded (positions that were
 * drafted and then rejected are never reused) — and {@link record} keeps what a step computed.
 *
 * Rows of different lengths run as separate calls (one per length), so the rows of one sample
 * may come from any earlier call: the cache keeps a row per sample, from the last step that
 * decoded it, in the segments those steps produced (dropped or compacted as their rows are
 * superseded, so memory stays within twice the rows still indexed).
 */
export class TokenKvCache {
  private segments: Segment[] = [];
  private readonly index = new Map<number, { readonly seg: Segment; readonly row: number }>();

  constructor(readonly layout: KvLayout) {}

  /**
   * The cache to decode `seqs` (the sequences of the samples `samples`, all of one length `len`)
   * from: cached rows of those samples, in that order, keeping the longest prefix that every row
   * shares with its sequence and at most len − 1 positions (so a step computes at least one). An
   * empty cache when some sample has no row or nothing can be reused.
   */
  resume(samples: ArrayLike<number>, seqs: readonly Int32Array[]): KvCache {
    const n = samples.length;
    if (n === 0 || seqs.length !== n) throw new RangeError(`${samples.length} samples and ${seqs.length} sequences`);
    const len = seqs[0]!.length;
    // The usual decoding step: the only segment holds these samples in this order.
    const only = this.segments.length === 1 ? this.segments[0]! : undefined;
    if (only && only.kv.batch === n && only.live === n && sameSamples(only.samples, samples)) {
      let keep = len - 1;
      for (let k = 0; k < n && keep > 0; k++) keep = commonPrefix(only.tokens[k]!, seqs[k]!, keep);
      return keep > 0 ? only.kv.truncate(keep) : KvCache.empty(this.layout, n);
    }
    let keep = len - 1;
    const found: { readonly seg: Segment; readonly row: number }[] = [];
    for (let k = 0; k < n && keep > 0; k++) {
      const e = this.index.get(samples[k]!);
      if (!e) return KvCache.empty(this.layout, n);
      found.push(e);
      keep = Math.min(keep, commonPrefix(e.seg.tokens[e.row]!, seqs[k]!, keep));
    }
    if (keep <= 0) return KvCache.empty(this.layout, n);
    const first = found[0]!.seg;
    let oneSegment = true;
    let identity = n === first.kv.batch;
    for (let k = 0; k < n; k++) {
      if (found[k]!.seg !== first) oneSegment = false;
      if (found[k]!.row !== k) identity = false;
    }
    if (oneSegment) return (identity ? first.kv : first.kv.selectRows(found.map((e) => e.row))).truncate(keep);
    // Rows from several earlier calls: cut each part to `keep` (equal past lengths, so the
    // concatenation needs no padding and is exact), then restore the requested order.
    const parts = new Map<Segment, number[]>();
    found.forEach((e, k) => { const p = parts.get(e.seg); if (p) p.push(k); else parts.set(e.seg, [k]); });
    const order: number[] = [];
    const pieces: KvCache[] = [];
    for (const [seg, ks] of parts) {
      pieces.push(seg.kv.selectRows(ks.map((k) => found[k]!.row)).truncate(keep));
      order.push(...ks);
    }
    const stacked = KvCache.concat(pieces);
    const at = new Array<number>(n);
    order.forEach((k, i) => (at[k] = i));
    return stacked.selectRows(at);
  }

  /**
   * Keeps the cache after a step: row r of `kv` belongs to `samples[r]` and holds `tokens[r]`
   * (exactly `kv.pastLength` ids, not to be changed afterwards; a view of an append-only buffer
   * is fine). Supersedes the rows these samples had.
   */
  record(kv: KvCache, samples: ArrayLike<number>, tokens: readonly Int32Array[]): void {
    if (samples.length !== kv.batch || tokens.length !== kv.batch) {
      throw new RangeError(`${samples.length} samples and ${tokens.length} token rows for a cache of ${kv.batch} rows`);
    }
    for (const t of tokens) {
      if (t.length !== kv.pastLength) throw new RangeError(`a row of ${t.length} tokens for a past of ${kv.pastLength}`);
    }
    // The usual decoding step: the same samples, in the same order, as the only segment.
    const only = this.segments.length === 1 ? this.segments[0]! : undefined;
    if (only && only.live === only.samples.length && sameSamples(only.samples, samples)) {
      only.kv = kv;
      only.samples = samples;
      only.tokens = tokens;
      return;
    }
    const seg: Segment = { kv, samples, tokens, live: samples.length };
    for (let row = 0; row < samples.length; row++) {
      const old = this.index.get(samples[row]!);
      if (old) old.seg.live--;
      this.index.set(samples[row]!, { seg, row });
    }
    const kept: Segment[] = [seg];
    for (const old of this.segments) {
      if (old.live === 0) continue;
      kept.push(2 * old.live < old.kv.batch ? this.compact(old) : old);
    }
    this.segments = kept;
  }

  /** A segment reduced to its live rows (re-indexed). */
  private compact(seg: Segment): Segment {
    const rows: number[] = [];
    for (let r = 0; r < seg.samples.length; r++) {
      const e = this.index.get(seg.samples[r]!);
      if (e?.seg === seg && e.row === r) rows.push(r);
    }
    const samples = rows.map((r) => seg.samples[r]!);
    const out: Segment = { kv: seg.kv.selectRows(rows), samples, tokens: rows.map((r) => seg.tokens[r]!), live: rows.length };
    samples.forEach((s, row) => this.index.set(s, { seg: out, row }));
    return out;
  }

  /** Rows held, live or not (for tests and diagnostics). */
  get rows(): number {
    return this.segments.reduce((n, g) => n + g.kv.batch, 0);
  }
}

function sameSamples(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Length of the common prefix of a and b, at most `max`. */
function commonPrefix(a: Int32Array, b: Int32Array, max: number): number {
  const n = Math.min(a.length, b.length, max);
  // Views of one append-only buffer at one offset agree wherever both are defined.
  if (a.buffer === b.buffer && a.byteOffset === b.byteOffset) return n;
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
