import { performance } from "node:perf_hooks";
import type { PrismaClient } from "../db/client.ts";
import { sqlOf } from "../db/sql.ts";
import type { OutboxMessage } from "../generated/prisma/client.ts";
import type { Logger } from "../logger.ts";

/**
 * Delivers the outbox: every message about a request, to a staff group or a resident, was written in
 * the same transaction as the change that caused it; this relay sends them.
 *
 * - In order per chat: only the oldest pending message of a chat is ever claimed.
 * - Within Telegram's limits: about 20 messages a minute to a group, 30 a second overall.
 * - Announcements (rows of priority > 0, one per recipient) go only when no other message is due, a
 *   few at a time, within their own share of the rate (broadcastPerSecond): a broadcast never delays
 *   a reply to a resident by more than one small batch.
 * - Retries 429 (after its retry_after, however long), 5xx and network errors with exponential
 *   backoff capped at seconds (20 s), and at once when the Telegram link comes back (retryNow).
 * - Several instances may run relays on one PostgreSQL: a claim locks the row (FOR UPDATE SKIP
 *   LOCKED) and leases it, so two instances never send the same message.
 * - A chat that can never be reached keeps its messages (retried rarely) and raises an alert.
 * - Records each attempt before it sends (sending_at), and clears it with the outcome: a row claimed
 *   with sending_at still set had an attempt whose outcome is unknown (the process was killed after
 *   Telegram accepted the message, or the connection broke after sending). Telegram has no
 *   idempotency key, so such a message may arrive twice: `deliver` is told (`uncertain`), and a
 *   re-sent card says it may be a copy (the first copy is recognised when staff use it, see
 *   src/bot/features/card-copies.ts).
 */

export type DeliveryResult =
  | { outcome: "sent" }
  /**
   * Try again later: Telegram said 429, or 5xx, or the network failed. `uncertain`: the request may
   * have reached Telegram (a connection reset or a timeout after sending), so it may have been sent.
   */
  | { outcome: "retry"; afterMs?: number; error: string; uncertain?: boolean }
  /** This chat cannot be reached now (bot blocked, removed, chat gone): keep the message, alert, retry rarely. */
  | { outcome: "unreachable"; error: string }
  /** The message itself can never be sent (its request is gone): stop trying. */
  | { outcome: "drop"; error: string };

/** What the relay knows of earlier attempts at a message. */
export interface DeliveryAttempt {
  /** An earlier attempt may have reached Telegram: this send may make a second copy. */
  uncertain: boolean;
}

export type Deliver = (message: OutboxMessage, attempt?: DeliveryAttempt) => Promise<DeliveryResult>;

export interface RelayOptions {
  prisma: PrismaClient;
  deliver: Deliver;
  logger: Logger;
  /** Called once per unreachable chat per alert interval (e.g. to tell the general department). */
  onUnreachable?: (message: OutboxMessage, error: string) => Promise<void>;
  /** Called after each message is sent (e.g. to clear an alert about its chat). */
  onSent?: (message: OutboxMessage) => void;
  /** Minimum gap between two messages to one group chat (Telegram: ~20 a minute). */
  groupIntervalMs?: number;
  /** Overall sending rate (Telegram: ~30 a second). */
  perSecond?: number;
  /** Announcements' share of the overall rate: the rest stays free for requests' own messages. */
  broadcastPerSecond?: number;
  pollIntervalMs?: number;
  /**
   * Wakes that come within this long of a round that found nothing are one round, at the end of it:
   * the bot wakes the relay after every update (it cannot tell which wrote to the outbox), and a round
   * is two queries even when nothing is queued, on the database every update waits for.
   */
  wakeCoalesceMs?: number;
  leaseMs?: number;
  /** First retry delay after a 5xx or network error; doubles with each attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  unreachableRetryMs?: number;
  /**
   * A resident hears nothing from the outbox about a request younger than this: its acknowledgement
   * («прийнято», sent while the request is made, retried for up to 5 s on a 429) comes first, so a
   * quick «у роботі» never overtakes it.
   */
  acknowledgementGraceMs?: number;
  /**
   * Release every lease at the first round: right for the embedded database, which only this process
   * can open, so a lease left by a killed process is void (no need to wait leaseMs for it to lapse).
   */
  releaseLeasesAtStart?: boolean;
  now?: () => number;
}

/**
 * A claimed row as the driver returns it (the id as text: portable across PGlite and pg). The claims
 * go through the driver (src/db/sql.ts), not Prisma's client: the relay polls every pollIntervalMs,
 * most rounds find nothing, and an empty round's two raw queries cost ~10 ms of CPU on PGlite
 * through Prisma, under 1 ms as the driver's prepared statements.
 */
