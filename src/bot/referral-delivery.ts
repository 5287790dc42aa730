import { GrammyError, type Api } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import type { Catalog } from "../catalog/catalog.ts";
import type { PrismaClient } from "../db/client.ts";
import type { OutboxMessage } from "../generated/prisma/client.ts";
import type { InboxService } from "../inbox/inbox-service.ts";
import type { DeliveryResult } from "../inbox/relay.ts";
import type { Logger } from "../logger.ts";
import { REFERRAL_OUTBOX_KINDS, type ReferralService } from "../referrals/service.ts";
import type { BotContext, Translate } from "./context.ts";
import { button } from "./keyboards.ts";
import { escapeHtml } from "./render/html.ts";
import { partnerName, renderPartnerCard } from "./render/referral-card.ts";
import { pick, quote } from "./render/text.ts";

/**
 * Delivers the referrals' outbox rows (issue 21), rendered at send time from the database: the
 * consent question to the resident, the card in the partner's group (and its redraws, which drop the
 * resident's data once the referral is no longer the partner's), the steps told to the resident and
 * to the department's group.
 */

export const REFERRAL_KINDS: readonly string[] = REFERRAL_OUTBOX_KINDS;

export interface ReferralDeliveryDeps {
  api: Api;
  prisma: PrismaClient;
  i18n: I18n<BotContext>;
  catalog: Catalog;
  inbox: InboxService;
  referrals: ReferralService;
  staffLocale: string;
  logger: Logger;
}

const isMissing = (error: unknown) => error instanceof GrammyError && /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i.test(error.description);
const isNotModified = (error: unknown) => error instanceof GrammyError && /message is not modified/i.test(error.description);

export function createReferralDelivery(deps: ReferralDeliveryDeps): (message: OutboxMessage) => Promise<DeliveryResult> {
  const { api, prisma, i18n, catalog, inbox, referrals, staffLocale } = deps;
  const staffT: Translate = (key, variables) => i18n.t(staffLocale, key, variables);
  const departmentName = (key: string) => pick(inbox.department(key)?.name, staffLocale) ?? key;

  async function partnerCard(referralId: number) {
    const referral = await referrals.get(referralId);
    if (!referral) return undefined;
    const drawn = renderPartnerCard(referral, referral.request, { catalog, partners: referrals.partners, locale: staffLocale, t: staffT, departmentName, answerDays: referrals.answerDays });
    return { referral, ...drawn };
  }

  return async (message) => {
    const payload = (message.payload ?? {}) as Record<string, unknown>;
    const referralId = Number(payload.referralId);
    const chatId = Number(message.chatId);
    switch (message.kind) {
      case "referral-card": {
        const drawn = await partnerCard(referralId);
        if (!drawn) return { outcome: "drop", error: "the referral no longer exists" };
        const sent = await api.sendMessage(chatId, drawn.text, { parse_mode: "HTML", reply_markup: drawn.keyboard });
        await referrals.recordMessage(message.chatId, sent.message_id, referralId, "card");
        return { outcome: "sent" };
      }

      case "referral-card-update": {
        const drawn = await partnerCard(referralId);
        if (!drawn) return { outcome: "drop", error: "the referral no longer exists" };
        const messageId = Number(payload.messageId);
        try {
          await api.editMessageText(chatId, messageId, drawn.text, { parse_mode: "HTML", reply_markup: drawn.keyboard });
        } catch (error) {
          if (isNotModified(error) || isMissing(error)) return { outcome: "sent" };
          throw error;
        }
        return { outcome: "sent" };
      }

      case "referral-consent": {
        const referral = await referrals.get(referralId);
        if (!referral || referral.status !== "asked") return { outcome: "drop", error: "the consent question is no longer open" };
        const resident = await prisma.resident.findUnique({ where: { id: message.chatId } });
        if (!resident) return { outcome: "drop", error: "the resident's data was erased" };
        const t: Translate = (key, variables) => i18n.t(resident.locale, key, variables);
        const service = referral.request.serviceId ? catalog.services.get(referral.request.serviceId) : undefined;
        const partner = escapeHtml(partnerName(referrals.partners, referral.providerKey, resident.locale));
        await api.sendMessage(chatId, t("referral-consent-question", { number: escapeHtml(referral.request.number), partner, service: escapeHtml(pick(service?.name, resident.locale) ?? "—") }), {
          parse_mode: "HTML",
          reply_markup: { inline_keyboard: [[button(t("referral-consent-yes"), `rf1:c:${referralId}:y`)], [button(t("referral-consent-no"), `rf1:c:${referralId}:n`)]] },
        });
        return { outcome: "sent" };
      }

      case "referral-resident": {
        const referral = await referrals.get(referralId);
        const resident = await prisma.resident.findUnique({ where: { id: message.chatId } });
        if (!referral || !resident) return { outcome: "drop", error: "the referral or the resident's data is gone" };
        const t: Translate = (key, variables) => i18n.t(resident.locale, key, variables);
        const status = String(payload.status);
        const text = t(`referral-resident-${status}`, { number: escapeHtml(referral.request.number), partner: escapeHtml(partnerName(referrals.partners, referral.providerKey, resident.locale)) });
        const askFeedback = payload.askFeedback === true;
        const id = referral.requestId;
        // The same «Чи допомогли Вам?» as after the department's own close (resident-feedback.ts takes the press).
        const rows =
          status === "done"
            ? [...(askFeedback ? [[button(t("feedback-yes"), `rs1:fb:${id}:u`), button(t("feedback-no"), `rs1:fb:${id}:d`)]] : []), [button(t("notify-not-solved"), `rs1:ro:${id}`)]]
            : [];
        await api.sendMessage(chatId, askFeedback ? `${text}\n\n${t("notify-feedback-question")}` : text, { parse_mode: "HTML", ...(rows.length > 0 ? { reply_markup: { inline_keyboard: rows } } : {}) });
        return { outcome: "sent" };
      }

      case "referral-department": {
        const referral = await referrals.get(referralId);
        if (!referral) return { outcome: "drop", error: "the referral no longer exists" };
        const { request } = referral;
        const text = staffT(String(payload.key), {
          number: escapeHtml(request.number),
          partner: escapeHtml(partnerName(referrals.partners, referral.providerKey, staffLocale)),
          reason: referral.declineReason ? quote(referral.declineReason, 1000) : "—",
          days: referrals.answerDays,
        });
        const here = request.cardChatId === message.chatId;
        const sent = await api.sendMessage(chatId, text, {
          parse_mode: "HTML",
          ...(here && request.topicId ? { message_thread_id: request.topicId } : {}),
          ...(here && request.cardMessageId ? { reply_parameters: { message_id: request.cardMessageId, allow_sending_without_reply: true } } : {}),
        });
        // It may carry the partner's reason: a copy erasure removes (as a relayed message).
        await inbox.recordStaffMessage(message.chatId, sent.message_id, request.id, "relay", here ? (request.topicId ?? undefined) : undefined);
        return { outcome: "sent" };
      }
    }
    return { outcome: "drop", error: `unknown referral outbox kind ${message.kind}` };
  };
}
