import { createServer } from "node:net";
import { offlineBotInfo } from "../bot/bot-info.ts";
import { InputFile, type Bot, type Context, type Transformer } from "grammy";
import TelegramServer from "telegram-test-api";
import { supportDeleteMessages } from "./delete-messages.ts";
import { holdEmptyGetUpdates } from "./long-polling.ts";

/**
 * The Telegram side of the sandbox: a local Bot API emulator (telegram-test-api) the real bot polls,
 * and the people in its chats. A person sends text, a contact or a button press; the bot's messages
 * are read back from the emulator as Telegram would show them (edits in place, deletions gone).
 * `settle` waits until the bot has answered and fallen quiet, so a script's next line never races
 * the previous answer.
 */

export interface Person {
  id: number;
  firstName: string;
  languageCode?: string;
}

export interface Chat {
  id: number;
  type: "private" | "group";
  title?: string;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface KeyboardButton {
  text: string;
  request_contact?: boolean;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineButton[][];
  keyboard?: Array<Array<KeyboardButton | string>>;
  one_time_keyboard?: boolean;
  remove_keyboard?: boolean;
  force_reply?: boolean;
}

/** A message from the bot, as it stands now. */
export interface BotMessage {
  messageId: number;
  chatId: number;
  text: string;
  parseMode?: string;
  replyMarkup?: ReplyMarkup;
  /** The message it answers (Telegram's "reply to"). */
  replyToMessageId?: number;
}

/** What changed in the chats since the last look. */
export type ChatEvent =
  | { kind: "new" | "edited"; message: BotMessage }
  | { kind: "deleted"; chatId: number; messageId: number }
  /** The bot answered a button press with a pop-up (answerCallbackQuery with text). */
  | { kind: "popup"; chatId: number; text: string; alert: boolean };

export interface SettleOptions {
  /** How long nothing may happen before the bot counts as done. */
  quietMs?: number;
  /** Gives up waiting after this long (the bot may still answer later). */
  timeoutMs?: number;
  /** Extra work the bot still has queued (e.g. its outbox); asked only once all else is quiet. */
  busy?: () => Promise<boolean>;
}

export interface AttachOptions {
  /** Keeps a file the bot sends (a staff export); returns where it went. */
  saveFile(name: string, bytes: Uint8Array): string;
}

interface StoredBotMessage {
  messageId: number;
  botToken: string;
  message: {
    chat_id: number | string;
    text?: string;
    parse_mode?: string;
    reply_markup?: ReplyMarkup | string;
    reply_parameters?: { message_id?: number };
    reply_to_message_id?: number;
  };
}

interface StoredUpdate {
  botToken: string;
  isRead: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Bot API's own idea of the sandbox bot, so the app needs no getMe call. */
export const sandboxBotInfo = (id: number) => offlineBotInfo(id, "Hromada Help (sandbox)", "hromada_help_sandbox_bot");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

async function bytesOf(file: InputFile): Promise<Uint8Array> {
  const raw = await file.toRaw();
  if (raw instanceof Uint8Array) return raw;
  const chunks: Uint8Array[] = [];
  for await (const chunk of raw as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export class SandboxTelegram {
  private handling = 0;
  private inflight = 0;
  private lastActivity = Date.now();
  /** Every bot message seen so far, by id, with a fingerprint of how it looked. */
  private readonly seen = new Map<number, { chatId: number; look: string }>();
  private popups: ChatEvent[] = [];
  private lastPressedIn?: number;
  private readonly botUser: { id: number; is_bot: true; first_name: string };

  private constructor(
    readonly server: TelegramServer,
    readonly apiRoot: string,
    private readonly token: string,
  ) {
    const { id, first_name } = sandboxBotInfo(Number(token.split(":")[0]));
    this.botUser = { id, is_bot: true, first_name };
  }

  /** Starts the emulator on a free loopback port. */
  static async start(token: string): Promise<SandboxTelegram> {
    const port = await freePort();
    // Messages are kept for a day (the default is a minute): a chat stays on screen as long as it runs.
    const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 86_400 });
    const releaseHeld = holdEmptyGetUpdates(server);
    supportDeleteMessages(server);
    await server.start();
    const telegram = new SandboxTelegram(server, `http://127.0.0.1:${port}`, token);
    telegram.releaseHeld = releaseHeld;
    return telegram;
  }

  private releaseHeld = () => {};

  async stop(): Promise<void> {
    this.releaseHeld();
    await this.server.stop();
  }

  /**
   * Watches the bot: when it handles an update and calls the API (to know when it is done), what its
   * button answers say (pop-ups the emulator does not keep), and files it sends (the emulator takes
   * text only: a file becomes a note saying where it was saved). Call before the bot starts.
   */
  attach<C extends Context>(bot: Bot<C>, { saveFile }: AttachOptions): void {
    const handle = bot.handleUpdate.bind(bot);
    bot.handleUpdate = async (...args) => {
      this.handling += 1;
      this.touch();
      try {
        return await handle(...args);
      } finally {
        this.handling -= 1;
        this.touch();
      }
    };

    const transformer: Transformer = async (prev, method, payload, signal) => {
      // getUpdates is held by the emulator until there is something (holdEmptyGetUpdates): not a call to wait for.
      if (method === "getUpdates") return await prev(method, payload, signal);
      this.inflight += 1;
      this.touch();
      try {
        if (method === "answerCallbackQuery") {
          const answer = payload as { text?: string; show_alert?: boolean };
          if (answer.text && this.lastPressedIn !== undefined) {
            this.popups.push({ kind: "popup", chatId: this.lastPressedIn, text: answer.text, alert: Boolean(answer.show_alert) });
          }
        }
        if (method === "sendDocument" || method === "sendPhoto") {
          // The emulator has neither: an uploaded file (an /export, the /stats chart) is saved to disk.
          const { chat_id, caption } = payload as { chat_id: number | string; caption?: string };
          const document = (payload as Record<string, unknown>)[method === "sendDocument" ? "document" : "photo"];
          let note = method === "sendDocument" ? "📎 a file" : "🖼 a picture";
          if (document instanceof InputFile) {
            const name = document.filename ?? "file";
            note = `📎 ${name} — the sandbox saved it to ${saveFile(name, await bytesOf(document))}`;
          }
          const sent = await prev("sendMessage", { chat_id, text: caption ? `${note}\n${caption}` : note }, signal);
          return sent as never;
        }
        // Telegram drops a message's buttons when an edit of its text names none; the emulator keeps them.
        if (method === "editMessageText" && !(payload as { reply_markup?: unknown }).reply_markup) {
          return await prev(method, { ...payload, reply_markup: { inline_keyboard: [] } }, signal);
        }
        return await prev(method, payload, signal);
      } finally {
        this.inflight -= 1;
        this.touch();
      }
    };
    bot.api.config.use(transformer);
  }

  private touch(): void {
    this.lastActivity = Date.now();
  }

  private pendingUpdates(): boolean {
    return (this.server.storage.userMessages as unknown as StoredUpdate[]).some((update) => update.botToken === this.token && !update.isRead);
  }

  /**
   * Waits until the bot has taken every update, finished handling them, made no API call for
   * `quietMs`, and `busy` says nothing is queued. Returns false if that took longer than `timeoutMs`.
   */
  async settle({ quietMs = 350, timeoutMs = 20_000, busy }: SettleOptions = {}): Promise<boolean> {
    const start = Date.now();
    this.touch();
    for (;;) {
      await sleep(20);
      if (this.pendingUpdates() || this.handling > 0 || this.inflight > 0) {
        this.touch();
      } else if (Date.now() - this.lastActivity >= quietMs) {
        if (!busy || !(await busy())) return true;
        this.touch();
      }
      if (Date.now() - start > timeoutMs) return false;
    }
  }

  private stored(): StoredBotMessage[] {
    return (this.server.storage.botMessages as unknown as StoredBotMessage[]).filter((entry) => entry.botToken === this.token);
  }

  private static toMessage(entry: StoredBotMessage): BotMessage {
    const { message } = entry;
    const markup = typeof message.reply_markup === "string" ? (JSON.parse(message.reply_markup) as ReplyMarkup) : message.reply_markup;
    const replyTo = message.reply_parameters?.message_id ?? message.reply_to_message_id;
    return {
      messageId: entry.messageId,
      chatId: Number(message.chat_id),
      text: message.text ?? "",
      ...(message.parse_mode ? { parseMode: message.parse_mode } : {}),
      ...(markup ? { replyMarkup: markup } : {}),
      ...(replyTo !== undefined ? { replyToMessageId: Number(replyTo) } : {}),
    };
  }

  /** New, edited and deleted bot messages (and pop-ups) since the last call, oldest first. */
  changes(): ChatEvent[] {
    const events: ChatEvent[] = this.popups;
    this.popups = [];
    const present = new Set<number>();
    for (const entry of this.stored()) {
      const message = SandboxTelegram.toMessage(entry);
      const look = JSON.stringify([message.text, message.parseMode, message.replyMarkup]);
      const before = this.seen.get(message.messageId);
      present.add(message.messageId);
      if (before?.look === look) continue;
      this.seen.set(message.messageId, { chatId: message.chatId, look });
      events.push({ kind: before ? "edited" : "new", message });
    }
    for (const [messageId, { chatId }] of this.seen) {
      if (present.has(messageId)) continue;
      this.seen.delete(messageId);
      events.push({ kind: "deleted", chatId, messageId });
    }
    return events;
  }

  /** The chat as Telegram describes it in an update (a private chat is named after the person). */
  private static chatObject(chat: Chat, person: Person) {
    return chat.type === "private" ? { id: chat.id, type: "private", first_name: person.firstName } : { id: chat.id, type: chat.type, title: chat.title ?? "group" };
  }

  private common(chat: Chat, from: Person) {
    return {
      botToken: this.token,
      date: Math.floor(Date.now() / 1000),
      from: { id: from.id, is_bot: false, first_name: from.firstName, ...(from.languageCode ? { language_code: from.languageCode } : {}) },
      chat: SandboxTelegram.chatObject(chat, from),
    };
  }

  /** The bot message a reply or a button press refers to, as Telegram includes it in the update. */
  private referenceTo(chat: Chat, from: Person, message: BotMessage) {
    return {
      message_id: message.messageId,
      chat: SandboxTelegram.chatObject(chat, from),
      from: this.botUser,
      date: Math.floor(Date.now() / 1000),
      text: message.text,
    };
  }

  /** Types a message (a /command is sent as one); `replyTo` makes it a reply to that bot message. */
  async sendText(chat: Chat, from: Person, text: string, replyTo?: BotMessage): Promise<void> {
    const message = {
      ...this.common(chat, from),
      text,
      ...(replyTo ? { reply_to_message: this.referenceTo(chat, from, replyTo) } : {}),
    };
    const command = /^\/[a-zA-Z0-9_]+(@\w+)?/.exec(text);
    if (command) {
      await this.server.addUserCommand({ ...message, entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } as never);
    } else {
      await this.server.addUserMessage(message as never);
    }
  }

  /** Shares a phone number as Telegram's "share my contact" button does (the contact is the sender's own). */
  async sendContact(chat: Chat, from: Person, phoneNumber: string): Promise<void> {
    await this.server.addUserMessage({
      ...this.common(chat, from),
      contact: { phone_number: phoneNumber, first_name: from.firstName, user_id: from.id },
    } as never);
  }

  /** Presses an inline button of a bot message. */
  async press(chat: Chat, from: Person, message: BotMessage, data: string): Promise<void> {
    this.lastPressedIn = chat.id;
    const { botToken, date, from: user } = this.common(chat, from);
    await this.server.addUserCallback({ botToken, date, from: user, message: this.referenceTo(chat, from, message), data } as never);
  }
}
