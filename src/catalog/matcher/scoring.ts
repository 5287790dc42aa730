/**
 * Scoring: each candidate's phrase (P), coverage (Q) and evidence views over its entries, the fuse.js
 * view (F) for the best few, and the confidence (see matcher.ts for what each view means).
 */
import { LIGHT_WORD_FACTOR, type CatalogIndex } from "./catalog-index.js";
import type { QueryToken } from "./query.js";
import type { CandidateSelector } from "./candidates.js";
import type { FuseRefiner } from "./fuse-refine.js";
import type { EvidenceItem, ResolvedOptions, Scored, ScoreWeights } from "./options.js";

/** A message of more words than this gets no fuse.js refinement. */
const FUSE_MAX_TOKENS = 12;

/** How many of the best candidates get the fuse.js refinement. */
const FUSE_CANDIDATES = 3;

/** Below this phrase score a candidate's score is scaled down (by up to this much at phrase 0). */
export const PHRASE_GATE = 0.3;

/** A leading situation's phrase must be said at least this completely to put its main service first. */
const LEAD_COVERAGE = 0.8;

/** A message with an off-topic marker (продам, відремонтувати) keeps this share of its evidence. */
export const OFF_TOPIC_FACTOR = 0.4;
/** …and this share of its final score (a sale or a repair of a thing named in a synonym is still no need). */
export const OFF_TOPIC_SCORE_FACTOR = 0.5;

export interface Scorer {
  /**
   * Scores the candidates of `tokens`, unsorted. `offTopic`: how many distinct off-topic markers the whole
   * message has, 0 for none (a part of it is scored like the whole); `refine`: whether the best few get the
   * fuse.js view.
   */
  score(tokens: readonly QueryToken[], withReasons: boolean, offTopic: number, refine: boolean): Scored[];
}

export function createScorer(
  index: CatalogIndex,
  opts: ResolvedOptions,
  sw: ScoreWeights,
  selector: CandidateSelector,
  refineWithFuse: FuseRefiner,
): Scorer {
  const minPhraseWeight = opts.minPhraseWeight * index.maxIdf;
  // Per stem id, for `score`: which scoring last marked it, the index of its hit list, its best similarity.
  const stemMark = new Int32Array(index.stems.length);
  const stemHits = new Int32Array(index.stems.length);
  const stemBestSim = new Float64Array(index.stems.length);
  // Per stem id: `stemOwn[id] === mark` when a query word matches it itself, not only through what a word
  // for a person means (see people.ts).
  const stemOwn = new Int32Array(index.stems.length);
  let scoreMark = 0;
  // Per stem id, for a candidate's evidence: which candidate last credited it, and through which word.
  const creditMark = new Int32Array(index.stems.length);
  const creditTok = new Int32Array(index.stems.length);
  let creditRound = 0;

  /** `offTopic`: how many distinct off-topic markers the whole message has (a part of it is scored like the whole). */
  function score(tokens: readonly QueryToken[], withReasons: boolean, offTopic: number, refine: boolean): Scored[] {
    if (tokens.length === 0) return [];
    const cands = selector.select(tokens);
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
        if (m.person !== true) stemOwn[m.stemId] = mark;
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
      // Whether a name, synonym or situation said in full holds every off-topic marker of the message
      // («ремонт після обстрілу»): the marker is then part of a need the catalogue names, not a sale or a
      // repair («зроблю ремонт після обстрілу недорого» keeps «недорого», and stays off-topic).
      let markerInNeed = false;
      for (let e = index.serviceEntryStart[svc]!; e < index.serviceEntryStart[svc + 1]!; e++) {
        const from = index.entryStemStart[e]!;
        const to = index.entryStemStart[e + 1]!;
        // How much of the entry's weight the message covers (its words matched at their best similarity).
        let covered = 0;
        let said = 0;
        let own = 0;
        for (let k = from; k < to; k++) {
          const id = index.entryStems[k]!;
          if (stemMark[id] !== mark) continue;
          covered += index.stemWeights[id]! * stemBestSim[id]!;
          said++;
          if (stemOwn[id] === mark) own++;
        }
        // An entry met only through what a word for a person means («мамі» → «реабілітація дорослих») is
        // not met: the person word completes a phrase the message says («памперси для мами»), never alone.
        if (covered === 0 || own === 0) continue;
        const weight = index.entryWeight[e]!;
        const isPhrase = index.entryPhrase[e] === 1;
        const evidenceWeight = isPhrase ? weight : index.entryKind[e] === "description" ? opts.descriptionEvidence : weight;
        if (isPhrase && said >= 2 && said === to - from) {
          if (offTopic > 0 && !markerInNeed) {
            let markers = 0;
            for (let k = from; k < to; k++) markers += index.offTopicMarker[index.entryStems[k]!]!;
            markerInNeed = markers >= offTopic;
          }
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
      const dampen = offTopic > 0 && !markerInNeed;
      if (dampen) evidence *= OFF_TOPIC_FACTOR;
      const because: EvidenceItem[] | undefined = withReasons ? reasons(tokens, evid, evidEntry, bonus, bonusEntry) : undefined;
      return { svc, serviceId: service.id, leads, dampen, phrase, coverage, fuzzy: 0, evidence, because, score: sw.phrase * phrase + sw.coverage * coverage };
    });

    // fuse.js refines the most promising candidates only: its bitap scan is the costliest step per text.
    scored.sort((a, b) => b.score - a.score || a.svc - b.svc);
    const refined = scored.slice(0, FUSE_CANDIDATES);
    // A long message gets no fuse.js refinement (its words are many, its typos matter less than its
    // evidence), nor does a part of a message (only its best service is wanted).
    const fuzzy = refine && tokens.length <= FUSE_MAX_TOKENS ? refineWithFuse(tokens, refined.map((c) => c.svc)) : null;
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
        score: clamp01(Math.max(total, sure) * (c.dampen ? OFF_TOPIC_SCORE_FACTOR : 1)),
        phrase: c.phrase,
        coverage: c.coverage,
        fuzzy: f,
        evidence: c.evidence,
        because: c.because ?? [],
      };
    });
  }

  /** The evidence items of one candidate, strongest first. */
  function reasons(tokens: readonly QueryToken[], evid: Float64Array, evidEntry: Int32Array, bonus: number, bonusEntry: number): EvidenceItem[] {
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

  return { score };
}

/**
 * How a match's similarity counts as evidence: exact, expanded and close prefix matches fully, looser ones
 * (fuzzy, far prefixes) at half: in a long message, near-misses of ordinary words are mostly chance.
 */
export function evidenceSim(sim: number): number {
  return sim >= 0.85 ? sim : sim * 0.5;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
