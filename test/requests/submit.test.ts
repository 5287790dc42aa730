import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlOf } from "../../src/db/sql.ts";
import { TooManyOpenRequestsError } from "../../src/requests/model.ts";
import { submitRequest, type SubmitTarget } from "../../src/requests/submit.ts";
import { databaseCases, draft, newResidentId, openRequestsDatabase, setDepartmentChat, type RequestsDatabase } from "./fixtures.ts";

/** The request's transaction in two statements (submit.ts): what the service's tests do not reach. */
describe.each(databaseCases)("submitRequest on %s", (_name, target) => {
  let database: RequestsDatabase;
  const older: SubmitTarget = { requestPrefix: "ЖТ", departmentKey: "zhytomyr/older-and-disabled", maxOpen: 5 };
  beforeAll(async () => {
    database = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await database.close();
  });

  it("goes through the driver's own queries for a database openDatabase opened", () => {
    expect(sqlOf(database.prisma)).toBe(database.db.sql);
  });

  // Request numbers (ЖТ-2043-00001): a counter per community and year, taken in the request's statement.
  const numberOf = async (year: number, target = older, communityId = "zhytomyr") =>
    (await submitRequest(database.db.sql, target, newResidentId(), "uk", draft({ communityId }), new Date(`${year}-06-01T10:00:00Z`))).number;

  it("numbers a community's requests of a year from 1, one by one", async () => {
    expect([await numberOf(2043), await numberOf(2043), await numberOf(2043)]).toEqual(["ЖТ-2043-00001", "ЖТ-2043-00002", "ЖТ-2043-00003"]);
  });

  it("counts each community and each year separately", async () => {
    const vinnytsia: SubmitTarget = { requestPrefix: "ВН", departmentKey: "vinnytsia/general", maxOpen: 5 };
    expect(await numberOf(2044)).toBe("ЖТ-2044-00001");
    expect(await numberOf(2044, vinnytsia, "vinnytsia")).toBe("ВН-2044-00001");
    expect(await numberOf(2045)).toBe("ЖТ-2045-00001");
    expect(await numberOf(2044)).toBe("ЖТ-2044-00002");
    expect(await numberOf(2044, vinnytsia, "vinnytsia")).toBe("ВН-2044-00002");
    const counters = await database.prisma.requestCounter.findMany({ where: { year: { in: [2044, 2045] } }, orderBy: [{ communityId: "asc" }, { year: "asc" }] });
    expect(counters).toEqual([
      { communityId: "vinnytsia", year: 2044, last: 2 },
      { communityId: "zhytomyr", year: 2044, last: 2 },
      { communityId: "zhytomyr", year: 2045, last: 1 },
    ]);
  });

  it("does not use up a number when the request could not be saved (its statement rolled back), nor when it was refused", async () => {
    const at = new Date("2046-06-01T10:00:00Z");
    expect(await numberOf(2046)).toBe("ЖТ-2046-00001");
    await submitRequest(database.db.sql, older, newResidentId(), "uk", draft({ submitKey: "submit-2046" }), at); // 00002
    // Another resident's request with the same key fails on its insert, after the counter was moved on.
    await expect(submitRequest(database.db.sql, older, newResidentId(), "uk", draft({ submitKey: "submit-2046" }), at)).rejects.toThrow();
    await expect(submitRequest(database.db.sql, { ...older, maxOpen: 0 }, newResidentId(), "uk", draft(), at)).rejects.toBeInstanceOf(TooManyOpenRequestsError);
    expect(await numberOf(2046)).toBe("ЖТ-2046-00003");
  });

  it("gives 20 requests sent at once the numbers 1 to 20, each once", async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => numberOf(2047)));
    expect([...numbers].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `ЖТ-2047-${String(i + 1).padStart(5, "0")}`));
  });

  it("writes a sixth digit past 99,999 requests in a year, as formatRequestNumber does", async () => {
    await database.prisma.requestCounter.create({ data: { communityId: "zhytomyr", year: 2040, last: 99_998 } });
    const at = new Date("2040-05-01T10:00:00Z");
    expect((await submitRequest(database.db.sql, older, newResidentId(), "uk", draft(), at)).number).toBe("ЖТ-2040-99999");
    expect((await submitRequest(database.db.sql, older, newResidentId(), "uk", draft(), at)).number).toBe("ЖТ-2040-100000");
  });

  it("answers a repeated submit key with the first request, writing nothing more (no number, event or card)", async () => {
    await setDepartmentChat(database.prisma, older.departmentKey, -1_001_000_000_009n);
    const residentId = newResidentId();
    const at = new Date("2041-01-10T10:00:00Z");
    const first = await submitRequest(database.db.sql, older, residentId, "en", draft({ submitKey: "submit-once-1", attachments: [{ kind: "photo", fileId: "p" }] }), at);
    const again = await submitRequest(database.db.sql, older, residentId, "en", draft({ submitKey: "submit-once-1" }), at);
    expect(again).toEqual({ ...first, alreadySent: true });
    expect(await database.prisma.requestCounter.findUnique({ where: { communityId_year: { communityId: "zhytomyr", year: 2041 } } })).toMatchObject({ last: 1 });
    expect(await database.prisma.requestEvent.count({ where: { requestId: first.id } })).toBe(1);
    expect((await database.prisma.outboxMessage.findMany({ where: { requestId: first.id }, orderBy: { id: "asc" } })).map((row) => row.kind)).toEqual(["staff-card", "staff-attachment"]);
    const saved = await database.prisma.helpRequest.findUniqueOrThrow({ where: { id: first.id } });
    expect(saved).toMatchObject({ residentId, locale: "en", createdAt: at, consentAt: new Date("2026-03-01T08:00:00Z"), attachments: [{ kind: "photo", fileId: "p" }] });
    expect(await database.prisma.resident.findUnique({ where: { id: residentId } })).toMatchObject({ locale: "en", communityId: "zhytomyr" });
  });

  it("runs the caller's statements in its transaction: the news offer only for the request made, all rolled back with a failure", async () => {
    const { SubscriptionService } = await import("../../src/announcements/subscriptions.ts");
    const subscriptions = new SubscriptionService(database.prisma, await database.catalog());
    const at = new Date("2048-02-01T10:00:00Z");
    const offered = (residentId: bigint) => database.prisma.outboxMessage.count({ where: { chatId: residentId, kind: "news-offer" } });
    const offerFor = (residentId: bigint, key: string) => subscriptions.offerOnceStatement(residentId, "zhytomyr", at, key)!;

    const resident = newResidentId();
    await submitRequest(database.db.sql, older, resident, "uk", draft({ submitKey: "submit-offer-1" }), at, [offerFor(resident, "submit-offer-1")]);
    expect(await offered(resident)).toBe(1);
    // «send» again (a double tap): the same request, no second offer.
    await submitRequest(database.db.sql, older, resident, "uk", draft({ submitKey: "submit-offer-1" }), at, [offerFor(resident, "submit-offer-1")]);
    expect(await offered(resident)).toBe(1);

    const refused = newResidentId();
    await expect(
      submitRequest(database.db.sql, { ...older, maxOpen: 0 }, refused, "uk", draft({ submitKey: "submit-offer-2" }), at, [offerFor(refused, "submit-offer-2")]),
    ).rejects.toBeInstanceOf(TooManyOpenRequestsError);
    expect(await offered(refused)).toBe(0); // no request, no offer
    expect(await database.prisma.announcementSubscription.findUnique({ where: { residentId: refused } })).toBeNull();

    const failing = newResidentId();
    await expect(
      submitRequest(database.db.sql, older, failing, "uk", draft({ submitKey: "submit-offer-3" }), at, [offerFor(failing, "submit-offer-3"), { text: "SELECT 1 / 0", params: [] }]),
    ).rejects.toMatchObject({ code: "22012" });
    expect(await database.prisma.helpRequest.findUnique({ where: { submitKey: "submit-offer-3" } })).toBeNull();
    expect(await offered(failing)).toBe(0);
  });

  it("never hands a resident another resident's request for the same key", async () => {
    const at = new Date("2042-01-10T10:00:00Z");
    await submitRequest(database.db.sql, older, newResidentId(), "uk", draft({ submitKey: "submit-shared" }), at);
    const other = newResidentId();
    await expect(submitRequest(database.db.sql, older, other, "uk", draft({ submitKey: "submit-shared" }), at)).rejects.toThrow();
    expect(await database.prisma.resident.findUnique({ where: { id: other } })).toBeNull(); // its row rolled back with the request
  });
});

