import type { InlineKeyboardMarkup } from "grammy/types";
import type { Catalog } from "../../catalog/catalog.ts";
import type { HelpRequest } from "../../generated/prisma/client.ts";
import type { CardThread } from "../../inbox/inbox-service.ts";
import { canReopen, isOpen, type RequestStatus } from "../../requests/lifecycle.ts";
import { detectDanger } from "../../requests/danger.ts";
import { formatPhone } from "../../requests/phone.ts";
import { relationLabel } from "../../requests/relations.ts";
import type { Translate } from "../context.ts";
import { button } from "../keyboards.ts";
import { escapeHtml } from "./html.ts";
import { joinParts, pick, quote, quoteLine } from "./text.ts";

/** Short status codes for callback data (≤ 64 bytes): the card's buttons carry the status they were made for. */
export const STATUS_CODES: Partial<Record<RequestStatus, string>> = { new: "n", in_progress: "p", waiting_for_resident: "w" };
export const STATUS_BY_CODE: Record<string, RequestStatus> = { n: "new", p: "in_progress", w: "waiting_for_resident" };

const ICONS: Record<RequestStatus, string> = {
  new: "🆕",
  in_progress: "🔧",
  waiting_for_resident: "⏳",
  resolved: "✅",
  rejected: "⛔",
  cancelled: "✖️",
};

export interface CardContext {
  catalog: Catalog;
  locale: string;
  t: Translate;
  timeZone?: string;
  residentBlocked?: boolean;
  /** After a transfer: who handed it on, when, why, and the conversation so far. */
  thread?: CardThread;
  /** A department's name by its key. */
  departmentName?: (key: string) => string;
  /** Internal notes, oldest first (never shown to the resident). */
  notes?: Array<{ at: Date; by: string | null; text: string | null }>;
  /** The staff's note or reason given when the request was closed or declined. */
  closeNote?: string | null;
  /** The resident's other open requests: one person, not unrelated cards. */
  linked?: Array<{ number: string; department: string }>;
}

function formatDate(date: Date, locale: string, timeZone: string): string {
  return date.toLocaleString(locale === "en" ? "en-GB" : "uk-UA", { timeZone, dateStyle: "short", timeStyle: "short" });
}

/** The request card in a department's group: everything staff need, resident text escaped. */
/** The transfers and the conversation a card carries to the department that received the request. */
function renderThread(thread: CardThread, { locale, t, timeZone, departmentName }: { locale: string; t: Translate; timeZone: string; departmentName: (key: string) => string }): string[] {
  const transfers = thread.transfers.map(({ at, by, note }) =>
    joinParts([
      t("staff-card-transfer-line", {
        from: escapeHtml(note ? departmentName(note.from) : "—"),
        by: by ? quoteLine(by, 64) : "—",
        date: formatDate(at, locale, timeZone),
      }),
      note?.reason && t("staff-card-transfer-reason", { reason: quote(note.reason, 300) }),
    ]),
  );
  const entries = thread.entries
    .filter((entry) => entry.text !== null)
    .map((entry) =>
      t(entry.kind === "message" ? "staff-card-thread-resident" : entry.kind === "question" ? "staff-card-thread-question" : "staff-card-thread-answer", {
        date: formatDate(entry.at, locale, timeZone),
        text: quote(entry.text!, 250),
      }),
    );
  return [
    ...transfers,
    entries.length > 0 && t("staff-card-thread-title"),
    thread.omitted > 0 && entries.length > 0 && t("staff-card-thread-omitted", { count: thread.omitted }),
    ...entries,
  ].filter((part): part is string => Boolean(part));
}

/** Who closed or declined the request and when, how, with what word; the resident's 👍/👎. */
function renderClosing(request: HelpRequest, { locale, t, timeZone, closeNote }: { locale: string; t: Translate; timeZone: string; closeNote?: string | null }): Array<string | false | null | undefined> {
  const closed = request.status === "resolved" || request.status === "rejected";
  return [
    closed && request.closedAt && t("staff-card-closed-by", { name: request.closedByName ? quoteLine(request.closedByName, 64) : "—", date: formatDate(request.closedAt, locale, timeZone) }),
    closed && request.outcome && t("staff-card-outcome", { outcome: t(`staff-outcome-${request.outcome}`) }),
    closed && closeNote && !request.anonymisedAt && t("staff-card-close-note", { note: quote(closeNote, 500) }),
    request.feedback && t("staff-card-feedback", { mark: request.feedback === "up" ? "👍" : "👎" }),
    request.feedbackNote && t("staff-card-feedback-note", { note: quote(request.feedbackNote, 300) }),
  ];
}

