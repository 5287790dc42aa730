import { FeatureComposer } from "../composer.ts";
import { answerBook } from "../../requests/typed-answers.ts";
import { RequestNotFoundError } from "../../requests/model.ts";
import { ReferralTransitionError, StaleReferralError } from "../../referrals/lifecycle.ts";
import { ForeignReferralError, ReferralRefusedError, type PartnerAction } from "../../referrals/service.ts";
import type { Partner } from "../../referrals/partners.ts";
import type { BotContext } from "../context.ts";
import { button } from "../keyboards.ts";
import { escapeHtml } from "../render/html.ts";
import { partnerName, REFERRAL_CODES } from "../render/referral-card.ts";
import { pick } from "../render/text.ts";
import { authorisedRequest, isAnonymousAdmin, staffActor, staffT, threadOptions } from "./staff/access.ts";

/**
 * Referrals to partner organisations, with the resident's consent (issue 21), in one Composer:
 * - in a department's group: «🤝 Направити партнеру» on a card → a partner that takes the service;
 * - in the resident's chat: «так» / «ні» to the consent question (a button, or typed words);
 * - in a partner's group: accept, decline (with a reason), help given — only on referrals sent to that
 *   group, by its staff. Nothing else works there: no department's commands, no other requests.
 * Every press is re-checked in the domain (src/referrals): who, in which chat, on which referral, in
 * which status.
 */
export const referralsFeature = new FeatureComposer<BotContext>();
const groups = referralsFeature.chatType(["group", "supergroup"]);
const privateChat = referralsFeature.chatType("private");

/** A partner's reason for declining: what the department reads. */
const REASON_LIMIT = 500;

const logRefusal = (ctx: BotContext, event: string, referral: number, reason: string) =>
  ctx.deps.logger.warn({ event, referral, reason, user: ctx.from?.id, chat: ctx.chat?.id }, "refused a referral action");

// ── The department's group ───────────────────────────────────────────────────────────────────────

/** «🤝 Направити партнеру»: the partners that take the request's service in its community. */
groups.callbackQuery(/^rf1:p:(\d{1,9}):([npw])$/, async (ctx) => {
  const request = await authorisedRequest(ctx, Number(ctx.match[1]), ctx.match[2]);
  if (!request) return;
  const t = staffT(ctx);
  const partners = ctx.deps.referrals.partners.forService(request.communityId, request.serviceId);
  if (partners.length === 0) return ctx.answerCallbackQuery({ text: t("referral-no-partners"), show_alert: true });
  await ctx.answerCallbackQuery();
  const locale = ctx.deps.settings.staffLocale;
  await ctx.reply(t("referral-choose", { number: request.number }), {
    ...threadOptions(ctx),
    reply_markup: {
      inline_keyboard: [
        ...partners.map((partner) => [button(pick(partner.provider.name, locale) ?? partner.key, `rf1:to:${request.id}:${partner.index}`)]),
        [button(t("button-cancel"), "rf1:x")],
      ],
    },
  });
});

groups.callbackQuery(/^rf1:to:(\d{1,9}):(\d{1,3})$/, async (ctx) => {
  const request = await authorisedRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  const t = staffT(ctx);
  const partner = ctx.deps.referrals.partners.at(request.communityId, Number(ctx.match[2]));
  try {
    const actor = staffActor(ctx);
    const referral = await ctx.deps.referrals.refer(request.id, partner?.key ?? "", { id: actor.id, name: actor.name });
    ctx.deps.logger.info({ event: "referral_asked", request: request.id, referral: referral.id, partner: referral.providerKey }, "staff referred a request; the resident is asked");
  } catch (error) {
    if (!(error instanceof ReferralRefusedError)) throw error;
    return ctx.answerCallbackQuery({ text: t(`referral-refused-${error.reason}`), show_alert: true });
  }
  await ctx.answerCallbackQuery({ text: t("referral-asked-done"), show_alert: true });
  await ctx.deleteMessage().catch(() => undefined);
});

groups.callbackQuery("rf1:x", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.deleteMessage().catch(() => undefined);
});

// ── The resident ─────────────────────────────────────────────────────────────────────────────────

async function answerConsent(ctx: BotContext, referralId: number, agree: boolean): Promise<boolean> {
  try {
    const { request, referral } = await ctx.deps.referrals.answerConsent(referralId, BigInt(ctx.from!.id), agree);
    ctx.deps.logger.info({ event: agree ? "referral_consented" : "referral_refused_by_resident", referral: referralId, request: request.id }, "the resident answered a referral");
    const locale = await ctx.i18n.getLocale();
    const partner = escapeHtml(partnerName(ctx.deps.referrals.partners, referral.providerKey, locale));
    await ctx.reply(ctx.t(agree ? "referral-consent-thanks" : "referral-consent-kept", { number: escapeHtml(request.number), partner }), { parse_mode: "HTML" });
    return true;
  } catch (error) {
    if (!(error instanceof RequestNotFoundError || error instanceof ReferralTransitionError || error instanceof StaleReferralError)) throw error;
    return false;
  }
}

