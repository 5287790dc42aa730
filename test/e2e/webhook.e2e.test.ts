import type { Update } from "grammy/types";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { BOT_INFO, TOKEN } from "../helpers/app-harness.ts";
import { openPgliteWithCatalog } from "../helpers/databases.ts";
import { freePort, startEmulator, type Emulator } from "../helpers/emulator.ts";

const SECRET = "test-webhook-secret-123";
const RESIDENT = 424242;

let emulator: Emulator;
let db: Database;
let app: App;
let base: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const port = await freePort();
  const config = loadConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATABASE_URL: "memory://",
    BOT_MODE: "webhook",
    WEBHOOK_URL: `https://bot.example.org/hooks/telegram`,
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
  });
  db = await openPgliteWithCatalog(config.catalogDir, config.databaseUrl);
  app = await createApp(config, pino({ level: "silent" }), { db, botInfo: BOT_INFO });
  await app.startWebhook();
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await app.stop();
  await db.close();
  await emulator.stop();
});

let nextUpdateId = 1;
const from = { id: RESIDENT, is_bot: false, first_name: "Олена", language_code: "uk" };
const chat = { id: RESIDENT, type: "private" as const, first_name: "Олена" };
const message = (text: string): Update => ({ update_id: nextUpdateId++, message: { message_id: nextUpdateId, date: 1, chat, from, text } });
const press = (data: string): Update => ({
  update_id: nextUpdateId++,
  callback_query: { id: String(nextUpdateId), from, chat_instance: "1", data, message: { message_id: 1, date: 1, chat, text: "…" } },
});

function post(update: unknown, secret: string | null = SECRET, body = JSON.stringify(update)) {
  return fetch(`${base}/hooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
    body,
  });
}

describe("webhook mode", () => {
  it("refuses a call without the secret (401) and does nothing with it", async () => {
    const response = await post(message("/start"), null);
    expect(response.status).toBe(401);
    expect((await post(message("/start"), "wrong-secret-000000")).status).toBe(401);
    expect(await db.prisma.processedUpdate.count()).toBe(0);
    expect(await db.prisma.sessionRecord.count()).toBe(0);
  });

  it("refuses an oversized or broken body", async () => {
    expect((await post(null, SECRET, "x".repeat(300 * 1024))).status).toBe(413);
    expect((await post(null, SECRET, "{not json")).status).toBe(400);
  });

  it("creates one request when Telegram delivers the same update twice", async () => {
    for (const update of [
      press("cm1:zhytomyr"),
      message("✉️ Надіслати звернення"),
      press("d1:consent:v:yes"),
      press("d1:mode:v:callback"),
      press("d1:forWhom:v:me"),
      press("d1:contactName:v:telegram"),
      message("067 765 43 21"),
      press("d1:callbackTime:v:morning"),
    ]) {
      expect((await post(update)).status).toBe(200);
    }
    const send = press("d1:summary:v:send");
    const [first, second] = await Promise.all([post(send), post(send)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await post(send)).status).toBe(200);
    const requests = await db.prisma.helpRequest.findMany({ where: { residentId: BigInt(RESIDENT) } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ phone: "+380677654321", callBack: true, callBackTime: "morning", contactName: "Олена" });
  });

  it("answers a press in its reply to Telegram's call, not with a call of its own", async () => {
    const choice = press("cm1:zhytomyr");
    const response = await post(choice);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ method: "answerCallbackQuery", callback_query_id: choice.callback_query!.id });
    const typed = await post(message("привіт"));
    expect(await typed.text()).toBe("");
  });

  it("handles a redelivered update once: one greeting for two deliveries of one /start", async () => {
    const greetings = () =>
      (emulator.server.storage.botMessages as unknown as Array<{ message: { chat_id: number; text: string } }>).filter(
        (entry) => Number(entry.message.chat_id) === RESIDENT && entry.message.text.startsWith("Вітаємо"),
      ).length;
    const before = greetings();
    const start = message("/start");
    Object.assign(start.message!, { entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect((await post(start)).status).toBe(200);
    expect((await post(start)).status).toBe(200);
    expect(greetings()).toBe(before + 1);
    expect(await db.prisma.processedUpdate.count({ where: { updateId: BigInt(start.update_id) } })).toBe(1);
  });

  it("serves /healthz and Prometheus /metrics", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: "pglite" });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/hromada_updates_total\{type="callback_query"\} \d+/);
    expect(metrics).toMatch(/hromada_update_duration_seconds_bucket/);
    expect(metrics).toMatch(/hromada_requests\{status="new"\} 1/);
    expect(metrics).toMatch(/hromada_outbox_backlog \d+/);
  });
});
