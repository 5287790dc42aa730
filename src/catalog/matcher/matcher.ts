/**
 * The service matcher: what a resident typed → the services that fit, best first, or nothing.
 *
 * Pipeline: normalise → readings (as typed, wrong keyboard layout) and transliterations, the one the
 * vocabulary knows best kept → content tokens (stop words out) → stems → expansion (Russian → Ukrainian,
 * abbreviations) → each token's catalogue stems (exact, prefix, fuzzy by deletion neighbourhoods) (all in
 * query.ts, over catalog-index.ts) → candidates from the stem inverted index (candidates.ts: the cost
 * follows the services sharing a word with the query, not the size of the catalogue; the best
 * `candidateLimit` kept) → scoring (scoring.ts, fuse-refine.ts) → confidence threshold; a long message's
 * parts are also scored for a second need (parts.ts). Options and answer shapes: options.ts.
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
import { CatalogIndex, type SearchableService } from "./catalog-index.js";
import { analyzeQuery, newReadingMemo, type QueryToken, type ReadingMemo } from "./query.js";
import { withSituations } from "../situations.js";
import { WordMemo } from "./cache.js";
import { CandidateSelector } from "./candidates.js";
import { createFuseRefiner } from "./fuse-refine.js";
import { createScorer, round } from "./scoring.js";
import { ScoreBound } from "./bounds.js";
import { rank, withPartNeeds, type PartsContext } from "./parts.js";
import { DEFAULT_OPTIONS, normaliseWeights, type Explanation, type Matcher, type MatcherOptions, type MatchResult, type ScoredCandidate } from "./options.js";

export type { SearchableService, SearchableText, FieldWeights } from "./catalog-index.js";
export { DEFAULT_OPTIONS } from "./options.js";
export type {
  CandidateExplanation,
  EvidenceItem,
  Explanation,
  Matcher,
  MatcherOptions,
  MatchResult,
  ScoredCandidate,
  ScoreWeights,
} from "./options.js";

export function buildMatcher(services: readonly SearchableService[], options: MatcherOptions = {}): Matcher {
  const { situations, ...rest } = options;
  const opts = { ...DEFAULT_OPTIONS, ...rest };
  const index = new CatalogIndex(withSituations(services, situations), opts.fieldWeights, { people: situations?.people, offTopic: situations?.offTopic });
  const offTopicStems = index.offTopicStems;
  const unknownWeight = opts.unknownWordWeight * index.maxIdf;

  const memo: ReadingMemo | null =
    opts.rememberedWords > 0 ? { words: new WordMemo(opts.rememberedWords), chunks: new WordMemo(opts.rememberedWords) } : null;
  const fuseMemo = opts.rememberedWords > 0 ? new WordMemo<number>(opts.rememberedWords) : null;
  /** Where a search keeps its words' readings: the matcher's memory, or maps of its own. */
  const wordMemo = (): ReadingMemo => memo ?? newReadingMemo();

  const sw = normaliseWeights(opts.scoreWeights);
  const scorer = createScorer(
    index,
    opts,
    sw,
    new CandidateSelector(index, opts.candidateLimit),
    createFuseRefiner(index, opts.fieldWeights, fuseMemo),
  );
  const parts: PartsContext = { index, unknownWeight, threshold: opts.threshold, scorer, bound: new ScoreBound(index, opts, sw) };

  /** How many distinct off-topic markers (продам, ремонт) the message has; 0 for none. */
  function offTopicMarkers(tokens: readonly QueryToken[]): number {
    if (offTopicStems.size === 0) return 0;
    let n = 0;
    for (const t of tokens) if (offTopicStems.has(t.stem)) n++;
    return n;
  }

  return {
    size: index.services.length,
    search(query: string, limit = 5): MatchResult[] {
      const cache = wordMemo();
      const { tokens, long } = analyzeQuery(index, query, unknownWeight, cache);
      const offTopic = offTopicMarkers(tokens);
      return leadFirst(withPartNeeds(parts, query, long, rank(scorer.score(tokens, false, offTopic, true)), false, offTopic, cache), opts.threshold)
        .filter((c) => c.score >= opts.threshold)
        .slice(0, Math.max(0, limit))
        .map(({ serviceId, score: s }) => ({ serviceId, score: round(s) }));
    },
    explain(query: string): Explanation {
      const cache = wordMemo();
      const { tokens, reading, long } = analyzeQuery(index, query, unknownWeight, cache);
      const offTopic = offTopicMarkers(tokens);
      return {
        reading,
        tokens: tokens.map((t) => ({
          word: t.word,
          stem: t.stem,
          weight: round(t.weight),
          matches: t.matches.map((m) => ({ stem: index.stems[m.stemId]!, sim: m.sim })),
        })),
        candidates: leadFirst(withPartNeeds(parts, query, long, rank(scorer.score(tokens, true, offTopic, true)), true, offTopic, cache), opts.threshold).map((c) => ({
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
