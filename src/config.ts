import { z } from "zod";

/**
 * Every setting is an environment variable, read once here, validated, and passed down as a frozen
 * object. Nothing else in the code reads process.env.
 */

export const DEFAULT_DATABASE_URL = "./data/db";
export const DEFAULT_CATALOG_DIR = "./data/catalog";
export const TELEGRAM_API_ROOT = "https://api.telegram.org";

/** Updates a minute one resident may send before the bot asks them to slow down (and ignores them for a minute). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 30;
/** The same for a member of a department's staff group, who may work through many cards quickly. */
export const DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE = 120;
/** Open requests one resident may have at once. */
export const DEFAULT_MAX_OPEN_REQUESTS = 5;
/** A 🆘 request not taken is reminded after this many minutes (other requests: the department's reminderHours). */
export const DEFAULT_DANGER_REMINDER_MINUTES = 30;
/** A provider's contact chat is asked every this many days whether its details are still right. */
export const DEFAULT_FRESHNESS_DAYS = 90;
/** A partner that has not answered a referral in this many working days gives it back (issue 21). */
export const DEFAULT_REFERRAL_ANSWER_DAYS = 3;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** An empty variable (`FOO=` in .env) means "not set", so defaults apply. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const envSchema = z
  .object({
    BOT_TOKEN: optional(z.string().regex(/^\d+:[\w-]+$/, "must look like 123456789:AAE… (the token @BotFather gives you)")),
    DATABASE_URL: optional(
      z
        .string()
        .refine(
          (url) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^(postgres(ql)?|memory):\/\//i.test(url),
          "must be a folder for the embedded database (like ./data/db) or postgresql://user:password@host:5432/db",
        ),
    ).transform((url) => url ?? DEFAULT_DATABASE_URL),
    TELEGRAM_API_ROOT: optional(z.url({ error: "must be a URL like https://api.telegram.org" })).transform(
      (url) => (url ?? TELEGRAM_API_ROOT).replace(/\/+$/, ""),
    ),
    BOT_MODE: optional(z.enum(["polling", "webhook"], { error: 'must be "polling" or "webhook"' })).transform(
      (mode) => mode ?? "polling",
    ),
    WEBHOOK_URL: optional(z.url({ error: "must be the public https URL Telegram calls, like https://bot.example.org/telegram" })),
    WEBHOOK_SECRET: optional(
      z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A–Z, a–z, 0–9, _ or -"),
    ),
    PORT: optional(z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535)).transform(
      (port) => port ?? 8080,
    ),
    DEFAULT_LOCALE: optional(z.enum(["uk", "en"], { error: 'must be "uk" or "en"' })).transform(
      (locale) => locale ?? "uk",
    ),
    CATALOG_DIR: optional(z.string()).transform((dir) => dir ?? DEFAULT_CATALOG_DIR),
    SANDBOX_DIR: optional(z.string()).transform((dir) => dir ?? "./data/sandbox"),
    RETENTION_DAYS: optional(z.coerce.number({ error: "must be a number of days" }).int().min(1).max(3650)).transform(
      (days) => days ?? 90,
    ),
    DIALOGUE_TIMEOUT_MINUTES: optional(
      z.coerce.number({ error: "must be a number of minutes" }).int().min(1).max(7 * 24 * 60),
    ).transform((minutes) => minutes ?? 60),
    // Abuse limits (see src/bot/middleware/rate-limit.ts); 0 turns a rate limit off.
    RATE_LIMIT_PER_MINUTE: optional(z.coerce.number({ error: "must be a number of updates a minute (0: no limit)" }).int().min(0).max(10_000)).transform(
      (limit) => limit ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    ),
    RATE_LIMIT_STAFF_PER_MINUTE: optional(
      z.coerce.number({ error: "must be a number of updates a minute (0: no limit)" }).int().min(0).max(10_000),
    ).transform((limit) => limit ?? DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE),
    MAX_OPEN_REQUESTS: optional(z.coerce.number({ error: "must be a number of requests" }).int().min(1).max(100)).transform(
      (count) => count ?? DEFAULT_MAX_OPEN_REQUESTS,
    ),
    DANGER_REMINDER_MINUTES: optional(z.coerce.number({ error: "must be a number of minutes" }).int().min(1).max(7 * 24 * 60)).transform(
      (minutes) => minutes ?? DEFAULT_DANGER_REMINDER_MINUTES,
    ),
    FRESHNESS_DAYS: optional(z.coerce.number({ error: "must be a number of days" }).int().min(1).max(3650)).transform(
      (days) => days ?? DEFAULT_FRESHNESS_DAYS,
    ),
    REFERRAL_ANSWER_DAYS: optional(z.coerce.number({ error: "must be a number of working days" }).int().min(1).max(60)).transform(
      (days) => days ?? DEFAULT_REFERRAL_ANSWER_DAYS,
    ),
    // The outbox's sending rate (Telegram: about 30 messages a second overall) and the share of it
    // announcements may use, so replies to residents always have room (src/inbox/relay.ts).
    OUTBOX_PER_SECOND: optional(z.coerce.number({ error: "must be a number of messages a second" }).int().min(1).max(10_000)).transform(
      (rate) => rate ?? 30,
    ),
    BROADCAST_PER_SECOND: optional(z.coerce.number({ error: "must be a number of messages a second" }).int().min(1).max(10_000)).transform(
      (rate) => rate ?? 25,
    ),
    // The link to Telegram (src/server/telegram-link.ts): the longest wait between two attempts to
    // reach it, and how long it may fail before /healthz says `degraded`.
    TELEGRAM_RETRY_MAX_SECONDS: optional(z.coerce.number({ error: "must be a number of seconds" }).min(0.1).max(60)).transform(
      (seconds) => seconds ?? 5,
    ),
    TELEGRAM_DEGRADED_AFTER_SECONDS: optional(z.coerce.number({ error: "must be a number of seconds" }).min(1).max(86_400)).transform(
      (seconds) => seconds ?? 120,
    ),
    // The public report (src/report): GET /report, /report.csv, /report.json on PORT. Off by default.
    PUBLIC_REPORT: optional(z.enum(["true", "false"], { error: 'must be "true" or "false"' })).transform((on) => on === "true"),
    LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })).transform(
      (level) => level ?? "info",
    ),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE !== "webhook") return;
    for (const name of ["WEBHOOK_URL", "WEBHOOK_SECRET"] as const) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when BOT_MODE=webhook" });
    }
  });

