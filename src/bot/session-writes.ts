import type { PendingSessionWrite } from "../db/session-storage.ts";
import type { BotContext } from "./context.ts";

/**
 * A chat's session key: the chat id (in a private chat, the resident's user id: eraseResident relies
 * on it). Session rows are `session:<key>` (create-bot.ts's SESSION_PREFIX).
 */
export const sessionKeyOf = (ctx: { chat?: { id: number } }): string | undefined => (ctx.chat ? String(ctx.chat.id) : undefined);

/**
 * The chat's session as it is now, written with an update's other statements in one batch
 * (SessionStore.pendingWrite; call `written()` once the batch committed). Only where that saves a
 * round trip (PGlite, PostgreSQL: src/db/sql.ts), unless `atomic` (the statements and the session must commit together).
 * Undefined: leave the session to grammY's write at the end of the update.
 */
export function sessionWriteWith(ctx: BotContext, { atomic = false } = {}): PendingSessionWrite | undefined {
  const sessions = ctx.deps.sessions;
  const key = sessionKeyOf(ctx);
  if (!sessions || key === undefined || !(atomic || sessions.batchIsOneRoundTrip)) return undefined;
  return sessions.pendingWrite(key, ctx.session);
}
