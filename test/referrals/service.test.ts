import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog.ts";
import { DEFAULT_CATALOG_DIR, loadCommunityFile } from "../../src/catalog/load.ts";
import { importCommunity, readCatalog } from "../../src/catalog/store.ts";
import type { Database, PrismaClient } from "../../src/db/client.ts";
import { canChangeReferral, ReferralTransitionError, StaleReferralError } from "../../src/referrals/lifecycle.ts";
import { ForeignReferralError, ReferralRefusedError, ReferralService } from "../../src/referrals/service.ts";
import { workingDaysAfter } from "../../src/referrals/working-days.ts";
import { HelpdeskActions } from "../../src/requests/helpdesk.ts";
import { RequestNotFoundError, RequestService } from "../../src/requests/service.ts";
import { PARTNER_GROUPS, PARTNER_STAFF, withTestPartners } from "../helpers/partner-catalog.ts";
import { databaseCases, draft, dumpTable, newResidentId } from "../requests/fixtures.ts";

/** Issue 21's domain without Telegram: consent first, the partner's answers, the sweep, erasure, figures. */

const CARITAS = "zhytomyr/zt-caritas";
const FUND = "zhytomyr/zt-ukrainian-charity-fund";
const CARITAS_CHAT = BigInt(PARTNER_GROUPS["zt-caritas"]);
const FUND_CHAT = BigInt(PARTNER_GROUPS["zt-ukrainian-charity-fund"]);
const BENEFITS = "zhytomyr/benefits-and-aid";
const BENEFITS_CHAT = -1_005n;
const staff = { id: 555_000_111n, name: "Оксана" };
const partnerStaff = { id: BigInt(PARTNER_STAFF["zt-caritas"]), name: "Ірина" };

describe("working days", () => {
  it("gives a partner until the close of the third working day after the day it was sent", () => {
    // Friday 27 Nov 2026, 15:00 Kyiv → Wednesday 2 Dec, 17:15 Kyiv (15:15 UTC).
    expect(workingDaysAfter(new Date("2026-11-27T13:00:00Z"), 3).toISOString()).toBe("2026-12-02T15:15:00.000Z");
    // Monday morning → Thursday's close.
    expect(workingDaysAfter(new Date("2026-11-23T06:00:00Z"), 3).toISOString()).toBe("2026-11-26T15:15:00.000Z");
    // One day from Thursday → Friday's earlier close (16:00).
    expect(workingDaysAfter(new Date("2026-11-26T10:00:00Z"), 1).toISOString()).toBe("2026-11-27T14:00:00.000Z");
  });

  it("lets only the resident consent, only the partner answer, only the bot give a referral back", () => {
    expect(canChangeReferral("asked", "sent", "resident")).toBe(true);
    expect(canChangeReferral("asked", "sent", "staff")).toBe(false);
    expect(canChangeReferral("asked", "accepted", "partner")).toBe(false);
    expect(canChangeReferral("sent", "accepted", "partner")).toBe(true);
    expect(canChangeReferral("sent", "accepted", "staff")).toBe(false);
    expect(canChangeReferral("sent", "returned", "system")).toBe(true);
    expect(canChangeReferral("sent", "returned", "partner")).toBe(false);
    expect(canChangeReferral("done", "declined", "partner")).toBe(false);
    expect(canChangeReferral("refused", "sent", "resident")).toBe(false);
  });
});

