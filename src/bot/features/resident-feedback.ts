import { FeatureComposer } from "../composer.ts";
import { TransitionError } from "../../requests/lifecycle.ts";
import { RequestNotFoundError, StaleRequestError } from "../../requests/model.ts";
import type { BotContext } from "../context.ts";

/**
 * The resident's side of a closed request (issue 18): «Чи допомогли Вам?» 👍/👎 with an optional word
 * (asked once, after a close; recorded once), and «🔁 Проблему не вирішено», which puts the request
 * back in the department's hands (within 30 days) and tells the group in its thread.
 */
export const residentFeedbackFeature = new FeatureComposer<BotContext>();
const privateChat = residentFeedbackFeature.chatType("private");

privateChat.callbackQuery(/^rs1:fb:(\d{1,9}):([ud])$/, async (ctx) => {
  const requestId = Number(ctx.match[1]);
  const value = ctx.match[2] === "u" ? "up" : "down";
  const recorded = await ctx.deps.requests.helpdesk.recordFeedback(BigInt(ctx.from.id), requestId, value);
  if (!recorded) return ctx.answerCallbackQuery({ text: ctx.t("feedback-already") });
  ctx.deps.logger.info({ event: "resident_feedback", request: requestId, value }, "a resident said whether they were helped");
  await ctx.answerCallbackQuery({ text: ctx.t("feedback-thanks") });
  // The question is answered: only «проблему не вирішено» stays under the message.
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [[{ text: ctx.t("notify-not-solved"), callback_data: `rs1:ro:${requestId}` }]] } }).catch(() => undefined);
  const sent = await ctx.reply(ctx.t(value === "up" ? "feedback-word-up" : "feedback-word-down"), { reply_markup: { force_reply: true, input_field_placeholder: ctx.t("feedback-word-placeholder") } });
  await ctx.deps.inbox.recordStaffMessage(BigInt(ctx.chat.id), sent.message_id, requestId, "resident-feedback");
});

/** The optional word: a reply to «напишіть кілька слів». */
privateChat.on("message:text", async (ctx, next) => {
  const replyTo = ctx.message.reply_to_message;
  if (!replyTo) return next();
  const found = await ctx.deps.inbox.findByStaffMessage(ctx.chat.id, replyTo.message_id);
  if (found?.purpose !== "resident-feedback") return next();
  const text = ctx.message.text.trim().slice(0, 1000);
  const saved = text !== "" && (await ctx.deps.requests.helpdesk.recordFeedbackNote(BigInt(ctx.from.id), found.request.id, text));
  await ctx.reply(ctx.t(saved ? "feedback-word-saved" : "feedback-already"));
});

privateChat.callbackQuery(/^rs1:ro:(\d{1,9})$/, async (ctx) => {
  const requestId = Number(ctx.match[1]);
  try {
    const request = await ctx.deps.requests.helpdesk.reopen(requestId, { kind: "resident", id: BigInt(ctx.from.id) });
    ctx.deps.logger.info({ event: "request_reopened", request: requestId, by: "resident" }, "a resident reopened a request");
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    await ctx.reply(ctx.t("notify-reopened-by-you", { number: request.number }), { parse_mode: "HTML" });
  } catch (error) {
    if (!(error instanceof StaleRequestError || error instanceof TransitionError || error instanceof RequestNotFoundError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t("notify-reopen-not-possible"), show_alert: true });
  }
});
