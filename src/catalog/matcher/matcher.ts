/**
 * The service matcher: what a resident typed → the services that fit, best first, or nothing.
 *
 * Pipeline (query.ts, catalog-index.ts, this file): normalise → readings (as typed, wrong keyboard
 * layout) and transliterations, the one the vocabulary knows best kept → content tokens (stop words out)
 * → stems → expansion (Russian → Ukrainian, abbreviations) → each token's catalogue stems (exact, prefix,
 * fuzzy by deletion neighbourhoods) → candidates from the stem inverted index (cost follows the services
 * sharing a word with the query, not the size of the catalogue; the best `candidateLimit` kept) →
 * scoring → confidence threshold.
 *
 * The score of a candidate (0..1) blends three views:
 * - phrase (P): how completely the query covers one of the service's names or synonyms, times the share
 *   of the query that phrase explains ("нема де ночувати" fully covers a synonym of shelter; "курс
 *   долара" half covers "курси перенавчання", which is worth a quarter), a little less when the query
 *   says the phrase's words in another order ("care home" is not "home care");
 * - coverage (Q): how much of the query (idf-weighted) the service's fields explain, names and synonyms
 *   counting more than the summary and the description;
 * - fuzzy (F): fuse.js over the best candidates' folded fields, one search per query token, with our
 *   field weights (names and synonyms above summary above description), which credits approximate and
 *   partial-word matches the stem index does not see.
 * A candidate with no substantially covered name or synonym is scaled down (words scattered over
 * unrelated phrases are weak evidence). Results under `threshold` are dropped: `[]` means "nothing fits".
 */
import Fuse, { type FuseIndex, type IFuseOptions } from "fuse.js";
import { CatalogIndex, DEFAULT_FIELD_WEIGHTS, LIGHT_WORD_FACTOR, type FieldWeights, type FuseDoc, type SearchableService } from "./catalog-index.js";
import { analyzeQuery, newReadingMemo, type QueryToken, type ReadingMemo } from "./query.js";
import { fold, words } from "./normalize.js";
import { stem } from "./stem.js";
import { withSituations, type SituationsData } from "../situations.js";
import { DEFAULT_REMEMBERED_WORDS, WordMemo } from "./cache.js";

export type { SearchableService, SearchableText, FieldWeights } from "./catalog-index.js";

export interface MatchResult {
  serviceId: string;
  /** Confidence 0..1, higher is better. */
  score: number;
}

export interface ScoreWeights {
  phrase: number;
  coverage: number;
  fuzzy: number;
}

export interface MatcherOptions {
  /** Results scoring below this are dropped (0..1). */
  threshold?: number;
  /** How many services the inverted index hands to detailed scoring. */
  candidateLimit?: number;
  /** How a word found in each kind of field counts. */
  fieldWeights?: FieldWeights;
  /** How the phrase, coverage and fuzzy views blend (normalised to sum 1). */
  scoreWeights?: ScoreWeights;
  /** Weight of a query word the catalogue does not know, as a share of the rarest word's idf. */
  unknownWordWeight?: number;
  /** How steeply partial coverage of a name or synonym loses value (2: half a phrase is worth a quarter). */
  phraseExponent?: number;
  /** How much less a word counts in coverage when found in a phrase the query covers only partly (0..1). */
  partialPhraseDiscount?: number;
  /** How much a phrase's score depends on the share of the query it explains (0: not at all). */
  queryShareExponent?: number;
  /** A phrase's coverage is measured against at least this weight (share of the rarest word's idf). */
  minPhraseWeight?: number;
  /**
   * A phrase whose words the query gives in another order counts this much (0..1): word order decides
   * between phrases made of the same words ("home care" / "care home"), and barely matters otherwise.
   */
  outOfOrderFactor?: number;
  /**
   * Evidence: each word of the message adds, for a service, how specific the word is (its idf share) times
   * how well it matches times the weight of the field it is found in; a phrase (name, synonym, situation)
   * said in full adds `phraseBonus` per extra word. Words the catalogue does not know add nothing (greetings,
   * names, ages, streets do not dilute). Confidence = 1 − exp(−evidence / evidenceScale).
   */
  evidenceScale?: number;
  /** What a fully said phrase adds to the evidence for each of its words beyond the first. */
  phraseBonus?: number;
  /** Weight of a description word in the evidence (descriptions are long and generic). */
  descriptionEvidence?: number;
  /** Situations residents describe, mapped to services, and off-topic markers (data/catalog/situations.yaml). */
  situations?: SituationsData | undefined;
  /**
   * How many words' readings the matcher remembers between searches (see `WordMemo`); 0: none (each
   * search reads every word afresh, as the benchmark's cold figures do).
   */
  rememberedWords?: number;
}

