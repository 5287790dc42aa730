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
