import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { Catalog } from "./catalog/catalog.ts";
import { FreshnessService } from "./catalog/freshness.ts";
import { loadCatalogDirectory } from "./catalog/load.ts";
import { buildMatcher, withResultCache } from "./catalog/matcher/index.ts";
import { importCommunity, readCatalog } from "./catalog/store.ts";
import { requireBotToken, type Config } from "./config.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import type { Logger } from "./logger.ts";
import { RequestService } from "./requests/service.ts";
import { expireAbandonedDrafts } from "./requests/drafts.ts";
import { InboxService } from "./inbox/inbox-service.ts";
import { OutboxRelay } from "./inbox/relay.ts";
import { createOutboxDelivery } from "./bot/outbox-delivery.ts";
import { pick } from "./bot/render/text.ts";
import { pruneProcessedUpdates } from "./bot/update-dedupe.ts";
import { Metrics } from "./server/metrics.ts";
import { createHttpServer, type HttpServer } from "./server/http-server.ts";
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { BotContext, SessionData } from "./bot/context.ts";
import { createBot, SESSION_PREFIX } from "./bot/create-bot.ts";
import { SessionStore } from "./db/session-storage.ts";
import { createI18n } from "./bot/i18n.ts";

/** The composition root: everything the process runs, built from the Config, nothing global. */
export interface App {
  readonly db: Database;
  readonly bot: Bot<BotContext>;
  readonly catalog: Catalog;
  readonly requests: RequestService;
  readonly inbox: InboxService;
  readonly relay: OutboxRelay;
  readonly metrics: Metrics;
  /** Starts the outbox relay and the periodic jobs (polling or webhook is the caller's choice). */
  startBackground(): void;
  /** Long polling with @grammyjs/runner (concurrent across chats, sequential within one). */
  startPolling(): RunnerHandle;
  /** Registers the webhook with Telegram and serves it, with /healthz and /metrics, on PORT. */
  startWebhook(): Promise<HttpServer>;
  /** Only /healthz and /metrics (for polling mode), on PORT. */
  startHealthServer(): Promise<HttpServer>;
  /** Stops taking updates, lets the relay finish its round, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export interface CreateAppOptions {
  botInfo?: UserFromGetMe;
  /** An already open database (tests share one); the app then does not close it. */
  db?: Database;
  /** Relay tuning for tests (Telegram's real limits by default). */
  relay?: { groupIntervalMs?: number; pollIntervalMs?: number; baseBackoffMs?: number; maxBackoffMs?: number };
}

const REMINDER_INTERVAL_MS = 5 * 60_000;
/** How often contact chats due for a freshness question are looked for (the question itself is every FRESHNESS_DAYS). */
const FRESHNESS_INTERVAL_MS = 60 * 60_000;
/** Only what the bot handles: Telegram sends nothing else, which also keeps hostile noise out. */
const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;
const DRAFT_SWEEP_INTERVAL_MS = 60_000;
/**
 * Updates handled at once in long polling (the runner's default is 500). Nearly every update waits on
 * the database, whose pool has 10 connections: more in flight only wait in memory (a burst of 500
 * cost ~200 MB of RSS), not faster.
 */
const MAX_CONCURRENT_UPDATES = 50;
/**
 * Sessions kept in memory in long polling, where this process is the only one Telegram gives updates
 * to: the residents of the last minutes, not everyone (a session is ~30 bytes, one mid-dialogue ~1.5
 * KB; 5,000 of them ~8 MB at most). Least recently used go first, so a burst of more residents than
 * this reads each from the database again. With webhooks several instances may serve one chat, so
 * each read goes to the database.
 */
const SESSION_CACHE_SIZE = 5_000;
const RETENTION_INTERVAL_MS = 6 * 3_600_000;

