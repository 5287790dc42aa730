import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { REQUEST_DIALOGUE, type RequestDialogueArgs } from "../conversations/request-dialogue.ts";
import { askCommunity, communityOf } from "./start.ts";

/** Starting a help request: from the menu (a free-form request) or from a service card. */
export const requestHelpFeature = new Composer<BotContext>();
const privateChat = requestHelpFeature.chatType("private");

/** Enters the request dialogue (for a service, or a free-form request); also the story tap's way in (find-service.ts). */
export async function startDialogue(ctx: BotContext, serviceId?: string, onBehalf?: boolean): Promise<void> {
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
  };
  ctx.session.mayHaveRequests = true;
  await ctx.conversation.enter(REQUEST_DIALOGUE, args);
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
