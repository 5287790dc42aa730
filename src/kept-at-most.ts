/**
 * Stores `value` under `key` in a memo of pure results, emptied first when it holds `limit` entries:
 * a bound on memory that costs nothing per hit (no recency bookkeeping), for memos whose entries are
 * cheap to compute again. Returns `value`.
 */
export function keepAtMost<K, V>(memo: Map<K, V>, limit: number, key: K, value: V): V {
  if (memo.size >= limit) memo.clear();
  memo.set(key, value);
  return value;
}