export interface ScoredCandidate extends MatchResult {
  /** The message says a situation that `leads` to this service (data/catalog/situations.yaml): it goes first. */
  leads: boolean;
  phrase: number;
  coverage: number;
  fuzzy: number;
  /** Evidence for the service summed over the message's words (see `evidenceScale`). */
  evidence: number;
}

/** One word of the query that gave evidence for a service, and where the service has it. */
export interface EvidenceItem {
  word: string;
  /** What the word contributed to the service's evidence. */
  value: number;
  /** The service's field that holds the word: name, synonym, situation, summary, description. */
  field: string;
  /** That field's text (a situation's text ends with its [label]). */
  text: string;
}

export interface CandidateExplanation extends ScoredCandidate {
  /** The words that gave evidence, strongest first; a fully said phrase appears with word "(phrase)". */
  because: EvidenceItem[];
}

export interface Explanation {
  reading: string[];
  tokens: Array<{ word: string; stem: string; weight: number; matches: Array<{ stem: string; sim: number }> }>;
  candidates: CandidateExplanation[];
}

/** A candidate as scored inside the matcher. */
type Scored = CandidateExplanation;

export interface Matcher {
  /** The services that fit the query, best first, at most `limit`; `[]` when nothing fits. */
  search(query: string, limit?: number): MatchResult[];
  /** The same search with its workings (readings, tokens, every candidate's partial scores). */
  explain(query: string): Explanation;
  /** Number of services indexed. */
  readonly size: number;
}

/** A message of more words than this gets no fuse.js refinement. */
const FUSE_MAX_TOKENS = 12;
/**
 * In choosing candidates, a word found in more than this share of the services is left out when the
 * message has rarer words (it still counts in scoring): at 20,000 services, "допомога" alone would
 * touch thousands of services for every story.
 */
const COMMON_POSTING_SHARE = 0.1;
/** …and never in a catalogue so small that every word is in a few hundred services at most. */
const MIN_COMMON_POSTING = 500;

/** How many of the best candidates get the fuse.js refinement. */
const FUSE_CANDIDATES = 3;

/** Below this phrase score a candidate's score is scaled down (by up to this much at phrase 0). */
const PHRASE_GATE = 0.3;

export const DEFAULT_OPTIONS = {
  threshold: 0.48,
  candidateLimit: 20,
  fieldWeights: DEFAULT_FIELD_WEIGHTS,
  scoreWeights: { phrase: 0.45, coverage: 0.3, fuzzy: 0.25 },
  unknownWordWeight: 0.6,
  phraseExponent: 2,
  partialPhraseDiscount: 0.5,
  queryShareExponent: 0.3,
  minPhraseWeight: 0.5,
  outOfOrderFactor: 0.9,
  evidenceScale: 1.4,
  phraseBonus: 0.35,
  descriptionEvidence: 0.5,
  rememberedWords: DEFAULT_REMEMBERED_WORDS,
} satisfies Required<Omit<MatcherOptions, "situations">>;

/** A leading situation's phrase must be said at least this completely to put its main service first. */
const LEAD_COVERAGE = 0.8;

/** A message with an off-topic marker (продам, відремонтувати) keeps this share of its evidence. */
const OFF_TOPIC_FACTOR = 0.4;
/** …and this share of its final score (a sale or a repair of a thing named in a synonym is still no need). */
const OFF_TOPIC_SCORE_FACTOR = 0.5;

