import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InboxService, spreadsheetText } from "../../src/inbox/inbox-service.ts";
import { RequestService } from "../../src/requests/service.ts";
import { databaseCases, draft, newResidentId, openRequestsDatabase, setDepartmentChat, steppingClock, type RequestsDatabase } from "../requests/fixtures.ts";

const OLDER = "zhytomyr/older-and-disabled";

describe.each(databaseCases)("department reports on %s", (_name, target) => {
  let db: RequestsDatabase;
  let requests: RequestService;
  let inbox: InboxService;
  const ids: number[] = [];

  beforeAll(async () => {
    db = await openRequestsDatabase(target);
    await setDepartmentChat(db.prisma, OLDER, -4242n);
    const catalog = await db.catalog();
    requests = new RequestService({ prisma: db.prisma, catalog, now: steppingClock("2026-05-04T07:00:00Z") });
    inbox = new InboxService(db.prisma, catalog);
    for (const [i, serviceId] of ["social-taxi", "social-taxi", "home-care", "day-care"].entries()) {
      const { id } = await requests.createRequest(newResidentId(), "uk", draft({ serviceId, contactName: `Мешканка ${i}` }));
      ids.push(id);
    }
    // The first answered after 30 minutes, the second after 90; the third closed; the fourth untouched.
    await db.prisma.helpRequest.update({ where: { id: ids[0]! }, data: { firstAnswerAt: new Date("2026-05-04T07:30:01Z"), status: "in_progress" } });
    await db.prisma.helpRequest.update({ where: { id: ids[1]! }, data: { firstAnswerAt: new Date("2026-05-04T08:30:02Z"), status: "in_progress" } });
    await db.prisma.helpRequest.update({ where: { id: ids[2]! }, data: { status: "resolved", closedAt: new Date("2026-05-04T09:00:00Z") } });
    // Cards were delivered: reminders go under them.
    await db.prisma.helpRequest.updateMany({ where: { id: { in: ids } }, data: { cardChatId: -4242n, cardMessageId: 1 } });
  });
  afterAll(async () => {
    await db.close();
  });

  it("lists as overdue only new requests older than the department's reminder hours", async () => {
    expect(await inbox.overdue([OLDER], new Date("2026-05-04T12:00:00Z"))).toEqual([]);
    const overdue = await inbox.overdue([OLDER], new Date("2026-05-05T08:00:00Z"));
    expect(overdue.map((r) => r.id)).toEqual([ids[3]]);
  });

  it("reminds once per reminder period, however often it runs", async () => {
    expect(await inbox.queueReminders(new Date("2026-05-05T08:00:00Z"))).toBe(1);
    expect(await inbox.queueReminders(new Date("2026-05-05T09:00:00Z"))).toBe(0);
    expect(await inbox.queueReminders(new Date("2026-05-06T08:00:01Z"))).toBe(1);
    const reminders = await db.prisma.outboxMessage.findMany({ where: { kind: "staff-reminder" } });
    expect(reminders.map((r) => [r.requestId, r.chatId])).toEqual([[ids[3], -4242n], [ids[3], -4242n]]);
  });

  it("counts by status and service and gives the median time to the first answer", async () => {
    const stats = await inbox.stats([OLDER], new Date("2026-05-01T00:00:00Z"), new Date("2026-05-08T00:00:00Z"));
    expect(stats.total).toBe(4);
    expect(stats.byStatus).toMatchObject({ new: 1, in_progress: 2, resolved: 1, rejected: 0, cancelled: 0 });
    expect(stats.byService[0]).toEqual({ serviceId: "social-taxi", count: 2 });
    expect(stats.medianFirstAnswerMinutes).toBe(60);
    const empty = await inbox.stats([OLDER], new Date("2025-01-01T00:00:00Z"), new Date("2025-02-01T00:00:00Z"));
    expect(empty).toMatchObject({ total: 0, medianFirstAnswerMinutes: null });
  });
});

describe("CSV export cells", () => {
  it("keeps what a resident typed from running as a spreadsheet formula or reordering text", () => {
    expect(spreadsheetText('=HYPERLINK("http://evil","натисніть")')).toBe(`'=HYPERLINK("http://evil","натисніть")`);
    expect(spreadsheetText("+1+1")).toBe("'+1+1");
    expect(spreadsheetText("-2")).toBe("'-2");
    expect(spreadsheetText("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(spreadsheetText("\tx")).toBe("'\tx");
    expect(spreadsheetText("Оля\u202E76 543")).toBe("Оля76 543");
    expect(spreadsheetText("вул. Київська, 5 = кв. 2")).toBe("вул. Київська, 5 = кв. 2");
    expect(spreadsheetText(null)).toBe("");
  });
});
