import { FeatureComposer } from "../composer.ts";
import { isOpen, type RequestStatus } from "../../requests/lifecycle.ts";
import { routeAnswer } from "../../inbox/answer-routing.ts";
import { RequestNotFoundError, StaleRequestError, type Attachment } from "../../requests/service.ts";
import { attachmentOf, LIMITS } from "../conversations/dialogue/answers.ts";
import type { BotContext } from "../context.ts";
import { button, column, menuLabelsOf } from "../keyboards.ts";
import { renderResidentHistory } from "../render/request-history.ts";
import { escapeHtml } from "../render/html.ts";
import { joinParts, pick } from "../render/text.ts";
import { residentReferralLines } from "../render/referral-card.ts";
import { showMenu } from "./start.ts";
import { editOrReply } from "./edit-message.ts";
import { passToRequest } from "./threads.ts";
import { emergencyNumbersShown } from "./danger.ts";

/**
 * "My requests": the list with statuses, one request in detail (its department and the latest
 * messages with the staff), a follow-up message to the department, cancelling. Every action
 * re-checks that the request is the presser's own.
 */
export const myRequestsFeature = new FeatureComposer<BotContext>();
const privateChat = myRequestsFeature.chatType("private");

/** What a person can send, as opposed to service messages (write_access_allowed, chat_shared, users_shared …). */
const CONTENT = ["text", "caption", "photo", "document", "voice", "audio", "video", "video_note", "sticker", "animation", "location", "venue", "contact", "poll", "dice", "story"];

/** Service messages in a resident's chat are nobody's words: no «I understand text…» reply to them. */
privateChat.on("message", async (ctx, next) => {
  if (CONTENT.some((kind) => kind in ctx.message)) return next();
  ctx.deps.logger.debug({ event: "service_message_ignored" }, "a service message in a private chat");
});

const statusText = (ctx: BotContext, status: RequestStatus) => ctx.t(`status-${status}`);
/** Messages shown under a request: enough to follow the thread, few enough to read on a phone. */
const HISTORY_ENTRIES = 5;

/**
 * The list in the middle of a request dialogue («мої заявки» typed there; session 14's trial): statuses
 * only, no buttons (a press would be taken for the dialogue's answer).
 */
export const showMyRequests = (ctx: BotContext): Promise<void> => listRequests(ctx, false, false);

async function listRequests(ctx: BotContext, edit: boolean, buttons = true): Promise<void> {
  const requests = await ctx.deps.requests.listForResident(BigInt(ctx.from!.id));
  if (requests.length === 0) {
    await (edit ? editOrReply(ctx, ctx.t("my-empty")) : ctx.reply(ctx.t("my-empty")));
    return;
  }
  const keyboard = column(
    requests.map((request) => button(ctx.t("my-line", { number: request.number, status: statusText(ctx, request.status) }), `my1:o:${request.id}`)),
  );
  // Each request with its service, date and last change, so five requests can be told apart.
  const locale = await ctx.i18n.getLocale();
  const day = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" });
  const moment = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
  const lines = requests.map((request) => {
    const service = request.serviceId ? ctx.deps.catalog.services.get(request.serviceId) : undefined;
    return ctx.t("my-list-item", {
      number: request.number,
      service: service ? escapeHtml(pick(service.name, locale) ?? service.id) : ctx.t("req-summary-general"),
      created: day.format(request.createdAt),
      status: statusText(ctx, request.status),
      changed: moment.format(request.updatedAt),
    });
  });
  const text = [ctx.t("my-list", { count: requests.length }), ...lines].join("\n");
  const options = buttons ? { parse_mode: "HTML" as const, reply_markup: keyboard } : { parse_mode: "HTML" as const };
  await (edit ? editOrReply(ctx, text, options) : ctx.reply(text, options));
}

privateChat.hears(/^📋/, (ctx) => listRequests(ctx, false));
privateChat.command("my", (ctx) => listRequests(ctx, false));
privateChat.callbackQuery("my1:l", async (ctx) => {
  await ctx.answerCallbackQuery();
  await listRequests(ctx, true);
});

/** The request if it is the presser's own; otherwise a short alert and nothing else. */
async function ownRequest(ctx: BotContext, id: number) {
  return refusingForeign(ctx, id, () => ctx.deps.requests.getForResident(BigInt(ctx.from!.id), id));
}

/** Loads what the resident asked for; a request not theirs (or gone) is refused with an alert. */
async function refusingForeign<T>(ctx: BotContext, id: number, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof RequestNotFoundError)) throw error;
    ctx.deps.logger.warn({ event: "foreign_request_refused", request: id }, "a resident asked for a request that is not theirs");
    await ctx.answerCallbackQuery({ text: ctx.t("my-not-found"), show_alert: true });
    return undefined;
  }
}

