import { Api } from "grammy";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { createOutboxDelivery } from "../../src/bot/outbox-delivery.ts";
import { InboxService } from "../../src/inbox/inbox-service.ts";
import type { DeliveryResult } from "../../src/inbox/relay.ts";
import { RequestService } from "../../src/requests/service.ts";
import { databaseTargets } from "../helpers/databases.ts";
import { validateTelegramHtml } from "../helpers/telegram-html.ts";
import { draft, newResidentId, openRequestsDatabase, setDepartmentChat, type RequestsDatabase } from "../requests/fixtures.ts";

const GROUP = -100500n;

/** A Bot API in process: answers every call from a script and records it (the emulator lacks forum topics). */
class FakeTelegram {
  readonly calls: Array<{ method: string; payload: Record<string, unknown> }> = [];
  private nextMessageId = 1;
  private nextTopic = 11;
  /** Return an error for a call, or undefined to succeed. */
  failWith?: (method: string, payload: Record<string, unknown>) => { error_code: number; description: string } | undefined;
  readonly api = new Api("1:fake", { apiRoot: "http://127.0.0.1:9" });

  constructor() {
    this.api.config.use(async (_prev, method, payload) => {
      const body = payload as Record<string, unknown>;
      this.calls.push({ method, payload: body });
      if (typeof body.text === "string") expect(validateTelegramHtml(body.text)).toEqual([]);
      const failure = this.failWith?.(method, body);
      if (failure) return { ok: false, ...failure } as never;
      if (method === "createForumTopic") return { ok: true, result: { message_thread_id: this.nextTopic++, name: body.name, icon_color: 0 } } as never;
      if (method === "editMessageText") return { ok: true, result: true } as never;
      return { ok: true, result: { message_id: this.nextMessageId++, date: 0, chat: { id: Number(body.chat_id), type: "supergroup" } } } as never;
    });
  }
}

