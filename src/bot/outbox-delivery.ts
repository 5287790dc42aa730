import { GrammyError, HttpError, type Api } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import type { Catalog } from "../catalog/catalog.ts";
import { FreshnessService } from "../catalog/freshness.ts";
import { DEFAULT_FRESHNESS_DAYS } from "../config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { HelpRequest, OutboxMessage } from "../generated/prisma/client.ts";
import { findChatIdLine } from "../inbox/catalog-line.ts";
import type { InboxService } from "../inbox/inbox-service.ts";
import type { DeliveryAttempt, DeliveryResult } from "../inbox/relay.ts";
import type { Logger } from "../logger.ts";
import type { Attachment } from "../requests/service.ts";
import { detectDanger } from "../requests/danger.ts";
import type { BotContext, Translate } from "./context.ts";
import { CATALOG_NOTE_KINDS, deliverCatalogNote } from "./catalog-notes-delivery.ts";
import { closingNotice } from "./render/closing-notice.ts";
import { HelpdeskActions } from "../requests/helpdesk.ts";
import { ANNOUNCEMENT_KINDS, createAnnouncementDelivery } from "./announcement-delivery.ts";
import { ReferralService } from "../referrals/service.ts";
import { createReferralDelivery, REFERRAL_KINDS } from "./referral-delivery.ts";
import { departmentReferralLines, withReferButton } from "./render/referral-card.ts";
import { button, mainMenu } from "./keyboards.ts";
import { escapeHtml } from "./render/html.ts";
import { renderCardCopy, renderRequestCard, requestCardKeyboard, STATUS_CODES } from "./render/request-card.ts";
import { joinParts, pick, quote } from "./render/text.ts";

/**
 * Turns outbox rows into Telegram messages, rendered at send time from the database's current state
 * (a card is never stale) and in the reader's language: the resident's own, the staff's default.
 */

export interface OutboxDeliveryDeps {
  api: Api;
  prisma: PrismaClient;
  i18n: I18n<BotContext>;
  catalog: Catalog;
  inbox: InboxService;
  /** For the catalogue's notes (corrections, freshness questions); one over `prisma` and `catalog` if absent. */
  freshness?: FreshnessService;
  staffLocale: string;
  logger: Logger;
  /** Where the catalogue files are, to name the line to update when a group moves. */
  catalogDir?: string;
  /** Referrals to partners (issue 21); one over `prisma` and `catalog` if absent. */
  referrals?: ReferralService;
}

/** Telegram's answer sorted into what the relay should do about it. */
export function classifyError(error: unknown): DeliveryResult {
  if (error instanceof GrammyError) {
    const description = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) return { outcome: "retry", afterMs: (error.parameters.retry_after ?? 5) * 1_000, error: description };
    if (error.error_code >= 500) return { outcome: "retry", error: description };
    if (error.error_code === 403 || /chat not found|bot was kicked|group chat was (upgraded|deactivated)|have no rights/i.test(error.description)) {
      return { outcome: "unreachable", error: description };
    }
    return { outcome: "drop", error: description };
  }
  if (error instanceof HttpError) {
    // Refused or unresolved: the request never left. A reset or a timeout may come after Telegram
    // accepted it: then the message may already be there (the relay tells the next attempt).
    const code = (error.error as { code?: string } | undefined)?.code;
    const notSent = code !== undefined && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code);
    return { outcome: "retry", error: `network: ${code ?? error.message}`, ...(notSent ? {} : { uncertain: true }) };
  }
  return { outcome: "retry", error: error instanceof Error ? error.message : String(error) };
}

const isMissingMessage = (error: unknown) =>
  error instanceof GrammyError && /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i.test(error.description);
const isNotModified = (error: unknown) => error instanceof GrammyError && /message is not modified/i.test(error.description);
const isMissingTopic = (error: unknown) => error instanceof GrammyError && /message thread not found|TOPIC_DELETED|TOPIC_CLOSED/i.test(error.description);

