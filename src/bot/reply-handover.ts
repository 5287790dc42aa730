import type { Transformer } from "grammy";
import type { PrismaClient } from "../db/client.ts";
import type { Logger } from "../logger.ts";

/**
 * A direct reply (sent while handling an update, not by the outbox relay) that Telegram refuses with
 * 429 and a retry_after longer than auto-retry waits (5 s) used to be lost: the update failed, and
 * its apology met the same 429. Now such a message to a resident's private chat is handed to the
 * outbox, due after retry_after, and the handler carries on as if sent (its result has
 * message_id 0: a later edit of it fails and is handled like any edit of a vanished message).
 * The relay's own sends are left alone: it retries them itself. So this transformer goes on each
 * update's API (createBot's replyTransformers), not on bot.api, which the relay uses: a call is the
 * relay's by the API it goes through. (It used to tell them apart with an AsyncLocalStorage around the
 * relay's deliveries; on Node 20 one AsyncLocalStorage in use makes every promise of the process pay
 * for async hooks, 2–5× an await's cost: bench/PROFILE-updates.md.)
 */

export function handOverRateLimitedReplies(prisma: PrismaClient, logger: Logger, wake: () => void = () => undefined): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (result.ok || result.error_code !== 429 || method !== "sendMessage") return result;
    const body = payload as { chat_id?: unknown; text?: unknown };
    if (typeof body.chat_id !== "number" || body.chat_id <= 0) return result;
    const retryAfterSeconds = result.parameters?.retry_after ?? 5;
    await prisma.outboxMessage.create({
      data: {
        chatId: BigInt(body.chat_id),
        kind: "direct-reply",
        payload: JSON.parse(JSON.stringify(payload)) as object,
        availableAt: new Date(Date.now() + retryAfterSeconds * 1_000),
      },
    });
    logger.warn({ event: "reply_handed_to_outbox", retryAfterSeconds }, "a reply refused with a long 429 goes through the outbox");
    wake();
    return { ok: true, result: { message_id: 0, date: Math.floor(Date.now() / 1_000), chat: { id: body.chat_id, type: "private" }, text: body.text } } as never;
  };
}
