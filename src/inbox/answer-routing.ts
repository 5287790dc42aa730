import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
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

export const DEFAULT_ANSWER_OPENERS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/inbox/answer-openers.yaml");

const openersSchema = z.object({ openers: z.array(z.union([z.string(), z.number()]).transform(String)) }).strict();
const keyOf = (word: string) => word.toLocaleLowerCase("uk").replace(/ё/g, "е").replace(/[^\p{L}\p{N}'’ʼ]/gu, "");

/** The words an answer opens with (data/inbox/answer-openers.yaml), as matching keys. */
export function loadAnswerOpeners(file = DEFAULT_ANSWER_OPENERS_FILE): Set<string> {
  const parsed = openersSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`answer openers (${file}): ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return new Set(parsed.data.openers.map(keyOf).filter(Boolean));
}

let defaultOpeners: Set<string> | undefined;
const openersOrDefault = (openers?: Set<string>) => openers ?? (defaultOpeners ??= loadAnswerOpeners());

/**
 * Written as an answer, not as a search: it opens with «так», «ні», «ага»… or reads as a sentence
 * (a comma, or a full stop at the end) — «Так, я з ходунками.» names a service, but answers a question.
 */
export function looksLikeAnswer(text: string, openers?: Set<string>): boolean {
  const trimmed = text.trim();
  if (/,/.test(trimmed) || /[.!]$/.test(trimmed.replace(/\.{3}$|…$/, ""))) return true;
  const first = keyOf(trimmed.split(/\s+/)[0] ?? "");
  return first !== "" && openersOrDefault(openers).has(first);
}

/**
 * A short phrase that plainly names a service («home care», «соціальне таксі») and carries nothing an
 * answer carries (a number, a time, a question mark, «так»/«ні», a sentence's comma or full stop): a
 * new need, for search.
 */
export function looksLikeNewNeed(text: string, matcher: Pick<Matcher, "search">, openers?: Set<string>): boolean {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > MAX_SEARCH_WORDS || /[\d?]/.test(trimmed)) return false;
  if (looksLikeAnswer(trimmed, openers)) return false;
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
  openers?: Set<string>,
): AnswerRoute {
  if (repliedTo !== undefined) return { to: "request", requestId: repliedTo };
  if (waiting.length === 0) return { to: "search" };
  if (text !== undefined && looksLikeNewNeed(text, matcher, openers)) return { to: "search" };
  if (waiting.length === 1) return { to: "request", requestId: waiting[0]! };
  return { to: "choose", requestIds: waiting };
}
