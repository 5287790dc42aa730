import { FeatureComposer } from "../../composer.ts";
import { TransitionError } from "../../../requests/lifecycle.ts";
import { RequestNotFoundError, StaleRequestError } from "../../../requests/model.ts";
import type { BotContext } from "../../context.ts";
import { button } from "../../keyboards.ts";
import { escapeHtml } from "../../render/html.ts";
import { STATUS_BY_CODE } from "../../render/request-card.ts";
import { authorisedRequest, checkStaff, prompt, requestOfMessage, staffActor, staffT, threadOptions } from "./access.ts";
import { STAFF_LIMITS } from "./limits.ts";

/**
 * Internal notes (issue 18): «📝 Нотатка» on a card or `/note текст` in reply to a card (or in its
 * topic) — kept on the card for the department, never sent to the resident. Assigning a request to a
 * colleague: a chooser of the department's staff seen so far; the colleague is named (and notified)
 * in the group.
 */
export const staffNotesFeature = new FeatureComposer<BotContext>();
const groups = staffNotesFeature.chatType(["group", "supergroup"]);

groups.callbackQuery(/^hd1:nt:(\d{1,9})$/, async (ctx) => {
  const request = await authorisedRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  await ctx.answerCallbackQuery();
  await prompt(ctx, request, "staff-note-prompt", "note-prompt");
});

groups.command("note", async (ctx) => {
  const t = staffT(ctx);
  const answer = (key: string, variables?: Record<string, string | number>) =>
    ctx.reply(t(key, variables), { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true }, ...threadOptions(ctx) });
  const found = await requestOfMessage(ctx);
  const text = ctx.match.trim();
  if (!found || !text) return void (await answer("staff-note-usage"));
  if ((await checkStaff(ctx, found.request)) !== "ok") return void (await answer("staff-not-allowed"));
  if (text.length > STAFF_LIMITS.message) return void (await answer("staff-too-long", { max: STAFF_LIMITS.message }));
  await ctx.deps.requests.helpdesk.addNote(found.request.id, staffActor(ctx), text);
  ctx.deps.logger.info({ event: "staff_note_added", request: found.request.id }, "staff added an internal note");
  await answer("staff-note-saved", { number: found.request.number });
});

/** «👤 Призначити»: the department's staff seen so far. */
groups.callbackQuery(/^hd1:as:(\d{1,9}):([npw])$/, async (ctx) => {
  const request = await authorisedRequest(ctx, Number(ctx.match[1]), ctx.match[2]);
  if (!request) return;
  const t = staffT(ctx);
  const staff = await ctx.deps.requests.helpdesk.staffOf(request.departmentKey);
  await ctx.answerCallbackQuery();
  await ctx.reply(t(staff.length > 0 ? "staff-assign-choose" : "staff-assign-nobody", { number: request.number }), {
    ...threadOptions(ctx),
    reply_markup: {
      inline_keyboard: [
        ...staff.map((member) => [button(member.name, `hd1:at:${request.id}:${ctx.match[2]}:${member.userId}`)]),
        [button(t("button-cancel"), "hd1:x")],
      ],
    },
  });
});

groups.callbackQuery(/^hd1:at:(\d{1,9}):([npw]):(\d{1,15})$/, async (ctx) => {
  const [, id, code, userId] = ctx.match;
  const request = await authorisedRequest(ctx, Number(id));
  if (!request) return;
  const t = staffT(ctx);
  const member = (await ctx.deps.requests.helpdesk.staffOf(request.departmentKey)).find((m) => m.userId === BigInt(userId!));
  if (!member) return ctx.answerCallbackQuery({ text: t("staff-stale"), show_alert: true });
  try {
    await ctx.deps.requests.helpdesk.assign(request.id, staffActor(ctx), { id: member.userId, name: member.name }, STATUS_BY_CODE[code!]);
  } catch (error) {
    if (!(error instanceof StaleRequestError || error instanceof TransitionError || error instanceof RequestNotFoundError)) throw error;
    return ctx.answerCallbackQuery({ text: t("staff-stale"), show_alert: true });
  }
  ctx.deps.logger.info({ event: "request_assigned", request: request.id, to: String(member.userId) }, "staff assigned a request");
  await ctx.answerCallbackQuery();
  await ctx.deleteMessage().catch(() => undefined);
  // A mention notifies the colleague, even in a muted group.
  await ctx.reply(t("staff-assigned", { number: request.number, name: `<a href="tg://user?id=${member.userId}">${escapeHtml(member.name)}</a>`, by: escapeHtml(staffActor(ctx).name) }), {
    parse_mode: "HTML",
    ...threadOptions(ctx),
  });
});
