import type { PrismaClient } from "../generated/prisma/client.ts";
import { sqlOf, type Statement } from "../db/sql.ts";

/**
 * The ids of the messages «🧹 Приховати розмову» deletes (src/bot/features/hide.ts): in a resident's
 * private chat where danger was met (emergency numbers, a crisis service's card), every message — the
 * resident's and the bot's, the outbox's relayed staff questions too — from then on, and the last few
 * before it. Only a chat id, a message id and when it was sent are kept; never any text.
 *
 * - Before danger is met, the last RECENT_PER_CHAT messages of each private chat are kept in memory
 *   only (lost on a restart; no database write for the many chats that never meet danger).
 * - From the moment danger is met (`watch`), the chat is marked in the database for WATCH_DAYS after
 *   the last time, those recent ids are written, and so is every message after them: they survive a
 *   restart, and the outbox (another path, maybe another process) records what it sends.
 * - A message id is kept KEEP_DAYS (Telegram lets a bot delete it for 48 hours; a few days more so the
 *   resident can be told honestly how many older ones are left), then swept; a press of «🧹» forgets
 *   the ids it tried, and /delete_me erases the chat's mark and ids at once.
 */
export const DELETABLE_MS = 48 * 3_600_000;
/** A margin: a message this close to 48 hours may be past it by the time Telegram is asked. */
const DELETABLE_MARGIN_MS = 5 * 60_000;
export const WATCH_DAYS = 30;
export const KEEP_DAYS = 7;
const RECENT_PER_CHAT = 30;
/** Chats whose recent ids are kept in memory (the least recently active are dropped first). */
const RECENT_CHATS = 5_000;

export interface TrailEntry {
  messageId: number;
  sentAt: Date;
}

export interface HideTrailOptions {
  now?: () => number;
  recentPerChat?: number;
  recentChats?: number;
}

export class HideTrail {
  /** Chats where danger was met, and until when they are watched (ms). */
  private readonly watched = new Map<string, number>();
  /**
   * The last messages of private chats not watched (yet), newest last, flat: id, sent at (ms), id, sent
   * at, … One array of unboxed numbers per chat: at its bound (RECENT_CHATS × RECENT_PER_CHAT) ~3 MB of
   * heap, where an [id, at] pair per message took ~12 MB (bench/PROFILE-updates.md, «Memory», session 10).
   */
  private readonly recent = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly recentPerChat: number;
  private readonly recentChats: number;

  constructor(
    private readonly prisma: PrismaClient,
    options: HideTrailOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.recentPerChat = options.recentPerChat ?? RECENT_PER_CHAT;
    this.recentChats = options.recentChats ?? RECENT_CHATS;
  }

  /** Reads which chats are watched (at start-up, and now and then where several processes serve). */
  async load(): Promise<void> {
    const rows = await this.prisma.trailChat.findMany({ where: { until: { gt: new Date(this.now()) } } });
    this.watched.clear();
    for (const row of rows) this.watched.set(row.chatId.toString(), row.until.getTime());
  }

  isWatched(chatId: number | bigint | string): boolean {
    const until = this.watched.get(String(chatId));
    return until !== undefined && until > this.now();
  }

  /**
   * Notes messages in a private chat: written at once in a watched chat (the promise), kept in memory
   * otherwise (then nothing to wait for: undefined, no promise for the many updates that need none).
   */
  note(chatId: number | bigint, messageIds: readonly number[], sentAt = this.now()): Promise<void> | undefined {
    if (messageIds.length === 0) return undefined;
    const key = String(chatId);
    if (this.isWatched(key)) return this.write(BigInt(key), messageIds.map((id) => [id, sentAt]));
    let ids = this.recent.get(key);
    if (ids) this.recent.delete(key); // re-inserted below: the map's order is the chats' last activity
    else ids = [];
    for (const id of messageIds) ids.push(id, sentAt);
    if (ids.length > 2 * this.recentPerChat) ids.splice(0, ids.length - 2 * this.recentPerChat);
    this.recent.set(key, ids);
    if (this.recent.size > this.recentChats) this.recent.delete(this.recent.keys().next().value!);
    return undefined;
  }

  /**
   * Danger was met in this chat: watch it for WATCH_DAYS from now, and write the ids noted so far
   * (the recent ones in memory, and `messageIds`, e.g. a message whose buttons were pressed).
   */
  async watch(chatId: number | bigint, messageIds: readonly number[] = []): Promise<void> {
    const key = String(chatId);
    const until = new Date(this.now() + WATCH_DAYS * 86_400_000);
    const entries = [...pairsOf(this.recent.get(key)), ...messageIds.map((id): [number, number] => [id, this.now()])];
    // The mark and the ids in one round trip, through the driver (src/db/sql.ts): a danger message's
    // answer waits for it, and through Prisma these were its costliest statements.
    await this.sql.batch([
      {
        text: "INSERT INTO trail_chat (chat_id, until) VALUES ($1::bigint, $2::timestamp) ON CONFLICT (chat_id) DO UPDATE SET until = EXCLUDED.until",
        params: [key, until.toISOString()],
      },
      ...(entries.length > 0 ? [insertEntries(key, entries)] : []),
    ]);
    this.watched.set(key, until.getTime());
    this.recent.delete(key);
  }

