import { hears } from "@grammyjs/i18n";
import type { Statement } from "../../db/sql.ts";
import { FeatureComposer } from "../composer.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { button, column } from "../keyboards.ts";
import { escapeHtml } from "../render/html.ts";
import { pick } from "../render/text.ts";
import { askCommunity, communityOf } from "./start.ts";
import { editOrReply } from "./edit-message.ts";

/**
 * Residents' news, opt-in: «🔔 Новини та події» (or the one offer after a request) shows the
 * community's topics as toggles; every announcement carries «🔕 Відписатися»; /privacy shows the
 * subscription with a button to withdraw it. Nothing is sent to anyone who did not choose a topic.
 */
export const newsFeature = new FeatureComposer<BotContext>();
const privateChat = newsFeature.chatType("private");

function topicNames(ctx: BotContext, communityId: string | undefined, ids: readonly string[], locale: string): string {
  const topics = ctx.deps.subscriptions.topicsOf(communityId).filter((topic) => ids.includes(topic.id));
  return topics.map((topic) => escapeHtml(pick(topic.name, locale) ?? topic.id)).join(", ");
}

async function topicsKeyboard(ctx: BotContext, communityId: string, chosen: readonly string[]) {
  const locale = await ctx.i18n.getLocale();
  const rows = ctx.deps.subscriptions.topicsOf(communityId).map((topic) =>
    button(ctx.t(chosen.includes(topic.id) ? "news-topic-on" : "news-topic-off", { topic: pick(topic.name, locale) ?? topic.id }), `an1:t:${topic.id}`),
  );
  rows.push(button(ctx.t("news-done-button"), "an1:done"));
  return column(rows);
}

/** The topic chooser: a new message, or in place of the pressed one (`edit`). */
async function showTopics(ctx: BotContext, edit = false): Promise<void> {
  const communityId = communityOf(ctx);
  if (!communityId) {
    await askCommunity(ctx);
    return;
  }
  if (ctx.deps.subscriptions.topicsOf(communityId).length === 0) {
    await ctx.reply(ctx.t("news-none"));
    return;
  }
  const chosen = await ctx.deps.subscriptions.topics(BigInt(ctx.from!.id));
  const options = { reply_markup: await topicsKeyboard(ctx, communityId, chosen) };
  if (edit) await editOrReply(ctx, ctx.t("news-intro"), options);
  else await ctx.reply(ctx.t("news-intro"), options);
}

privateChat.filter(hears("menu-news"), (ctx) => showTopics(ctx));
privateChat.command("news", (ctx) => showTopics(ctx));

privateChat.callbackQuery("an1:menu", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showTopics(ctx);
});

privateChat.callbackQuery(/^an1:t:([a-z0-9-]+)$/, async (ctx) => {
  const communityId = communityOf(ctx);
  if (!communityId) {
    await ctx.answerCallbackQuery();
    await askCommunity(ctx);
    return;
  }
  const chosen = await ctx.deps.subscriptions.toggle(BigInt(ctx.from.id), communityId, ctx.match[1]!, await ctx.i18n.getLocale());
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, ctx.t("news-intro"), { reply_markup: await topicsKeyboard(ctx, communityId, chosen) });
});

privateChat.callbackQuery("an1:done", async (ctx) => {
  await ctx.answerCallbackQuery();
  const chosen = await ctx.deps.subscriptions.topics(BigInt(ctx.from.id));
  const names = topicNames(ctx, communityOf(ctx), chosen, await ctx.i18n.getLocale());
  await editOrReply(ctx, chosen.length > 0 ? ctx.t("news-saved", { topics: names }) : ctx.t("news-saved-none"), { parse_mode: "HTML" });
});

/** «🔕 Відписатися» under an announcement (or in /privacy): the subscription goes at once. */
async function unsubscribe(ctx: BotContext): Promise<void> {
  const had = await ctx.deps.subscriptions.unsubscribe(BigInt(ctx.from!.id));
  ctx.deps.logger.info({ event: "news_unsubscribed", had }, "resident unsubscribed from news");
  await ctx.answerCallbackQuery({ text: had ? ctx.t("ann-unsubscribed") : ctx.t("ann-unsubscribed-already") });
  // The announcement stays as it is (it may be a photo); the answer is a new message.
  if (had) await ctx.reply(ctx.t("ann-unsubscribed"));
}
privateChat.callbackQuery(["an1:off", "an1:pv:off"], unsubscribe);

// The preview in a staff group carries the residents' buttons: there they only say so.
newsFeature.callbackQuery(/^an1:(off|menu)$/, async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t("ann-preview-only") });
});

privateChat.callbackQuery("an1:offer:yes", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showTopics(ctx, true);
});
privateChat.callbackQuery("an1:offer:no", async (ctx) => {
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, ctx.t("news-offer-declined"));
});

/** What /privacy adds about news: the topics, and a button to withdraw (nothing when not subscribed). */
export async function privacyNewsNote(ctx: BotContext): Promise<void> {
  if (!ctx.from) return;
  const chosen = await ctx.deps.subscriptions.topics(BigInt(ctx.from.id));
  if (chosen.length === 0) return;
  const row = await ctx.deps.subscriptions.communityOf(BigInt(ctx.from.id));
  const names = topicNames(ctx, row, chosen, await ctx.i18n.getLocale());
  await ctx.reply(ctx.t("privacy-news", { topics: names }), { parse_mode: "HTML", reply_markup: column([button(ctx.t("privacy-news-off-button"), "an1:pv:off")]) });
}

/**
 * After a request is sent, news is offered once (not in safe mode or after danger: someone else may
 * read the phone), a minute later through the outbox (announcement-delivery.ts), so the request's
 * confirmation stays the last word of the dialogue. The request dialogue sends this statement with the
 * request's (one round trip); it offers only if the request of `submitKey` was made.
 */
export function newsOfferWithRequest(deps: BotDeps, residentId: bigint, communityId: string, submitKey: string): Statement | undefined {
  return deps.subscriptions.offerOnceStatement(residentId, communityId, new Date(), submitKey);
}
