import { FeatureComposer } from "../composer.ts";
import { DANGER_KINDS, detectDanger, type DangerKind } from "../../requests/danger.ts";
import type { BotContext } from "../context.ts";
import { button, column, menuLabelsOf } from "../keyboards.ts";
import { dialogueActive } from "../conversations/request-dialogue.ts";
import { isOpen } from "../../requests/lifecycle.ts";
import { storyDraftOf } from "../../requests/story.ts";
import { hasVisibleText } from "../../requests/text.ts";
import { clearDangerMark, dangerMarked, ledAwayFromDanger } from "./danger-mark.ts";
import { startDialogue } from "./request-help.ts";
import { hideButton, watchChat } from "./hide.ts";
import { servicesFound } from "./find-service.ts";

/**
 * Before anything else: a message that signals danger (violence, fear of a partner, suicide, self-harm,
 * a child in danger, no shelter tonight) gets the emergency numbers at once, then an offer to write to
 * the crisis service, and a one-tap «🧹 Приховати розмову». Then the update goes on (a search, or the
 * dialogue it belongs to).
 *
 * Every message of this path starts with numbers only: a notification preview may be seen by the
 * person the resident is afraid of, so its first line never repeats what they wrote.
 */
export const dangerFeature = new FeatureComposer<BotContext>();
const privateChat = dangerFeature.chatType("private");

/** How many message ids of the danger path the session keeps (the resident's and the bot's). */
const MAX_TRAIL = 10;

/** The service a request from the danger path goes to. */
export function crisisServiceOf(kinds: readonly DangerKind[]): "crisis-intervention" | "shelter" {
  return kinds.length > 0 && kinds.every((kind) => kind === "no-shelter") ? "shelter" : "crisis-intervention";
}

/**
 * One of the bot's own commands and nothing else («/start», «/help@bot»): no word in it can signal
 * danger, so its check (and, on the first update after a restart, reading the signals) is skipped.
 * Any other text after or instead of them is checked as before.
 */
const BARE_COMMAND = /^\/(start|help|cancel|language|community|my|news|find|privacy|delete_me|id)(@\w+)?$/;

// Not async: every text passes through, and almost none signals danger (no promise of its own, issue 19).
privateChat.on(["message:text", "message:caption"], (ctx, next) => {
  const text = ctx.message.text ?? ctx.message.caption ?? "";
  if (BARE_COMMAND.test(text.trim())) return next();
  const kinds = detectDanger(text.slice(0, 1000));
  if (kinds.length > 0) return showEmergencyNumbers(ctx, next, kinds);
  // Something else typed since the danger: a search that leads elsewhere («потрібна субсидія») means what
  // is started next is not the danger's; a question on the way («куди мені піти?», «що робити?», a
  // psychologist) keeps the mark (features/danger-mark.ts).
  if (ctx.session.danger?.kinds.length && !dialogueActive(ctx) && !text.startsWith("/") && !menuLabelsOf(ctx.deps.i18n).has(text)) {
    return next().then(() => {
      if (ledAwayFromDanger(servicesFound(ctx))) clearDangerMark(ctx);
    });
  }
  return next();
});

/**
 * «мені нема куди йти» right after «він мене б'є»: nowhere to sleep, because of him. No shelter alone
 * would show 112 and a night's shelter; with the danger said just before (its mark, features/danger-mark.ts)
 * its numbers come first and the offer is the crisis service's (second trial: the context was lost).
 */
function withEarlierDanger(ctx: BotContext, said: DangerKind[]): DangerKind[] {
  if (!said.every((kind) => kind === "no-shelter") || !dangerMarked(ctx)) return said;
  const earlier: readonly DangerKind[] = ctx.session.danger!.kinds.filter((kind) => kind !== "no-shelter" && kind !== "medical");
  const now: readonly DangerKind[] = said;
  return earlier.length === 0 ? said : DANGER_KINDS.filter((kind) => earlier.includes(kind) || now.includes(kind));
}

/** The resident's open request to the crisis service (or for a bed), if any: a second one is not offered. */
async function openCrisisRequest(ctx: BotContext): Promise<{ id: number; number: string } | undefined> {
  if (!ctx.session.mayHaveRequests || !ctx.from) return undefined;
  const mine = await ctx.deps.requests.listForResident(BigInt(ctx.from.id), 10);
  return mine.find((request) => isOpen(request.status) && (request.serviceId === "crisis-intervention" || request.serviceId === "shelter"));
}

