import { PGlite, messages, protocol } from "@electric-sql/pglite";
import { Prisma } from "../../src/generated/prisma/client.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { preparedStatements, statementName, type PGliteProtocol } from "../../src/db/pglite-prepared.ts";
import { preparedForPrisma, type AdapterPGlite } from "../../src/db/pglite-prisma.ts";
import { openMigratedPglite } from "../helpers/databases.ts";

/**
 * src/db/pglite-prisma.ts: Prisma's queries on PGlite run as named prepared statements. Every column
 * type the schema uses comes back as written, errors are Prisma's own (P2002 for a taken key), counts
 * of changed rows are right, transactions commit or roll back whole, and the statements really are
 * prepared (PostgreSQL's pg_prepared_statements).
 */
describe("Prisma on PGlite through prepared statements", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openMigratedPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  it("writes and reads every column type the schema uses, the same every time", async () => {
    await db.prisma.community.create({ data: { id: "c1", name: { uk: "Громада «Ї»", en: 'C "1"' }, requestPrefix: "Ж" } });
    for (let round = 0; round < 8; round++) {
      // Past PostgreSQL's five custom plans: the generic plan must give the same rows.
      const staff = [9_007_199_254_740_993n + BigInt(round), -5n];
      const key = `c1/d${round}`;
      await db.prisma.department.create({
        data: { key, communityId: "c1", slug: `d${round}`, position: round, name: { uk: `Відділ ${round}`, tags: ["a", null, 1.5] }, chatId: -1_001_234_567_890n, staffUserIds: staff, adminsAreStaff: round % 2 === 0 },
      });
      const read = await db.prisma.department.findUniqueOrThrow({ where: { key } });
      expect(read).toMatchObject({ key, chatId: -1_001_234_567_890n, staffUserIds: staff, adminsAreStaff: round % 2 === 0, name: { uk: `Відділ ${round}`, tags: ["a", null, 1.5] } });
    }
    const at = new Date("2026-11-30T05:06:07.089Z");
    await db.prisma.service.create({ data: { id: "svc", name: { uk: "Послуга" }, summary: {}, synonyms: ["Догляд", "a,b", 'c"d', ""], categories: [], free: null } });
    const service = await db.prisma.service.findUniqueOrThrow({ where: { id: "svc" } });
    expect(service).toMatchObject({ synonyms: ["Догляд", "a,b", 'c"d', ""], categories: [], free: null, description: null });
    expect(service.updatedAt).toBeInstanceOf(Date);
    await db.prisma.resident.create({ data: { id: 42n, createdAt: at, blockedAt: null } });
    expect(await db.prisma.resident.findUniqueOrThrow({ where: { id: 42n } })).toMatchObject({ id: 42n, createdAt: at, blockedAt: null, locale: "uk" });
    const found = await db.prisma.department.findMany({ where: { communityId: "c1", adminsAreStaff: true }, orderBy: { key: "asc" }, select: { key: true } });
    expect(found.map(({ key }) => key)).toEqual(["c1/d0", "c1/d2", "c1/d4", "c1/d6"]);
  });

  it("counts the rows a statement changed, and says a taken key as Prisma does", async () => {
    expect(await db.prisma.department.updateMany({ where: { communityId: "c1", adminsAreStaff: false }, data: { general: true } })).toEqual({ count: 4 });
    expect(await db.prisma.department.deleteMany({ where: { key: { in: ["c1/d0", "c1/d1", "nope"] } } })).toEqual({ count: 2 });
    expect(await db.prisma.department.count({ where: { communityId: "c1" } })).toBe(6);
    const taken = db.prisma.community.create({ data: { id: "c1", name: {}, requestPrefix: "X" } });
    await expect(taken).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(taken).rejects.toMatchObject({ code: "P2002" });
    expect(await db.prisma.$executeRawUnsafe("UPDATE department SET general = false WHERE community_id = $1", "c1")).toBe(6);
  });

  it("commits a transaction whole or rolls it back whole", async () => {
    await db.prisma.$transaction([db.prisma.community.create({ data: { id: "c2", name: {}, requestPrefix: "A" } }), db.prisma.community.update({ where: { id: "c2" }, data: { requestPrefix: "B" } })]);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.community.create({ data: { id: "c3", name: {}, requestPrefix: "C" } });
        await tx.community.create({ data: { id: "c2", name: {}, requestPrefix: "again" } });
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    const communities = await db.prisma.community.findMany({ where: { id: { in: ["c2", "c3"] } } });
    expect(communities.map(({ id, requestPrefix }) => [id, requestPrefix])).toEqual([["c2", "B"]]);
  });

  it("parses each statement once: they are PostgreSQL's prepared statements", async () => {
    const count = async () => (await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements"))[0]!.n;
    const before = await count();
    await db.prisma.community.findMany({ where: { requestPrefix: { startsWith: "P" } }, select: { id: true } });
    expect(await count()).toBe(before + 1);
    for (let i = 0; i < 3; i++) await db.prisma.community.findMany({ where: { requestPrefix: { startsWith: `P${i}` } }, select: { id: true } });
    expect(await count()).toBe(before + 1);
  });
});

