import { Composer, type Middleware, type MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

/**
 * Per-person rate limit. Each person has a bucket of `perMinute` updates that refills steadily; a flood
 * that empties it gets one polite "slow down" and is then ignored for `cooldownMs`, without a database
 * read or a reply. Kept in memory: it protects one instance (each instance of several has its own).
 *
 * - Private chats: RATE_LIMIT_PER_MINUTE per resident; the notice is a message (or, for a button, a
 *   short alert on the button).
 * - Department staff groups: RATE_LIMIT_STAFF_PER_MINUTE per member; staff work through many cards
 *   quickly. Any other group: the resident limit. In groups a flood is dropped silently: a notice
 *   would itself be noise in the group.
 * - 0 turns a limit off.
 */

export interface RateLimitSettings {
  perMinute: number;
  staffPerMinute: number;
}

export interface RateLimitOptions extends RateLimitSettings {
  /** Is this chat a department's staff group? */
  isStaffChat: (chatId: number) => boolean;
  /** Runs before the notice is sent (the session and i18n), so it speaks the resident's language. */
  notice: Array<Middleware<BotContext>>;
  /** How long a flood is ignored after the notice (default a minute). */
  cooldownMs?: number;
  now?: () => number;
}

export type Verdict = "pass" | "notify" | "drop";

interface Bucket {
  tokens: number;
  at: number;
  blockedUntil: number;
}

/** The buckets, by person (and chat, in groups). Plain logic, no Telegram: see test/security/rate-limit.test.ts. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private hits = 0;

  constructor(private readonly cooldownMs = 60_000) {}

  hit(key: string, perMinute: number, now: number): Verdict {
    if (perMinute <= 0) return "pass";
    this.hits += 1;
    if (this.hits % 1_000 === 0) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now, blockedUntil: 0 };
    this.buckets.set(key, bucket);
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);
    bucket.at = now;
    if (now < bucket.blockedUntil) return "drop";
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return "pass";
    }
    bucket.blockedUntil = now + this.cooldownMs;
    return "notify";
  }

  /** How many people are remembered (memory stays bounded: idle buckets are forgotten). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now >= bucket.blockedUntil && now - bucket.at > 2 * 60_000) this.buckets.delete(key);
    }
  }
}

/** Whose bucket an update counts against, and its size: a resident in private, a member of a group. */
export function bucketOf(
  chat: { id: number; type: string },
  fromId: number | undefined,
  options: RateLimitSettings & Pick<RateLimitOptions, "isStaffChat">,
): { key: string; perMinute: number; privateChat: boolean; staffChat: boolean } {
  const privateChat = chat.type === "private";
  const staffChat = !privateChat && options.isStaffChat(chat.id);
  return {
    key: privateChat ? `u:${fromId ?? chat.id}` : `g:${chat.id}:${fromId ?? "-"}`,
    perMinute: staffChat ? options.staffPerMinute : options.perMinute,
    privateChat,
    staffChat,
  };
}

export function rateLimit(options: RateLimitOptions): MiddlewareFn<BotContext> {
  const limiter = new RateLimiter(options.cooldownMs);
  const now = options.now ?? Date.now;
  const notice = new Composer<BotContext>(...options.notice).middleware();
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat) return next();
    const { key, perMinute, privateChat, staffChat } = bucketOf(chat, ctx.from?.id, options);
    const verdict = limiter.hit(key, perMinute, now());
    if (verdict === "pass") return next();
    if (verdict === "drop") return;
    ctx.deps.logger.warn({ event: "rate_limited", chat: chat.id, user: ctx.from?.id, staffChat }, "too many updates: ignored for a while");
    if (!privateChat) return;
    await notice(ctx, async () => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("rate-limited"), show_alert: true });
      else await ctx.reply(ctx.t("rate-limited"));
    });
  };
}