/** fuse.js settings for the final fuzzy scoring over the candidates. */
function fuseOptions(fw: FieldWeights): IFuseOptions<FuseDoc> {
  return {
    keys: [
      { name: "name", weight: fw.name },
      { name: "synonyms", weight: fw.synonym },
      { name: "summary", weight: fw.summary },
      { name: "description", weight: fw.description },
    ],
    includeScore: true,
    ignoreLocation: true,
    ignoreFieldNorm: true,
    threshold: 0.22,
    shouldSort: false,
  };
}

export function buildMatcher(services: readonly SearchableService[], options: MatcherOptions = {}): Matcher {
  const { situations, ...rest } = options;
  const opts = { ...DEFAULT_OPTIONS, ...rest };
  const sw = normaliseWeights(opts.scoreWeights);
  const index = new CatalogIndex(withSituations(services, situations), opts.fieldWeights);
  const offTopicStems = new Set((situations?.offTopic ?? []).flatMap((text) => words(text)).map(stem));
  const unknownWeight = opts.unknownWordWeight * index.maxIdf;
  const minPhraseWeight = opts.minPhraseWeight * index.maxIdf;
  const fOptions = fuseOptions(opts.fieldWeights);
  const fuseDocs = index.services.map((s) => s.fuseDoc);
  // One fuse.js index for the whole catalogue, built once; each query searches a view of its candidates.
  const fullFuseIndex = Fuse.createIndex(fOptions.keys!, fuseDocs);
  const fuseKeys = fullFuseIndex.keys;
  const fuseRecords = fullFuseIndex.records;
  // One fuse.js instance, pointed at each query's candidates in turn (search is synchronous).
  const fuse = new Fuse<FuseDoc>([], fOptions);

  const memo: ReadingMemo | null =
    opts.rememberedWords > 0 ? { words: new WordMemo(opts.rememberedWords), chunks: new WordMemo(opts.rememberedWords) } : null;
  const fuseMemo = opts.rememberedWords > 0 ? new WordMemo<number>(opts.rememberedWords) : null;
  /** Where a search keeps its words' readings: the matcher's memory, or maps of its own. */
  const wordMemo = (): ReadingMemo => memo ?? newReadingMemo();

  const n = index.services.length;
  const acc = new Float64Array(n);
  // Per stem id, for `score`: which scoring last marked it, the index of its hit list, its best similarity.
  const stemMark = new Int32Array(index.stems.length);
  const stemHits = new Int32Array(index.stems.length);
  const stemBestSim = new Float64Array(index.stems.length);
  let scoreMark = 0;
  // Per stem id, for a candidate's evidence: which candidate last credited it, and through which word.
  const creditMark = new Int32Array(index.stems.length);
  const creditTok = new Int32Array(index.stems.length);
  let creditRound = 0;
  const touched = new Int32Array(n);

  function candidates(tokens: QueryToken[]): number[] {
    let nTouched = 0;
    const common = Math.max(MIN_COMMON_POSTING, Math.ceil(n * COMMON_POSTING_SHARE));
    let hasRare = false;
    for (const t of tokens) for (const m of t.matches) if (index.postings[m.stemId]!.length <= common) hasRare = true;
    for (const t of tokens) {
      for (const m of t.matches) {
        const list = index.postings[m.stemId]!;
        if (hasRare && list.length > common) continue;
        const weights = index.postingWeights[m.stemId]!;
        const c = t.weight * m.sim;
        for (let k = 0; k < list.length; k++) {
          const svc = list[k]!;
          if (acc[svc] === 0) touched[nTouched++] = svc;
          acc[svc] = acc[svc]! + c * weights[k]!;
        }
      }
    }
    // Keep the best `candidateLimit` (a small sorted buffer: most services never enter it).
    const limit = opts.candidateLimit;
    const topSvc: number[] = [];
    const topAcc: number[] = [];
    for (let k = 0; k < nTouched; k++) {
      const svc = touched[k]!;
      const a = acc[svc]!;
      acc[svc] = 0;
      if (topSvc.length === limit && a <= topAcc[limit - 1]!) continue;
      let pos = topSvc.length < limit ? topSvc.length : limit - 1;
      while (pos > 0 && topAcc[pos - 1]! < a) pos--;
      topSvc.splice(pos, 0, svc);
      topAcc.splice(pos, 0, a);
      if (topSvc.length > limit) {
        topSvc.pop();
        topAcc.pop();
      }
    }
    return topSvc;
  }

  /** fuse.js credit (0..1) of each candidate, or null when no query word is a plain word (only stop phrases). */
  function fuseScores(tokens: QueryToken[], cands: number[]): Float64Array | null {
    const words = tokens.filter((t) => !isStopPhrase(t));
    const totalWeight = words.reduce((s, t) => s + t.weight, 0);
    if (totalWeight === 0) return null;
    const out = new Float64Array(cands.length);
    if (cands.length === 0) return out;
    // fuse.js's score of a service for a pattern depends on the two alone (no field norm, no location):
    // remembered, as `-1` where the service does not match at all.
    const remembered = fuseMemo ?? new Map<string, number>();
    const key = (svc: number, pattern: string): string => `${svc}\u0000${pattern}`;
    let viewSet = false;
    for (const t of words) {
      const pattern = fuzzyPattern(t);
      if (pattern.length < 3) continue;
      if (cands.some((svc) => remembered.get(key(svc, pattern)) === undefined)) {
        if (!viewSet) {
          const records = cands.map((svc, j) => ({ ...fuseRecords[svc]!, i: j }));
          const view: FuseIndex<FuseDoc> = Fuse.parseIndex<FuseDoc>({ keys: fuseKeys, records });
          fuse.setCollection(
            cands.map((svc) => fuseDocs[svc]!),
            view,
          );
          viewSet = true;
        }
        const found = new Float64Array(cands.length).fill(-1);
        for (const r of fuse.search(pattern)) found[r.refIndex] = r.score ?? 1;
        cands.forEach((svc, j) => remembered.set(key(svc, pattern), found[j]!));
      }
      cands.forEach((svc, j) => {
        const sc = remembered.get(key(svc, pattern))!;
        if (sc >= 0) out[j] = out[j]! + t.weight * (1 - sc);
      });
    }
    for (let j = 0; j < out.length; j++) out[j] = out[j]! / totalWeight;
    return out;
  }

  function isOffTopic(tokens: QueryToken[]): boolean {
    return offTopicStems.size > 0 && tokens.some((t) => offTopicStems.has(t.stem));
  }

  /** `offTopic`: whether the whole message has an off-topic marker (a part of it is scored like the whole). */
  function score(tokens: QueryToken[], withReasons = false, offTopic = isOffTopic(tokens), refine = true): Scored[] {
    if (tokens.length === 0) return [];
    const cands = candidates(tokens);
    if (cands.length === 0) return [];
    // The query's catalogue stems, marked in arrays indexed by stem id (most words of a candidate's
    // entries are not in the query, and each such look-up is then one array read): `stemMark[id] === mark`
    // when some query word matches stem `id`; its hits are `hitLists[stemHits[id]]`, their best
    // similarity `stemBestSim[id]`.
    const mark = ++scoreMark;
    const hitLists: Array<Array<{ t: number; sim: number }>> = [];
    tokens.forEach((tok, t) => {
      for (const m of tok.matches) {
        if (stemMark[m.stemId] !== mark) {
          stemMark[m.stemId] = mark;
          stemHits[m.stemId] = hitLists.length;
          stemBestSim[m.stemId] = 0;
          hitLists.push([]);
        }
        hitLists[stemHits[m.stemId]!]!.push({ t, sim: m.sim });
        if (m.sim > stemBestSim[m.stemId]!) stemBestSim[m.stemId] = m.sim;
      }
    });
    const totalWeight = tokens.reduce((s, t) => s + t.weight, 0);
    const best = new Float64Array(tokens.length);
    const entryTok = new Float64Array(tokens.length);
    const evid = new Float64Array(tokens.length);
    const evidEntry = new Int32Array(tokens.length);
    const evidStem = new Int32Array(tokens.length);

    const scored = cands.map((svc) => {
      const service = index.services[svc]!;
      best.fill(0);
      evid.fill(0);
      evidEntry.fill(-1);
      evidStem.fill(-1);
      let phrase = 0;
      let bonus = 0;
      let bonusEntry = -1;
      let leads = false;
      for (let e = index.serviceEntryStart[svc]!; e < index.serviceEntryStart[svc + 1]!; e++) {
        const from = index.entryStemStart[e]!;
        const to = index.entryStemStart[e + 1]!;
        // How much of the entry's weight the message covers (its words matched at their best similarity).
        let covered = 0;
        let said = 0;
        for (let k = from; k < to; k++) {
          const id = index.entryStems[k]!;
          if (stemMark[id] !== mark) continue;
          covered += index.stemWeights[id]! * stemBestSim[id]!;
          said++;
        }
        if (covered === 0) continue;
        const weight = index.entryWeight[e]!;
        const isPhrase = index.entryPhrase[e] === 1;
        const evidenceWeight = isPhrase ? weight : index.entryKind[e] === "description" ? opts.descriptionEvidence : weight;
        if (isPhrase && said >= 2 && said === to - from) {
          const b = opts.phraseBonus * weight * (said - 1);
          if (b > bonus) {
            bonus = b;
            bonusEntry = e;
          }
        }
        // An entry made only of frequent words ("яка допомога є" → "допомога") is a weak phrase: its
        // coverage is measured against at least `minPhraseWeight`.
        const entryCoverage = Math.min(1, covered / Math.max(index.entryTotal[e]!, minPhraseWeight));
        // A word found in a phrase the query covers only in part ("третього" of "університет третього віку",
        // "квартирі" of "прибрати в квартирі") counts less, as evidence and as coverage.
        const fit = isPhrase ? 1 - opts.partialPhraseDiscount * (1 - entryCoverage) : 1;
        if (index.entryLeads[e] === 1 && entryCoverage >= LEAD_COVERAGE) leads = true;
        entryTok.fill(0);
        // Whether the query says the phrase's words in the phrase's order ("home care", not "care home").
        let lastTok = -1;
        let inOrder = true;
        for (let k = from; k < to; k++) {
          const id = index.entryStems[k]!;
          if (stemMark[id] !== mark) continue;
          const hits = hitLists[stemHits[id]!]!;
          const specificity = (isPhrase ? index.phraseSpecificity[id]! : index.idf[id]! / index.maxIdf) * (index.light[id] ? LIGHT_WORD_FACTOR : 1);
          let next = -1;
          for (const h of hits) {
            const ev = evidenceSim(h.sim) * evidenceWeight * specificity * fit;
            if (ev > evid[h.t]!) {
              evid[h.t] = ev;
              evidEntry[h.t] = e;
              evidStem[h.t] = id;
            }
            const v = h.sim * weight * fit;
            if (v > best[h.t]!) best[h.t] = v;
            if (h.sim > entryTok[h.t]!) entryTok[h.t] = h.sim;
            if (h.t >= lastTok && (next < 0 || h.t < next)) next = h.t;
          }
          if (next < 0) inOrder = false;
          else lastTok = next;
        }
        if (isPhrase) {
          // How much of the query this one phrase explains: a short phrase matching one word of a long
          // message is weaker evidence than a phrase that matches most of it.
          let explained = 0;
          for (let t = 0; t < tokens.length; t++) explained += tokens[t]!.weight * entryTok[t]!;
          const queryShare = totalWeight > 0 ? explained / totalWeight : 0;
          const order = inOrder ? 1 : opts.outOfOrderFactor;
          const p = Math.pow(entryCoverage, opts.phraseExponent) * Math.pow(queryShare, opts.queryShareExponent) * weight * order;
          if (p > phrase) phrase = p;
        }
      }
      let coverage = 0;
      for (let t = 0; t < tokens.length; t++) coverage += tokens[t]!.weight * best[t]!;
      coverage = totalWeight > 0 ? coverage / totalWeight : 0;
      // A catalogue word gives evidence once, whichever of the message's words found it (пенсію, пенсійному).
      let evidence = bonus;
      // `creditMark[stem] === creditRound` when a word of this candidate already credited the stem, `creditTok[stem]`.
      const creditNow = ++creditRound;
      for (let t = 0; t < tokens.length; t++) {
        if (evid[t]! <= 0) continue;
        const id = evidStem[t]!;
        if (creditMark[id] !== creditNow) {
          creditMark[id] = creditNow;
          creditTok[id] = t;
          evidence += evid[t]!;
          continue;
        }
        const prev = creditTok[id]!;
        if (evid[t]! > evid[prev]!) {
          creditTok[id] = t;
          evidence += evid[t]! - evid[prev]!;
          evid[prev] = 0;
        } else evid[t] = 0;
      }
      if (offTopic) evidence *= OFF_TOPIC_FACTOR;
      const because: EvidenceItem[] | undefined = withReasons ? reasons(tokens, evid, evidEntry, bonus, bonusEntry) : undefined;
      return { svc, serviceId: service.id, leads, phrase, coverage, fuzzy: 0, evidence, because, score: sw.phrase * phrase + sw.coverage * coverage };
    });

    // fuse.js refines the most promising candidates only: its bitap scan is the costliest step per text.
    scored.sort((a, b) => b.score - a.score || a.svc - b.svc);
    const refined = scored.slice(0, FUSE_CANDIDATES);
    // A long message gets no fuse.js refinement (its words are many, its typos matter less than its
    // evidence), nor does a part of a message (only its best service is wanted).
    const fuzzy = refine && tokens.length <= FUSE_MAX_TOKENS ? fuseScores(tokens, refined.map((c) => c.svc)) : null;
    return scored.map((c, j) => {
      const f = j >= refined.length ? 0 : fuzzy ? fuzzy[j]! : c.coverage;
      // A service none of whose names or synonyms the query substantially covers is held back: its words
      // were found scattered over unrelated phrases ("купити" in "купити ліки", "квартиру" in "прибрати в квартирі").
      const gate = Math.min(1, 1 - PHRASE_GATE + c.phrase);
      const total = (c.score + sw.fuzzy * f) * gate;
      // The evidence view: how sure we are of the need, whatever else the message says.
      const sure = 1 - Math.exp(-c.evidence / opts.evidenceScale);
      return {
        serviceId: c.serviceId,
        leads: c.leads,
        score: clamp01(Math.max(total, sure) * (offTopic ? OFF_TOPIC_SCORE_FACTOR : 1)),
        phrase: c.phrase,
        coverage: c.coverage,
        fuzzy: f,
        evidence: c.evidence,
        because: c.because ?? [],
      };
    });
  }

  /** The evidence items of one candidate, strongest first. */
  function reasons(tokens: QueryToken[], evid: Float64Array, evidEntry: Int32Array, bonus: number, bonusEntry: number): EvidenceItem[] {
    const out: EvidenceItem[] = [];
    const item = (word: string, value: number, e: number): EvidenceItem => ({
      word,
      value: round(value),
      field: index.entryKind[e]!,
      text: index.entryText[e]!,
    });
    for (let t = 0; t < tokens.length; t++) if (evid[t]! > 0) out.push(item(tokens[t]!.word, evid[t]!, evidEntry[t]!));
    if (bonusEntry >= 0) out.push(item("(phrase)", bonus, bonusEntry));
    return out.sort((a, b) => b.value - a.value);
  }

  /**
   * Two needs in one message: the message is also read part by part (sentences, and clauses joined by
   * "і", "а ще", "также", commas …); the best service of each part that passes the threshold on its own is
   * a need. The answer puts the whole message's best service first (the main need), then the other parts'
   * needs, strongest first, then the rest of the whole message's ranking.
   */
  function withPartNeeds(query: string, long: boolean, ranked: Scored[], withReasons: boolean, offTopic: boolean, cache: ReadingMemo): Scored[] {
    const parts = messageParts(query);
    if (parts.length < 2) return ranked;
    const needs = new Map<string, Scored>();
    for (const part of parts) {
      // A part of a long message is read as the message was: as typed (its words are then already read).
      const { tokens } = analyzeQuery(index, part, unknownWeight, cache, long || undefined);
      if (tokens.length === 0) continue;
      const top = rank(score(tokens, withReasons, offTopic, false))[0];
      if (!top || top.score < opts.threshold) continue;
      const known = needs.get(top.serviceId);
      if (!known || known.score < top.score) needs.set(top.serviceId, top);
    }
    if (needs.size === 0) return ranked;
    const head = ranked[0] && ranked[0].score >= opts.threshold ? [ranked[0]] : [];
    const seen = new Set(head.map((c) => c.serviceId));
    const partNeeds = [...needs.values()]
      .filter((c) => !seen.has(c.serviceId))
      .map((c) => {
        const whole = ranked.find((w) => w.serviceId === c.serviceId);
        return whole && whole.score >= c.score ? whole : c;
      })
      .sort((a, b) => b.score - a.score);
    for (const c of partNeeds) seen.add(c.serviceId);
    return [...head, ...partNeeds, ...ranked.filter((c) => !seen.has(c.serviceId))];
  }

  function rank<T extends ScoredCandidate>(scored: T[]): T[] {
    return scored.sort((a, b) => b.score - a.score || (a.serviceId < b.serviceId ? -1 : 1));
  }

  return {
    size: n,
    search(query: string, limit = 5): MatchResult[] {
      const cache = wordMemo();
      const { tokens, long } = analyzeQuery(index, query, unknownWeight, cache);
      return leadFirst(withPartNeeds(query, long, rank(score(tokens)), false, isOffTopic(tokens), cache), opts.threshold)
        .filter((c) => c.score >= opts.threshold)
        .slice(0, Math.max(0, limit))
        .map(({ serviceId, score: s }) => ({ serviceId, score: round(s) }));
    },
    explain(query: string): Explanation {
      const cache = wordMemo();
      const { tokens, reading, long } = analyzeQuery(index, query, unknownWeight, cache);
      return {
        reading,
        tokens: tokens.map((t) => ({
          word: t.word,
          stem: t.stem,
          weight: round(t.weight),
          matches: t.matches.map((m) => ({ stem: index.stems[m.stemId]!, sim: m.sim })),
        })),
        candidates: leadFirst(withPartNeeds(query, long, rank(score(tokens, true)), true, isOffTopic(tokens), cache), opts.threshold).map((c) => ({
          ...c,
          evidence: round(c.evidence),
          score: round(c.score),
          phrase: round(c.phrase),
          coverage: round(c.coverage),
          fuzzy: round(c.fuzzy),
        })),
      };
    },
  };
}

