/**
 * Fuzzy look-up of a word among a vocabulary of stems, by symmetric deletion neighbourhoods
 * (the idea of SymSpell): the index keys every stem and every stem with one letter deleted; a query
 * looks up itself and its own one- (and, for long words, two-) letter deletions. Two words within one
 * edit (insertion, deletion, substitution or adjacent transposition) always meet on some key, most
 * pairs within two edits do too; a bounded Damerau–Levenshtein distance then confirms each candidate.
 * The keys are (length − 1)-grams of the stems, so a look-up costs a few dozen map reads whatever the
 * size of the vocabulary.
 */

/** Edit distance with adjacent transpositions, or `max + 1` as soon as it must exceed `max`. */
export function boundedDamerau(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prevPrev = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[lb]!;
}

/** The largest edit distance tolerated for a word of this length. */
export function maxEditsFor(length: number): number {
  if (length < 4) return 0;
  if (length < 7) return 1;
  return 2;
}

/** Shortest word the fuzzy index holds (and looks up). */
export const MIN_FUZZY_LENGTH = 4;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (i === 0 || d !== out[out.length - 1]) out.push(d);
  }
  return out;
}

export interface FuzzyHit {
  id: number;
  distance: number;
}

/** FNV-1a hash of a string, as a 32-bit integer (the index keys on hashes: collisions only add candidates). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** A deletion-neighbourhood index over a fixed list of words (ids are positions in that list). */
export class FuzzyIndex {
  /** hash of a key → id, or ids when several words share the hash */
  private readonly keys = new Map<number, number | number[]>();

  constructor(private readonly vocabulary: readonly string[]) {
    vocabulary.forEach((word, id) => {
      if (word.length < MIN_FUZZY_LENGTH) return;
      this.put(hash(word), id);
      for (const d of deletions(word)) this.put(hash(d), id);
    });
  }

  private put(key: number, id: number): void {
    const cur = this.keys.get(key);
    if (cur === undefined) this.keys.set(key, id);
    else if (typeof cur === "number") {
      if (cur !== id) this.keys.set(key, [cur, id]);
    } else if (cur[cur.length - 1] !== id) cur.push(id);
  }

  /** Words within the length-dependent edit distance of `word` (the word itself excluded), closest first. */
  search(word: string, maxEdits = maxEditsFor(word.length), limit = 20): FuzzyHit[] {
    if (maxEdits <= 0 || word.length < MIN_FUZZY_LENGTH) return [];
    const probes = new Set<string>([word]);
    const first = deletions(word);
    for (const d of first) probes.add(d);
    if (maxEdits >= 2) for (const d of first) for (const dd of deletions(d)) probes.add(dd);
    const seen = new Set<number>();
    const hits: FuzzyHit[] = [];
    const check = (id: number): void => {
      if (seen.has(id)) return;
      seen.add(id);
      const candidate = this.vocabulary[id]!;
      if (candidate === word) return;
      const d = boundedDamerau(word, candidate, maxEdits);
      if (d <= maxEdits) hits.push({ id, distance: d });
    };
    for (const p of probes) {
      const found = this.keys.get(hash(p));
      if (found === undefined) continue;
      if (typeof found === "number") check(found);
      else for (const id of found) check(id);
    }
    hits.sort((a, b) => a.distance - b.distance || a.id - b.id);
    return hits.slice(0, limit);
  }
}
