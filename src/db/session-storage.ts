import type { StorageAdapter } from "grammy";
import type { PrismaClient } from "./client.ts";
import { sqlOf, type Sql, type Statement } from "./sql.ts";
import { GATHER_MS, othersUnderWay, wait } from "./gathering.ts";

/** Reads remembered to skip writing back a value that did not change; bounded, never used for reads. */
const MAX_REMEMBERED = 10_000;

/** One statement writes a session: its row made or replaced. */
const WRITE = `INSERT INTO session_record (key, value, updated_at) VALUES ($1, $2::jsonb, now())
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;

/** A session's write as a statement to send with others (SessionStore.pendingWrite). */
export interface PendingSessionWrite {
  statement: Statement;
  /** Call once the statement committed: the update's own write at its end is then skipped, unless the session changed again. */
  written(): void;
}

export interface SessionStoreOptions {
  /**
   * Sessions also kept in memory, at most this many (least recently used go first); 0 keeps none.
   * Only for a process that is the only one handling updates — long polling, where Telegram hands
   * updates to one consumer. With webhooks behind a load balancer another instance may change a
   * chat's session, so every read goes to the database.
   */
  cacheSize?: number;
}

/**
 * grammY session storage in the database (table session_record), so a resident's choices and their
 * unfinished dialogue survive a restart and are seen by every instance. Each store has its own key
 * prefix. A session that an update did not change is not written back (most updates only read it).
 * With a cache (see SessionStoreOptions) a session is read from the database once, then kept, and
 * every change is still written through before the update ends.
 */
export class SessionStore<T> {
  /** Cached sessions as JSON, by storage key, least recently used first; or the last reads (no cache). */
  private readonly known = new Map<string, string>();
  private readonly cacheSize: number;
  /** Every dialogue update writes its session: through the driver, not Prisma's client (src/db/sql.ts). */
  private readonly sql: Sql;

  /** Session writes of several chats at once, sent together (GroupedWrites). */
  private readonly writes: GroupedWrites;

  constructor(
    prisma: PrismaClient,
    private readonly prefix: string,
    { cacheSize = 0 }: SessionStoreOptions = {},
  ) {
    this.cacheSize = cacheSize;
    this.sql = sqlOf(prisma);
    this.writes = new GroupedWrites(this.sql);
  }

  /** The database key of a session key (a chat id): `session:<chat id>`. */
  keyOf(key: string): string {
    return `${this.prefix}:${key}`;
  }

  /** Drops copies of rows changed behind the store's back (the abandoned-dialogue sweeper), by database key. */
  forget(databaseKeys: Iterable<string>): void {
    for (const databaseKey of databaseKeys) {
      if (databaseKey.startsWith(`${this.prefix}:`)) this.known.delete(databaseKey.slice(this.prefix.length + 1));
    }
  }

  /** Number of sessions held in memory (for tests and /metrics). */
  get cached(): number {
    return this.cacheSize > 0 ? this.known.size : 0;
  }

  private remember(key: string, json: string): void {
    this.known.delete(key);
    const limit = this.cacheSize > 0 ? this.cacheSize : MAX_REMEMBERED;
    if (this.known.size >= limit) {
      if (this.cacheSize > 0) this.known.delete(this.known.keys().next().value!);
      else this.known.clear();
    }
    this.known.set(key, json);
  }

  /** Whether a batch is one round trip on this database (PGlite, PostgreSQL through the driver): then a session write is worth folding into another statement's. */
  get batchIsOneRoundTrip(): boolean {
    return this.sql.batchIsOneRoundTrip;
  }

  /**
   * The session's write, now, as a statement to run with an update's other statements in one round
   * trip and transaction (Sql.batch: the request's, which ends the dialogue): a crash cannot separate
   * them. grammY still writes the session when the update ends, but only if it changed after this.
   */
  pendingWrite(key: string, value: T): PendingSessionWrite {
    const json = JSON.stringify(value);
    return {
      statement: { text: WRITE, params: [this.keyOf(key), json] },
      written: () => this.remember(key, json),
    };
  }

  adapter(): StorageAdapter<T> {
    return {
      read: async (key) => {
        if (this.cacheSize > 0) {
          const cached = this.known.get(key);
          if (cached !== undefined) {
            this.remember(key, cached); // most recently used now
            return JSON.parse(cached) as T;
          }
        }
        const [row] = await this.sql.query<{ value: string }>("SELECT value::text AS value FROM session_record WHERE key = $1", [this.keyOf(key)]);
        if (!row) return undefined;
        // Remembered as the text the next write compares with (jsonb's text is not JSON.stringify's).
        const value = JSON.parse(row.value) as T;
        this.remember(key, JSON.stringify(value));
        return value;
      },
      write: async (key, value) => {
        const json = JSON.stringify(value);
        const unchanged = this.known.get(key) === json;
        if (this.cacheSize === 0) this.known.delete(key);
        if (unchanged) return;
        // One statement (Prisma's upsert is a read and a write in a transaction: three round trips).
        await this.writes.write({ text: WRITE, params: [this.keyOf(key), json] });
        if (this.cacheSize > 0) this.remember(key, json);
      },
      delete: async (key) => {
        this.known.delete(key);
        await this.sql.query("DELETE FROM session_record WHERE key = $1", [this.keyOf(key)]);
      },
    };
  }
}

/**
 * Session writes of several chats go together, as one batch (one round trip and one commit): while
 * other updates are under way (src/db/gathering.ts) a write waits `gatherMs` for the writes of other
 * chats, and those that come while a batch is on its way go in the next. A batch of several costs far less than its writes one by one: on PGlite, whose
 * statements run in this thread, each call has a fixed cost and is entered cold between the bot's
 * other work; on PostgreSQL, a round trip each. With 32 residents at once (bench:updates, session 14)
 * a typed search's CPU fell from ~1.0 to ~0.5 ms on PGlite, and its throughput ÷ the bare echo's from
 * 0.24 to 0.45–0.54 (PostgreSQL 0.44 → 0.51–0.58); dialogue updates 0.21 → 0.29–0.30 on PGlite.
 * Without the wait, writes met only on PostgreSQL (1,920 writes in 459 batches, session 12), never on
 * PGlite. The update still ends only once its write committed: nothing is less durable, and a
 * resident alone waits for nothing.
 * A write resolves only once its batch committed. A batch that fails is run again one write at a
 * time, so each write fails or succeeds on its own, as if sent alone (a session write is the whole
 * value, so writing it again is harmless; a chat's next write waits for this one: sequentialize).
 */
const MAX_GROUP = 64;
const compareKeys = (a: Statement, b: Statement) => {
  const [x, y] = [String(a.params[0]), String(b.params[0])];
  return x < y ? -1 : x > y ? 1 : 0;
};

export class GroupedWrites {
  private waiting: Array<{ statement: Statement; resolve: () => void; reject: (error: unknown) => void }> = [];
  private busy = false;
  private readonly gatherMs: number;
  private readonly othersComing: () => boolean;

  constructor(
    private readonly sql: Sql,
    { gatherMs = GATHER_MS, othersComing = othersUnderWay }: { gatherMs?: number; othersComing?: () => boolean } = {},
  ) {
    this.gatherMs = gatherMs;
    this.othersComing = othersComing;
  }

  write(statement: Statement): Promise<void> {
    if (!this.sql.batchIsOneRoundTrip) return this.sql.query(statement.text, statement.params).then(() => undefined);
    return new Promise((resolve, reject) => {
      this.waiting.push({ statement, resolve, reject });
      if (this.busy) return;
      this.busy = true;
      if (this.gatherMs > 0 && this.othersComing()) wait(() => void this.send(), this.gatherMs);
      else void this.send();
    });
  }

  private async send(): Promise<void> {
    while (this.waiting.length > 0) {
      // In the order of their keys: two instances' batches then never wait for each other in a circle.
      // Against a statement that locks many rows in another order (the drafts sweeper's UPDATE) a
      // deadlock stays possible; PostgreSQL ends it, and the batch is run again write by write.
      const group = this.waiting.splice(0, MAX_GROUP).sort((a, b) => compareKeys(a.statement, b.statement));
      try {
        const statements = group.map(({ statement }) => statement);
        await (this.sql.batchNow ? this.sql.batchNow(statements) : this.sql.batch(statements));
        for (const { resolve } of group) resolve();
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else
          for (const { statement, resolve, reject } of group) {
            await this.sql.query(statement.text, statement.params).then(() => resolve(), reject);
          }
      }
    }
    this.busy = false;
  }
}