describe("prepared statements past their limit, and after a table changes", () => {
  let pglite: PGlite;
  const prepared = (maxPrepared: number) =>
    preparedStatements(pglite as unknown as PGliteProtocol, protocol.serialize, { maxPrepared, syncToFs: false, DatabaseError: messages.DatabaseError });
  beforeAll(async () => {
    pglite = new PGlite();
    await pglite.exec("CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, 'one'), (2, 'two')");
  });
  afterAll(async () => {
    await pglite.close();
  });

  it("keeps the most recently used statements and closes the rest", async () => {
    const statements = prepared(3);
    const texts = Array.from({ length: 8 }, (_, i) => `SELECT a + ${i} AS n FROM t WHERE a = $1::int`);
    for (let round = 0; round < 3; round++) {
      for (const [i, text] of texts.entries()) {
        const result = await statements.runArrays(text, [2], undefined, false);
        expect(result).toEqual({ fields: [{ name: "n", dataTypeID: 23 }], rows: [[2 + i]], affectedRows: 0 });
        // The one just used stays prepared; the fresh one's Parse closed the oldest.
        expect(await statements.run([{ text: texts[0]!, params: [1] }], false)).toEqual([[{ n: 1 }]]);
      }
    }
    const { rows } = await pglite.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements");
    expect(rows[0]!.n).toBeLessThanOrEqual(3);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it("prepares a statement again when its table gained a column since, outside a transaction", async () => {
    const statements = prepared(16);
    const text = "SELECT * FROM t WHERE a = $1::int";
    expect((await statements.runArrays(text, [1], undefined, false)).rows).toEqual([[1, "one"]]);
    await pglite.exec("ALTER TABLE t ADD COLUMN c boolean DEFAULT true");
    const after = await statements.runArrays(text, [1], undefined, false);
    expect(after.fields.map(({ name }) => name)).toEqual(["a", "b", "c"]);
    expect(after.rows).toEqual([[1, "one", true]]);
  });

  it("counts inserted, updated and deleted rows as PGlite's query does", async () => {
    const statements = prepared(16);
    expect((await statements.runArrays("INSERT INTO t (a, b) SELECT g, 'x' FROM generate_series(10, 14) AS g", [], undefined, false)).affectedRows).toBe(5);
    expect((await statements.runArrays("UPDATE t SET b = $1 WHERE a >= $2::int", ["y", 12], undefined, false)).affectedRows).toBe(3);
    const deleted = await statements.runArrays("DELETE FROM t WHERE a >= $1::int RETURNING a", [10], undefined, false);
    expect(deleted.affectedRows).toBe(5);
    expect(deleted.rows.map(([a]) => a).sort()).toEqual([10, 11, 12, 13, 14]);
    const viaQuery = await pglite.query("UPDATE t SET b = b WHERE a < 100");
    expect((await statements.runArrays("UPDATE t SET b = b WHERE a < $1::int", [100], undefined, false)).affectedRows).toBe(viaQuery.affectedRows);
  });

  it("keeps a batch's own statements when a fresh one in it needs room, and goes on", async () => {
    const statements = prepared(3);
    const text = (i: number) => `SELECT ${i} AS n, a FROM t WHERE a = $1::int`;
    for (const i of [1, 2, 3]) await statements.run([{ text: text(i), params: [1] }], false);
    // 10 and 11 are new: making room for them must not close 2, which the batch runs between them.
    const batch = [10, 2, 11].map((i) => ({ text: text(i), params: [1] }));
    expect(await statements.run(batch, false)).toEqual([[{ n: 10, a: 1 }], [{ n: 2, a: 1 }], [{ n: 11, a: 1 }]]);
    for (const i of [3, 1, 2, 10, 11, 12]) expect(await statements.run([{ text: text(i), params: [1] }], false)).toEqual([[{ n: i, a: 1 }]]);
    const names = [1, 2, 3, 10, 11, 12].map((i) => statementName(text(i)));
    const { rows } = await pglite.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = ANY($1::text[])", [names]);
    expect(rows[0]!.n).toBe(3);
  });

  it("prepares everything again when some statements were dropped behind its back, and none is left twice", async () => {
    const statements = prepared(16);
    const [one, two] = ["SELECT 1 AS n, $1::int AS x", "SELECT 2 AS n, $1::int AS x"];
    await statements.run([{ text: one, params: [0] }, { text: two, params: [0] }], false);
    await pglite.exec(`DEALLOCATE ${statementName(two)}`);
    expect(await statements.run([{ text: one, params: [5] }, { text: two, params: [6] }], false)).toEqual([[{ n: 1, x: 5 }], [{ n: 2, x: 6 }]]);
    expect(await statements.run([{ text: two, params: [7] }], false)).toEqual([[{ n: 2, x: 7 }]]);
    expect(await statements.run([{ text: one, params: [8] }], false)).toEqual([[{ n: 1, x: 8 }]]);
  });

  it("in a transaction, fails a statement whose table changed shape once, then prepares it again", async () => {
    const statements = prepared(16);
    const text = "SELECT * FROM t WHERE a = $1::int ORDER BY a LIMIT 1";
    expect((await statements.runArrays(text, [2], undefined, false)).fields).toHaveLength(3);
    await pglite.exec("ALTER TABLE t ADD COLUMN d int DEFAULT 4");
    await expect(pglite.transaction(() => statements.runArrays(text, [2], undefined, true))).rejects.toMatchObject({ code: "0A000" });
    const again = await pglite.transaction(() => statements.runArrays(text, [2], undefined, true));
    expect(again.fields.map(({ name }) => name)).toEqual(["a", "b", "c", "d"]);
  });

  it("runs nothing through a transaction that has ended, as PGlite's own refuses", async () => {
    const statements = prepared(16);
    const client = preparedForPrisma(pglite as unknown as AdapterPGlite, statements);
    let saved: Parameters<Parameters<AdapterPGlite["transaction"]>[0]>[0] | undefined;
    await client.transaction(async (tx) => {
      saved = tx;
      await tx.query("INSERT INTO t (a, b) VALUES ($1::int, $2)", [100, "inside"], { rowMode: "array" });
    });
    await expect(saved!.query("INSERT INTO t (a, b) VALUES ($1::int, $2)", [101, "late"], { rowMode: "array" })).rejects.toThrow(/closed/i);
    const { rows } = await pglite.query<{ a: number }>("SELECT a FROM t WHERE a >= 100 ORDER BY a");
    expect(rows.map(({ a }) => a)).toEqual([100]);
  });

  it("refuses once PGlite is closed", async () => {
    const own = new PGlite();
    const statements = preparedStatements(own as unknown as PGliteProtocol, protocol.serialize, { syncToFs: false, DatabaseError: messages.DatabaseError });
    expect((await statements.runArrays("SELECT 1 AS one", [], undefined, false)).rows).toEqual([[1]]);
    await own.close();
    await expect(statements.runArrays("SELECT 1 AS one", [], undefined, false)).rejects.toThrow(/closed/i);
  });
});