describe.each(databaseCases)("lastContact on %s", (_name, target) => {
  let database: RequestsDatabase;
  beforeAll(async () => {
    database = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await database.close();
  });

  it("offers the name and phone of the resident's latest request that still has them, never an erased one's", async () => {
    const { RequestService } = await import("../../src/requests/service.ts");
    const requests = new RequestService({ prisma: database.prisma, catalog: await database.catalog() });
    const residentId = newResidentId();
    expect(await requests.lastContact(residentId)).toBeNull();
    await requests.createRequest(residentId, "uk", draft({ contactName: "Ганна", phone: "+380671234567" }));
    expect(await requests.lastContact(residentId)).toEqual({ contactName: "Ганна", phone: "+380671234567", contactByBotOnly: false });
    const safe = await requests.createRequest(residentId, "uk", draft({ contactName: "Г.", phone: undefined, contactByBotOnly: true }));
    expect(await requests.lastContact(residentId)).toEqual({ contactName: "Г.", contactByBotOnly: true });
    // SMS only («тільки смс»): the number is kept, with «only in the bot» (it was dropped).
    const sms = await requests.createRequest(residentId, "uk", draft({ contactName: "Г.", phone: "+380671112233", contactByBotOnly: true }));
    expect(await requests.lastContact(residentId)).toEqual({ contactName: "Г.", phone: "+380671112233", contactByBotOnly: true });
    await database.prisma.helpRequest.update({ where: { id: sms.id }, data: { anonymisedAt: new Date(), contactName: null } });
    await database.prisma.helpRequest.update({ where: { id: safe.id }, data: { anonymisedAt: new Date(), contactName: null } });
    expect(await requests.lastContact(residentId)).toEqual({ contactName: "Ганна", phone: "+380671234567", contactByBotOnly: false });
    expect(await requests.lastContact(newResidentId())).toBeNull();
  });
});