export function renderRequestCard(
  request: HelpRequest,
  { catalog, locale, t, timeZone = "Europe/Kyiv", residentBlocked, thread, departmentName = (key) => key, notes = [], closeNote, linked = [] }: CardContext,
): string {
  const service = request.serviceId ? catalog.services.get(request.serviceId) : undefined;
  const status = request.status;
  const subject = [request.subjectName && quoteLine(request.subjectName, 100), request.subjectRelation && `(${quoteLine(relationLabel(request.subjectRelation, t), 60)})`]
    .filter(Boolean)
    .join(" ");
  const attachments = Array.isArray(request.attachments) ? request.attachments.length : 0;
  const phone = request.phone ? formatPhone(request.phone) : "—";
  const danger = request.details ? detectDanger(request.details) : [];
  const open = isOpen(request.status);
  // 🆘 on top: the first thing staff see (and the group's notification preview says it).
  const priority = open && (request.danger || danger.length > 0);
  return joinParts([
    priority && (danger.length > 0 ? t("staff-card-danger", { kinds: danger.map((kind) => t(`danger-kind-${kind}`)).join(", ") }) : t("staff-card-danger-flag")),
    // «Call her, not me»: the person to phone is the second contact; the one who asked is written to in the bot.
    open &&
      request.contactByBotOnly &&
      (request.secondPhone && !request.phone
        ? t("staff-card-call-other", { name: request.secondContactName ? quoteLine(request.secondContactName, 100) : "—", phone: formatPhone(request.secondPhone) })
        : t(request.phone ? "staff-card-sms-only" : "staff-card-bot-only")),
    t("staff-card-title", { icon: ICONS[request.status], number: request.number }),
    t("staff-card-status", { status: t(`staff-status-${status}`) }),
    request.takenByName && t("staff-card-taken", { name: quoteLine(request.takenByName, 100) }),
    service ? t("staff-card-service", { service: escapeHtml(pick(service.name, locale)!) }) : t("staff-card-general"),
    request.onBehalf ? t("staff-card-on-behalf", { subject: subject || "—" }) : t("staff-card-for-self"),
    request.contactName && t("staff-card-contact", { name: quoteLine(request.contactName, 100) }),
    request.phone && t("staff-card-phone", { phone }),
    request.secondPhone && t("staff-card-second-contact", { name: request.secondContactName ? quoteLine(request.secondContactName, 100) : "—", phone: formatPhone(request.secondPhone) }),
    request.address && t("staff-card-address", { address: quoteLine(request.address, 300) }),
    request.callBack && t("staff-card-callback", { time: t(`time-${request.callBackTime ?? "any"}`) }),
    request.details && t("staff-card-details", { details: quote(request.details, thread ? 1200 : 2000) }),
    attachments > 0 && t("staff-card-attachments", { count: attachments }),
    t("staff-card-created", { date: formatDate(request.createdAt, locale, timeZone) }),
    residentBlocked && isOpen(request.status) && t("staff-card-blocked", { phone }),
    request.anonymisedAt && t("staff-card-erased"),
    ...renderClosing(request, { locale, t, timeZone, closeNote }),
    linked.length > 0 && t("staff-card-linked", { requests: linked.map((other) => `№ ${escapeHtml(other.number)} (${escapeHtml(other.department)})`).join(", ") }),
    ...(thread && !request.anonymisedAt ? renderThread(thread, { locale, t, timeZone, departmentName }) : []),
    ...(notes.length > 0 && !request.anonymisedAt
      ? [
          t("staff-card-notes-title"),
          ...notes.map((note) => t("staff-card-note", { by: note.by ? quoteLine(note.by, 64) : "—", date: formatDate(note.at, locale, timeZone), text: quote(note.text ?? "", 300) })),
        ]
      : []),
  ]);
}

/**
 * A copy of the card that is no longer the request's card: in the group that handed the request on
 * («передано до …», `department` set), or one a newer card replaced. No personal data, no buttons:
 * the group that no longer handles the request sees only its number and where it is.
 */
export function renderCardCopy(request: Pick<HelpRequest, "number">, { t, department }: { t: Translate; department?: string }): string {
  return joinParts([
    t("staff-card-title", { icon: department ? "➡️" : "🗂", number: request.number }),
    department ? t("staff-card-transferred", { department: escapeHtml(department) }) : t("staff-card-superseded"),
  ]);
}

/** The buttons for the card's current status; none once the request is closed. */
export function requestCardKeyboard(request: HelpRequest, t: Translate, now = new Date()): InlineKeyboardMarkup {
  const code = STATUS_CODES[request.status];
  // A closed or declined request can be reopened for REOPEN_DAYS.
  if (!code) return { inline_keyboard: canReopen(request, now) ? [[button(t("staff-reopen"), `hd1:ro:${request.id}`)]] : [] };
  const data = (action: string) => `st1:${action}:${request.id}:${code}`;
  const rows = [
    ...(request.status === "new" ? [[button(t("staff-take"), data("take"))]] : []),
    [button(t("staff-reply"), data("rep")), button(t("staff-ask"), data("ask"))],
    [button(t("staff-note"), `hd1:nt:${request.id}`), button(t("staff-assign"), `hd1:as:${request.id}:${code}`)],
    [button(t("staff-transfer"), data("tr")), button(t("staff-reject"), data("rej"))],
    [button(t("staff-close"), data("cls"))],
  ];
  return { inline_keyboard: rows };
}
