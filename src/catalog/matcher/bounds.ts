/**
 * An upper bound of the score any service can get for a message part, from its tokens' matches alone
 * (no postings read, no candidate scored): most parts of a story (a greeting, a name, an age) cannot
 * reach the threshold, and the bound says so for a few array reads per word. It follows scoring.ts's
 * formulas view by view, with what the index can say about each stem ahead of time:
 * - evidence: a word gives at most its best match's evidence similarity times the most its stem gives
 *   in any entry (field weight × specificity), a phrase entry's share lowered as its coverage is;
 * - phrase bonus and phrase coverage: unless two of the part's stems share some name, synonym or
 *   situation (a table of the stem pairs that do), every phrase holds at most one of them, so none is
 *   said in full, a phrase's coverage is at most one stem's share of it, and the share of the part it
 *   explains is the words matching that stem (each phrase's terms then bounded jointly, per stem);
 * - coverage (Q): each word's best similarity times its stem's best field weight (a phrase's also
 *   lowered by the partial-phrase discount);
 * - without the fuse.js view (parts are scored without it), F is at most Q.
 */
import { LIGHT_WORD_FACTOR, type CatalogIndex } from "./catalog-index.js";
import type { QueryToken } from "./query.js";
import type { ResolvedOptions, ScoreWeights } from "./options.js";
import { evidenceSim, OFF_TOPIC_FACTOR, OFF_TOPIC_SCORE_FACTOR, PHRASE_GATE } from "./scoring.js";

export class ScoreBound {
  // Per stem id, the most an entry holding it lets it give: evidence per unit of evidence similarity and
  // field weight, in a phrase (name, synonym, situation) and in another field; its share of a phrase's
  // coverage per unit of similarity; the longest phrase holding it.
  private readonly phraseEvidence: Float64Array;
  private readonly otherEvidence: Float64Array;
  private readonly phraseWeight: Float64Array;
  private readonly otherWeight: Float64Array;
  private readonly phraseShare: Float64Array;
  private readonly phraseLength: Int32Array;
  // …and for a part none of whose phrases holds two of its stems, jointly over each phrase: its coverage
  // term (share^phraseExponent × weight), and its weight and evidence lowered by the partial-phrase
  // discount at that share.
  private readonly soloPhrase: Float64Array;
  private readonly soloWeight: Float64Array;
  private readonly soloEvidence: Float64Array;
  /** Per stem id, the weight of the part's words that match it (times their similarity). */
  private readonly stemTokens: Float64Array;
  /** Stem pairs found together in some phrase (open addressing: `pairA[slot]` is the smaller id + 1, 0 empty). */
  private pairA: Int32Array = new Int32Array(1 << 16);
  private pairB: Int32Array = new Int32Array(1 << 16);
  private pairCount = 0;
  /** Per stem id: which bound last marked it (the part's distinct stems), and its best similarity. */
  private readonly mark: Int32Array;
  private readonly bestSim: Float64Array;
  private round = 0;
  private readonly partStems: number[] = [];

  /** Per stem id, 1 for an off-topic marker (the index's). */
  private readonly offTopicMarker: Uint8Array;