interface ClaimedRow {
  id: string;
  /** Claimed before (sending_at set): that attempt may have reached Telegram. */
  uncertain: boolean;
}

export class OutboxRelay {
  private readonly prisma: PrismaClient;
  private readonly deliver: Deliver;
  private readonly logger: Logger;
  private readonly options: Required<Omit<RelayOptions, "prisma" | "deliver" | "logger" | "onUnreachable" | "onSent" | "releaseLeasesAtStart">>;
  private readonly onSent?: RelayOptions["onSent"];
  private releaseLeases: boolean;
  private readonly onUnreachable?: RelayOptions["onUnreachable"];
  private readonly nextGroupSendAt = new Map<string, number>();
  private readonly alertedAt = new Map<string, number>();
  private sentTimes: number[] = [];
  private broadcastTimes: number[] = [];
  /** After a 429 on an announcement, no announcement goes before Telegram's retry_after has passed. */
  private broadcastPausedUntil = 0;
  private timer?: NodeJS.Timeout;
  /** When the timer fires (performance.now(), as timers run, whatever options.now says). */
  private timerAt = Infinity;
  /** When the last round that found nothing to send ended. */
  private emptyRoundAt = -Infinity;
  private running = false;
  private draining?: Promise<void>;
  private wakeRequested = false;

