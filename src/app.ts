import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { Catalog } from "./catalog/catalog.ts";
import { FreshnessService } from "./catalog/freshness.ts";
import { DepartmentReports } from "./exports/department-reports.ts";
import { ConsentService } from "./requests/consent.ts";
import { loadCatalogDirectory } from "./catalog/load.ts";
import { buildMatcher, withResultCache, type Matcher } from "./catalog/matcher/index.ts";
import { importCommunity, readCatalog } from "./catalog/store.ts";
import { catalogChecksum, forgetCatalogChecksum, importedCatalogChecksum, recordCatalogChecksum } from "./catalog/checksum.ts";
import { situationsForCatalog } from "./catalog/situations.ts";
import { requireBotToken, type Config } from "./config.ts";
import type { Database } from "./db/client.ts";
import { openMigratedDatabase } from "./db/open.ts";
import type { Logger } from "./logger.ts";
import { RequestService } from "./requests/service.ts";
import { warmDangerSignals } from "./requests/danger.ts";
import { expireAbandonedDrafts } from "./requests/drafts.ts";
import { applyChatMigrations, InboxService } from "./inbox/inbox-service.ts";
import { OutboxRelay } from "./inbox/relay.ts";
import { createOutboxDelivery } from "./bot/outbox-delivery.ts";
import { trailTransformer } from "./bot/features/hide.ts";
import { HideTrail } from "./requests/hide-trail.ts";
import { handOverRateLimitedReplies } from "./bot/reply-handover.ts";
import { pick } from "./bot/render/text.ts";
import { pruneProcessedUpdates } from "./bot/update-dedupe.ts";
import { postgresChatLock } from "./db/chat-lock.ts";
import { Metrics } from "./server/metrics.ts";
import { createHttpServer, type HttpServer } from "./server/http-server.ts";
import type { ReportPublisher } from "./report/publish.ts";
import { Health } from "./server/health.ts";
import { TelegramLink, type TelegramLinkOptions } from "./server/telegram-link.ts";
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { BotContext, SessionData } from "./bot/context.ts";
import { createBot, SESSION_PREFIX } from "./bot/create-bot.ts";
import { SessionStore } from "./db/session-storage.ts";
import { createI18n } from "./bot/i18n.ts";
import { AnnouncementService } from "./announcements/announcements.ts";
import { SubscriptionService } from "./announcements/subscriptions.ts";
import { markStartup } from "./startup-timing.ts";
import { ReferralService } from "./referrals/service.ts";

/** The composition root: everything the process runs, built from the Config, nothing global. */
export interface App {
  readonly db: Database;
  readonly bot: Bot<BotContext>;
  readonly catalog: Catalog;
  readonly requests: RequestService;
  readonly inbox: InboxService;
  readonly announcements: AnnouncementService;
  readonly relay: OutboxRelay;
  readonly metrics: Metrics;
  /** The link to Telegram: when it last answered; retries the calls the bot cannot work without. */
  readonly link: TelegramLink;
  /** What makes /healthz say `degraded`. */
  readonly health: Health;
  /** Starts the outbox relay and the periodic jobs (polling or webhook is the caller's choice). */
  startBackground(): void;
  /** Long polling with @grammyjs/runner (concurrent across chats, sequential within one). */
  startPolling(): RunnerHandle;
  /**
   * Serves the webhook, /healthz and /metrics on PORT, then registers the webhook with Telegram in the
   * background (retried until Telegram answers): the server listens even while Telegram cannot be reached.
   */
  startWebhook(): Promise<HttpServer>;
  /** Resolves once the webhook is registered (after startWebhook). */
  webhookRegistered?: Promise<void>;
  /** Only /healthz and /metrics (for polling mode), on PORT. */
  startHealthServer(): Promise<HttpServer>;
  /** Stops taking updates, lets the relay finish its round, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export { openMigratedDatabase };

export interface CreateAppOptions {
  botInfo?: UserFromGetMe;
  /** An already open database (tests share one); the app then does not close it. */
  db?: Database;
  /**
   * The database being opened (openMigratedDatabase, started before this module was loaded: the
   * process's start); the app owns it and closes it. Without `db` or this, createApp opens it.
   */
  opening?: Promise<Database>;
  /** Relay tuning for tests (Telegram's real limits by default). */
  relay?: { groupIntervalMs?: number; pollIntervalMs?: number; baseBackoffMs?: number; maxBackoffMs?: number; acknowledgementGraceMs?: number; perSecond?: number; broadcastPerSecond?: number; leaseMs?: number };
  /** How often unanswered referrals are looked for (tests: shorter). */
  referralSweepMs?: number;
  /** How often due scheduled announcements are started and finished ones reported (tests: shorter). */
  announcementTickMs?: number;
  /** Telegram link tuning for tests (Config.telegram otherwise). */
  telegram?: Pick<TelegramLinkOptions, "baseDelayMs" | "maxDelayMs" | "degradedAfterMs">;
}

