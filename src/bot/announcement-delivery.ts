import { GrammyError, type Api } from "grammy";
import type { MessageEntity } from "grammy/types";
import type { I18n } from "@grammyjs/i18n";
import { ANNOUNCEMENT_KIND, ANNOUNCEMENT_REPORT_KIND } from "../announcements/announcements.ts";
import type { Catalog } from "../catalog/catalog.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Announcement, OutboxMessage } from "../generated/prisma/client.ts";
import type { InboxService } from "../inbox/inbox-service.ts";
import type { DeliveryAttempt, DeliveryResult } from "../inbox/relay.ts";
import type { Logger } from "../logger.ts";
import type { BotContext, Translate } from "./context.ts";
import { button } from "./keyboards.ts";
import { pick } from "./render/text.ts";

/**
 * The outbox kinds of announcements (src/announcements): one resident's copy, and the delivery report
 * for the department's group. A resident's copy is drawn by `renderAnnouncement`, the same function
 * that draws the preview staff confirm, so they see exactly what residents will.
 */
export const ANNOUNCEMENT_KINDS: readonly string[] = [ANNOUNCEMENT_KIND, ANNOUNCEMENT_REPORT_KIND];

/** Formatting kept from what staff wrote; anything else (mentions, custom emoji …) is dropped. */
const KEPT_ENTITIES = new Set(["bold", "italic", "underline", "strikethrough", "spoiler", "blockquote", "url", "text_link", "code", "pre", "email", "phone_number", "hashtag"]);

export interface RenderedAnnouncement {
  text: string;
  entities: MessageEntity[];
  photo?: string;
  replyMarkup: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
}

export function departmentNameOf(catalog: Catalog, departmentKey: string, locale: string): string {
  const [communityId, slug] = departmentKey.split("/");
  const department = catalog.communities.get(communityId ?? "")?.departments.find((candidate) => candidate.id === slug);
  return pick(department?.name, locale) ?? departmentKey;
}

