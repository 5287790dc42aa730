/**
 * Service matcher: free text from a resident → catalogue service ids.
 * `buildMatcher(services)` once, then `matcher.search(query)`; the other exports are its building blocks.
 */
export { buildMatcher, DEFAULT_OPTIONS } from "./matcher.js";
export { withResultCache, DEFAULT_CACHED_QUERIES } from "./cache.js";
export type { Matcher, MatcherOptions, MatchResult, ScoreWeights, ScoredCandidate, Explanation } from "./matcher.js";
export type { SearchableService, SearchableText, FieldWeights } from "./catalog-index.js";
export { normalizeText, fold, cleanText, fixMixedScript, collapseRepeats, words } from "./normalize.js";
export { transliterate, transliterateFirst } from "./transliterate.js";
export { latinToCyrillicLayout, cyrillicToLatinLayout } from "./keyboard.js";
export { stem, stripEnding } from "./stem.js";
export { isStopWord } from "./stopwords.js";
