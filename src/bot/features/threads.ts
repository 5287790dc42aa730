import { FeatureComposer } from "../composer.ts";
import { routeFreeText, yesOrNo } from "../../inbox/thread-routing.ts";
import { RequestNotFoundError, StaleRequestError } from "../../requests/model.ts";
import { classifySmallTalk } from "../../talk/small-talk.ts";
import { answerBook } from "../../requests/typed-answers.ts";
import type { Attachment } from "../../requests/service.ts";
import { attachmentOf, LIMITS } from "../conversations/dialogue/answers.ts";
import type { BotContext } from "../context.ts";
import { button, column, menuLabelsOf } from "../keyboards.ts";
import { pick } from "../render/text.ts";
import { askCommunity, communityOf } from "./start.ts";
import { editOrReply } from "./edit-message.ts";
import { searchText } from "./find-service.ts";
import { offerNoCalls } from "./my-requests.ts";

/**
 * A resident's typed text outside a dialogue while a request of theirs is open or was closed lately
 * (the rule: src/inbox/thread-routing.ts). After my-requests (a reply to a staff question, «✉️ Дописати»)
 * and before small talk and the search: the danger check has already run, so a follow-up with danger
 * words gets the numbers and still reaches staff.
 *
 * - Staff wrote lately: the text goes to that request's thread (through the outbox, escaped), and the
 *   resident is told in one line, with «🔎 Це був пошук» to search instead (staff are told so too).
 * - Otherwise a text that reads as a follow-up: «Додати це до звернення №…?», with buttons and typed
 *   «так»/«ні» understood; «ні» searches the same words. Nothing is sent to staff without the resident
 *   being told, and no words are dropped without a word.
 */
export const threadsFeature = new FeatureComposer<BotContext>();
const privateChat = threadsFeature.chatType("private");

type Words = { text?: string; attachment?: Attachment };

/**
 * Passes the resident's words to their request: an open one as a follow-up, one staff closed lately as
 * a message after the close (the request stays closed; the resident gets the «not solved» button).
 * Returns false (the resident told) when the request can take no message any more.
 */
export async function passToRequest(ctx: BotContext, requestId: number, words: Words): Promise<boolean> {
  const residentId = BigInt(ctx.from!.id);
  let request;
  try {
    request = await ctx.deps.requests.getForResident(residentId, requestId);
  } catch (error) {
    if (!(error instanceof RequestNotFoundError)) throw error;
    await ctx.reply(ctx.t("my-closed"));
    return false;
  }
  const closed = request.status === "resolved" || request.status === "rejected";
  try {
    if (closed) await ctx.deps.inbox.addAfterClose(residentId, requestId, words);
    else await ctx.deps.requests.addResidentMessage(residentId, requestId, words);
  } catch (error) {
    if (!(error instanceof RequestNotFoundError || error instanceof StaleRequestError)) throw error;
    await ctx.reply(ctx.t("my-closed"));
    return false;
  }
  ctx.deps.logger.info({ event: "resident_thread_message", request: requestId, closed }, "a resident's typed text went to their request");
  const eventId = words.text ? await ctx.deps.inbox.latestResidentMessageId(residentId, requestId) : undefined;
  const searchInstead = eventId === undefined ? [] : [button(ctx.t("threads-was-search"), `th1:s:${eventId}`)];
  await ctx.reply(ctx.t(closed ? "threads-passed-closed" : "threads-passed", { number: request.number }), {
    reply_markup: column([...(closed ? [button(ctx.t("notify-not-solved"), `rs1:ro:${requestId}`)] : []), ...searchInstead]),
  });
  if (!closed) await offerNoCalls(ctx, requestId);
  return true;
}

async function search(ctx: BotContext, text: string): Promise<void> {
  if (!communityOf(ctx)) {
    await askCommunity(ctx);
    return;
  }
  await searchText(ctx, text);
}

async function askToAdd(ctx: BotContext, requestIds: number[], words: Words): Promise<void> {
  ctx.session.pendingAnswer = words;
  ctx.session.threadAsk = requestIds;
  const no = button(ctx.t("threads-ask-no"), "th1:n");
  if (requestIds.length === 1) {
    const request = await ctx.deps.requests.getForResident(BigInt(ctx.from!.id), requestIds[0]!);
    await ctx.reply(ctx.t("threads-ask-one", { number: request.number }), { reply_markup: column([button(ctx.t("threads-ask-yes"), `my1:a:${request.id}`), no]) });
    return;
  }
  const locale = await ctx.i18n.getLocale();
  const candidates = await ctx.deps.inbox.threadCandidates(BigInt(ctx.from!.id));
  const buttons = requestIds.flatMap((id) => {
    const request = candidates.find((c) => c.id === id);
    if (!request) return [];
    const service = request.serviceId ? pick(ctx.deps.catalog.services.get(request.serviceId)?.name, locale) : undefined;
    return [button(`№ ${request.number}${service ? ` · ${service}` : ""}`.slice(0, 64), `my1:a:${request.id}`)];
  });
  await ctx.reply(ctx.t("threads-ask-many"), { reply_markup: column([...buttons, no]) });
}

