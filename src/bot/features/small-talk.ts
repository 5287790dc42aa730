import type { MiddlewareFn } from "grammy";
import { FeatureComposer } from "../composer.ts";
import { classifySmallTalk } from "../../talk/small-talk.ts";
import type { BotContext } from "../context.ts";
import { mainMenu } from "../keyboards.ts";
import { emergencyNumbersShown } from "./danger.ts";
import { startDialogue } from "./request-help.ts";
import { isFreshCard, isFreshStory } from "../../requests/story.ts";

/**
 * Thanks, greetings, «алло, ви мене чуєте?», a lone «?»: a short warm answer and the menu, instead of the
 * search's «не знайшов». After danger detection (a message that got the emergency numbers is never
 * answered as small talk) and before the search; a greeting with a need in it goes on to the search.
 */
export const smallTalkFeature = new FeatureComposer<BotContext>();

/** The card a typed «так» of this update may mean (taken off the session by forgetShownCard). */
const cardOfUpdate = new WeakMap<BotContext, NonNullable<BotContext["session"]["shownCard"]>>();

/**
 * The last card is taken off the session by whatever the resident does next, so a later «так» no
 * longer means it (showCard remembers a card it shows again); a typed «так» now may still mean it, in
 * this update only. Installed before every feature, «🧹 Приховати розмову» too (create-bot.ts).
 */
export const forgetShownCard: MiddlewareFn<BotContext> = (ctx, next) => {
  const card = ctx.chat?.type === "private" ? ctx.session.shownCard : undefined;
  if (card) {
    delete ctx.session.shownCard;
    const text = ctx.message?.text;
    if (text !== undefined && classifySmallTalk(text) === "yes") cardOfUpdate.set(ctx, card);
  }
  return next();
};

// Not async: every text passes through, and almost none is small talk (no promise of its own, issue 19).
smallTalkFeature.chatType("private").on("message:text", (ctx, next) => {
  if (emergencyNumbersShown(ctx)) return next();
  const kind = classifySmallTalk(ctx.message.text);
  if (!kind) return next();
  ctx.deps.logger.info({ event: "small_talk", kind }, "small talk answered");
  // «так», «давайте», «надішліть» right after a story's card: its «📨 Надіслати моє повідомлення»;
  // after a short search's card, its «✉️ Надіслати звернення».
  const story = ctx.session.storyDraft;
  if (kind === "yes" && isFreshStory(story, Date.now())) return startDialogue(ctx, story.serviceId);
  const card = cardOfUpdate.get(ctx);
  // The guided finder's card knows whom the help is for: not asked again.
  if (kind === "yes" && card && isFreshCard(card, Date.now()) && ctx.deps.catalog.services.has(card.serviceId)) return startDialogue(ctx, card.serviceId, card.who === undefined ? undefined : card.who === "ot");
  return ctx.reply(ctx.t(`smalltalk-${kind}`), { reply_markup: mainMenu((key, vars) => ctx.t(key, vars)) }).then(() => undefined);
});
