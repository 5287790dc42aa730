import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { expireAbandonedDrafts } from "../../src/requests/drafts.ts";
import { databaseTargets } from "../helpers/databases.ts";

describe.each(databaseTargets)("abandoned dialogues on $name", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await target.create();
    drop = fresh.drop;
    db = await fresh.open();
    await applyMigrations(db.adapterFactory);
  });
  afterAll(async () => {
    await db.close();
    await drop();
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

    expect(await expireAbandonedDrafts(prisma, new Date(Date.now() - 60 * 60_000))).toBe(1);

    const rows = await prisma.sessionRecord.findMany({ orderBy: { key: "asc" } });
    expect(rows.map((row) => [row.key, row.value])).toEqual([
      ["session:501", { communityId: "zhytomyr" }],
      ["session:502", { communityId: "zhytomyr", dialogue: { draft: "fresh" } }],
      ["session:503", { communityId: "zhytomyr" }],
    ]);
    const notes = await prisma.outboxMessage.findMany({ where: { kind: "dialogue-expired" } });
    expect(notes.map((note) => note.chatId)).toEqual([501n]);
    expect(await expireAbandonedDrafts(prisma, new Date(Date.now() - 60 * 60_000))).toBe(0);
  });
});

describe.each(databaseTargets)("retention on $name", (target) => {
  it("erases personal data of requests closed longer ago than the retention period, and only those", async () => {
    const fresh = await target.create();
    const db = await fresh.open();
    try {
      await applyMigrations(db.adapterFactory);
      const { Catalog } = await import("../../src/catalog/catalog.ts");
      const { loadCommunityFile } = await import("../../src/catalog/load.ts");
      const { importCommunity, readCatalog } = await import("../../src/catalog/store.ts");
      const { RequestService } = await import("../../src/requests/service.ts");
      await importCommunity(db.prisma, loadCommunityFile("data/catalog/zhytomyr.yaml"));
      const requests = new RequestService({ prisma: db.prisma, catalog: new Catalog(await readCatalog(db.prisma)) });
      const draft = {
        communityId: "zhytomyr",
        serviceId: "home-care",
        onBehalf: false,
        contactName: "Ніна Петрівна",
        phone: "+380501112233",
        details: "Потрібна допомога вдома",
        attachments: [],
        callBack: false,
        consentAt: new Date(),
      };
      const old = await requests.createRequest(11n, "uk", draft);
      const recent = await requests.createRequest(12n, "uk", draft);
      const open = await requests.createRequest(13n, "uk", draft);
      await requests.transition(old.id, "resolved", { kind: "staff", id: 1n });
      await requests.transition(recent.id, "resolved", { kind: "staff", id: 1n });
      await db.prisma.helpRequest.update({ where: { id: old.id }, data: { closedAt: new Date(Date.now() - 100 * 86_400_000) } });

      expect(await requests.eraseClosedBefore(new Date(Date.now() - 90 * 86_400_000))).toBe(1);

      const rows = await db.prisma.helpRequest.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.id, r.phone, r.contactName, r.details !== null])).toEqual([
        [old.id, null, null, false],
        [recent.id, "+380501112233", "Ніна Петрівна", true],
        [open.id, "+380501112233", "Ніна Петрівна", true],
      ]);
      expect(rows[0]!.status).toBe("resolved");
      expect(await requests.eraseClosedBefore(new Date(Date.now() - 90 * 86_400_000))).toBe(0);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});
