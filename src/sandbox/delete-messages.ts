import type { IncomingMessage, ServerResponse } from "node:http";
import type TelegramServer from "telegram-test-api";

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** The most ids one deleteMessages call takes (Bot API). */
export const DELETE_MESSAGES_LIMIT = 100;

interface StoredEntry {
  messageId: number;
  message?: { chat_id?: number | string; chat?: { id: number } };
  callbackQuery?: unknown;
}

/**
 * Teaches the emulator the Bot API's deleteMessages (telegram-test-api knows only deleteMessage): up to
 * 100 ids of one chat, the bot's messages and the person's alike; ids not found are skipped; none
 * found, or more than 100, is an error, as in Telegram. Its deleteMessage is answered here too: the
 * emulator's own also matches a button press that carries the same number (a press is stored with the
 * next message's id), and deletes the press instead of the message. Call before `server.start()`.
 */
export function supportDeleteMessages(server: TelegramServer): void {
  const internals = server as unknown as {
    webServer: RequestListener & Record<string, unknown>;
    storage: { userMessages: StoredEntry[]; botMessages: StoredEntry[] };
  };
  const answer = internals.webServer;
  const remove = (chatId: number, messageId: number): boolean => {
    const matches = (entry: StoredEntry) =>
      !entry.callbackQuery && entry.messageId === messageId && Number(entry.message?.chat?.id ?? entry.message?.chat_id) === chatId;
    for (const list of ["userMessages", "botMessages"] as const) {
      const index = internals.storage[list].findIndex(matches);
      if (index >= 0) {
        internals.storage[list].splice(index, 1);
        return true;
      }
    }
    return false;
  };
  const listener: RequestListener = (request, response) => {
    const method = /^\/bot[^/?]+\/(deleteMessages?)(?:[/?]|$)/.exec(request.url ?? "")?.[1];
    if (!method) return answer(request, response);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body: object) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      let body: { chat_id?: unknown; message_ids?: unknown; message_id?: unknown };
      try {
        const raw = Buffer.concat(chunks).toString("utf8");
        body = /json/.test(request.headers["content-type"] ?? "") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        return reply(400, { ok: false, error_code: 400, description: "Bad Request: can't parse the request" });
      }
      const chatId = Number(body.chat_id);
      if (method === "deleteMessage") {
        return remove(chatId, Number(body.message_id))
          ? reply(200, { ok: true, result: true })
          : reply(400, { ok: false, error_code: 400, description: "Bad Request: message to delete not found" });
      }
      const ids = typeof body.message_ids === "string" ? (JSON.parse(body.message_ids) as unknown) : body.message_ids;
      if (!Number.isFinite(chatId) || !Array.isArray(ids) || ids.length === 0 || ids.length > DELETE_MESSAGES_LIMIT) {
        return reply(400, { ok: false, error_code: 400, description: "Bad Request: message identifiers are invalid" });
      }
      const deleted = ids.filter((id) => remove(chatId, Number(id))).length;
      if (deleted === 0) return reply(400, { ok: false, error_code: 400, description: "Bad Request: message to delete not found" });
      reply(200, { ok: true, result: true });
    });
  };
  internals.webServer = Object.assign(listener, answer);
}
