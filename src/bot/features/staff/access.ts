import type { DepartmentDefinition } from "../../../catalog/schema.ts";
import type { HelpRequest } from "../../../generated/prisma/client.ts";
import type { StaffMessagePurpose } from "../../../inbox/inbox-service.ts";
import type { Actor } from "../../../requests/model.ts";
import type { BotContext, Translate } from "../../context.ts";
import { STATUS_CODES } from "../../render/request-card.ts";

/**
 * Who may act in a department's group, shared by the staff features (staff-inbox.ts and the
 * Composers beside it): staff listed by id, group admins where the department lets admins act, and an
 * anonymous admin (a message sent «as the group», sender_chat = the group) on the same terms.
 */

export const staffT = (ctx: BotContext): Translate => (key, variables) => ctx.deps.i18n.t(ctx.deps.settings.staffLocale, key, variables);

export type Verdict = "ok" | "foreign" | "not-staff";

/** A message an admin sent anonymously, as the group itself (Telegram's sender_chat is this chat). */
export function isAnonymousAdmin(ctx: BotContext): boolean {
  const senderChat = ctx.msg?.sender_chat;
  return senderChat !== undefined && senderChat.id === ctx.chat?.id;
}

/** Whether the sender is staff of the department: listed by id, or a group admin where admins count. */
export async function isStaffOf(ctx: BotContext, department: DepartmentDefinition): Promise<boolean> {
  // Only admins can write as the group: they count where the department lets admins act.
  if (isAnonymousAdmin(ctx)) return department.adminsAreStaff;
  const userId = ctx.from?.id;
  if (userId === undefined) return false;
  if (department.staffUserIds.includes(userId)) return true;
  if (!department.adminsAreStaff) return false;
  const member = await ctx.getChatMember(userId).catch(() => undefined);
  return member?.status === "administrator" || member?.status === "creator";
}

export async function checkStaff(ctx: BotContext, request: HelpRequest): Promise<Verdict> {
  const department = ctx.deps.inbox.department(request.departmentKey);
  if (!department || department.chatId !== ctx.chat?.id) return "foreign";
  if (!(await isStaffOf(ctx, department))) return "not-staff";
  // Whom a request can be assigned to: the department's staff seen acting (not an anonymous admin).
  if (ctx.from && !isAnonymousAdmin(ctx)) await ctx.deps.requests.helpdesk.seenStaff(request.departmentKey, BigInt(ctx.from.id), ctx.from.first_name);
  return "ok";
}

/**
 * The request a group message is about: the bot message it replies to (a card, a relayed message, a
 * prompt), or the forum topic it was written in.
 */
export async function requestOfMessage(ctx: BotContext): Promise<{ request: HelpRequest; purpose: StaffMessagePurpose; target?: string | null } | null> {
  const message = ctx.msg;
  if (!message || !ctx.chat) return null;
  const replyTo = message.reply_to_message;
  const threadId = message.is_topic_message ? message.message_thread_id : undefined;
  if (replyTo && !(threadId !== undefined && replyTo.message_id === threadId)) {
    const found = await ctx.deps.inbox.findByStaffMessage(ctx.chat.id, replyTo.message_id);
    if (found) return found;
  }
  if (threadId !== undefined) {
    const request = await ctx.deps.inbox.findByTopic(ctx.chat.id, threadId);
    if (request) return { request, purpose: "card" };
  }
  return null;
}

/** The staff member acting, as the audit trail and the card name them (an anonymous admin by that word). */
export function staffActor(ctx: BotContext): Actor & { id: bigint; name: string } {
  const name = isAnonymousAdmin(ctx) ? staffT(ctx)("staff-anonymous-admin") : ctx.from!.first_name;
  return { kind: "staff", id: BigInt(ctx.from!.id), name };
}

/** Loads the request a button names and checks who presses where; answers the press when refused. */
export async function authorisedRequest(ctx: BotContext, id: number, statusCode?: string): Promise<HelpRequest | undefined> {
  const t = staffT(ctx);
  const request = await ctx.deps.inbox.requestById(id);
  const verdict = request ? await checkStaff(ctx, request) : "foreign";
  if (!request || verdict !== "ok") {
    ctx.deps.logger.warn({ event: "staff_action_refused", request: id, reason: request ? verdict : "missing", user: ctx.from?.id }, "refused a card action");
    await ctx.answerCallbackQuery({ text: t(verdict === "not-staff" ? "staff-not-allowed" : "staff-foreign"), show_alert: true });
    return undefined;
  }
  if (statusCode !== undefined && STATUS_CODES[request.status] !== statusCode) {
    await ctx.answerCallbackQuery({ text: t("staff-stale"), show_alert: true });
    await ctx.deps.inbox.refreshCard(request);
    return undefined;
  }
  return request;
}

/** The topic of the message a staff member acted on, so an answer stays in it. */
export function threadOptions(ctx: BotContext): { message_thread_id?: number } {
  const thread = ctx.callbackQuery?.message?.message_thread_id ?? (ctx.msg?.is_topic_message ? ctx.msg.message_thread_id : undefined);
  return thread ? { message_thread_id: thread } : {};
}

/** A prompt staff answer by replying to it; the reply finds its request through the stored mapping. */
export async function prompt(ctx: BotContext, request: HelpRequest, key: string, purpose: StaffMessagePurpose, variables: Record<string, string | number> = {}, target?: string): Promise<void> {
  const sent = await ctx.reply(staffT(ctx)(key, { number: request.number, ...variables }), {
    parse_mode: "HTML",
    reply_markup: { force_reply: true, selective: true },
    ...(ctx.msg?.message_thread_id ? { message_thread_id: ctx.msg.message_thread_id } : {}),
    ...(ctx.callbackQuery?.message ? { reply_parameters: { message_id: ctx.callbackQuery.message.message_id, allow_sending_without_reply: true } } : {}),
  });
  await ctx.deps.inbox.recordStaffMessage(BigInt(sent.chat.id), sent.message_id, request.id, purpose, undefined, target);
}