export async function openMigratedDatabase(config: Config, logger: Logger): Promise<Database> {
  const db = await openDatabase(config.databaseUrl);
  try {
    const applied = await applyMigrations(db.adapterFactory);
    logger.info({ event: "migrations_applied", applied, database: db.kind }, "database is up to date");
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Makes the database's catalogue say what the files in CATALOG_DIR say (the files are the source of
 * truth), then reads it back: every instance serves the same catalogue.
 */
export async function syncCatalog(db: Database, catalogDir: string, logger: Logger): Promise<Catalog> {
  const files = loadCatalogDirectory(catalogDir);
  for (const community of files.communities) {
    const report = await importCommunity(db.prisma, { services: files.services, community });
    logger.info({ event: "catalog_synced", community: community.id, ...report }, "catalogue is up to date");
  }
  return new Catalog(await readCatalog(db.prisma));
}

export async function createApp(config: Config, logger: Logger, options: CreateAppOptions = {}): Promise<App> {
  const token = requireBotToken(config);
  const db = options.db ?? (await openMigratedDatabase(config, logger));
  const ownsDatabase = !options.db;
  try {
    const catalog = await syncCatalog(db, config.catalogDir, logger);
    const matcher = withResultCache(buildMatcher(catalog.data.services));
    const requests = new RequestService({ prisma: db.prisma, catalog, maxOpenPerResident: config.maxOpenRequestsPerResident });
    const inbox = new InboxService(db.prisma, catalog);
    const freshness = new FreshnessService(db.prisma, catalog, config.freshnessDays);
    const i18n = createI18n(config.defaultLocale);
    const staffLocale = config.defaultLocale;
    let relay: OutboxRelay | undefined;
    const metrics = new Metrics(db.prisma);
    const deps = {
      logger,
      catalog,
      matcher,
      requests,
      inbox,
      freshness,
      i18n,
      settings: { staffLocale, retentionDays: config.retentionDays, dialogueTimeoutMinutes: config.dialogueTimeoutMinutes },
    };
    const sessionStore = new SessionStore<SessionData>(db.prisma, SESSION_PREFIX, { cacheSize: config.botMode === "polling" ? SESSION_CACHE_SIZE : 0 });
    const bot = createBot({
      sessionStore,
      token,
      apiRoot: config.telegramApiRoot,
      prisma: db.prisma,
      i18n,
      deps,
      botInfo: options.botInfo,
      afterUpdate: () => relay?.wake(),
      observe: metrics.middleware(),
      dedupe: config.botMode === "webhook",
      rateLimit: config.rateLimit,
    });
    relay = new OutboxRelay({
      prisma: db.prisma,
      logger,
      deliver: createOutboxDelivery({ api: bot.api, prisma: db.prisma, i18n, catalog, inbox, freshness, staffLocale, logger }),
      ...options.relay,
      // A staff group that cannot be reached is reported in the general department's group.
      onUnreachable: async (message, error) => {
        if (message.chatId >= 0n || message.requestId === null) return;
        const request = await inbox.requestById(message.requestId);
        const general = request ? catalog.generalDepartment(request.communityId) : undefined;
        if (!request || !general?.chatId || BigInt(general.chatId) === message.chatId) return;
        const department = inbox.departmentsOfChat(Number(message.chatId))[0];
        await db.prisma.outboxMessage.create({
          data: {
            chatId: BigInt(general.chatId),
            kind: "staff-alert",
            payload: { department: pick(department ? inbox.department(department.key)?.name : undefined, staffLocale) ?? String(message.chatId), error },
          },
        });
      },
    });
    const timers: NodeJS.Timeout[] = [];
    let stopping: Promise<void> | undefined;
    let runner: RunnerHandle | undefined;
    let httpServer: HttpServer | undefined;
    const webhookPath = config.webhook.url ? new URL(config.webhook.url).pathname : "/telegram";
    return {
      db,
      bot,
      catalog,
      requests,
      inbox,
      relay,
      metrics,
      startPolling() {
        runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } }, sink: { concurrency: MAX_CONCURRENT_UPDATES } });
        return runner;
      },
      async startHealthServer() {
        httpServer = createHttpServer({ db, metrics, logger });
        await httpServer.listen(config.webhook.port);
        return httpServer;
      },
      async startWebhook() {
        httpServer = createHttpServer({ db, metrics, logger, webhook: { handleUpdate: (update) => bot.handleUpdate(update), path: webhookPath, secret: config.webhook.secret! } });
        await bot.init();
        await httpServer.listen(config.webhook.port);
        await bot.api.setWebhook(config.webhook.url!, { secret_token: config.webhook.secret!, allowed_updates: ALLOWED_UPDATES });
        logger.info({ event: "webhook_started", path: webhookPath, port: config.webhook.port }, "webhook server is running");
        return httpServer;
      },
      startBackground() {
        relay!.start();
        const remind = () =>
          inbox
            .queueReminders(new Date())
            .then((count) => (count > 0 ? relay!.wake() : undefined))
            .catch((error: unknown) => logger.error({ event: "reminders_failed", err: error }, "could not queue reminders"));
        timers.push(setInterval(remind, REMINDER_INTERVAL_MS));
        // Providers' contact chats are asked whether their details are still right (FRESHNESS_DAYS).
        const askFreshness = () =>
          freshness
            .queueQuestions(new Date())
            .then((count) => (count > 0 ? relay!.wake() : undefined))
            .catch((error: unknown) => logger.error({ event: "freshness_questions_failed", err: error }, "could not queue freshness questions"));
        void askFreshness();
        timers.push(setInterval(askFreshness, FRESHNESS_INTERVAL_MS));
        const expireDrafts = () =>
          expireAbandonedDrafts(db.prisma, new Date(Date.now() - config.dialogueTimeoutMinutes * 60_000))
            .then((expired) => {
              sessionStore.forget(expired);
              if (expired.length === 0) return;
              logger.info({ event: "drafts_expired", count: expired.length }, "abandoned dialogues expired");
              relay!.wake();
            })
            .catch((error: unknown) => logger.error({ event: "drafts_expiry_failed", err: error }, "could not expire dialogues"));
        timers.push(setInterval(expireDrafts, DRAFT_SWEEP_INTERVAL_MS));
        const retention = () =>
          requests
            .eraseClosedBefore(new Date(Date.now() - config.retentionDays * 86_400_000))
            .then((count) => count > 0 && logger.info({ event: "retention_erased", count }, "erased personal data past retention"))
            .catch((error: unknown) => logger.error({ event: "retention_failed", err: error }, "could not apply retention"));
        void retention();
        timers.push(setInterval(() => void pruneProcessedUpdates(db.prisma).catch(() => undefined), 3_600_000));
        timers.push(setInterval(retention, RETENTION_INTERVAL_MS));
      },
      stop() {
        stopping ??= (async () => {
          for (const timer of timers) clearInterval(timer);
          // Stop taking updates first, let those in flight finish, then flush the outbox round.
          if (runner?.isRunning()) await runner.stop();
          if (bot.isRunning()) await bot.stop();
          await httpServer?.close();
          await relay!.stop();
          if (ownsDatabase) await db.close();
          logger.info({ event: "stopped" }, "stopped cleanly");
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
}
