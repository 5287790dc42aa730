import { FeatureComposer } from "../composer.ts";
import type { HelpRequest } from "../../generated/prisma/client.ts";
import type { StaffMessagePurpose } from "../../inbox/inbox-service.ts";
import { TransitionError, type RequestStatus } from "../../requests/lifecycle.ts";
import { RequestNotFoundError, StaleRequestError } from "../../requests/service.ts";
import type { BotContext } from "../context.ts";
import { button } from "../keyboards.ts";
import { escapeHtml } from "../render/html.ts";
import { joinParts, pick } from "../render/text.ts";
import { findChatIdLine } from "../../inbox/catalog-line.ts";
import { feedbackSummary, staffCommandsFeature } from "./staff/commands.ts";
import { replyWithStatsChart } from "./stats-chart.ts";
import { referralSummary } from "./referrals.ts";
import { staffEditsFeature } from "./staff/edits.ts";
import { STAFF_LIMITS } from "./staff/limits.ts";
import { staffNotesFeature } from "./staff/notes.ts";
import { askCloseOutcome, askDeclineKind, confirmTyped, staffOutcomesFeature } from "./staff/outcomes.ts";
import { authorisedRequest, checkStaff, isStaffOf, prompt, requestOfMessage, staffActor, staffT } from "./staff/access.ts";

/**
 * The department's inbox in its Telegram group: card buttons (take, reply, ask, transfer, reject,
 * close), staff replies relayed to the resident, and /overdue, /stats (/export: staff-reports.ts). Every press is
 * re-checked: the chat must be the request's department's group, the presser its staff, the
 * status the one the button was made for.
 */
export const staffInboxFeature = new FeatureComposer<BotContext>();
// The staff features beside the inbox, first: a command or an edit is never taken for a reply to relay.
staffInboxFeature.use(staffEditsFeature, staffOutcomesFeature, staffNotesFeature, staffCommandsFeature);
const groups = staffInboxFeature.chatType(["group", "supergroup"]);

/** What a person can write or send in a chat, as opposed to service messages. */
const SENT_CONTENT = ["photo", "document", "voice", "audio", "video", "video_note", "sticker", "animation", "location", "venue", "contact", "poll", "dice"];

export { STAFF_LIMITS };

async function changeStatus(ctx: BotContext, request: HelpRequest, to: RequestStatus, note?: string): Promise<boolean> {
  try {
    await ctx.deps.requests.transition(request.id, to, staffActor(ctx), request.status, note);
    ctx.deps.logger.info({ event: "request_status_changed", request: request.id, from: request.status, to, staff: ctx.from!.id }, "staff changed a request");
    return true;
  } catch (error) {
    if (!(error instanceof StaleRequestError || error instanceof TransitionError)) throw error;
    return false;
  }
}

groups.callbackQuery(/^st1:(take|rep|ask|tr|rej|cls):(\d{1,9}):([npw])$/, async (ctx) => {
  const [, action, id, code] = ctx.match;
  const request = await authorisedRequest(ctx, Number(id), code!);
  if (!request) return;
  const t = staffT(ctx);
  switch (action) {
    case "take": {
      const done = await changeStatus(ctx, request, "in_progress");
      await ctx.answerCallbackQuery(done ? undefined : { text: t("staff-stale"), show_alert: true });
      return;
    }
    case "cls":
      // How did it end? Nothing changes until staff pick an outcome and confirm (staff/outcomes.ts).
      await ctx.answerCallbackQuery();
      return askCloseOutcome(ctx, request);
    case "rep":
      await ctx.answerCallbackQuery();
      return prompt(ctx, request, "staff-reply-prompt", "reply-prompt");
    case "ask":
      await ctx.answerCallbackQuery();
      return prompt(ctx, request, "staff-ask-prompt", "question-prompt");
    case "rej":
      await ctx.answerCallbackQuery();
      return askDeclineKind(ctx, request);
    case "tr": {
      await ctx.answerCallbackQuery();
      const community = ctx.deps.catalog.communities.get(request.communityId);
      const others = (community?.departments ?? [])
        .map((department, index) => ({ department, index }))
        .filter(({ department }) => `${request.communityId}/${department.id}` !== request.departmentKey);
      await ctx.reply(t("staff-transfer-choose", { number: request.number }), {
        reply_markup: {
          inline_keyboard: [
            ...others.map(({ department, index }) => [
              button(pick(department.name, ctx.deps.settings.staffLocale) ?? department.id, `st1:to:${request.id}:${code}:${index}`),
            ]),
            [button(t("button-cancel"), "st1:tx")],
          ],
        },
        ...(ctx.callbackQuery.message?.message_thread_id ? { message_thread_id: ctx.callbackQuery.message.message_thread_id } : {}),
      });
      return;
    }
  }
});

/** Cancel in the transfer chooser: it goes away, nothing changes. */
groups.callbackQuery("st1:tx", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.deleteMessage().catch(() => undefined);
});

