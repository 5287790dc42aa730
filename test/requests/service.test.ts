import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../src/catalog/catalog.ts";
import type { PrismaClient } from "../../src/db/client.ts";
import { TransitionError } from "../../src/requests/lifecycle.ts";
import {
  RequestNotFoundError,
  RequestService,
  StaleRequestError,
  TooManyOpenRequestsError,
  type Actor,
  type RequestDraft,
} from "../../src/requests/service.ts";
import { databaseCases, draft, dumpTable, newResidentId, openRequestsDatabase, setDepartmentChat, steppingClock, type RequestsDatabase } from "./fixtures.ts";

const OLDER = "zhytomyr/older-and-disabled";
const RECEPTION = "zhytomyr/reception";
const FAMILIES = "zhytomyr/children-and-families";
const OLDER_CHAT = -1_001_000_000_001n;
const RECEPTION_CHAT = -1_001_000_000_002n;
const FAMILIES_CHAT = -1_001_000_000_003n;

const staff = (id = 555_000_111n): Actor => ({ kind: "staff", id });

describe.each(databaseCases)("RequestService on %s", (_name, target) => {
  let database: RequestsDatabase;
  let prisma: PrismaClient;
  let catalog: Catalog;
  let service: RequestService;

  /** A service whose clock starts at `start` (the year decides the request numbers). */
  const serviceAt = (start: string, maxOpenPerResident?: number) =>
    new RequestService({ prisma, catalog, now: steppingClock(start), ...(maxOpenPerResident ? { maxOpenPerResident } : {}) });

  beforeAll(async () => {
    database = await openRequestsDatabase(target, ["zhytomyr", "vinnytsia"]);
    prisma = database.prisma;
    catalog = await database.catalog();
    service = serviceAt("2026-03-02T09:00:00Z");
  });
  afterAll(async () => {
    await database.close();
  });
  afterEach(async () => {
    await prisma.department.updateMany({ data: { chatId: null } });
  });

  /** Everything the database holds about one request: its row, its audit trail, its outbox. */
  const stateOf = async (requestId: number) => ({
    request: await prisma.helpRequest.findUnique({ where: { id: requestId } }),
    events: await prisma.requestEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } }),
    outbox: await prisma.outboxMessage.findMany({ where: { requestId }, orderBy: { id: "asc" } }),
  });
  const outboxOf = async (requestId: number) =>
    (await prisma.outboxMessage.findMany({ where: { requestId }, orderBy: { id: "asc" } })).map(({ chatId, kind, payload }) => ({ chatId, kind, payload }));
  const create = (residentId: bigint, overrides: Partial<RequestDraft> = {}, using = service) => using.createRequest(residentId, "uk", draft(overrides));

  describe("createRequest", () => {
    it("numbers the first requests of a year ЖТ-2027-00001, ЖТ-2027-00002", async () => {
      const in2027 = serviceAt("2027-01-15T10:00:00Z");
      const first = await create(newResidentId(), {}, in2027);
      const second = await create(newResidentId(), {}, in2027);
      expect(first.number).toBe("ЖТ-2027-00001");
      expect(second.number).toBe("ЖТ-2027-00002");
      expect(second.id).not.toBe(first.id);
    });

    it("numbers each community on its own, and starts again at 00001 in a new year", async () => {
      const in2028 = serviceAt("2028-02-01T10:00:00Z");
      expect((await create(newResidentId(), {}, in2028)).number).toBe("ЖТ-2028-00001");
      expect((await create(newResidentId(), { communityId: "vinnytsia" }, in2028)).number).toBe("ВН-2028-00001");
      expect((await create(newResidentId(), {}, in2028)).number).toBe("ЖТ-2028-00002");
      expect((await create(newResidentId(), {}, serviceAt("2029-01-01T10:00:00Z"))).number).toBe("ЖТ-2029-00001");
    });

    it("gives 20 concurrent requests the numbers ЖТ-2031-00001 … 00020, without gaps or doubles", async () => {
      const in2031 = serviceAt("2031-05-05T10:00:00Z");
      const created = await Promise.all(Array.from({ length: 20 }, () => create(newResidentId(), {}, in2031)));
      const expected = Array.from({ length: 20 }, (_, i) => `ЖТ-2031-${String(i + 1).padStart(5, "0")}`);
      expect(created.map((request) => request.number).sort()).toEqual(expected);
      const stored = await prisma.helpRequest.findMany({ where: { number: { startsWith: "ЖТ-2031-" } }, select: { number: true } });
      expect(stored.map((row) => row.number).sort()).toEqual(expected);
      expect(await prisma.requestCounter.findUnique({ where: { communityId_year: { communityId: "zhytomyr", year: 2031 } } })).toMatchObject({ last: 20 });
    });

    it("numbers a request sent just after midnight on New Year's night in Kyiv with the new year", async () => {
      const newYearsNight = serviceAt("2032-12-31T22:30:00Z"); // 00:30 on 1 January 2033 in Kyiv
      expect((await create(newResidentId(), {}, newYearsNight)).number).toMatch(/^ЖТ-2033-/);
    });

    it("stores what the resident said, with the resident, the department and a 'created' event", async () => {
      const residentId = newResidentId();
      const consentAt = new Date("2026-03-02T08:59:00Z");
      const created = await service.createRequest(residentId, "en", draft({
        onBehalf: true,
        subjectName: "Марія Коваль",
        subjectRelation: "сусідка",
        contactName: "Оля",
        phone: "+380507654321",
        callBack: true,
        callBackTime: "morning",
        attachments: [{ kind: "voice", fileId: "voice-1" }],
        consentAt,
      }));
      const { request, events } = await stateOf(created.id);
      expect(request).toMatchObject({
        number: created.number,
        communityId: "zhytomyr",
        serviceId: "social-taxi",
        departmentKey: OLDER,
        residentId,
        status: "new",
        locale: "en",
        onBehalf: true,
        subjectName: "Марія Коваль",
        subjectRelation: "сусідка",
        contactName: "Оля",
        phone: "+380507654321",
        address: "вул. Київська, 5, кв. 2",
        details: "Потрібно відвезти до лікарні в четвер",
        attachments: [{ kind: "voice", fileId: "voice-1" }],
        callBack: true,
        callBackTime: "morning",
        consentAt,
        takenBy: null,
        closedAt: null,
        anonymisedAt: null,
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorKind: "resident", actorId: residentId, type: "created", fromStatus: null, toStatus: "new", at: request!.createdAt });
      expect(await prisma.resident.findUnique({ where: { id: residentId } })).toMatchObject({ locale: "en", communityId: "zhytomyr" });
    });

    it.each([
      ["social-taxi", OLDER],
      ["home-care", OLDER],
      ["crisis-intervention", FAMILIES],
      ["housing-subsidy", "zhytomyr/benefits-and-aid"],
      ["shelter", "zhytomyr/idp-veterans-inclusion"],
      ["legal-aid", RECEPTION],
      [undefined, RECEPTION],
    ])("routes service %s to %s", async (serviceId, departmentKey) => {
      const created = await create(newResidentId(), serviceId === undefined ? { serviceId: undefined } : { serviceId });
      expect(created.departmentKey).toBe(departmentKey);
      expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id: created.id } })).departmentKey).toBe(departmentKey);
    });

    it("routes by the community's own departments: Vinnytsia's social taxi goes to Vinnytsia", async () => {
      const created = await create(newResidentId(), { communityId: "vinnytsia", serviceId: "social-taxi" });
      expect(created.departmentKey).toBe("vinnytsia/older-and-disabled");
      expect(created.number).toMatch(/^ВН-2026-\d{5}$/);
    });

    it("refuses a community the catalogue does not know, and writes nothing", async () => {
      const residentId = newResidentId();
      await expect(create(residentId, { communityId: "atlantis" })).rejects.toBeInstanceOf(RequestNotFoundError);
      expect(await prisma.helpRequest.count({ where: { residentId } })).toBe(0);
      expect(await prisma.resident.findUnique({ where: { id: residentId } })).toBeNull();
    });

    it("writes no outbox row while no staff group is set (the request is still saved)", async () => {
      const created = await create(newResidentId(), { attachments: [{ kind: "photo", fileId: "p1" }] });
      expect(await prisma.helpRequest.count({ where: { id: created.id } })).toBe(1);
      expect(await outboxOf(created.id)).toEqual([]);
    });

    it("queues the card and one message per attachment for the department's staff chat", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      await setDepartmentChat(prisma, RECEPTION, RECEPTION_CHAT);
      await setDepartmentChat(prisma, FAMILIES, FAMILIES_CHAT);
      const created = await create(newResidentId(), {
        attachments: [
          { kind: "voice", fileId: "v1" },
          { kind: "photo", fileId: "p1" },
        ],
      });
      expect(await outboxOf(created.id)).toEqual([
        { chatId: OLDER_CHAT, kind: "staff-card", payload: {} },
        { chatId: OLDER_CHAT, kind: "staff-attachment", payload: { index: 0 } },
        { chatId: OLDER_CHAT, kind: "staff-attachment", payload: { index: 1 } },
      ]);
      const rows = await prisma.outboxMessage.findMany({ where: { requestId: created.id } });
      expect(rows.every((row) => row.status === "pending" && row.attempts === 0)).toBe(true);
    });

    it("falls back to the reception's chat when the department has no group of its own", async () => {
      await setDepartmentChat(prisma, RECEPTION, RECEPTION_CHAT);
      await setDepartmentChat(prisma, FAMILIES, FAMILIES_CHAT);
      const created = await create(newResidentId(), { serviceId: "social-taxi" });
      expect(created.departmentKey).toBe(OLDER);
      expect(await outboxOf(created.id)).toEqual([{ chatId: RECEPTION_CHAT, kind: "staff-card", payload: {} }]);
    });

    it("refuses a resident's request beyond the open-request limit, without using up a number", async () => {
      const capped = serviceAt("2034-04-04T10:00:00Z", 2);
      const residentId = newResidentId();
      const first = await create(residentId, {}, capped);
      await create(residentId, {}, capped);
      const refused = create(residentId, {}, capped);
      await expect(refused).rejects.toBeInstanceOf(TooManyOpenRequestsError);
      await expect(refused).rejects.toMatchObject({ limit: 2 });
      expect(await prisma.helpRequest.count({ where: { residentId } })).toBe(2);
      // Another resident's next request takes the very next number: the refusal used none up.
      expect((await create(newResidentId(), {}, capped)).number).toBe("ЖТ-2034-00003");
      // A closed request frees a place.
      await capped.cancelByResident(residentId, first.id);
      expect((await create(residentId, {}, capped)).number).toBe("ЖТ-2034-00004");
    });

    it("counts only open requests towards the limit", async () => {
      const capped = serviceAt("2026-06-01T10:00:00Z", 1);
      const residentId = newResidentId();
      const first = await create(residentId, {}, capped);
      await capped.transition(first.id, "resolved", staff(), "new");
      await expect(create(residentId, {}, capped)).resolves.toMatchObject({ departmentKey: OLDER });
      await expect(create(residentId, {}, capped)).rejects.toBeInstanceOf(TooManyOpenRequestsError);
    });

    // On PostgreSQL several transactions run at once: the resident's row is locked before counting.
    it("lets in only one of five simultaneous requests when one place is left", async () => {
      const capped = serviceAt("2026-07-01T10:00:00Z", 2);
      const residentId = newResidentId();
      await create(residentId, {}, capped);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => create(residentId, {}, capped)));
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect(await prisma.helpRequest.count({ where: { residentId, status: "new" } })).toBe(2);
    });
  });

  describe("listForResident", () => {
    it("lists only the resident's own requests, newest first, without personal details", async () => {
      const residentId = newResidentId();
      const other = newResidentId();
      const first = await create(residentId, { serviceId: "social-taxi" });
      await create(other);
      const second = await create(residentId, { serviceId: undefined, onBehalf: true });
      const list = await service.listForResident(residentId);
      expect(list.map((request) => request.id)).toEqual([second.id, first.id]);
      expect(list[0]).toEqual({ id: second.id, number: second.number, status: "new", serviceId: null, createdAt: expect.any(Date), updatedAt: expect.any(Date), onBehalf: true });
      expect(Object.keys(list[1]!).sort()).toEqual(["createdAt", "id", "number", "onBehalf", "serviceId", "status", "updatedAt"]);
      expect(await service.listForResident(newResidentId())).toEqual([]);
    });

    it("returns at most `limit` requests, the newest", async () => {
      const residentId = newResidentId();
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) ids.push((await create(residentId)).id);
      expect((await service.listForResident(residentId, 2)).map((request) => request.id)).toEqual([ids[3], ids[2]]);
    });
  });

  describe("a resident and another resident's request", () => {
    it("getForResident gives the resident their own request", async () => {
      const residentId = newResidentId();
      const created = await create(residentId);
      expect(await service.getForResident(residentId, created.id)).toMatchObject({ id: created.id, number: created.number, phone: "+380671234567" });
    });

    it("getForResident refuses another resident's request and one that does not exist", async () => {
      const owner = newResidentId();
      const created = await create(owner);
      await expect(service.getForResident(newResidentId(), created.id)).rejects.toBeInstanceOf(RequestNotFoundError);
      await expect(service.getForResident(owner, 987_654_321)).rejects.toBeInstanceOf(RequestNotFoundError);
    });

    it("cancelByResident refuses another resident's request and changes nothing", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const created = await create(newResidentId());
      const before = await stateOf(created.id);
      await expect(service.cancelByResident(newResidentId(), created.id)).rejects.toBeInstanceOf(RequestNotFoundError);
      expect(await stateOf(created.id)).toEqual(before);
    });

    it("addResidentMessage refuses another resident's request and changes nothing", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const created = await create(newResidentId());
      await service.transition(created.id, "waiting_for_resident", staff(), "new");
      const before = await stateOf(created.id);
      await expect(service.addResidentMessage(newResidentId(), created.id, { text: "це не моє звернення" })).rejects.toBeInstanceOf(RequestNotFoundError);
      expect(await stateOf(created.id)).toEqual(before);
    });

    it("transition refuses a resident actor who does not own the request", async () => {
      const created = await create(newResidentId());
      const before = await stateOf(created.id);
      await expect(service.transition(created.id, "cancelled", { kind: "resident", id: newResidentId() }, "new")).rejects.toBeInstanceOf(RequestNotFoundError);
      expect(await stateOf(created.id)).toEqual(before);
    });
  });

  describe("addResidentMessage", () => {
    it("passes a follow-up on a new request to the department and leaves the status alone", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const residentId = newResidentId();
      const created = await create(residentId);
      expect(await service.addResidentMessage(residentId, created.id, { text: "Краще після обіду" })).toBe("new");
      const { request, events } = await stateOf(created.id);
      expect(request!.status).toBe("new");
      const message = events.at(-1)!;
      expect(message).toMatchObject({ type: "message", actorKind: "resident", actorId: residentId, note: "Краще після обіду", fromStatus: null, toStatus: null });
      expect((await outboxOf(created.id)).at(-1)).toEqual({ chatId: OLDER_CHAT, kind: "staff-relay", payload: { eventId: message.id } });
    });

    it("relays an attachment with the message", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const residentId = newResidentId();
      const created = await create(residentId);
      await service.addResidentMessage(residentId, created.id, { attachment: { kind: "voice", fileId: "voice-42" } });
      const message = (await stateOf(created.id)).events.at(-1)!;
      expect(message).toMatchObject({ type: "message", note: null });
      expect((await outboxOf(created.id)).at(-1)).toEqual({
        chatId: OLDER_CHAT,
        kind: "staff-relay",
        payload: { eventId: message.id, attachment: { kind: "voice", fileId: "voice-42" } },
      });
    });

    it("puts a request waiting for the resident back in progress, without a status note to the resident", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const residentId = newResidentId();
      const created = await create(residentId);
      await service.transition(created.id, "waiting_for_resident", staff(), "new");
      const residentRowsBefore = await prisma.outboxMessage.count({ where: { chatId: residentId } });
      expect(await service.addResidentMessage(residentId, created.id, { text: "Так, у четвер зручно" })).toBe("in_progress");
      const { request, events } = await stateOf(created.id);
      expect(request!.status).toBe("in_progress");
      expect(events.slice(-2)).toMatchObject([
        { type: "status", actorKind: "resident", actorId: residentId, fromStatus: "waiting_for_resident", toStatus: "in_progress" },
        { type: "message", actorKind: "resident", note: "Так, у четвер зручно" },
      ]);
      expect(await prisma.outboxMessage.count({ where: { chatId: residentId } })).toBe(residentRowsBefore);
      expect((await outboxOf(created.id)).slice(-2).map((row) => row.kind)).toEqual(["staff-card-update", "staff-relay"]);
    });

    it("refuses a message on a closed request and writes nothing", async () => {
      const residentId = newResidentId();
      const created = await create(residentId);
      await service.transition(created.id, "resolved", staff(), "new");
      const before = await stateOf(created.id);
      await expect(service.addResidentMessage(residentId, created.id, { text: "ще питання" })).rejects.toBeInstanceOf(StaleRequestError);
      expect(await stateOf(created.id)).toEqual(before);
    });
  });

  describe("cancelByResident", () => {
    it("cancels the resident's open request, closes it, records who did it and tells the staff", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const residentId = newResidentId();
      const created = await create(residentId);
      await service.cancelByResident(residentId, created.id);
      const { request, events } = await stateOf(created.id);
      expect(request).toMatchObject({ status: "cancelled", closedAt: expect.any(Date) });
      expect(events.at(-1)).toMatchObject({ type: "status", actorKind: "resident", actorId: residentId, fromStatus: "new", toStatus: "cancelled", at: request!.closedAt });
      // The staff card is updated; the resident, who pressed the button, gets no extra note.
      expect((await outboxOf(created.id)).at(-1)).toEqual({ chatId: OLDER_CHAT, kind: "staff-card-update", payload: {} });
      expect(await prisma.outboxMessage.count({ where: { chatId: residentId } })).toBe(0);
    });

    it("cancels a request that is in progress", async () => {
      const residentId = newResidentId();
      const created = await create(residentId);
      await service.transition(created.id, "in_progress", staff(), "new");
      await service.cancelByResident(residentId, created.id);
      expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("cancelled");
    });

    it("refuses to cancel a request that is already closed, and changes nothing", async () => {
      const residentId = newResidentId();
      const resolved = await create(residentId);
      await service.transition(resolved.id, "resolved", staff(), "new");
      const before = await stateOf(resolved.id);
      await expect(service.cancelByResident(residentId, resolved.id)).rejects.toBeInstanceOf(TransitionError);
      expect(await stateOf(resolved.id)).toEqual(before);

      const cancelled = await create(residentId);
      await service.cancelByResident(residentId, cancelled.id);
      const cancelledBefore = await stateOf(cancelled.id);
      await expect(service.cancelByResident(residentId, cancelled.id)).rejects.toBeInstanceOf(TransitionError);
      expect(await stateOf(cancelled.id)).toEqual(cancelledBefore);
    });
  });

  describe("transition", () => {
    it("lets staff take a new request: in progress, taken by them, audited, resident and card notified", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const residentId = newResidentId();
      const created = await create(residentId);
      const updated = await service.transition(created.id, "in_progress", staff(555_000_111n), "new");
      expect(updated).toMatchObject({ id: created.id, status: "in_progress", takenBy: 555_000_111n, closedAt: null });
      const { events } = await stateOf(created.id);
      expect(events.at(-1)).toMatchObject({ type: "status", actorKind: "staff", actorId: 555_000_111n, fromStatus: "new", toStatus: "in_progress", note: null });
      const outbox = await outboxOf(created.id);
      expect(outbox.slice(-2)).toMatchObject([
        { chatId: OLDER_CHAT, kind: "staff-card-update", payload: {} },
        { chatId: residentId, kind: "resident-status", payload: { status: "in_progress" } },
      ]);
    });

    it("keeps the first staff member as the one who took the request", async () => {
      const created = await create(newResidentId());
      await service.transition(created.id, "in_progress", staff(1n), "new");
      await service.transition(created.id, "waiting_for_resident", staff(2n), "in_progress");
      const updated = await service.transition(created.id, "in_progress", staff(2n), "waiting_for_resident");
      expect(updated.takenBy).toBe(1n);
    });

    it("closes a resolved or rejected request at the service's clock, keeping a rejection reason", async () => {
      const resolved = await create(newResidentId());
      const done = await service.transition(resolved.id, "resolved", staff(), "new");
      expect(done.status).toBe("resolved");
      expect(done.closedAt).toEqual((await stateOf(resolved.id)).events.at(-1)!.at);

      const rejected = await create(newResidentId());
      await service.transition(rejected.id, "rejected", staff(), undefined, "Поза межами громади");
      expect((await stateOf(rejected.id)).events.at(-1)).toMatchObject({ toStatus: "rejected", note: "Поза межами громади" });
      expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id: rejected.id } })).closedAt).toBeInstanceOf(Date);
    });

    it("changes nothing when the expected status is stale (a second press of an old button)", async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const created = await create(newResidentId());
      await service.transition(created.id, "in_progress", staff(1n), "new");
      const before = await stateOf(created.id);
      await expect(service.transition(created.id, "resolved", staff(2n), "new")).rejects.toBeInstanceOf(StaleRequestError);
      expect(await stateOf(created.id)).toEqual(before);
    });

    it("lets exactly one of two staff members pressing «take» at once win", async () => {
      const created = await create(newResidentId());
      const results = await Promise.allSettled([
        service.transition(created.id, "in_progress", staff(11n), "new"),
        service.transition(created.id, "rejected", staff(12n), "new"),
      ]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const failure = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(failure.reason).toBeInstanceOf(StaleRequestError);
      const { request, events } = await stateOf(created.id);
      expect(events.filter((event) => event.type === "status")).toHaveLength(1);
      expect(events.at(-1)!.toStatus).toBe(request!.status);
    });

    it.each([
      ["staff cancelling (staff reject instead)", "new", "cancelled", staff()],
      ["a resident resolving their own request", "new", "resolved", { kind: "resident" } as Actor],
      ["reopening a resolved request", "resolved", "in_progress", staff()],
      ["the system rejecting", "new", "rejected", { kind: "system" } as Actor],
    ] as const)("refuses %s with a TransitionError, changing nothing", async (_label, from, to, actor) => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const residentId = newResidentId();
      const created = await create(residentId);
      if (from !== "new") await service.transition(created.id, from, staff(), "new");
      const before = await stateOf(created.id);
      const attempt = service.transition(created.id, to, actor.kind === "resident" ? { kind: "resident", id: residentId } : actor);
      await expect(attempt).rejects.toBeInstanceOf(TransitionError);
      expect(await stateOf(created.id)).toEqual(before);
    });

    it("says RequestNotFoundError for a request that does not exist", async () => {
      await expect(service.transition(987_654_321, "in_progress", staff())).rejects.toBeInstanceOf(RequestNotFoundError);
    });
  });

  describe("eraseResident", () => {
    const ERASED = 980_000_000_001n;
    const NEIGHBOUR = 980_000_000_002n;
    const STAFF = 555_000_999n;
    /** Anything of the erased resident's that must not survive, as typed in the setup below. */
    const PERSONAL = /931112233|939998877|Василин|Стусенко|Шевченка|слуховий|Коваленко|запасний|онука/;

    let ids: { resolved: number; waiting: number; fresh: number; neighbours: number };
    let before: Awaited<ReturnType<typeof prisma.helpRequest.findMany>>;

    beforeAll(async () => {
      await setDepartmentChat(prisma, OLDER, OLDER_CHAT);
      const mine = (overrides: Partial<RequestDraft>) =>
        service.createRequest(ERASED, "uk", draft({ contactName: "Василина Стусенко", phone: "+380931112233", address: "вул. Шевченка, 17", details: "Потрібен слуховий апарат", ...overrides }));
      const resolved = await mine({ serviceId: "assistive-devices" });
      await service.transition(resolved.id, "in_progress", staff(STAFF), "new");
      await service.transition(resolved.id, "resolved", staff(STAFF), "in_progress", "Передзвонили Василині Стусенко");
      // The relay has delivered the resident's status notes of that one.
      await prisma.outboxMessage.updateMany({ where: { chatId: ERASED, requestId: resolved.id }, data: { status: "sent", sentAt: new Date() } });
      const waiting = await mine({ onBehalf: true, subjectName: "Марія Коваленко", subjectRelation: "онука", callBack: true, callBackTime: "evening" });
      await service.transition(waiting.id, "waiting_for_resident", staff(STAFF), "new", "Уточнити адресу");
      await service.addResidentMessage(ERASED, waiting.id, { text: "Мій запасний номер 0939998877" });
      const fresh = await mine({ serviceId: undefined, attachments: [{ kind: "voice", fileId: "voice-of-vasylyna" }] });
      const neighbours = await service.createRequest(NEIGHBOUR, "uk", draft({ contactName: "Петро", phone: "+380501234567" }));
      for (const [owner, name] of [[ERASED, "Василина Стусенко, +380931112233"], [NEIGHBOUR, "Петро, +380501234567"]] as const) {
        await prisma.sessionRecord.create({ data: { key: `session:${owner}`, value: { locale: "uk", dialogue: { draft: { name } } } } });
      }
      ids = { resolved: resolved.id, waiting: waiting.id, fresh: fresh.id, neighbours: neighbours.id };
      before = await prisma.helpRequest.findMany({ where: { id: { in: [resolved.id, waiting.id, fresh.id] } }, orderBy: { id: "asc" } });
      expect((await dumpTable(prisma, "help_request")).filter((row) => PERSONAL.test(row))).toHaveLength(3); // the check below can fail

      expect(await service.eraseResident(ERASED)).toEqual({ requests: 3 });
    });

    it("leaves no phone, name, address or message of the resident in help_request, request_event, resident, session_record", async () => {
      for (const table of ["help_request", "request_event", "resident", "session_record", "outbox_message"]) {
        expect((await dumpTable(prisma, table)).filter((row) => PERSONAL.test(row)), table).toEqual([]);
      }
    });

    it("keeps each request as an anonymous row: number, community, service, department, status, times", async () => {
      const after = await prisma.helpRequest.findMany({ where: { id: { in: [ids.resolved, ids.waiting, ids.fresh] } }, orderBy: { id: "asc" } });
      expect(after).toHaveLength(3);
      after.forEach((row, index) => {
        const was = before[index]!;
        expect(row).toMatchObject({
          number: was.number,
          communityId: was.communityId,
          serviceId: was.serviceId,
          departmentKey: was.departmentKey,
          onBehalf: was.onBehalf,
          callBack: was.callBack,
          createdAt: was.createdAt,
          takenBy: was.takenBy,
          residentId: null,
          subjectName: null,
          subjectRelation: null,
          contactName: null,
          phone: null,
          address: null,
          details: null,
          attachments: null,
          callBackTime: null,
          anonymisedAt: expect.any(Date),
        });
      });
      expect(after.map((row) => row.status)).toEqual(["resolved", "cancelled", "cancelled"]);
      expect(after.every((row) => row.closedAt instanceof Date)).toBe(true);
      expect(after[0]!.closedAt).toEqual(before[0]!.closedAt);
    });

    it("records the cancellation by the system and the erasure in the audit trail, without notes", async () => {
      for (const id of [ids.waiting, ids.fresh]) {
        const events = await prisma.requestEvent.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
        expect(events.slice(-2)).toMatchObject([
          { type: "status", actorKind: "system", actorId: null, toStatus: "cancelled" },
          { type: "erased", actorKind: "system", actorId: null },
        ]);
      }
      const events = await prisma.requestEvent.findMany({ where: { requestId: { in: [ids.resolved, ids.waiting, ids.fresh] } } });
      expect(events.filter((event) => event.type === "erased")).toHaveLength(3);
      expect(events.every((event) => event.note === null)).toBe(true);
      expect(events.some((event) => event.actorKind === "resident" && event.actorId !== null)).toBe(false);
    });

    it("deletes the resident's row, session and dialogue, and their pending messages", async () => {
      expect(await prisma.resident.findUnique({ where: { id: ERASED } })).toBeNull();
      expect(await prisma.sessionRecord.findMany({ where: { key: `session:${ERASED}` } })).toEqual([]);
      expect(await prisma.outboxMessage.count({ where: { chatId: ERASED, status: "pending" } })).toBe(0);
    });

    it("leaves another resident's request, row and session untouched", async () => {
      expect(await prisma.helpRequest.findUniqueOrThrow({ where: { id: ids.neighbours } })).toMatchObject({ residentId: NEIGHBOUR, phone: "+380501234567", contactName: "Петро", status: "new", anonymisedAt: null });
      expect(await prisma.resident.findUnique({ where: { id: NEIGHBOUR } })).not.toBeNull();
      expect(await prisma.sessionRecord.count({ where: { key: `session:${NEIGHBOUR}` } })).toBe(1);
      expect((await dumpTable(prisma, "help_request")).filter((row) => row.includes("501234567"))).toHaveLength(1);
    });

    it("does nothing, and fails on nothing, the second time or for a stranger", async () => {
      expect(await service.eraseResident(ERASED)).toEqual({ requests: 0 });
      expect(await service.eraseResident(newResidentId())).toEqual({ requests: 0 });
    });

    it("keeps which staff member handled the request in the audit trail", async () => {
      const events = await prisma.requestEvent.findMany({ where: { requestId: ids.resolved, actorKind: "staff" } });
      expect(events.length).toBeGreaterThan(0);
      expect(events.map((event) => event.actorId)).toEqual(events.map(() => STAFF));
    });

    it("leaves the resident's Telegram id in no row of any table", async () => {
      for (const table of ["help_request", "request_event", "resident", "session_record", "outbox_message", "staff_message"]) {
        expect((await dumpTable(prisma, table)).filter((row) => row.includes(String(ERASED))), table).toEqual([]);
      }
    });
  });
});
