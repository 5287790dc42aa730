import type { Emulator } from "./emulator.ts";

/** A message as the emulator keeps it: the bot's sendMessage payload, updated in place by edits. */
export interface BotMessage {
  messageId: number;
  text: string;
  parse_mode?: string;
  reply_markup?: {
    inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>>;
    keyboard?: Array<Array<{ text: string; request_contact?: boolean }>>;
  };
}

interface StoredBotMessage {
  messageId: number;
  message: { chat_id: number | string; text: string; parse_mode?: string; reply_markup?: BotMessage["reply_markup"] };
}

/**
 * A person in a Telegram chat with the bot, through the emulator's client API over HTTP. Each action
 * waits until the bot has answered (no new or edited message for a short while) and returns what
 * changed in this chat.
 */
export class TelegramUser {
  private readonly client;
  private nextUpdateId = 1;

  constructor(
    private readonly emulator: Emulator,
    private readonly token: string,
    readonly userId: number,
    readonly firstName = "Оля",
    readonly chatId = userId,
    private readonly languageCode = "uk",
  ) {
    this.client = emulator.server.getClient(token, {
      userId,
      chatId,
      firstName,
      type: chatId < 0 ? "group" : "private",
      timeout: 10_000,
    });
  }

  private stored(): StoredBotMessage[] {
    return (this.emulator.server.storage.botMessages as unknown as StoredBotMessage[]).filter(
      (entry) => String(entry.message.chat_id) === String(this.chatId),
    );
  }

  /** Every message the bot has sent to this chat, oldest first, as last edited. */
  messages(): BotMessage[] {
    return this.stored().map((entry) => ({ messageId: entry.messageId, ...entry.message }));
  }

  /** What this person wrote in this chat that is still there (a bot may delete it in a private chat). */
  ownMessages(): Array<{ messageId: number; text: string }> {
    const stored = this.emulator.server.storage.userMessages as unknown as Array<{ messageId: number; message?: { text?: string; chat?: { id: number } } }>;
    return stored
      .filter((entry) => entry.message && String(entry.message.chat?.id) === String(this.chatId))
      .map((entry) => ({ messageId: entry.messageId, text: entry.message!.text ?? "" }));
  }

  last(): BotMessage {
    const all = this.messages();
    if (all.length === 0) throw new Error("the bot has sent nothing to this chat");
    return all.at(-1)!;
  }

  private snapshot(): string {
    return JSON.stringify(this.stored().map((entry) => [entry.messageId, entry.message.text, entry.message.reply_markup]));
  }

  /**
   * Says whether the bot has finished with everything sent to it (an app harness sets it on its
   * emulator): then a short quiet is enough to know the answer is complete, and a press that changes
   * nothing in the chat (an alert only) returns at once instead of after a timeout.
   */
  private get idle(): (() => Promise<boolean>) | undefined {
    return this.emulator.idle;
  }