/** «Ні» to «Додати це до звернення?»: typed words are searched; a photo or a voice message is dropped, said so. */
async function notForRequest(ctx: BotContext, pending: Words | undefined): Promise<void> {
  if (pending?.text) await search(ctx, pending.text);
  else await ctx.reply(ctx.t("my-which-dropped"));
}

privateChat.on("message", async (ctx, next) => {
  const typed = ctx.message.text;
  const text = (typed ?? ctx.message.caption ?? "").trim();
  const attachment = typed === undefined ? attachmentOf(ctx) : undefined;
  if (!ctx.session.mayHaveRequests) return next();
  if (typed !== undefined && (text === "" || text.startsWith("/") || menuLabelsOf(ctx.deps.i18n).has(typed))) return next();
  // «продовжити», as «🧹»'s pop-up taught, is no word for staff (third trial: it was passed on).
  if (typed !== undefined && answerBook().navigationOf(text) === "repeat") return next();
  if (typed === undefined && !attachment) return next();

  // The typed answer to «Додати це до звернення?».
  const asked = ctx.session.threadAsk;
  const pending = ctx.session.pendingAnswer;
  if (asked && typed !== undefined) {
    delete ctx.session.threadAsk;
    const answer = pending?.text || pending?.attachment ? yesOrNo(text) : undefined;
    if (answer === "no") {
      delete ctx.session.pendingAnswer;
      await notForRequest(ctx, pending);
      return;
    }
    if (answer === "yes" && asked.length === 1) {
      delete ctx.session.pendingAnswer;
      await passToRequest(ctx, asked[0]!, pending!);
      return;
    }
    if (answer === "yes") {
      ctx.session.threadAsk = asked;
      await ctx.reply(ctx.t("threads-ask-which"));
      return;
    }
    // Anything else is a new message: the question is left behind (its buttons still work).
  }

  const candidates = await ctx.deps.inbox.threadCandidates(BigInt(ctx.from.id));
  if (candidates.length === 0) return next();
  const smallTalk = typed !== undefined && classifySmallTalk(text) !== undefined;
  const route = routeFreeText({ text, candidates, now: new Date(), smallTalk, attachment: attachment !== undefined }, ctx.deps.matcher);
  if (route.to === "search") return next();
  if (text.length > LIMITS.details) {
    await ctx.reply(ctx.t("req-too-long", { max: LIMITS.details }));
    return;
  }
  const words: Words = { ...(text ? { text } : {}), ...(attachment ? { attachment } : {}) };
  if (route.to === "request") {
    await passToRequest(ctx, route.requestId, words);
    return;
  }
  await askToAdd(ctx, route.requestIds, words);
});

/** «🔎 Ні, шукати послугу»: the kept words are searched (a photo alone is dropped, said so); nothing went to staff. */
privateChat.callbackQuery("th1:n", async (ctx) => {
  const pending = ctx.session.pendingAnswer;
  delete ctx.session.pendingAnswer;
  delete ctx.session.threadAsk;
  await ctx.answerCallbackQuery();
  if (!pending) {
    await editOrReply(ctx, ctx.t("threads-ask-gone"));
    return;
  }
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
  await notForRequest(ctx, pending);
});

/** «🔎 Це був пошук»: the words already with staff are searched too, and staff are told they were not for them. */
privateChat.callbackQuery(/^th1:s:(\d{1,9})$/, async (ctx) => {
  const residentId = BigInt(ctx.from.id);
  const found = await ctx.deps.inbox.residentMessage(residentId, Number(ctx.match[1]));
  if (!found) return ctx.answerCallbackQuery({ text: ctx.t("button-stale") });
  const { requestId, text } = found;
  await ctx.answerCallbackQuery();
  // Only the search button goes; «🔁 Проблему не вирішено» stays under a closed request's line.
  const kept = (ctx.callbackQuery.message?.reply_markup?.inline_keyboard ?? []).map((row) => row.filter((b) => !("callback_data" in b) || !b.callback_data.startsWith("th1:s:"))).filter((row) => row.length > 0);
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: kept } }).catch(() => undefined);
  await ctx.deps.inbox.noteWasSearch(residentId, requestId);
  ctx.deps.logger.info({ event: "resident_thread_was_search", request: requestId }, "a resident said their text was a search");
  await search(ctx, text);
});