  constructor(
    index: CatalogIndex,
    private readonly opts: ResolvedOptions,
    private readonly sw: ScoreWeights,
  ) {
    const n = index.stems.length;
    this.offTopicMarker = index.offTopicMarker;
    this.phraseEvidence = new Float64Array(n);
    this.otherEvidence = new Float64Array(n);
    this.phraseWeight = new Float64Array(n);
    this.otherWeight = new Float64Array(n);
    this.phraseShare = new Float64Array(n);
    this.phraseLength = new Int32Array(n);
    this.soloPhrase = new Float64Array(n);
    this.soloWeight = new Float64Array(n);
    this.soloEvidence = new Float64Array(n);
    this.stemTokens = new Float64Array(n);
    const discount = opts.partialPhraseDiscount;
    const discounted = discount >= 0 && discount <= 1;
    this.mark = new Int32Array(n);
    this.bestSim = new Float64Array(n);
    const minPhraseWeight = opts.minPhraseWeight * index.maxIdf;
    for (let e = 0; e < index.entryWeight.length; e++) {
      const from = index.entryStemStart[e]!;
      const to = index.entryStemStart[e + 1]!;
      const weight = index.entryWeight[e]!;
      const isPhrase = index.entryPhrase[e] === 1;
      const evidenceWeight = isPhrase ? weight : index.entryKind[e] === "description" ? opts.descriptionEvidence : weight;
      const denominator = Math.max(index.entryTotal[e]!, minPhraseWeight);
      for (let k = from; k < to; k++) {
        const id = index.entryStems[k]!;
        const specificity = (isPhrase ? index.phraseSpecificity[id]! : index.idf[id]! / index.maxIdf) * (index.light[id] ? LIGHT_WORD_FACTOR : 1);
        const evidence = evidenceWeight * specificity;
        if (!isPhrase) {
          if (evidence > this.otherEvidence[id]!) this.otherEvidence[id] = evidence;
          if (weight > this.otherWeight[id]!) this.otherWeight[id] = weight;
          continue;
        }
        if (evidence > this.phraseEvidence[id]!) this.phraseEvidence[id] = evidence;
        if (weight > this.phraseWeight[id]!) this.phraseWeight[id] = weight;
        const share = index.stemWeights[id]! / denominator;
        if (share > this.phraseShare[id]!) this.phraseShare[id] = share;
        if (to - from > this.phraseLength[id]!) this.phraseLength[id] = to - from;
        const alone = Math.min(1, share);
        const fit = discounted ? 1 - discount * (1 - alone) : 1;
        const term = Math.pow(alone, opts.phraseExponent) * weight;
        if (term > this.soloPhrase[id]!) this.soloPhrase[id] = term;
        if (weight * fit > this.soloWeight[id]!) this.soloWeight[id] = weight * fit;
        if (evidence * fit > this.soloEvidence[id]!) this.soloEvidence[id] = evidence * fit;
        for (let j = k + 1; j < to; j++) this.addPair(id, index.entryStems[j]!);
      }
    }
  }

  private slot(a: number, b: number): number {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const mask = this.pairA.length - 1;
    let s = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> 0;
    s = (s ^ (s >>> 15)) & mask;
    while (this.pairA[s] !== 0 && (this.pairA[s] !== lo + 1 || this.pairB[s] !== hi)) s = (s + 1) & mask;
    return s;
  }

  private addPair(a: number, b: number): void {
    if (a === b) return;
    const s = this.slot(a, b);
    if (this.pairA[s] !== 0) return;
    this.pairA[s] = Math.min(a, b) + 1;
    this.pairB[s] = Math.max(a, b);
    if (++this.pairCount * 2 > this.pairA.length) this.grow();
  }

  private grow(): void {
    const oldA = this.pairA;
    const oldB = this.pairB;
    this.pairA = new Int32Array(oldA.length * 2);
    this.pairB = new Int32Array(oldA.length * 2);
    for (let s = 0; s < oldA.length; s++) {
      if (oldA[s] === 0) continue;
      const t = this.slot(oldA[s]! - 1, oldB[s]!);
      this.pairA[t] = oldA[s]!;
      this.pairB[t] = oldB[s]!;
    }
  }

  private together(a: number, b: number): boolean {
    return this.pairA[this.slot(a, b)] !== 0;
  }

