/**
 * Query analysis: from what a resident typed to content tokens, each with the catalogue stems it can
 * match and how well.
 *
 * Each whitespace-separated chunk gets several *readings*: as typed, and (when it could be one) as
 * text typed on the wrong keyboard layout. Each Latin word of a reading also gets its transliterations.
 * The reading and the transliteration kept are the ones whose words the index knows best: the
 * vocabulary decides, not a fixed rule.
 */
import { cleanText, fold, isLatinWord, words } from "./normalize.js";
import { cyrillicToLatinLayout, latinToCyrillicLayout, looksLikeCyrillicLayout, looksLikeLatinLayout } from "./keyboard.js";
import { transliterate } from "./transliterate.js";
import { stem } from "./stem.js";
import { isStopWord, JOINED_READINGS, NEUTRAL_PHRASES } from "./stopwords.js";
import { expandStem } from "./lexicon.js";
import { maxEditsFor } from "./fuzzy.js";
import { MAX_STOP_PHRASE_WORDS, type CatalogIndex } from "./catalog-index.js";
import { WordMemo, type Memo } from "./cache.js";
import { AFTER_WINDOW } from "./people.js";

/** Similarity of the ways a query word can meet a catalogue stem. */
export const SIMILARITY = {
  exact: 1,
  expansion: 0.95,
  prefixMax: 0.92,
  prefixMin: 0.75,
  reversePrefix: 0.85,
  fuzzy1: 0.82,
  fuzzy1Short: 0.78,
  fuzzy2: 0.68,
  /** A word for a person meeting what the catalogue calls such a person (бабуся → дорослих), see people.ts. */
  person: 0.9,
} as const;

/** Only the first words of a very long message are read (a Telegram message can be 4,096 characters). */
const MAX_QUERY_CHUNKS = 100;
/** A message of more whitespace-separated chunks than this gets no wrong-layout readings. */
const LONG_MESSAGE_CHUNKS = 12;
/** Longer words get no fuzzy look-up (no catalogue word is that long; it is noise). */
const MAX_FUZZY_WORD = 24;
/** A phrase of stop words is vague ("куди звернутися"): it weighs this share of its idf in a query. */
const STOP_PHRASE_WEIGHT = 0.5;
/** A reading must beat the as-typed one by this much to be chosen. */
const READING_MARGIN = 0.05;
/** How many stems a prefix look-up may return. */
const PREFIX_LIMIT = 24;
/** A query stem shorter than this is not looked up as a prefix ("прод" of "продам" would find "продукт"). */
const MIN_PREFIX = 5;
/** How many transliterations / readings get a (costlier) fuzzy look-up. */
const FUZZY_ALTERNATIVES = 3;

export interface StemMatch {
  stemId: number;
  sim: number;
  /** Found only through what a word for a person means (бабусі → дорослих, see people.ts). */
  person?: true;
}

/** One resolved word of a query. */
export interface WordResolution {
  /** The lower-case word as finally read (possibly transliterated or layout-converted). */
  word: string;
  stem: string;
  stop: boolean;
  matches: StemMatch[];
  /** Best similarity among `matches` (1 for a stop word: it is "known"), 0 when unknown. */
  best: number;
}

/** A content token of the query. */
export interface QueryToken extends WordResolution {
  /** Its weight in the query (idf of what it matches; `unknownWeight` when it matches nothing). */
  weight: number;
}

export interface AnalyzedQuery {
  tokens: QueryToken[];
  /** The words finally read, for debugging and `explain`. */
  reading: string[];
  /** Whether it was read as a long message (as typed only, see LONG_MESSAGE_CHUNKS). */
  long: boolean;
}

/**
 * Readings to share between analyses: of one message (the whole, then its parts), or of every message a
 * matcher sees (a bounded memory, see `WordMemo`). Both depend only on the index, never on the message.
 */
export interface ReadingMemo {
  /** A word (and, with a `\u0000fuzzy` suffix, its fuzzy look-up) → its resolution. */
  words: Memo<WordResolution>;
  /** A whitespace-separated chunk as read in a short or a long message → the resolutions of its words. */
  chunks: Memo<WordResolution[]>;
}

