import type { MiddlewareFn } from "grammy";
import type { PrismaClient } from "../db/client.ts";
import { sqlOf } from "../db/sql.ts";
import type { Logger } from "../logger.ts";

/**
 * Each update once: Telegram redelivers an update when a webhook call fails or is slow, and a
 * redelivered "send my request" must not create a second request. The update id is recorded before
 * handling (one insert; a conflict means another instance or an earlier call has it) and forgotten
 * again if handling fails, so that Telegram's retry can succeed.
 */
export function dedupeUpdates(prisma: PrismaClient, logger: Logger): MiddlewareFn {
  const sql = sqlOf(prisma);
  return async (ctx, next) => {
    const updateId = BigInt(ctx.update.update_id);
    // Every webhook update runs it: through the driver (src/db/sql.ts), a third of Prisma's cost.
    const inserted = await sql.query(
      "INSERT INTO processed_update (update_id, handled_at) VALUES ($1::bigint, now()) ON CONFLICT (update_id) DO NOTHING RETURNING 1 AS new",
      [String(updateId)],
    );
    if (inserted.length === 0) {
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
