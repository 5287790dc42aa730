import { FeatureComposer } from "../composer.ts";
import type { BotContext } from "../context.ts";
import { escapeHtml } from "../render/html.ts";
import { joinParts, pick } from "../render/text.ts";
import { communityOf } from "./start.ts";

/** Hotlines, and the community's own contacts where the catalogue has them. */
export const contactsFeature = new FeatureComposer<BotContext>();

contactsFeature.chatType("private").hears(/^☎️/, (ctx) => showContacts(ctx));

/** The hotlines and the community's contacts (the menu's «☎️», also in the middle of a request). */
export async function showContacts(ctx: BotContext): Promise<void> {
  const locale = await ctx.i18n.getLocale();
  const communityId = communityOf(ctx);
  const community = communityId ? ctx.deps.catalog.communities.get(communityId) : undefined;
  const local = (community?.providers ?? [])
    .filter((provider) => provider.phones.length > 0 || provider.address)
    .slice(0, 5)
    .map((provider) =>
      joinParts([
        `• <b>${escapeHtml(pick(provider.name, locale)!)}</b>`,
        provider.address && `  📍 ${escapeHtml(provider.address)}`,
        provider.phones.length > 0 && `  📞 ${provider.phones.map(escapeHtml).join(", ")}`,
        provider.email && `  ✉️ ${escapeHtml(provider.email)}`,
        pick(provider.note, locale) && `  ℹ️ ${escapeHtml(pick(provider.note, locale)!)}`,
      ]),
    );
  await ctx.reply(
    joinParts([
      ctx.t("contacts", { hotlines: ctx.t("hotlines") }),
      community && local.length > 0 && `\n${ctx.t("contacts-community", { community: escapeHtml(pick(community.name, locale)!) })}`,
      ...local,
    ]),
    { parse_mode: "HTML" },
  );
}
