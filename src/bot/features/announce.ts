import { FeatureComposer } from "../composer.ts";
import type { MessageEntity } from "grammy/types";
import { MAX_CAPTION, MAX_TEXT } from "../../announcements/announcements.ts";
import { formatKyiv, MAX_SCHEDULE_DAYS, parseKyivDateTime } from "../../announcements/kyiv-time.ts";
import type { Announcement } from "../../generated/prisma/client.ts";
import type { BotContext } from "../context.ts";
import { button, column } from "../keyboards.ts";
import { escapeHtml } from "../render/html.ts";
import { pick } from "../render/text.ts";
import { renderAnnouncement, sendAnnouncement } from "../announcement-delivery.ts";
import { editOrReply } from "./edit-message.ts";

/**
 * /announce in a department's group, by an announcer the catalogue names (`announcerUserIds`): the
 * text (or a photo with a caption) as a reply → topics → a preview drawn exactly as residents get it,
 * with the number of recipients → send now, or schedule for a Kyiv date and time. The delivery report
 * comes back to the group (src/announcements). Anyone else gets a polite refusal.
 */
export const announceFeature = new FeatureComposer<BotContext>();
const groups = announceFeature.chatType(["group", "supergroup"]);

announceFeature.chatType("private").command("announce", async (ctx) => {
  await ctx.reply(ctx.t("ann-only-group"));
});

groups.command("announce", async (ctx) => {
  // Without `from` (a channel, fuzzed updates) nobody can be an announcer.
  const [place] = ctx.from ? ctx.deps.announcements.announcerDepartments(ctx.chat.id, ctx.from.id) : [];
  if (!place) {
    ctx.deps.logger.info({ event: "announce_refused", chat: ctx.chat.id }, "someone who is not an announcer tried /announce");
    await ctx.reply(ctx.t("ann-not-announcer"), { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } });
    return;
  }
  if (ctx.deps.subscriptions.topicsOf(place.communityId).length === 0) {
    await ctx.reply(ctx.t("ann-no-topics"));
    return;
  }
  const draft = await ctx.deps.announcements.startDraft(BigInt(ctx.chat.id), BigInt(ctx.from!.id), place.communityId, `${place.communityId}/${place.department.id}`);
  const prompt = await ctx.reply(ctx.t("ann-ask-content"), { reply_markup: { force_reply: true, selective: true }, reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } });
  await ctx.deps.announcements.setPrompt(draft.id, prompt.message_id, "content");
});

/** The announcement a button names, if the presser may act on it (an announcer of its department, in its group). */
async function ownAnnouncement(ctx: BotContext, id: number): Promise<Announcement | undefined> {
  const announcement = await ctx.deps.announcements.get(id);
  const allowed =
    announcement &&
    ctx.chat &&
    ctx.from &&
    BigInt(ctx.chat.id) === announcement.chatId &&
    ctx.deps.announcements.announcerDepartments(ctx.chat.id, ctx.from.id).some((place) => `${place.communityId}/${place.department.id}` === announcement.departmentKey);
  if (!allowed) {
    await ctx.answerCallbackQuery({ text: ctx.t("ann-not-announcer"), show_alert: true });
    return undefined;
  }
  return announcement;
}

function topicNames(ctx: BotContext, announcement: Announcement): string {
  return ctx.deps.subscriptions
    .topicsOf(announcement.communityId)
    .filter((topic) => announcement.topics.includes(topic.id))
    .map((topic) => escapeHtml(pick(topic.name, ctx.deps.settings.staffLocale) ?? topic.id))
    .join(", ");
}

function topicsKeyboard(ctx: BotContext, announcement: Announcement) {
  const rows = ctx.deps.subscriptions.topicsOf(announcement.communityId).map((topic) =>
    button(
      ctx.t(announcement.topics.includes(topic.id) ? "news-topic-on" : "news-topic-off", { topic: pick(topic.name, ctx.deps.settings.staffLocale) ?? topic.id }),
      `an1:at:${announcement.id}:${topic.id}`,
    ),
  );
  rows.push(button(ctx.t("ann-next-button"), `an1:an:${announcement.id}`), button(ctx.t("ann-cancel-button"), `an1:ac:${announcement.id}`));
  return column(rows);
}

