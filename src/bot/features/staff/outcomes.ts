import { FeatureComposer } from "../../composer.ts";
import type { HelpRequest } from "../../../generated/prisma/client.ts";
import { CLOSE_OUTCOMES, DECLINE_KINDS, type CloseOutcome, type DeclineKind } from "../../../requests/helpdesk.ts";
import { TransitionError } from "../../../requests/lifecycle.ts";
import { RequestNotFoundError, StaleRequestError } from "../../../requests/model.ts";
import type { BotContext } from "../../context.ts";
import { editOrReply } from "../edit-message.ts";
import { button } from "../../keyboards.ts";
import { quote } from "../../render/text.ts";
import { authorisedRequest, prompt, staffActor, staffT, threadOptions } from "./access.ts";

/**
 * Closing and declining with a word (issue 18): «✅ Закрити» asks how it ended (help given, advice, a
 * referral, nobody reached, or a typed note), «⛔ Відхилити» whether it is advice or a refusal and
 * why; nothing changes until staff confirm. Reopening a closed card. The resident's message is worded
 * for the outcome (render/closing-notice.ts).
 */
export const staffOutcomesFeature = new FeatureComposer<BotContext>();
const groups = staffOutcomesFeature.chatType(["group", "supergroup"]);

interface PendingClose {
  to: "resolved" | "rejected";
  outcome: CloseOutcome | DeclineKind;
  note?: string;
}

/** «✅ Закрити» on a card: the outcome chooser. */
export async function askCloseOutcome(ctx: BotContext, request: HelpRequest): Promise<void> {
  const t = staffT(ctx);
  await ctx.reply(t("staff-close-choose", { number: request.number }), {
    ...threadOptions(ctx),
    reply_markup: {
      inline_keyboard: [
        ...CLOSE_OUTCOMES.map((outcome) => [button(t(outcome === "other" ? "staff-outcome-type-note" : `staff-outcome-${outcome}`), `hd1:co:${request.id}:${outcome}`)]),
        [button(t("button-cancel"), "hd1:x")],
      ],
    },
  });
}

/** «⛔ Відхилити» on a card: advice or a refusal? */
export async function askDeclineKind(ctx: BotContext, request: HelpRequest): Promise<void> {
  const t = staffT(ctx);
  await ctx.reply(t("staff-decline-choose", { number: request.number }), {
    ...threadOptions(ctx),
    reply_markup: {
      inline_keyboard: [...DECLINE_KINDS.map((kind) => [button(t(`staff-decline-${kind}`), `hd1:dk:${request.id}:${kind}`)]), [button(t("button-cancel"), "hd1:x")]],
    },
  });
}

/** The confirmation: what will happen, and what the resident will read about it. */
async function askConfirmation(ctx: BotContext, request: HelpRequest, pending: PendingClose, edit: boolean): Promise<void> {
  const t = staffT(ctx);
  const text = [
    t(pending.to === "resolved" ? "staff-close-confirm" : "staff-decline-confirm", { number: request.number, outcome: t(`staff-outcome-${pending.outcome}`) }),
    pending.note ? t("staff-card-close-note", { note: quote(pending.note, 1000) }) : "",
    t("staff-confirm-resident-sees"),
  ]
    .filter(Boolean)
    .join("\n");
  const keyboard = { inline_keyboard: [[button(t(pending.to === "resolved" ? "staff-close-yes" : "staff-decline-yes"), `hd1:cf:${request.id}`), button(t("button-cancel"), "hd1:x")]] };
  let messageId: number;
  if (edit && ctx.callbackQuery?.message) {
    await editOrReply(ctx, text, { parse_mode: "HTML", reply_markup: keyboard });
    messageId = ctx.callbackQuery.message.message_id;
  } else {
    const sent = await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard, ...threadOptions(ctx) });
    messageId = sent.message_id;
  }
  await ctx.deps.inbox.recordStaffMessage(BigInt(ctx.chat!.id), messageId, request.id, "close-confirm", undefined, JSON.stringify(pending));
}

