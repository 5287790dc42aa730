import { rmSync } from "node:fs";
import { Writable } from "node:stream";
import type { Update } from "grammy/types";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/logger.ts";
import { BOT_INFO, TOKEN } from "../helpers/app-harness.ts";
import { openPgliteWithCatalog } from "../helpers/databases.ts";
import { staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { guardOutgoing } from "../helpers/telegram-html.ts";
import { FakeTelegram } from "./fake-telegram.ts";

/**
 * The whole app (composition root, real bot, real database, the staffed catalogue) with the fake Bot
 * API underneath: updates go in through bot.handleUpdate, the outbox goes out through relay.round().
 * Fast enough for thousands of updates a run.
 */
export const HUNG_UPDATE_MS = 30_000;

export class InProcessApp {
  readonly violations: string[] = [];
  readonly logLines: string[] = [];

  private constructor(
    readonly app: App,
    readonly config: Config,
    readonly db: Database,
    readonly telegram: FakeTelegram,
    private readonly catalogDir: string,
    violations: string[],
    logLines: string[],
  ) {
    this.violations = violations;
    this.logLines = logLines;
  }

  static async start(env: Record<string, string> = {}): Promise<InProcessApp> {
    const catalogDir = staffedCatalogDir();
    const config = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:9", DATABASE_URL: "memory://", CATALOG_DIR: catalogDir, LOG_LEVEL: "debug", ...env });
    const db = await openPgliteWithCatalog(config.catalogDir, config.databaseUrl);
    const logLines: string[] = [];
    const logs = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    const app = await createApp(config, createLogger("debug", logs), { db, botInfo: BOT_INFO, relay: { groupIntervalMs: 0, baseBackoffMs: 0, maxBackoffMs: 0, acknowledgementGraceMs: 1_000 } });
    const telegram = new FakeTelegram(BOT_INFO);
    telegram.install(app.bot);
    const violations: string[] = [];
    guardOutgoing(app.bot, violations);
    return new InProcessApp(app, config, db, telegram, catalogDir, violations, logLines);
  }

  /**
   * Handles one update; resolves to the error it threw (if any), or "timeout" for a hung one. An
   * update takes milliseconds, /stats with its first chart ~2 s; on a busy machine 5 s was passed by
   * a chart that was only slow, so a hang is 30 s.
   */
  async handle(update: Update, timeoutMs = HUNG_UPDATE_MS): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const logged = this.logLines.length;
    try {
      const outcome = await Promise.race([this.app.bot.handleUpdate(update).then(() => undefined), timeout]);
      // The bot's error boundary answers a failure with an apology and logs it instead of throwing:
      // a failure is still a failure here.
      const failure = this.logLines.slice(logged).find((line) => line.includes('"event":"update_failed"'));
      return outcome ?? (failure ? new Error(`update failed: ${failure}`) : undefined);
    } catch (error) {
      return error ?? new Error("threw undefined");
    } finally {
      clearTimeout(timer);
    }
  }

  /** Delivers what the outbox holds (cards for staff, notes for residents) through the fake API. */
  async deliverOutbox(): Promise<number> {
    return this.app.relay.round();
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.db.close();
    rmSync(this.catalogDir, { recursive: true, force: true });
  }
}
