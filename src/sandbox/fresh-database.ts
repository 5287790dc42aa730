import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { catalogChecksum } from "../catalog/checksum.ts";
import { openDatabase, type Database } from "../db/client.ts";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, migratedPgliteKey } from "../db/migrate.ts";
import type { Logger } from "../logger.ts";

/**
 * The sandbox starts on a fresh database every time, and building one — PGlite's initdb, every
 * migration, the catalogue import — took 15–20 s on a 2-core machine, most of a start the banner
 * calls «a few seconds». So the first start keeps a copy of the fresh database it built (a tar of
 * PGlite's files, in the sandbox folder, ~40 MB) and later starts open that copy instead. The copy is
 * named by everything that shapes it: PGlite's version, the migrations' SQL, the sandbox catalogue.
 * When any of them changes, the next start builds anew and replaces it.
 */

const COPY_PREFIX = "fresh-database-";

/** A name for the copy: PGlite's version and the migrations (as the test templates), the catalogue's checksum. */
export function freshDatabaseKey(catalogDir: string, migrationsDir: string = DEFAULT_MIGRATIONS_DIR): string {
  return createHash("sha256").update(`${migratedPgliteKey(migrationsDir)}\0${catalogChecksum(catalogDir, migrationsDir)}`).digest("hex").slice(0, 16);
}

const copyOf = (sandboxDir: string, catalogDir: string): string => path.join(sandboxDir, `${COPY_PREFIX}${freshDatabaseKey(catalogDir)}.tar`);

/** Whether an earlier start kept a copy this start can open (the same migrations and catalogue). */
export function hasFreshCopy(sandboxDir: string, catalogDir: string): boolean {
  return existsSync(copyOf(sandboxDir, catalogDir));
}

export interface FreshDatabase {
  readonly db: Database;
  /** "copy": opened from the copy an earlier start kept; "built": made from nothing. */
  readonly origin: "copy" | "built";
  /**
   * Keeps a copy of the database for the next start, when it was built from nothing. Call it once the
   * app has imported the catalogue and before anyone uses the bot: the copy must hold nothing else.
   */
  keep(): Promise<void>;
}

/**
 * Opens a fresh sandbox database in `dbDir` (which must not exist): from the kept copy when it matches
 * `catalogDir` and the migrations, otherwise from nothing, migrated.
 */
export async function openFreshDatabase(sandboxDir: string, dbDir: string, catalogDir: string, logger: Logger): Promise<FreshDatabase> {
  const copy = copyOf(sandboxDir, catalogDir);
  if (existsSync(copy)) {
    try {
      const db = await openDatabase(dbDir, { loadDataDir: new Blob([readFileSync(copy)]) });
      return { db, origin: "copy", keep: async () => undefined };
    } catch (error) {
      // A damaged or foreign copy: build from nothing, as the very first start did.
      logger.warn({ event: "sandbox_copy_unusable", err: error }, "the kept fresh database could not be opened; building a new one");
      rmSync(copy, { force: true });
      rmSync(dbDir, { recursive: true, force: true });
    }
  }
  const db = await openDatabase(dbDir);
  try {
    await applyMigrations(db.adapterFactory);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    db,
    origin: "built",
    async keep() {
      if (!db.dumpDataDir) return;
      const bytes = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
      // Written aside, then renamed: a start that stops half-way never leaves half a copy.
      const partial = `${copy}.${randomUUID()}.partial`;
      writeFileSync(partial, bytes);
      renameSync(partial, copy);
      for (const name of readdirSync(sandboxDir)) {
        if (name.startsWith(COPY_PREFIX) && path.join(sandboxDir, name) !== copy) rmSync(path.join(sandboxDir, name), { force: true });
      }
    },
  };
}
