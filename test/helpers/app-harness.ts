import { Writable } from "node:stream";
import { createApp, type App } from "../../src/app.ts";
import { offlineBotInfo } from "../../src/bot/bot-info.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { isPostgresUrl, openDatabase, type Database } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";
import { openPgliteWithCatalog } from "./databases.ts";
import { startEmulator, type Emulator } from "./emulator.ts";
import { guardOutgoing } from "./telegram-html.ts";

export const TOKEN = "123456:journey-test";
export const BOT_INFO = offlineBotInfo(123456, "Hromada Help", "hromada_help_bot");

/**
 * The whole app (real bot, real database, bundled catalogue) polling a local emulator, with every
 * outgoing message checked against Telegram's rules and every log line kept for inspection.
 */
export class AppHarness {
  app!: App;
  readonly violations: string[] = [];
  readonly logLines: string[] = [];
  private running?: Promise<void>;

  private constructor(
    readonly emulator: Emulator,
    readonly db: Database,
    readonly config: Config,
  ) {}

  /** Installed on each bot before it starts (fault injection). */
  beforeStart?: (app: App) => void;

  static async start(env: Record<string, string> = {}, beforeStart?: (app: App) => void): Promise<AppHarness> {
    const emulator = await startEmulator();
    // In memory: restarts keep the one open database (see boot), and a copy of a template unpacked into
    // a folder cost ~1,500 files created and then deleted per app (PGlite's files, ~40 MB).
    const config = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emulator.apiRoot, DATABASE_URL: "memory://", LOG_LEVEL: "debug", ...env });
    // A copy of the run's template holding this catalogue (a server database given in env is migrated as before).
    const db = isPostgresUrl(config.databaseUrl) ? await openDatabase(config.databaseUrl) : await openPgliteWithCatalog(config.catalogDir, config.databaseUrl);
    await applyMigrations(db.adapterFactory);
    const harness = new AppHarness(emulator, db, config);
    emulator.idle = harness.idle;
    harness.beforeStart = beforeStart;
    await harness.boot();
    return harness;
  }

  /** Starts a fresh app process-equivalent on the same database: nothing in memory survives. */
  async boot(): Promise<void> {
    const logs = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    this.app = await createApp(this.config, createLogger("debug", logs), {
      db: this.db,
      botInfo: BOT_INFO,
      // In process the acknowledgement is sent within the update: a second of grace keeps tests quick.
      relay: { groupIntervalMs: 0, pollIntervalMs: 100, baseBackoffMs: 50, maxBackoffMs: 400, acknowledgementGraceMs: 1_000 },
    });
    guardOutgoing(this.app.bot, this.violations);
    this.countUnfinishedUpdates();
    this.beforeStart?.(this.app);
    this.app.startBackground();
    this.running = this.app.bot.start({ drop_pending_updates: false });
  }

  /** Updates the bot has fetched and not finished handling. */
  private unfinished = 0;
  /** The newest update id the bot has received (the emulator marks an update read when it serves it, a moment before). */
  private lastReceived = 0;
  /** Bot API calls other than getUpdates on their way (a message the bot sends outside an update too). */
  private callsInFlight = 0;

  private countUnfinishedUpdates(): void {
    const bot = this.app.bot;
    bot.api.config.use(async (prev, method, payload, signal) => {
      if (method !== "getUpdates") {
        this.callsInFlight += 1;
        try {
          return await prev(method, payload, signal);
        } finally {
          this.callsInFlight -= 1;
        }
      }
      const result = await prev(method, payload, signal);
      if (result.ok && Array.isArray(result.result)) {
        this.unfinished += result.result.length;
        for (const update of result.result as Array<{ update_id: number }>) this.lastReceived = Math.max(this.lastReceived, update.update_id);
      }
      return result;
    });
    const handle = bot.handleUpdate.bind(bot);
    bot.handleUpdate = async (...args) => {
      try {
        return await handle(...args);
      } finally {
        this.unfinished -= 1;
      }
    };
  }

  /**
   * Whether the bot is done with everything sent to it so far: no update waiting in the emulator, on
   * its way to the bot or being handled, no Bot API call on its way, and no outbox message due (a
   * message due later — a reminder, the news offer — is not waited for).
   */
  readonly idle = async (): Promise<boolean> => {
    const updates = this.emulator.server.storage.userMessages as unknown as Array<{ botToken: string; isRead: boolean; updateId: number }>;
    const notHandled = updates.some((update) => update.botToken === TOKEN && (!update.isRead || update.updateId > this.lastReceived));
    if (notHandled || this.unfinished > 0 || this.callsInFlight > 0) return false;
    // With the database away (the outage test) the relay cannot send from the outbox either: the
    // bot is done once its updates are.
    const due = await this.db.prisma.outboxMessage.count({ where: { status: "pending", availableAt: { lte: new Date() } } }).catch(() => 0);
    return due === 0;
  };

  async restart(): Promise<void> {
    await this.app.stop();
    await this.running;
    this.unfinished = 0;
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.running;
    await this.emulator.stop();
    await this.db.close();
  }
}
