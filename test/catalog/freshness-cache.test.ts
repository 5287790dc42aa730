import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CONFIRMATIONS_TTL_MS, FreshnessService } from "../../src/catalog/freshness.ts";
import { databaseCases, openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";

/** The cards' copy of the providers' confirmations (freshness.ts confirmedAt): read at most once a minute. */
describe.each(databaseCases)("confirmedAt on %s", (_name, target) => {
  let database: RequestsDatabase;
  beforeAll(async () => {
    database = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await database.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers from one read for a minute, sees its own confirmations at once and another instance's after the minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const catalog = await database.catalog();
    const here = new FreshnessService(database.prisma, catalog, 30);
    const elsewhere = new FreshnessService(database.prisma, catalog, 30);
    const a = "zhytomyr/cache-a";
    const b = "zhytomyr/cache-b";
    expect(await here.confirmedAt([a, b])).toEqual(new Map());

    const first = new Date("2026-11-01T10:00:00Z");
    await here.confirm(a, first);
    expect(await here.confirmedAt([a, b])).toEqual(new Map([[a, first]]));

    const second = new Date("2026-11-02T10:00:00Z");
    await elsewhere.confirm(b, second);
    const read = vi.spyOn(database.prisma.providerCheck, "findMany");
    expect(await here.confirmedAt([a, b])).toEqual(new Map([[a, first]])); // the copy, not yet the other's
    expect(read).not.toHaveBeenCalled();

    vi.setSystemTime(Date.now() + CONFIRMATIONS_TTL_MS + 1);
    expect(await here.confirmedAt([a, b])).toEqual(new Map([[a, first], [b, second]]));
    expect(read).toHaveBeenCalledTimes(1);
    read.mockRestore();
  });
});
