import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { databaseCases } from "../requests/fixtures.ts";

/**
 * src/db/sql.ts: the driver's statements as named prepared statements (PGlite through its wire
 * protocol, src/db/pglite-prepared.ts; pg by name). The same rows as Prisma's raw query, typed the
 * same, every time a statement runs again, inside and outside transactions.
 */
describe.each(databaseCases)("the driver's prepared statements on %s", (_name, target) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await target.create();
    db = await fresh.open();
    drop = fresh.drop;
    await db.prisma.$executeRawUnsafe("CREATE TABLE kv (key text PRIMARY KEY, value jsonb NOT NULL, n int NOT NULL DEFAULT 0, at timestamp(3))");
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  const ROW = `SELECT $1::int AS i, $2::text AS t, $3::bigint::text AS big, $4::jsonb AS j, $5::boolean AS b, $6::text AS nothing,
    cardinality($7::text[]) AS items, ($7::text[])[2] AS second, extract(epoch FROM $8::timestamp)::float8 * 1000 AS ms`;
  const params = [42, "«Привіт», 'quoted' \\ \"x\"", "9007199254740993", JSON.stringify({ a: [1, "два"] }), true, null, ["a", "b,c", 'd"e'], "2026-11-30T05:00:00.000Z"];
  const expected = {
    i: 42,
    t: "«Привіт», 'quoted' \\ \"x\"",
    big: "9007199254740993",
    j: { a: [1, "два"] },
    b: true,
    nothing: null,
    items: 3,
    second: "b,c",
    ms: Date.UTC(2026, 10, 30, 5),
  };

  it("gives the same typed row as Prisma's raw query, the first time and every time after", async () => {
    expect(await db.sql.query(ROW, params)).toEqual([expected]);
    for (let i = 0; i < 8; i++) expect(await db.sql.query(ROW, params)).toEqual([expected]); // past the custom plans
    const [viaPrisma] = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(ROW, ...params);
    expect({ ...viaPrisma, ms: Number(viaPrisma!.ms) }).toEqual(expected);
  });

  it("writes and reads rows, with different values each time", async () => {
    const upsert = "INSERT INTO kv (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, n = kv.n + 1 RETURNING n";
    for (let i = 0; i < 7; i++) await db.sql.query(upsert, [`k${i % 3}`, JSON.stringify({ i })]);
    const rows = await db.sql.query<{ key: string; value: unknown; n: number }>("SELECT key, value, n FROM kv ORDER BY key", []);
    expect(rows).toEqual([
      { key: "k0", value: { i: 6 }, n: 2 },
      { key: "k1", value: { i: 4 }, n: 1 },
      { key: "k2", value: { i: 5 }, n: 1 },
    ]);
    expect(await db.sql.query("SELECT key FROM kv WHERE key = $1", ["none"])).toEqual([]);
  });

  it("reads many rows and long values, in any alphabet, as they were written", async () => {
    // Past the backend's output buffer: the answer comes in several pieces.
    const long = "Житомир, вул. Київська — ".repeat(4_000) + "🙂";
    await db.sql.query("INSERT INTO kv (key, value) VALUES ($1, $2::jsonb)", ["long", JSON.stringify({ long })]);
    const [row] = await db.sql.query<{ value: { long: string } }>("SELECT value FROM kv WHERE key = $1", ["long"]);
    expect(row!.value.long).toBe(long);
    const many = await db.sql.query<{ i: number; s: string | null }>(
      "SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE repeat('ї', i) END AS s FROM generate_series(1, 3000) AS i",
      [],
    );
    expect(many).toHaveLength(3000);
    expect(many[2_999]).toEqual({ i: 3000, s: "ї".repeat(3000) });
    expect(many[6]).toEqual({ i: 7, s: null });
  });

  it("says what went wrong as PostgreSQL does: code, message, detail, constraint", async () => {
    await db.prisma.$executeRawUnsafe("CREATE TABLE kv_checked (n int CONSTRAINT kv_checked_small CHECK (n < 10))");
    await expect(db.sql.query("INSERT INTO kv_checked (n) VALUES ($1::int)", [42])).rejects.toMatchObject({
      code: "23514",
      constraint: "kv_checked_small",
      table: "kv_checked",
      message: expect.stringContaining("kv_checked_small"),
    });
    await expect(db.sql.query("INSERT INTO kv (key, value) VALUES ($1, $2::jsonb)", ["long", "{}"])).rejects.toMatchObject({
      code: "23505",
      detail: expect.stringContaining("(key)=(long)"),
    });
  });

  it("runs them in a transaction: committed together, or rolled back together on a throw", async () => {
    const insert = "INSERT INTO kv (key, value) VALUES ($1, $2::jsonb)";
    await db.sql.transaction(async (tx) => {
      await tx.query(insert, ["t1", "{}"]);
      await tx.query(insert, ["t2", "{}"]);
    });
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query(insert, ["t3", "{}"]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const keys = await db.sql.query<{ key: string }>("SELECT key FROM kv WHERE key LIKE 't%' ORDER BY key", []);
    expect(keys.map((row) => row.key)).toEqual(["t1", "t2"]);
  });

  it("runs a batch in one transaction: the rows of each statement, or nothing written when one fails", async () => {
    const insert = "INSERT INTO kv (key, value) VALUES ($1, $2::jsonb) RETURNING key";
    const count = "SELECT count(*)::int AS n FROM kv WHERE key LIKE 'b%'";
    expect(
      await db.sql.batch([
        { text: insert, params: ["b1", "{}"] },
        { text: count, params: [] }, // sees the statement before it
        { text: "UPDATE kv SET n = n + 1 WHERE key = $1", params: ["nothing"] },
      ]),
    ).toEqual([[{ key: "b1" }], [{ n: 1 }], []]);
    await expect(
      db.sql.batch([
        { text: insert, params: ["b2", "{}"] },
        { text: insert, params: ["b1", "{}"] }, // taken: the batch fails, b2 with it
      ]),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await db.sql.query(count, [])).toEqual([{ n: 1 }]);
    expect(await db.sql.batch([{ text: insert, params: ["b3", "{}"] }])).toEqual([[{ key: "b3" }]]);
  });

  it("runs a batch's statements in one transaction and types their rows as a query's", async () => {
    expect(db.sql.batchIsOneRoundTrip).toBe(true); // PGlite's prepared statements; pg's pipelined batch (src/db/pg-batch.ts)
    const xid = "SELECT txid_current()::text AS xid";
    const [[first], [second], rows, again] = (await db.sql.batch([
      { text: xid, params: [] },
      { text: xid, params: [] }, // the same statement twice: prepared once
      { text: ROW, params },
      { text: ROW, params },
    ])) as [[{ xid: string }], [{ xid: string }], unknown[], unknown[]];
    expect(second!.xid).toBe(first!.xid);
    expect(rows).toEqual([expected]);
    expect(again).toEqual([expected]);
    const [[alone]] = (await db.sql.batch([{ text: xid, params: [] }])) as [[{ xid: string }]];
    expect(alone!.xid).not.toBe(first!.xid);
    expect(await db.sql.query(ROW, params)).toEqual([expected]); // a statement a batch prepared, as a query
  });

  it("keeps working after batches that fail: a taken key, a statement that does not parse, a value that cannot be sent", async () => {
    const insert = "INSERT INTO kv (key, value) VALUES ($1, $2::jsonb) RETURNING key";
    const fresh = `INSERT INTO kv (key, value) VALUES ($1, $2::jsonb) RETURNING key, 'fresh' AS how`; // first met in a failing batch
    await db.sql.query(insert, ["f0", "{}"]);
    for (let round = 0; round < 3; round++) {
      await expect(
        db.sql.batch([
          { text: fresh, params: [`f${round + 1}`, "{}"] },
          { text: insert, params: ["f0", "{}"] },
        ]),
      ).rejects.toMatchObject({ code: "23505" });
      await expect(db.sql.batch([{ text: insert, params: [`g${round}`, "{}"] }, { text: "SELEC nope", params: [] }])).rejects.toMatchObject({ code: "42601" });
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(db.sql.batch([{ text: insert, params: [`h${round}`, circular] }])).rejects.toThrow();
    }
    // First met in a batch that fails when it runs (after its Parse): usable after, in a batch and alone.
    const failing = `INSERT INTO kv (key, value) VALUES ($1, $2::jsonb) RETURNING key, 'failing' AS how`;
    await expect(db.sql.batch([{ text: "SELECT $1::int AS one", params: [1] }, { text: failing, params: ["f0", "{}"] }])).rejects.toMatchObject({ code: "23505" });
    await expect(db.sql.batch([{ text: failing, params: ["f0", "{}"] }])).rejects.toMatchObject({ code: "23505" });
    expect(await db.sql.batch([{ text: failing, params: ["f7", "{}"] }])).toEqual([[{ key: "f7", how: "failing" }]]);
    expect(await db.sql.query(failing, ["f6", "{}"])).toEqual([{ key: "f6", how: "failing" }]);
    const keys = await db.sql.query<{ key: string }>("SELECT key FROM kv WHERE key ~ '^[fgh]' ORDER BY key", []);
    expect(keys.map((row) => row.key)).toEqual(["f0", "f6", "f7"]);
    expect(await db.sql.batch([{ text: fresh, params: ["f9", "{}"] }])).toEqual([[{ key: "f9", how: "fresh" }]]);
    expect(await db.sql.query(fresh, ["f8", "{}"])).toEqual([{ key: "f8", how: "fresh" }]);
  });

  it("commits nothing of a batch whose connection is lost while it waits for a lock, and goes on", async () => {
    if (target.name !== "postgresql") return; // PGlite has no connection to lose
    const insert = "INSERT INTO kv (key, value) VALUES ($1, $2::jsonb) RETURNING key";
    const bump = "UPDATE kv SET n = n + 1 WHERE key = $1 RETURNING n";
    await db.sql.query(insert, ["held", "{}"]);
    await db.sql.batch([{ text: bump, params: ["held"] }]);
    let batch: Promise<unknown[][]> | undefined;
    let ended = false;
    await db.sql.transaction(async (tx) => {
      await tx.query("SELECT key FROM kv WHERE key = $1 FOR UPDATE", ["held"]);
      batch = db.sql.batch([
        { text: insert, params: ["lost", "{}"] },
        { text: bump, params: ["held"] }, // waits for the lock above
      ]);
      batch.catch(() => undefined);
      for (let attempt = 0; attempt < 200 && !ended; attempt++) {
        // From another connection: a transaction sees pg_stat_activity as it was when it first looked.
        const [waiting] = await db.sql.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE kv SET n = n + 1%'",
          [],
        );
        if (waiting) ended = (await db.sql.query<{ ended: boolean }>("SELECT pg_terminate_backend($1::int) AS ended", [waiting.pid]))[0]!.ended;
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
    });
    expect(ended).toBe(true);
    await expect(batch!).rejects.toThrow();
    expect(await db.sql.query("SELECT key, n FROM kv WHERE key IN ('held', 'lost') ORDER BY key", [])).toEqual([{ key: "held", n: 1 }]);
    expect(await db.sql.batch([{ text: bump, params: ["held"] }, { text: insert, params: ["lost", "{}"] }])).toEqual([[{ n: 2 }], [{ key: "lost" }]]);
  });

  it("runs batches and queries at the same time, each batch whole", async () => {
    const insert = "INSERT INTO kv (key, value, n) VALUES ($1, $2::jsonb, $3::int)";
    const sum = "SELECT coalesce(sum(n), 0)::int AS total, count(*)::int AS rows FROM kv WHERE key LIKE $1";
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? db.sql.query(sum, ["c%"])
          : db.sql.batch([
              { text: insert, params: [`c${i}a`, "{}", i] },
              { text: insert, params: [`c${i}b`, "{}", -i] },
              { text: sum, params: [`c${i}_`] },
            ]),
      ),
    );
    for (const [i, result] of results.entries()) {
      if (i % 3 === 0) expect((result as Array<{ total: number; rows: number }>)[0]!.total).toBe(0); // a pair is never seen half-written
      else expect((result as unknown[][])[2]).toEqual([{ total: 0, rows: 2 }]);
    }
    expect(await db.sql.query(sum, ["c%"])).toEqual([{ total: 0, rows: 40 }]);
  });

  it("reports a statement's error, and the next statements still run", async () => {
    const insert = "INSERT INTO kv (key, value) VALUES ($1, $2::jsonb)";
    await expect(db.sql.query(insert, ["t1", "{}"])).rejects.toMatchObject({ code: "23505" }); // unique violation
    await expect(db.sql.query("SELECT nope FROM kv", [])).rejects.toThrow(/nope/);
    expect(await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM kv WHERE key = $1", ["t1"])).toEqual([{ n: 1 }]);
  });

  it("prepares a statement again when the session's statements were dropped (DEALLOCATE ALL)", async () => {
    const select = "SELECT $1::text || '!' AS said";
    expect(await db.sql.query(select, ["hi"])).toEqual([{ said: "hi!" }]);
    if (target.name === "postgresql") return; // pg's pool keeps its own record of what a connection prepared
    await db.sql.query("DEALLOCATE ALL", []);
    expect(await db.sql.query(select, ["again"])).toEqual([{ said: "again!" }]);
  });
});

describe("a pool connection lost while it is checked out (the server stopped: 57P01)", () => {
  it("is noted, not an unheard 'error' event, and dropped on release instead of given back", async () => {
    const { EventEmitter } = await import("node:events");
    const { poolSql } = await import("../../src/db/sql.ts");
    const released: unknown[] = [];
    const client = Object.assign(new EventEmitter(), {
      query: async () => ({ rows: [] }),
      release: (broken?: unknown) => released.push(broken),
    });
    const pool = { connect: async () => client, query: async () => ({ rows: [] }) };
    const sql = poolSql(pool as never);
    const lost = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    // Emitted with no listener, an 'error' event throws (and, from a socket, ends the process).
    await sql.transaction(async () => {
      client.emit("error", lost);
    });
    expect(released).toEqual([lost]);
    expect(client.listenerCount("error")).toBe(0);
    await sql.transaction(async () => undefined);
    expect(released).toEqual([lost, undefined]);
  });
});
