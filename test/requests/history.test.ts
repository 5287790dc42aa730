import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/client.ts";
import { RequestNotFoundError, RequestService, type Actor } from "../../src/requests/service.ts";
import { databaseCases, draft, dumpTable, newResidentId, openRequestsDatabase, setDepartmentChat, steppingClock, type RequestsDatabase } from "./fixtures.ts";

const OLDER = "zhytomyr/older-and-disabled";
const FAMILIES = "zhytomyr/children-and-families";
const STAFF_ID = 555_000_321n;
const STAFF_NAME = "Оксана";
const staff: Actor = { kind: "staff", id: STAFF_ID, name: STAFF_NAME };

/**
 * What a resident sees of their own request in «📋 My requests»: the department that has it and the
 * conversation with the staff, never a staff member's identity, never another resident's request.
 */
describe.each(databaseCases)("historyForResident on %s", (_name, target) => {
  let database: RequestsDatabase;
  let prisma: PrismaClient;
  let service: RequestService;

  beforeAll(async () => {
    database = await openRequestsDatabase(target);
    prisma = database.prisma;
    await setDepartmentChat(prisma, OLDER, -1_001_000_000_001n);
    await setDepartmentChat(prisma, FAMILIES, -1_001_000_000_003n);
    service = new RequestService({ prisma, catalog: await database.catalog(), now: steppingClock("2026-03-02T09:00:00Z") });
  });
  afterAll(async () => {
    await database.close();
  });

  const create = (residentId: bigint) => service.createRequest(residentId, "uk", draft());

  it("gives the resident's own request with its department and the conversation, oldest first, newest last", async () => {
    const resident = newResidentId();
    const { id, number } = await create(resident);
    await service.transition(id, "in_progress", staff, "new");
    await service.staffMessage(id, STAFF_ID, "Добрий день! Машина буде в четвер о 9:00.", "answer", STAFF_NAME);
    await service.addResidentMessage(resident, id, { text: "Дякую! Буду чекати біля під'їзду." });
    await service.staffMessage(id, STAFF_ID, "Який номер під'їзду?", "question", STAFF_NAME);
    await service.addResidentMessage(resident, id, { attachment: { kind: "voice", fileId: "voice-answer" } });

    const history = await service.historyForResident(resident, id);

    expect(history.request).toMatchObject({ id, number, departmentKey: OLDER, status: "in_progress", serviceId: "social-taxi" });
    expect(history.entries.map(({ from, kind, text }) => ({ from, kind, text }))).toEqual([
      { from: "staff", kind: "answer", text: "Добрий день! Машина буде в четвер о 9:00." },
      { from: "resident", kind: "message", text: "Дякую! Буду чекати біля під'їзду." },
      { from: "staff", kind: "question", text: "Який номер під'їзду?" },
      { from: "resident", kind: "message", text: null }, // a voice message alone
    ]);
    const times = history.entries.map((entry) => entry.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(history).toMatchObject({ omitted: 0, rejectionReason: null, transferredAt: null });
  });

  it("says who wrote as staff or resident only: no staff id or name anywhere in what it returns", async () => {
    const resident = newResidentId();
    const { id } = await create(resident);
    await service.transition(id, "in_progress", staff, "new");
    await service.staffMessage(id, STAFF_ID, "Відповідь", "answer", STAFF_NAME);
    expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id } })).takenByName).toBe(STAFF_NAME); // the card has it

    const history = await service.historyForResident(resident, id);
    const json = JSON.stringify(history, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    expect(json).not.toContain(STAFF_NAME);
    expect(json).not.toContain(String(STAFF_ID));
    expect(Object.keys(history.request)).not.toContain("takenBy");
    expect(Object.keys(history.request)).not.toContain("takenByName");
  });

  it("returns only the latest `limit` messages and says how many older ones were left out", async () => {
    const resident = newResidentId();
    const { id } = await create(resident);
    for (let i = 1; i <= 4; i++) {
      await service.staffMessage(id, STAFF_ID, `Відповідь ${i}`, "answer");
      await service.addResidentMessage(resident, id, { text: `Дописую ${i}` });
    }
    const history = await service.historyForResident(resident, id, 3);
    expect(history.entries.map((entry) => entry.text)).toEqual(["Дописую 3", "Відповідь 4", "Дописую 4"]);
    expect(history.omitted).toBe(5);
    expect((await service.historyForResident(resident, id)).entries).toHaveLength(5);
  });

  it("has no messages yet for a fresh request (its own details are not a message)", async () => {
    const resident = newResidentId();
    const { id } = await create(resident);
    expect(await service.historyForResident(resident, id)).toMatchObject({ entries: [], omitted: 0, rejectionReason: null, transferredAt: null });
  });

  it("gives a declined request's reason", async () => {
    const resident = newResidentId();
    const { id } = await create(resident);
    await service.transition(id, "rejected", staff, "new", "Поза межами громади");
    const history = await service.historyForResident(resident, id);
    expect(history.request.status).toBe("rejected");
    expect(history.rejectionReason).toBe("Поза межами громади");
  });

  it("names the department that has a transferred request now, and when it was handed on", async () => {
    const resident = newResidentId();
    const { id } = await create(resident);
    await service.staffMessage(id, STAFF_ID, "Передаємо колегам", "answer");
    await service.transfer(id, FAMILIES, STAFF_ID, "in_progress");
    const history = await service.historyForResident(resident, id);
    expect(history.request.departmentKey).toBe(FAMILIES);
    expect(history.transferredAt).toBeInstanceOf(Date);
    expect(history.transferredAt!.getTime()).toBeGreaterThan(history.entries[0]!.at.getTime());
    // The conversation stays with the request across departments.
    expect(history.entries.map((entry) => entry.text)).toEqual(["Передаємо колегам"]);
  });

  it("refuses another resident's request, and one that does not exist", async () => {
    const owner = newResidentId();
    const { id } = await create(owner);
    await service.staffMessage(id, STAFF_ID, "Лише для власника", "answer");
    await expect(service.historyForResident(newResidentId(), id)).rejects.toBeInstanceOf(RequestNotFoundError);
    await expect(service.historyForResident(owner, 987_654_321)).rejects.toBeInstanceOf(RequestNotFoundError);
  });

  it("after /delete_me, the request is nobody's: refused, and none of the conversation is left in the database", async () => {
    const resident = newResidentId();
    const { id } = await create(resident);
    await service.staffMessage(id, STAFF_ID, "Приїдемо до Стусенко у вівторок", "question");
    await service.addResidentMessage(resident, id, { text: "Мій запасний номер 0939998877" });
    await service.eraseResident(resident);

    await expect(service.historyForResident(resident, id)).rejects.toBeInstanceOf(RequestNotFoundError);
    for (const table of ["help_request", "request_event", "outbox_message", "staff_message"]) {
      expect((await dumpTable(prisma, table)).filter((row) => /Стусенко у вівторок|0939998877/.test(row)), table).toEqual([]);
    }
  });

  it("after retention erased a closed request, its resident still sees it, without any of the conversation", async () => {
    const resident = newResidentId();
    const { id } = await create(resident);
    await service.staffMessage(id, STAFF_ID, "Довідку видамо у кабінеті 12", "answer");
    await service.addResidentMessage(resident, id, { text: "Мені 82 роки, прийде онука" });
    await service.transition(id, "rejected", staff, "in_progress", "Потрібна довідка з місця проживання");
    await prisma.helpRequest.update({ where: { id }, data: { closedAt: new Date("2020-01-01T00:00:00Z") } });
    expect(await service.eraseClosedBefore(new Date("2021-01-01T00:00:00Z"))).toBeGreaterThanOrEqual(1);

    const history = await service.historyForResident(resident, id);
    expect(history.request).toMatchObject({ id, status: "rejected", anonymisedAt: expect.any(Date) });
    expect(history).toMatchObject({ entries: [], omitted: 0, rejectionReason: null });
    for (const table of ["help_request", "request_event", "outbox_message"]) {
      expect((await dumpTable(prisma, table)).filter((row) => /кабінеті 12|82 роки|з місця проживання/.test(row)), table).toEqual([]);
    }
  });
});
