import { FeatureComposer } from "../composer.ts";
import { formatDay, MAX_CORRECTION_LENGTH } from "../../catalog/freshness.ts";
import type { BotContext, Translate } from "../context.ts";
import { button, column, menuLabelsOf } from "../keyboards.ts";
import { isFreshStory } from "../../requests/story.ts";
import { escapeHtml } from "../render/html.ts";
import { pick } from "../render/text.ts";
import { askCommunity, communityOf } from "./start.ts";

/**
 * Keeping the catalogue's contacts right (src/catalog/freshness.ts):
 * - «✏️ Тут помилка?» under a service card: the resident's next message (short text) goes to the
 *   service's department as a correction note; who wrote it is neither passed on nor logged;
 * - a provider's contact chat answers «Ці дані досі правильні?»: «Так» marks them confirmed,
 *   «Змінилося…» takes the chat's next message as a correction note;
 * - /stale in a department's group lists its providers not confirmed for longer than FRESHNESS_DAYS.
 */
export const catalogFreshnessFeature = new FeatureComposer<BotContext>();

const staffT = (ctx: BotContext): Translate => (key, variables) => ctx.deps.i18n.t(ctx.deps.settings.staffLocale, key, variables);

/** Callback data of the card's button (fx1:e:<service id>). */
export const reportErrorData = (serviceId: string) => `fx1:e:${serviceId}`;

catalogFreshnessFeature.chatType("private").callbackQuery(/^fx1:e:([a-z0-9-]+)$/, async (ctx) => {
  const serviceId = ctx.match[1]!;
  const communityId = communityOf(ctx);
  await ctx.answerCallbackQuery();
  if (!communityId) {
    await askCommunity(ctx);
    return;
  }
  if (!ctx.deps.catalog.services.has(serviceId)) {
    await ctx.reply(ctx.t("button-stale"));
    return;
  }
  // The card answered a story: the need it did not fit goes with the correction, and the resident is told so.
  const story = isFreshStory(ctx.session.storyDraft, Date.now()) ? ctx.session.storyDraft.text : undefined;
  ctx.session.correction = { communityId, serviceId, origin: "resident", ...(story ? { need: story } : {}) };
  await ctx.reply(ctx.t(story ? "correction-ask-story" : "correction-ask", { max: MAX_CORRECTION_LENGTH }));
});

catalogFreshnessFeature.callbackQuery(/^fc1:(y|n):([a-z0-9-]+\/[a-z0-9-]+)$/, async (ctx) => {
  const [, answer, key] = ctx.match;
  const t = staffT(ctx);
  const ref = ctx.deps.freshness.provider(key!);
  if (!ref || ref.provider.contactChatId === undefined || ref.provider.contactChatId !== ctx.chat?.id) {
    await ctx.answerCallbackQuery({ text: t("freshness-not-yours"), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
  if (answer === "y") {
    const now = new Date();
    await ctx.deps.freshness.confirm(ref.key, now);
    ctx.deps.logger.info({ event: "provider_confirmed", provider: ref.key }, "a provider confirmed its details");
    await ctx.reply(t("freshness-thanks", { date: formatDay(now) }));
    return;
  }
  ctx.session.correction = { communityId: ref.communityId, providerKey: ref.key, origin: "provider" };
  // A reply to the bot is what a group with privacy mode on lets the bot see.
  await ctx.reply(t("freshness-ask-change", { max: MAX_CORRECTION_LENGTH }), { reply_markup: { force_reply: true } });
});

/** The message after «Тут помилка?» or «Змінилося…» is the correction; a command or a menu button is not. */
catalogFreshnessFeature.on("message:text", async (ctx, next) => {
  const pending = ctx.session.correction;
  if (!pending) return next();
  const text = ctx.message.text.trim();
  if (text.startsWith("/") || menuLabelsOf(ctx.deps.i18n).has(text)) {
    delete ctx.session.correction;
    return next();
  }
  const t: Translate = pending.origin === "provider" ? staffT(ctx) : (key, variables) => ctx.t(key, variables);
  if (text.length > MAX_CORRECTION_LENGTH) {
    await ctx.reply(t("correction-too-long", { max: MAX_CORRECTION_LENGTH }));
    return;
  }
  delete ctx.session.correction;
  if (pending.origin === "provider" && ctx.deps.freshness.provider(pending.providerKey ?? "")?.provider.contactChatId !== ctx.chat.id) return next();
  const queued = await ctx.deps.freshness.queueCorrection({ ...pending, text });
  ctx.deps.logger.info(
    { event: queued ? "catalog_correction_queued" : "catalog_correction_undeliverable", community: pending.communityId, service: pending.serviceId, provider: pending.providerKey, origin: pending.origin },
    queued ? "a catalogue correction is queued for its department" : "no department group can receive a catalogue correction",
  );
  if (pending.origin === "provider") await ctx.reply(t(queued ? "freshness-change-sent" : "correction-not-delivered"));
  // The story is still the resident's need: one tap sends it as a request (the general department reads it).
  else if (pending.need && isFreshStory(ctx.session.storyDraft, Date.now())) {
    await ctx.reply(t(queued ? "correction-thanks-story" : "correction-not-delivered"), { reply_markup: column([button(t("story-send"), "st1:-")]) });
  } else await ctx.reply(t(queued ? "correction-thanks" : "correction-not-delivered"));
});

catalogFreshnessFeature.chatType(["group", "supergroup"]).command("stale", async (ctx) => {
  const t = staffT(ctx);
  const departments = ctx.deps.inbox.departmentsOfChat(ctx.chat.id);
  if (departments.length === 0) {
    await ctx.reply(t("stale-not-department"));
    return;
  }
  const days = ctx.deps.freshness.days;
  const now = new Date();
  const lines: string[] = [];
  let count = 0;
  for (const { key, communityId } of departments) {
    const department = ctx.deps.inbox.department(key);
    if (!department) continue;
    for (const entry of await ctx.deps.freshness.stale(communityId, department, now)) {
      count += 1;
      if (lines.length >= 60) continue;
      const name = escapeHtml(pick(entry.provider.name, ctx.deps.settings.staffLocale) ?? entry.provider.id);
      const when = entry.lastConfirmed ? t("stale-since", { date: formatDay(entry.lastConfirmed) }) : t("stale-never");
      const chat = entry.provider.contactChatId === undefined ? ` · ${t("stale-no-chat")}` : "";
      lines.push(`• ${name} — ${when}${chat} <code>${escapeHtml(entry.key)}</code>`);
    }
  }
  await ctx.reply(count === 0 ? t("stale-none", { days }) : `${t("stale-header", { days, count })}\n${lines.join("\n")}`, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
  });
});
