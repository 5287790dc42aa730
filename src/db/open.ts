import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { markStartup } from "../startup-timing.ts";
import { openDatabase, type Database } from "./client.ts";
import { applyMigrations } from "./migrate.ts";

/**
 * Opens the database DATABASE_URL names and applies pending migrations (one query when none is
 * pending). Apart from the app (src/app.ts), so the bot's start can begin it before loading the app's
 * modules: PGlite's WebAssembly compiles and its files are read meanwhile (src/main.ts).
 */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<Database> {
  const db = await openDatabase(config.databaseUrl);
  markStartup("database_open");
  try {
    const applied = await applyMigrations(db.adapterFactory);
    markStartup("migrations");
    logger.info({ event: "migrations_applied", applied, database: db.kind }, "database is up to date");
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
