import type { Matcher, MatchResult } from "./matcher.js";

/** How many recent queries a cached matcher remembers. */
export const DEFAULT_CACHED_QUERIES = 1_000;

/**
 * A matcher that remembers the answers to recent queries (least recently asked go first). Residents
 * ask the same few things again and again («соціальне таксі», «субсидія»), a search costs ~0.5 ms of
 * CPU, and the answer cannot change: a catalogue change builds a new matcher, with an empty memory.
 */
export function withResultCache(matcher: Matcher, size = DEFAULT_CACHED_QUERIES): Matcher {
  const remembered = new Map<string, MatchResult[]>();
  return {
    get size() {
      return matcher.size;
    },
    explain: (query) => matcher.explain(query),
    search(query, limit) {
      const key = `${limit ?? ""}\u0000${query.trim()}`;
      let results = remembered.get(key);
      if (results) {
        remembered.delete(key);
      } else {
        results = matcher.search(query, limit);
        if (remembered.size >= size) remembered.delete(remembered.keys().next().value!);
      }
      remembered.set(key, results);
      return results.map((result) => ({ ...result }));
    },
  };
}

/** How many resolved words a matcher remembers between searches (see `WordMemo`). */
export const DEFAULT_REMEMBERED_WORDS = 20_000;

/** What a word look-up memory offers: a Map does, and so does `WordMemo`. */
export interface Memo<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
}

/**
 * A bounded memory of recently used keys (an approximate LRU in two generations: when the young one is
 * full it becomes the old one, and a key found in the old one moves back to the young one), so it holds
 * between half and all of `capacity` keys. The matcher keeps how each word of recent messages was read:
 * the same greetings, apologies, names and streets come back in message after message, and a word's
 * reading (stem, expansions, prefix and fuzzy look-ups against a fixed index) cannot change.
 */
export class WordMemo<V> implements Memo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly half: number;

  constructor(capacity: number) {
    this.half = Math.max(1, Math.ceil(capacity / 2));
  }

  get(key: string): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): this {
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
    return this;
  }
}