/** The emergency numbers, then the rest of the update (a search, or the dialogue it belongs to). */
async function showEmergencyNumbers(ctx: BotContext & { message: { message_id: number } }, next: () => Promise<void>, said: DangerKind[]): Promise<void> {
  const kinds = withEarlierDanger(ctx, said);
  ctx.deps.logger.info({ event: "danger_detected", kinds }, "showed emergency numbers");
  // The numbers that fit, most urgent kind first (7333 leads for suicide), not the whole list.
  const numbers = kinds.map((kind) => ctx.t(`danger-${kind}`)).join("\n\n");
  const service = crisisServiceOf(kinds);
  const shelter = service === "shelter";
  // In a dialogue the text is an answer to its question: the numbers, but no second request. With a
  // request to the crisis service already open, the offer is to write more in it, not to start another.
  // A life at risk alone (someone fallen, not breathing): the ambulance, not the crisis service's offer.
  const noOffer = dialogueActive(ctx) || kinds.every((kind) => kind === "medical");
  const open = noOffer ? undefined : await openCrisisRequest(ctx);
  const offer = open ? ctx.t("danger-open-request", { number: open.number }) : ctx.t(shelter ? "danger-offer-shelter" : "danger-offer");
  const keyboard = column([
    ...(noOffer
      ? []
      : open
        ? [button(ctx.t("danger-add-to-open", { number: open.number }), `my1:w:${open.id}`)]
        : [button(ctx.t(shelter ? "danger-request-shelter" : "danger-request"), `dg1:rq:${service}`)]),
    hideButton(ctx),
  ]);
  // From here on this chat's messages are kept to be hidden (features/hide.ts), this one's numbers too.
  await watchChat(ctx);
  const sent = await ctx.reply(`${numbers}\n\n${ctx.t("danger-after")}${noOffer ? "" : `\n\n${offer}`}`, {
    parse_mode: "HTML",
    reply_markup: keyboard,
  });
  const trail = [...(ctx.session.danger?.messageIds ?? []), ctx.message.message_id, sent.message_id];
  dangerShown.set(ctx, kinds);
  // What the rest of this update sends (a search's card) belongs to the path too: note its ids.
  const reply = ctx.reply.bind(ctx);
  ctx.reply = async (...args: Parameters<typeof reply>) => {
    const message = await reply(...args);
    trail.push(message.message_id);
    return message;
  };
  try {
    await next();
  } finally {
    ctx.session.danger = { kinds, messageIds: trail.slice(-MAX_TRAIL), at: Date.now() };
    // Her words are what staff must read first: kept as a story (however short), they become the request's
    // «що потрібно» (shown to her in the summary before anything is sent), not asked for again.
    const words = ctx.message.text ?? ctx.message.caption ?? "";
    // (A long message the search kept as a story already is left as it is.) A typed «так» next means the
    // offer to write to the crisis service, or — a life at risk, with no offer — the card found below it.
    if (!dialogueActive(ctx) && hasVisibleText(words) && ctx.session.storyDraft?.text !== words.trim()) {
      ctx.session.storyDraft = storyDraftOf(words, noOffer ? servicesFound(ctx)?.[0] : service, Date.now());
    }
  }
}

/**
 * «✉️ Написати кризовій службі» under the numbers: a request to the crisis service (or for a bed) that
 * carries 🆘 however long ago the danger was said (features/danger-mark.ts).
 */
privateChat.callbackQuery(/^dg1:rq:(crisis-intervention|shelter)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await startDialogue(ctx, ctx.match[1], undefined, true);
});

const dangerShown = new WeakMap<BotContext, readonly DangerKind[]>();

/** Whether this update got the emergency numbers (a search then stays silent when it finds nothing). */
export function emergencyNumbersShown(ctx: BotContext): boolean {
  return dangerShown.has(ctx);
}

/** The kinds of danger whose numbers this update showed, if any. */
export const dangerKindsShown = (ctx: BotContext): readonly DangerKind[] | undefined => dangerShown.get(ctx);