/** An announcement as a resident reads it: the department's name on top (bold), the text, «🔕 Відписатися». */
export function renderAnnouncement(announcement: Pick<Announcement, "text" | "entities" | "photoFileId" | "departmentKey">, catalog: Catalog, t: Translate, locale: string): RenderedAnnouncement {
  const header = t("ann-header", { department: departmentNameOf(catalog, announcement.departmentKey, locale) });
  const prefix = `${header}\n\n`;
  const body = announcement.text ?? "";
  const given = Array.isArray(announcement.entities) ? (announcement.entities as unknown as MessageEntity[]) : [];
  const entities: MessageEntity[] = [
    { type: "bold", offset: 0, length: header.length },
    ...given
      .filter((entity) => KEPT_ENTITIES.has(entity.type) && entity.offset >= 0 && entity.offset + entity.length <= body.length)
      .filter((entity) => entity.type !== "text_link" || /^https?:\/\//i.test((entity as { url?: string }).url ?? ""))
      .map((entity) => ({ ...entity, offset: entity.offset + prefix.length })),
  ];
  return {
    text: prefix + body,
    entities,
    ...(announcement.photoFileId ? { photo: announcement.photoFileId } : {}),
    replyMarkup: { inline_keyboard: [[button(t("ann-unsubscribe-button"), "an1:off"), button(t("ann-topics-button"), "an1:menu")]] as never },
  };
}

/** Sends a rendered announcement to a chat (a resident's, or the group's for the preview). */
export async function sendAnnouncement(api: Api, chatId: number, drawn: RenderedAnnouncement): Promise<{ message_id: number }> {
  if (drawn.photo) {
    return api.sendPhoto(chatId, drawn.photo, { caption: drawn.text, caption_entities: drawn.entities, reply_markup: drawn.replyMarkup });
  }
  return api.sendMessage(chatId, drawn.text, { entities: drawn.entities, reply_markup: drawn.replyMarkup, link_preview_options: { is_disabled: true } });
}

export interface AnnouncementDeliveryDeps {
  api: Api;
  prisma: PrismaClient;
  i18n: I18n<BotContext>;
  catalog: Catalog;
  inbox: InboxService;
  staffLocale: string;
  logger: Logger;
  classifyError: (error: unknown) => DeliveryResult;
}

/** Attempts at one resident's copy before a 5xx or network failure counts as «failed». */
const MAX_ATTEMPTS = 5;

export function createAnnouncementDelivery(deps: AnnouncementDeliveryDeps): (message: OutboxMessage, attempt?: DeliveryAttempt) => Promise<DeliveryResult> {
  const { api, prisma, i18n, catalog, inbox, staffLocale, logger } = deps;
  // Announcements do not change once sending starts: read each once (a few at a time are sending).
  const cache = new Map<number, Announcement | null>();
  async function announcementOf(id: number): Promise<Announcement | null> {
    if (!cache.has(id)) {
      if (cache.size > 50) cache.clear();
      cache.set(id, await prisma.announcement.findUnique({ where: { id } }));
    }
    return cache.get(id)!;
  }

  async function deliverCopy(message: OutboxMessage): Promise<DeliveryResult> {
    const announcement = message.announcementId === null ? null : await announcementOf(message.announcementId);
    if (!announcement) return { outcome: "drop", error: "unsubscribed: the announcement is gone" };
    // One query per copy (a broadcast sends thousands): still subscribed, and in which language.
    const [subscription] = await prisma.$queryRaw<Array<{ locale: string; topics: number }>>`
      SELECT r.locale, cardinality(s.topics) AS topics FROM announcement_subscription s JOIN resident r ON r.id = s.resident_id
      WHERE s.resident_id = ${message.chatId}`;
    if (!subscription || Number(subscription.topics) === 0) return { outcome: "drop", error: "unsubscribed meanwhile" };
    const locale = subscription.locale;
    const t: Translate = (key, variables) => i18n.t(locale, key, variables);
    try {
      await sendAnnouncement(api, Number(message.chatId), renderAnnouncement(announcement, catalog, t, locale));
      return { outcome: "sent" };
    } catch (error) {
      const result = deps.classifyError(error);
      if (error instanceof GrammyError && error.error_code === 403) {
        // Blocked (or deactivated): marked, so the next announcement skips them and staff phone instead.
        await inbox.setResidentBlocked(message.chatId, true, new Date());
        return { outcome: "drop", error: `blocked: ${result.outcome === "sent" ? "" : result.error}` };
      }
      if (result.outcome === "retry") {
        const rateLimited = error instanceof GrammyError && error.error_code === 429;
        if (rateLimited || message.attempts + 1 < MAX_ATTEMPTS) return result;
        return { outcome: "drop", error: `failed: ${result.error}` };
      }
      return { outcome: "drop", error: `failed: ${result.outcome === "sent" ? "" : result.error}` };
    }
  }

  async function deliverReport(message: OutboxMessage): Promise<DeliveryResult> {
    const id = Number(((message.payload ?? {}) as { announcementId?: number }).announcementId);
    const announcement = await prisma.announcement.findUnique({ where: { id } });
    if (!announcement) return { outcome: "drop", error: "the announcement is gone" };
    const t: Translate = (key, variables) => i18n.t(staffLocale, key, variables);
    await api.sendMessage(Number(message.chatId), t("ann-report", { id: announcement.id, recipients: announcement.recipients, sent: announcement.sent, blocked: announcement.blocked, failed: announcement.failed }), { parse_mode: "HTML" });
    logger.info({ event: "announcement_reported", announcement: announcement.id, sent: announcement.sent, blocked: announcement.blocked, failed: announcement.failed }, "announcement delivered");
    return { outcome: "sent" };
  }

  return async (message) => (message.kind === ANNOUNCEMENT_REPORT_KIND ? deliverReport(message) : deliverCopy(message));
}
