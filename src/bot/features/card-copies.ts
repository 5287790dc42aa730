import { FeatureComposer } from "../composer.ts";
import type { Message } from "grammy/types";
import type { HelpRequest } from "../../generated/prisma/client.ts";
import type { BotContext } from "../context.ts";

/**
 * Copies of cards the database does not know. Telegram has no idempotency key: when the process dies
 * after Telegram accepted a card but before its message id was stored, the relay sends the card again
 * (saying it may have come twice), and the first copy's id is unknowable until staff use it. Then:
 *
 * - a reply to the copy reaches the request all the same (the copy is recognised by the request
 *   number in its title, recorded, redrawn as «копія, дивіться нижче», and the staff inbox relays
 *   the reply as usual);
 * - a button pressed on the copy (a message showing this request's card title) does nothing but say
 *   so (and the copy is redrawn);
 * - a reply to a card whose request the database does not have is answered «не знаю цієї картки».
 *
 * Installed before the staff inbox, which then finds the recorded copy like any card.
 */
export const cardCopiesFeature = new FeatureComposer<BotContext>();
const groups = cardCopiesFeature.chatType(["group", "supergroup"]);

const NUMBER = /№\s*(?:<b>)?\s*([А-ЯІЇЄҐA-Z]{2,4}-\d{4}-\d{5})/u;
const plain = (html: string) => html.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();

/** The request number of a message that is one of our cards (by its title in the staff's language). */
function cardNumber(ctx: BotContext, message: Pick<Message, "text" | "caption">): string | undefined {
  const text = message.text ?? message.caption ?? "";
  const number = NUMBER.exec(text)?.[1];
  if (!number) return undefined;
  const title = plain(ctx.deps.i18n.t(ctx.deps.settings.staffLocale, "staff-card-title", { icon: "", number }));
  return plain(text).includes(title) ? number : undefined;
}

async function unknownCopyOf(ctx: BotContext, request: HelpRequest | null, chatId: number, messageId: number): Promise<boolean> {
  if (!request || request.cardChatId !== BigInt(chatId) || request.cardMessageId === messageId) return false;
  return !(await ctx.deps.inbox.findByStaffMessage(chatId, messageId));
}

groups.on("message", async (ctx, next) => {
  const replyTo = ctx.message.reply_to_message;
  if (!replyTo || (replyTo.from && replyTo.from.id !== ctx.me.id)) return next();
  if (ctx.message.is_topic_message && replyTo.message_id === ctx.message.message_thread_id) return next();
  if (ctx.deps.inbox.departmentsOfChat(ctx.chat.id).length === 0) return next();
  const number = cardNumber(ctx, replyTo);
  if (!number || (await ctx.deps.inbox.findByStaffMessage(ctx.chat.id, replyTo.message_id))) return next();
  const request = await ctx.deps.inbox.requestByNumber(number);
  if (request && (await unknownCopyOf(ctx, request, ctx.chat.id, replyTo.message_id))) {
    await ctx.deps.inbox.recordCardCopy(request.id, BigInt(ctx.chat.id), replyTo.message_id);
    ctx.deps.logger.warn({ event: "card_copy_found", request: request.id, via: "reply" }, "a staff reply to an unrecorded copy of a card");
    return next(); // the staff inbox now finds the copy and relays the reply
  }
  if (request && request.cardChatId === BigInt(ctx.chat.id)) return next();
  ctx.deps.logger.warn({ event: "card_unknown", chat: ctx.chat.id }, "a staff reply to a card the database does not know");
  await ctx.reply(ctx.deps.i18n.t(ctx.deps.settings.staffLocale, "staff-card-unknown"), {
    reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
  });
});

groups.callbackQuery(/^st1:(?:take|rep|ask|tr|rej|cls):(\d{1,9}):[npw]$/, async (ctx, next) => {
  const message = ctx.callbackQuery.message;
  if (message === undefined) return next();
  const request = await ctx.deps.inbox.requestById(Number(ctx.match[1]));
  // Only a message that is this request's card (by its title) can be a copy of it; any other — the
  // recorded card, a forged press on some other message — goes on to the staff inbox's own checks
  // («Картка застаріла», another department's, not staff).
  if (!request || !("text" in message || "caption" in message) || cardNumber(ctx, message) !== request.number) return next();
  const messageId = message.message_id;
  if (!(await unknownCopyOf(ctx, request, ctx.chat.id, messageId))) return next();
  await ctx.deps.inbox.recordCardCopy(request!.id, BigInt(ctx.chat.id), messageId);
  ctx.deps.logger.warn({ event: "card_copy_found", request: request!.id, via: "button" }, "a button pressed on an unrecorded copy of a card");
  await ctx.answerCallbackQuery({ text: ctx.deps.i18n.t(ctx.deps.settings.staffLocale, "staff-card-copy-pressed"), show_alert: true });
});
