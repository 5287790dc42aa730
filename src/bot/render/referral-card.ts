import type { InlineKeyboardMarkup } from "grammy/types";
import type { Catalog } from "../../catalog/catalog.ts";
import type { HelpRequest, Referral } from "../../generated/prisma/client.ts";
import type { ReferralStatus } from "../../referrals/lifecycle.ts";
import type { Partners } from "../../referrals/partners.ts";
import { workingDaysAfter } from "../../referrals/working-days.ts";
import { formatPhone } from "../../requests/phone.ts";
import type { Translate } from "../context.ts";
import { button } from "../keyboards.ts";
import { escapeHtml } from "./html.ts";
import { formatWhen } from "./request-history.ts";
import { joinParts, pick, quote, quoteLine } from "./text.ts";

/**
 * What referrals look like (issue 21): the card in a partner's group — the resident's name, phone and
 * what they need, nothing else, and only while the referral is the partner's —, the lines on the
 * department's card, and the lines under «Мої звернення». Everything typed is escaped.
 */

/** Status codes in button data: the card's buttons carry the status they were made for. */
export const REFERRAL_CODES: Partial<Record<ReferralStatus, string>> = { sent: "s", accepted: "a" };

/** The partner's own copy shows the resident's data only while it is the partner's to act on, or done. */
const SHOWS_DATA: readonly ReferralStatus[] = ["sent", "accepted", "done"];

export interface ReferralRenderContext {
  catalog: Catalog;
  partners: Partners;
  locale: string;
  t: Translate;
  /** A department's name by its key. */
  departmentName: (key: string) => string;
  answerDays: number;
  now?: Date;
}

export function partnerName(partners: Partners, providerKey: string, locale: string): string {
  return pick(partners.get(providerKey)?.provider.name, locale) ?? providerKey.split("/")[1] ?? providerKey;
}

/** The referral card in the partner's group, with its buttons. */
export function renderPartnerCard(referral: Referral, request: HelpRequest, context: ReferralRenderContext): { text: string; keyboard: InlineKeyboardMarkup } {
  const { catalog, locale, t, departmentName, answerDays, now = new Date() } = context;
  const service = request.serviceId ? catalog.services.get(request.serviceId) : undefined;
  const shows = SHOWS_DATA.includes(referral.status) && !request.anonymisedAt;
  const text = joinParts([
    t("referral-partner-title", { number: escapeHtml(request.number) }),
    t("referral-partner-from", { department: escapeHtml(departmentName(request.departmentKey)) }),
    service && t("referral-partner-service", { service: escapeHtml(pick(service.name, locale)!) }),
    shows && t("referral-partner-name", { name: request.contactName ? quoteLine(request.contactName, 100) : "—" }),
    shows && (request.phone && !request.contactByBotOnly ? t("referral-partner-phone", { phone: escapeHtml(formatPhone(request.phone)) }) : t("referral-partner-no-phone")),
    shows && request.details && t("referral-partner-need", { details: quote(request.details, 1500) }),
    shows && t("referral-partner-consent"),
    t("referral-partner-status", { status: t(`referral-partner-status-${referral.status}`) }),
    referral.status === "sent" && referral.sentAt && t("referral-partner-due", { date: formatWhen(workingDaysAfter(referral.sentAt, answerDays), locale, "Europe/Kyiv", now) }),
    !shows && (request.anonymisedAt ? t("referral-partner-erased") : t("referral-partner-hidden")),
  ]);
  const code = REFERRAL_CODES[referral.status];
  if (!code || request.anonymisedAt) return { text, keyboard: { inline_keyboard: [] } };
  const data = (action: string) => `rf1:${action}:${referral.id}:${code}`;
  const rows = referral.status === "sent" ? [[button(t("referral-accept"), data("a")), button(t("referral-decline"), data("d"))]] : [[button(t("referral-done"), data("k"))], [button(t("referral-decline"), data("d"))]];
  return { text, keyboard: { inline_keyboard: rows } };
}

/** The lines a department's card shows about the request's referrals (each step, with the partner's reason). */
export function departmentReferralLines(referrals: Referral[], { partners, locale, t, now = new Date() }: Pick<ReferralRenderContext, "partners" | "locale" | "t" | "now">, anonymised: boolean): string[] {
  return referrals.slice(-3).flatMap((referral) => {
    const changed = referral.closedAt ?? referral.answeredAt ?? referral.sentAt ?? referral.createdAt;
    return [
      t("referral-card-line", {
        partner: escapeHtml(partnerName(partners, referral.providerKey, locale)),
        status: t(`referral-status-${referral.status}`),
        date: formatWhen(changed, locale, "Europe/Kyiv", now),
      }),
      ...(referral.status === "declined" && referral.declineReason && !anonymised ? [t("referral-card-reason", { reason: quote(referral.declineReason, 300) })] : []),
    ];
  });
}

/** The lines «Мої звернення» shows: which organisation, how it stands (never the partner's reason). */
export function residentReferralLines(referrals: Referral[], { partners, locale, t, now = new Date() }: Pick<ReferralRenderContext, "partners" | "locale" | "t" | "now">): string[] {
  return referrals.slice(-3).map((referral) =>
    t("my-referral-line", {
      partner: escapeHtml(partnerName(partners, referral.providerKey, locale)),
      status: t(`my-referral-status-${referral.status}`),
      date: formatWhen(referral.closedAt ?? referral.answeredAt ?? referral.sentAt ?? referral.createdAt, locale, "Europe/Kyiv", now),
    }),
  );
}

/** «🤝 Направити партнеру» under an open card whose service some partner takes referrals for. */
export function withReferButton(keyboard: InlineKeyboardMarkup, request: HelpRequest, partners: Partners, t: Translate, code: string | undefined): InlineKeyboardMarkup {
  if (!code || request.anonymisedAt || partners.forService(request.communityId, request.serviceId).length === 0) return keyboard;
  return { inline_keyboard: [...keyboard.inline_keyboard, [button(t("staff-refer"), `rf1:p:${request.id}:${code}`)]] };
}
