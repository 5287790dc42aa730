import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRelay, handOverRateLimitedReplies } from "../../src/bot/reply-handover.ts";
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

  it("leaves the relay's own sends, groups and other methods alone", async () => {
    const handover = handOverRateLimitedReplies(db.prisma, silent);
    await expect(asRelay(() => handover(tooManyRequests, "sendMessage", { chat_id: 5151, text: "x" } as never))).resolves.toMatchObject({ ok: false, error_code: 429 });
    await expect(handover(tooManyRequests, "sendMessage", { chat_id: -1001, text: "x" } as never)).resolves.toMatchObject({ ok: false });
    await expect(handover(tooManyRequests, "answerCallbackQuery", { callback_query_id: "1" } as never)).resolves.toMatchObject({ ok: false });
    expect(await db.prisma.outboxMessage.count({ where: { chatId: { in: [5151n, -1001n] } } })).toBe(0);
  });
});