describe("outbox delivery in process", () => {
  let db: RequestsDatabase;
  let requests: RequestService;
  let inbox: InboxService;
  let telegram: FakeTelegram;
  let deliver: ReturnType<typeof createOutboxDelivery>;

  beforeAll(async () => {
    db = await openRequestsDatabase(databaseTargets[0]!);
    await setDepartmentChat(db.prisma, "zhytomyr/older-and-disabled", GROUP);
    await db.prisma.department.update({ where: { key: "zhytomyr/older-and-disabled" }, data: { forumTopics: true, staffUserIds: [777n] } });
    const catalog = await db.catalog();
    requests = new RequestService({ prisma: db.prisma, catalog });
    inbox = new InboxService(db.prisma, catalog);
    telegram = new FakeTelegram();
    deliver = createOutboxDelivery({
      api: telegram.api,
      prisma: db.prisma,
      i18n: createI18n("uk"),
      catalog,
      inbox,
      staffLocale: "uk",
      logger: pino({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await db.close();
  });

  /** Delivers every pending outbox row once, oldest first; returns the outcomes by kind. */
  async function flush(): Promise<Array<[string, DeliveryResult["outcome"]]>> {
    const pending = await db.prisma.outboxMessage.findMany({ where: { status: "pending" }, orderBy: { id: "asc" } });
    const outcomes: Array<[string, DeliveryResult["outcome"]]> = [];
    for (const message of pending) {
      const result = await deliver(message);
      outcomes.push([message.kind, result.outcome]);
      await db.prisma.outboxMessage.update({ where: { id: message.id }, data: { status: result.outcome === "sent" ? "sent" : "dead" } });
    }
    return outcomes;
  }

  it("opens a forum topic per request, and recreates it when staff deleted it", async () => {
    const residentId = newResidentId();
    const { id } = await requests.createRequest(residentId, "uk", draft({ serviceId: "home-care" }));
    expect(await flush()).toEqual([["staff-card", "sent"]]);
    let request = await db.prisma.helpRequest.findUniqueOrThrow({ where: { id } });
    expect(request.topicId).toBe(11);
    expect(telegram.calls.map((c) => c.method)).toEqual(["createForumTopic", "sendMessage"]);
    expect(telegram.calls[1]!.payload.message_thread_id).toBe(11);

    telegram.calls.length = 0;
    telegram.failWith = (method, payload) =>
      method === "sendMessage" && payload.message_thread_id === 11 ? { error_code: 400, description: "Bad Request: message thread not found" } : undefined;
    await requests.addResidentMessage(residentId, id, { text: "Коли прийдуть?" });
    expect(await flush()).toEqual([["staff-relay", "sent"]]);
    request = await db.prisma.helpRequest.findUniqueOrThrow({ where: { id } });
    expect(request.topicId).toBe(12);
    const methods = telegram.calls.map((c) => `${c.method}:${String(c.payload.message_thread_id ?? "")}`);
    expect(methods).toEqual(["sendMessage:11", "createForumTopic:", "sendMessage:12", "sendMessage:12"]);
    expect(String(telegram.calls.at(-1)!.payload.text)).toContain("Коли прийдуть?");
    telegram.failWith = undefined;
  });

  it("when the resident has blocked the bot, the card says so and offers the phone number", async () => {
    const residentId = newResidentId();
    const { id } = await requests.createRequest(residentId, "uk", draft({ phone: "+380501234567" }));
    await flush();
    telegram.calls.length = 0;
    telegram.failWith = (method, payload) =>
      method === "sendMessage" && payload.chat_id === Number(residentId) ? { error_code: 403, description: "Forbidden: bot was blocked by the user" } : undefined;
    await requests.staffMessage(id, 777n, "Ми Вам зателефонуємо завтра.", "answer", "Оксана");
    const outcomes = await flush();
    expect(outcomes).toContainEqual(["resident-message", "unreachable"]);
    expect((await db.prisma.resident.findUniqueOrThrow({ where: { id: residentId } })).blockedAt).not.toBeNull();
    // The card update the failure queued: the card now says to phone.
    await flush();
    const edit = telegram.calls.filter((c) => c.method === "editMessageText").at(-1)!;
    expect(String(edit.payload.text)).toContain("заблокував бота");
    expect(String(edit.payload.text)).toContain("+380 50 123 45 67");
    telegram.failWith = undefined;
  });

  it("after /delete_me, deletes what the resident wrote from the staff group", async () => {
    const residentId = newResidentId();
    const { id } = await requests.createRequest(residentId, "uk", draft());
    await flush();
    await requests.addResidentMessage(residentId, id, { text: "Мій діагноз: цукровий діабет" });
    await flush();
    const relayed = telegram.calls.filter((c) => c.method === "sendMessage" && String(c.payload.text).includes("цукровий діабет"));
    expect(relayed).toHaveLength(1);
    const relayedRow = await db.prisma.staffMessage.findFirstOrThrow({ where: { requestId: id, purpose: "relay" } });

    telegram.calls.length = 0;
    await requests.eraseResident(residentId);
    expect((await flush()).map(([kind]) => kind)).toContain("staff-delete-message");
    expect(telegram.calls.filter((c) => c.method === "deleteMessage").map((c) => c.payload.message_id)).toEqual([relayedRow.messageId]);
    expect(await db.prisma.staffMessage.count({ where: { requestId: id, purpose: "relay" } })).toBe(0);
  });

  it("sends a new card when staff deleted the old one", async () => {
    const residentId = newResidentId();
    const { id } = await requests.createRequest(residentId, "uk", draft());
    await flush();
    const before = await db.prisma.helpRequest.findUniqueOrThrow({ where: { id } });
    telegram.failWith = (method) => (method === "editMessageText" ? { error_code: 400, description: "Bad Request: message to edit not found" } : undefined);
    await requests.transition(id, "in_progress", { kind: "staff", id: 777n, name: "Оксана" }, "new");
    expect((await flush()).filter(([kind]) => kind === "staff-card-update")).toEqual([["staff-card-update", "sent"]]);
    const after = await db.prisma.helpRequest.findUniqueOrThrow({ where: { id } });
    expect(after.cardMessageId).not.toBe(before.cardMessageId);
    expect(String(telegram.calls.filter((c) => c.method === "sendMessage").at(-1)!.payload.text)).toContain("у роботі");
    telegram.failWith = undefined;
  });
});
