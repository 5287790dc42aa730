import { FeatureComposer } from "../composer.ts";
import type { BotContext } from "../context.ts";
import { button, column, mainMenu } from "../keyboards.ts";
import { escapeHtml } from "../render/html.ts";
import { pick } from "../render/text.ts";
import { SUPPORTED_LOCALES } from "../i18n.ts";
import { editOrReply } from "./edit-message.ts";

/** /start, the community (asked once where the bot serves several), language, /help. */
export const startFeature = new FeatureComposer<BotContext>();
const privateChat = startFeature.chatType("private");

/** The resident's community: the chosen one, or the only one the bot serves. */
export function communityOf(ctx: BotContext): string | undefined {
  const chosen = ctx.session.communityId;
  if (chosen && ctx.deps.catalog.communities.has(chosen)) return chosen;
  const all = [...ctx.deps.catalog.communities.keys()];
  return all.length === 1 ? all[0] : undefined;
}

const translateWith = (ctx: BotContext) => (key: string, variables?: Record<string, string | number>) => ctx.t(key, variables);

export async function showMenu(ctx: BotContext, text = ctx.t("menu-hint")): Promise<void> {
  await ctx.reply(text, { parse_mode: "HTML", reply_markup: mainMenu(translateWith(ctx)) });
}

/** Asks for the community; `why` says why first (a message the bot will answer once it is chosen). */
export async function askCommunity(ctx: BotContext, why?: string): Promise<void> {
  const locale = await ctx.i18n.getLocale();
  const buttons = [...ctx.deps.catalog.communities.values()].map((community) =>
    button(pick(community.name, locale) ?? community.id, `cm1:${community.id}`),
  );
  await ctx.reply(why ? `${why}\n${ctx.t("start-choose-community")}` : ctx.t("start-choose-community"), { reply_markup: column(buttons) });
}

privateChat.command("start", async (ctx) => {
  ctx.deps.logger.info({ event: "start", chat: ctx.chat.id }, "resident started the bot");
  await ctx.reply(ctx.t("start-greeting", { name: escapeHtml(ctx.from.first_name) }), {
    parse_mode: "HTML",
    reply_markup: mainMenu(translateWith(ctx)),
  });
  if (!communityOf(ctx)) await askCommunity(ctx);
});

privateChat.command("community", (ctx) => askCommunity(ctx));

async function askLanguage(ctx: BotContext): Promise<void> {
  await ctx.reply(ctx.t("language-choose"), {
    reply_markup: column([button("🇺🇦 Українська", "lg1:uk"), button("🇬🇧 English", "lg1:en")]),
  });
}

privateChat.command("language", askLanguage);
privateChat.hears(/^🌐/, askLanguage);

privateChat.callbackQuery(/^lg1:(\w+)$/, async (ctx) => {
  const locale = ctx.match[1]!;
  if (!(SUPPORTED_LOCALES as readonly string[]).includes(locale)) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-stale") });
    return;
  }
  await ctx.i18n.setLocale(locale);
  await ctx.deps.requests.rememberResident(BigInt(ctx.from.id), locale, communityOf(ctx));
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, ctx.t("language-set"));
  await showMenu(ctx);
});