  /** Every message id noted in this chat (written or in memory), oldest first. */
  async entries(chatId: number | bigint): Promise<TrailEntry[]> {
    const key = String(chatId);
    const rows = await this.prisma.trailMessage.findMany({ where: { chatId: BigInt(key) }, select: { messageId: true, sentAt: true } });
    const byId = new Map(rows.map((row) => [row.messageId, row.sentAt]));
    for (const [id, at] of pairsOf(this.recent.get(key))) if (!byId.has(id)) byId.set(id, new Date(at));
    return [...byId].map(([messageId, sentAt]) => ({ messageId, sentAt })).sort((a, b) => a.messageId - b.messageId);
  }

  /** Whether a message sent at `sentAt` can still be deleted by the bot. */
  deletable(sentAt: Date): boolean {
    return this.now() - sentAt.getTime() < DELETABLE_MS - DELETABLE_MARGIN_MS;
  }

  /** Forgets these ids of the chat (after a press of «🧹» tried them; the chat stays watched). */
  async forget(chatId: number | bigint, messageIds: readonly number[]): Promise<void> {
    const key = String(chatId);
    const gone = new Set(messageIds);
    const recent = this.recent.get(key);
    if (recent) this.recent.set(key, pairsOf(recent).filter(([id]) => !gone.has(id)).flat());
    if (messageIds.length > 0) await this.prisma.trailMessage.deleteMany({ where: { chatId: BigInt(key), messageId: { in: [...gone] } } });
  }

  /** /delete_me: the chat's mark and every id, in the database and in memory. */
  async erase(chatId: number | bigint): Promise<void> {
    const key = String(chatId);
    this.watched.delete(key);
    this.recent.delete(key);
    await this.prisma.trailMessage.deleteMany({ where: { chatId: BigInt(key) } });
    await this.prisma.trailChat.deleteMany({ where: { chatId: BigInt(key) } });
  }

  /** Housekeeping: ids older than KEEP_DAYS and marks past their time go; returns how many rows. */
  async sweep(): Promise<number> {
    const now = this.now();
    const ids = await this.prisma.trailMessage.deleteMany({ where: { sentAt: { lt: new Date(now - KEEP_DAYS * 86_400_000) } } });
    const chats = await this.prisma.trailChat.deleteMany({ where: { until: { lte: new Date(now) } } });
    for (const [key, until] of this.watched) if (until <= now) this.watched.delete(key);
    return ids.count + chats.count;
  }

  private async write(chatId: bigint, entries: Array<[number, number]>): Promise<void> {
    if (entries.length === 0) return;
    const { text, params } = insertEntries(String(chatId), entries);
    await this.sql.query(text, params);
  }

  private get sql() {
    return sqlOf(this.prisma);
  }
}

/** A chat's flat list of recent ids and times (HideTrail.recent) as [id, sent at ms] pairs. */
function pairsOf(flat: readonly number[] | undefined): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  if (flat) for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}

/** One statement for any number of ids (arrays: one prepared statement whatever their count). */
const insertEntries = (chatId: string, entries: ReadonlyArray<[number, number]>): Statement => ({
  text: `INSERT INTO trail_message (chat_id, message_id, sent_at)
    SELECT $1::bigint, id::int, at::timestamp FROM unnest($2::text[], $3::text[]) AS entry(id, at)
    ON CONFLICT (chat_id, message_id) DO NOTHING`,
  params: [chatId, entries.map(([id]) => String(id)), entries.map(([, at]) => new Date(at).toISOString())],
});

/** The Bot API methods that put new messages in a chat. */
const SENDS = new Set([
  "sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendAudio", "sendVideo", "sendAnimation", "sendVideoNote",
  "sendSticker", "sendLocation", "sendVenue", "sendContact", "sendPoll", "sendDice", "sendMediaGroup",
  "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
]);

/** The ids of the messages a send put in a private chat (chat_id > 0), from its call and result. */
export function sentMessageIds(method: string, payload: unknown, result: unknown): { chatId: number; ids: number[] } | undefined {
  if (!SENDS.has(method)) return undefined;
  const chatId = Number((payload as { chat_id?: unknown } | undefined)?.chat_id);
  if (!Number.isSafeInteger(chatId) || chatId <= 0) return undefined;
  const items = Array.isArray(result) ? result : [result];
  const ids = items.map((item) => (item as { message_id?: unknown } | null)?.message_id).filter((id): id is number => typeof id === "number");
  return ids.length > 0 ? { chatId, ids } : undefined;
}