  /**
   * Waits until the bot answers and then falls quiet; returns the new or edited messages. Without an
   * `idle` probe, "quiet" is 350 ms without a change (looked at every 25 ms); with one, 30 ms and the
   * bot idle (looked at every 10 ms: the probe knows of every update, Bot API call and due outbox
   * message still on its way, so the quiet is only a margin — at 100 ms it was most of an e2e step).
   * `mayStaySilent`: an answer that changes nothing in this chat is an answer too (after the timeout,
   * or once idle).
   */
  private async settle(before: BotMessage[], { timeoutMs = 15_000, mayStaySilent = false } = {}): Promise<BotMessage[]> {
    const start = Date.now();
    let seen = JSON.stringify(before.map((m) => [m.messageId, m.text, m.reply_markup]));
    let changedAt = 0;
    const quietMs = this.idle ? 30 : 350;
    const pollMs = this.idle ? 10 : 25;
    // With the probe, silence is known without waiting it out, so the limit is only for a hang: a
    // press's 4 s cut a slow first answer short at load 25 (the next step then raced it).
    const limitMs = this.idle ? Math.max(timeoutMs, 30_000) : timeoutMs;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const now = this.snapshot();
      if (now !== seen) {
        seen = now;
        changedAt = Date.now();
      }
      const quiet = Date.now() - (changedAt || start) >= quietMs;
      if (quiet && (changedAt || mayStaySilent) && (this.idle ? await this.idle() : changedAt)) break;
      if (Date.now() - start > limitMs) {
        if (mayStaySilent) return [];
        throw new Error(`the bot did not answer within ${limitMs} ms`);
      }
    }
    const old = new Map(before.map((m) => [m.messageId, JSON.stringify(m)]));
    return this.messages().filter((m) => old.get(m.messageId) !== JSON.stringify(m));
  }

  private from() {
    return { id: this.userId, is_bot: false, first_name: this.firstName, language_code: this.languageCode };
  }

  async send(text: string): Promise<BotMessage[]> {
    const before = this.messages();
    const message = text.startsWith("/")
      ? this.client.makeCommand(text, { from: this.from() })
      : this.client.makeMessage(text, { from: this.from() });
    await (text.startsWith("/") ? this.client.sendCommand(message as never) : this.client.sendMessage(message));
    return this.settle(before);
  }

  /** Sends any message fields (a contact, a voice message, a sticker …). */
  async sendRaw(fields: Record<string, unknown>): Promise<BotMessage[]> {
    const before = this.messages();
    await this.client.sendMessage({ ...this.client.makeMessage("", { from: this.from() }), text: undefined, ...fields } as never);
    return this.settle(before);
  }

  /** Writes a message as a reply to one of the bot's messages (how staff answer a card or a prompt). */
  async replyTo(messageId: number, text: string): Promise<BotMessage[]> {
    const before = this.messages();
    const original = this.messages().find((m) => m.messageId === messageId);
    await this.client.sendMessage({
      ...this.client.makeMessage(text, { from: this.from() }),
      reply_to_message: { message_id: messageId, chat: { id: this.chatId, type: "group" }, date: 0, text: original?.text ?? "" },
    } as never);
    return this.settle(before, { timeoutMs: 4_000, mayStaySilent: true });
  }

  async shareContact(phone: string, ownerId = this.userId): Promise<BotMessage[]> {
    return this.sendRaw({ contact: { phone_number: phone, first_name: this.firstName, user_id: ownerId } });
  }

  /** Presses the newest inline button whose text matches. */
  async press(label: string | RegExp): Promise<BotMessage[]> {
    const matches = (text: string) => (typeof label === "string" ? text === label : label.test(text));
    for (const message of [...this.messages()].reverse()) {
      const found = message.reply_markup?.inline_keyboard?.flat().find((b) => matches(b.text));
      if (found?.callback_data) return this.pressData(found.callback_data, message.messageId);
    }
    throw new Error(`no button matching ${String(label)} in:\n${this.messages().slice(-3).map((m) => JSON.stringify(m.reply_markup)).join("\n")}`);
  }

  /** Sends callback data as if a button carried it (forged or stale data, for attack tests). */
  async pressData(data: string, messageId = this.messages().at(-1)?.messageId ?? 1): Promise<BotMessage[]> {
    const before = this.messages();
    const callback = this.client.makeCallbackQuery(data, {
      from: this.from(),
      message: { message_id: messageId, chat: { id: this.chatId, type: this.chatId < 0 ? "group" : "private" } } as never,
    });
    await this.client.sendCallback(callback as never);
    // A press may only be acknowledged (an alert, nothing in the chat): then nothing changes here.
    return this.settle(before, { timeoutMs: 4_000, mayStaySilent: true });
  }

  buttons(message: BotMessage = this.last()): string[] {
    return message.reply_markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];
  }
}

/**
 * From the question after the phone to the request's summary: the address skipped where it is asked,
 * and `details` typed where what is needed is asked (a story or words of danger may have said it already).
 */
export async function toSummary(user: TelegramUser, details: string): Promise<void> {
  if (user.buttons().includes("Пропустити")) await user.press("Пропустити");
  if (!user.last().text.includes("Перевірте, будь ласка")) await user.send(details);
}
