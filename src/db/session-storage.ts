import type { StorageAdapter } from "grammy";
import type { PrismaClient } from "./client.ts";

/** Reads remembered to skip writing back a value that did not change; bounded, never used for reads. */
const MAX_REMEMBERED = 10_000;

/**
 * grammY session storage in the database (table session_record), so a resident's choices and their
 * unfinished dialogue survive a restart and are seen by every instance. Each user of the adapter gets
 * its own key prefix. A session that an update did not change is not written back (most updates only
 * read it), which halves the database work of a menu press.
 */
export function databaseStorage<T>(prisma: PrismaClient, prefix: string): StorageAdapter<T> {
  const keyOf = (key: string) => `${prefix}:${key}`;
  const lastRead = new Map<string, string>();
  return {
    async read(key) {
      const row = await prisma.sessionRecord.findUnique({ where: { key: keyOf(key) } });
      if (lastRead.size >= MAX_REMEMBERED) lastRead.clear();
      if (row) lastRead.set(key, JSON.stringify(row.value));
      return (row?.value ?? undefined) as T | undefined;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      const unchanged = lastRead.get(key) === json;
      lastRead.delete(key);
      if (unchanged) return;
      // One statement (Prisma's upsert is a read and a write in a transaction: three round trips).
      await prisma.$executeRaw`
        INSERT INTO session_record (key, value, updated_at) VALUES (${keyOf(key)}, ${json}::jsonb, now())
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;
    },
    async delete(key) {
      lastRead.delete(key);
      await prisma.sessionRecord.deleteMany({ where: { key: keyOf(key) } });
    },
  };
}
