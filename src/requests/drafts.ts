import type { PrismaClient } from "../db/client.ts";

/** A dialogue's submit key as it appears in its stored state (request-dialogue.ts chooses it). */
const SUBMIT_KEY_RE = /hhsk-[A-Za-z0-9_-]{12}/g;

/**
 * Unfinished request dialogues hold personal data (a name, a phone) that nobody will ever send.
 * A dialogue lives in its chat's session row (`dialogue`); one untouched for longer than the timeout
 * is removed from the row, and the resident gets a short note — unless the dialogue's request was in
 * fact sent (its submit key made a request, and only the dialogue's last save was lost in a crash):
 * then the note, which says nothing was saved, would be false, and none is sent. The dialogue's own
 * check (request-dialogue.ts) covers a resident who answers before this runs. Returns the session rows
 * it changed (their keys), so a process that keeps sessions in memory can drop its copies.
 */
export async function expireAbandonedDrafts(prisma: PrismaClient, olderThan: Date): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const expired = await tx.$queryRaw<Array<{ key: string; dialogue: string | null }>>`
      WITH old AS (
        SELECT key, (value -> 'dialogue')::text AS dialogue FROM session_record
        WHERE key LIKE 'session:%' AND value ? 'dialogue' AND updated_at < ${olderThan}
        FOR UPDATE
      )
      UPDATE session_record SET value = value - 'dialogue', updated_at = now()
      FROM old WHERE session_record.key = old.key
      RETURNING session_record.key AS key, old.dialogue AS dialogue`;
    const keysOf = (dialogue: string | null) => [...new Set(dialogue?.match(SUBMIT_KEY_RE) ?? [])];
    const submitKeys = expired.flatMap((row) => keysOf(row.dialogue));
    const sent = new Set(
      submitKeys.length === 0
        ? []
        : (await tx.helpRequest.findMany({ where: { submitKey: { in: submitKeys } }, select: { submitKey: true } })).map((row) => row.submitKey),
    );
    const privateChats = expired
      .filter((row) => !keysOf(row.dialogue).some((key) => sent.has(key)))
      .map((row) => row.key.slice("session:".length))
      .filter((chat) => /^\d+$/.test(chat));
    if (privateChats.length > 0) {
      await tx.outboxMessage.createMany({
        data: privateChats.map((chat) => ({ chatId: BigInt(chat), kind: "dialogue-expired", payload: {} })),
      });
    }
    return expired.map((row) => row.key);
  });
}
