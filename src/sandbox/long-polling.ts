import type { IncomingMessage, ServerResponse } from "node:http";
import type TelegramServer from "telegram-test-api";

/** The emulator's events for a resident's new update (telegram-test-api emits them after storing it). */
const NEW_UPDATE_EVENTS = ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery"] as const;

interface StoredUpdate {
  botToken: string;
  isRead: boolean;
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Makes the emulator's getUpdates wait for an update, as Telegram's long polling does. telegram-test-api
 * answers at once even when there is nothing, so a polling bot asks again and again: a core's worth of
 * HTTP round trips while nobody writes, in the same process as the bot and the test. Now an empty
 * getUpdates is held until a resident's update arrives or `maxWaitMs` passes (short, so a stopping
 * bot is not kept waiting). Call before `server.start()`; returns a function that releases every
 * held request (call it before stopping the server).
 */
export function holdEmptyGetUpdates(server: TelegramServer, maxWaitMs = 1_000): () => void {
  const internals = server as unknown as { webServer: RequestListener & Record<string, unknown>; storage: { userMessages: StoredUpdate[] } };
  const answer = internals.webServer;
  const waiting = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of [...waiting]) wake();
  };
  for (const event of NEW_UPDATE_EVENTS) server.on(event, wakeAll);

  const pending = (token: string) => internals.storage.userMessages.some((update) => update.botToken === token && !update.isRead);
  const longPolling: RequestListener = (request, response) => {
    const token = /^\/bot([^/?]+)\/getUpdates(?:[/?]|$)/.exec(request.url ?? "")?.[1];
    if (token === undefined || pending(decodeURIComponent(token))) return answer(request, response);
    const wake = () => {
      waiting.delete(wake);
      clearTimeout(timer);
      answer(request, response);
    };
    const timer = setTimeout(wake, maxWaitMs);
    waiting.add(wake);
  };
  // The emulator reads its own settings from the Express app (`webServer.settings`) when it starts.
  internals.webServer = Object.assign(longPolling, answer);
  return wakeAll;
}
