import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { renderRequestCard } from "../../src/bot/render/request-card.ts";
import type { Catalog } from "../../src/catalog/catalog.ts";
import { InboxService } from "../../src/inbox/inbox-service.ts";
import { RequestService } from "../../src/requests/service.ts";
import { databaseCases, draft, newResidentId, openRequestsDatabase, setDepartmentChat, steppingClock, type RequestsDatabase } from "../requests/fixtures.ts";

/**
 * 🆘 priority (issue 14): a request flagged `danger` shows 🆘 on top of its card, comes first in
 * /overdue and is reminded after DANGER_REMINDER_MINUTES instead of the department's hours; a request
 * flagged `contactByBotOnly` needs no phone and its card says in bold not to phone.
 */
describe.each(databaseCases)("🆘 requests on %s", (_name, target) => {
  let db: RequestsDatabase;
  let catalog: Catalog;
  let inbox: InboxService;
  let plain: number;
  let urgent: number;
  let department: string;

  beforeAll(async () => {
    db = await openRequestsDatabase(target);
    catalog = await db.catalog();
    const requests = new RequestService({ prisma: db.prisma, catalog, now: steppingClock("2026-05-04T07:00:00Z") });
    inbox = new InboxService(db.prisma, catalog, 20);
    // The plain request first (older), the 🆘 one a moment later: 🆘 must still come first.
    const first = await requests.createRequest(newResidentId(), "uk", draft({ serviceId: "crisis-intervention", details: "потрібна консультація" }));
    const { phone: _phone, ...withoutPhone } = draft({ serviceId: "crisis-intervention", details: "прошу зв'язатися" });
    const second = await requests.createRequest(newResidentId(), "uk", { ...withoutPhone, danger: true, contactByBotOnly: true });
    plain = first.id;
    urgent = second.id;
    department = first.departmentKey;
    await setDepartmentChat(db.prisma, department, -777n);
    await db.prisma.helpRequest.updateMany({ where: { id: { in: [plain, urgent] } }, data: { cardChatId: -777n, cardMessageId: 1 } });
  });
  afterAll(async () => {
    await db.close();
  });

  it("stores the flags, and a request in safe mode without a phone", async () => {
    const saved = await db.prisma.helpRequest.findUniqueOrThrow({ where: { id: urgent } });
    expect(saved).toMatchObject({ danger: true, contactByBotOnly: true, phone: null });
    expect(await db.prisma.helpRequest.findUniqueOrThrow({ where: { id: plain } })).toMatchObject({ danger: false, contactByBotOnly: false });
  });

  it("is overdue after the danger minutes, not the department's hours, and sorts first", async () => {
    expect(await inbox.overdue([department], new Date("2026-05-04T07:10:00Z"))).toEqual([]);
    const soon = await inbox.overdue([department], new Date("2026-05-04T07:25:00Z"));
    expect(soon.map((r) => r.id)).toEqual([urgent]);
    const later = await inbox.overdue([department], new Date("2026-05-06T07:25:00Z"));
    expect(later.map((r) => r.id)).toEqual([urgent, plain]);
  });

  it("queues a reminder for the 🆘 request after 20 minutes, and again 20 minutes later", async () => {
    expect(await inbox.queueReminders(new Date("2026-05-04T07:25:00Z"))).toBe(1);
    expect(await inbox.queueReminders(new Date("2026-05-04T07:35:00Z"))).toBe(0);
    expect(await inbox.queueReminders(new Date("2026-05-04T07:46:00Z"))).toBe(1);
  });

  it("shows 🆘 on top of the card and, in safe mode, «Не телефонувати» in bold", async () => {
    const i18n = createI18n("uk");
    const t = (key: string, vars?: Record<string, string | number>) => i18n.t("uk", key, vars);
    const card = renderRequestCard(await db.prisma.helpRequest.findUniqueOrThrow({ where: { id: urgent } }), { catalog, locale: "uk", t });
    const lines = card.split("\n");
    expect(lines[0]).toContain("🆘");
    expect(card).toContain("<b>Не телефонувати — відповідати лише в боті</b>");
    const plainCard = renderRequestCard(await db.prisma.helpRequest.findUniqueOrThrow({ where: { id: plain } }), { catalog, locale: "uk", t });
    expect(plainCard).not.toContain("🆘");
    expect(plainCard).not.toContain("Не телефонувати");
  });
});
