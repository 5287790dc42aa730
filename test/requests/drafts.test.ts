import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireAbandonedDrafts } from "../../src/requests/drafts.ts";
import { RequestService } from "../../src/requests/service.ts";
import { databaseCases, draft, openRequestsDatabase, type RequestsDatabase } from "./fixtures.ts";

describe.each(databaseCases)("abandoned dialogues and retention on %s", (_name, target) => {
  let db: RequestsDatabase;
  beforeAll(async () => {
    db = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await db.close();
  });

  it("deletes drafts untouched past the timeout, notes it to the resident, and keeps fresh ones", async () => {
    const prisma = db.prisma;
    await prisma.sessionRecord.createMany({
      data: [
        { key: "session:501", value: { communityId: "zhytomyr", dialogue: { draft: "Оля, +380671234567" } } },
        { key: "session:502", value: { communityId: "zhytomyr", dialogue: { draft: "fresh" } } },
        { key: "session:503", value: { communityId: "zhytomyr" } },
      ],
    });
    await prisma.$executeRawUnsafe(`UPDATE session_record SET updated_at = now() - interval '2 hours' WHERE key IN ('session:501', 'session:503')`);

    expect(await expireAbandonedDrafts(prisma, new Date(Date.now() - 60 * 60_000))).toHaveLength(1);

    const rows = await prisma.sessionRecord.findMany({ orderBy: { key: "asc" } });
    expect(rows.map((row) => [row.key, row.value])).toEqual([
      ["session:501", { communityId: "zhytomyr" }],
      ["session:502", { communityId: "zhytomyr", dialogue: { draft: "fresh" } }],
      ["session:503", { communityId: "zhytomyr" }],
    ]);
    const notes = await prisma.outboxMessage.findMany({ where: { kind: "dialogue-expired" } });
    expect(notes.map((note) => note.chatId)).toEqual([501n]);
    expect(await expireAbandonedDrafts(prisma, new Date(Date.now() - 60 * 60_000))).toEqual([]);
  });

  it("sends no «nothing was saved» note for a dialogue whose request was in fact sent (a crash lost its last save)", async () => {
    const requests = new RequestService({ prisma: db.prisma, catalog: await db.catalog() });
    const key = "hhsk-AbCdEfGh_-12";
    await requests.createRequest(601n, "uk", draft({ submitKey: key }));
    expect((await requests.createRequest(601n, "uk", draft({ submitKey: key }))).alreadySent).toBe(true);
    expect(await requests.findSubmitted(601n, key)).not.toBeNull();
    expect(await requests.findSubmitted(602n, key)).toBeNull(); // another resident's key finds nothing
    await db.prisma.sessionRecord.createMany({
      data: [
        { key: "session:601", value: { dialogue: { state: { log: [{ returned: key }] } } } },
        { key: "session:602", value: { dialogue: { state: { log: [{ returned: "hhsk-NeverSent0000" }] } } } },
      ],
    });
    await db.prisma.$executeRawUnsafe(`UPDATE session_record SET updated_at = now() - interval '2 hours' WHERE key IN ('session:601', 'session:602')`);
    expect((await expireAbandonedDrafts(db.prisma, new Date(Date.now() - 60 * 60_000))).sort()).toEqual(["session:601", "session:602"]);
    const notes = await db.prisma.outboxMessage.findMany({ where: { kind: "dialogue-expired", chatId: { in: [601n, 602n] } } });
    expect(notes.map((note) => note.chatId)).toEqual([602n]);
    expect(await db.prisma.helpRequest.count({ where: { residentId: 601n } })).toBe(1);
  });

  it("erases personal data of requests closed longer ago than the retention period, and only those", async () => {
    const requests = new RequestService({ prisma: db.prisma, catalog: await db.catalog() });
    const request = draft({ serviceId: "home-care", contactName: "Ніна Петрівна", phone: "+380501112233" });
    const old = await requests.createRequest(11n, "uk", request);
    const recent = await requests.createRequest(12n, "uk", request);
    const open = await requests.createRequest(13n, "uk", request);
    await requests.transition(old.id, "resolved", { kind: "staff", id: 1n });
    await requests.transition(recent.id, "resolved", { kind: "staff", id: 1n });
    await db.prisma.helpRequest.update({ where: { id: old.id }, data: { closedAt: new Date(Date.now() - 100 * 86_400_000) } });

    expect(await requests.eraseClosedBefore(new Date(Date.now() - 90 * 86_400_000))).toBe(1);

    const rows = await db.prisma.helpRequest.findMany({ where: { id: { in: [old.id, recent.id, open.id] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.phone, r.contactName, r.details !== null, r.status])).toEqual([
      [old.id, null, null, false, "resolved"],
      [recent.id, "+380501112233", "Ніна Петрівна", true, "resolved"],
      [open.id, "+380501112233", "Ніна Петрівна", true, "new"],
    ]);
    expect(await requests.eraseClosedBefore(new Date(Date.now() - 90 * 86_400_000))).toBe(0);
  });
});
