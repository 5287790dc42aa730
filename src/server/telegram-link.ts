import { HttpError, type Transformer } from "grammy";
import { Counter, Gauge, type Registry } from "prom-client";
import type { Logger } from "../logger.ts";

/**
 * The bot's link to Telegram: every Bot API call passes through here, so the process knows when
 * Telegram last answered and can say so (a log line when the link breaks and when it is back, a
 * metric, /healthz `degraded` after a few minutes without an answer).
 *
 * Calls the bot cannot work without — getUpdates, getMe, setWebhook — are retried here on network
 * errors, 5xx and 429 with a short capped backoff (0.5 s doubling up to `maxDelayMs`, 5 s by
 * default), for as long as it takes: after an outage of any length the next attempt is at most
 * `maxDelayMs` away, so the first update after Telegram returns is fetched within seconds. (The
 * plugins' own retries double without a useful cap: auto-retry up to an hour, the runner's for 15
 * hours; a 200 s outage left the bot deaf for three minutes after Telegram was back.)
 * Other calls are not retried here: a failed send is the outbox relay's to retry.
 */

/** Calls retried until they succeed (or the process stops them). */
const ESSENTIAL = new Set(["getUpdates", "getMe", "setWebhook", "deleteWebhook"]);

export interface TelegramLinkOptions {
  logger: Logger;
  registry?: Registry;
  /** After this long failing without one successful call, /healthz says `degraded`. */
  degradedAfterMs?: number;
  /** First retry delay of an essential call. */
  baseDelayMs?: number;
  /** The cap: never wait longer than this between two attempts (unless Telegram's retry_after says so). */
  maxDelayMs?: number;
  now?: () => number;
}

export function describeFailure(error: unknown): string {
  if (error instanceof HttpError) {
    const cause = error.error as { code?: string; name?: string } | undefined;
    return `network: ${cause?.code ?? cause?.name ?? "error"}`;
  }
  if (error instanceof Error) return `${error.name}${(error as { code?: string }).code ? ` ${(error as { code?: string }).code}` : ""}`;
  return typeof error;
}

/** Minimal view of grammY's AbortSignal (a polyfill type on Node). */
interface Abortable {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

const sleep = (ms: number, signal?: Abortable) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new Error("aborted while waiting to retry"));
    };
    signal?.addEventListener("abort", abort, { once: true });
  });

export class TelegramLink {
  private readonly logger: Logger;
  private readonly degradedAfterMs: number;
  private readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  private readonly now: () => number;
  private lastSuccessAt: number;
  private failingSince?: number;
  private lastFailure?: string;
  private outageReported = false;
  private readonly recoveryListeners: Array<() => void> = [];
  private readonly errors?: Counter;

  constructor(options: TelegramLinkOptions) {
    this.logger = options.logger;
    this.degradedAfterMs = options.degradedAfterMs ?? 2 * 60_000;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.now = options.now ?? Date.now;
    this.lastSuccessAt = this.now();
    if (options.registry) {
      const registers = [options.registry];
      this.errors = new Counter({ name: "hromada_telegram_errors_total", help: "Bot API calls that failed (network, 5xx, 429)", labelNames: ["method"], registers });
      const link = this;
      new Gauge({
        name: "hromada_telegram_up",
        help: "1 when the last Bot API call succeeded, 0 while Telegram cannot be reached",
        registers,
        collect() {
          this.set(link.failingSince === undefined ? 1 : 0);
        },
      });
      new Gauge({
        name: "hromada_telegram_seconds_since_success",
        help: "Seconds since the last successful Bot API call",
        registers,
        collect() {
          this.set((link.now() - link.lastSuccessAt) / 1_000);
        },
      });
    }
  }

  /** Called each time the link comes back after failing (e.g. to retry the outbox at once). */
  onRecovery(listener: () => void): void {
    this.recoveryListeners.push(listener);
  }

  /** What /healthz reports; empty while Telegram answers (or has failed for less than degradedAfterMs). */
  problems(): string[] {
    if (this.failingSince === undefined) return [];
    const failingMs = this.now() - this.failingSince;
    if (failingMs < this.degradedAfterMs) return [];
    return [`telegram unreachable for ${Math.round(failingMs / 1_000)} s (${this.lastFailure ?? "unknown"})`];
  }

  get failing(): boolean {
    return this.failingSince !== undefined;
  }

  succeeded(): void {
    const now = this.now();
    this.lastSuccessAt = now;
    if (this.failingSince === undefined) return;
    const outageMs = now - this.failingSince;
    this.failingSince = undefined;
    this.outageReported = false;
    this.logger.info({ event: "telegram_reachable", outageMs }, "Telegram answers again");
    for (const listener of this.recoveryListeners) listener();
  }

  failed(method: string, reason: string): void {
    const now = this.now();
    this.errors?.inc({ method });
    this.lastFailure = `${method}: ${reason}`;
    if (this.failingSince === undefined) {
      this.failingSince = now;
      this.logger.warn({ event: "telegram_unreachable", method, error: reason }, "a Bot API call failed; retrying");
    } else if (!this.outageReported && now - this.failingSince >= this.degradedAfterMs) {
      this.outageReported = true;
      this.logger.error({ event: "telegram_outage", method, error: reason, sinceMs: now - this.failingSince }, "Telegram has not answered for minutes");
    }
  }

  /** The API transformer: watches every call, retries the essential ones with a capped backoff. */
  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      let delay = this.baseDelayMs;
      for (;;) {
        let waitMs: number;
        try {
          const result = await prev(method, payload, signal);
          // Telegram answered: a 4xx is the call's own problem, not the link's.
          if (result.ok || (result.error_code < 500 && result.error_code !== 429)) {
            this.succeeded();
            return result;
          }
          this.failed(method, `${result.error_code}`);
          if (!ESSENTIAL.has(method) || signal?.aborted) return result;
          const retryAfter = result.parameters?.retry_after;
          waitMs = typeof retryAfter === "number" ? retryAfter * 1_000 : delay;
        } catch (error) {
          if (signal?.aborted || !(error instanceof HttpError)) throw error;
          this.failed(method, describeFailure(error));
          if (!ESSENTIAL.has(method)) throw error;
          waitMs = delay;
        }
        await sleep(waitMs, signal as Abortable | undefined);
        delay = Math.min(this.maxDelayMs, delay * 2);
      }
    };
  }
}
