import type { Matcher } from "../catalog/matcher/index.ts";

/**
 * Where a resident's message goes when a staff question waits for their answer, decided without
 * Telegram: to the request whose question they replied to, to the only one waiting, to the one they
 * pick when several wait — or to search, when the message is clearly a new need.
 */

export type AnswerRoute =
  | { to: "request"; requestId: number }
  | { to: "choose"; requestIds: number[] }
  | { to: "search" };

/** Words in a message a search would take as a need: a short phrase, not a sentence. */
const MAX_SEARCH_WORDS = 4;
/** The matcher's confidence above which a short phrase names a service (as the request dialogue uses). */
const NEW_NEED_SCORE = 0.75;

/**
 * A short phrase that plainly names a service («home care», «соціальне таксі») and carries nothing an
 * answer carries (a number, a time, a question mark): a new need, for search.
 */
export function looksLikeNewNeed(text: string, matcher: Pick<Matcher, "search">): boolean {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > MAX_SEARCH_WORDS || /[\d?]/.test(trimmed)) return false;
  const [best] = matcher.search(trimmed, 1);
  return best !== undefined && best.score >= NEW_NEED_SCORE;
}

/**
 * `repliedTo`: the request of the bot message the resident replied to (their own, still open);
 * `waiting`: their requests waiting for an answer, oldest question first.
 */
export function routeAnswer(
  { text, repliedTo, waiting }: { text?: string; repliedTo?: number; waiting: number[] },
  matcher: Pick<Matcher, "search">,
): AnswerRoute {
  if (repliedTo !== undefined) return { to: "request", requestId: repliedTo };
  if (waiting.length === 0) return { to: "search" };
  if (text !== undefined && looksLikeNewNeed(text, matcher)) return { to: "search" };
  if (waiting.length === 1) return { to: "request", requestId: waiting[0]! };
  return { to: "choose", requestIds: waiting };
}