// What the author of a waiting draft sends: the content, or the time it should go.
groups.on(["message:text", "message:photo"], async (ctx, next) => {
  // An anonymous admin or a channel writes without `from`: they cannot be a draft's author.
  if (ctx.message.text?.startsWith("/") || !ctx.from) return next();
  const replyTo = ctx.message.reply_to_message?.message_id;
  // The open question is answered quickly: no database query for the rest of the group's traffic.
  const draft = await ctx.deps.announcements.awaitingDraft(BigInt(ctx.chat.id), BigInt(ctx.from.id));
  if (!draft || (replyTo !== undefined && replyTo !== draft.promptMessageId)) return next();
  const reply = { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } };
  if (draft.awaiting === "time") {
    const parsed = parseKyivDateTime(ctx.message.text ?? ctx.message.caption ?? "", new Date());
    if (!parsed.ok) {
      const key = parsed.error === "past" ? "ann-time-past" : parsed.error === "too-far" ? "ann-time-too-far" : "ann-time-format";
      const prompt = await ctx.reply(ctx.t(key, { days: MAX_SCHEDULE_DAYS }), { ...reply, reply_markup: { force_reply: true, selective: true } });
      await ctx.deps.announcements.setPrompt(draft.id, prompt.message_id, "time");
      return;
    }
    if (!(await ctx.deps.announcements.schedule(draft.id, parsed.at))) {
      await ctx.reply(ctx.t("ann-gone"), reply);
      return;
    }
    const count = await ctx.deps.subscriptions.countRecipients(draft.communityId, draft.topics);
    ctx.deps.logger.info({ event: "announcement_scheduled", announcement: draft.id, recipients: count }, "announcement scheduled");
    await ctx.reply(ctx.t("ann-scheduled", { id: draft.id, when: formatKyiv(parsed.at), count }), {
      ...reply,
      parse_mode: "HTML",
      reply_markup: column([button(ctx.t("ann-cancel-button"), `an1:ac:${draft.id}`)]),
    });
    return;
  }
  const photo = ctx.message.photo?.at(-1)?.file_id;
  const text = photo ? (ctx.message.caption ?? "") : (ctx.message.text ?? "");
  const entities = (photo ? ctx.message.caption_entities : ctx.message.entities) ?? [];
  if (text.trim() === "" && !photo) {
    await ctx.reply(ctx.t("ann-content-unsupported"), reply);
    return;
  }
  if (text.length > (photo ? MAX_CAPTION : MAX_TEXT)) {
    const prompt = await ctx.reply(ctx.t("ann-too-long", { max: MAX_TEXT, caption: MAX_CAPTION }), { ...reply, reply_markup: { force_reply: true, selective: true } });
    await ctx.deps.announcements.setPrompt(draft.id, prompt.message_id, "content");
    return;
  }
  const saved = await ctx.deps.announcements.setContent(draft.id, { text, entities: entities as MessageEntity[], ...(photo ? { photoFileId: photo } : {}) });
  await ctx.reply(ctx.t("ann-choose-topics"), { ...reply, reply_markup: topicsKeyboard(ctx, saved) });
});

groups.callbackQuery(/^an1:at:(\d+):([a-z0-9-]+)$/, async (ctx) => {
  if (!(await ownAnnouncement(ctx, Number(ctx.match[1])))) return;
  const updated = await ctx.deps.announcements.toggleTopic(Number(ctx.match[1]), ctx.match[2]!);
  await ctx.answerCallbackQuery();
  if (!updated || updated.status !== "draft") {
    await editOrReply(ctx, ctx.t("ann-gone"));
    return;
  }
  await editOrReply(ctx, ctx.t("ann-choose-topics"), { reply_markup: topicsKeyboard(ctx, updated) });
});

groups.callbackQuery(/^an1:an:(\d+)$/, async (ctx) => {
  const announcement = await ownAnnouncement(ctx, Number(ctx.match[1]));
  if (!announcement) return;
  if (announcement.status !== "draft") {
    await ctx.answerCallbackQuery();
    await editOrReply(ctx, ctx.t("ann-gone"));
    return;
  }
  if (announcement.topics.length === 0) {
    await ctx.answerCallbackQuery({ text: ctx.t("ann-need-topic"), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const topics = topicNames(ctx, announcement);
  await editOrReply(ctx, ctx.t("ann-topics-chosen", { topics }), { parse_mode: "HTML" });
  // The preview: drawn by the very function each resident's copy is drawn by, in the staff language.
  await ctx.reply(ctx.t("ann-preview-intro"));
  const locale = ctx.deps.settings.staffLocale;
  await sendAnnouncement(ctx.api, ctx.chat!.id, renderAnnouncement(announcement, ctx.deps.catalog, (key, variables) => ctx.deps.i18n.t(locale, key, variables), locale));
  const count = await ctx.deps.subscriptions.countRecipients(announcement.communityId, announcement.topics);
  await ctx.reply(ctx.t("ann-confirm", { count, topics }), {
    parse_mode: "HTML",
    reply_markup: column([
      button(ctx.t("ann-send-now-button"), `an1:as:${announcement.id}`),
      button(ctx.t("ann-schedule-button"), `an1:aw:${announcement.id}`),
      button(ctx.t("ann-cancel-button"), `an1:ac:${announcement.id}`),
    ]),
  });
});

groups.callbackQuery(/^an1:as:(\d+)$/, async (ctx) => {
  const announcement = await ownAnnouncement(ctx, Number(ctx.match[1]));
  if (!announcement) return;
  const count = await ctx.deps.announcements.start(announcement.id);
  await ctx.answerCallbackQuery();
  if (count === undefined) {
    await editOrReply(ctx, ctx.t("ann-gone"));
    return;
  }
  ctx.deps.logger.info({ event: "announcement_started", announcement: announcement.id, recipients: count }, "announcement sending");
  await editOrReply(ctx, ctx.t("ann-sending", { id: announcement.id, count }));
  // Nobody to send to: the report (0 of 0) comes at once rather than at the next check.
  if (count === 0) await ctx.deps.announcements.finishIfDone(announcement.id);
});

groups.callbackQuery(/^an1:aw:(\d+)$/, async (ctx) => {
  const announcement = await ownAnnouncement(ctx, Number(ctx.match[1]));
  if (!announcement) return;
  await ctx.answerCallbackQuery();
  if (announcement.status !== "draft") {
    await editOrReply(ctx, ctx.t("ann-gone"));
    return;
  }
  const prompt = await ctx.reply(ctx.t("ann-ask-time"), { reply_markup: { force_reply: true, selective: true } });
  await ctx.deps.announcements.setPrompt(announcement.id, prompt.message_id, "time");
});

groups.callbackQuery(/^an1:ac:(\d+)$/, async (ctx) => {
  const announcement = await ownAnnouncement(ctx, Number(ctx.match[1]));
  if (!announcement) return;
  await ctx.answerCallbackQuery();
  const cancelled = await ctx.deps.announcements.cancel(announcement.id);
  if (cancelled) ctx.deps.logger.info({ event: "announcement_cancelled", announcement: announcement.id }, "announcement cancelled");
  await editOrReply(ctx, cancelled ? ctx.t("ann-cancelled") : ctx.t("ann-gone"));
});