const REMINDER_INTERVAL_MS = 5 * 60_000;
/** How often contact chats due for a freshness question are looked for (the question itself is every FRESHNESS_DAYS). */
const FRESHNESS_INTERVAL_MS = 60 * 60_000;
/** Only what the bot handles: Telegram sends nothing else, which also keeps hostile noise out. */
const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;
const DRAFT_SWEEP_INTERVAL_MS = 60_000;
/** How often scheduled announcements are started and finished ones reported. */
const ANNOUNCEMENT_TICK_MS = 5_000;
/**
 * Updates handled at once in long polling (the runner's default is 500). Nearly every update waits on
 * the database, whose pool has 10 connections: more in flight only wait in memory (a burst of 500
 * cost ~200 MB of RSS), not faster.
 */
const MAX_CONCURRENT_UPDATES = 50;
/**
 * Sessions kept in memory in long polling, where this process is the only one Telegram gives updates
 * to: the residents of the last minutes, not everyone (a session is ~30 bytes, one mid-dialogue ~0.5
 * KB; 5,000 of them ~3 MB at most). Least recently used go first, so a burst of more residents than
 * this reads each from the database again. With webhooks several instances may serve one chat, so
 * each read goes to the database.
 */
const SESSION_CACHE_SIZE = 5_000;
const RETENTION_INTERVAL_MS = 6 * 3_600_000;
/** Where several processes serve: how often each re-reads the chats «🧹» watches (another may have marked one). */
const TRAIL_RELOAD_MS = 60_000;

/**
 * The housekeeping a start used to run at once (freshness questions, retention, stale subscriptions)
 * waits this long: each is a database round of its own (on PGlite, one query at a time) and new
 * queries for Prisma's compiler, and they met the first residents' updates right after a restart.
 * Nothing in them is urgent to the second; their intervals (hours) run as before.
 */
const HOUSEKEEPING_DELAY_MS = 10_000;

/** After this long, a matcher nobody has needed yet is built anyway (see lazyMatcher). */
const MATCHER_WARM_UP_MS = 2_000;

/**
 * The search index, built when first needed or MATCHER_WARM_UP_MS after start, whichever comes first:
 * building it is a good part of a start's CPU, and the first updates (a /start, a menu) need none of it.
 */
function lazyMatcher(build: () => Matcher): Matcher & { warm(): void } {
  let built: Matcher | undefined;
  const matcher = () => (built ??= build());
  return {
    get size() {
      return matcher().size;
    },
    search: (query, limit) => matcher().search(query, limit),
    explain: (query) => matcher().explain(query),
    warm: () => void matcher(),
  };
}

/**
 * Makes the database's catalogue say what the files in CATALOG_DIR say (the files are the source of
 * truth), then reads it back: every instance serves the same catalogue. Files unchanged since the last
 * import (their checksum, kept in the database) are neither read nor imported again: the usual restart.
 * `force` imports them all the same.
 */
