import type { PrismaClient } from "../db/client.ts";

/**
 * Unfinished request dialogues hold personal data (a name, a phone) that nobody will ever send.
 * A dialogue lives in its chat's session row (`dialogue`); one untouched for longer than the timeout
 * is removed from the row, and the resident gets a short note. The dialogue's own check
 * (request-dialogue.ts) covers a resident who answers before this runs. Returns the session rows it
 * changed (their keys), so a process that keeps sessions in memory can drop its copies.
 */
export async function expireAbandonedDrafts(prisma: PrismaClient, olderThan: Date): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const expired = await tx.$queryRaw<Array<{ key: string }>>`
      UPDATE session_record SET value = value - 'dialogue', updated_at = now()
      WHERE key LIKE 'session:%' AND value ? 'dialogue' AND updated_at < ${olderThan}
      RETURNING key`;
    const privateChats = expired.map((row) => row.key.slice("session:".length)).filter((chat) => /^\d+$/.test(chat));
    if (privateChats.length > 0) {
      await tx.outboxMessage.createMany({
        data: privateChats.map((chat) => ({ chatId: BigInt(chat), kind: "dialogue-expired", payload: {} })),
      });
    }
    return expired.map((row) => row.key);
  });
}
