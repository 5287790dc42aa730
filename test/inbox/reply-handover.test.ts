import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handOverRateLimitedReplies } from "../../src/bot/reply-handover.ts";
import { createApp, type App } from "../../src/app.ts";
import { offlineBotInfo } from "../../src/bot/bot-info.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { openMigratedPglite } from "../helpers/databases.ts";
import { waitFor } from "../helpers/wait-for.ts";
import { databaseCases, openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";

const silent = pino({ level: "silent" });
const tooManyRequests = async () => ({ ok: false, error_code: 429, description: "Too Many Requests: retry after 8", parameters: { retry_after: 8 } }) as never;

describe.each(databaseCases.slice(0, 1))("a direct reply refused with a long 429 (%s)", (_name, target) => {
  let db: RequestsDatabase;
  beforeAll(async () => {
    db = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await db.close();
  });

  it("is handed to the outbox, due after retry_after, instead of being lost", async () => {
    const handover = handOverRateLimitedReplies(db.prisma, silent);
    const payload = { chat_id: 5150, text: "Звернення прийнято", reply_markup: { remove_keyboard: true } };
    const before = Date.now();
    const result = await handover(tooManyRequests, "sendMessage", payload as never);
    expect(result).toMatchObject({ ok: true, result: { message_id: 0, chat: { id: 5150 } } });
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: 5150n, kind: "direct-reply" } });
    expect(row.payload).toEqual(payload);
    expect(row.availableAt.getTime()).toBeGreaterThanOrEqual(before + 8_000);
  });

  it("leaves groups and other methods alone", async () => {
    const handover = handOverRateLimitedReplies(db.prisma, silent);
    await expect(handover(tooManyRequests, "sendMessage", { chat_id: -1001, text: "x" } as never)).resolves.toMatchObject({ ok: false });
    await expect(handover(tooManyRequests, "answerCallbackQuery", { callback_query_id: "1" } as never)).resolves.toMatchObject({ ok: false });
    expect(await db.prisma.outboxMessage.count({ where: { chatId: -1001n } })).toBe(0);
  });
});

/**
 * The whole app against a Bot API that refuses sendMessage to some private chats with «retry after
 * 8», as Telegram would (the refusal comes from the server, under every transformer the app installs).
 */
describe("in the app, the hand-over", () => {
  const refused = new Set<number>();
  let server: Server;
  let app: App;
  let db: Database;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const method = (request.url ?? "").split("/").at(-1);
        const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { chat_id?: number; text?: string }) : {};
        const refuse = method === "sendMessage" && refused.has(Number(body.chat_id));
        const result = method === "sendMessage" ? { message_id: 1, date: 1, chat: { id: body.chat_id, type: "private" }, text: body.text } : true;
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(refuse ? { ok: false, error_code: 429, description: "Too Many Requests: retry after 8", parameters: { retry_after: 8 } } : { ok: true, result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await openMigratedPglite();
    const config = loadConfig({ BOT_TOKEN: "1:handover", DATABASE_URL: "memory://", LOG_LEVEL: "silent", BOT_MODE: "polling", TELEGRAM_API_ROOT: apiRoot });
    app = await createApp(config, silent, { db, botInfo: offlineBotInfo(1, "Hromada Help", "hromada_help_bot"), relay: { pollIntervalMs: 50, baseBackoffMs: 50, maxBackoffMs: 400 } });
    app.startBackground();
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  const directReplies = (chat: number) => db.prisma.outboxMessage.count({ where: { chatId: BigInt(chat), kind: "direct-reply" } });

  it("takes a reply sent while handling an update, and not the relay's own send", async () => {
    refused.add(5160);
    const from = { id: 5160, is_bot: false, first_name: "Resident" };
    await app.bot.handleUpdate({ update_id: 9_516_001, message: { message_id: 1, date: 1, chat: { id: 5160, type: "private", first_name: "Resident" }, from, text: "/start" } });
    expect(await directReplies(5160)).toBeGreaterThan(0);

    // The relay sends a queued message into the same refusal: it keeps its row and retries later;
    // no second row is made of it.
    refused.add(5161);
    const queued = await db.prisma.outboxMessage.create({ data: { chatId: 5161n, kind: "direct-reply", payload: { chat_id: 5161, text: "Звернення прийнято" } } });
    app.relay.wake();
    await waitFor("the relay's attempt", async () => ((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: queued.id } })).attempts > 0 ? true : undefined));
    expect(await directReplies(5161)).toBe(1);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "pending" });
  });
});
