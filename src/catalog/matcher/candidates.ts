/**
 * Candidate selection: the services that share words with a message, the best `limit` of them by the
 * sum of their words' weights in the stem inverted index (query word weight × similarity × the word's
 * best field weight in the service). The cost follows the postings of the message's words, not the size
 * of the catalogue.
 */
import type { CatalogIndex } from "./catalog-index.js";
import type { QueryToken } from "./query.js";

/**
 * In choosing candidates, a word found in more than this share of the services is left out when the
 * message has rarer words (it still counts in scoring): at 20,000 services, "допомога" alone would
 * touch thousands of services for every story.
 */
const COMMON_POSTING_SHARE = 0.1;
/** …and never in a catalogue so small that every word is in a few hundred services at most. */
const MIN_COMMON_POSTING = 500;

export class CandidateSelector {
  /** Per service, its sum so far (0 when untouched: every service is reset after each selection). */
  private readonly acc: Float64Array;
  /** The services touched by the current selection, in the order first touched. */
  private readonly touched: Int32Array;
  /** A posting list longer than this is "common" (see COMMON_POSTING_SHARE). */
  private readonly common: number;

  constructor(
    private readonly index: CatalogIndex,
    private readonly limit: number,
  ) {
    const n = index.services.length;
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.common = Math.max(MIN_COMMON_POSTING, Math.ceil(n * COMMON_POSTING_SHARE));
  }

  /**
   * The best `limit` services for the tokens, best first; among equal sums the service touched first
   * (in the order of the tokens, their matches and the postings) wins.
   */
  select(tokens: readonly QueryToken[]): number[] {
    const { index, acc, touched, common } = this;
    let nTouched = 0;
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
    // Keep the best `limit` (a small sorted buffer: most services never enter it).
    const limit = this.limit;
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
}