export async function syncCatalog(db: Database, catalogDir: string, logger: Logger, { force = false }: { force?: boolean } = {}): Promise<Catalog> {
  const checksum = catalogChecksum(catalogDir);
  if (!force && (await importedCatalogChecksum(db.prisma)) === checksum) {
    logger.info({ event: "catalog_unchanged", checksum: checksum.slice(0, 12) }, "catalogue files unchanged since their import");
  } else {
    const files = loadCatalogDirectory(catalogDir);
    // The situations file belongs to the catalogue (and to its checksum): checked with it, so an error
    // in it stops this start rather than the first search (the app reads it again with the search index).
    situationsForCatalog(catalogDir, new Set(files.services.map((service) => service.id)));
    markStartup("catalog_files");
    // Cleared first: an import cut short leaves no checksum claiming the tables match some files.
    await forgetCatalogChecksum(db.prisma);
    for (const community of files.communities) {
      const report = await importCommunity(db.prisma, { services: files.services, community });
      logger.info({ event: "catalog_synced", community: community.id, ...report }, "catalogue is up to date");
    }
    await recordCatalogChecksum(db.prisma, checksum);
  }
  // A staff group Telegram moved keeps its new id, whatever the file still says (staff inbox).
  const migrated = await applyChatMigrations(db.prisma);
  if (migrated > 0) logger.warn({ event: "catalog_chat_migrations_applied", departments: migrated }, "the catalogue names a group's old chat id; update its chatId line");
  markStartup("catalog_import");
  return new Catalog(await readCatalog(db.prisma));
}

