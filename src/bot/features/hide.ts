import type { Api, Transformer } from "grammy";
import { FeatureComposer } from "../composer.ts";
import type { BotContext, Translate } from "../context.ts";
import type { Logger } from "../../logger.ts";
import { sentMessageIds, type HideTrail } from "../../requests/hide-trail.ts";
import { button } from "../keyboards.ts";
import { dialogueActive } from "../conversations/request-dialogue.ts";
import { showMenu } from "./start.ts";
import { answerBook } from "../../requests/typed-answers.ts";

/**
 * «🧹 Приховати розмову», offered wherever danger was met (the emergency numbers: features/danger.ts;
 * a crisis service's card: find-service.ts). One press deletes every message of this chat the bot
 * noted (src/requests/hide-trail.ts): the resident's own (a bot may delete them in a private chat, for
 * 48 hours) and the bot's — questions, the summary, the confirmation, staff questions the outbox
 * relayed, cards, numbers. What it could not delete is said in a pop-up, which leaves nothing on the
 * screen; the one line left in the chat is the menu's usual neutral hint.
 */
export const hideFeature = new FeatureComposer<BotContext>();
const privateChat = hideFeature.chatType("private");

/** The button, for any message of the danger path. */
export const hideButton = (ctx: BotContext) => hideButtonIn(ctx.t);
/** The same, in a dialogue's own language (its confirmation: dialogue/submit.ts). */
export const hideButtonIn = (t: Translate) => button(t("danger-hide"), "dg1:hide");

/** Services whose card shows that danger was met: the card gets «🧹» and the chat is watched. */
const CRISIS_SERVICES = new Set(["crisis-intervention", "shelter"]);
export const isCrisisService = (serviceId: string) => CRISIS_SERVICES.has(serviceId);

/** deleteMessages takes up to 100 ids a call. */
const DELETE_BATCH = 100;

// Every message the resident sends in a private chat is noted (in memory, or in the database where
// danger was met). Not async: for almost every update there is nothing to wait for.
privateChat.on("message", (ctx, next) => {
  const noted = ctx.deps.trail?.note(ctx.chat.id, [ctx.message.message_id], ctx.message.date * 1000);
  return noted ? noted.catch((error: unknown) => logNoteFailed(ctx.deps.logger, error)).then(next) : next();
});

/** Danger was met in this update: from now on this chat's messages are kept to be hidden. */
export async function watchChat(ctx: BotContext, messageIds: readonly number[] = []): Promise<void> {
  if (!ctx.chat || ctx.chat.type !== "private" || !ctx.deps.trail) return;
  await ctx.deps.trail.watch(ctx.chat.id, messageIds);
}

privateChat.callbackQuery("dg1:hide", async (ctx) => {
  const left = await hideConversation(ctx);
  // A pop-up, not a message: nothing of it stays on the screen.
  // In the middle of a request, the pop-up says it was not sent and how to go on («продовжити» asks the question again).
  const done = dialogueActive(ctx) ? ctx.t("hide-done-unsent") : ctx.t("hide-done");
  await ctx.answerCallbackQuery({ text: left === 0 ? done : ctx.t("hide-partial", { count: left }), show_alert: true });
  // The menu again (its keyboard may have gone with the messages), with its usual neutral hint.
  await showMenu(ctx);
});

/**
 * «сховай розмову», «видали все», «🧹» typed where danger was met (session 14's trial: «сховай розмову»
 * found a toddlers' service, «🧹» asked «Додати це до звернення?»): what the button does, the typed
 * message deleted with the rest. Nothing is said (a message would stay on the screen): the menu's
 * neutral hint only. Where danger was never met such words mean nothing here (/delete_me erases data).
 */
privateChat.on("message:text", async (ctx, next) => {
  // Where danger was met only (checked first: every message passes here); the answer to /delete_me's
  // «Видалити всі Ваші дані?» is that question's («видали все»: erase).
  const dangerMet = ctx.session.danger !== undefined || ctx.deps.trail?.isWatched(ctx.chat.id) === true;
  if (!dangerMet || ctx.session.eraseAsked !== undefined) return next();
  const text = ctx.message.text.trim();
  const asked = text === "🧹" || text === ctx.t("danger-hide") || answerBook().wholeMessageOption("hide", text) === "hide";
  if (!asked) return next();
  await hideConversation(ctx);
  await showMenu(ctx);
});

