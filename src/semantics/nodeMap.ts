/**
 * A Map keyed by AST nodes, split in 64 shards by the node's start offset. V8's Map gets several
 * times slower per insertion once it holds more than a few thousand entries, and the facts of
 * a 10,000-line program hold tens of thousands; small shards stay fast, for one field read.
 */
import type { Span } from "../diagnostics/diagnostic.js";

const SHARDS = 64;

export class NodeMap<K extends { readonly span: Span }, V> {
  private readonly shards: Map<K, V>[] = [];

  constructor() {
    for (let i = 0; i < SHARDS; i++) this.shards.push(new Map());
  }

  get(key: K): V | undefined {
    return this.shards[key.span.start & (SHARDS - 1)]!.get(key);
  }

  has(key: K): boolean {
    return this.shards[key.span.start & (SHARDS - 1)]!.has(key);
  }

  set(key: K, value: V): this {
    this.shards[key.span.start & (SHARDS - 1)]!.set(key, value);
    return this;
  }
}
