import { FeatureComposer } from "../composer.ts";
import type { BotContext } from "../context.ts";
import { startRequestDialogue, type RequestDialogueArgs } from "../conversations/request-dialogue.ts";
import { LIMITS } from "../conversations/dialogue/answers.ts";
import { isFreshStory } from "../../requests/story.ts";
import { hasVisibleText } from "../../requests/text.ts";
import { dangerMarked } from "./danger-mark.ts";
import { askCommunity, communityOf, showMenu } from "./start.ts";

/** Starting a help request: from the menu (a free-form request) or from a service card. */
export const requestHelpFeature = new FeatureComposer<BotContext>();
const privateChat = requestHelpFeature.chatType("private");

/** Enters the request dialogue (for a service, or a free-form request); also the story tap's way in (find-service.ts). */
export async function startDialogue(ctx: BotContext, serviceId?: string, onBehalf?: boolean, danger = dangerMarked(ctx)): Promise<void> {
  const communityId = communityOf(ctx);
  if (!communityId) {
    await askCommunity(ctx);
    return;
  }
  const args: RequestDialogueArgs = {
    locale: await ctx.i18n.getLocale(),
    communityId,
    ...(serviceId ? { serviceId } : {}),
    ...(onBehalf === undefined ? {} : { onBehalf }),
    ...(ctx.from?.first_name ? { firstName: ctx.from.first_name } : {}),
    ...(danger ? { danger: true } : {}),
  };
  // The story the resident just told (find-service.ts keeps it): it is «що потрібно», not asked again.
  const story = ctx.session.storyDraft;
  if (isFreshStory(story, Date.now()) && hasVisibleText(story.text)) args.story = Array.from(story.text.trim()).slice(0, LIMITS.details).join("");
  delete ctx.session.storyDraft;
  delete ctx.session.shownCard;
  ctx.session.mayHaveRequests = true;
  await startRequestDialogue(ctx, args);
}

privateChat.hears(/^✉️/, (ctx) => startDialogue(ctx));

/** rq1:n:<service id or ->:<me|ot|-> — "send a request" on a card or after a failed search. */
privateChat.callbackQuery(/^rq1:n:([a-z0-9-]+|-):(me|ot|-)$/, async (ctx) => {
  const [, service, who] = ctx.match;
  const serviceId = service === "-" ? undefined : service;
  if (serviceId && !ctx.deps.catalog.services.has(serviceId)) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-stale") });
    return;
  }
  await ctx.answerCallbackQuery();
  await startDialogue(ctx, serviceId, who === "-" ? undefined : who === "ot");
});

/**
 * A press on a question of a dialogue that is no longer running (it ended, was cancelled, expired, or
 * its last step was lost in a crash). The summary's «✅ Надіслати» carries the dialogue's submit key:
 * if that request exists, the resident hears its number instead of a dead button. Any other question
 * gets a plain word and the menu, never only «неактуальна».
 */
privateChat.callbackQuery(/^d1:/, async (ctx) => {
  const key = /^d1:summary:v:send:(hhsk-[A-Za-z0-9_-]{12})$/.exec(ctx.callbackQuery.data)?.[1];
  const made = key ? await ctx.deps.requests.findSubmitted(BigInt(ctx.from.id), key) : null;
  if (made) {
    await ctx.answerCallbackQuery();
    await showMenu(ctx, ctx.t("req-already-sent", { number: made.number }));
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t("req-dialogue-gone-toast") });
  await showMenu(ctx, ctx.t("req-dialogue-gone"));
});
