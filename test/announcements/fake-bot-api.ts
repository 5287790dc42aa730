import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { freePort } from "../helpers/emulator.ts";

/**
 * A fast fake Bot API for the broadcast test (the emulator keeps every message in a list it scans: too
 * slow for 10,000). It answers sendMessage and sendPhoto at once and records each by chat, like
 * Telegram it answers 429 (with retry_after) beyond `perSecond` messages in any second, 403 for the
 * chats in `blocked`, and a 429 once for each chat in `rateLimitOnce`. An instance is reached under
 * its own path prefix (`/a`, `/b`): `kill(prefix)` makes that instance's calls hang unanswered and
 * unrecorded, as if its process died before they left.
 */
export interface FakeBotApi {
  apiRoot(instance: string): string;
  /** Accepted messages per chat id: their texts (captions for photos). */
  readonly delivered: Map<number, string[]>;
  /** When each accepted message arrived, by its text (for the latency of a reply). */
  readonly arrivedAt: Map<string, number>;
  readonly blocked: Set<number>;
  readonly rateLimitOnce: Set<number>;
  /** 429s answered because the rate was exceeded (not the injected ones). */
  tooFast: number;
  injected429: number;
  /** Peak messages accepted within one second. */
  peakPerSecond: number;
  kill(instance: string): void;
  stop(): Promise<void>;
}

export async function startFakeBotApi(perSecond: number): Promise<FakeBotApi> {
  const port = await freePort();
  const window: number[] = [];
  const dead = new Set<string>();
  const sockets = new Set<Socket>();
  const hanging: ServerResponse[] = [];
  let nextMessageId = 1;
  const api: FakeBotApi = {
    apiRoot: (instance) => `http://127.0.0.1:${port}/${instance}`,
    delivered: new Map(),
    arrivedAt: new Map(),
    blocked: new Set(),
    rateLimitOnce: new Set(),
    tooFast: 0,
    injected429: 0,
    peakPerSecond: 0,
    kill: (instance) => dead.add(instance),
    stop: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const answer = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const [, instance, , method] = (request.url ?? "").split("/");
      if (dead.has(instance ?? "")) {
        hanging.push(response); // never answered: the process that sent it is gone
        return;
      }
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      if (method !== "sendMessage" && method !== "sendPhoto") return answer(response, { ok: true, result: true });
      const chatId = Number(body.chat_id);
      const now = Date.now();
      while (window.length > 0 && now - window[0]! >= 1_000) window.shift();
      if (window.length >= perSecond) {
        api.tooFast += 1;
        return answer(response, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
      }
      if (api.rateLimitOnce.delete(chatId)) {
        api.injected429 += 1;
        return answer(response, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
      }
      if (api.blocked.has(chatId)) return answer(response, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
      window.push(now);
      api.peakPerSecond = Math.max(api.peakPerSecond, window.length);
      const text = String(body.text ?? body.caption ?? "");
      api.delivered.set(chatId, [...(api.delivered.get(chatId) ?? []), text]);
      api.arrivedAt.set(text, now);
      answer(response, { ok: true, result: { message_id: nextMessageId++, date: Math.floor(now / 1_000), chat: { id: chatId, type: chatId > 0 ? "private" : "group" }, text } });
    });
  });
  // Connections stay open as long as the client keeps them (a reset on reuse would be a network error).
  server.keepAliveTimeout = 120_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return api;
}
