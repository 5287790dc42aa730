import type { Update } from "grammy/types";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { BOT_INFO, TOKEN } from "../helpers/app-harness.ts";
import { createServerDatabase, TEST_DATABASE_URL } from "../helpers/databases.ts";
import { freePort, startEmulator, type Emulator } from "../helpers/emulator.ts";
import { STAFF_GROUPS, staffedCatalogDir } from "../helpers/staffed-catalog.ts";

/**
 * Two app instances behind a "load balancer" (this test, posting Telegram's webhook calls to either)
 * on one PostgreSQL and one Bot API emulator. 200 residents each send a request while one instance is
 * restarted halfway. Every card must reach its staff group once: none twice, none lost.
 */
const REQUESTS = 200;
const CONCURRENT_RESIDENTS = 16;
const SECRET = "multi-instance-secret-01";
const SERVICES = ["social-taxi", "home-care", "psychological-support", "housing-subsidy", "idp-support"];

interface Instance {
  app: App;
  db: Database;
  port: number;
}

describe.skipIf(!TEST_DATABASE_URL)("several instances on postgresql", () => {
  let emulator: Emulator;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let catalogDir: string;
  const instances: Array<Instance | undefined> = [];

  async function startInstance(port: number): Promise<Instance> {
    const config: Config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATABASE_URL: databaseUrl,
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.org/telegram",
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      CATALOG_DIR: catalogDir,
    });
    const db = await openDatabase(databaseUrl);
    const app = await createApp(config, pino({ level: "silent" }), {
      db,
      botInfo: BOT_INFO,
      relay: { groupIntervalMs: 0, pollIntervalMs: 100, baseBackoffMs: 50, maxBackoffMs: 400, acknowledgementGraceMs: 1_000 },
    });
    await app.startWebhook();
    app.startBackground();
    return { app, db, port };
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    catalogDir = staffedCatalogDir();
    const database = (await createServerDatabase())!;
    databaseUrl = database.url;
    dropDatabase = database.drop;
    const migrator = await openDatabase(databaseUrl);
    await applyMigrations(migrator.adapterFactory);
    await migrator.close();
    // One after the other: the first imports the catalogue, the second finds it up to date.
    instances.push(await startInstance(await freePort()));
    instances.push(await startInstance(await freePort()));
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) {
      await instance?.app.stop();
      await instance?.db.close();
    }
    await emulator.stop();
    await dropDatabase();
  });

  let nextUpdateId = 1;
  /** Posts one update like Telegram would: to some instance; a 503 (restarting) is retried elsewhere. */
  async function deliver(update: Update, preferred: number): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const instance = instances[(preferred + attempt) % instances.length];
      if (!instance) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      try {
        const response = await fetch(`http://127.0.0.1:${instance.port}/telegram`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
          body: JSON.stringify(update),
        });
        if (response.status === 200) return;
      } catch {
        // The instance went away mid-call: Telegram would retry.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`update ${update.update_id} was never accepted`);
  }

  async function residentSendsRequest(index: number): Promise<void> {
    const id = 800_000 + index;
    const from = { id, is_bot: false, first_name: `Мешканець${index}`, language_code: "uk" };
    const chat = { id, type: "private" as const, first_name: from.first_name };
    const press = (data: string): Update => ({
      update_id: nextUpdateId++,
      callback_query: { id: `${id}-${nextUpdateId}`, from, chat_instance: "1", data, message: { message_id: 1, date: 1, chat, text: "…" } },
    });
    const text = (body: string): Update => ({ update_id: nextUpdateId++, message: { message_id: nextUpdateId, date: 1, chat, from, text: body } });
    const steps = [
      press("cm1:zhytomyr"),
      press(`rq1:n:${SERVICES[index % SERVICES.length]}:me`),
      press("d1:consent:v:yes"),
      press("d1:mode:v:callback"),
      press("d1:contactName:v:telegram"),
      text(`067 ${String(1_000_000 + index).slice(1, 4)} ${String(index % 100).padStart(2, "0")} 00`),
      press("d1:callbackTime:v:any"),
      press("d1:summary:v:send"),
    ];
    for (const [step, update] of steps.entries()) await deliver(update, index + step);
  }

  it("200 requests across two instances, one restarted halfway: 200 cards, none twice, none lost", async () => {
    let next = 0;
    let restarted = false;
    const restartHalfway = async () => {
      restarted = true;
      const old = instances[1]!;
      instances[1] = undefined; // the load balancer stops sending to it
      await old.app.stop();
      await old.db.close();
      instances[1] = await startInstance(old.port);
    };
    let restart: Promise<void> | undefined;
    const worker = async () => {
      while (next < REQUESTS) {
        const index = next++;
        if (index === REQUESTS / 2 && !restarted) restart = restartHalfway();
        await residentSendsRequest(index);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_RESIDENTS }, worker));
    await restart;

    const prisma = instances[0]!.db.prisma;
    const requests = await prisma.helpRequest.findMany({ select: { number: true, departmentKey: true } });
    expect(requests).toHaveLength(REQUESTS);

    const groupIds = new Set(Object.values(STAFF_GROUPS).map(String));
    const cardsInGroups = () => {
      const seen = new Map<string, number>();
      for (const entry of emulator.server.storage.botMessages as unknown as Array<{ message: { chat_id: number | string; text: string } }>) {
        if (!groupIds.has(String(entry.message.chat_id))) continue;
        const number = /№ (ЖТ-\d{4}-\d{5})<\/b>/.exec(entry.message.text)?.[1];
        if (number && entry.message.text.includes("Стан:")) seen.set(number, (seen.get(number) ?? 0) + 1);
      }
      return seen;
    };
    const deadline = Date.now() + 60_000;
    while (cardsInGroups().size < REQUESTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // any duplicate would have come by now

    const cards = cardsInGroups();
    expect(cards.size).toBe(REQUESTS);
    expect([...cards.values()].filter((count) => count !== 1)).toEqual([]);
    expect(new Set(requests.map((r) => r.number))).toEqual(new Set(cards.keys()));
    expect(await prisma.outboxMessage.count({ where: { kind: "staff-card", status: { not: "sent" } } })).toBe(0);
  }, 240_000);
});
