import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { CANARY } from "./content.ts";
import { HUNG_UPDATE_MS } from "./in-process.ts";
import type { StoredMessage } from "./fake-telegram.ts";
import { databaseProblems } from "./invariants.ts";
import { fuzzSeed, Random } from "./random.ts";
import { UpdateFactory, type ChatView } from "./updates.ts";

/**
 * A smaller batch of the same random and hostile updates, through the whole app polling the Bot API
 * emulator over HTTP (real JSON both ways, long polling, the outbox relay as in production). The
 * emulator delivers messages and button presses only, so the batch is those. FUZZ_SEED as for the
 * in-process suite; FUZZ_EMULATOR_COUNT (default 300) sets the size.
 *
 * For every update: handled without an error (none thrown, none logged) within HUNG_UPDATE_MS (30 s, as in process), at most 3 messages to its chat, every
 * message valid Telegram HTML within the limits. After: a consistent database, logs without
 * personal data.
 */

const SEED = fuzzSeed();
const COUNT = Number(process.env.FUZZ_EMULATOR_COUNT ?? 300);
/** Methods the emulator does not implement (it answers them with an error): their failures are its limits. */
const EMULATOR_LACKS = /^Call to '(sendDocument|sendPhoto|sendVoice|sendAudio|sendVideoNote|getChatMember|createForumTopic)' failed/;

interface EmulatorMessage {
  messageId: number;
  message: { chat_id: number | string; text?: string; reply_markup?: StoredMessage["replyMarkup"] };
}

describe(`fuzz: ${COUNT} updates through the emulator, FUZZ_SEED=${SEED}`, () => {
  let harness: AppHarness;
  const handled: Array<{ id: number; error?: unknown }> = [];
  let waiting: (() => void) | undefined;

  beforeAll(async () => {
    console.log(`fuzz (emulator): FUZZ_SEED=${SEED} FUZZ_EMULATOR_COUNT=${COUNT}`);
    // No rate limit here: the batch runs in real time, far faster than people tap, and the limit has its
    // own tests (test/security/rate-limit.test.ts) and its shadow in the in-process suite.
    harness = await AppHarness.start({ CATALOG_DIR: staffedCatalogDir(), RATE_LIMIT_PER_MINUTE: "0" }, (app) => {
      // Knows when the bot has finished each update, and whether it failed.
      const original = app.bot.handleUpdate.bind(app.bot);
      app.bot.handleUpdate = async (update, envelope) => {
        try {
          await original(update, envelope);
          handled.push({ id: update.update_id });
        } catch (error) {
          handled.push({ id: update.update_id, error });
          throw error;
        } finally {
          waiting?.();
        }
      };
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
  });

  // For a hung run, not a slow machine: the in-process fuzz took ~50 s beside two other files and 387 s
  // with four agents' tests on the 2-core machine (load 16-20); this one is of the same kind.
  it("survives every update, answers briefly and validly", { timeout: 900_000 }, async () => {
    const server = harness.emulator.server;
    const botMessages = () => server.storage.botMessages as unknown as EmulatorMessage[];
    const view: ChatView = {
      chatMessages: (chatId) =>
        botMessages()
          .filter((entry) => String(entry.message.chat_id) === String(chatId))
          .map((entry) => ({ chatId, messageId: entry.messageId, text: entry.message.text ?? "", ...(entry.message.reply_markup ? { replyMarkup: entry.message.reply_markup } : {}) })),
      userMessageId: () => 0, // the emulator numbers messages itself
      openQuery: () => undefined,
    };
    const factory = new UpdateFactory(new Random(SEED), view, 6);
    const failures: string[] = [];
    const started = performance.now();
    let sent = 0;
    let logCursor = harness.logLines.length;

    const push = async (update: Update): Promise<void> => {
      const before = handled.length;
      const done = new Promise<void>((resolve, reject) => {
        // A hang, not a slow machine: two updates passed 10 s at load 25 (session 10), as the in-process fuzz's did 5 s.
        const timer = setTimeout(() => reject(new Error(`the bot did not finish the update within ${HUNG_UPDATE_MS / 1000} s`)), HUNG_UPDATE_MS);
        waiting = () => {
          if (handled.length > before) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
      if (update.callback_query) {
        const query = update.callback_query;
        await server.addUserCallback({ botToken: TOKEN, from: query.from, message: query.message, data: query.data } as never);
      } else {
        await server.addUserMessage({ botToken: TOKEN, ...update.message } as never);
      }
      await done;
    };

    while (sent < COUNT && failures.length < 20) {
      for (const item of factory.next()) {
        if (sent >= COUNT) break;
        // The emulator delivers messages and button presses on messages, nothing else.
        const update = item.update;
        const chatId = update.message?.chat.id ?? update.callback_query?.message?.chat.id;
        if (chatId === undefined || !(update.message || update.callback_query?.data !== undefined)) continue;
        // /export answers with a file, which the emulator cannot take (test/security/limits.test.ts
        // covers a failing reply in a group).
        if (update.message?.text?.startsWith("/export")) continue;
        sent += 1;
        const before = view.chatMessages(chatId).length;
        const violations = harness.violations.length;
        try {
          await push(update);
        } catch (error) {
          failures.push(`${(error as Error).message}: ${item.label}`);
          continue;
        }
        const last = handled.at(-1)!;
        const cause = (last.error as { error?: Error } | undefined)?.error;
        if (last.error && !(cause && EMULATOR_LACKS.test(cause.message))) failures.push(`threw ${String((last.error as { error?: Error }).error?.message ?? last.error).slice(0, 300)}: ${item.label}`);
        for (const line of harness.logLines.slice(logCursor)) {
          const entry = JSON.parse(line) as { level: number; err?: { message?: string } };
          if (entry.level >= 50 && !EMULATOR_LACKS.test(entry.err?.message ?? "")) failures.push(`logged an error: ${line.trim().slice(0, 300)} on ${item.label}`);
        }
        logCursor = harness.logLines.length;
        const answers = view.chatMessages(chatId).length - before;
        if (answers > 3) failures.push(`${answers} messages for one update: ${item.label}`);
        if (harness.violations.length > violations) failures.push(`broke Telegram's rules: ${harness.violations.slice(violations).join("; ")} on ${item.label}`);
      }
    }
    const prisma = harness.db.prisma;
    console.log(
      `fuzz (emulator): FUZZ_SEED=${SEED}: ${sent} updates in ${Math.round(performance.now() - started)} ms; ` +
        `${await prisma.helpRequest.count()} requests, ${await prisma.requestEvent.count()} events`,
    );
    for (const problem of await databaseProblems(prisma)) failures.push(`database: ${problem}`);
    expect(failures.map((failure) => `${failure}\n  reproduce: FUZZ_SEED=${SEED} FUZZ_EMULATOR_COUNT=${COUNT}`)).toEqual([]);
    expect(sent).toBe(COUNT);
  });

  it("logs no name, phone number, address or request text", () => {
    const secrets = [...CANARY.names, ...CANARY.addresses, ...CANARY.details.map((text) => text.slice(0, 20)), ...CANARY.phoneDigits];
    const leaks = harness.logLines.flatMap((line) => {
      const { time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const text = JSON.stringify(fields);
      return secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${text.slice(0, 200)}`);
    });
    expect(leaks.slice(0, 5)).toEqual([]);
  });
});