describe.each(databaseCases)("ReferralService on %s", (_name, target) => {
  let db: Database;
  let drop: () => Promise<void>;
  let prisma: PrismaClient;
  let catalog: Catalog;
  let requests: RequestService;
  let clock = Date.parse("2026-11-23T07:00:00Z"); // a Monday, 9:00 in Kyiv
  const now = () => new Date(clock);
  let referrals: ReferralService;

  beforeAll(async () => {
    const fresh = await target.createMigrated();
    db = await fresh.open();
    drop = fresh.drop;
    prisma = db.prisma;
    const loaded = loadCommunityFile(path.join(DEFAULT_CATALOG_DIR, "zhytomyr.yaml"));
    withTestPartners(loaded.community);
    await importCommunity(prisma, loaded);
    await prisma.department.update({ where: { key: BENEFITS }, data: { chatId: BENEFITS_CHAT } });
    catalog = new Catalog(await readCatalog(prisma));
    requests = new RequestService({ prisma, catalog, now });
    referrals = new ReferralService({ prisma, catalog, now, answerDays: 3 });
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  const newRequest = async (serviceId = "in-kind-aid", residentId = newResidentId()) => {
    const created = await requests.createRequest(residentId, "uk", draft({ serviceId, contactName: "Ганна Петрівна", phone: "+380671234567", details: "Потрібен зимовий одяг для онука" }));
    return { residentId, id: created.id, number: created.number };
  };
  const outboxOf = async (requestId: number) =>
    (await prisma.outboxMessage.findMany({ where: { requestId }, orderBy: { id: "asc" } })).map(({ chatId, kind, payload }) => ({ chatId, kind, payload }));

  it("reads the partners from the catalogue: who takes referrals for what, in which group", () => {
    expect(referrals.partners.forService("zhytomyr", "in-kind-aid").map((partner) => partner.key)).toEqual([CARITAS, FUND]);
    expect(referrals.partners.forService("zhytomyr", "humanitarian-aid").map((partner) => partner.key)).toEqual([CARITAS]);
    expect(referrals.partners.forService("zhytomyr", "social-taxi")).toEqual([]);
    expect(referrals.partners.ofChat(FUND_CHAT).map((partner) => partner.key)).toEqual([FUND]);
    expect(referrals.partners.ofChat(BENEFITS_CHAT)).toEqual([]);
  });

  it("asks the resident first: nothing goes to the partner before «так»; one active referral at a time", async () => {
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, CARITAS, staff);
    expect(referral.status).toBe("asked");
    const request = await prisma.helpRequest.findUniqueOrThrow({ where: { id } });
    expect([request.status, request.takenByName]).toEqual(["in_progress", "Оксана"]);
    const outbox = await outboxOf(id);
    expect(outbox.filter((row) => row.kind === "referral-consent")).toEqual([{ chatId: residentId, kind: "referral-consent", payload: { referralId: referral.id } }]);
    expect(outbox.some((row) => row.chatId === CARITAS_CHAT)).toBe(false);
    // Referred again before the resident answered: the unanswered question gives way.
    const second = await referrals.refer(id, FUND, staff);
    expect((await prisma.referral.findUniqueOrThrow({ where: { id: referral.id } })).status).toBe("withdrawn");
    await expect(referrals.answerConsent(referral.id, residentId, true)).rejects.toBeInstanceOf(ReferralTransitionError);
    // Once the resident agreed, the partner has it: no second referral meanwhile.
    await referrals.answerConsent(second.id, residentId, true);
    await expect(referrals.refer(id, CARITAS, staff)).rejects.toMatchObject({ reason: "already-active" });
    const events = await prisma.requestEvent.findMany({ where: { requestId: id, type: { startsWith: "referral" } }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.type, event.actorKind, event.actorName])).toEqual([
      ["referral-asked", "staff", "Оксана"],
      ["referral-withdrawn", "staff", "Оксана"],
      ["referral-asked", "staff", "Оксана"],
      ["referral-sent", "resident", null],
    ]);
  });

  it("refuses a partner that does not take the service, a closed request, another community's provider", async () => {
    const taxi = await newRequest("social-taxi");
    await expect(referrals.refer(taxi.id, CARITAS, staff)).rejects.toBeInstanceOf(ReferralRefusedError);
    await expect(referrals.refer(taxi.id, CARITAS, staff)).rejects.toMatchObject({ reason: "not-offered" });
    const food = await newRequest("humanitarian-aid");
    await expect(referrals.refer(food.id, FUND, staff)).rejects.toMatchObject({ reason: "not-offered" });
    await expect(referrals.refer(food.id, "zhytomyr/zt-red-cross", staff)).rejects.toMatchObject({ reason: "not-a-partner" });
    await requests.cancelByResident(food.residentId, food.id);
    await expect(referrals.refer(food.id, CARITAS, staff)).rejects.toMatchObject({ reason: "closed" });
  });

  it("«ні» keeps the request with the department, which is told; nothing reaches the partner", async () => {
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, FUND, staff);
    await expect(referrals.answerConsent(referral.id, residentId + 1n, true)).rejects.toBeInstanceOf(RequestNotFoundError);
    const { referral: refused } = await referrals.answerConsent(referral.id, residentId, false);
    expect(refused.status).toBe("refused");
    expect(refused.consentAt).toBeNull();
    await expect(referrals.answerConsent(referral.id, residentId, true)).rejects.toBeInstanceOf(ReferralTransitionError);
    const outbox = await outboxOf(id);
    expect(outbox.some((row) => row.chatId === FUND_CHAT)).toBe(false);
    expect(outbox).toContainEqual({ chatId: BENEFITS_CHAT, kind: "referral-department", payload: { referralId: referral.id, key: "referral-dept-refused" } });
    expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");
    // Another partner can be asked after a «ні».
    expect((await referrals.refer(id, CARITAS, staff)).status).toBe("asked");
  });

  it("«так» → the partner's card; accept → done closes the request and asks «Чи допомогли Вам?» once", async () => {
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, CARITAS, staff);
    const { referral: sent } = await referrals.answerConsent(referral.id, residentId, true);
    expect(sent.status).toBe("sent");
    expect(sent.consentAt).not.toBeNull();
    expect(await outboxOf(id)).toContainEqual({ chatId: CARITAS_CHAT, kind: "referral-card", payload: { referralId: referral.id } });
    await referrals.recordMessage(CARITAS_CHAT, 501, referral.id, "card");

    // Another partner's group cannot act on it, whatever the button says.
    await expect(referrals.partnerAct(referral.id, FUND_CHAT, { id: BigInt(PARTNER_STAFF["zt-ukrainian-charity-fund"]) }, "accept")).rejects.toBeInstanceOf(ForeignReferralError);
    expect((await referrals.partnerAct(referral.id, CARITAS_CHAT, partnerStaff, "accept")).status).toBe("accepted");
    await expect(referrals.partnerAct(referral.id, CARITAS_CHAT, partnerStaff, "accept")).rejects.toBeInstanceOf(ReferralTransitionError);
    const done = await referrals.partnerAct(referral.id, CARITAS_CHAT, partnerStaff, "done");
    expect(done.status).toBe("done");
    const request = await prisma.helpRequest.findUniqueOrThrow({ where: { id } });
    expect([request.status, request.outcome, request.feedbackAskedAt !== null]).toEqual(["resolved", "referred", true]);
    const outbox = await outboxOf(id);
    expect(outbox.filter((row) => row.kind === "referral-resident").map((row) => row.payload)).toEqual([
      { referralId: referral.id, status: "accepted" },
      { referralId: referral.id, status: "done", askFeedback: true },
    ]);
    expect(outbox.filter((row) => row.kind === "referral-card-update")).toContainEqual({ chatId: CARITAS_CHAT, kind: "referral-card-update", payload: { referralId: referral.id, messageId: 501 } });
    expect(outbox.filter((row) => row.kind === "referral-department").map((row) => (row.payload as { key: string }).key)).toEqual([
      "referral-dept-sent",
      "referral-dept-accepted",
      "referral-dept-done",
    ]);
    // The same 👍/👎 as the department's own closes.
    const helpdesk = new HelpdeskActions(prisma, now);
    expect(await helpdesk.recordFeedback(residentId, id, "up")).toBe(true);
    expect(await helpdesk.recordFeedback(residentId, id, "down")).toBe(false);
    const events = await prisma.requestEvent.findMany({ where: { requestId: id, type: { startsWith: "referral" } }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.type, event.actorKind])).toEqual([
      ["referral-asked", "staff"],
      ["referral-sent", "resident"],
      ["referral-accepted", "partner"],
      ["referral-done", "partner"],
    ]);
    expect(events.every((event) => event.actorId !== residentId)).toBe(true);
  });

  it("a decline keeps the request open with its reason for the department", async () => {
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, FUND, staff);
    await referrals.answerConsent(referral.id, residentId, true);
    const declined = await referrals.partnerAct(referral.id, FUND_CHAT, { id: 8802n, name: "Петро" }, "decline", "Зимового одягу зараз немає");
    expect([declined.status, declined.declineReason]).toEqual(["declined", "Зимового одягу зараз немає"]);
    expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");
  });

  it("a partner silent for 3 working days gives the referral back, with a reminder; not a minute before", async () => {
    clock = Date.parse("2026-11-27T13:00:00Z"); // Friday 15:00 in Kyiv
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, CARITAS, staff);
    await referrals.answerConsent(referral.id, residentId, true);
    clock = Date.parse("2026-12-02T15:14:00Z"); // Wednesday 17:14
    await referrals.sweep();
    expect((await prisma.referral.findUniqueOrThrow({ where: { id: referral.id } })).status).toBe("sent");
    clock = Date.parse("2026-12-02T15:16:00Z");
    expect(await referrals.sweep()).toBeGreaterThanOrEqual(1);
    expect((await prisma.referral.findUniqueOrThrow({ where: { id: referral.id } })).status).toBe("returned");
    expect(await outboxOf(id)).toContainEqual({ chatId: BENEFITS_CHAT, kind: "referral-department", payload: { referralId: referral.id, key: "referral-dept-returned" } });
    await expect(referrals.partnerAct(referral.id, CARITAS_CHAT, partnerStaff, "accept")).rejects.toBeInstanceOf(ReferralTransitionError);
    expect(await referrals.sweep()).toBe(0);
  });

  it("a request the resident cancelled withdraws its referral at the next sweep, without a reminder", async () => {
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, FUND, staff);
    await referrals.answerConsent(referral.id, residentId, true);
    await requests.cancelByResident(residentId, id);
    expect(await referrals.sweep()).toBeGreaterThanOrEqual(1);
    expect((await prisma.referral.findUniqueOrThrow({ where: { id: referral.id } })).status).toBe("withdrawn");
    expect((await outboxOf(id)).some((row) => (row.payload as { key?: string }).key === "referral-dept-returned")).toBe(false);
  });

  it("/delete_me withdraws the referral, erases the partner's reason and redraws every card copy", async () => {
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, CARITAS, staff);
    await referrals.answerConsent(referral.id, residentId, true);
    await referrals.recordMessage(CARITAS_CHAT, 777, referral.id, "card");
    await referrals.recordMessage(CARITAS_CHAT, 778, referral.id, "decline-prompt");
    await requests.eraseResident(residentId);
    const after = await prisma.referral.findUniqueOrThrow({ where: { id: referral.id } });
    expect([after.status, after.declineReason]).toEqual(["withdrawn", null]);
    expect(await referrals.findByMessage(CARITAS_CHAT, 778)).toBeNull();
    const updates = await prisma.outboxMessage.findMany({ where: { kind: "referral-card-update", chatId: CARITAS_CHAT, status: "pending" } });
    expect(updates.map((row) => row.payload)).toContainEqual({ referralId: referral.id, messageId: 777 });
    // Nothing of the resident's stays in the referral tables.
    const rows = [...(await dumpTable(prisma, "referral")), ...(await dumpTable(prisma, "referral_message"))].join("\n");
    for (const secret of ["Ганна", "671234567", "зимовий", String(residentId)]) expect(rows).not.toContain(secret);
    await expect(referrals.partnerAct(referral.id, CARITAS_CHAT, partnerStaff, "accept")).rejects.toBeInstanceOf(StaleReferralError);
  });

  it("retention erases a closed request's referral too: the partner's reason goes, its card is redrawn", async () => {
    const { id, residentId } = await newRequest();
    const referral = await referrals.refer(id, FUND, staff);
    await referrals.answerConsent(referral.id, residentId, true);
    await referrals.recordMessage(FUND_CHAT, 901, referral.id, "card");
    await referrals.partnerAct(referral.id, FUND_CHAT, { id: 8802n, name: "Петро" }, "done");
    await requests.eraseClosedBefore(new Date(clock + 86_400_000));
    const after = await prisma.referral.findUniqueOrThrow({ where: { id: referral.id } });
    expect(after.status).toBe("done");
    expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id } })).anonymisedAt).not.toBeNull();
    const updates = await prisma.outboxMessage.findMany({ where: { kind: "referral-card-update", chatId: FUND_CHAT, requestId: id, status: "pending" } });
    expect(updates.map((row) => row.payload)).toContainEqual({ referralId: referral.id, messageId: 901 });
  });

  it("counts referrals by partner and how they stand, for a department or for one partner", async () => {
    const from = new Date("2026-01-01T00:00:00Z");
    const to = new Date("2027-01-01T00:00:00Z");
    const all = await referrals.figures({ departmentKeys: [BENEFITS] }, from, to);
    const stored = await prisma.referral.groupBy({ by: ["providerKey"], _count: { _all: true } });
    expect(all.total).toBe(stored.reduce((sum, row) => sum + row._count._all, 0));
    // Each partner's counts by status are what the table holds (the tests above made done, returned, declined, refused …).
    const byPair = await prisma.referral.groupBy({ by: ["providerKey", "status"], _count: { _all: true } });
    for (const row of byPair) expect(all.byPartner.find((partner) => partner.providerKey === row.providerKey)!.byStatus[row.status]).toBe(row._count._all);
    const caritas = all.byPartner.find((row) => row.providerKey === CARITAS)!;
    expect(caritas.byStatus.done).toBeGreaterThanOrEqual(1);
    expect(caritas.byStatus.returned).toBeGreaterThanOrEqual(1);
    const onlyFund = await referrals.figures({ providerKeys: [FUND] }, from, to);
    expect(onlyFund.byPartner.map((row) => row.providerKey)).toEqual([FUND]);
    expect(onlyFund.byPartner[0]!.byStatus.declined).toBe(1);
    expect(onlyFund.byPartner[0]!.byStatus.refused).toBe(1);
    expect((await referrals.figures({ departmentKeys: ["zhytomyr/reception"] }, from, to)).total).toBe(0);
  });
});
