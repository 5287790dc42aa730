import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_VALID_DAYS, ConsentService } from "../../src/requests/consent.ts";
import { RequestService } from "../../src/requests/service.ts";
import { databaseCases, draft, newResidentId, openRequestsDatabase, type RequestsDatabase } from "./fixtures.ts";

/** Consent per purpose (consent.ts), through the driver's own queries. */
describe.each(databaseCases)("ConsentService on %s", (_name, target) => {
  let database: RequestsDatabase;
  let clock = new Date("2026-04-01T09:00:00.000Z");
  let consents: ConsentService;
  beforeAll(async () => {
    database = await openRequestsDatabase(target);
    consents = new ConsentService(database.prisma, () => clock);
  });
  afterAll(async () => {
    await database.close();
  });

  it("remembers a consent given, with its time, and makes the resident's row if there is none", async () => {
    const residentId = newResidentId();
    clock = new Date("2026-04-01T09:00:00.123Z");
    expect(await consents.current(residentId, "requests:zhytomyr", "1/30d")).toBeNull();
    expect(await consents.give(residentId, "requests:zhytomyr", "1/30d", { locale: "en", communityId: "zhytomyr" })).toEqual(clock);
    expect(await consents.current(residentId, "requests:zhytomyr", "1/30d")).toEqual({ purpose: "requests:zhytomyr", version: "1/30d", givenAt: clock });
    expect(await database.prisma.consent.findUnique({ where: { residentId_purpose: { residentId, purpose: "requests:zhytomyr" } } })).toMatchObject({ givenAt: clock, withdrawnAt: null });
    expect(await database.prisma.resident.findUnique({ where: { id: residentId } })).toMatchObject({ locale: "en", communityId: "zhytomyr" });
    // Another purpose is another consent.
    expect(await consents.current(residentId, "requests:vinnytsia", "1/30d")).toBeNull();
  });

  it("leaves an existing resident's row as it is", async () => {
    const residentId = newResidentId();
    await database.prisma.resident.create({ data: { id: residentId, locale: "uk", communityId: "vinnytsia" } });
    await consents.give(residentId, "requests:zhytomyr", "1/30d", { locale: "en", communityId: "zhytomyr" });
    expect(await database.prisma.resident.findUnique({ where: { id: residentId } })).toMatchObject({ locale: "uk", communityId: "vinnytsia" });
  });

  it("does not hold after a withdrawal, for another text version, or after a year; giving it again renews it", async () => {
    const residentId = newResidentId();
    clock = new Date("2026-05-01T10:00:00.000Z");
    await consents.give(residentId, "requests:zhytomyr", "1/30d", { locale: "uk" });
    expect(await consents.current(residentId, "requests:zhytomyr", "2/30d")).toBeNull();
    await consents.withdraw(residentId);
    expect(await consents.current(residentId, "requests:zhytomyr", "1/30d")).toBeNull();
    await consents.give(residentId, "requests:zhytomyr", "1/30d", { locale: "uk" });
    expect(await consents.current(residentId, "requests:zhytomyr", "1/30d")).not.toBeNull();
    clock = new Date(clock.getTime() + (CONSENT_VALID_DAYS + 1) * 86_400_000);
    expect(await consents.current(residentId, "requests:zhytomyr", "1/30d")).toBeNull();
  });

  it("gives a request dialogue's start in one statement: the consent with the last contact, or the consent given with it", async () => {
    const requests = new RequestService({ prisma: database.prisma, catalog: await database.catalog() });
    const residentId = newResidentId();
    clock = new Date("2026-06-01T08:00:00.000Z");
    expect(await consents.currentWithLastContact(residentId, "requests:zhytomyr", "1/30d")).toEqual({ consent: null, lastContact: null });
    expect(await consents.giveWithLastContact(residentId, "requests:zhytomyr", "1/30d", { locale: "uk", communityId: "zhytomyr" })).toEqual({
      givenAt: clock,
      lastContact: null,
    });
    await requests.createRequest(residentId, "uk", draft({ contactName: "Ганна", phone: "+380671234567" }));
    const lastContact = { contactName: "Ганна", phone: "+380671234567", contactByBotOnly: false };
    expect(await consents.currentWithLastContact(residentId, "requests:zhytomyr", "1/30d")).toEqual({
      consent: { purpose: "requests:zhytomyr", version: "1/30d", givenAt: clock },
      lastContact,
    });
    // Another purpose: no consent, the same last contact (offered once the resident agrees there).
    expect(await consents.currentWithLastContact(residentId, "requests:vinnytsia", "1/30d")).toEqual({ consent: null, lastContact });
    await consents.withdraw(residentId);
    expect(await consents.currentWithLastContact(residentId, "requests:zhytomyr", "1/30d")).toEqual({ consent: null, lastContact });
    clock = new Date("2026-06-02T08:00:00.000Z");
    expect(await consents.giveWithLastContact(residentId, "requests:zhytomyr", "1/30d", { locale: "uk" })).toEqual({ givenAt: clock, lastContact });
    expect(await consents.current(residentId, "requests:zhytomyr", "1/30d")).toEqual({ purpose: "requests:zhytomyr", version: "1/30d", givenAt: clock });
  });

  it("runs a caller's statements in the same round trip and transaction (the dialogue's session): all or nothing", async () => {
    const residentId = newResidentId();
    clock = new Date("2026-07-01T08:00:00.000Z");
    const session = (key: string, value: string) => ({ text: "INSERT INTO session_record (key, value, updated_at) VALUES ($1, $2::jsonb, now())", params: [key, value] });
    const read = await consents.currentWithLastContact(residentId, "requests:zhytomyr", "1/30d", [session(`test:${residentId}:read`, "{}")]);
    expect(read).toEqual({ consent: null, lastContact: null });
    let givenSeen: Date | undefined;
    const given = await consents.giveWithLastContact(residentId, "requests:zhytomyr", "1/30d", { locale: "uk" }, (givenAt) => {
      givenSeen = givenAt;
      return [session(`test:${residentId}:given`, JSON.stringify({ consentAt: givenAt.toISOString() }))];
    });
    expect(given).toEqual({ givenAt: clock, lastContact: null });
    expect(givenSeen).toEqual(clock);
    const rows = await database.prisma.sessionRecord.findMany({ where: { key: { startsWith: `test:${residentId}:` } }, orderBy: { key: "asc" } });
    expect(rows.map((row) => [row.key, row.value])).toEqual([
      [`test:${residentId}:given`, { consentAt: clock.toISOString() }],
      [`test:${residentId}:read`, {}],
    ]);
    // A statement that fails takes the consent back with it.
    const other = newResidentId();
    await expect(consents.giveWithLastContact(other, "requests:zhytomyr", "1/30d", { locale: "uk" }, () => [session(`test:${residentId}:read`, "{}")])).rejects.toThrow();
    expect(await consents.current(other, "requests:zhytomyr", "1/30d")).toBeNull();
  });
});
