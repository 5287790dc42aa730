import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestService } from "../../src/requests/service.ts";
import { databaseCases, draft, dumpTable, newResidentId, openRequestsDatabase, setDepartmentChat, type RequestsDatabase } from "../requests/fixtures.ts";

/**
 * A resident's files outlive nothing: a follow-up's photo or voice message is named by its Telegram
 * file id in the outbox row that relays it (with the bot's token, the id fetches the file). Erasing a
 * request's fields, on /delete_me or at the end of retention, used to leave those rows, sent ones for
 * good.
 */
describe.each(databaseCases)("erasure forgets relayed files on %s", (_name, target) => {
  let db: RequestsDatabase;
  let service: RequestService;
  const STAFF = { kind: "staff" as const, id: 555n };

  beforeAll(async () => {
    db = await openRequestsDatabase(target);
    await setDepartmentChat(db.prisma, "zhytomyr/older-and-disabled", -100_700n);
    service = new RequestService({ prisma: db.prisma, catalog: await db.catalog() });
  });
  afterAll(async () => {
    await db.close();
  });

  /** A request with a follow-up voice message; the relay has delivered everything so far. */
  async function requestWithVoice(resident: bigint, fileId: string): Promise<number> {
    const { id } = await service.createRequest(resident, "uk", draft({ attachments: [{ kind: "photo", fileId: `${fileId}-in-details` }] }));
    await service.addResidentMessage(resident, id, { text: "ось голосове", attachment: { kind: "voice", fileId } });
    await db.prisma.outboxMessage.updateMany({ where: { requestId: id }, data: { status: "sent", sentAt: new Date() } });
    return id;
  }
  const outboxHolding = async (secret: string) => (await dumpTable(db.prisma, "outbox_message")).filter((row) => row.includes(secret));

  it("/delete_me deletes the outbox rows that name the resident's files, delivered or not", async () => {
    const resident = newResidentId();
    const id = await requestWithVoice(resident, "voice-of-the-erased");
    await service.addResidentMessage(resident, id, { attachment: { kind: "photo", fileId: "photo-still-pending" } });
    expect(await outboxHolding("voice-of-the-erased")).toHaveLength(1);

    await service.eraseResident(resident);

    expect(await outboxHolding("voice-of-the-erased")).toEqual([]);
    expect(await outboxHolding("photo-still-pending")).toEqual([]);
    // The card still learns the request was cancelled and erased.
    expect(await db.prisma.outboxMessage.count({ where: { requestId: id, kind: "staff-card-update", status: "pending" } })).toBeGreaterThan(0);
  });

  it("retention does the same for requests closed long ago, and leaves others' files alone", async () => {
    const old = await requestWithVoice(newResidentId(), "voice-closed-long-ago");
    const recent = await requestWithVoice(newResidentId(), "voice-closed-yesterday");
    for (const id of [old, recent]) await service.transition(id, "resolved", STAFF);
    await db.prisma.helpRequest.update({ where: { id: old }, data: { closedAt: new Date(Date.now() - 100 * 86_400_000) } });

    expect(await service.eraseClosedBefore(new Date(Date.now() - 90 * 86_400_000))).toBe(1);

    expect(await outboxHolding("voice-closed-long-ago")).toEqual([]);
    expect(await outboxHolding("voice-closed-yesterday")).toHaveLength(1);
  });
});
