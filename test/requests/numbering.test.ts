import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { formatRequestNumber, nextSequence, parseRequestNumber } from "../../src/requests/numbering.ts";
import { databaseCases } from "./fixtures.ts";

describe("formatRequestNumber", () => {
  it("writes prefix, year and a five-digit sequence", () => {
    expect(formatRequestNumber("ЖТ", 2026, 1)).toBe("ЖТ-2026-00001");
    expect(formatRequestNumber("ЖТ", 2026, 42)).toBe("ЖТ-2026-00042");
    expect(formatRequestNumber("ВН", 2027, 99_999)).toBe("ВН-2027-99999");
  });

  it("keeps every digit after the 99 999th request of a year instead of cutting the number", () => {
    expect(formatRequestNumber("ЖТ", 2026, 123_456)).toBe("ЖТ-2026-123456");
  });

  it("reads back with parseRequestNumber", () => {
    for (const [prefix, year, sequence] of [["ЖТ", 2026, 1], ["ВН", 2031, 4_321], ["ЖТ", 2026, 99_999]] as const) {
      expect(parseRequestNumber(formatRequestNumber(prefix, year, sequence))).toEqual({ prefix, year, sequence });
    }
  });
});

describe("parseRequestNumber", () => {
  it.each([
    ["ЖТ-2026-00042", "the number as the bot writes it"],
    ["жт-2026-42", "lower case, no leading zeros"],
    ["ЖТ 2026 00042", "spaces instead of dashes"],
    ["ЖТ202600042", "no separators at all"],
    ["№ ЖТ-2026-00042", "with the number sign"],
    ["де моє звернення ЖТ-2026-00042?", "inside a sentence"],
    ["жт 2026 42 прошу відповісти", "followed by words"],
    ["ЖТ-2026-000042", "an extra leading zero"],
  ])("finds ЖТ/2026/42 in %j (%s)", (text) => {
    expect(parseRequestNumber(text)).toEqual({ prefix: "ЖТ", year: 2026, sequence: 42 });
  });

  it("reads another community's prefix and Ukrainian-only letters", () => {
    expect(parseRequestNumber("ВН-2025-00007")).toEqual({ prefix: "ВН", year: 2025, sequence: 7 });
    expect(parseRequestNumber("їє-2026-1")).toEqual({ prefix: "ЇЄ", year: 2026, sequence: 1 });
  });

  it.each([
    ["", "nothing"],
    ["12345", "digits alone"],
    ["ЖТ-26-42", "a two-digit year"],
    ["ЖТ-2026-", "no sequence"],
    ["Ж-2026-42", "a one-letter prefix"],
    ["де моє звернення?", "no number at all"],
  ])("finds nothing in %j (%s)", (text) => {
    expect(parseRequestNumber(text)).toBeNull();
  });

  // DEFECT, src/requests/numbering.ts parseRequestNumber (the regex on its first line): the prefix has no
  // left word boundary and the sequence no right one, so the end of any word followed by digits is taken
  // for a request number — "телефон 0671234567" gives { prefix: "ЕФОН", year: 671, sequence: 234567 },
  // "my number is 2026-00042" gives prefix "IS" — and a too-long sequence is silently cut
  // ("ЖТ-2026-1234567" → sequence 123456). Suggested fix:
  //   /(?<![\p{L}\p{N}])([А-ЯІЇЄҐA-Z]{2,4})[\s-]*(\d{4})[\s-]*(\d{1,6})(?!\d)/iu
  it.fails("does not read the end of a word followed by a phone number as a request number", () => {
    expect(parseRequestNumber("мій телефон 0671234567")).toBeNull();
  });
  it.fails("does not take a word's last letters for a prefix", () => {
    expect(parseRequestNumber("my number is 2026-00042")).toBeNull();
  });
  it.fails("does not cut a seven-digit sequence to six digits", () => {
    expect(parseRequestNumber("ЖТ-2026-1234567")).toBeNull();
  });
});

describe.each(databaseCases)("nextSequence on %s", (_name, target) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await target.create();
    drop = fresh.drop;
    db = await fresh.open();
    await applyMigrations(db.adapterFactory);
  });
  afterAll(async () => {
    await db.close();
    await drop();
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
