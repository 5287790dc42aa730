/**
 * Two needs in one message: a message is also read part by part (sentences, clauses), and the best
 * service of each part that passes the threshold on its own is a need of its own.
 */
import type { CatalogIndex } from "./catalog-index.js";
import { analyzeQuery, type ReadingMemo } from "./query.js";
import type { Scored } from "./options.js";
import type { Scorer } from "./scoring.js";
import type { ScoreBound } from "./bounds.js";

/** Room for rounding between a part's bound and its actual score. */
const BOUND_MARGIN = 1e-9;

/** What reading and scoring a part needs of the matcher. */
export interface PartsContext {
  index: CatalogIndex;
  unknownWeight: number;
  threshold: number;
  scorer: Scorer;
  bound: ScoreBound;
}

/**
 * Two needs in one message: the message is also read part by part (sentences, and clauses joined by
 * "і", "а ще", "также", commas …); the best service of each part that passes the threshold on its own is
 * a need. The answer puts the whole message's best service first (the main need), then the other parts'
 * needs, strongest first, then the rest of the whole message's ranking.
 */
export function withPartNeeds(m: PartsContext, query: string, long: boolean, ranked: Scored[], withReasons: boolean, offTopic: number, cache: ReadingMemo): Scored[] {
  const parts = messageParts(query);
  if (parts.length < 2) return ranked;
  const needs = new Map<string, Scored>();
  const headId = ranked[0] && ranked[0].score >= m.threshold ? ranked[0].serviceId : undefined;
  for (const part of parts) {
    // A part of a long message is read as the message was: as typed (its words are then already read).
    const { tokens } = analyzeQuery(m.index, part, m.unknownWeight, cache, long || undefined);
    // A part that only says who («Мамі 80»: words for a person, and numbers) is no need of its own.
    if (tokens.length === 0 || tokens.every((t) => m.index.personMeanings.has(t.stem))) continue;
    // Most parts (a greeting, a name, an age) cannot reach the threshold whatever their candidates: their
    // bound says so without reading postings or scoring candidates.
    if (m.bound.bestPossible(tokens, offTopic) < m.threshold - BOUND_MARGIN) continue;
    const scored = m.scorer.score(tokens, withReasons, offTopic, false);
    const top = first(scored);
    if (!top || top.score < m.threshold) continue;
    // A part the main need explains about as well is no need of its own: «продукти і ліки» splits into
    // «продукти» and «ліки», and «ліки» alone fits several services, the one the message asks for among them.
    if (headId !== undefined && top.serviceId !== headId && scoreOf(scored, headId) >= top.score - PART_MARGIN) continue;
    const known = needs.get(top.serviceId);
    if (!known || known.score < top.score) needs.set(top.serviceId, top);
  }
  if (needs.size === 0) return ranked;
  const head = ranked[0] && ranked[0].score >= m.threshold ? [ranked[0]] : [];
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

/** The score of service `id` among `scored`, 0 when it is not a candidate. */
function scoreOf(scored: readonly Scored[], id: string): number {
  for (const c of scored) if (c.serviceId === id) return c.score;
  return 0;
}

/** The first of `rank`'s order, without sorting the rest. */
function first<T extends { score: number; serviceId: string }>(scored: readonly T[]): T | undefined {
  let top: T | undefined;
  for (const c of scored) if (!top || c.score > top.score || (c.score === top.score && c.serviceId < top.serviceId)) top = c;
  return top;
}

/** The ranking by score, best first; among equal scores by service id. */
export function rank<T extends { score: number; serviceId: string }>(scored: T[]): T[] {
  return scored.sort((a, b) => b.score - a.score || (a.serviceId < b.serviceId ? -1 : 1));
}

/** A part's best service is a need of its own only when it beats the main need's score on that part by more than this. */
const PART_MARGIN = 0.05;
/** At most this many parts of a message are read on their own (a long story has many sentences). */
const MAX_PARTS = 8;
/** Where a message splits into parts that may each hold a need. */
const PART_BOUNDARY = /[.!?;:\n]+|,|\s(?:і|й|та|и|а|а також|також|а ще|і ще|ще й|и ещё|и еще|а ещё|а еще|также|плюс|and|and also|also)\s/iu;

/** The parts of a message with at least two letters each (see PART_BOUNDARY). */
export function messageParts(query: string): string[] {
  const parts = query.split(PART_BOUNDARY).map((p) => p.trim()).filter((p) => /\p{L}{2}/u.test(p));
  return parts.slice(0, MAX_PARTS);
}
