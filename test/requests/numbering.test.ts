import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { formatRequestNumber, nextSequence } from "../../src/requests/numbering.ts";
import { databaseCases, openRequestsDatabase, type RequestsDatabase } from "./fixtures.ts";

describe("formatRequestNumber", () => {
  it("writes prefix, year and a five-digit sequence", () => {
    expect(formatRequestNumber("ЖТ", 2026, 1)).toBe("ЖТ-2026-00001");
    expect(formatRequestNumber("ЖТ", 2026, 42)).toBe("ЖТ-2026-00042");
    expect(formatRequestNumber("ВН", 2027, 99_999)).toBe("ВН-2027-99999");
  });

  it("keeps every digit after the 99 999th request of a year instead of cutting the number", () => {
    expect(formatRequestNumber("ЖТ", 2026, 123_456)).toBe("ЖТ-2026-123456");
  });
});

describe.each(databaseCases)("nextSequence on %s", (_name, target) => {
  let database: RequestsDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await openRequestsDatabase(target, []); // migrated, no catalogue
    db = database.db;
  });
  afterAll(async () => {
    await database.close();
  });

  const next = (communityId: string, year: number) => db.prisma.$transaction((tx) => nextSequence(tx, communityId, year));

  it("starts at 1 and counts up by one", async () => {
    expect(await next("zhytomyr", 2026)).toBe(1);
    expect(await next("zhytomyr", 2026)).toBe(2);
    expect(await next("zhytomyr", 2026)).toBe(3);
  });

  it("counts each community and each year separately", async () => {
    expect(await next("vinnytsia", 2026)).toBe(1);
    expect(await next("zhytomyr", 2027)).toBe(1);
    expect(await next("zhytomyr", 2026)).toBe(4);
    expect(await next("vinnytsia", 2026)).toBe(2);
    const counters = await db.prisma.requestCounter.findMany({ orderBy: [{ communityId: "asc" }, { year: "asc" }] });
    expect(counters).toEqual([
      { communityId: "vinnytsia", year: 2026, last: 2 },
      { communityId: "zhytomyr", year: 2026, last: 4 },
      { communityId: "zhytomyr", year: 2027, last: 1 },
    ]);
  });

  it("does not use up a number when the transaction that took it rolls back", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        expect(await nextSequence(tx, "rollback", 2026)).toBe(1);
        throw new Error("the request could not be saved");
      }),
    ).rejects.toThrow("the request could not be saved");
    expect(await next("rollback", 2026)).toBe(1);
  });

  it("gives 20 concurrent transactions the numbers 1 to 20, each once", async () => {
    const sequences = await Promise.all(Array.from({ length: 20 }, () => next("concurrent", 2026)));
    expect([...sequences].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