privateChat.callbackQuery(/^rf1:c:(\d{1,9}):([yn])$/, async (ctx) => {
  const done = await answerConsent(ctx, Number(ctx.match[1]), ctx.match[2] === "y");
  await ctx.answerCallbackQuery(done ? undefined : { text: ctx.t("referral-consent-stale"), show_alert: true });
  // The question is answered (or no longer open): its buttons go.
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
});

/**
 * «так», «да, згодна», «ні, не треба» typed instead of pressing: read as the buttons (the typed-answer
 * phrases of data/dialogue/answers.yaml), for the oldest referral waiting for this resident's answer.
 * Only residents who ever made a request can have one, so others pay no query.
 */
privateChat.on("message:text", async (ctx, next) => {
  if (!ctx.session.mayHaveRequests || ctx.message.text.startsWith("/")) return next();
  const meant = answerBook().understand("consent", ctx.message.text, ["yes", "no"]);
  if (!meant) return next();
  const waiting = await ctx.deps.referrals.awaitingConsent(BigInt(ctx.from.id));
  const oldest = waiting[0];
  if (!oldest) return next();
  if (!(await answerConsent(ctx, oldest.id, meant === "yes"))) return next();
});

// ── A partner's group ────────────────────────────────────────────────────────────────────────────

/** Whether the sender may act for one of the partners whose group this is. */
async function isPartnerStaff(ctx: BotContext, partners: Partner[]): Promise<boolean> {
  for (const { referrals } of partners) {
    if (isAnonymousAdmin(ctx)) {
      if (referrals.adminsAreStaff) return true;
      continue;
    }
    const userId = ctx.from?.id;
    if (userId === undefined) continue;
    if (referrals.staffUserIds.includes(userId)) return true;
    if (referrals.adminsAreStaff) {
      const member = await ctx.getChatMember(userId).catch(() => undefined);
      if (member?.status === "administrator" || member?.status === "creator") return true;
    }
  }
  return false;
}

/** A partner-only group: a partner's, and no department's (a department's group keeps its own commands). */
const partnerOnly = (ctx: BotContext): Partner[] => {
  if (!ctx.chat || ctx.deps.inbox.departmentsOfChat(ctx.chat.id).length > 0) return [];
  return ctx.deps.referrals.partners.ofChat(ctx.chat.id);
};

async function partnerAct(ctx: BotContext, referralId: number, action: PartnerAction, reason?: string): Promise<"ok" | "foreign" | "stale"> {
  const name = isAnonymousAdmin(ctx) ? staffT(ctx)("staff-anonymous-admin") : ctx.from!.first_name;
  try {
    await ctx.deps.referrals.partnerAct(referralId, BigInt(ctx.chat!.id), { id: BigInt(ctx.from!.id), name }, action, reason);
    ctx.deps.logger.info({ event: "referral_partner_action", referral: referralId, action }, "a partner answered a referral");
    return "ok";
  } catch (error) {
    if (error instanceof ForeignReferralError) return "foreign";
    if (error instanceof ReferralTransitionError || error instanceof StaleReferralError) return "stale";
    throw error;
  }
}

groups.callbackQuery(/^rf1:([akd]):(\d{1,9}):([sa])$/, async (ctx) => {
  const [, action, id, code] = ctx.match;
  const referralId = Number(id);
  const t = staffT(ctx);
  const partners = ctx.deps.referrals.partners.ofChat(ctx.chat.id);
  const referral = await ctx.deps.referrals.get(referralId);
  // Only the group the referral was sent to, only its staff: another partner learns nothing of it.
  if (!referral || partners.length === 0 || referral.partnerChatId !== BigInt(ctx.chat.id)) {
    logRefusal(ctx, "referral_action_refused", referralId, "foreign");
    return ctx.answerCallbackQuery({ text: t("referral-foreign"), show_alert: true });
  }
  if (!(await isPartnerStaff(ctx, partners))) {
    logRefusal(ctx, "referral_action_refused", referralId, "not-staff");
    return ctx.answerCallbackQuery({ text: t("referral-not-staff"), show_alert: true });
  }
  if (REFERRAL_CODES[referral.status] !== code) return ctx.answerCallbackQuery({ text: t("referral-stale"), show_alert: true });
  if (action === "d") {
    await ctx.answerCallbackQuery();
    const sent = await ctx.reply(t("referral-decline-prompt", { number: referral.request.number }), {
      reply_markup: { force_reply: true, selective: true },
      ...(ctx.callbackQuery.message ? { reply_parameters: { message_id: ctx.callbackQuery.message.message_id, allow_sending_without_reply: true } } : {}),
    });
    await ctx.deps.referrals.recordMessage(BigInt(sent.chat.id), sent.message_id, referral.id, "decline-prompt");
    return;
  }
  const verdict = await partnerAct(ctx, referral.id, action === "a" ? "accept" : "done");
  await ctx.answerCallbackQuery({ text: t(verdict === "ok" ? (action === "a" ? "referral-accepted-ok" : "referral-done-ok") : verdict === "foreign" ? "referral-foreign" : "referral-stale") });
});