groups.callbackQuery(/^st1:to:(\d{1,9}):([npw]):(\d{1,2})$/, async (ctx) => {
  const [, id, code, index] = ctx.match;
  const request = await authorisedRequest(ctx, Number(id), code!);
  if (!request) return;
  const department = ctx.deps.catalog.communities.get(request.communityId)?.departments[Number(index)];
  const t = staffT(ctx);
  if (!department) {
    await ctx.answerCallbackQuery({ text: t("staff-stale"), show_alert: true });
    return;
  }
  // The receiving department should know why: the reason is asked, and the transfer made with it.
  await ctx.answerCallbackQuery();
  await ctx.deleteMessage().catch(() => undefined);
  const sent = await ctx.reply(t("staff-transfer-reason-prompt", { number: request.number, department: escapeHtml(pick(department.name, ctx.deps.settings.staffLocale) ?? department.id) }), {
    parse_mode: "HTML",
    reply_markup: { force_reply: true, selective: true },
    ...(ctx.callbackQuery.message?.message_thread_id ? { message_thread_id: ctx.callbackQuery.message.message_thread_id } : {}),
  });
  await ctx.deps.inbox.recordStaffMessage(BigInt(sent.chat.id), sent.message_id, request.id, "transfer-prompt", undefined, `${request.communityId}/${department.id}`);
});

/**
 * Telegram moved the group (a basic group upgraded to a supergroup, e.g. when topics were enabled):
 * the old chat gets `migrate_to_chat_id`, the new one `migrate_from_chat_id`. The department follows
 * the group, and the operator is told which catalogue line to update.
 */
groups.on(["message:migrate_to_chat_id", "message:migrate_from_chat_id"], async (ctx) => {
  const from = BigInt(ctx.message.migrate_from_chat_id ?? ctx.chat.id);
  const to = BigInt(ctx.message.migrate_to_chat_id ?? ctx.chat.id);
  await announceMigration(ctx, from, to);
});

export async function announceMigration(ctx: BotContext, from: bigint, to: bigint): Promise<void> {
  const moved = await ctx.deps.inbox.migrateChat(from, to, new Date());
  if (moved.length === 0) return;
  const where = findChatIdLine(ctx.deps.settings.catalogDir, from);
  const line = where ? `${where.file}:${where.line}` : "data/catalog/*.yaml";
  ctx.deps.logger.warn({ event: "staff_group_migrated", from: String(from), to: String(to), departments: moved, catalogLine: line }, "a staff group moved to a new chat id; update the catalogue");
  await ctx.api.sendMessage(Number(to), staffT(ctx)("staff-group-migrated", { from: String(from), to: String(to), line: escapeHtml(line) }), { parse_mode: "HTML" });
}

/** A staff member's reply to a card, a relayed message or a prompt (or a message in a request's topic). */
groups.on("message", async (ctx, next) => {
  const found = await requestOfMessage(ctx);
  if (!found) return next();
  // Service messages (a topic closed, a member joined, a message pinned) are nobody's reply.
  if (ctx.message.text === undefined && ctx.message.caption === undefined && !SENT_CONTENT.some((kind) => kind in ctx.message)) return next();
  const { request, purpose } = found;
  // Whatever goes wrong, the staff member is told: a reply that silently reaches nobody is the worst
  // failure of a support bot (it used to be silence for a transferred request, a photo, a long text).
  const answer = (key: string, variables?: Record<string, string | number>) =>
    ctx.reply(staffT(ctx)(key, variables), { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } });
  const verdict = await checkStaff(ctx, request);
  if (verdict === "foreign" && ctx.deps.inbox.departmentsOfChat(ctx.chat.id).length > 0) {
    // The request was here (its card, a message or its topic) and went on: say where it is now.
    const now = ctx.deps.inbox.department(request.departmentKey);
    await answer("staff-request-moved", { number: request.number, department: pick(now?.name, ctx.deps.settings.staffLocale) ?? request.departmentKey });
    return;
  }
  if (verdict !== "ok") {
    await answer(verdict === "foreign" ? "staff-foreign" : "staff-not-allowed");
    return;
  }
  const text = (ctx.message.text ?? ctx.message.caption)?.trim();
  if (!text || ctx.message.text === undefined) {
    // Files and photos are not passed on; say so rather than relay a caption without its photo.
    await answer("staff-text-only");
    return;
  }
  const max = purpose === "reject-prompt" || purpose === "transfer-prompt" || purpose === "close-note-prompt" ? STAFF_LIMITS.reason : STAFF_LIMITS.message;
  if (text.length > max) {
    await answer("staff-too-long", { max });
    return;
  }
  const actor = staffActor(ctx);
  const staffId = actor.id;
  try {
    if (purpose === "transfer-prompt" && found.target) {
      await ctx.deps.requests.transfer(request.id, found.target, staffId, undefined, { reason: text, staffName: actor.name });
      ctx.deps.logger.info({ event: "request_transferred", request: request.id, to: found.target }, "request transferred");
      return;
    } else if (purpose === "reject-prompt" || purpose === "close-note-prompt") {
      // The decline's reason or the typed outcome: confirmed before anything changes.
      await confirmTyped(ctx, request, purpose, found.target, text);
      return;
    } else if (purpose === "note-prompt" || purpose === "close-confirm") {
      // An internal note: on the card, never to the resident (a reply to a confirmation is one too).
      await ctx.deps.requests.helpdesk.addNote(request.id, actor, text);
      await answer("staff-note-saved", { number: request.number });
      return;
    } else {
      // «✓ доставлено» comes under the staff member's message only once the resident has it.
      await ctx.deps.requests.staffMessage(request.id, staffId, text, purpose === "question-prompt" ? "question" : "answer", actor.name, {
        chatId: BigInt(ctx.chat.id),
        messageId: ctx.message.message_id,
      });
    }
    ctx.deps.logger.info({ event: "staff_message_relayed", request: request.id, purpose }, "staff message for the resident");
  } catch (error) {
    if (!(error instanceof StaleRequestError || error instanceof TransitionError || error instanceof RequestNotFoundError)) throw error;
    // Say plainly that nothing went to the resident (the request was closed meanwhile).
    await ctx.reply(staffT(ctx)("staff-not-sent-closed", { number: request.number }), { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } });
  }
});

