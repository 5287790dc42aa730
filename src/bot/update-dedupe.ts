import type { MiddlewareFn } from "grammy";
import type { PrismaClient } from "../db/client.ts";
import type { Logger } from "../logger.ts";

/**
 * Each update once: Telegram redelivers an update when a webhook call fails or is slow, and a
 * redelivered "send my request" must not create a second request. The update id is recorded before
 * handling (one insert; a conflict means another instance or an earlier call has it) and forgotten
 * again if handling fails, so that Telegram's retry can succeed.
 */
export function dedupeUpdates(prisma: PrismaClient, logger: Logger): MiddlewareFn {
  return async (ctx, next) => {
    const updateId = BigInt(ctx.update.update_id);
    const inserted = await prisma.$executeRaw`
      INSERT INTO processed_update (update_id, handled_at) VALUES (${updateId}, now()) ON CONFLICT (update_id) DO NOTHING`;
    if (inserted === 0) {
      logger.info({ event: "duplicate_update_skipped", update: ctx.update.update_id }, "update already handled");
      return;
    }
    try {
      await next();
    } catch (error) {
      await prisma.processedUpdate.deleteMany({ where: { updateId } }).catch(() => undefined);
      throw error;
    }
  };
}

/** Forgets handled updates older than a day (Telegram keeps undelivered updates for 24 hours). */
export async function pruneProcessedUpdates(prisma: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await prisma.processedUpdate.deleteMany({ where: { handledAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}
