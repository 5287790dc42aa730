import { AsyncLocalStorage } from "node:async_hooks";
import type { Bot, Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { validateTelegramHtml } from "../helpers/telegram-html.ts";

/**
 * A Bot API in process for the fuzz suites: answers every method the way Telegram would (message ids
 * per chat, edits that fail on a missing or unchanged message, a callback query answered only once,
 * forum topics, chat members), keeps what the bot sent, and records every rule it breaks. No network.
 *
 * Calls made while the bot handles an update are tagged with that update (AsyncLocalStorage), so a
 * suite can count a handler's own messages apart from the outbox relay's.
 */

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** The update being handled when the call was made; undefined for the outbox relay. */
  update?: number;
  /** The error Telegram would have answered with, if any. */
  error?: string;
}

export interface StoredMessage {
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup?: {
    inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>>;
    keyboard?: unknown;
    force_reply?: boolean;
  };
  threadId?: number;
}

const SEND_METHODS = new Set([
  "sendMessage",
  "sendPhoto",
  "sendVoice",
  "sendAudio",
  "sendDocument",
  "sendVideo",
  "sendVideoNote",
  "sendAnimation",
  "sendSticker",
  "sendLocation",
  "sendContact",
  "sendMediaGroup",
  "copyMessage",
  "forwardMessage",
]);

/** A file the bot uploaded (sendDocument, sendPhoto with an InputFile): its name and bytes. */
export interface Upload {
  filename: string;
  data: Buffer;
}

/** The fields of a multipart/form-data body as grammY writes it; a field naming attach://<id> gets that file. */
function parseMultipart(body: Buffer): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const files = new Map<string, Upload>();
  const boundary = body.subarray(0, body.indexOf("\r\n")); // --<boundary>
  const separator = Buffer.concat([Buffer.from("\r\n"), boundary]);
  let start = boundary.length + 2;
  for (let end = body.indexOf(separator, start); end !== -1; end = body.indexOf(separator, start)) {
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf("\r\n\r\n");
    const header = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]+)"/.exec(header)?.[1];
    const filename = /filename=([^\r\n]*)/.exec(header)?.[1];
    if (name !== undefined && filename !== undefined) files.set(name, { filename, data: Buffer.from(content) });
    else if (name !== undefined) {
      const value = content.toString("utf8");
      payload[name] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    }
    start = end + separator.length + 2; // past "\r\n" (or the closing "--")
  }
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === "string" && value.startsWith("attach://")) payload[key] = files.get(value.slice("attach://".length)) ?? value;
  }
  return payload;
}

/** Strings Telegram refuses ("strings must be encoded in UTF-8"): a lone UTF-16 surrogate. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Visible length of a Telegram HTML text: tags dropped, entities counted as one character. */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, "_").length;
}

