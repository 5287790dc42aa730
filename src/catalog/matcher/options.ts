/**
 * The matcher's options and the shapes of its answers (see matcher.ts for the pipeline).
 */
import { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "./catalog-index.js";
import type { SituationsData } from "../situations.js";
import { DEFAULT_REMEMBERED_WORDS } from "./cache.js";

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
export type Scored = CandidateExplanation;

export interface Matcher {
  /** The services that fit the query, best first, at most `limit`; `[]` when nothing fits. */
  search(query: string, limit?: number): MatchResult[];
  /** The same search with its workings (readings, tokens, every candidate's partial scores). */
  explain(query: string): Explanation;
  /** Number of services indexed. */
  readonly size: number;
}

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

/** The options with their defaults filled in (the situations are handled apart). */
export type ResolvedOptions = typeof DEFAULT_OPTIONS;

export function normaliseWeights(w: ScoreWeights): ScoreWeights {
  const sum = w.phrase + w.coverage + w.fuzzy;
  return sum > 0 ? { phrase: w.phrase / sum, coverage: w.coverage / sum, fuzzy: w.fuzzy / sum } : DEFAULT_OPTIONS.scoreWeights;
}

