/**
 * Fuzzy look-up of a word among a vocabulary of stems, by symmetric deletion neighbourhoods
 * (the idea of SymSpell): the index keys every stem and every stem with one letter deleted; a query
 * looks up itself and its own one- (and, for long words, two-) letter deletions. Two words within one
 * edit (insertion, deletion, substitution or adjacent transposition) always meet on some key, most
 * pairs within two edits do too; a bounded Damerau–Levenshtein distance then confirms each candidate.
 * The keys are (length − 1)-grams of the stems, so a look-up costs a few dozen map reads whatever the
 * size of the vocabulary.
 */

/** Rows of `boundedDamerau`, reused between calls (grown to the longest word seen). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Edit distance with adjacent transpositions, or `max + 1` as soon as it must exceed `max`. */
export function boundedDamerau(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (rowA.length < lb + 1) {
    rowA = new Int32Array(2 * (lb + 1));
    rowB = new Int32Array(2 * (lb + 1));
    rowC = new Int32Array(2 * (lb + 1));
  }
  let prevPrev = rowA;
  let prev = rowB;
  let cur = rowC;
  prevPrev.fill(0, 0, lb + 1);
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
    const spare = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = spare;
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

export interface FuzzyHit {
  id: number;
  distance: number;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a hash of a string, as a 32-bit integer (the index keys on hashes: collisions only add candidates). */
function hash(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Hashes of a word's one-letter deletions, a run of equal letters giving one deletion (keys of the index). */
function deletionHashes(word: string, out: number[]): void {
  for (let i = 0; i < word.length; i++) {
    if (i > 0 && word.charCodeAt(i) === word.charCodeAt(i - 1)) continue;
    let h = FNV_OFFSET;
    for (let k = 0; k < word.length; k++) if (k !== i) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
    out.push(h);
  }
}

/**
 * Slot of a hash in an open-addressing table of 2^(32 − `shift`) slots (multiplicative hashing: the
 * product's high bits, which depend on every bit of the hash; its low bits depend only on the hash's own
 * low bits and made long probe runs).
 */
function home(h: number, shift: number): number {
  return Math.imul(h, 0x9e3779b1) >>> shift;
}

/**
 * A deletion-neighbourhood index over a fixed list of words (ids are positions in that list).
 *
 * The keys (the hash of each word and of each of its one-letter deletions) live in one open-addressing
 * table of typed arrays, the ids of each key side by side in another: a look-up is a couple of array
 * reads, and a catalogue of 20,000 services costs a few megabytes rather than a million map entries.
 */
export class FuzzyIndex {
  /** Key hash of each slot (meaningful where the slot holds ids). */
  private readonly slotHash: Int32Array;
  /** Ids of slot `s`: `ids[slotStart[s]]` … `ids[slotStart[s + 1] - 1]` (none: an empty slot). */
  private readonly slotStart: Int32Array;
  private readonly ids: Int32Array;
  private readonly mask: number;
  /** 32 − log2(table size), for `home`. */
  private readonly shift: number;
  /** Per word, the number of the look-up that last checked it (each candidate is checked once a look-up). */
  private readonly checkedBy: Int32Array;
  private lookups = 0;

  constructor(private readonly vocabulary: readonly string[]) {
    const pairHash: number[] = [];
    const pairId: number[] = [];
    const keys: number[] = [];
    vocabulary.forEach((word, id) => {
      if (word.length < MIN_FUZZY_LENGTH) return;
      keys.length = 0;
      keys.push(hash(word));
      deletionHashes(word, keys);
      for (const h of keys) {
        pairHash.push(h);
        pairId.push(id);
      }
    });
    let size = 16;
    let bits = 4;
    while (size < pairHash.length * 1.5) {
      size *= 2;
      bits++;
    }
    this.mask = size - 1;
    this.shift = 32 - bits;
    this.slotHash = new Int32Array(size);
    const count = new Int32Array(size + 1);
    const pairSlot = new Int32Array(pairHash.length);
    for (let p = 0; p < pairHash.length; p++) {
      const h = pairHash[p]!;
      let s = home(h, this.shift);
      while (count[s]! > 0 && this.slotHash[s] !== h) s = (s + 1) & this.mask;
      this.slotHash[s] = h;
      count[s]!++;
      pairSlot[p] = s;
    }
    this.slotStart = new Int32Array(size + 1);
    for (let s = 0; s < size; s++) this.slotStart[s + 1] = this.slotStart[s]! + count[s]!;
    this.ids = new Int32Array(pairHash.length);
    const fill = this.slotStart.slice(0, size);
    for (let p = 0; p < pairHash.length; p++) this.ids[fill[pairSlot[p]!]!++] = pairId[p]!;
    this.checkedBy = new Int32Array(vocabulary.length);
  }

  /** Words within the length-dependent edit distance of `word` (the word itself excluded), closest first. */
  search(word: string, maxEdits = maxEditsFor(word.length), limit = 20): FuzzyHit[] {
    if (maxEdits <= 0 || word.length < MIN_FUZZY_LENGTH) return [];
    const lookup = ++this.lookups;
    const hits: FuzzyHit[] = [];
    // The word, its one-letter deletions and (two edits) its two-letter deletions, hashed without
    // building the strings: `prefix[i]` is the hash state after the word's first i letters.
    const n = word.length;
    const prefix = new Int32Array(n + 1);
    prefix[0] = FNV_OFFSET;
    for (let i = 0; i < n; i++) prefix[i + 1] = Math.imul(prefix[i]! ^ word.charCodeAt(i), FNV_PRIME);
    this.probe(prefix[n]!, word, maxEdits, lookup, hits);
    for (let i = 0; i < n; i++) {
      if (i > 0 && word.charCodeAt(i) === word.charCodeAt(i - 1)) continue;
      let h = prefix[i]!;
      for (let k = i + 1; k < n; k++) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
      this.probe(h, word, maxEdits, lookup, hits);
      if (maxEdits < 2) continue;
      // Second deletion at j > i: the state after letters i+1 … j-1, then the rest without letter j.
      let mid = prefix[i]!;
      for (let j = i + 1; j < n; j++) {
        if (j === i + 1 || word.charCodeAt(j) !== word.charCodeAt(j - 1)) {
          let h2 = mid;
          for (let k = j + 1; k < n; k++) h2 = Math.imul(h2 ^ word.charCodeAt(k), FNV_PRIME);
          this.probe(h2, word, maxEdits, lookup, hits);
        }
        mid = Math.imul(mid ^ word.charCodeAt(j), FNV_PRIME);
      }
    }
    hits.sort((a, b) => a.distance - b.distance || a.id - b.id);
    return hits.slice(0, limit);
  }

  /** Checks the vocabulary words under key hash `h` against `word` (each once per look-up), adding the close ones to `hits`. */
  private probe(h: number, word: string, maxEdits: number, lookup: number, hits: FuzzyHit[]): void {
    let s = home(h, this.shift);
    while (this.slotStart[s + 1]! > this.slotStart[s]!) {
      if (this.slotHash[s] === h) {
        for (let k = this.slotStart[s]!; k < this.slotStart[s + 1]!; k++) {
          const id = this.ids[k]!;
          if (this.checkedBy[id] === lookup) continue;
          this.checkedBy[id] = lookup;
          const candidate = this.vocabulary[id]!;
          if (candidate === word) continue;
          const d = boundedDamerau(word, candidate, maxEdits);
          if (d <= maxEdits) hits.push({ id, distance: d });
        }
        return;
      }
      s = (s + 1) & this.mask;
    }
  }
}