export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  private readonly callsByUpdate = new Map<number, RecordedCall[]>();
  readonly violations: string[] = [];
  private readonly messages = new Map<number, Map<number, StoredMessage>>();
  private readonly nextMessageId = new Map<number, number>();
  private readonly openQueries = new Set<string>();
  private readonly answeredQueries = new Set<string>();
  private nextTopic = 1000;
  private readonly scope = new AsyncLocalStorage<number>();
  /** Users getChatMember reports as the group's administrators. */
  readonly admins = new Set<number>();
  /** Fault injection: an error Telegram answers this call with, or undefined to answer it normally. */
  failWith?: (method: string, payload: Record<string, unknown>) => { error_code: number; description: string; parameters?: Record<string, unknown> } | undefined;

  constructor(private readonly botInfo: UserFromGetMe) {}

  /**
   * Installs the fake under everything else: nothing leaves the process. Two places, because grammY
   * builds a new Api for each update (and the dialogues plugin one more for each replayed context,
   * with its replay log as its innermost transformer): updates' calls reach the fake as the `fetch`
   * of the bot's client options, beneath the replay log, so a replayed dialogue sends nothing twice;
   * the outbox relay's calls (on bot.api, outside any update) reach it through a transformer.
   */
  install<C extends Context>(bot: Bot<C>): void {
    const clientConfig = (bot as unknown as { clientConfig?: { fetch?: unknown } }).clientConfig;
    if (!clientConfig) throw new Error("the bot has no client options to put the fake fetch in");
    clientConfig.fetch = (url: string, init: { body?: unknown }) => this.fetch(url, init);
    bot.api.config.use(async (prev, method, payload, signal) =>
      this.scope.getStore() === undefined ? (this.answer(method, (payload ?? {}) as Record<string, unknown>) as never) : prev(method, payload, signal),
    );
    const original = bot.handleUpdate.bind(bot);
    // Calls made while handling an update are tagged with its id.
    bot.handleUpdate = (update, envelope) => this.scope.run(update.update_id, () => original(update, envelope));
  }

  /**
   * grammY reads only `json()` of what fetch returns: an object with that, not a WHATWG Response (whose
   * body stream cost ~5% of the in-process fuzz's CPU). The answer still goes through JSON, as over HTTP.
   */
  private async fetch(url: string, init: { body?: unknown }): Promise<{ json(): Promise<unknown> }> {
    const method = String(url).split("/").pop()!;
    let payload: Record<string, unknown> = {};
    if (typeof init.body === "string") payload = JSON.parse(init.body) as Record<string, unknown>;
    else if (init.body && typeof (init.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") {
      // A file upload (multipart): the fields, and each file as an Upload in place of its attach:// name.
      const chunks: Buffer[] = [];
      for await (const chunk of init.body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
      payload = parseMultipart(Buffer.concat(chunks));
    }
    const body = JSON.stringify(this.answer(method, payload));
    return { ok: true, status: 200, json: async () => JSON.parse(body) as unknown } as { json(): Promise<unknown> };
  }

  /** A callback query Telegram delivered: it may be answered once. */
  openQuery(id: string): void {
    this.openQueries.add(id);
  }

  wasAnswered(id: string): boolean {
    return this.answeredQueries.has(id);
  }

  /** A message a user wrote in a chat takes the chat's next message id, as in Telegram. */
  userMessageId(chatId: number): number {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    return id;
  }

  chatMessages(chatId: number): StoredMessage[] {
    return [...(this.messages.get(chatId)?.values() ?? [])];
  }

  allChats(): number[] {
    return [...this.messages.keys()];
  }

  callsFor(update: number): RecordedCall[] {
    return this.callsByUpdate.get(update) ?? [];
  }

  sendsFor(update: number): RecordedCall[] {
    return this.callsFor(update).filter((call) => SEND_METHODS.has(call.method) && !call.error);
  }

  private store(chatId: number, payload: Record<string, unknown>, text: string): StoredMessage {
    const messageId = this.userMessageId(chatId);
    const message: StoredMessage = {
      chatId,
      messageId,
      text,
      ...(payload.reply_markup ? { replyMarkup: payload.reply_markup as StoredMessage["replyMarkup"] } : {}),
      ...(typeof payload.message_thread_id === "number" ? { threadId: payload.message_thread_id } : {}),
    };
    if (!this.messages.has(chatId)) this.messages.set(chatId, new Map());
    this.messages.get(chatId)!.set(messageId, message);
    return message;
  }

  private check(method: string, payload: Record<string, unknown>): void {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(payload)) {
      if (typeof value === "string" && LONE_SURROGATE.test(value)) problems.push(`${key} is not valid UTF-8 (a lone surrogate)`);
    }
    const text = payload.text as string | undefined;
    const caption = payload.caption as string | undefined;
    const html = payload.parse_mode === "HTML";
    if (text !== undefined) {
      if (html) problems.push(...validateTelegramHtml(text));
      else if (text.length > 4096) problems.push(`plain text of ${text.length} characters`);
      else if (text.trim() === "") problems.push("empty text");
    }
    if (caption !== undefined) {
      if (html) problems.push(...validateTelegramHtml(caption).filter((problem) => !problem.includes("over Telegram's 4096")));
      if ((html ? visibleLength(caption) : caption.length) > 1024) problems.push(`caption of ${caption.length} characters, over 1024`);
    }
    if (method === "answerCallbackQuery" && typeof payload.text === "string" && payload.text.length > 200) {
      problems.push(`callback answer of ${payload.text.length} characters, over 200`);
    }
    const markup = payload.reply_markup as { inline_keyboard?: Array<Array<{ text?: string; callback_data?: string }>> } | undefined;
    for (const button of markup?.inline_keyboard?.flat() ?? []) {
      if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) problems.push(`callback data over 64 bytes: ${button.callback_data}`);
      if (button.callback_data !== undefined && button.callback_data.length === 0) problems.push("empty callback data");
      if (!button.text) problems.push("a button without text");
    }
    const shown = (text ?? caption ?? "").slice(0, 160);
    this.violations.push(...problems.map((problem) => `${method}: ${problem}\n  in: ${shown}`));
  }

  private fail(call: RecordedCall, errorCode: number, description: string, parameters?: Record<string, unknown>) {
    call.error = description;
    return { ok: false, error_code: errorCode, description, ...(parameters ? { parameters } : {}) };
  }

  private answer(method: string, payload: Record<string, unknown>): unknown {
    const call: RecordedCall = { method, payload, update: this.scope.getStore() };
    this.calls.push(call);
    if (call.update !== undefined) {
      if (!this.callsByUpdate.has(call.update)) this.callsByUpdate.set(call.update, []);
      this.callsByUpdate.get(call.update)!.push(call);
    }
    this.check(method, payload);
    const injected = this.failWith?.(method, payload);
    if (injected) return this.fail(call, injected.error_code, injected.description, injected.parameters);
    const chatId = Number(payload.chat_id);
    const date = Math.floor(Date.now() / 1000);
    const chat = { id: chatId, type: chatId > 0 ? "private" : "supergroup", ...(chatId > 0 ? { first_name: "R" } : { title: "G" }) };
    const ok = (result: unknown) => ({ ok: true, result });

    if (SEND_METHODS.has(method)) {
      const text = String(payload.text ?? payload.caption ?? "");
      const stored = this.store(chatId, payload, text);
      return ok({ message_id: stored.messageId, date, chat, from: this.botInfo, ...(payload.text !== undefined ? { text } : {}), ...(stored.threadId ? { message_thread_id: stored.threadId } : {}) });
    }
    switch (method) {
      case "getMe":
        return ok(this.botInfo);
      case "editMessageText":
      case "editMessageReplyMarkup":
      case "editMessageCaption": {
        if (payload.inline_message_id !== undefined) return ok(true);
        const existing = this.messages.get(chatId)?.get(Number(payload.message_id));
        if (!existing) return this.fail(call, 400, "Bad Request: message to edit not found");
        const text = method === "editMessageReplyMarkup" ? existing.text : String(payload.text ?? payload.caption ?? "");
        const markup = payload.reply_markup as StoredMessage["replyMarkup"] | undefined;
        const sameMarkup = JSON.stringify(markup?.inline_keyboard ?? []) === JSON.stringify(existing.replyMarkup?.inline_keyboard ?? []);
        if (text === existing.text && sameMarkup) {
          return this.fail(call, 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        }
        existing.text = text;
        if (markup) existing.replyMarkup = markup;
        else delete existing.replyMarkup;
        return ok({ message_id: existing.messageId, date, chat, from: this.botInfo, text });
      }
      case "deleteMessage": {
        const deleted = this.messages.get(chatId)?.delete(Number(payload.message_id));
        return deleted ? ok(true) : this.fail(call, 400, "Bad Request: message to delete not found");
      }
      case "deleteMessages": {
        // Up to 100 ids of one chat; those not found are skipped; none found is an error (Bot API).
        const ids = Array.isArray(payload.message_ids) ? (payload.message_ids as unknown[]).map(Number) : [];
        if (ids.length === 0 || ids.length > 100) return this.fail(call, 400, "Bad Request: message identifiers are invalid");
        const deleted = ids.filter((id) => this.messages.get(chatId)?.delete(id)).length;
        return deleted > 0 ? ok(true) : this.fail(call, 400, "Bad Request: message to delete not found");
      }
      case "answerCallbackQuery": {
        const id = String(payload.callback_query_id);
        if (!this.openQueries.has(id) || this.answeredQueries.has(id)) {
          return this.fail(call, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }
        this.answeredQueries.add(id);
        return ok(true);
      }
      case "getChatMember": {
        const userId = Number(payload.user_id);
        return ok({ status: this.admins.has(userId) ? "administrator" : "member", user: { id: userId, is_bot: false, first_name: "M" } });
      }
      case "createForumTopic":
        return ok({ message_thread_id: this.nextTopic++, name: payload.name, icon_color: 0 });
      default:
        return ok(true);
    }
  }
}
