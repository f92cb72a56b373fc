/**
 * A Map keyed by AST nodes, split in 64 shards by the node's start offset. V8's Map gets several
 * times slower per insertion once it holds more than a few thousand entries, and the facts of
 * a 10,000-line program hold tens of thousands; small shards stay fast, for one field read.
 */
const SHARDS = 64;

export class NodeMap<K extends { readonly start: number }, V> {
  private readonly shards: Map<K, V>[] = [];

  constructor() {
    for (let i = 0; i < SHARDS; i++) this.shards.push(new Map());
  }

  get(key: K): V | undefined {
    return this.shards[key.start & (SHARDS - 1)]!.get(key);
  }

  has(key: K): boolean {
    return this.shards[key.start & (SHARDS - 1)]!.has(key);
  }

  set(key: K, value: V): this {
    this.shards[key.start & (SHARDS - 1)]!.set(key, value);
    return this;
  }
}

/**
 * A NodeMap written in bulk and read later (or never): writes append to a log, and the map is
 * built from the log on the first read (later writes of a key win, as with `set`). Recording
 * the type of every expression costs a store into a fixed-size chunk instead of a hash-table
 * insertion (large growing arrays are slow to grow too).
 */
export class NodeLog<K extends { readonly start: number }, V> {
  private readonly chunks: unknown[][] = [];
  private chunk: unknown[] = new Array(CHUNK);
  private n = 0;
  private index: NodeMap<K, V> | undefined;

  set(key: K, value: V): this {
    if (this.n === CHUNK) {
      this.chunks.push(this.chunk);
      this.chunk = new Array(CHUNK);
      this.n = 0;
    }
    this.chunk[this.n++] = key;
    this.chunk[this.n++] = value;
    this.index = undefined;
    return this;
  }

  get(key: K): V | undefined {
    let index = this.index;
    if (index === undefined) {
      index = this.index = new NodeMap();
      for (const chunk of [...this.chunks, this.chunk]) {
        const end = chunk === this.chunk ? this.n : CHUNK;
        for (let i = 0; i < end; i += 2) index.set(chunk[i] as K, chunk[i + 1] as V);
      }
    }
    return index.get(key);
  }
}

/** Entries per log chunk, times two (keys and values alternate). */
const CHUNK = 2048;
