import type { Update } from "grammy/types";
import { afterAll, beforeAll, beforeEach, vi } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { STAFF_GROUPS, STAFF_USER } from "../helpers/staffed-catalog.ts";
import type { RecordedCall, StoredMessage } from "../fuzz/fake-telegram.ts";
import { InProcessApp } from "../fuzz/in-process.ts";

/**
 * Drives the in-process app (test/fuzz/in-process.ts) one deliberate update at a time, for tests that
 * need exact answers: a resident's text or button press, a staff member's press or reply in a group.
 * Each call returns what the bot did with that update.
 */

export interface Handled {
  calls: RecordedCall[];
  /** Texts the bot sent (or edited into place) in this update. */
  texts: string[];
  /** The answer to a button press: its text, or "" for a silent answer; undefined when unanswered. */
  answer?: string;
  error?: unknown;
}

const i18n = createI18n("uk");
/** A message as the bot words it (tests compare with the locale files, not copies of their texts). */
export const t = (key: string, variables?: Record<string, string | number>, locale = "uk"): string => i18n.t(locale, key, variables);

let nextUpdateId = 1_000_000;
let nextQueryId = 1_000_000;

export class Driver {
  constructor(readonly target: InProcessApp) {}

  async handle(update: Update): Promise<Handled> {
    const error = await this.target.handle(update);
    const calls = this.target.telegram.callsFor(update.update_id);
    const answered = calls.find((call) => call.method === "answerCallbackQuery" && !call.error);
    return {
      calls,
      texts: calls.filter((call) => typeof call.payload.text === "string" && call.method !== "answerCallbackQuery").map((call) => String(call.payload.text)),
      ...(answered ? { answer: String(answered.payload.text ?? "") } : {}),
      ...(error === undefined ? {} : { error }),
    };
  }

  private chat(chatId: number) {
    return chatId > 0 ? { id: chatId, type: "private" as const, first_name: "R" } : { id: chatId, type: "supergroup" as const, title: "G" };
  }

  private user(userId: number, firstName = "Оля") {
    return { id: userId, is_bot: false, first_name: firstName, language_code: "uk" };
  }

  /** A message from `userId` in `chatId` (their private chat by default). */
  message(userId: number, content: Record<string, unknown>, chatId = userId, firstName?: string): Promise<Handled> {
    const text = typeof content.text === "string" ? content.text : undefined;
    const command = text ? /^\/[\w@]+/.exec(text) : null;
    return this.handle({
      update_id: nextUpdateId++,
      message: {
        message_id: this.target.telegram.userMessageId(chatId),
        date: Math.floor(Date.now() / 1000),
        chat: this.chat(chatId),
        from: this.user(userId, firstName),
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        ...content,
      },
    } as unknown as Update);
  }

  text(userId: number, text: string, chatId = userId): Promise<Handled> {
    return this.message(userId, { text }, chatId);
  }

  /** Presses callback data (a real button's or a forged one) on a message in `chatId`. */
  press(userId: number, data: string, chatId = userId, messageId = this.target.telegram.chatMessages(chatId).at(-1)?.messageId ?? 1, firstName?: string): Promise<Handled> {
    const id = String(nextQueryId++);
    this.target.telegram.openQuery(id);
    return this.handle({
      update_id: nextUpdateId++,
      callback_query: {
        id,
        from: this.user(userId, firstName),
        chat_instance: String(chatId),
        data,
        message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: this.chat(chatId), text: "…" },
      },
    } as unknown as Update);
  }

  /** The newest message in the chat with a button whose data matches, and that data. */
  button(chatId: number, data: RegExp): { message: StoredMessage; data: string } {
    for (const message of [...this.target.telegram.chatMessages(chatId)].reverse()) {
      const found = (message.replyMarkup?.inline_keyboard ?? []).flat().find((button) => button.callback_data && data.test(button.callback_data));
      if (found) return { message, data: found.callback_data! };
    }
    throw new Error(`no button matching ${String(data)} in chat ${chatId}`);
  }

  /** Presses the newest real button whose data matches. */
  pressButton(userId: number, data: RegExp, chatId = userId): Promise<Handled> {
    const { message, data: found } = this.button(chatId, data);
    return this.press(userId, found, chatId, message.messageId);
  }

  /** A staff member's reply to one of the bot's messages in a group. */
  reply(chatId: number, userId: number, replyTo: number, content: Record<string, unknown>): Promise<Handled> {
    return this.message(userId, { ...content, reply_to_message: { message_id: replyTo, date: 0, chat: this.chat(chatId), text: "…" } }, chatId);
  }

  /** /start, the community, and a complete "describe what is needed" request for oneself; returns its id. */
  async sendRequest(userId: number, answers: { name: string; phone: string; address?: string; details: string }): Promise<number> {
    const started = await this.text(userId, "/start");
    // A resident who chose a community before is not asked again.
    if (started.calls.some((call) => JSON.stringify(call.payload.reply_markup ?? "").includes("cm1:zhytomyr"))) await this.pressButton(userId, /^cm1:zhytomyr$/);
    const opened = await this.text(userId, t("menu-request"));
    // Consent is asked once: a resident's next request uses it (one line, no question).
    if (opened.calls.some((call) => JSON.stringify(call.payload.reply_markup ?? "").includes("d1:consent:v:yes"))) await this.press(userId, "d1:consent:v:yes");
    await this.press(userId, "d1:mode:v:write");
    const forWhom = await this.press(userId, "d1:forWhom:v:me");
    // A returning resident is offered the last request's name and phone: these answers give others.
    if (forWhom.calls.some((call) => JSON.stringify(call.payload.reply_markup ?? "").includes("d1:sameContact:v:other"))) await this.press(userId, "d1:sameContact:v:other");
    await this.text(userId, answers.name);
    await this.text(userId, answers.phone);
    if (answers.address) await this.text(userId, answers.address);
    else await this.press(userId, "d1:address:skip");
    await this.text(userId, answers.details);
    const sent = await this.press(userId, "d1:summary:v:send");
    const request = await this.target.db.prisma.helpRequest.findFirst({ where: { residentId: BigInt(userId) }, orderBy: { id: "desc" } });
    if (!request) throw new Error(`no request was saved; the bot said: ${sent.texts.join(" | ")}`);
    await this.target.deliverOutbox();
    return request.id;
  }
}

export { STAFF_GROUPS, STAFF_USER };

/** The app one test file drives, and its driver (set before the first test). */
export interface DrivenApp {
  readonly target: InProcessApp;
  readonly driver: Driver;
}

/**
 * Starts the in-process app for the calling test file, with only Date faked: five minutes pass before
 * each test, so one test's rate limit or dialogue timeout never reaches the next; each test starts
 * with no recorded violations.
 */
export function useDrivenApp(): DrivenApp {
  const app = {} as { target: InProcessApp; driver: Driver };
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    app.target = await InProcessApp.start();
    app.driver = new Driver(app.target);
  });
  beforeEach(() => {
    vi.setSystemTime(Date.now() + 5 * 60_000);
    app.target.violations.length = 0;
    app.target.telegram.violations.length = 0;
  });
  afterAll(async () => {
    vi.useRealTimers();
    await app.target.stop();
  });
  return app;
}