/** Deletes the chat's noted messages (and `pressed`'s); returns how many could not be deleted. */
async function hideConversation(ctx: BotContext): Promise<number> {
  const trail = ctx.deps.trail;
  const chatId = ctx.chat!.id;
  // id → when sent (undefined: not known, tried anyway).
  const ids = new Map<number, Date | undefined>();
  for (const entry of (await trail?.entries(chatId)) ?? []) ids.set(entry.messageId, entry.sentAt);
  for (const id of ctx.session.danger?.messageIds ?? []) if (!ids.has(id)) ids.set(id, undefined);
  const pressed = ctx.callbackQuery?.message;
  // An inaccessible message's date is 0: when it was sent is not known then.
  if (pressed) ids.set(pressed.message_id, pressed.date > 0 ? new Date(pressed.date * 1000) : ids.get(pressed.message_id));
  if (ctx.message) ids.set(ctx.message.message_id, new Date(ctx.message.date * 1000));
  const deletable = (sentAt: Date | undefined) => !sentAt || !trail || trail.deletable(sentAt);
  const tried = [...ids].filter(([, sentAt]) => deletable(sentAt)).map(([id]) => id);
  const old = ids.size - tried.length;
  const failed = await deleteAll(ctx.api, chatId, tried);
  await trail?.forget(chatId, [...ids.keys()]);
  if (ctx.session.danger) ctx.session.danger = { ...ctx.session.danger, messageIds: [] };
  // Her words kept for a request (features/danger.ts) would come back on the screen in its summary; in a
  // request under way, the summary shows them no more (staff still get them).
  delete ctx.session.storyDraft;
  const draft = (ctx.session.dialogue as { draft?: { saidInDanger?: string; saidHidden?: true } } | undefined)?.draft;
  if (draft?.saidInDanger) draft.saidHidden = true;
  const left = old + failed;
  ctx.deps.logger.info({ event: "danger_hidden", deleted: tried.length - failed, left }, "danger messages removed");
  return left;
}

/**
 * Deletes the messages, up to 100 a call (deleteMessages skips those already gone). A batch Telegram
 * refuses is tried one by one, to count honestly what stays. Returns how many could not be deleted.
 */
export async function deleteAll(api: Pick<Api, "deleteMessages" | "deleteMessage">, chatId: number, ids: readonly number[]): Promise<number> {
  let failed = 0;
  for (let start = 0; start < ids.length; start += DELETE_BATCH) {
    const batch = ids.slice(start, start + DELETE_BATCH);
    const ok = await api.deleteMessages(chatId, batch).then(
      () => true,
      () => false,
    );
    if (ok) continue;
    for (const id of batch) {
      const gone = await api.deleteMessage(chatId, id).then(
        () => true,
        // Already gone (the resident deleted it) is gone; anything else stays on the screen.
        (error: unknown) => /not found/i.test(String((error as { description?: string }).description ?? error)),
      );
      if (!gone) failed++;
    }
  }
  return failed;
}

/**
 * Notes what the bot sends to residents' private chats — replies, the dialogue's questions, the outbox's
 * relayed staff messages — so «🧹» can delete it (installed on bot.api: every call passes it).
 */
export function trailTransformer(trail: HideTrail, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (result.ok) {
      const sent = sentMessageIds(method, payload, result.result);
      const noted = sent && trail.note(sent.chatId, sent.ids);
      if (noted) await noted.catch((error: unknown) => logNoteFailed(logger, error));
    }
    return result;
  };
}

function logNoteFailed(logger: Logger, error: unknown): void {
  // The message is there all the same; only «🧹» will not find it.
  logger.warn({ event: "hide_trail_note_failed", err: error }, "could not note a message id to hide later");
}
