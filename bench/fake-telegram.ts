/**
 * A minimal Bot API over HTTP for the benchmarks: what grammY's apiRoot points at, as in every test.
 * It answers every method at once (a sent message gets an id), counts calls, and serves getUpdates
 * from a queue, so a real bot process can be driven as Telegram would drive it.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";

export interface FakeTelegram {
  /** The apiRoot to give grammY (http://127.0.0.1:port). */
  readonly apiRoot: string;
  /** Calls answered so far, by method. */
  readonly calls: Map<string, number>;
  /** Queues updates for getUpdates (each gets the next update_id). */
  enqueue(updates: Array<Omit<Update, "update_id">>): void;
  /** update_id of the last update the bot has confirmed (by asking for a later offset). */
  confirmed(): number;
  /** Milliseconds since the last call of any method but getUpdates (which goes on while idle). */
  quietFor(): number;
  /** Calls `listener` with every call's method and payload, as it arrives (bench:start times the first answer). */
  onCall(listener: (method: string, payload: Record<string, unknown>) => void): void;
  close(): Promise<void>;
}

const SENDING_METHODS = new Set(["sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendAudio", "sendVideo", "copyMessage", "forwardMessage"]);

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  return (request.headers["content-type"] ?? "").includes("application/json") ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeTelegram(botInfo: object): Promise<FakeTelegram> {
  const calls = new Map<string, number>();
  const queue: Update[] = [];
  let nextUpdateId = 1;
  let confirmedUpTo = 0;
  let lastCallAt = Date.now();
  let messageId = 1;
  const waiting = new Set<() => void>();
  const listeners: Array<(method: string, payload: Record<string, unknown>) => void> = [];

  const answer = async (method: string, payload: Record<string, unknown>): Promise<unknown> => {
    if (method === "getMe") return botInfo;
    if (method === "getUpdates") {
      const offset = Number(payload.offset ?? 0);
      if (offset > confirmedUpTo + 1) confirmedUpTo = offset - 1;
      while (queue.length > 0 && queue[0]!.update_id < offset) queue.shift();
      if (queue.length === 0) {
        // Long polling: hold the call a little, as Telegram does, unless updates arrive.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            waiting.delete(wake);
            resolve();
          }, Math.min(Number(payload.timeout ?? 0), 1) * 1000);
          const wake = () => {
            clearTimeout(timer);
            waiting.delete(wake);
            resolve();
          };
          waiting.add(wake);
        });
      }
      return queue.slice(0, Number(payload.limit ?? 100));
    }
    if (SENDING_METHODS.has(method)) {
      const chatId = Number(payload.chat_id ?? 0);
      return { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" }, text: String(payload.text ?? "") };
    }
    return true;
  };

  const server: Server = createServer((request, response) => {
    const method = (request.url ?? "").split("/").at(-1) ?? "";
    if (method !== "getUpdates") lastCallAt = Date.now();
    calls.set(method, (calls.get(method) ?? 0) + 1);
    bodyOf(request)
      .then((payload) => {
        for (const listener of listeners) listener(method, payload);
        return answer(method, payload);
      })
      .then((result) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ ok: true, result }));
      })
      .catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
      });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    enqueue(updates) {
      for (const update of updates) queue.push({ ...update, update_id: nextUpdateId++ } as Update);
      for (const wake of [...waiting]) wake();
    },
    confirmed: () => confirmedUpTo,
    quietFor: () => Date.now() - lastCallAt,
    onCall: (listener) => void listeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of [...waiting]) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
