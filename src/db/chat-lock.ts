import type pg from "pg";
import type { Logger } from "../logger.ts";

/**
 * One update at a time per chat across every instance behind a webhook. Each instance already
 * handles a chat's updates one after another (grammY's sequentialize); but Telegram gives a webhook
 * 8 s to answer, and an update still being handled then is answered anyway while its work goes on, so
 * the chat's next update may reach another instance and read the session the first has not written
 * yet (a step of a dialogue lost, or taken twice). A PostgreSQL advisory lock per chat, held while an
 * update is handled, makes the second instance wait its turn.
 */
export interface ChatLock {
  /** Runs `handle` while holding the chat's lock (waiting for it first). */
  run<T>(chatKey: string, handle: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ChatLockOptions {
  /** How often a waiting instance asks again (pg_try_advisory_lock never blocks the shared connection). */
  pollMs?: number;
  /**
   * How long to wait before handling the update anyway. The lock is released when its holder ends
   * its update or its connection ends (a crashed instance), so only a hung update holds it this long;
   * a resident should not wait on that forever.
   */
  maxWaitMs?: number;
}

/** The first key of every lock this bot takes: PostgreSQL's advisory locks are shared with anything else on the server. */
const LOCK_NAMESPACE = 0x48_48_43; // "HHC"

/** A chat key as the second int4 key: a 32-bit FNV-1a hash (two chats sharing one only wait for each other). */
export function chatLockKey(chatKey: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < chatKey.length; i += 1) {
    hash ^= chatKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * Advisory locks on one connection of their own (session-level locks belong to a connection; the
 * Prisma pool's connections change hands). If that connection cannot be had — the database is away —
 * updates are handled without the lock, as before it existed, rather than not at all.
 */
export function postgresChatLock(connectionString: string, logger: Logger, { pollMs = 25, maxWaitMs = 30_000 }: ChatLockOptions = {}): ChatLock {
  let connection: Promise<pg.Client> | undefined;
  let closed = false;

  const connect = (): Promise<pg.Client> => {
    connection ??= (async () => {
      // Loaded here: an embedded deployment (one process, no lock) never loads the pg driver.
      const { default: driver } = await import("pg");
      const client = new driver.Client({ connectionString, connectionTimeoutMillis: 5_000 });
      // A broken connection takes its locks with it: the next update opens a new one.
      client.on("error", () => {
        connection = undefined;
      });
      client.on("end", () => {
        connection = undefined;
      });
      try {
        await client.connect();
      } catch (error) {
        connection = undefined;
        throw error;
      }
      return client;
    })();
    return connection;
  };

  // One query at a time on the connection (pg deprecates queuing on a busy client): the lock calls
  // of every chat the instance handles take turns here, each a fraction of a millisecond.
  let turn: Promise<unknown> = Promise.resolve();
  const query = <R extends pg.QueryResultRow>(client: pg.Client, sql: string, key: number): Promise<pg.QueryResult<R>> => {
    const result = turn.then(() => client.query<R>(sql, [LOCK_NAMESPACE, key]));
    turn = result.catch(() => undefined);
    return result;
  };

  const tryLock = async (key: number): Promise<boolean> => {
    const result = await query<{ locked: boolean }>(await connect(), "SELECT pg_try_advisory_lock($1, $2) AS locked", key);
    return result.rows[0]?.locked === true;
  };

  const acquire = async (key: number): Promise<pg.Client | undefined> => {
    const started = Date.now();
    for (;;) {
      if (await tryLock(key)) return connect();
      if (Date.now() - started >= maxWaitMs) return undefined;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };

  return {
    async run(chatKey, handle) {
      if (closed) return handle();
      const key = chatLockKey(chatKey);
      let holder: pg.Client | undefined;
      try {
        holder = await acquire(key);
        if (!holder) logger.warn({ event: "chat_lock_timeout", waitedMs: maxWaitMs }, "another instance held the chat's lock too long: handling the update anyway");
      } catch (error) {
        logger.warn({ event: "chat_lock_unavailable", err: error }, "could not take the chat's lock: handling the update without it");
      }
      try {
        return await handle();
      } finally {
        // Only on the connection that took it; a connection that broke meanwhile has released it already.
        if (holder && (await connection?.catch(() => undefined)) === holder) {
          await query(holder, "SELECT pg_advisory_unlock($1, $2)", key).catch(() => undefined);
        }
      }
    },
    async close() {
      closed = true;
      const client = await connection?.catch(() => undefined);
      connection = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
