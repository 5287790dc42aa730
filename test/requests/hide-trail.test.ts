import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { HideTrail, KEEP_DAYS, sentMessageIds } from "../../src/requests/hide-trail.ts";
import { deleteAll } from "../../src/bot/features/hide.ts";
import { openMigratedPglite } from "../helpers/databases.ts";

/**
 * «🧹 Приховати розмову»'s message ids: kept in memory until danger is met in the chat, then in the
 * database (a restart and the outbox's other path keep them), ids only, swept and erased.
 */
let db: Database;
let clock = Date.UTC(2026, 10, 30, 10, 0);
const now = () => clock;

beforeAll(async () => {
  db = await openMigratedPglite();
}, 120_000);
afterAll(async () => {
  await db.close();
});

describe("HideTrail", () => {
  it("keeps ids in memory until danger is met, then writes them and every later one; a new process reads them", async () => {
    const trail = new HideTrail(db.prisma, { now, recentPerChat: 3 });
    expect(trail.note(501, [1])).toBeUndefined(); // nothing to wait for: memory only
    trail.note(501, [2, 3, 4]);
    expect(await db.prisma.trailMessage.count({ where: { chatId: 501n } })).toBe(0);
    await trail.watch(501, [9]);
    await trail.note(501, [10]);
    // The oldest fell out of the 3 kept in memory; 9 (a pressed message) and 10 (after) are written.
    expect((await trail.entries(501)).map((e) => e.messageId)).toEqual([2, 3, 4, 9, 10]);
    const restarted = new HideTrail(db.prisma, { now });
    expect(restarted.isWatched(501)).toBe(false);
    await restarted.load();
    expect(restarted.isWatched(501)).toBe(true);
    await restarted.note(501, [11]);
    expect((await restarted.entries(501)).map((e) => e.messageId)).toEqual([2, 3, 4, 9, 10, 11]);
    // Nothing but ids and times is stored.
    const row = await db.prisma.trailMessage.findFirstOrThrow({ where: { chatId: 501n } });
    expect(Object.keys(row).sort()).toEqual(["chatId", "messageId", "sentAt"]);
  });

  it("says which ids are past Telegram's 48 hours, forgets what was tried, sweeps old ids and erases a chat", async () => {
    const trail = new HideTrail(db.prisma, { now });
    await trail.watch(502);
    await trail.note(502, [1], clock - 50 * 3_600_000);
    await trail.note(502, [2], clock - 3_600_000);
    const [old, fresh] = await trail.entries(502);
    expect(trail.deletable(old!.sentAt)).toBe(false);
    expect(trail.deletable(fresh!.sentAt)).toBe(true);
    await trail.forget(502, [2]);
    expect((await trail.entries(502)).map((e) => e.messageId)).toEqual([1]);
    await trail.note(502, [3], clock - (KEEP_DAYS + 1) * 86_400_000);
    await trail.sweep();
    expect((await trail.entries(502)).map((e) => e.messageId)).toEqual([1]);
    await trail.erase(502);
    expect(await db.prisma.trailMessage.count({ where: { chatId: 502n } })).toBe(0);
    expect(await db.prisma.trailChat.count({ where: { chatId: 502n } })).toBe(0);
    expect(trail.isWatched(502)).toBe(false);
  });

  it("reads the ids a send put in a private chat, and none from a group", () => {
    expect(sentMessageIds("sendMessage", { chat_id: 7 }, { message_id: 5 })).toEqual({ chatId: 7, ids: [5] });
    expect(sentMessageIds("sendMediaGroup", { chat_id: "7" }, [{ message_id: 5 }, { message_id: 6 }])).toEqual({ chatId: 7, ids: [5, 6] });
    expect(sentMessageIds("sendMessage", { chat_id: -100 }, { message_id: 5 })).toBeUndefined();
    expect(sentMessageIds("editMessageText", { chat_id: 7 }, { message_id: 5 })).toBeUndefined();
  });
});

describe("deleteAll", () => {
  it("deletes up to 100 ids a call; a refused batch is tried one by one, and only what cannot go counts as left", async () => {
    const batches: number[][] = [];
    const single: number[] = [];
    const api = {
      deleteMessages: async (_chat: number | string, ids: number[]) => {
        batches.push(ids);
        if (ids.includes(250)) throw Object.assign(new Error("refused"), { description: "Bad Request: message can't be deleted" });
        return true as const;
      },
      deleteMessage: async (_chat: number | string, id: number) => {
        single.push(id);
        if (id === 250) throw Object.assign(new Error("old"), { description: "Bad Request: message can't be deleted for everyone" });
        if (id === 251) throw Object.assign(new Error("gone"), { description: "Bad Request: message to delete not found" });
        return true as const;
      },
    };
    const ids = Array.from({ length: 260 }, (_, i) => i + 1);
    expect(await deleteAll(api, 7, ids)).toBe(1);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 60]);
    expect(single).toHaveLength(60);
  });
});
