import type { PrismaClient } from "../db/client.ts";

/**
 * Unfinished request dialogues hold personal data (a name, a phone) that nobody will ever send.
 * Those untouched for longer than the timeout are deleted, and the resident gets a short note.
 * The dialogue's own check (request-dialogue.ts) covers a resident who answers before this runs.
 */
export async function expireAbandonedDrafts(prisma: PrismaClient, olderThan: Date): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const stale = await tx.sessionRecord.findMany({
      where: { key: { startsWith: "conversation:" }, updatedAt: { lt: olderThan } },
      select: { key: true },
    });
    if (stale.length === 0) return 0;
    await tx.sessionRecord.deleteMany({ where: { key: { in: stale.map((row) => row.key) } } });
    const privateChats = stale.map((row) => row.key.slice("conversation:".length)).filter((chat) => /^\d+$/.test(chat));
    await tx.outboxMessage.createMany({
      data: privateChats.map((chat) => ({ chatId: BigInt(chat), kind: "dialogue-expired", payload: {} })),
    });
    return stale.length;
  });
}