describe.each(databaseCases)("rememberResident on %s", (_name, target) => {
  let database: RequestsDatabase;
  beforeAll(async () => {
    database = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await database.close();
  });

  it("makes the resident's row, then updates the language, the community when given, and clears a block", async () => {
    const { RequestService } = await import("../../src/requests/service.ts");
    const requests = new RequestService({ prisma: database.prisma, catalog: await database.catalog() });
    const residentId = newResidentId();
    const row = () => database.prisma.resident.findUniqueOrThrow({ where: { id: residentId } });
    await requests.rememberResident(residentId, "uk");
    expect(await row()).toMatchObject({ locale: "uk", communityId: null, blockedAt: null });
    await requests.rememberResident(residentId, "en", "zhytomyr");
    expect(await row()).toMatchObject({ locale: "en", communityId: "zhytomyr" });
    await database.prisma.resident.update({ where: { id: residentId }, data: { blockedAt: new Date() } });
    await requests.rememberResident(residentId, "uk");
    expect(await row()).toMatchObject({ locale: "uk", communityId: "zhytomyr", blockedAt: null });
  });

  it("runs the caller's statements with it (the session on choosing a community): together, or not at all", async () => {
    const { RequestService } = await import("../../src/requests/service.ts");
    const { SessionStore } = await import("../../src/db/session-storage.ts");
    const requests = new RequestService({ prisma: database.prisma, catalog: await database.catalog() });
    const sessions = new SessionStore<{ communityId?: string }>(database.prisma, "session");
    const residentId = newResidentId();
    const key = String(residentId);
    const session = () => database.prisma.sessionRecord.findUnique({ where: { key: `session:${key}` } });
    await expect(
      requests.rememberResident(residentId, "uk", "zhytomyr", [sessions.pendingWrite(key, { communityId: "zhytomyr" }).statement, { text: "SELECT 1 / 0", params: [] }]),
    ).rejects.toMatchObject({ code: "22012" });
    expect(await database.prisma.resident.findUnique({ where: { id: residentId } })).toBeNull();
    expect(await session()).toBeNull();
    await requests.rememberResident(residentId, "uk", "zhytomyr", [sessions.pendingWrite(key, { communityId: "zhytomyr" }).statement]);
    expect(await database.prisma.resident.findUnique({ where: { id: residentId } })).toMatchObject({ communityId: "zhytomyr" });
    expect((await session())?.value).toEqual({ communityId: "zhytomyr" });
  });
});