export function newReadingMemo(): ReadingMemo {
  return { words: new Map(), chunks: new Map() };
}

/**
 * Analyse a query against an index. `unknownWeight` is the weight of a word the catalogue does not know.
 * `long`: read it as a long message, or not, whatever its length (a part of a message is read as the
 * whole message was); by default a message of more than LONG_MESSAGE_CHUNKS chunks is long.
 */
export function analyzeQuery(
  index: CatalogIndex,
  query: string,
  unknownWeight: number,
  memo: ReadingMemo = newReadingMemo(),
  long?: boolean,
): AnalyzedQuery {
  const chosen: WordResolution[] = [];
  const chunks = dropNeutralPhrases(cleanText(query).split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_CHUNKS));
  // A long message is not typed on the wrong keyboard layout (its writer would have seen it): its words
  // are read as typed, which keeps a 300-character story as cheap as a few short queries.
  const isLong = long ?? chunks.length > LONG_MESSAGE_CHUNKS;
  for (const chunk of joinSplitCompounds(index, chunks)) {
    // A chunk's reading depends on the chunk alone (and on whether the message is long): remembered.
    const chunkKey = `${isLong ? "L" : "S"}\u0000${chunk}`;
    const known = memo.chunks.get(chunkKey);
    if (known) {
      for (const r of known) chosen.push(r);
      continue;
    }
    const readings = isLong ? [words(chunk)].filter((r) => r.length > 0) : chunkReadings(chunk);
    let bestReading: WordResolution[] = [];
    let bestScore = -1;
    for (let r = 0; r < readings.length; r++) {
      // A reading scores at most 1: once the as-typed one is within the margin of that, no other can win
      // (a known word is not read again on the wrong layout, transliterated and looked up fuzzily).
      if (r > 0 && bestScore + READING_MARGIN >= 1) break;
      const resolved = readings[r]!.map((w) => resolveAlternatives(index, memo.words, w));
      const score = readingScore(resolved);
      if (score > bestScore + (r === 0 ? 0 : READING_MARGIN)) {
        bestScore = score;
        bestReading = resolved;
      }
    }
    memo.chunks.set(chunkKey, bestReading);
    chosen.push(...bestReading);
  }

  const tokens: QueryToken[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < chosen.length; i++) {
    if (chosen[i]!.stop || chosen[i]!.word.length < 2) continue;
    const r = index.personMeanings.size > 0 ? withPersonMeaning(index, chosen, i) : chosen[i]!;
    // Two-letter words only count when the catalogue has them as they are (б'є → "бє") or they are a known
    // abbreviation (РЦ, ПФ): other two-letter words are mostly chance matches.
    if (r.word.length === 2 && r.best < SIMILARITY.expansion) continue;
    if (seen.has(r.stem)) continue;
    seen.add(r.stem);
    // An explicit literal (an object spread here was the costliest line of the analysis).
    tokens.push({ word: r.word, stem: r.stem, stop: r.stop, matches: r.matches, best: r.best, weight: tokenWeight(index, r, unknownWeight) });
  }
  // Stop-word-only phrases of the catalogue ("куди звернутися") that the query contains as a whole.
  if (index.stopPhrases.size > 0) {
    for (let i = 0; i < chosen.length; i++) {
      if (!index.stopPhraseFirst.has(chosen[i]!.stem)) continue;
      for (let len = 2; len <= MAX_STOP_PHRASE_WORDS && i + len <= chosen.length; len++) {
        const part = chosen.slice(i, i + len);
        // The same key as stopPhraseKey(words), from the stems already at hand (no stemming per window).
        const key = `§${part.map((r) => r.stem).join(" ")}`;
        if (!index.stopPhrases.has(key) || seen.has(key)) continue;
        const stemId = index.vocab.get(key)!;
        seen.add(key);
        const word = part.map((r) => r.word).join(" ");
        tokens.push({ word, stem: key, stop: false, matches: [{ stemId, sim: 1 }], best: 1, weight: index.idf[stemId]! * STOP_PHRASE_WEIGHT });
      }
    }
  }
  return { tokens, reading: chosen.map((r) => r.word), long: isLong };
}