export async function createApp(config: Config, logger: Logger, options: CreateAppOptions = {}): Promise<App> {
  const token = requireBotToken(config);
  const db = options.db ?? (await (options.opening ?? openMigratedDatabase(config, logger)));
  const ownsDatabase = !options.db;
  try {
    const catalog = await syncCatalog(db, config.catalogDir, logger);
    markStartup("catalog_read");
    // The situations file is read with the index it feeds (lazily): syncCatalog has already checked it
    // when the catalogue's files changed, so a typo there still stops the start that brings it.
    const matcher = lazyMatcher(() =>
      withResultCache(buildMatcher(catalog.data.services, { situations: situationsForCatalog(config.catalogDir, new Set(catalog.services.keys())) })),
    );
    const requests = new RequestService({ prisma: db.prisma, catalog, maxOpenPerResident: config.maxOpenRequestsPerResident });
    const inbox = new InboxService(db.prisma, catalog, config.dangerReminderMinutes);
    const freshness = new FreshnessService(db.prisma, catalog, config.freshnessDays);
    const consents = new ConsentService(db.prisma);
    const subscriptions = new SubscriptionService(db.prisma, catalog);
    const announcements = new AnnouncementService(db.prisma, catalog);
    // Which chats met danger survives a restart; their message ids are read when «🧹» is pressed.
    const trail = new HideTrail(db.prisma);
    await trail.load();
    const referrals = new ReferralService({ prisma: db.prisma, catalog, answerDays: config.referralAnswerDays });
    const i18n = createI18n(config.defaultLocale);
    const staffLocale = config.defaultLocale;
    let relay: OutboxRelay | undefined;
    const metrics = new Metrics(db.prisma);
    const health = new Health();
    const link = new TelegramLink({
      logger,
      registry: metrics.registry,
      maxDelayMs: config.telegram.retryMaxMs,
      degradedAfterMs: config.telegram.degradedAfterMs,
      ...options.telegram,
    });
    health.watch(() => link.problems());
    // Sessions are kept in memory where one process serves every chat: long polling, and any mode on
    // the embedded database (PGlite is one process's). Webhook instances sharing PostgreSQL read them.
    const oneProcessServes = config.botMode === "polling" || db.kind === "pglite";
    const sessionStore = new SessionStore<SessionData>(db.prisma, SESSION_PREFIX, { cacheSize: oneProcessServes ? SESSION_CACHE_SIZE : 0 });
    const deps = {
      logger,
      catalog,
      matcher,
      requests,
      inbox,
      freshness,
      reports: new DepartmentReports(db.prisma),
      consents,
      subscriptions,
      announcements,
      referrals,
      i18n,
      settings: { staffLocale, retentionDays: config.retentionDays, dialogueTimeoutMinutes: config.dialogueTimeoutMinutes, catalogDir: config.catalogDir },
      sessions: sessionStore,
      trail,
    };
    // Several instances can serve one webhook only on a PostgreSQL server.
    const chatLock = config.botMode === "webhook" && db.kind === "postgresql" ? postgresChatLock(config.databaseUrl, logger) : undefined;
    const bot = createBot({
      sessionStore,
      chatLock,
      token,
      apiRoot: config.telegramApiRoot,
      prisma: db.prisma,
      i18n,
      deps,
      botInfo: options.botInfo,
      afterUpdate: () => relay?.wake(),
      observe: metrics.middleware(),
      dedupe: config.botMode === "webhook",
      webhookReplies: config.botMode === "webhook",
      rateLimit: config.rateLimit,
      // A reply refused with a long 429 goes to the outbox instead of being lost (after auto-retry's
      // short waits); the relay's own sends are not replies (it retries them itself).
      replyTransformers: [handOverRateLimitedReplies(db.prisma, logger, () => relay?.wake())],
    });
    // The link sees every call, the relay's and the replies'.
    bot.api.config.use(link.transformer());
    // What the bot sends to a resident (replies and the outbox's relays alike) is noted for «🧹».
    bot.api.config.use(trailTransformer(trail, logger));
    const delivery = createOutboxDelivery({ api: bot.api, prisma: db.prisma, i18n, catalog, inbox, freshness, staffLocale, logger, catalogDir: config.catalogDir, referrals });
    relay = new OutboxRelay({
      prisma: db.prisma,
      logger,
      deliver: (message, attempt) => delivery(message, attempt),
      // Only this process can open an embedded database: a lease left by a killed one is void.
      releaseLeasesAtStart: ownsDatabase && db.kind === "pglite",
      perSecond: config.outbox.perSecond,
      broadcastPerSecond: config.outbox.broadcastPerSecond,
      ...options.relay,
      // A staff group that cannot be reached is reported in the general department's group; when that
      // one cannot be reached either, nobody on the staff side can be told: the operator is (an error
      // line, a metric, /healthz degraded) and the resident hears the truth, with a number to call.
      onUnreachable: async (message, error) => {
        if (message.chatId >= 0n || message.requestId === null) return;
        const request = await inbox.requestById(message.requestId);
        if (!request) return;
        const general = catalog.generalDepartment(request.communityId);
        if (general?.chatId && BigInt(general.chatId) !== message.chatId) {
          const department = inbox.departmentsOfChat(Number(message.chatId))[0];
          await db.prisma.outboxMessage.create({
            data: {
              chatId: BigInt(general.chatId),
              kind: "staff-alert",
              requestId: request.id,
              payload: { department: pick(department ? inbox.department(department.key)?.name : undefined, staffLocale) ?? String(message.chatId), error },
            },
          });
          return;
        }
        metrics.alerts.inc({ kind: "general_department_unreachable" });
        health.raise(`unreachable:${message.chatId}`, `the general department's group of ${request.communityId} (chat ${message.chatId}) cannot be reached: ${error}`);
        logger.error(
          { event: "general_department_unreachable", community: request.communityId, chat: message.chatId.toString(), request: request.id, error },
          "the general department's group cannot be reached: requests wait, nobody on the staff side is told",
        );
        if ((await inbox.queueUndeliveredNotices(message.chatId)) > 0) relay!.wake();
      },
      onSent: (message) => health.clear(`unreachable:${message.chatId}`),
    });
    // Telegram is back: what waited for it goes now, not after its backoff.
    link.onRecovery(() => void relay!.retryNow().catch((error: unknown) => logger.warn({ event: "outbox_retry_now_failed", err: error }, "could not hurry the outbox")));
    const timers: NodeJS.Timeout[] = [];
    let stopping: Promise<void> | undefined;
    let runner: RunnerHandle | undefined;
    let httpServer: HttpServer | undefined;
    const webhookPath = config.webhook.url ? new URL(config.webhook.url).pathname : "/telegram";
    markStartup("bot_and_services");
    // The public report (PUBLIC_REPORT=true) is served beside /healthz in both modes; its code (and the
    // charting library) is loaded at the first request, so start-up does not pay for it.
    let reportPublisher: Promise<ReportPublisher> | undefined;
    const report = {
      async files() {
        reportPublisher ??= import("./report/publish.ts").then(({ ReportPublisher }) => new ReportPublisher(db.prisma, catalog));
        return (await reportPublisher).files();
      },
    };
    const publicReport = () => (config.publicReport ? { report } : {});
    const app: App = {
      db,
      bot,
      catalog,
      requests,
      inbox,
      announcements,
      relay,
      metrics,
      link,
      health,
      startPolling() {
        runner = run(bot, {
          // The link retries getUpdates itself (capped backoff, logged); the runner's own retry, which
          // doubles for up to 15 hours and prints to stderr, is only a fallback at a fixed second.
          runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, retryInterval: 1_000, silent: true },
          sink: { concurrency: MAX_CONCURRENT_UPDATES },
        });
        return runner;
      },
      async startHealthServer() {
        httpServer = createHttpServer({ db, metrics, logger, health, ...publicReport() });
        await httpServer.listen(config.webhook.port);
        return httpServer;
      },
      async startWebhook() {
        // getMe and setWebhook are retried by the link until Telegram answers; the server listens first,
        // so /healthz answers (and says `degraded` if Telegram stays away) meanwhile.
        const initialised = bot.init();
        initialised.catch(() => undefined);
        const registered = (async () => {
          await initialised;
          await bot.api.setWebhook(config.webhook.url!, { secret_token: config.webhook.secret!, allowed_updates: ALLOWED_UPDATES });
          health.clear("webhook");
          logger.info({ event: "webhook_registered", path: webhookPath }, "webhook registered with Telegram");
        })();
        health.raise("webhook", "webhook not registered with Telegram yet");
        app.webhookRegistered = registered;
        registered.catch((error: unknown) => logger.fatal({ event: "webhook_registration_failed", err: error }, "Telegram refused the webhook"));
        httpServer = createHttpServer({
          db,
          metrics,
          logger,
          health,
          ...publicReport(),
          webhook: {
            // An update can only come from Telegram, so Telegram is reachable: getMe is moments away.
            handleUpdate: async (update, reply) => {
              await initialised;
              await bot.handleUpdate(update, reply);
            },
            callLate: (payload) => {
              const { method, ...parameters } = JSON.parse(payload) as { method: string };
              return (bot.api.raw as unknown as Record<string, (parameters: object) => Promise<unknown>>)[method]!(parameters);
            },
            path: webhookPath,
            secret: config.webhook.secret!,
          },
        });
        await httpServer.listen(config.webhook.port);
        logger.info({ event: "webhook_started", path: webhookPath, port: config.webhook.port }, "webhook server is running");
        return httpServer;
      },
      startBackground() {
        relay!.start();
        timers.push(
          setTimeout(() => {
            // The word lists the first updates may not have needed yet (read at first use, not at start).
            try {
              warmDangerSignals();
              health.clear("danger-signals");
            } catch (error) {
              // Every text will fail on it the same way: the operator must see it (data/danger/signals.yaml).
              health.raise("danger-signals", "the danger signals file cannot be read: texts get no emergency numbers");
              logger.error({ event: "danger_signals_failed", err: error }, "could not read the danger signals");
            }
            try {
              matcher.warm();
            } catch (error) {
              // A search will say so again (and fail); the rest of the bot serves on.
              logger.error({ event: "matcher_build_failed", err: error }, "could not build the search index");
            }
          }, MATCHER_WARM_UP_MS),
        );
        const remind = () =>
          inbox
            .queueReminders(new Date())
            .then((count) => (count > 0 ? relay!.wake() : undefined))
            .catch((error: unknown) => logger.error({ event: "reminders_failed", err: error }, "could not queue reminders"));
        timers.push(setInterval(remind, REMINDER_INTERVAL_MS));
        // Referrals a partner left unanswered for REFERRAL_ANSWER_DAYS working days go back (issue 21).
        const sweepReferrals = () =>
          referrals
            .sweep()
            .then((count) => (count > 0 ? relay!.wake() : undefined))
            .catch((error: unknown) => logger.error({ event: "referral_sweep_failed", err: error }, "could not return overdue referrals"));
        timers.push(setInterval(sweepReferrals, options.referralSweepMs ?? REMINDER_INTERVAL_MS));
        // Providers' contact chats are asked whether their details are still right (FRESHNESS_DAYS).
        const askFreshness = () =>
          freshness
            .queueQuestions(new Date())
            .then((count) => (count > 0 ? relay!.wake() : undefined))
            .catch((error: unknown) => logger.error({ event: "freshness_questions_failed", err: error }, "could not queue freshness questions"));
        timers.push(setTimeout(askFreshness, HOUSEKEEPING_DELAY_MS));
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
        timers.push(setTimeout(retention, HOUSEKEEPING_DELAY_MS));
        // News subscriptions nobody can receive any more (blocked the bot) go after the same period.
        const staleSubscriptions = () =>
          subscriptions
            .eraseStale(new Date(Date.now() - config.retentionDays * 86_400_000))
            .then((count) => count > 0 && logger.info({ event: "subscriptions_erased", count }, "erased stale news subscriptions"))
            .catch((error: unknown) => logger.error({ event: "subscriptions_retention_failed", err: error }, "could not erase stale subscriptions"));
        timers.push(setTimeout(staleSubscriptions, HOUSEKEEPING_DELAY_MS));
        timers.push(setInterval(staleSubscriptions, RETENTION_INTERVAL_MS));
        // Scheduled announcements that are due start; finished ones are reported to their group.
        const announce = () =>
          announcements
            .tick(new Date())
            .then((queued) => (queued ? relay!.wake() : undefined))
            .catch((error: unknown) => logger.error({ event: "announcements_tick_failed", err: error }, "could not start or report announcements"));
        timers.push(setInterval(announce, options.announcementTickMs ?? ANNOUNCEMENT_TICK_MS));
        timers.push(setInterval(() => void pruneProcessedUpdates(db.prisma).catch(() => undefined), 3_600_000));
        timers.push(setInterval(retention, RETENTION_INTERVAL_MS));
        // «🧹»'s message ids past KEEP_DAYS go; where several processes serve, each re-reads which chats are watched.
        const sweepTrail = () =>
          trail.sweep().catch((error: unknown) => logger.error({ event: "hide_trail_sweep_failed", err: error }, "could not sweep the message ids kept to hide"));
        timers.push(setTimeout(sweepTrail, HOUSEKEEPING_DELAY_MS));
        timers.push(setInterval(sweepTrail, RETENTION_INTERVAL_MS));
        if (!oneProcessServes) {
          const reloadTrail = () => trail.load().catch((error: unknown) => logger.warn({ event: "hide_trail_load_failed", err: error }, "could not read which chats are watched"));
          timers.push(setInterval(reloadTrail, TRAIL_RELOAD_MS));
        }
      },
      stop() {
        stopping ??= (async () => {
          for (const timer of timers) clearTimeout(timer); // intervals too
          // Stop taking updates first, let those in flight finish, then flush the outbox round.
          if (runner?.isRunning()) await runner.stop();
          if (bot.isRunning()) await bot.stop();
          await httpServer?.close();
          await relay!.stop();
          await chatLock?.close();
          if (ownsDatabase) await db.close();
          logger.info({ event: "stopped" }, "stopped cleanly");
        })();
        return stopping;
      },
    };
    return app;
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
}
