import type { MiddlewareFn } from "grammy";
import type { Message, Update } from "grammy/types";
import { hasVisibleText } from "../../requests/text.ts";
import type { BotContext } from "../context.ts";

/**
 * First aid for updates, before anything reads or stores them.
 */

/**
 * Updates the bot has nothing to do with stop here, before they cost a session read or write: those
 * without a chat (inline queries, payments, poll answers, kinds of update Telegram adds later, a
 * button on an inline message) and channel posts. Without a chat there is no session key, and the
 * first handler to touch the session threw ("getSessionKey returned undefined"). A button press is
 * still answered, so the resident's spinner stops.
 */
export const ignoreUnservedUpdates: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (ctx.chat !== undefined && ctx.chat.type !== "channel") return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
};

/** What PostgreSQL cannot store in text or jsonb: U+0000, and a UTF-16 surrogate without its pair. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Whether a string may hold one (a NUL or any surrogate): most hold neither, and this test is cheap. */
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

function makeStorable(value: unknown, depth: number): unknown {
  if (typeof value === "string") return MAYBE_UNSTORABLE.test(value) ? value.replace(UNSTORABLE, "\uFFFD") : value;
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = makeStorable(value[i], depth + 1);
  } else {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = makeStorable(record[key], depth + 1);
  }
  return value;
}

/**
 * A text or caption with nothing visible in it (zero-width spaces, a Hangul filler, the braille
 * blank, combining marks alone …) becomes "": every handler then treats it as the empty answer it
 * looks like (the dialogue asks again, a follow-up message is refused, a staff reply is not relayed),
 * where it used to be taken as a name or a message made of nothing. Its entities go with it.
 */
function blankInvisibleText(message: Message | undefined): void {
  if (!message) return;
  if (typeof message.text === "string" && message.text !== "" && !hasVisibleText(message.text)) {
    message.text = "";
    delete message.entities;
  }
  if (typeof message.caption === "string" && message.caption !== "" && !hasVisibleText(message.caption)) {
    message.caption = "";
    delete message.caption_entities;
  }
}

/**
 * The update as the bot can read and store it. Replaces, everywhere in the update, the characters the
 * database refuses (with U+FFFD, the same length, so entity offsets stay right): a message with a NUL
 * in it used to fail when the dialogue stored it ("unsupported Unicode escape sequence"), every time
 * the resident tried again. And a message's text with nothing visible in it is no text (above).
 */
export const storableUpdate: MiddlewareFn<BotContext> = (ctx, next) => {
  const update: Update = ctx.update;
  makeStorable(update, 0);
  blankInvisibleText(update.message);
  blankInvisibleText(update.edited_message);
  return next();
};
