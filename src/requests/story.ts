/**
 * "A story is a request": a resident who writes a long message about their situation has already said
 * what is needed. After the search, one tap sends that message as a request (to the department of the
 * main service found, or to the general department when nothing fits), the text prefilled as «що
 * потрібно». This module says what counts as a story and how long a kept story stays usable.
 */
import { firstCodePoints } from "./text.ts";

/**
 * A message of at least this many characters … (80 until the second trial of session 13: «нада шоб
 * хтось помагав по хазяйству, я старий і погано бачу», 59, and «я дружина ветерана, чоловік після
 * поранення, потрібна реабілітація і юрист», 76, were asked «Опишіть, що потрібно» again)
 */
export const STORY_MIN_CHARS = 50;
/** … and this many words is a story (a short query is a search, not a request). */
export const STORY_MIN_WORDS = 10;
/** The most of a story kept as the request's text (the request's "what is needed" holds 2,000). */
export const STORY_MAX_CHARS = 2000;
/** A kept story older than this is no longer offered (the resident has moved on). */
export const STORY_TTL_MS = 60 * 60 * 1000;

/** What the session keeps between the search's answer and the tap (cleared when used, replaced, erased). */
export interface StoryDraft {
  /** The resident's message as they wrote it (trimmed, at most STORY_MAX_CHARS). */
  text: string;
  /** The service whose department the request goes to; none: the general department. */
  serviceId?: string;
  /** When it was written (ms since the epoch). */
  at: number;
}

/** Whether a message is a story: long enough, in enough words. */
export function isStory(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length < STORY_MIN_CHARS) return false;
  return trimmed.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length >= STORY_MIN_WORDS;
}

/** The story to keep for a message (see StoryDraft). */
export function storyDraftOf(text: string, serviceId: string | undefined, now: number): StoryDraft {
  return { text: firstCodePoints(text.trim(), STORY_MAX_CHARS), ...(serviceId ? { serviceId } : {}), at: now };
}

/** How long a typed «так» after a search's card still means that card's «send a request». */
export const SHOWN_CARD_TTL_MS = 30 * 60 * 1000;

/** Whether a card shown at `shown` (ms) is recent enough for a typed «так» to send a request for it. */
export function isFreshCard(shown: { at: number } | undefined, now: number): boolean {
  return shown !== undefined && now - shown.at >= 0 && now - shown.at <= SHOWN_CARD_TTL_MS;
}

/** Whether a kept story may still be sent. */
export function isFreshStory(draft: StoryDraft | undefined, now: number): draft is StoryDraft {
  return draft !== undefined && now - draft.at >= 0 && now - draft.at <= STORY_TTL_MS && draft.text.length > 0;
}
