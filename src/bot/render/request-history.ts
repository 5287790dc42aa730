import type { Catalog } from "../../catalog/catalog.ts";
import { isOpen } from "../../requests/lifecycle.ts";
import type { ResidentHistory, ResidentHistoryEntry } from "../../requests/service.ts";
import type { Translate } from "../context.ts";
import { escapeHtml } from "./html.ts";
import { joinParts, MESSAGE_LIMIT, pick, quote } from "./text.ts";

/** How much of each message the resident sees in the list (the full text reached them when it was sent). */
export const HISTORY_TEXT_CHARS = 300;
/** A rejection reason may be up to 1000 characters; this much of it is shown here. */
const REASON_CHARS = 600;

export interface HistoryRenderContext {
  catalog: Catalog;
  locale: string;
  t: Translate;
  timeZone?: string;
  /** For leaving out the year of this year's dates. */
  now?: Date;
  limit?: number;
}

/** "2 березня о 11:05" in Kyiv time; with the year when it is not this year's. */
export function formatWhen(date: Date, locale: string, timeZone = "Europe/Kyiv", now = new Date()): string {
  const language = locale === "en" ? "en-GB" : "uk-UA";
  const year = (d: Date) => new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(d);
  return date.toLocaleString(language, {
    timeZone,
    day: "numeric",
    month: "long",
    ...(year(date) === year(now) ? {} : { year: "numeric" }),
    hour: "2-digit",
    minute: "2-digit",
  });
}

/**
 * `quote` that also stays within `budget` characters once escaped: "&" becomes "&amp;", so 300
 * characters of text can take 1,800 in the message.
 */
function quoteWithin(text: string, max: number, budget: number): string {
  let chars = max;
  let quoted = quote(text, chars);
  while (quoted.length > budget && chars > 1) {
    chars = Math.max(1, Math.floor((chars * budget) / quoted.length) - 1);
    quoted = quote(text, chars);
  }
  return quoted;
}

function departmentName(catalog: Catalog, departmentKey: string, locale: string): string | undefined {
  const [communityId, slug] = departmentKey.split("/");
  const department = catalog.communities.get(communityId!)?.departments.find((candidate) => candidate.id === slug);
  return pick(department?.name, locale);
}

function renderEntry(entry: ResidentHistoryEntry, t: Translate, when: string): string {
  const head =
    entry.from === "resident"
      ? t("my-history-resident", { date: when })
      : t(entry.kind === "question" ? "my-history-question" : "my-history-staff", { date: when });
  const body = entry.text ? quote(entry.text, HISTORY_TEXT_CHARS) : t("my-history-attachment");
  return `\n${head}\n${body}`;
}

/**
 * A resident's request as they see it in «📋 My requests»: what, when, its state, which department has
 * it (and whether it was handed on), a declined request's reason, and the latest messages between the
 * resident and the department, newest last. Staff appear as "staff", never by name. HTML, everything
 * typed escaped, within Telegram's limit: older messages give way first.
 */
export function renderResidentHistory(history: ResidentHistory, { catalog, locale, t, timeZone = "Europe/Kyiv", now = new Date() }: HistoryRenderContext): string {
  const { request } = history;
  const service = request.serviceId ? catalog.services.get(request.serviceId) : undefined;
  const department = departmentName(catalog, request.departmentKey, locale);
  const when = (date: Date) => formatWhen(date, locale, timeZone, now);

  const header = joinParts([
    t("my-detail", {
      number: request.number,
      service: escapeHtml(service ? pick(service.name, locale)! : t("req-summary-general")),
      date: request.createdAt.toLocaleDateString(locale === "en" ? "en-GB" : "uk-UA", { timeZone }),
      status: t(`status-${request.status}`),
    }),
    department && t("my-department", { department: escapeHtml(department) }),
    history.transferredAt && t("my-transferred", { date: when(history.transferredAt) }),
    request.status === "rejected" && history.rejectionReason && t("my-rejected-reason", { reason: quoteWithin(history.rejectionReason, REASON_CHARS, 1200) }),
    request.status === "waiting_for_resident" && t("my-answer-hint"),
  ]);

  if (request.anonymisedAt) return joinParts([header, `\n${t("my-history-erased")}`]);
  if (history.entries.length === 0) return joinParts([header, `\n${t(isOpen(request.status) ? "my-history-empty" : "my-history-none")}`]);

  // Newest first while they fit, with room kept for the title and the "older ones left out" line.
  const title = `\n${t("my-history-title")}`;
  const reserve = 200;
  let room = MESSAGE_LIMIT - header.length - title.length - reserve;
  const shown: string[] = [];
  for (const entry of [...history.entries].reverse()) {
    const part = renderEntry(entry, t, when(entry.at));
    if (part.length + 1 > room) break;
    shown.unshift(part);
    room -= part.length + 1;
  }
  const omitted = history.omitted + (history.entries.length - shown.length);
  return joinParts([header, title, omitted > 0 && t("my-history-omitted", { count: omitted }), ...shown]);
}
