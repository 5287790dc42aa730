import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A fault-injecting Bot API in front of the emulator (telegram-test-api), for tests that attack the
 * real bot process. It forwards every call, and:
 *
 * - serves getUpdates itself like Telegram: long polling (waits up to `timeout` seconds for an
 *   update) and confirmation by offset (an update is given again until a later call's offset passes
 *   it; the emulator alone forgets an update once fetched, so a bot killed mid-update would lose it);
 * - can go down (`down()`): open connections are reset and new ones refused, as when Telegram or the
 *   network is away; `up()` brings it back;
 * - lets a test decide, per call, to answer in its place or to act after the emulator accepted a
 *   call but before the bot hears the answer (`afterAccepted`: e.g. kill -9 the bot there).
 */

export interface ProxiedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FaultProxy {
  readonly apiRoot: string;
  /** Every call the bot made, oldest first (getUpdates included). */
  readonly calls: ProxiedCall[];
  down(): void;
  up(): void;
  /** Runs before a call reaches the emulator; return "reset" to drop it (the emulator never sees it). */
  beforeForward?: (call: ProxiedCall) => "reset" | void;
  /** Runs after the emulator accepted a call, before the bot gets the answer; return "reset" to drop the answer. */
  afterAccepted?: (call: ProxiedCall, result: unknown) => "reset" | void;
  stop(): Promise<void>;
}

interface Update {
  update_id: number;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let isDown = false;
  /** Fetched from the emulator, not yet confirmed by the bot. */
  let pending: Update[] = [];

  async function upstreamCall(path: string, body: string, contentType: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`${upstream}${path}`, { method: "POST", headers: { "content-type": contentType }, body });
    return { status: response.status, text: await response.text() };
  }

  async function pull(token: string): Promise<void> {
    const { text } = await upstreamCall(`/bot${token}/getUpdates`, "{}", "application/json");
    const result = (JSON.parse(text) as { result?: Update[] }).result ?? [];
    for (const update of result) if (!pending.some((known) => known.update_id === update.update_id)) pending.push(update);
  }

  async function getUpdates(token: string, body: Record<string, unknown>, response: ServerResponse, socket: Socket): Promise<void> {
    const offset = Number(body.offset ?? 0);
    const limit = Math.max(1, Math.min(100, Number(body.limit ?? 100)));
    const timeoutMs = Math.min(Number(body.timeout ?? 0), 50) * 1_000;
    if (offset > 0) pending = pending.filter((update) => update.update_id >= offset); // confirmed
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await pull(token);
      const ready = pending.filter((update) => update.update_id >= offset).slice(0, limit);
      if (ready.length > 0 || Date.now() >= deadline || socket.destroyed || isDown) {
        if (socket.destroyed || isDown) return;
        return send(response, { ok: true, result: ready });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function send(response: ServerResponse, data: unknown, status = 200): void {
    if (response.headersSent || response.destroyed) return;
    const text = JSON.stringify(data);
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    response.end(text);
  }

  const proxy: FaultProxy = {
    apiRoot: "",
    calls: [],
    down() {
      isDown = true;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      isDown = false;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const contentType = request.headers["content-type"] ?? "application/json";
    const match = /^\/bot([^/]+)\/(\w+)/.exec(request.url ?? "");
    if (!match) return send(response, { ok: false, error_code: 404, description: "Not Found" }, 404);
    const [, token, method] = match as unknown as [string, string, string];
    let body: Record<string, unknown> = {};
    try {
      body = raw && contentType.includes("json") ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const call: ProxiedCall = { method, body, at: Date.now() };
    proxy.calls.push(call);
    if (method === "getUpdates") return getUpdates(token, body, response, request.socket);
    if (proxy.beforeForward?.(call) === "reset") {
      request.socket.destroy();
      return;
    }
    const { status, text } = await upstreamCall(request.url!, raw, contentType);
    if (proxy.afterAccepted?.(call, JSON.parse(text)) === "reset") {
      request.socket.destroy();
      return;
    }
    if (response.headersSent || response.destroyed) return;
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    response.end(text);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  server.on("connection", (socket) => {
    if (isDown) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    }),
  );
  return Object.assign(proxy, { apiRoot: `http://127.0.0.1:${port}` });
}