/** Everything else in a partner-only group: the decline's reason, /help, /stats; nothing of a department's. */
groups.on("message", async (ctx, next) => {
  const partners = partnerOnly(ctx);
  if (partners.length === 0) return next();
  const t = staffT(ctx);
  const answer = (key: string, variables?: Record<string, string | number>, html = false) =>
    ctx.reply(t(key, variables), { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true }, ...(html ? { parse_mode: "HTML" as const } : {}) });
  const text = ctx.message.text?.trim();
  const replyTo = ctx.message.reply_to_message;
  const prompt = replyTo ? await ctx.deps.referrals.findByMessage(BigInt(ctx.chat.id), replyTo.message_id) : null;
  if (prompt?.purpose === "decline-prompt" && text && !text.startsWith("/")) {
    if (!(await isPartnerStaff(ctx, partners))) return void (await answer("referral-not-staff"));
    if (text.length > REASON_LIMIT) return void (await answer("referral-reason-too-long", { max: REASON_LIMIT }));
    const verdict = await partnerAct(ctx, prompt.referralId, "decline", text);
    return void (await answer(verdict === "ok" ? "referral-declined-ok" : verdict === "foreign" ? "referral-foreign" : "referral-stale"));
  }
  const command = text?.startsWith("/") ? text.slice(1).split(/[\s@]/)[0]!.toLowerCase() : undefined;
  if (command === undefined) return; // chat among the partner's staff: not the bot's business
  if (command === "id" || command === "start") return next(); // the chat id, for the catalogue
  if (!(await isPartnerStaff(ctx, partners))) return void (await answer("referral-not-staff"));
  if (command === "help") return void (await answer("referral-partner-help", { days: ctx.deps.referrals.answerDays }, true));
  if (command === "stats") return void (await answer("referral-partner-stats", await partnerStats(ctx, partners), true));
  // /export, /find, /note, /overdue, /announce … belong to departments: refused here.
  // The command's name only when it is one of ours (latin): whatever else follows «/» is someone's words.
  ctx.deps.logger.info({ event: "partner_command_refused", command: /^[a-z_]{1,32}$/.test(command) ? command : "other" }, "a department's command in a partner's group");
  await answer("referral-partner-only");
});

async function partnerStats(ctx: BotContext, partners: Partner[]): Promise<Record<string, string | number>> {
  const now = new Date();
  const figures = await ctx.deps.referrals.figures({ providerKeys: partners.map((partner) => partner.key) }, new Date(now.getTime() - 30 * 86_400_000), now);
  return { total: figures.total, lines: statsLines(ctx, figures.byPartner) || "—" };
}

function statsLines(ctx: BotContext, rows: Awaited<ReturnType<BotContext["deps"]["referrals"]["figures"]>>["byPartner"]): string {
  const t = staffT(ctx);
  return rows
    .map((row) =>
      t("referral-stats-line", {
        partner: escapeHtml(partnerName(ctx.deps.referrals.partners, row.providerKey, ctx.deps.settings.staffLocale)),
        total: row.total,
        accepted: row.byStatus.accepted,
        done: row.byStatus.done,
        declined: row.byStatus.declined,
        returned: row.byStatus.returned,
        refused: row.byStatus.refused,
      }),
    )
    .join("\n");
}

/** /stats' lines in a department's group: its requests' referrals in the last 30 days, by partner and outcome. */
export async function referralSummary(ctx: BotContext, departments: string[], from: Date, to: Date): Promise<string | undefined> {
  const figures = await ctx.deps.referrals.figures({ departmentKeys: departments }, from, to);
  if (figures.total === 0) return undefined;
  return staffT(ctx)("referral-stats", { lines: statsLines(ctx, figures.byPartner) });
}