/** One request: its state, the department that has it, and the latest messages between them. */
privateChat.callbackQuery(/^my1:o:(\d{1,9})$/, async (ctx) => {
  const id = Number(ctx.match[1]);
  const history = await refusingForeign(ctx, id, () => ctx.deps.requests.historyForResident(BigInt(ctx.from.id), id, HISTORY_ENTRIES));
  if (!history) return;
  await ctx.answerCallbackQuery();
  const locale = await ctx.i18n.getLocale();
  const rendered = renderResidentHistory(history, { catalog: ctx.deps.catalog, locale, t: (key, variables) => ctx.t(key, variables) });
  // Issue 21: each referral to a partner and how it stands (kept within Telegram's limit).
  const referred = residentReferralLines(await ctx.deps.referrals.forRequest(id), { partners: ctx.deps.referrals.partners, locale, t: (key, variables) => ctx.t(key, variables) });
  const text = referred.length > 0 ? joinParts([rendered, `\n${referred.join("\n")}`]) : rendered;
  const { request } = history;
  const buttons = isOpen(request.status)
    ? [button(ctx.t("my-write"), `my1:w:${request.id}`), button(ctx.t("my-cancel"), `my1:c:${request.id}`)]
    : [];
  await editOrReply(ctx, text, { parse_mode: "HTML", reply_markup: column([...buttons, button(ctx.t("my-back"), "my1:l")]) });
});

/** "Add a message" (and "Reply" under a staff question): the next message goes to the department. */
privateChat.callbackQuery(/^my1:w:(\d{1,9})$/, async (ctx) => {
  const request = await ownRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  await ctx.answerCallbackQuery();
  if (!isOpen(request.status)) {
    await ctx.reply(ctx.t("my-closed"));
    return;
  }
  ctx.session.followUpRequestId = request.id;
  await ctx.reply(ctx.t("my-write-prompt", { number: request.number }), {
    reply_markup: column([button(ctx.t("button-cancel"), "my1:wx")]),
  });
});

privateChat.callbackQuery("my1:wx", async (ctx) => {
  delete ctx.session.followUpRequestId;
  await ctx.answerCallbackQuery();
  await showMenu(ctx, ctx.t("cancel-done"));
});

privateChat.callbackQuery(/^my1:c:(\d{1,9})$/, async (ctx) => {
  const request = await ownRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  await ctx.answerCallbackQuery();
  if (!isOpen(request.status)) {
    await editOrReply(ctx, ctx.t("my-closed"));
    return;
  }
  await editOrReply(ctx, ctx.t("my-cancel-confirm", { number: request.number }), {
    reply_markup: column([button(ctx.t("my-cancel-yes"), `my1:cy:${request.id}`), button(ctx.t("my-cancel-no"), `my1:o:${request.id}`)]),
  });
});

privateChat.callbackQuery(/^my1:cy:(\d{1,9})$/, async (ctx) => {
  const request = await ownRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  try {
    await ctx.deps.requests.cancelByResident(BigInt(ctx.from.id), request.id);
  } catch (error) {
    if (!(error instanceof StaleRequestError) && (error as Error).name !== "TransitionError") throw error;
    await ctx.answerCallbackQuery();
    await editOrReply(ctx, ctx.t("my-closed"));
    return;
  }
  ctx.deps.logger.info({ event: "request_cancelled_by_resident", request: request.id }, "resident cancelled a request");
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, ctx.t("my-cancelled", { number: request.number }));
});

/** Passes a resident's message to a request of theirs; the confirmation names the request. */
async function passOn(ctx: BotContext, requestId: number, message: { text?: string; attachment?: Attachment }): Promise<void> {
  let request;
  try {
    await ctx.deps.requests.addResidentMessage(BigInt(ctx.from!.id), requestId, message);
    request = await ctx.deps.requests.getForResident(BigInt(ctx.from!.id), requestId);
  } catch (error) {
    if (!(error instanceof RequestNotFoundError || error instanceof StaleRequestError)) throw error;
    await ctx.reply(ctx.t("my-closed"));
    return;
  }
  await showMenu(ctx, `${ctx.t("my-message-sent")}\n${ctx.t("my-message-sent-number", { number: request.number })}`);
  await offerNoCalls(ctx, request.id);
}

/**
 * Danger said in a message to staff, with a phone on the request: one tap and nobody calls (third
 * trial: «коли він вдома то б'є мене» left her number on the card, and she was never asked).
 */
export async function offerNoCalls(ctx: BotContext, requestId: number): Promise<void> {
  if (!emergencyNumbersShown(ctx)) return;
  // Read after her message was added: «не дзвоніть» said with it has already stopped the calls.
  const request = await ctx.deps.requests.getForResident(BigInt(ctx.from!.id), requestId);
  if (!request.phone || request.contactByBotOnly) return;
  await ctx.reply(ctx.t("danger-no-calls-offer"), { reply_markup: column([button(ctx.t("req-phone-bot-only"), `my1:nc:${request.id}`)]) });
}

privateChat.callbackQuery(/^my1:nc:(\d{1,9})$/, async (ctx) => {
  const request = await ownRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  await ctx.deps.requests.stopCalls(BigInt(ctx.from.id), request.id);
  ctx.deps.logger.info({ event: "resident_stopped_calls", request: request.id }, "a resident asked not to be called");
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, ctx.t("req-bot-only-ok"));
});

