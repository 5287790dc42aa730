import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupedWrites, SessionStore } from "../../src/db/session-storage.ts";
import { GATHER_MS } from "../../src/db/gathering.ts";
import type { Sql, Statement } from "../../src/db/sql.ts";
import { expireAbandonedDrafts } from "../../src/requests/drafts.ts";
import { databaseCases, openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";

interface Session {
  communityId?: string;
  dialogue?: unknown;
}

describe.each(databaseCases)("session storage on %s", (_name, target) => {
  let db: RequestsDatabase;
  beforeAll(async () => {
    db = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await db.close();
  });

  const rowOf = async (key: string) => db.prisma.sessionRecord.findUnique({ where: { key } });
  const changeBehindTheStore = (key: string, value: Session) => db.prisma.sessionRecord.update({ where: { key }, data: { value: value as object } });

  it("without a cache reads the database every time, and skips writing back what did not change", async () => {
    const store = new SessionStore<Session>(db.prisma, "session");
    const storage = store.adapter();
    expect(await storage.read("601")).toBeUndefined();
    await storage.write("601", { communityId: "zhytomyr" });
    expect((await rowOf("session:601"))?.value).toEqual({ communityId: "zhytomyr" });

    await changeBehindTheStore("session:601", { communityId: "vinnytsia" });
    expect(await storage.read("601")).toEqual({ communityId: "vinnytsia" }); // another instance's change is seen

    const before = (await rowOf("session:601"))!.updatedAt;
    await storage.write("601", { communityId: "vinnytsia" }); // unchanged: no write
    expect((await rowOf("session:601"))!.updatedAt).toEqual(before);
    expect(store.cached).toBe(0);
  });

  it("with a cache reads a session once, writes every change through, and forgets what the sweeper changed", async () => {
    const store = new SessionStore<Session>(db.prisma, "session", { cacheSize: 10 });
    const storage = store.adapter();
    await storage.write("602", { communityId: "zhytomyr", dialogue: { step: "name" } });
    expect((await rowOf("session:602"))?.value).toEqual({ communityId: "zhytomyr", dialogue: { step: "name" } });

    // Held in memory: a change behind the store's back is not seen (long polling: nobody else changes it)…
    await changeBehindTheStore("session:602", { communityId: "vinnytsia" });
    const cached = await storage.read("602");
    expect(cached).toEqual({ communityId: "zhytomyr", dialogue: { step: "name" } });
    // … and what a handler does to the object it got does not leak into the cache before it is written.
    cached!.communityId = "changed by a handler that then failed";
    expect(await storage.read("602")).toEqual({ communityId: "zhytomyr", dialogue: { step: "name" } });

    // The abandoned-dialogue sweeper changes rows in SQL and says which: the store drops its copies.
    await db.prisma.sessionRecord.update({ where: { key: "session:602" }, data: { value: { communityId: "zhytomyr", dialogue: { step: "name" } } } });
    await db.prisma.$executeRawUnsafe(`UPDATE session_record SET updated_at = now() - interval '2 hours' WHERE key = 'session:602'`);
    store.forget(await expireAbandonedDrafts(db.prisma, new Date(Date.now() - 60 * 60_000)));
    expect(await storage.read("602")).toEqual({ communityId: "zhytomyr" });

    await storage.delete("602");
    expect(await rowOf("session:602")).toBeNull();
    expect(await storage.read("602")).toBeUndefined();
  });

  it("with a cache keeps at most cacheSize sessions, dropping the least recently used", async () => {
    const store = new SessionStore<Session>(db.prisma, "session", { cacheSize: 2 });
    const storage = store.adapter();
    await storage.write("611", { communityId: "a" });
    await storage.write("612", { communityId: "b" });
    await storage.read("611"); // 612 is now the least recently used
    await storage.write("613", { communityId: "c" });
    expect(store.cached).toBe(2);

    await changeBehindTheStore("session:611", { communityId: "a2" });
    await changeBehindTheStore("session:612", { communityId: "b2" });
    expect(await storage.read("611")).toEqual({ communityId: "a" }); // still cached
    expect(await storage.read("612")).toEqual({ communityId: "b2" }); // dropped, read again
  });

  it("with a cache keeps the database's value when a write fails", async () => {
    const store = new SessionStore<Session>(db.prisma, "session", { cacheSize: 10 });
    const storage = store.adapter();
    await storage.write("621", { communityId: "zhytomyr" });
    const failing = new SessionStore<Session>(
      // A client of its own (not openDatabase's) goes through Prisma's raw queries: its writes fail here.
      new Proxy(db.prisma, {
        get: (prisma, name) =>
          name === "$queryRawUnsafe"
            ? (text: string, ...params: unknown[]) => (text.startsWith("INSERT") ? Promise.reject(new Error("database away")) : prisma.$queryRawUnsafe(text, ...params))
            : Reflect.get(prisma, name),
      }),
      "session",
      { cacheSize: 10 },
    );
    const failingStorage = failing.adapter();
    expect(await failingStorage.read("621")).toEqual({ communityId: "zhytomyr" });
    await expect(failingStorage.write("621", { communityId: "lost" })).rejects.toThrow("database away");
    expect(await failingStorage.read("621")).toEqual({ communityId: "zhytomyr" });
  });

  it.each([
    ["without a cache", 0],
    ["with a cache", 10],
  ])("%s writes a session with other statements, all or nothing, and the update's own write then skips it", async (_name, cacheSize) => {
    const store = new SessionStore<Session>(db.prisma, "session", { cacheSize });
    const storage = store.adapter();
    const key = `63${cacheSize}`;
    await storage.write(key, { communityId: "zhytomyr", dialogue: { step: "summary" } });
    await storage.read(key); // the update's read

    const failed = store.pendingWrite(key, { communityId: "zhytomyr" });
    await expect(db.db.sql.batch([{ text: "SELECT 1 / 0", params: [] }, failed.statement])).rejects.toMatchObject({ code: "22012" });
    expect((await rowOf(`session:${key}`))?.value).toEqual({ communityId: "zhytomyr", dialogue: { step: "summary" } }); // rolled back

    const pending = store.pendingWrite(key, { communityId: "zhytomyr" });
    await db.db.sql.batch([{ text: "SELECT 1", params: [] }, pending.statement]);
    pending.written();
    expect((await rowOf(`session:${key}`))?.value).toEqual({ communityId: "zhytomyr" });
    const at = (await rowOf(`session:${key}`))!.updatedAt;
    await storage.write(key, { communityId: "zhytomyr" }); // unchanged since: not written again
    expect((await rowOf(`session:${key}`))!.updatedAt).toEqual(at);
    await storage.read(key);
    await storage.write(key, { communityId: "vinnytsia" }); // changed: written
    expect((await rowOf(`session:${key}`))?.value).toEqual({ communityId: "vinnytsia" });
  });

  it("writes the sessions of many chats at once, each as it was last written", async () => {
    const store = new SessionStore<Session>(db.prisma, "session", { cacheSize: 100 });
    const storage = store.adapter();
    const chats = Array.from({ length: 40 }, (_, i) => String(700 + i));
    for (let round = 0; round < 3; round++) {
      await Promise.all(chats.map((chat) => storage.write(chat, { communityId: `c${round}`, dialogue: { chat, round } })));
    }
    const rows = await db.prisma.sessionRecord.findMany({ where: { key: { in: chats.map((chat) => `session:${chat}`) } } });
    expect(rows).toHaveLength(40);
    for (const row of rows) expect(row.value).toEqual({ communityId: "c2", dialogue: { chat: row.key.slice("session:".length), round: 2 } });
  });
});

/** A database whose batches wait until the test lets them go, and fail on a statement marked «fail». */
function heldSql() {
  const batches: Statement[][] = [];
  const alone: Statement[] = [];
  const held: Array<() => void> = [];
  const failing = (statements: readonly Statement[]) => statements.some(({ text }) => text === "fail");
  const sql: Sql = {
    batchIsOneRoundTrip: true,
    batch: (statements) => {
      batches.push([...statements]);
      return new Promise((resolve, reject) => held.push(() => (failing(statements) ? reject(new Error("failed")) : resolve(statements.map(() => [])))));
    },
    query: async (text, params = []) => {
      alone.push({ text, params });
      if (text === "fail") throw new Error("failed alone");
      return [];
    },
    transaction: () => Promise.reject(new Error("not used")),
  };
  const release = async () => {
    held.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { sql, batches, alone, release };
}

describe("session writes of several chats at once (GroupedWrites)", () => {
  const write = (text: string): Statement => ({ text, params: [] });

  it("waits a moment for other chats' writes and sends them as one batch; those that come while it is on its way go in the next", async () => {
    const { sql, batches, release } = heldSql();
    const writes = new GroupedWrites(sql, { gatherMs: 5, othersComing: () => true });
    const done: string[] = [];
    const first = ["a", "b"].map((text) => writes.write(write(text)).then(() => done.push(text)));
    expect(batches).toEqual([]); // held back for company
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[write("a"), write("b")]]);
    const later = writes.write(write("c")).then(() => done.push("c"));
    expect(batches).toHaveLength(1);
    await release();
    await Promise.all(first);
    expect(done).toEqual(["a", "b"]); // c not committed yet
    expect(batches).toEqual([[write("a"), write("b")], [write("c")]]); // c did not wait again
    await release();
    await later;
    expect(done).toEqual(["a", "b", "c"]);
  });

  it("waits GATHER_MS by default while other updates are under way, and a write alone goes after it", async () => {
    const { sql, batches, release } = heldSql();
    const writes = new GroupedWrites(sql, { othersComing: () => true });
    const alone = writes.write(write("a"));
    expect(batches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, GATHER_MS + 20));
    expect(batches).toEqual([[write("a")]]);
    await release();
    await alone;
  });

  it("waits for nothing when no other update is under way (one resident alone)", async () => {
    const { sql, batches, release } = heldSql();
    const writes = new GroupedWrites(sql, { othersComing: () => false });
    const alone = writes.write(write("a"));
    expect(batches).toEqual([[write("a")]]);
    await release();
    await alone;
  });

  it("without a wait, sends a write at once when none is on its way, and those that came meanwhile together after it", async () => {
    const { sql, batches, release } = heldSql();
    const writes = new GroupedWrites(sql, { gatherMs: 0 });
    const done: string[] = [];
    const first = writes.write(write("a")).then(() => done.push("a"));
    expect(batches).toEqual([[write("a")]]); // not held back for company
    const later = ["b", "c", "d"].map((text) => writes.write(write(text)).then(() => done.push(text)));
    expect(batches).toHaveLength(1);
    await release();
    await first;
    expect(done).toEqual(["a"]); // b, c, d not committed yet
    expect(batches).toEqual([[write("a")], [write("b"), write("c"), write("d")]]);
    await release();
    await Promise.all(later);
    expect(done).toEqual(["a", "b", "c", "d"]);
  });

  it("runs a failed batch's writes one at a time: each succeeds or fails on its own", async () => {
    const { sql, batches, alone, release } = heldSql();
    const writes = new GroupedWrites(sql, { gatherMs: 0 });
    const first = writes.write(write("a"));
    const results = ["b", "fail", "c"].map((text) => writes.write(write(text)).then(() => "ok", (error: Error) => error.message));
    await release();
    await first;
    await release();
    expect(await Promise.all(results)).toEqual(["ok", "failed alone", "ok"]);
    expect(batches).toHaveLength(2);
    expect(alone.map(({ text }) => text)).toEqual(["b", "fail", "c"]);
    // And goes on: the next write is sent at once.
    const next = writes.write(write("e"));
    expect(batches.at(-1)).toEqual([write("e")]);
    await release();
    await next;
  });

  it("sends the writes that waited in the order of their keys, at most 64 at a time", async () => {
    const { sql, batches, release } = heldSql();
    const writes = new GroupedWrites(sql, { gatherMs: 0 });
    const keyed = (key: string): Statement => ({ text: "w", params: [key, "{}"] });
    const first = writes.write(keyed("session:5"));
    const keys = Array.from({ length: 70 }, (_, i) => `session:${(i * 37) % 70}`);
    const later = keys.map((key) => writes.write(keyed(key)));
    await release();
    await first;
    const second = batches[1]!.map((statement) => String(statement.params[0]));
    expect(second).toHaveLength(64);
    expect(second).toEqual([...keys.slice(0, 64)].sort());
    await release();
    expect(batches[2]!.map((statement) => String(statement.params[0]))).toEqual([...keys.slice(64)].sort());
    await release();
    await Promise.all(later);
  });

  it("sends each write alone where a batch is not one round trip", async () => {
    const { sql, batches, alone } = heldSql();
    const writes = new GroupedWrites({ ...sql, batchIsOneRoundTrip: false });
    await Promise.all(["a", "b"].map((text) => writes.write(write(text))));
    expect(batches).toEqual([]);
    expect(alone.map(({ text }) => text)).toEqual(["a", "b"]);
  });
});
