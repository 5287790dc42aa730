import { Context } from "grammy";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bucketOf, RateLimiter, type Verdict } from "../../src/bot/middleware/rate-limit.ts";
import { BOT_INFO } from "../helpers/app-harness.ts";
import { CANARY } from "./content.ts";
import { HUNG_UPDATE_MS, InProcessApp } from "./in-process.ts";
import { databaseProblems } from "./invariants.ts";
import { fuzzCount, fuzzSeed, Random } from "./random.ts";
import { UpdateFactory, type FuzzUpdate } from "./updates.ts";

/**
 * Thousands of random and hostile updates through the real bot, in process (see updates.ts for what
 * they are). Seeded: the seed is printed, and FUZZ_SEED=<seed> FUZZ_COUNT=<n> repeats a run.
 *
 * For every update: handleUpdate never throws, nothing logs an error (the bot's error boundary turns a
 * failure into an apology and an "update_failed" line: either is a defect here), and it finishes within 5 s; the bot answers with at most
 * 3 messages, only in the chat the update came from; a button press is always answered; everything
 * sent obeys Telegram's rules. A shadow of the rate limiter says which updates a flood's limit must
 * drop (then the bot must not call Telegram at all) and which one gets the "slow down" notice.
 * FUZZ_DEBUG=<chat id> prints that chat as the bot left it, and the outbox. After the run: the database is consistent and no log line holds a
 * name, a phone number, an address or a request's text.
 */

const SEED = fuzzSeed();
const COUNT = fuzzCount(5_000);
const MAX_MESSAGES_PER_UPDATE = 3;

/**
 * Defects the suite found in files its authors do not own, reported and awaiting their owners' fix:
 * printed, not failed, and only for the outbox relay. Remove an entry once its fix lands (the
 * regression test named beside it then starts to fail, as a reminder).
 */
const KNOWN_RELAY_DEFECTS: Array<{ pattern: RegExp; note: string }> = [];

const describeUpdate = (item: FuzzUpdate) => `${item.label} (update ${item.update.update_id}): ${JSON.stringify(item.update).slice(0, 600)}`;

