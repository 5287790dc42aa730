import { Writable } from "node:stream";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NEWS_OFFER_DELAY_MS, NEWS_OFFER_KIND, SubscriptionService } from "../../src/announcements/subscriptions.ts";
import { createI18n } from "../../src/bot/i18n.ts";
import { createOutboxDelivery } from "../../src/bot/outbox-delivery.ts";
import { Catalog } from "../../src/catalog/catalog.ts";
import { loadCatalogDirectory } from "../../src/catalog/load.ts";
import type { Database } from "../../src/db/client.ts";
import { InboxService } from "../../src/inbox/inbox-service.ts";
import { createLogger } from "../../src/logger.ts";
import { openMigratedPglite } from "../helpers/databases.ts";
import { startFakeBotApi, type FakeBotApi } from "./fake-bot-api.ts";

/** After a request the bot offers news once, a minute later, unless the resident subscribed meanwhile. */
describe("the one offer of news after a request", () => {
  let db: Database;
  let api: FakeBotApi;
  const catalog = new Catalog(loadCatalogDirectory());
  beforeAll(async () => {
    db = await openMigratedPglite();
    api = await startFakeBotApi(1_000);
  }, 120_000);
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it("is queued once, a minute later, in the resident's language; not sent to someone who subscribed meanwhile", async () => {
    const prisma = db.prisma;
    const subscriptions = new SubscriptionService(prisma, catalog);
    await prisma.resident.createMany({ data: [{ id: 801n, locale: "uk", communityId: "zhytomyr" }, { id: 802n, locale: "en", communityId: "zhytomyr" }] });
    const now = new Date();
    expect(await subscriptions.offerOnce(801n, "zhytomyr", now)).toBe(true);
    expect(await subscriptions.offerOnce(801n, "zhytomyr", now)).toBe(false); // once
    expect(await subscriptions.offerOnce(802n, "zhytomyr", now)).toBe(true);
    expect(await subscriptions.offerOnce(999n, "zhytomyr", now)).toBe(false); // no such resident
    const rows = await prisma.outboxMessage.findMany({ where: { kind: NEWS_OFFER_KIND }, orderBy: { chatId: "asc" } });
    expect(rows.map((row) => [row.chatId, row.availableAt.getTime() - now.getTime()])).toEqual([
      [801n, NEWS_OFFER_DELAY_MS],
      [802n, NEWS_OFFER_DELAY_MS],
    ]);
    // Low priority: a waiting offer must not head the chat's queue and hold back staff's answers.
    expect(rows.every((row) => row.priority > 0)).toBe(true);
    // 802 subscribes from the menu before the offer is due: it is not sent.
    await subscriptions.toggle(802n, "zhytomyr", "veterans", "en");

    const silent = createLogger("silent", new Writable({ write: (_chunk, _encoding, done) => done() }));
    const deliver = createOutboxDelivery({ api: new Api("1:x", { apiRoot: api.apiRoot("a") }), prisma, i18n: createI18n("uk"), catalog, inbox: new InboxService(prisma, catalog, 30), staffLocale: "uk", logger: silent });
    for (const row of rows) expect(await deliver(row)).toEqual({ outcome: "sent" });
    expect(api.delivered.get(801)).toEqual(["Хочете отримувати новини міста — про ярмарки послуг, нові послуги, події? Лише на обрані теми, відписатися можна одним дотиком."]);
    expect(api.delivered.get(802)).toBeUndefined();
  });
});
