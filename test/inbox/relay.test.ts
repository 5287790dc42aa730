import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../src/generated/prisma/client.ts";
import { OutboxRelay, type DeliveryResult } from "../../src/inbox/relay.ts";
import { databaseCases, openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";

const silent = pino({ level: "silent" });

describe.each(databaseCases)("outbox relay on %s", (_name, target) => {
  let db: RequestsDatabase;
  beforeAll(async () => {
    db = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await db.close();
  });

  async function queue(chats: bigint[], perChat: number): Promise<void> {
    await db.prisma.outboxMessage.deleteMany({});
    const data = [];
    for (let i = 0; i < perChat; i += 1) for (const chatId of chats) data.push({ chatId, kind: "staff-alert", payload: { i } });
    await db.prisma.outboxMessage.createMany({ data });
  }

  it("two relays on one database send each message once, in order per chat", async () => {
    const chats = Array.from({ length: 8 }, (_, i) => BigInt(-5000 - i));
    await queue(chats, 12);
    const delivered: Array<{ relay: string; chat: string; i: number }> = [];
    const deliver = (relay: string) => async (message: OutboxMessage): Promise<DeliveryResult> => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      delivered.push({ relay, chat: message.chatId.toString(), i: (message.payload as { i: number }).i });
      return { outcome: "sent" };
    };
    const options = { prisma: db.prisma, logger: silent, groupIntervalMs: 0, perSecond: 10_000 };
    const a = new OutboxRelay({ ...options, deliver: deliver("a") });
    const b = new OutboxRelay({ ...options, deliver: deliver("b") });
    for (let round = 0; round < 40 && delivered.length < 96; round += 1) await Promise.all([a.round(), b.round()]);

    expect(delivered).toHaveLength(96);
    for (const chat of chats) {
      const sequence = delivered.filter((d) => d.chat === chat.toString()).map((d) => d.i);
      expect(sequence).toEqual([...Array(12).keys()]);
    }
    expect(await db.prisma.outboxMessage.count({ where: { status: { not: "sent" } } })).toBe(0);
  });

  it("holds a chat's later messages while its head waits for a retry, and lets other chats through", async () => {
    await queue([-6001n, -6002n], 3);
    let clock = Date.now();
    const sent: string[] = [];
    let failuresLeft = 2;
    const relay = new OutboxRelay({
      prisma: db.prisma,
      logger: silent,
      groupIntervalMs: 0,
      now: () => clock,
      deliver: async (message) => {
        if (message.chatId === -6001n && failuresLeft > 0) {
          failuresLeft -= 1;
          return { outcome: "retry", afterMs: 10_000, error: "429: Too Many Requests" };
        }
        sent.push(`${message.chatId}:${(message.payload as { i: number }).i}`);
        return { outcome: "sent" };
      },
    });
    await relay.round();
    expect(sent).toEqual(["-6002:0", "-6002:1", "-6002:2"]); // -6001 waits for retry_after
    clock += 10_001;
    await relay.round();
    clock += 10_001;
    await relay.round();
    expect(sent.filter((s) => s.startsWith("-6001"))).toEqual(["-6001:0", "-6001:1", "-6001:2"]);
    const head = await db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: -6001n }, orderBy: { id: "asc" } });
    expect(head.attempts).toBe(3);
    expect(head.lastError).toContain("429");
  });

  it("keeps the messages of an unreachable chat and raises one alert", async () => {
    await queue([-7001n], 2);
    const alerts: string[] = [];
    const relay = new OutboxRelay({
      prisma: db.prisma,
      logger: silent,
      groupIntervalMs: 0,
      deliver: async () => ({ outcome: "unreachable", error: "403: Forbidden: bot was kicked from the group chat" }),
      onUnreachable: async (message, error) => {
        alerts.push(`${message.chatId}: ${error}`);
      },
    });
    await relay.round();
    await relay.round();
    expect(alerts).toEqual(["-7001: 403: Forbidden: bot was kicked from the group chat"]);
    const rows = await db.prisma.outboxMessage.findMany({ where: { chatId: -7001n }, orderBy: { id: "asc" } });
    expect(rows.map((row) => row.status)).toEqual(["pending", "pending"]);
    expect(rows[0]!.availableAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });
});

describe.each(databaseCases.slice(0, 1))("outbox relay ordering on %s", (_name, target) => {
  let db: RequestsDatabase;
  beforeAll(async () => {
    db = await openRequestsDatabase(target);
  });
  afterAll(async () => {
    await db.close();
  });

  it("tells a resident nothing about a request before its acknowledgement has had its time", async () => {
    const { RequestService } = await import("../../src/requests/service.ts");
    const requests = new RequestService({ prisma: db.prisma, catalog: await db.catalog() });
    const created = await requests.createRequest(8801n, "uk", {
      communityId: "zhytomyr",
      serviceId: "home-care",
      onBehalf: false,
      contactName: "Мешканка",
      phone: "+380671234567",
      details: "Догляд",
      attachments: [],
      callBack: false,
      consentAt: new Date(),
    });
    await db.prisma.outboxMessage.deleteMany({});
    await db.prisma.outboxMessage.create({ data: { chatId: 8801n, kind: "resident-status", requestId: created.id, payload: { status: "in_progress" } } });
    let clock = Date.now();
    const sent: string[] = [];
    const relay = new OutboxRelay({
      prisma: db.prisma,
      logger: silent,
      now: () => clock,
      deliver: async (message) => {
        sent.push(message.kind);
        return { outcome: "sent" };
      },
    });
    await relay.round();
    expect(sent).toEqual([]); // the «прийнято» is still on its way
    clock += 16_000;
    await relay.round();
    expect(sent).toEqual(["resident-status"]);
  });
  it("wakes after an update: many within wakeCoalesceMs of a round that found nothing are one round, and what one queued still goes", async () => {
    await db.prisma.outboxMessage.deleteMany({});
    const sent: string[] = [];
    const relay = new OutboxRelay({
      prisma: db.prisma,
      logger: silent,
      groupIntervalMs: 0,
      pollIntervalMs: 60_000,
      wakeCoalesceMs: 1_500,
      deliver: async (message) => {
        sent.push(message.chatId.toString());
        return { outcome: "sent" };
      },
    });
    let rounds = 0;
    const round = relay.round.bind(relay);
    relay.round = () => {
      rounds += 1;
      return round();
    };
    const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    relay.start();
    await settle(150); // the first round, at start: nothing queued
    expect(rounds).toBe(1);
    // A burst of updates that queued nothing: one round, after the coalescing window.
    for (let i = 0; i < 20; i += 1) {
      relay.wake();
      await settle(5);
    }
    expect(rounds).toBe(1);
    while (rounds < 2) await settle(20);
    await settle(100);
    expect(rounds).toBe(2);
    // One of the next updates queues a message: it goes within the window, not the poll's minute.
    await db.prisma.outboxMessage.create({ data: { chatId: -7001n, kind: "staff-alert", payload: {} } });
    const queuedAt = Date.now();
    relay.wake();
    while (sent.length === 0 && Date.now() - queuedAt < 5_000) await settle(10);
    expect(sent).toEqual(["-7001"]);
    // After a round that sent, a wake is at once again.
    await db.prisma.outboxMessage.create({ data: { chatId: -7002n, kind: "staff-alert", payload: {} } });
    const before = rounds;
    relay.wake();
    await settle(150);
    expect(rounds).toBeGreaterThan(before);
    expect(sent).toEqual(["-7001", "-7002"]);
    await relay.stop();
  });
});