/** The departments this group serves; commands elsewhere get a pointer. */
export async function departmentsHere(ctx: BotContext): Promise<string[] | undefined> {
  const departments = ctx.deps.inbox.departmentsOfChat(ctx.chat!.id).map((department) => department.key);
  if (departments.length === 0) {
    await ctx.reply(staffT(ctx)("staff-not-a-department", { chatId: String(ctx.chat!.id) }), { parse_mode: "HTML" });
    return undefined;
  }
  const allowed = [];
  for (const key of departments) {
    if (await isStaffOf(ctx, ctx.deps.inbox.department(key)!)) allowed.push(key);
  }
  if (allowed.length === 0) {
    await ctx.reply(staffT(ctx)("staff-not-allowed"));
    return undefined;
  }
  return allowed;
}

/** /start or /id in a group: tells the operator the chat id to put in the catalogue. */
groups.command(["id", "start"], async (ctx) => {
  if (ctx.deps.inbox.departmentsOfChat(ctx.chat.id).length > 0) return;
  await ctx.reply(staffT(ctx)("staff-not-a-department", { chatId: String(ctx.chat.id) }), { parse_mode: "HTML" });
});

groups.command("overdue", async (ctx) => {
  const departments = await departmentsHere(ctx);
  if (!departments) return;
  const t = staffT(ctx);
  const now = new Date();
  const overdue = await ctx.deps.inbox.overdue(departments, now);
  // 🆘 requests come first (inbox.overdue sorts them) and say so.
  const lines = overdue.map(
    (request) =>
      (request.danger ? "🆘 " : "") +
      t("staff-overdue-line", { number: request.number, hours: Math.floor((now.getTime() - request.createdAt.getTime()) / 3_600_000) }),
  );
  await ctx.reply(overdue.length === 0 ? t("staff-overdue-none") : joinParts([t("staff-overdue-title"), ...lines]), { parse_mode: "HTML" });
});

groups.command("stats", async (ctx) => {
  const departments = await departmentsHere(ctx);
  if (!departments) return;
  const t = staffT(ctx);
  const now = new Date();
  const [week, month] = await Promise.all([
    ctx.deps.inbox.stats(departments, new Date(now.getTime() - 7 * 86_400_000), now),
    ctx.deps.inbox.stats(departments, new Date(now.getTime() - 30 * 86_400_000), now),
  ]);
  const counts = (s: typeof week) =>
    t("staff-stats-counts", {
      total: s.total,
      new: s.byStatus.new,
      progress: s.byStatus.in_progress + s.byStatus.waiting_for_resident,
      resolved: s.byStatus.resolved,
      rejected: s.byStatus.rejected,
      cancelled: s.byStatus.cancelled,
    });
  const median = (s: typeof week) =>
    s.medianFirstAnswerMinutes === null ? t("staff-stats-no-answers") : t("staff-stats-minutes", { minutes: s.medianFirstAnswerMinutes });
  const services = month.byService
    .slice(0, 5)
    .map(({ serviceId, count }) => `${escapeHtml(serviceId ? (pick(ctx.deps.catalog.services.get(serviceId)?.name, ctx.deps.settings.staffLocale) ?? serviceId) : "—")} (${count})`)
    .join(", ");
  await ctx.reply(
    joinParts([
      t("staff-stats", { week: counts(week), month: counts(month), weekMedian: median(week), monthMedian: median(month) }),
      services && t("staff-stats-services", { services }),
      await feedbackSummary(ctx, departments, new Date(now.getTime() - 30 * 86_400_000), now),
      await referralSummary(ctx, departments, new Date(now.getTime() - 30 * 86_400_000), now),
    ]),
    { parse_mode: "HTML" },
  );
  await replyWithStatsChart(ctx, departments);
});