/** A typed outcome or decline reason arrived (a reply to its prompt): confirm it. */
export async function confirmTyped(ctx: BotContext, request: HelpRequest, purpose: "close-note-prompt" | "reject-prompt", target: string | null | undefined, text: string): Promise<void> {
  const pending: PendingClose =
    purpose === "close-note-prompt"
      ? { to: "resolved", outcome: "other", note: text }
      : { to: "rejected", outcome: (DECLINE_KINDS as readonly string[]).includes(target ?? "") ? (target as DeclineKind) : "refusal", note: text };
  await askConfirmation(ctx, request, pending, false);
}

groups.callbackQuery(/^hd1:co:(\d{1,9}):(\w+)$/, async (ctx) => {
  const [, id, outcome] = ctx.match;
  if (!(CLOSE_OUTCOMES as readonly string[]).includes(outcome!)) return ctx.answerCallbackQuery();
  const request = await authorisedRequest(ctx, Number(id));
  if (!request) return;
  await ctx.answerCallbackQuery();
  if (outcome === "other") {
    await ctx.deleteMessage().catch(() => undefined);
    return prompt(ctx, request, "staff-close-note-prompt", "close-note-prompt");
  }
  await askConfirmation(ctx, request, { to: "resolved", outcome: outcome as CloseOutcome }, true);
});

groups.callbackQuery(/^hd1:dk:(\d{1,9}):(advice|refusal)$/, async (ctx) => {
  const [, id, kind] = ctx.match;
  const request = await authorisedRequest(ctx, Number(id));
  if (!request) return;
  await ctx.answerCallbackQuery();
  await ctx.deleteMessage().catch(() => undefined);
  await prompt(ctx, request, kind === "advice" ? "staff-advice-prompt" : "staff-reject-prompt", "reject-prompt", {}, kind);
});

groups.callbackQuery(/^hd1:cf:(\d{1,9})$/, async (ctx) => {
  const request = await authorisedRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  const t = staffT(ctx);
  const stored = ctx.callbackQuery.message ? await ctx.deps.inbox.findByStaffMessage(ctx.chat.id, ctx.callbackQuery.message.message_id) : null;
  const pending = stored?.purpose === "close-confirm" && stored.request.id === request.id && stored.target ? (JSON.parse(stored.target) as PendingClose) : undefined;
  if (!pending) return ctx.answerCallbackQuery({ text: t("staff-stale"), show_alert: true });
  try {
    await ctx.deps.requests.helpdesk.close(request.id, pending.to, staffActor(ctx), pending.outcome, pending.note);
  } catch (error) {
    if (!(error instanceof StaleRequestError || error instanceof TransitionError || error instanceof RequestNotFoundError)) throw error;
    return ctx.answerCallbackQuery({ text: t("staff-stale"), show_alert: true });
  }
  ctx.deps.logger.info({ event: "request_closed", request: request.id, to: pending.to, outcome: pending.outcome }, "staff closed a request");
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, t(pending.to === "resolved" ? "staff-closed-done" : "staff-declined-done", { number: request.number, outcome: t(`staff-outcome-${pending.outcome}`) }));
});

/** Cancel in a chooser or a confirmation: it goes away, nothing changes. */
groups.callbackQuery("hd1:x", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.deleteMessage().catch(() => undefined);
});

/** «🔁 Відкрити знову» on a closed card (within 30 days). */
groups.callbackQuery(/^hd1:ro:(\d{1,9})$/, async (ctx) => {
  const request = await authorisedRequest(ctx, Number(ctx.match[1]));
  if (!request) return;
  try {
    await ctx.deps.requests.helpdesk.reopen(request.id, staffActor(ctx));
  } catch (error) {
    if (!(error instanceof StaleRequestError || error instanceof TransitionError)) throw error;
    return ctx.answerCallbackQuery({ text: staffT(ctx)("staff-reopen-too-late"), show_alert: true });
  }
  ctx.deps.logger.info({ event: "request_reopened", request: request.id, by: "staff" }, "staff reopened a request");
  await ctx.answerCallbackQuery({ text: staffT(ctx)("staff-reopened", { number: request.number }) });
});