describe(`fuzz: ${COUNT} updates through the bot in process, FUZZ_SEED=${SEED}`, () => {
  let target: InProcessApp;
  const failures: string[] = [];
  const knownSeen = new Set<string>();
  const stats = { updates: 0, floods: 0, limited: 0, relayed: 0, errors: 0, maxMessages: 0, ms: 0 };

  beforeAll(async () => {
    console.log(`fuzz (in process): FUZZ_SEED=${SEED} FUZZ_COUNT=${COUNT}`);
    // Only Date is faked (before the app starts, so the relay's clock is the same): time moves as
    // fast as the residents' simulated taps, not as the test runs.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    target = await InProcessApp.start();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await target?.stop();
  });

  // A hung update fails on its own (HUNG_UPDATE_MS); this limit is for the whole run, which took
  // ~50 s beside two other files and 387 s with four agents' tests on the 2-core machine (load 16-20).
  it("survives every update, answers briefly and validly, in the right chat", { timeout: 900_000 }, async () => {
    const random = new Random(SEED);
    const factory = new UpdateFactory(random, target.telegram);
    const started = performance.now();
    // The same buckets as the bot's rate limit, fed the same updates at the same (simulated) times.
    const shadow = new RateLimiter();
    const limits = { ...target.config.rateLimit, isStaffChat: (chatId: number) => target.app.inbox.departmentsOfChat(chatId).length > 0 };
    const expected = (update: Update): { verdict: Verdict | "unserved"; privateChat: boolean } => {
      const ctx = new Context(update, target.app.bot.api, BOT_INFO);
      if (!ctx.chat || ctx.chat.type === "channel") return { verdict: "unserved", privateChat: false };
      const { key, perMinute, privateChat } = bucketOf(ctx.chat, ctx.from?.id, limits);
      return { verdict: shadow.hit(key, perMinute, Date.now()), privateChat };
    };
    let logCursor = 0;
    /** Error-level log lines since the last look (a failed update, a request that could not be saved …). */
    const loggedErrors = (): string[] => {
      const lines = target.logLines.slice(logCursor);
      logCursor = target.logLines.length;
      return lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50).map((line) => line.trim().slice(0, 400));
    };
    const fail = (message: string) => {
      if (failures.length < 30) failures.push(`${message}\n  reproduce: FUZZ_SEED=${SEED} FUZZ_COUNT=${COUNT}`);
    };
    /** Delivers the outbox (staff cards to press, notes for residents), checking what the relay sends. */
    const relay = async () => {
      stats.relayed += await target.deliverOutbox();
      for (const line of loggedErrors()) fail(`the outbox relay logged an error: ${line}`);
      const broken = [...new Set([...target.violations, ...target.telegram.violations])];
      target.violations.length = 0;
      target.telegram.violations.length = 0;
      for (const violation of broken) {
        const known = KNOWN_RELAY_DEFECTS.find((defect) => defect.pattern.test(violation));
        if (known) knownSeen.add(`${known.note}: ${violation.split("\n")[0]}`);
        else fail(`the outbox relay broke Telegram's rules: ${violation}`);
      }
    };

    while (stats.updates < COUNT) {
      for (const item of factory.next()) {
        stats.updates += 1;
        if (item.flood) stats.floods += 1;
        // A resident's next tap comes a moment later; once in a while, hours later (stale dialogues).
        vi.setSystemTime(Date.now() + (item.flood ? 20 : random.chance(0.002) ? 2 * 3_600_000 : random.int(300, 5_000)));
        const { verdict, privateChat } = expected(item.update);
        stats.limited += verdict === "drop" || verdict === "notify" ? 1 : 0;
        const outcome = await target.handle(item.update);
        if (outcome === "timeout") fail(`hung for ${HUNG_UPDATE_MS / 1_000} s: ${describeUpdate(item)}`);
        else if (outcome !== undefined) {
          stats.errors += 1;
          const error = outcome as { error?: unknown; message?: string };
          const cause = error.error instanceof Error ? `${error.error.name}: ${error.error.message}` : String(error.message ?? outcome);
          fail(`threw ${cause.slice(0, 400)}\n  on ${describeUpdate(item)}`);
        }
        for (const line of loggedErrors()) fail(`logged an error: ${line}\n  on ${describeUpdate(item)}`);
        const id = item.update.update_id;
        const sends = target.telegram.sendsFor(id);
        stats.maxMessages = Math.max(stats.maxMessages, sends.length);
        if (sends.length > MAX_MESSAGES_PER_UPDATE) {
          fail(`${sends.length} messages for one update: ${sends.map((call) => JSON.stringify(String(call.payload.text ?? call.payload.caption ?? call.method).slice(0, 60))).join(", ")}\n  on ${describeUpdate(item)}`);
        }
        // A group that moved to a supergroup is answered where it now lives (migrate_to_chat_id).
        const movedTo = item.update.message?.migrate_to_chat_id;
        for (const call of target.telegram.callsFor(id)) {
          if (call.payload.chat_id !== undefined && Number(call.payload.chat_id) !== item.chatId && Number(call.payload.chat_id) !== movedTo) {
            fail(`${call.method} to chat ${String(call.payload.chat_id)} while handling an update from chat ${String(item.chatId)}: ${describeUpdate(item)}`);
          }
        }
        const calls = target.telegram.callsFor(id);
        const query = item.update.callback_query;
        if (verdict === "drop" && calls.length > 0) fail(`a flood past its limit still cost ${calls.map((call) => call.method).join(", ")}: ${describeUpdate(item)}`);
        if (verdict === "notify" && !privateChat && calls.length > 0) fail(`a flood in a group got an answer: ${describeUpdate(item)}`);
        if (verdict === "notify" && calls.length > 1) fail(`more than the one "slow down" notice: ${calls.map((call) => call.method).join(", ")}`);
        if (verdict === "unserved" && calls.some((call) => call.method !== "answerCallbackQuery")) fail(`an update without a chat got ${calls.map((call) => call.method).join(", ")}: ${describeUpdate(item)}`);
        if (query && verdict !== "drop" && outcome === undefined && !target.telegram.wasAnswered(query.id)) {
          fail(`a button press was never answered: ${describeUpdate(item)}`);
        }
        if (target.violations.length > 0 || target.telegram.violations.length > 0) {
          fail(`broke Telegram's rules: ${[...target.violations, ...target.telegram.violations].slice(0, 3).join("; ")}\n  on ${describeUpdate(item)}`);
          target.violations.length = 0;
          target.telegram.violations.length = 0;
        }
      }
      if (stats.updates % 25 < 1 || random.chance(0.04)) await relay();
      if (stats.updates % 100 < 1) {
        factory.requestIds = (await target.db.prisma.helpRequest.findMany({ select: { id: true } })).map((row) => row.id);
      }
      if (stats.updates % 1_000 < 1) {
        for (const problem of await databaseProblems(target.db.prisma)) fail(`database after ${stats.updates} updates: ${problem}`);
      }
      if (failures.length >= 30) break;
    }
    await relay();
    stats.ms = Math.round(performance.now() - started);

    const prisma = target.db.prisma;
    const byStatus = await prisma.helpRequest.groupBy({ by: ["status"], _count: true });
    const events = await prisma.requestEvent.groupBy({ by: ["type"], _count: true });
    console.log(
      `fuzz (in process): FUZZ_SEED=${SEED}: ${stats.updates} updates (${stats.floods} in floods, ${stats.limited} rate-limited) in ${stats.ms} ms, ` +
        `${stats.relayed} outbox messages delivered, at most ${stats.maxMessages} messages per update; ` +
        `requests ${JSON.stringify(Object.fromEntries(byStatus.map((row) => [row.status, row._count])))}, ` +
        `events ${JSON.stringify(Object.fromEntries(events.map((row) => [row.type, row._count])))}`,
    );

    if (process.env.FUZZ_DEBUG) {
      console.log(JSON.stringify(await prisma.outboxMessage.findMany({ select: { kind: true, status: true, attempts: true, lastError: true, availableAt: true, chatId: true } }), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)));
      for (const message of target.telegram.chatMessages(Number(process.env.FUZZ_DEBUG))) {
        console.log(`#${message.messageId} ${message.text.slice(0, 80).replace(/\n/g, " ")} ${JSON.stringify((message.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.callback_data))}`);
      }
    }
    for (const problem of await databaseProblems(prisma)) fail(`database at the end: ${problem}`);
    for (const known of knownSeen) console.warn(`fuzz: known defect, awaiting its owner's fix: ${known}`);
    expect(failures).toEqual([]);
    // The run reached the deep paths, not just the front door.
    expect(byStatus.reduce((sum, row) => sum + row._count, 0)).toBeGreaterThan(COUNT / 500);
    expect(events.map((row) => row.type)).toEqual(expect.arrayContaining(["created", "status"]));
  });

  it("logs no name, phone number, address or request text", () => {
    const leaks: string[] = [];
    const secrets = [...CANARY.names, ...CANARY.addresses, ...CANARY.details.map((text) => text.slice(0, 20)), ...CANARY.phoneDigits];
    for (const line of target.logLines) {
      const { time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const text = JSON.stringify(fields);
      const found = secrets.find((secret) => text.includes(secret));
      if (found) leaks.push(`${found} in ${text.slice(0, 300)}`);
    }
    expect(leaks.slice(0, 5)).toEqual([]);
  });
});