  /** The bound (see the file's comment) for tokens scored without the fuse.js view. */
  bestPossible(tokens: readonly QueryToken[], offTopic: number): number {
    const { opts, sw, mark, bestSim, partStems } = this;
    const round = ++this.round;
    partStems.length = 0;
    let totalWeight = 0;
    let matchedWeight = 0;
    for (const t of tokens) {
      totalWeight += t.weight;
      let best = 0;
      for (const m of t.matches) {
        if (m.sim > best) best = m.sim;
        if (mark[m.stemId] !== round) {
          mark[m.stemId] = round;
          bestSim[m.stemId] = m.sim;
          this.stemTokens[m.stemId] = 0;
          partStems.push(m.stemId);
        } else if (m.sim > bestSim[m.stemId]!) bestSim[m.stemId] = m.sim;
        this.stemTokens[m.stemId] = this.stemTokens[m.stemId]! + t.weight * m.sim;
      }
      matchedWeight += t.weight * best;
    }
    if (totalWeight <= 0 || partStems.length === 0) return 0;

    let linked = false;
    for (let i = 0; i < partStems.length && !linked; i++) {
      for (let j = i + 1; j < partStems.length; j++) {
        if (this.together(partStems[i]!, partStems[j]!)) {
          linked = true;
          break;
        }
      }
    }
    // A phrase's coverage: the sum of its stems' shares, or (no two stems in one phrase) one stem's share.
    let phraseCoverage = 0;
    let phraseWeight = 0;
    let longest = 0;
    for (const id of partStems) {
      const share = bestSim[id]! * this.phraseShare[id]!;
      phraseCoverage = linked ? phraseCoverage + share : Math.max(phraseCoverage, share);
      if (this.phraseWeight[id]! > phraseWeight) phraseWeight = this.phraseWeight[id]!;
      if (this.phraseLength[id]! > longest) longest = this.phraseLength[id]!;
    }
    phraseCoverage = Math.min(1, phraseCoverage);
    const discount = opts.partialPhraseDiscount;
    const fit = discount >= 0 && discount <= 1 ? 1 - discount * (1 - phraseCoverage) : 1;

    let covered = 0;
    let evidence = 0;
    for (const t of tokens) {
      let bestCovered = 0;
      let bestEvidence = 0;
      for (const m of t.matches) {
        const id = m.stemId;
        const c = m.sim * Math.max(this.otherWeight[id]!, linked ? this.phraseWeight[id]! * fit : Math.min(this.phraseWeight[id]! * fit, this.soloWeight[id]!));
        if (c > bestCovered) bestCovered = c;
        const ev = evidenceSim(m.sim) * Math.max(this.otherEvidence[id]!, linked ? this.phraseEvidence[id]! * fit : Math.min(this.phraseEvidence[id]! * fit, this.soloEvidence[id]!));
        if (ev > bestEvidence) bestEvidence = ev;
      }
      covered += t.weight * bestCovered;
      evidence += bestEvidence;
    }
    // The bonus of a phrase said in full: only where two of the part's stems share a phrase.
    const said = linked ? Math.min(partStems.length, longest) : 0;
    if (said >= 2) evidence += opts.phraseBonus * phraseWeight * (said - 1);
    // A phrase said in full that holds every marker of the message lifts the off-topic factor (see
    // scoring.ts): only where two of the part's stems share a phrase and as many of them are markers.
    let dampen = offTopic > 0;
    if (dampen && linked) {
      let markers = 0;
      for (const id of partStems) markers += this.offTopicMarker[id]!;
      dampen = markers < offTopic;
    }
    if (dampen) evidence *= OFF_TOPIC_FACTOR;
    const coverage = covered / totalWeight;
    const order = Math.max(1, opts.outOfOrderFactor);
    const share = Math.min(1, matchedWeight / totalWeight);
    let phrase = Math.pow(phraseCoverage, opts.phraseExponent) * Math.pow(share, opts.queryShareExponent) * phraseWeight * order;
    if (!linked) {
      // Each phrase holds one of the part's stems: its coverage is that stem's share, the query's share
      // it explains is the words matching that stem (both bounds hold: the smaller is kept).
      let solo = 0;
      for (const id of partStems) {
        const p = this.soloPhrase[id]! * Math.pow(Math.min(1, this.stemTokens[id]! / totalWeight), opts.queryShareExponent) * order;
        if (p > solo) solo = p;
      }
      if (solo < phrase) phrase = solo;
    }
    const gate = Math.min(1, 1 - PHRASE_GATE + phrase);
    const total = (sw.phrase * phrase + (sw.coverage + sw.fuzzy) * coverage) * gate;
    const sure = 1 - Math.exp(-evidence / opts.evidenceScale);
    return Math.max(total, sure) * (dampen ? OFF_TOPIC_SCORE_FACTOR : 1);
  }
}
