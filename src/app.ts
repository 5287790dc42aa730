import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { requireBotToken, type Config } from "./config.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import type { Logger } from "./logger.ts";
import type { BotContext } from "./bot/context.ts";
import { createBot } from "./bot/create-bot.ts";

/** The composition root: everything the process runs, built from the Config, nothing global. */
export interface App {
  readonly db: Database;
  readonly bot: Bot<BotContext>;
  /** Stops taking updates and closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export interface CreateAppOptions {
  botInfo?: UserFromGetMe;
}

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

export async function createApp(config: Config, logger: Logger, options: CreateAppOptions = {}): Promise<App> {
  const token = requireBotToken(config);
  const db = await openMigratedDatabase(config, logger);
  const bot = createBot({ config, token, db, deps: { logger }, botInfo: options.botInfo });
  let stopping: Promise<void> | undefined;
  return {
    db,
    bot,
    stop() {
      stopping ??= (async () => {
        if (bot.isRunning()) await bot.stop();
        await db.close();
        logger.info({ event: "stopped" }, "stopped cleanly");
      })();
      return stopping;
    },
  };
}
