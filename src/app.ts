import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { Catalog } from "./catalog/catalog.ts";
import { loadCatalogDirectory } from "./catalog/load.ts";
import { buildMatcher } from "./catalog/matcher/index.ts";
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
import type { BotContext } from "./bot/context.ts";
import { createBot } from "./bot/create-bot.ts";
import { createI18n } from "./bot/i18n.ts";

/** The composition root: everything the process runs, built from the Config, nothing global. */
export interface App {
  readonly db: Database;
  readonly bot: Bot<BotContext>;
  readonly catalog: Catalog;
  readonly requests: RequestService;
  readonly inbox: InboxService;
  readonly relay: OutboxRelay;
  /** Starts the outbox relay and the periodic jobs (polling or webhook is the caller's choice). */
  startBackground(): void;
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
const DRAFT_SWEEP_INTERVAL_MS = 60_000;
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
    const matcher = buildMatcher(catalog.data.services);
    const requests = new RequestService({ prisma: db.prisma, catalog });
    const inbox = new InboxService(db.prisma, catalog);
    const i18n = createI18n(config.defaultLocale);
    const staffLocale = config.defaultLocale;
    let relay: OutboxRelay | undefined;
    const deps = {
      logger,
      catalog,
      matcher,
      requests,
      inbox,
      i18n,
      settings: { staffLocale, retentionDays: config.retentionDays, dialogueTimeoutMinutes: config.dialogueTimeoutMinutes },
    };
    const bot = createBot({
      token,
      apiRoot: config.telegramApiRoot,
      prisma: db.prisma,
      i18n,
      deps,
      botInfo: options.botInfo,
      afterUpdate: () => relay?.wake(),
    });
    relay = new OutboxRelay({
      prisma: db.prisma,
      logger,
      deliver: createOutboxDelivery({ api: bot.api, prisma: db.prisma, i18n, catalog, inbox, staffLocale, logger }),
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
    return {
      db,
      bot,
      catalog,
      requests,
      inbox,
      relay,
      startBackground() {
        relay!.start();
        const remind = () =>
          inbox
            .queueReminders(new Date())
            .then((count) => (count > 0 ? relay!.wake() : undefined))
            .catch((error: unknown) => logger.error({ event: "reminders_failed", err: error }, "could not queue reminders"));
        timers.push(setInterval(remind, REMINDER_INTERVAL_MS));
        const expireDrafts = () =>
          expireAbandonedDrafts(db.prisma, new Date(Date.now() - config.dialogueTimeoutMinutes * 60_000))
            .then((count) => {
              if (count === 0) return;
              logger.info({ event: "drafts_expired", count }, "abandoned dialogues expired");
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
        timers.push(setInterval(retention, RETENTION_INTERVAL_MS));
      },
      stop() {
        stopping ??= (async () => {
          for (const timer of timers) clearInterval(timer);
          if (bot.isRunning()) await bot.stop();
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