/**
 * The word `chosen[i]` with what it means as a person (see people.ts) added to its matches, when it is a
 * person word and, for a group that holds only after some words, one of them stands at most AFTER_WINDOW
 * words before it (for a group of word forms, the word is written as one of them). A new resolution: the remembered ones are shared and never changed.
 */
function withPersonMeaning(index: CatalogIndex, chosen: readonly WordResolution[], i: number): WordResolution {
  const r = chosen[i]!;
  const meanings = index.personMeanings.get(r.stem);
  if (!meanings) return r;
  let matches: StemMatch[] | null = null;
  for (const m of meanings) {
    if (m.forms && !m.forms.has(r.word)) continue;
    if (m.after && !standsAfter(chosen, i, m.after)) continue;
    for (const stemId of m.ids) {
      matches ??= [...r.matches];
      if (!matches.some((x) => x.stemId === stemId)) matches.push({ stemId, sim: SIMILARITY.person, person: true });
    }
    for (const stemId of m.aloneIds) {
      matches ??= [...r.matches];
      const k = matches.findIndex((x) => x.stemId === stemId);
      if (k < 0) matches.push({ stemId, sim: SIMILARITY.person });
      else if (matches[k]!.person) matches[k] = { stemId, sim: SIMILARITY.person };
    }
  }
  if (!matches) return r;
  return { word: r.word, stem: r.stem, stop: r.stop, matches, best: Math.max(r.best, SIMILARITY.person) };
}

/** Whether one of `after` stands before `chosen[i]`, at most AFTER_WINDOW words back, with only stop words between. */
function standsAfter(chosen: readonly WordResolution[], i: number, after: ReadonlySet<string>): boolean {
  for (let j = i - 1; j >= 0 && j >= i - AFTER_WINDOW; j--) {
    const w = chosen[j]!;
    if (after.has(fold(w.word))) return true;
    if (!w.stop) return false;
  }
  return false;
}

/**
 * The chunks without the phrases that describe the writer's day (see NEUTRAL_PHRASES), and with two stop
 * words that say one thing read as that word («нема де» → «ніде», see JOINED_READINGS).
 */
export function dropNeutralPhrases(chunks: string[]): string[] {
  const keys = chunks.map((chunk) => fold(chunk.toLowerCase().replace(/[^\p{L}]/gu, "")));
  const out: string[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const joined = i + 1 < chunks.length && JOINED_FIRST.has(keys[i]!) ? JOINED_READINGS.get(`${keys[i]} ${keys[i + 1]}`) : undefined;
    if (joined) {
      // «нема де,» keeps its comma: it separates the parts of a message.
      out.push(joined + chunks[i + 1]!.replace(/^.*\p{L}/u, ""));
      i++;
      continue;
    }
    let skip = 0;
    if (NEUTRAL_PHRASE_FIRST.has(keys[i]!)) {
      for (const len of [3, 2]) {
        if (i + len > chunks.length) continue;
        if (NEUTRAL_PHRASES.has(keys.slice(i, i + len).join(" "))) {
          skip = len;
          break;
        }
      }
    }
    if (skip > 0) {
      // Keep the punctuation that ended the phrase: it separates the parts of a message.
      i += skip - 1;
      continue;
    }
    out.push(chunks[i]!);
  }
  return out;
}

/** First words of the joined readings: only a chunk that is one can start one. */
const JOINED_FIRST: ReadonlySet<string> = new Set([...JOINED_READINGS.keys()].map((p) => p.split(" ")[0]!));

/** First words of the neutral phrases: only a chunk that is one can start a phrase to drop. */
const NEUTRAL_PHRASE_FIRST: ReadonlySet<string> = new Set([...NEUTRAL_PHRASES].map((p) => p.split(" ")[0]!));

/**
 * A compound typed as two words ("wheel chair", "hot line", "соц таксі") is read as one when the catalogue
 * knows the joined word exactly and does not know both halves as they are (neither half a stop word:
 * "на дому" stays two words).
 */