export interface Config {
  /** Absent for commands that never talk to Telegram (migrate, catalog, search); see requireBotToken. */
  readonly botToken: string | undefined;
  readonly databaseUrl: string;
  readonly telegramApiRoot: string;
  readonly botMode: "polling" | "webhook";
  readonly webhook: { readonly url?: string; readonly secret?: string; readonly port: number };
  readonly defaultLocale: "uk" | "en";
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Folder of the sandbox (npm run sandbox, npm start without BOT_TOKEN): its database, catalogue copy, log. */
  readonly sandboxDir: string;
  /** Folder of the catalogue files, imported into the database at start-up. */
  readonly catalogDir: string;
  /** Personal data of closed requests is erased this many days after closing. */
  readonly retentionDays: number;
  /** An unfinished dialogue is dropped (with a short note) after this long without an answer. */
  readonly dialogueTimeoutMinutes: number;
  /** Updates a minute per resident, and per member of a staff group, before a flood is ignored (0: no limit). */
  readonly rateLimit: { readonly perMinute: number; readonly staffPerMinute: number };
  /** Open requests one resident may have at once. */
  readonly maxOpenRequestsPerResident: number;
  /** A 🆘 (danger) request not taken is reminded after this many minutes, sooner than the department's hours. */
  readonly dangerReminderMinutes: number;
  /** A provider's details are asked about (and listed by /stale) when not confirmed for this many days. */
  readonly freshnessDays: number;
  /** A partner silent this many working days on a referral gives it back to the department (issue 21). */
  readonly referralAnswerDays: number;
  /** Messages a second the outbox sends overall, and how many of them announcements may take. */
  readonly outbox: { readonly perSecond: number; readonly broadcastPerSecond: number };
  /** Retry cap for the calls the bot cannot work without, and the outage length that makes /healthz degraded. */
  readonly telegram: { readonly retryMaxMs: number; readonly degradedAfterMs: number };
  /** Serve the public report (anonymous figures, cells under 5 suppressed) at /report on PORT. */
  readonly publicReport: boolean;
}

/** A setting is wrong; the message is one line, fit to print as it is. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
    throw new ConfigError(lines.join("; "));
  }
  const e = parsed.data;
  return Object.freeze({
    botToken: e.BOT_TOKEN,
    databaseUrl: e.DATABASE_URL,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    botMode: e.BOT_MODE,
    webhook: Object.freeze({ url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, port: e.PORT }),
    defaultLocale: e.DEFAULT_LOCALE,
    logLevel: e.LOG_LEVEL,
    catalogDir: e.CATALOG_DIR,
    sandboxDir: e.SANDBOX_DIR,
    retentionDays: e.RETENTION_DAYS,
    dialogueTimeoutMinutes: e.DIALOGUE_TIMEOUT_MINUTES,
    rateLimit: Object.freeze({ perMinute: e.RATE_LIMIT_PER_MINUTE, staffPerMinute: e.RATE_LIMIT_STAFF_PER_MINUTE }),
    maxOpenRequestsPerResident: e.MAX_OPEN_REQUESTS,
    dangerReminderMinutes: e.DANGER_REMINDER_MINUTES,
    outbox: Object.freeze({ perSecond: e.OUTBOX_PER_SECOND, broadcastPerSecond: Math.min(e.BROADCAST_PER_SECOND, e.OUTBOX_PER_SECOND) }),
    freshnessDays: e.FRESHNESS_DAYS,
    referralAnswerDays: e.REFERRAL_ANSWER_DAYS,
    publicReport: e.PUBLIC_REPORT,
    telegram: Object.freeze({ retryMaxMs: e.TELEGRAM_RETRY_MAX_SECONDS * 1_000, degradedAfterMs: e.TELEGRAM_DEGRADED_AFTER_SECONDS * 1_000 }),
  });
}

export const MISSING_BOT_TOKEN =
  "BOT_TOKEN is not set: create a bot with @BotFather in Telegram and put its token in .env (BOT_TOKEN=123456789:AA…)";

export function requireBotToken(config: Config): string {
  if (!config.botToken) throw new ConfigError(MISSING_BOT_TOKEN);
  return config.botToken;
}