/**
 * The ranking with the services a leading situation names (who the person is: displaced …) moved to the
 * front, among those that pass the threshold; the order is otherwise kept.
 */
function leadFirst<T extends ScoredCandidate>(ranked: T[], threshold: number): T[] {
  const lead = ranked.filter((c) => c.leads && c.score >= threshold);
  return lead.length === 0 ? ranked : [...lead, ...ranked.filter((c) => !(c.leads && c.score >= threshold))];
}

/**
 * How a match's similarity counts as evidence: exact, expanded and close prefix matches fully, looser ones
 * (fuzzy, far prefixes) at half: in a long message, near-misses of ordinary words are mostly chance.
 */
function evidenceSim(sim: number): number {
  return sim >= 0.85 ? sim : sim * 0.5;
}

/** At most this many parts of a message are read on their own (a long story has many sentences). */
const MAX_PARTS = 8;
/** Where a message splits into parts that may each hold a need. */
const PART_BOUNDARY = /[.!?;:\n]+|,|\s(?:і|й|та|и|а|а також|також|а ще|і ще|ще й|и ещё|и еще|а ещё|а еще|также|плюс|and|and also|also)\s/iu;

/** The parts of a message with at least two letters each (see PART_BOUNDARY). */
function messageParts(query: string): string[] {
  const parts = query.split(PART_BOUNDARY).map((p) => p.trim()).filter((p) => /\p{L}{2}/u.test(p));
  return parts.slice(0, MAX_PARTS);
}

function isStopPhrase(t: QueryToken): boolean {
  return t.stem.startsWith("§");
}

/** What fuse.js looks for: the stem when it is long enough (word forms then cost no errors), else the folded word. */
function fuzzyPattern(t: QueryToken): string {
  return t.stem.length >= 4 ? t.stem : fold(t.word);
}

function normaliseWeights(w: ScoreWeights): ScoreWeights {
  const sum = w.phrase + w.coverage + w.fuzzy;
  return sum > 0 ? { phrase: w.phrase / sum, coverage: w.coverage / sum, fuzzy: w.fuzzy / sum } : DEFAULT_OPTIONS.scoreWeights;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
