import type { StorageAdapter } from "grammy";
import type { PrismaClient } from "./client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/**
 * grammY session storage in the database (table session_record), shared by sessions and the
 * conversations plugin, so dialogue state survives a restart and is seen by every instance.
 * Each user of the adapter gets its own key prefix.
 */
export function databaseStorage<T>(prisma: PrismaClient, prefix: string): StorageAdapter<T> {
  const keyOf = (key: string) => `${prefix}:${key}`;
  return {
    async read(key) {
      const row = await prisma.sessionRecord.findUnique({ where: { key: keyOf(key) } });
      return (row?.value ?? undefined) as T | undefined;
    },
    async write(key, value) {
      const json = value as unknown as Prisma.InputJsonValue;
      await prisma.sessionRecord.upsert({
        where: { key: keyOf(key) },
        create: { key: keyOf(key), value: json },
        update: { value: json },
      });
    },
    async delete(key) {
      await prisma.sessionRecord.deleteMany({ where: { key: keyOf(key) } });
    },
  };
}
