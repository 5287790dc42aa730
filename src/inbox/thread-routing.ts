import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import type { Matcher } from "../catalog/matcher/index.ts";
import { looksLikeAnswer, looksLikeNewNeed } from "./answer-routing.ts";

/**
 * Where a resident's typed text goes when no staff question waits for it but a request of theirs is
 * open, or was closed very recently — decided without Telegram (the tester's «дякую! а можна о 9:30?»
 * after a staff reply went to the search and never reached staff).
 *
 * The rule:
 * 1. A short phrase that plainly names a service («соціальне таксі», «home care») is a search.
 * 2. Staff wrote to the resident (an answer, a question, the close or decline notice) in the last
 *    STAFF_RECENT_HOURS on an open request, or on one closed in the last CLOSED_RECENT_HOURS: the text
 *    goes to that request (the latest staff message wins) — the resident is told in one line, with a
 *    button to search instead. On a closed request, a text that names a service well and does not read
 *    as an answer («ні, …», «дякую», a question) is asked about instead.
 * 3. Otherwise, with an open request: a text that does not name a service well, or opens as a
 *    follow-up («ой забула…», «і ще…», «а де…») and names no service but the open requests' own, is
 *    asked about: «Додати це до звернення №…?». «а ще де взяти інвалідний візок?» after a request for
 *    home care is a need of its own: searched (its card sends a request to its own department).
 *    Small talk alone («привіт», «алло?») is not asked about.
 * 4. Anything else is a search.
 */

/** How long after staff last wrote a typed text is taken as the conversation's next line. */
export const STAFF_RECENT_HOURS = 48;
/** How long after a close a typed text may still be about the closed request. */
export const CLOSED_RECENT_HOURS = 48;
/** The matcher's confidence at which a text names a service well (as answer-routing.ts uses). */
const SERVICE_SCORE = 0.75;
/** Requests listed in «До якого звернення?»: a phone screen's worth. */
const MAX_ASKED = 4;

export interface ThreadCandidate {
  id: number;
  number: string;
  serviceId: string | null;
  open: boolean;
  /** When the request was closed or declined (closed ones only). */
  closedAt: Date | null;
  /** When staff last wrote to the resident about it: an answer, a question, a close or a decline. */
  lastStaffAt: Date | null;
  createdAt: Date;
}

export type FreeTextRoute =
  | { to: "request"; requestId: number; closed: boolean }
  | { to: "ask"; requestIds: number[] }
  | { to: "search" };

export const DEFAULT_THREAD_WORDS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/inbox/thread-words.yaml");

const wordList = z.array(z.union([z.string(), z.number()]).transform(String));
const wordsSchema = z.object({ followUp: wordList, yes: wordList, no: wordList }).strict();

export interface ThreadWords {
  followUp: string[];
  yes: Set<string>;
  no: Set<string>;
}

/** Lower case, ё→е, punctuation to spaces (apostrophes kept), single spaces. */
export const normalise = (text: string) =>
  text
    .toLocaleLowerCase("uk")
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}'’ʼ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();

export function loadThreadWords(file = DEFAULT_THREAD_WORDS_FILE): ThreadWords {
  const parsed = wordsSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`thread words (${file}): ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const clean = (words: string[]) => words.map(normalise).filter(Boolean);
  return { followUp: clean(parsed.data.followUp), yes: new Set(clean(parsed.data.yes)), no: new Set(clean(parsed.data.no)) };
}

let defaultWords: ThreadWords | undefined;
export const threadWords = (given?: ThreadWords) => given ?? (defaultWords ??= loadThreadWords());

/** Opens as an addition to something said before: «ой забула…», «і ще…», «а де взяти…». */
export function looksLikeFollowUp(text: string, words?: ThreadWords): boolean {
  const normal = ` ${normalise(text)} `;
  return threadWords(words).followUp.some((opener) => normal.startsWith(` ${opener} `));
}

/** A typed answer to «Додати це до звернення?»: «так», «так, додайте», «ні», «ні, це пошук» … */
export function yesOrNo(text: string, words?: ThreadWords): "yes" | "no" | undefined {
  const { yes, no } = threadWords(words);
  const normal = normalise(text);
  if (yes.has(normal)) return "yes";
  if (no.has(normal)) return "no";
  const parts = normal.split(" ");
  if (parts.length > 3) return undefined;
  if (yes.has(parts[0]!)) return "yes";
  if (no.has(parts[0]!)) return "no";
  return undefined;
}

const hoursAgo = (now: Date, hours: number) => now.getTime() - hours * 3_600_000;

/**
 * `candidates`: the resident's open requests and those closed lately (any order); `smallTalk`: the
 * text is only a greeting, thanks or «алло?».
 */
export function routeFreeText(
  { text, candidates, now, smallTalk = false, attachment = false }: { text: string; candidates: ThreadCandidate[]; now: Date; smallTalk?: boolean; attachment?: boolean },
  matcher: Pick<Matcher, "search">,
  words?: ThreadWords,
): FreeTextRoute {
  const trimmed = text.trim();
  if ((trimmed === "" && !attachment) || candidates.length === 0) return { to: "search" };
  // A photo or a voice message is no search: it goes where a follow-up would, its caption aside.
  if (attachment) return routeWords({ trimmed, candidates, now, namesService: false, followUp: true });
  if (looksLikeNewNeed(trimmed, matcher)) return { to: "search" };
  if (smallTalk && recentStaff(candidates, now).length === 0) return { to: "search" };
  const best = matcher.search(trimmed, 1)[0];
  const namesService = (best?.score ?? 0) >= SERVICE_SCORE;
  // «а ще де взяти інвалідний візок?» after a request for home care: a need of its own, not an addition.
  const otherService = namesService && best?.serviceId !== undefined && !candidates.some((c) => c.open && c.serviceId === best.serviceId);
  return routeWords({ trimmed, candidates, now, namesService, otherService, followUp: looksLikeFollowUp(trimmed, words) });
}

const live = (candidates: ThreadCandidate[], now: Date) =>
  candidates.filter((c) => c.open || (c.closedAt !== null && c.closedAt.getTime() >= hoursAgo(now, CLOSED_RECENT_HOURS)));

/** The requests staff wrote about lately, the latest first. */
const recentStaff = (candidates: ThreadCandidate[], now: Date) =>
  live(candidates, now)
    .filter((c) => c.lastStaffAt !== null && c.lastStaffAt.getTime() >= hoursAgo(now, STAFF_RECENT_HOURS))
    .sort((a, b) => b.lastStaffAt!.getTime() - a.lastStaffAt!.getTime() || b.id - a.id);

function routeWords({
  trimmed,
  candidates,
  now,
  namesService,
  otherService = false,
  followUp,
}: {
  trimmed: string;
  candidates: ThreadCandidate[];
  now: Date;
  namesService: boolean;
  /** It names well a service none of the open requests is for. */
  otherService?: boolean;
  followUp: boolean;
}): FreeTextRoute {
  const latest = recentStaff(candidates, now)[0];
  if (latest) {
    if (latest.open) return { to: "request", requestId: latest.id, closed: false };
    if (!namesService || followUp || looksLikeAnswer(trimmed) || /\?/.test(trimmed)) return { to: "request", requestId: latest.id, closed: true };
    return { to: "ask", requestIds: [latest.id] };
  }
  const open = live(candidates, now)
    .filter((c) => c.open)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  if (open.length > 0 && (!namesService || (followUp && !otherService))) return { to: "ask", requestIds: open.slice(0, MAX_ASKED).map((c) => c.id) };
  return { to: "search" };
}