  constructor(options: RelayOptions) {
    this.prisma = options.prisma;
    this.deliver = options.deliver;
    this.logger = options.logger;
    this.onUnreachable = options.onUnreachable;
    this.onSent = options.onSent;
    this.releaseLeases = options.releaseLeasesAtStart ?? false;
    this.options = {
      groupIntervalMs: options.groupIntervalMs ?? 3_000,
      perSecond: options.perSecond ?? 30,
      broadcastPerSecond: Math.min(options.broadcastPerSecond ?? 25, options.perSecond ?? 30),
      pollIntervalMs: options.pollIntervalMs ?? 500,
      wakeCoalesceMs: options.wakeCoalesceMs ?? 200,
      leaseMs: options.leaseMs ?? 60_000,
      baseBackoffMs: options.baseBackoffMs ?? 1_000,
      // Seconds, not minutes: after an outage the outbox must catch up as soon as Telegram is back.
      maxBackoffMs: options.maxBackoffMs ?? 20_000,
      unreachableRetryMs: options.unreachableRetryMs ?? 15 * 60_000,
      acknowledgementGraceMs: options.acknowledgementGraceMs ?? 15_000,
      now: options.now ?? Date.now,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the round in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  /**
   * Asks for a round soon (after a change that may have written to the outbox): at once, or, within
   * wakeCoalesceMs of a round that found nothing, when that time is up: a burst of updates that queue
   * nothing costs a round every wakeCoalesceMs instead of one each, and what one of them did queue
   * waits that long at most.
   */
  wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(this.wakeDelay(), true);
  }

  private wakeDelay(): number {
    return Math.max(0, this.emptyRoundAt + this.options.wakeCoalesceMs - performance.now());
  }

  /**
   * Makes messages that wait after a network error or a 5xx due now (Telegram answers again); a 429's
   * retry_after and an unreachable chat's long wait stand. Returns how many.
   */
  async retryNow(): Promise<number> {
    const now = new Date(this.options.now());
    const count = await this.prisma.$executeRaw`
      UPDATE outbox_message SET available_at = ${now}
      WHERE status = 'pending' AND available_at > ${now}
        AND (last_error LIKE 'network:%' OR last_error ~ '^5[0-9][0-9]')`;
    if (count > 0) this.wake();
    return count;
  }

  /** Sets the next round `delayMs` from now; `sooner`: unless one is due sooner already. */
  private schedule(delayMs: number, sooner = false): void {
    const at = performance.now() + delayMs;
    if (sooner && this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.draining = this.round()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ event: "outbox_round_failed", err: error }, "outbox round failed"))
        .finally(() => {
          this.draining = undefined;
          if (!this.running) return;
          const again = this.wakeRequested;
          this.wakeRequested = false;
          this.schedule(again ? this.wakeDelay() : this.options.pollIntervalMs);
        });
    }, delayMs);
  }

  /** One pass: claim the head message of each ready chat, send them, record outcomes. Returns how many were sent. */
  async round(): Promise<number> {
    if (this.releaseLeases) {
      this.releaseLeases = false;
      await this.prisma.$executeRaw`UPDATE outbox_message SET locked_until = NULL WHERE status = 'pending' AND locked_until IS NOT NULL`;
    }
    let sentTotal = 0;
    // Keep going while there is work: each pass sends at most one message per chat.
    for (let pass = 0; pass < 50; pass += 1) {
      let claimed = await this.claim();
      // Nothing of a request's is due: a small batch of an announcement (a tenth of a second's worth,
      // at most 50), so a reply written meanwhile waits for one small batch at most.
      if (claimed.length === 0 && this.options.now() >= this.broadcastPausedUntil) {
        claimed = await this.claimBroadcast(Math.min(50, Math.max(1, Math.ceil(this.options.broadcastPerSecond / 10))));
      }
      if (claimed.length === 0) {
        if (pass === 0) this.emptyRoundAt = performance.now();
        break;
      }
      const results = await Promise.all(claimed.map(({ message, uncertain }) => this.process(message, uncertain)));
      const sent = results.filter(Boolean).length;
      sentTotal += sent;
      // (An announcement batch may have gone only to residents who blocked the bot: its next one goes on.)
      if (sent === 0 && !claimed.some(({ message }) => message.priority > 0)) break;
      // Still busy after the last pass (a long broadcast): the next round follows at once.
      if (pass === 49) this.wakeRequested = true;
    }
    return sentTotal;
  }

  private async claim(): Promise<Array<{ message: OutboxMessage; uncertain: boolean }>> {
    const now = new Date(this.options.now());
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const blockedChats = [...this.nextGroupSendAt].filter(([, at]) => at > now.getTime()).map(([chat]) => chat);
    const acknowledgedBefore = new Date(now.getTime() - this.options.acknowledgementGraceMs);
    const rows = await sqlOf(this.prisma).query<ClaimedRow>(
      `WITH heads AS (
        SELECT DISTINCT ON (chat_id) id FROM outbox_message
        WHERE status = 'pending' AND priority = 0
        ORDER BY chat_id, id
      ),
      ready AS (
        SELECT o.id, o.sending_at AS previous FROM outbox_message o JOIN heads h ON h.id = o.id
        WHERE o.available_at <= $1::timestamp
          AND (o.locked_until IS NULL OR o.locked_until < $1::timestamp)
          AND NOT (o.chat_id::text = ANY($3::text[]))
          AND NOT (o.chat_id > 0 AND o.kind LIKE 'resident-%' AND EXISTS (
            SELECT 1 FROM help_request r WHERE r.id = o.request_id AND r.created_at > $4::timestamp))
        ORDER BY o.id
        LIMIT 100
        FOR UPDATE OF o SKIP LOCKED
      )
      UPDATE outbox_message o SET locked_until = $2::timestamp, sending_at = $1::timestamp
      FROM ready WHERE o.id = ready.id AND o.status = 'pending'
        AND (o.locked_until IS NULL OR o.locked_until < $1::timestamp)
      RETURNING o.id::text AS id, ready.previous IS NOT NULL AS uncertain`,
      [now.toISOString(), leaseUntil.toISOString(), blockedChats, acknowledgedBefore.toISOString()],
    );
    return this.claimed(rows);
  }

  /** The claimed rows' messages, oldest first, each marked when an earlier attempt may have gone out. */
  private async claimed(rows: ClaimedRow[]): Promise<Array<{ message: OutboxMessage; uncertain: boolean }>> {
    if (rows.length === 0) return [];
    const uncertain = new Set(rows.filter((row) => row.uncertain).map((row) => BigInt(row.id)));
    const messages = await this.prisma.outboxMessage.findMany({ where: { id: { in: rows.map((row) => BigInt(row.id)) } }, orderBy: { id: "asc" } });
    return messages.map((message) => ({ message, uncertain: uncertain.has(message.id) }));
  }

  /** Announcement rows due now, oldest first, claimed (leased) as the head messages are. */
  private async claimBroadcast(limit: number): Promise<Array<{ message: OutboxMessage; uncertain: boolean }>> {
    const now = new Date(this.options.now());
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const rows = await sqlOf(this.prisma).query<ClaimedRow>(
      `WITH ready AS (
        SELECT id, sending_at AS previous FROM outbox_message
        WHERE status = 'pending' AND priority > 0 AND available_at <= $1::timestamp
          AND (locked_until IS NULL OR locked_until < $1::timestamp)
        ORDER BY priority, id
        LIMIT $3::int
        FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox_message o SET locked_until = $2::timestamp, sending_at = $1::timestamp
      FROM ready WHERE o.id = ready.id AND o.status = 'pending'
      RETURNING o.id::text AS id, ready.previous IS NOT NULL AS uncertain`,
      [now.toISOString(), leaseUntil.toISOString(), limit],
    );
    return this.claimed(rows);
  }

  /** Waits for a slot within the overall rate (and, for an announcement, within its share). */
  private async throttle(broadcast = false): Promise<void> {
    for (;;) {
      const now = this.options.now();
      this.sentTimes = this.sentTimes.filter((at) => now - at < 1_000);
      this.broadcastTimes = this.broadcastTimes.filter((at) => now - at < 1_000);
      const full = this.sentTimes.length >= this.options.perSecond;
      const shareFull = broadcast && this.broadcastTimes.length >= this.options.broadcastPerSecond;
      if (!full && !shareFull) {
        this.sentTimes.push(now);
        if (broadcast) this.broadcastTimes.push(now);
        return;
      }
      const oldest = shareFull && !full ? this.broadcastTimes[0]! : this.sentTimes[0]!;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, 1_000 - (now - oldest))));
    }
  }

  private async process(message: OutboxMessage, uncertain: boolean): Promise<boolean> {
    await this.throttle(message.priority > 0);
    if (uncertain) {
      this.logger.warn({ event: "outbox_uncertain_resend", outbox: message.id.toString(), kind: message.kind, attempts: message.attempts }, "an earlier attempt may have been sent; sending again");
    }
    let result: DeliveryResult;
    try {
      result = await this.deliver(message, { uncertain });
    } catch (error) {
      result = { outcome: "retry", error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    const chat = message.chatId.toString();
    const now = this.options.now();
    if (message.chatId < 0n) this.nextGroupSendAt.set(chat, now + this.options.groupIntervalMs);
    switch (result.outcome) {
      case "sent":
        // Through the driver (see ClaimedRow): one statement per message sent, 10,000 in a broadcast.
        await sqlOf(this.prisma).query(
          `UPDATE outbox_message SET status = 'sent', sent_at = $2::timestamp, locked_until = NULL, sending_at = NULL, attempts = attempts + 1${
            // A handed-over reply carries its text: not kept once sent.
            message.kind === "direct-reply" ? ", payload = '{}'::jsonb" : ""
          } WHERE id = $1::bigint`,
          [message.id.toString(), new Date(now).toISOString()],
        );
        this.alertedAt.delete(chat);
        this.onSent?.(message);
        return true;
      case "drop":
        this.logger.warn({ event: "outbox_dropped", outbox: message.id.toString(), kind: message.kind, error: result.error }, "outbox message cannot be sent");
        await this.prisma.outboxMessage.update({
          where: { id: message.id },
          data: { status: "dead", lastError: result.error.slice(0, 500), lockedUntil: null, sendingAt: null, attempts: { increment: 1 } },
        });
        return false;
      case "retry": {
        const backoff = result.afterMs ?? Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** Math.min(message.attempts, 16));
        if (message.priority > 0 && result.error.startsWith("429")) this.broadcastPausedUntil = Math.max(this.broadcastPausedUntil, now + backoff);
        this.logger.warn(
          { event: "outbox_retry", outbox: message.id.toString(), kind: message.kind, attempts: message.attempts + 1, backoffMs: backoff, error: result.error },
          "outbox delivery will be retried",
        );
        await this.prisma.outboxMessage.update({
          where: { id: message.id },
          data: {
            availableAt: new Date(now + backoff),
            lockedUntil: null,
            attempts: { increment: 1 },
            lastError: result.error.slice(0, 500),
            // Kept when the message may have gone out: the next attempt is told it may make a copy.
            ...(result.uncertain || uncertain ? {} : { sendingAt: null }),
          },
        });
        return false;
      }
      case "unreachable": {
        this.logger.error({ event: "outbox_unreachable", chat, kind: message.kind, error: result.error }, "a chat cannot be reached; its messages are kept");
        await this.prisma.outboxMessage.update({
          where: { id: message.id },
          data: { availableAt: new Date(now + this.options.unreachableRetryMs), lockedUntil: null, sendingAt: null, attempts: { increment: 1 }, lastError: result.error.slice(0, 500) },
        });
        const last = this.alertedAt.get(chat) ?? 0;
        if (this.onUnreachable && now - last > this.options.unreachableRetryMs) {
          this.alertedAt.set(chat, now);
          await this.onUnreachable(message, result.error).catch((error: unknown) =>
            this.logger.error({ event: "alert_failed", err: error }, "could not raise the unreachable-chat alert"),
          );
        }
        return false;
      }
    }
  }
}
