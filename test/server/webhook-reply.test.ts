import type { WebhookReplyEnvelope } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { createHttpServer, type HttpServer } from "../../src/server/http-server.ts";
import type { Metrics } from "../../src/server/metrics.ts";

/**
 * Telegram's webhook reply (a press's answerCallbackQuery in the answer to its call): held until the
 * update is handled, so a crash mid-update still gets the update redelivered; a call meant for it
 * after the deadline's answer goes to the Bot API itself.
 */
const SECRET = "webhook-reply-secret-1";
const ANSWER = JSON.stringify({ method: "answerCallbackQuery", callback_query_id: "77" });

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handle: (update: Update, reply: WebhookReplyEnvelope) => Promise<void>, callLate: (payload: string) => Promise<unknown>, handlingDeadlineMs?: number) {
  // The webhook path reads neither the database nor the metrics (only /healthz and /metrics do).
  server = createHttpServer({
    db: {} as Database,
    metrics: {} as Metrics,
    logger: createLogger("silent"),
    webhook: { handleUpdate: handle, callLate, path: "/hook", secret: SECRET, ...(handlingDeadlineMs === undefined ? {} : { handlingDeadlineMs }) },
  });
  const port = await server.listen(0, "127.0.0.1");
  return () =>
    fetch(`http://127.0.0.1:${port}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify({ update_id: 1 }),
    });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the webhook's reply", () => {
  it("carries the call the bot handed it, once the update is handled, not before", async () => {
    const events: string[] = [];
    const late: string[] = [];
    const post = await serve(
      async (_update, reply) => {
        await reply.send!(ANSWER);
        events.push("answer handed over");
        await pause(150);
        events.push("update handled");
      },
      async (payload) => late.push(payload),
    );
    const response = await post();
    events.push("Telegram answered");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(JSON.parse(ANSWER));
    expect(events).toEqual(["answer handed over", "update handled", "Telegram answered"]);
    expect(late).toEqual([]);
  });

  it("is empty when the bot handed it nothing", async () => {
    const post = await serve(async () => undefined, async () => undefined);
    const response = await post();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("past the deadline, Telegram is answered empty and the call goes to the Bot API itself", async () => {
    const late: string[] = [];
    let handled!: () => void;
    const done = new Promise<void>((resolve) => (handled = resolve));
    const post = await serve(
      async (_update, reply) => {
        await pause(400);
        await reply.send!(ANSWER);
        handled();
      },
      async (payload) => late.push(payload),
      50,
    );
    const response = await post();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    await done;
    expect(late).toEqual([ANSWER]);
  });
});