export function joinSplitCompounds(index: CatalogIndex, chunks: string[]): string[] {
  if (chunks.length < 2) return chunks;
  const out: string[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const a = chunks[i]!;
    const b = chunks[i + 1];
    if (b !== undefined && /^\p{L}+$/u.test(a) && /^\p{L}+$/u.test(b) && isLatinWord(a) === isLatinWord(b)) {
      const joined = a + b;
      if (!isStopWord(a) && !isStopWord(b) && knownWord(index, joined) && !(knownWord(index, a) && knownWord(index, b))) {
        out.push(joined);
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** Whether the catalogue has the word's stem exactly. */
function knownWord(index: CatalogIndex, w: string): boolean {
  return index.vocab.has(stemOfLower(w.toLowerCase()));
}

/** Stems of recently seen lower-case words (stemming is pure; the same words come back in every message). */
const recentStems = new WordMemo<string>(20_000);

function stemOfLower(word: string): string {
  let s = recentStems.get(word);
  if (s === undefined) recentStems.set(word, (s = stem(word)));
  return s;
}

/** The readings of one chunk: as typed first, then wrong-layout conversions. Each is a list of words. */
export function chunkReadings(chunk: string): string[][] {
  const readings: string[][] = [words(chunk)];
  if (looksLikeLatinLayout(chunk)) for (const r of latinToCyrillicLayout(chunk)) readings.push(words(r));
  const lower = chunk.toLowerCase();
  if (looksLikeCyrillicLayout(lower)) readings.push(words(cyrillicToLatinLayout(lower)));
  return readings.filter((r) => r.length > 0);
}

/** A word resolved among its alternatives (itself, and its transliterations when it is Latin). */
function resolveAlternatives(index: CatalogIndex, cache: Memo<WordResolution>, word: string): WordResolution {
  if (!isLatinWord(word)) {
    // A Cyrillic word has no other alternative (no array built for it).
    const cheap = resolveCheap(index, cache, word);
    if (cheap.best >= SIMILARITY.reversePrefix) return cheap;
    const full = resolveFull(index, cache, word);
    return full.best > cheap.best ? full : cheap;
  }
  const alternatives = [word, ...transliterate(word).filter((t) => t !== word)];
  let best = resolveCheap(index, cache, alternatives[0]!);
  for (let a = 1; a < alternatives.length; a++) {
    if (best.best >= SIMILARITY.exact) break;
    const r = resolveCheap(index, cache, alternatives[a]!);
    if (r.best > best.best) best = r;
  }
  if (best.best >= SIMILARITY.reversePrefix) return best;
  for (let a = 0; a < alternatives.length && a < FUZZY_ALTERNATIVES; a++) {
    const r = resolveFull(index, cache, alternatives[a]!);
    if (r.best > best.best) best = r;
  }
  return best;
}

/** A word's reading without fuzzy look-ups, remembered in `cache`. */
function resolveCheap(index: CatalogIndex, cache: Memo<WordResolution>, word: string): WordResolution {
  let r = cache.get(word);
  if (!r) cache.set(word, (r = resolveWord(index, word, false)));
  return r;
}

/** A word's reading with fuzzy look-ups when nothing exact is found, remembered in `cache`. */
function resolveFull(index: CatalogIndex, cache: Memo<WordResolution>, word: string): WordResolution {
  const key = `${word}\u0000fuzzy`;
  let r = cache.get(key);
  if (!r) {
    const cheap = resolveCheap(index, cache, word);
    r = cheap.best >= SIMILARITY.exact || cheap.stop ? cheap : resolveWord(index, word, true);
    cache.set(key, r);
  }
  return r;
}

function readingScore(resolved: WordResolution[]): number {
  if (resolved.length === 0) return 0;
  let sum = 0;
  // One- and two-letter words of a reading are no evidence for it ("якби" on the Latin layout is "zr,b").
  for (const r of resolved) sum += r.word.length < 3 ? 0 : r.best;
  return sum / resolved.length;
}

/**
 * English words get fewer edits than Cyrillic ones: short English words sit one letter apart everywhere
 * (card / care / hard, bank / back), so a word under six letters must match exactly (or as a prefix).
 */
function maxEditsForEnglish(length: number): number {
  if (length < 6) return 0;
  if (length < 9) return 1;
  return 2;
}

function tokenWeight(index: CatalogIndex, r: WordResolution, unknownWeight: number): number {
  if (r.matches.length === 0) return unknownWeight;
  let weight = 0;
  for (const m of r.matches) if (m.sim >= r.best - 1e-9) weight = Math.max(weight, index.idf[m.stemId]!);
  return weight;
}

/**
 * The catalogue stems a word can match: exactly (after stemming and folding), through a Russian /
 * abbreviation expansion, as a prefix (психолог → психологічн…), by the catalogue stem being a prefix of
 * it, and (when `fuzzy` and nothing exact was found) within a small edit distance.
 */
export function resolveWord(index: CatalogIndex, word: string, fuzzy: boolean): WordResolution {
  if (isStopWord(word)) return stopResolution(word);
  const s = stem(word);
  // The matches so far, in the order first found (a word has a few dozen at most: arrays, no Map).
  const ids: number[] = [];
  const sims: number[] = [];
  let hasExact = false;
  addMatch(ids, sims, index.vocab.get(s), SIMILARITY.exact);
  const folded = fold(word);
  if (folded !== s) addMatch(ids, sims, index.vocab.get(folded), SIMILARITY.exact);
  // Expansions of the stem, then of the folded word (a repeated one changes nothing: same id, same similarity).
  for (const e of expandStem(s)) addMatch(ids, sims, index.vocab.get(e), SIMILARITY.expansion);
  if (folded !== s) for (const e of expandStem(folded)) addMatch(ids, sims, index.vocab.get(e), SIMILARITY.expansion);
  if (ids.length > 0) hasExact = true; // every match so far is exact or an expansion

  if (s.length >= MIN_PREFIX) {
    for (const id of index.stemsWithPrefix(s, PREFIX_LIMIT)) {
      const extra = index.stems[id]!.length - s.length;
      addMatch(ids, sims, id, Math.max(SIMILARITY.prefixMin, SIMILARITY.prefixMax - 0.03 * extra));
    }
    for (let len = s.length - 1; len >= Math.max(4, s.length - 3); len--) {
      addMatch(ids, sims, index.vocab.get(s.slice(0, len)), SIMILARITY.reversePrefix - 0.03 * (s.length - 1 - len));
    }
  }

  if (fuzzy && !hasExact) {
    // The stem against stems and word forms, and the whole word against them too: a typo in the ending
    // ("літінх") keeps the stemmer from finding the stem, but not the word form "літніх".
    for (let p = 0; p < (folded === s ? 1 : 2); p++) {
      const probe = p === 0 ? s : folded;
      if (probe.length < 4 || probe.length > MAX_FUZZY_WORD) continue;
      const maxEdits = isLatinWord(probe) ? maxEditsForEnglish(probe.length) : maxEditsFor(probe.length);
      for (const hit of index.fuzzy.search(probe, maxEdits)) {
        const sim = hit.distance === 1 ? (probe.length <= 5 ? SIMILARITY.fuzzy1Short : SIMILARITY.fuzzy1) : SIMILARITY.fuzzy2;
        addMatch(ids, sims, index.fuzzyStem[hit.id], sim);
      }
    }
  }

  const matches: StemMatch[] = new Array(ids.length);
  let best = 0;
  for (let k = 0; k < ids.length; k++) {
    matches[k] = { stemId: ids[k]!, sim: sims[k]! };
    if (sims[k]! > best) best = sims[k]!;
  }
  return { word, stem: s, stop: false, matches, best };
}

/** Records a match of stem `id` (when the index has it) at `sim`, keeping each stem's best similarity. */
function addMatch(ids: number[], sims: number[], id: number | undefined, sim: number): void {
  if (id === undefined) return;
  const k = ids.indexOf(id);
  if (k < 0) {
    ids.push(id);
    sims.push(sim);
  } else if (sims[k]! < sim) sims[k] = sim;
}

/** Stop words' readings: the list is fixed, so each is built once (its stem is all that is computed). */
const STOP_RESOLUTIONS = new Map<string, WordResolution>();

function stopResolution(word: string): WordResolution {
  let r = STOP_RESOLUTIONS.get(word);
  if (!r) {
    r = { word, stem: stem(word), stop: true, matches: [], best: 1 };
    // Only the spellings of the stop words themselves (bounded), never arbitrary words.
    STOP_RESOLUTIONS.set(word, r);
  }
  return r;
}
