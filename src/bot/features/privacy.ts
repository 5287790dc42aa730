import { privacyNewsNote } from "./news.ts";
import { FeatureComposer } from "../composer.ts";
import { communityOfPurpose } from "../../requests/consent.ts";
import type { BotContext, SessionData } from "../context.ts";
import { answerBook } from "../../requests/typed-answers.ts";
import { button, column } from "../keyboards.ts";
import { formatDay } from "../render/dates.ts";
import { escapeHtml } from "../render/html.ts";
import { pick } from "../render/text.ts";
import { showMenu } from "./start.ts";
import { leaveDialogue } from "../conversations/request-dialogue.ts";
import { editOrReply } from "./edit-message.ts";

/** /delete_me: after a confirmation, erases the resident's personal data (see RequestService). */
export const privacyFeature = new FeatureComposer<BotContext>();
const privateChat = privacyFeature.chatType("private");

/**
 * /privacy and the withdrawal of consent: they work everywhere, even mid-dialogue (installed before the
 * dialogues by global-commands.ts). /privacy says what is kept and shows the consents given, with a
 * button to withdraw them.
 */
export const privacyEverywhere = new FeatureComposer<BotContext>();
const anywhere = privacyEverywhere.chatType("private");

anywhere.command("privacy", async (ctx) => {
  const locale = await ctx.i18n.getLocale();
  const consents = await ctx.deps.consents.active(BigInt(ctx.from.id));
  const lines = consents.map((consent) => {
    const community = ctx.deps.catalog.communities.get(communityOfPurpose(consent.purpose) ?? "");
    return ctx.t("consent-given-item", {
      community: escapeHtml(pick(community?.name, locale) ?? "—"),
      date: formatDay(consent.givenAt, locale),
      version: consent.version.split("/")[0]!,
    });
  });
  const given = lines.length > 0 ? `${ctx.t("consent-given-title")}\n${lines.join("\n")}` : ctx.t("consent-none");
  await ctx.reply(`${ctx.t("privacy", { days: ctx.deps.settings.retentionDays })}\n\n${given}`, {
    parse_mode: "HTML",
    ...(lines.length > 0 ? { reply_markup: column([button(ctx.t("consent-withdraw"), "pv1:wd")]) } : {}),
  });
  await privacyNewsNote(ctx); // the news subscription, with a button to withdraw it (announce)
});

/** Withdrawal: no new request without asking again; a request being written now stops; sent ones stay with staff. */
anywhere.callbackQuery("pv1:wd", async (ctx) => {
  await ctx.answerCallbackQuery();
  const { withdrawn, openRequests } = await ctx.deps.consents.withdraw(BigInt(ctx.from.id));
  const inDialogue = leaveDialogue(ctx);
  ctx.deps.logger.info({ event: "consent_withdrawn", consents: withdrawn, open: openRequests }, "consent withdrawn");
  const parts = [
    withdrawn > 0 ? ctx.t("consent-withdrawn") : ctx.t("consent-none"),
    inDialogue ? ctx.t("consent-withdrawn-stopped") : undefined,
    openRequests > 0 ? ctx.t("consent-withdrawn-open", { count: openRequests, days: ctx.deps.settings.retentionDays }) : undefined,
  ];
  const text = parts.filter(Boolean).join("\n\n");
  // The main menu comes back in place of a stopped dialogue's buttons.
  if (inDialogue) await showMenu(ctx, text);
  else await ctx.reply(text);
});

privateChat.command("delete_me", async (ctx) => {
  ctx.session.eraseAsked = Date.now();
  await ctx.reply(ctx.t("delete-confirm"), {
    reply_markup: column([button(ctx.t("delete-yes"), "pv1:del:yes"), button(ctx.t("delete-no"), "pv1:del:no")]),
  });
});

async function keepData(ctx: BotContext, say: (text: string) => Promise<unknown>): Promise<void> {
  delete ctx.session.eraseAsked;
  await say(ctx.t("delete-kept"));
}

async function eraseData(ctx: BotContext & { from: { id: number } }, say: (text: string) => Promise<unknown>): Promise<void> {
  // The resident's row goes, and with it every consent they gave (resident_consent cascades).
  const { requests, copies } = await ctx.deps.requests.eraseResident(BigInt(ctx.from.id));
  ctx.deps.logger.info({ event: "resident_erased", requests, copies }, "resident data erased on request");
  // The session row is gone; setting it to null keeps grammY from writing it back (its documented way).
  (ctx as unknown as { session: SessionData | null }).session = null;
  await say(ctx.t("delete-done"));
  await showMenu(ctx);
}

privateChat.callbackQuery("pv1:del:no", async (ctx) => {
  await ctx.answerCallbackQuery();
  await keepData(ctx, (text) => editOrReply(ctx, text));
});

privateChat.callbackQuery("pv1:del:yes", async (ctx) => {
  await ctx.answerCallbackQuery();
  await eraseData(ctx, (text) => editOrReply(ctx, text));
});

/** How long after /delete_me a typed «так» still answers it. */
const ERASE_ANSWER_MS = 10 * 60_000;

/**
 * «так» / «ні» typed instead of pressing, as the very next message after /delete_me (installed before
 * the dialogues and danger with privacyEverywhere: words that are not an answer pass on untouched, and
 * the question is then no longer open, so a later «так» to something else erases nothing).
 */
anywhere.on("message:text", async (ctx, next) => {
  const asked = ctx.session.eraseAsked;
  if (asked === undefined) return next();
  delete ctx.session.eraseAsked;
  const meant = Date.now() - asked <= ERASE_ANSWER_MS ? answerBook().understand("erase", ctx.message.text, ["yes", "no"]) : undefined;
  if (meant === "yes") return eraseData(ctx, (text) => ctx.reply(text));
  if (meant === "no") return keepData(ctx, (text) => ctx.reply(text));
  return next();
});