export function createOutboxDelivery(deps: OutboxDeliveryDeps): (message: OutboxMessage, attempt?: DeliveryAttempt) => Promise<DeliveryResult> {
  const { api, prisma, i18n, catalog, inbox, staffLocale, logger, catalogDir } = deps;
  const staffT: Translate = (key, variables) => i18n.t(staffLocale, key, variables);
  const freshness = deps.freshness ?? new FreshnessService(prisma, catalog, DEFAULT_FRESHNESS_DAYS);
  const helpdesk = new HelpdeskActions(prisma, () => new Date());
  const announcements = createAnnouncementDelivery({ api, prisma, i18n, catalog, inbox, staffLocale, logger, classifyError });
  const referrals = deps.referrals ?? new ReferralService({ prisma, catalog });
  const referralDelivery = createReferralDelivery({ api, prisma, i18n, catalog, inbox, referrals, staffLocale, logger });

  async function residentBlocked(request: HelpRequest): Promise<boolean> {
    if (request.residentId === null) return false;
    const resident = await prisma.resident.findUnique({ where: { id: request.residentId }, select: { blockedAt: true } });
    return Boolean(resident?.blockedAt);
  }

  async function card(request: HelpRequest) {
    const closed = request.status === "resolved" || request.status === "rejected";
    const [notes, closing, linked, referred] = await Promise.all([
      prisma.requestEvent.findMany({ where: { requestId: request.id, type: "note" }, orderBy: { id: "desc" }, take: 5, select: { at: true, actorName: true, note: true } }),
      closed ? prisma.requestEvent.findFirst({ where: { requestId: request.id, type: "status", toStatus: request.status }, orderBy: { id: "desc" }, select: { note: true } }) : null,
      helpdesk.linkedOpen(request),
      referrals.forRequest(request.id),
    ]);
    // Issue 21: the referrals' steps under the card, and «🤝 Направити партнеру» where a partner takes the service.
    const referralLines = departmentReferralLines(referred, { partners: referrals.partners, locale: staffLocale, t: staffT }, request.anonymisedAt !== null);
    return {
      text: joinParts([renderRequestCard(request, {
        catalog,
        locale: staffLocale,
        t: staffT,
        residentBlocked: await residentBlocked(request),
        thread: await inbox.threadOf(request.id),
        departmentName,
        notes: notes.reverse().map((note) => ({ at: note.at, by: note.actorName, text: note.note })),
        closeNote: closing?.note ?? null,
        linked: linked.map((other) => ({ number: other.number, department: departmentName(other.departmentKey) })),
      }), ...referralLines]),
      keyboard: withReferButton(requestCardKeyboard(request, staffT), request, referrals.partners, staffT, STATUS_CODES[request.status]),
    };
  }

  /**
   * A card that is no longer the request's card (the request went to another department, or a newer
   * card replaced it): it shows no personal data, only where the request is now.
   */
  function oldCard(request: HelpRequest, chatId: bigint) {
    const here = inbox.departmentsOfChat(Number(chatId)).some((department) => department.key === request.departmentKey);
    return {
      text: renderCardCopy(request, { t: staffT, ...(here ? {} : { department: departmentName(request.departmentKey) }) }),
      keyboard: { inline_keyboard: [] },
    };
  }

  function departmentName(key: string): string {
    return pick(inbox.department(key)?.name, staffLocale) ?? key;
  }

  /** The card's topic in a forum group, recreated when staff deleted it. */
  async function ensureTopic(request: HelpRequest, chatId: bigint, recreate = false): Promise<number | undefined> {
    if (!inbox.department(request.departmentKey)?.forumTopics) return undefined;
    if (request.topicId !== null && !recreate) return request.topicId;
    const service = request.serviceId ? catalog.services.get(request.serviceId) : undefined;
    const title = `№ ${request.number}${service ? ` · ${pick(service.name, staffLocale)}` : ""}`.slice(0, 128);
    const topic = await api.createForumTopic(Number(chatId), title);
    return topic.message_thread_id;
  }

  /** `maybeCopy`: an earlier attempt may have reached the group, so this card says it is the one to use. */
  async function sendCard(request: HelpRequest, chatId: bigint, maybeCopy = false): Promise<void> {
    const drawn = await card(request);
    const keyboard = drawn.keyboard;
    const text = maybeCopy ? `${staffT("staff-card-maybe-twice")}\n\n${drawn.text}` : drawn.text;
    let topicId = await ensureTopic(request, chatId);
    let sent;
    try {
      sent = await api.sendMessage(Number(chatId), text, { parse_mode: "HTML", reply_markup: keyboard, ...(topicId ? { message_thread_id: topicId } : {}) });
    } catch (error) {
      if (!topicId || !isMissingTopic(error)) throw error;
      topicId = await ensureTopic(request, chatId, true);
      sent = await api.sendMessage(Number(chatId), text, { parse_mode: "HTML", reply_markup: keyboard, ...(topicId ? { message_thread_id: topicId } : {}) });
    }
    await inbox.recordCard(request.id, chatId, sent.message_id, topicId);
  }

  /** A message in the request's thread: under its card (and in its topic, recreating a deleted one). */
  async function sendInThread(
    request: HelpRequest,
    chatId: bigint,
    send: (options: { message_thread_id?: number; reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } }) => Promise<{ message_id: number }>,
  ): Promise<number> {
    const sameCardChat = request.cardChatId === chatId;
    const options = () => ({
      ...(sameCardChat && request.topicId ? { message_thread_id: request.topicId } : {}),
      ...(sameCardChat && request.cardMessageId ? { reply_parameters: { message_id: request.cardMessageId, allow_sending_without_reply: true } } : {}),
    });
    try {
      return (await send(options())).message_id;
    } catch (error) {
      if (!isMissingTopic(error)) throw error;
      // Staff deleted the topic: a new one, with a fresh card, then the message.
      await sendCard({ ...request, topicId: null }, chatId);
      request = await prisma.helpRequest.findUniqueOrThrow({ where: { id: request.id } });
      return (await send(options())).message_id;
    }
  }

  /** The topic a message about the request goes to in this chat, if any (as sendInThread decides). */
  function threadOf(request: HelpRequest, chatId: bigint): number | undefined {
    return request.cardChatId === chatId && request.topicId ? request.topicId : undefined;
  }

  /**
   * Removes one relayed copy of what a resident wrote: deleted while Telegram allows it (48 hours),
   * otherwise overwritten (a text, or a caption). What cannot be removed at all (the photo or voice
   * itself, past 48 hours) is written to the erasure log, by ids only.
   */
  async function removeCopy(message: OutboxMessage, request: HelpRequest | null, messageId: number): Promise<DeliveryResult> {
    const chatId = Number(message.chatId);
    const gone = (error: unknown) => error instanceof GrammyError && /message to (delete|edit) not found|MESSAGE_ID_INVALID/i.test(error.description);
    try {
      await api.deleteMessage(chatId, messageId);
      return { outcome: "sent" };
    } catch (error) {
      if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      if (gone(error)) return { outcome: "sent" };
    }
    const placeholder = staffT("staff-copy-erased", { number: request?.number ?? "—" });
    /** true: done; false: Telegram refused (400); "gone": the message no longer exists. */
    const attempt = async (edit: () => Promise<unknown>): Promise<boolean | "gone"> => {
      try {
        await edit();
        return true;
      } catch (error) {
        if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
        return gone(error) ? "gone" : false;
      }
    };
    const asText = await attempt(() => api.editMessageText(chatId, messageId, placeholder));
    if (asText !== false) return { outcome: "sent" };
    // Not a text: a photo, voice or file. Its caption can be overwritten, the file itself stays.
    if ((await attempt(() => api.editMessageCaption(chatId, messageId, { caption: placeholder }))) === "gone") return { outcome: "sent" };
    logger.warn({ event: "erasure_copy_left", chat: chatId, message: messageId, request: request?.id }, "a copy could not be removed from a staff group");
    return { outcome: "sent" };
  }

  async function sendAttachment(chatId: number, attachment: Attachment, caption: string, options: object) {
    const common = { caption, parse_mode: "HTML" as const, ...options };
    switch (attachment.kind) {
      case "photo":
        return api.sendPhoto(chatId, attachment.fileId, common);
      case "voice":
        return api.sendVoice(chatId, attachment.fileId, common);
      case "audio":
        return api.sendAudio(chatId, attachment.fileId, common);
      case "video_note":
        return api.sendVideoNote(chatId, attachment.fileId, options);
      case "document":
        return api.sendDocument(chatId, attachment.fileId, common);
    }
  }

  async function deliver(message: OutboxMessage, attempt?: DeliveryAttempt): Promise<DeliveryResult> {
    if (ANNOUNCEMENT_KINDS.includes(message.kind)) return announcements(message, attempt);
    if (REFERRAL_KINDS.includes(message.kind)) return referralDelivery(message);
    if ((CATALOG_NOTE_KINDS as readonly string[]).includes(message.kind)) {
      return deliverCatalogNote({ api, catalog, freshness, staffLocale, staffT }, message);
    }
    const payload = (message.payload ?? {}) as Record<string, unknown>;
    const request = message.requestId === null ? null : await prisma.helpRequest.findUnique({ where: { id: message.requestId } });
    if (message.requestId !== null && !request) return { outcome: "drop", error: "the request no longer exists" };
    const chatId = Number(message.chatId);

    switch (message.kind) {
      case "staff-card":
        if (attempt?.uncertain) logger.warn({ event: "card_resent", request: request!.id }, "a card whose first send may have arrived is sent again");
        await sendCard(request!, message.chatId, attempt?.uncertain);
        return { outcome: "sent" };

      case "staff-card-copy": {
        // A copy of a card the database did not know (sent before a crash), found when staff used it.
        try {
          await api.editMessageText(chatId, Number(payload.messageId), staffT("staff-card-copy", { number: request!.number }), { parse_mode: "HTML" });
        } catch (error) {
          if (!(error instanceof GrammyError && error.error_code === 400)) throw error; // gone or too old: nothing to do
        }
        return { outcome: "sent" };
      }

      case "staff-card-update": {
        // A given message id names one copy of the card (erasure and transfer reach each copy);
        // otherwise it is the request's card, wherever it is now.
        const messageId = typeof payload.messageId === "number" ? payload.messageId : request!.cardMessageId;
        if (messageId === null || (request!.cardChatId === null && typeof payload.messageId !== "number")) {
          // No card yet (its first delivery is still pending or failed): the card, when sent, is current.
          return { outcome: "sent" };
        }
        const current = request!.cardChatId === message.chatId && request!.cardMessageId === messageId;
        const { text, keyboard } = current ? await card(request!) : oldCard(request!, message.chatId);
        try {
          await api.editMessageText(chatId, messageId, text, { parse_mode: "HTML", reply_markup: keyboard });
        } catch (error) {
          if (isNotModified(error)) return { outcome: "sent" };
          if (!isMissingMessage(error)) throw error;
          if (!current) return { outcome: "sent" }; // an old copy already gone: nothing left to show
          await sendCard(request!, message.chatId); // deleted by staff: a new card, not silence
        }
        return { outcome: "sent" };
      }

      case "staff-attachment": {
        const attachments = (request!.attachments ?? []) as unknown as Attachment[];
        const attachment = attachments[Number(payload.index ?? 0)];
        if (!attachment) return { outcome: "drop", error: "the attachment was erased" };
        const caption = staffT("staff-resident-attachment", { number: request!.number });
        const messageId = await sendInThread(request!, message.chatId, (options) => sendAttachment(chatId, attachment, caption, options));
        await inbox.recordStaffMessage(message.chatId, messageId, request!.id, "relay", threadOf(request!, message.chatId));
        return { outcome: "sent" };
      }

      case "staff-relay": {
        const event = typeof payload.eventId === "number" ? await prisma.requestEvent.findUnique({ where: { id: payload.eventId } }) : null;
        const attachment = payload.attachment as Attachment | undefined;
        // A caption holds 1024 characters: the text is shortened before escaping, never the HTML after.
        const text = event?.note ? quote(event.note, attachment ? 800 : 3000) : "";
        // Written after staff closed the request (features/threads.ts): said so, so nobody misses it.
        const written = staffT(payload.afterClose === true ? "staff-resident-message-after-close" : "staff-resident-message", { number: request!.number, text });
        // Danger in her later words (a reply to a staff question: «він знову прийшов п'яний і б'є»): 🆘 on top, as on a card.
        const danger = event?.note ? detectDanger(event.note) : [];
        const header = danger.length > 0 ? `${staffT("staff-card-danger", { kinds: danger.map((kind) => staffT(`danger-kind-${kind}`)).join(", ") })}\n${written}` : written;
        const messageId = await sendInThread(request!, message.chatId, (options) =>
          attachment
            ? sendAttachment(chatId, attachment, header, options)
            : api.sendMessage(chatId, header, { parse_mode: "HTML", ...options }),
        );
        await inbox.recordStaffMessage(message.chatId, messageId, request!.id, "relay", threadOf(request!, message.chatId));
        return { outcome: "sent" };
      }

      case "staff-reminder": {
        const hours = Math.floor((Date.now() - request!.createdAt.getTime()) / 3_600_000);
        const messageId = await sendInThread(request!, message.chatId, (options) =>
          // A 🆘 request's reminder says so first (it comes after DANGER_REMINDER_MINUTES, not hours).
          api.sendMessage(chatId, `${request!.danger ? "🆘 " : ""}${staffT("staff-reminder", { number: request!.number, hours })}`, { parse_mode: "HTML", ...options }),
        );
        await inbox.recordStaffMessage(message.chatId, messageId, request!.id, "relay");
        return { outcome: "sent" };
      }

      case "staff-ack": {
        const replyTo = typeof payload.replyTo === "number" ? payload.replyTo : undefined;
        const key = payload.outcome === "blocked" ? "staff-not-delivered-blocked" : "staff-sent-to-resident";
        await api.sendMessage(chatId, staffT(key, { number: request!.number }), {
          ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
          ...(request!.topicId && request!.cardChatId === message.chatId ? { message_thread_id: request!.topicId } : {}),
        });
        return { outcome: "sent" };
      }

      case "staff-delete-message":
        return removeCopy(message, request, Number(payload.messageId));

      case "staff-thread-note": {
        await sendInThread(request!, message.chatId, (options) => api.sendMessage(chatId, staffT(String(payload.key), { number: request!.number }), options));
        return { outcome: "sent" };
      }

      case "staff-note": {
        await api.sendMessage(chatId, staffT(String(payload.key), { from: String(payload.from ?? ""), to: String(payload.to ?? ""), line: escapeHtml(String(payload.line ?? "")) }), { parse_mode: "HTML" });
        return { outcome: "sent" };
      }

      case "staff-alert": {
        const text = staffT("staff-alert-unreachable", {
          department: escapeHtml(String(payload.department ?? "")),
          error: escapeHtml(String(payload.error ?? "").slice(0, 200)),
        });
        await api.sendMessage(chatId, text, { parse_mode: "HTML" });
        return { outcome: "sent" };
      }

      case "resident-status":
      case "resident-message":
      case "resident-transferred":
      case "resident-undelivered":
        return deliverToResident(message, request!, payload);

      case "direct-reply": {
        // A reply Telegram refused with a long 429 while the update was handled (reply-handover.ts).
        const { chat_id: _chat, ...rest } = payload as { chat_id?: number; text?: string };
        await api.sendMessage(chatId, String(rest.text ?? ""), rest as never);
        return { outcome: "sent" };
      }

      case "dialogue-expired": {
        const resident = await prisma.resident.findUnique({ where: { id: message.chatId }, select: { locale: true } });
        const t: Translate = (key, variables) => i18n.t(resident?.locale ?? staffLocale, key, variables);
        await api.sendMessage(chatId, t("req-expired"), { reply_markup: mainMenu(t) });
        return { outcome: "sent" };
      }
    }
    return { outcome: "drop", error: `unknown outbox kind ${message.kind}` };
  }

  /**
   * Numbers a resident can call about a request, from the catalogue only (never invented): the
   * providers of its service in its community, else the community's municipal providers.
   */
  function phonesToCall(request: HelpRequest): string[] {
    const offers = request.serviceId ? catalog.offersFor(request.communityId, request.serviceId) : [];
    const fromOffers = offers.flatMap(({ offer, provider }) => (offer.phones.length > 0 ? offer.phones : provider.phones));
    const municipal = (catalog.communities.get(request.communityId)?.providers ?? []).filter((provider) => provider.kind === "municipal").flatMap((provider) => provider.phones);
    return [...new Set(fromOffers.length > 0 ? fromOffers : municipal)].slice(0, 3);
  }

  async function deliverToResident(message: OutboxMessage, request: HelpRequest, payload: Record<string, unknown>): Promise<DeliveryResult> {
    const resident = await prisma.resident.findUnique({ where: { id: message.chatId } });
    if (!resident) return { outcome: "drop", error: "the resident's data was erased" };
    const t: Translate = (key, variables) => i18n.t(resident.locale, key, variables);
    const event = typeof payload.eventId === "number" ? await prisma.requestEvent.findUnique({ where: { id: payload.eventId } }) : null;
    const given = payload.ack as { chatId?: string; messageId?: number } | undefined;
    const ack = given?.chatId && typeof given.messageId === "number" ? { chatId: BigInt(given.chatId), messageId: given.messageId } : undefined;
    let text: string;
    let replyMarkup: { inline_keyboard: ReturnType<typeof button>[][] } | undefined;
    if (message.kind === "resident-undelivered") {
      const phones = phonesToCall(request);
      text = phones.length > 0
        ? t("notify-undelivered", { number: request.number, phones: phones.map(escapeHtml).join(", ") })
        : t("notify-undelivered-no-phone", { number: request.number });
    } else if (message.kind === "resident-transferred") {
      const department = inbox.department(String(payload.department ?? ""));
      text = t("notify-transferred", { number: request.number, department: escapeHtml(pick(department?.name, resident.locale) ?? "") });
    } else if (message.kind === "resident-status") {
      const status = String(payload.status);
      const outcome = typeof payload.outcome === "string" ? payload.outcome : undefined;
      if (outcome && (status === "resolved" || status === "rejected")) {
        // Words that fit how it ended (helpdesk-notify.ts); «проблему не вирішено» and «Чи допомогли Вам?» under a close.
        ({ text, replyMarkup } = closingNotice(t, request, status, outcome, event?.note ?? null, payload.askFeedback === true));
      } else if (payload.reopened === true) {
        text = t("notify-reopened", { number: request.number });
      } else {
        text = t("notify-status", { number: request.number, status: t(`status-${status}`) });
        if (status === "rejected" && event?.note) text += `\n${t("staff-resident-rejected-reason", { reason: quote(event.note, 1000) })}`;
      }
    } else {
      const question = payload.kind === "question";
      text = t(question ? "notify-question" : "notify-reply", { number: request.number, text: quote(event?.note ?? "", 3500) });
      replyMarkup = { inline_keyboard: [[button(t("notify-reply-button"), `my1:w:${request.id}`)]] };
      // A request from the danger path: a staff message is where «🧹 Приховати розмову» is needed next (features/hide.ts).
      if (request.danger) replyMarkup.inline_keyboard.push([button(t("danger-hide"), "dg1:hide")]);
    }
    let sent: { message_id: number };
    try {
      sent = await api.sendMessage(Number(message.chatId), text, { parse_mode: "HTML", ...(replyMarkup ? { reply_markup: replyMarkup } : {}) });
    } catch (error) {
      const result = classifyError(error);
      if (result.outcome === "unreachable" && !resident.blockedAt) {
        // The resident blocked the bot: the card says so and shows the phone number instead, and the
        // staff member hears that their message did not arrive (it waits until an unblock).
        await inbox.setResidentBlocked(resident.id, true, new Date());
        if (ack) await inbox.queueAck(request.id, ack.chatId, ack.messageId, "blocked");
        logger.warn({ event: "resident_blocked_bot", request: request.id }, "resident has blocked the bot");
      }
      return result;
    }
    // A message got through: whatever the mark said, the resident has not blocked the bot (any more).
    if (resident.blockedAt) await inbox.setResidentBlocked(resident.id, false, new Date());
    if (ack) await inbox.queueAck(request.id, ack.chatId, ack.messageId, "delivered");
    if (message.kind === "resident-message") {
      // The resident's reply to this message finds its request (not whichever asked last).
      await inbox.recordStaffMessage(message.chatId, sent.message_id, request.id, payload.kind === "question" ? "resident-question" : "resident-answer");
    }
    return { outcome: "sent" };
  }

  return async (message, attempt) => {
    try {
      return await deliver(message, attempt);
    } catch (error) {
      const movedTo = error instanceof GrammyError ? error.parameters.migrate_to_chat_id : undefined;
      if (movedTo !== undefined) {
        // «group chat was upgraded to a supergroup chat»: the group moved. Follow it; this message
        // (re-addressed with the others) goes out in the next round.
        const moved = await inbox.migrateChat(message.chatId, BigInt(movedTo), new Date());
        const where = findChatIdLine(catalogDir, message.chatId);
        logger.warn(
          { event: "staff_group_migrated", from: String(message.chatId), to: String(movedTo), departments: moved, catalogLine: where ? `${where.file}:${where.line}` : undefined },
          "a staff group moved to a new chat id; update the catalogue",
        );
        if (moved.length > 0) {
          await prisma.outboxMessage.create({
            data: { chatId: BigInt(movedTo), kind: "staff-note", payload: { key: "staff-group-migrated", from: String(message.chatId), to: String(movedTo), line: where ? `${where.file}:${where.line}` : "data/catalog/*.yaml" } },
          });
        }
        return { outcome: "retry", afterMs: 0, error: "the group moved to a new chat id" };
      }
      return classifyError(error);
    }
  };
}