/** The request of the bot message the resident replied to, if it is their own and a reply means an answer. */
async function repliedRequest(ctx: BotContext): Promise<number | undefined> {
  const replyTo = ctx.message?.reply_to_message;
  if (!replyTo || replyTo.from?.id !== ctx.me.id) return undefined;
  const found = await ctx.deps.inbox.findByStaffMessage(ctx.chat!.id, replyTo.message_id);
  if (!found || found.request.residentId !== BigInt(ctx.from!.id) || !isOpen(found.request.status)) return undefined;
  return found.request.id;
}

/**
 * The follow-up message itself; must come before free-text search. Takes what the dialogue's details
 * step takes (a document or an audio file used to be dropped without a word, its caption sent alone),
 * within the same length (a longer text used to be cut at 2000 characters without a word).
 *
 * Without «add a message» pressed first, a message goes to the request it answers: the one whose
 * question the resident replied to, the only one waiting, or — when several wait and nothing says
 * which — the one the resident picks. A short phrase that names a service is a search, not an answer.
 */
privateChat.on("message", async (ctx, next) => {
  let requestId = ctx.session.followUpRequestId;
  const text = (ctx.message.text ?? ctx.message.caption)?.trim();
  const attachment = attachmentOf(ctx);
  if (requestId === undefined) {
    const typed = ctx.message.text;
    const isCommandOrMenu = typed !== undefined && (typed.startsWith("/") || menuLabelsOf(ctx.deps.i18n).has(typed));
    if (isCommandOrMenu || !ctx.session.mayHaveRequests) return next();
    if (!text && !attachment) return next();
    const repliedTo = await repliedRequest(ctx);
    const waiting = repliedTo === undefined ? await ctx.deps.requests.waitingForResident(BigInt(ctx.from.id)) : [];
    const route = routeAnswer({ ...(text ? { text } : {}), ...(repliedTo === undefined ? {} : { repliedTo }), waiting: waiting.map((r) => r.id) }, ctx.deps.matcher);
    if (route.to === "search") return next();
    if (route.to === "choose") {
      if (text && text.length > LIMITS.details) {
        await ctx.reply(ctx.t("req-too-long", { max: LIMITS.details }));
        return;
      }
      ctx.session.pendingAnswer = { ...(text ? { text } : {}), ...(attachment ? { attachment } : {}) };
      const locale = await ctx.i18n.getLocale();
      await ctx.reply(ctx.t("my-which-request"), {
        reply_markup: column([
          ...waiting.map((request) => {
            const service = request.serviceId ? pick(ctx.deps.catalog.services.get(request.serviceId)?.name, locale) : undefined;
            return button(`№ ${request.number}${service ? ` · ${service}` : ""}`.slice(0, 64), `my1:a:${request.id}`);
          }),
          button(ctx.t("my-which-none"), "my1:ax"),
        ]),
      });
      return;
    }
    requestId = route.requestId;
  }
  if (!text && !attachment) {
    await ctx.reply(ctx.t("req-invalid-details"));
    return;
  }
  if (text && text.length > LIMITS.details) {
    await ctx.reply(ctx.t("req-too-long", { max: LIMITS.details }));
    return;
  }
  delete ctx.session.followUpRequestId;
  await passOn(ctx, requestId, { ...(text ? { text } : {}), ...(attachment ? { attachment } : {}) });
});

/**
 * The resident blocked the bot (kicked) or unblocked it (member): cards say so or stop saying so, and
 * on an unblock whatever waited for them goes out at once.
 */
privateChat.on("my_chat_member", async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status !== "kicked" && status !== "member") return;
  const changed = await ctx.deps.inbox.setResidentBlocked(BigInt(ctx.from.id), status === "kicked", new Date());
  if (changed) ctx.deps.logger.info({ event: status === "kicked" ? "resident_blocked_bot" : "resident_unblocked_bot" }, "resident changed the bot's membership");
});

/** «До якого звернення?»: the resident picks the request their message answers. */
privateChat.callbackQuery(/^my1:a:(\d{1,9})$/, async (ctx) => {
  const pending = ctx.session.pendingAnswer;
  const request = await ownRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  await ctx.answerCallbackQuery();
  if (!pending) {
    await editOrReply(ctx, ctx.t("my-which-gone"));
    return;
  }
  delete ctx.session.pendingAnswer;
  delete ctx.session.threadAsk;
  await ctx.deleteMessage().catch(() => undefined);
  // «Додати це до звернення?» may ask about one staff closed lately (features/threads.ts).
  if (!isOpen(request.status)) await passToRequest(ctx, request.id, pending);
  else await passOn(ctx, request.id, pending);
});

/** None of them: the message was not an answer; nothing is passed on. */
privateChat.callbackQuery("my1:ax", async (ctx) => {
  delete ctx.session.pendingAnswer;
  delete ctx.session.threadAsk;
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, ctx.t("my-which-dropped"));
});
