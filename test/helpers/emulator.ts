import type { Server } from "node:http";
import { createServer } from "node:net";
import TelegramServer from "telegram-test-api";
import { holdEmptyGetUpdates } from "../../src/sandbox/long-polling.ts";
import { supportDeleteMessages } from "../../src/sandbox/delete-messages.ts";

/** A local Bot API (telegram-test-api) on 127.0.0.1: every test talks to it instead of Telegram. */
export interface Emulator {
  readonly server: TelegramServer;
  readonly apiRoot: string;
  stop(): Promise<void>;
  /** Set by an app harness polling this emulator in process: whether its bot is done (TelegramUser uses it). */
  idle?: () => Promise<boolean>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startEmulator(): Promise<Emulator> {
  const port = await freePort();
  const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 600 });
  const releaseHeld = holdEmptyGetUpdates(server);
  supportDeleteMessages(server);
  await server.start();
  // Node's HTTP clients (Node 20's global agent, which the test users' axios takes, and the bot's own)
  // keep a connection open for the next request; the server dropped one after 5 s without a request,
  // and a request sent over it at that moment failed with ECONNRESET (two e2e steps at load 25). A
  // connection outlives any pause between a test's steps now.
  (server as unknown as { server: Server }).server.keepAliveTimeout = 10 * 60_000;
  return {
    server,
    apiRoot: `http://127.0.0.1:${port}`,
    stop: () => {
      releaseHeld();
      return server.stop().then(() => undefined);
    },
  };
}

/** What the bot sent, as the emulator stores it: the raw sendMessage payload. */
export interface SentMessage {
  chat_id: number;
  text: string;
  parse_mode?: string;
  reply_markup?: unknown;
}

type Client = ReturnType<TelegramServer["getClient"]>;

/** Waits for the bot's next messages to this client's chat (the emulator marks them read once fetched). */
export async function nextBotMessages(client: Client): Promise<SentMessage[]> {
  const updates = await client.getUpdates();
  return updates.result.map((update) => (update as unknown as { message: SentMessage }).message);
}
