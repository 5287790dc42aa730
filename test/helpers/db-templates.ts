import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../src/db/client.ts";
import { applyMigrations, migratedPgliteKey, pgliteVersion } from "../../src/db/migrate.ts";
import { catalogChecksum } from "../../src/catalog/checksum.ts";

/**
 * Database templates for tests. Creating an embedded PGlite runs initdb in WebAssembly (~3 s of CPU
 * on this machine, ~9 s while it is busy) and migrating costs another ~1.5 s; loading a data
 * directory dumped once costs a fraction of that. So each run builds, once, an empty and a migrated
 * PGlite data directory (cached in the system's temp folder under a key of the PGlite version and the
 * migrations' SQL, so a changed migration gets a new template) and each test starts from a copy. On a
 * PostgreSQL server the migrated template is a database, copied with CREATE DATABASE … TEMPLATE.
 */

const cacheDir = path.join(tmpdir(), "hromada-test-templates");
const building = new Map<string, Promise<Blob>>();

/** A cached data directory (a tar) by name, built once by `build` and shared by every process. */
function cachedDataDir(name: string, build: () => Promise<Blob>): Promise<Blob> {
  let pending = building.get(name);
  if (!pending) {
    pending = (async () => {
      const file = path.join(cacheDir, `${name}.tar`);
      if (existsSync(file)) return new Blob([readFileSync(file)]);
      const blob = await build();
      mkdirSync(cacheDir, { recursive: true });
      // Written aside, then renamed: a process reading it never sees half a file.
      const partial = `${file}.${process.pid}.${randomUUID()}`;
      writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
      renameSync(partial, file);
      return blob;
    })();
    building.set(name, pending);
    pending.catch(() => building.delete(name));
  }
  return pending;
}

/**
 * Each template starts from the one before it (empty → migrated → with a catalogue): initdb, the
 * costliest step (~4–9 s of CPU), runs once per machine, not once per template.
 */
async function dump(migrate: boolean, catalogDir?: string): Promise<Blob> {
  const base = catalogDir ? await migratedPgliteDataDir() : migrate ? await emptyPgliteDataDir() : undefined;
  const db = await openDatabase("memory://", base ? { loadDataDir: base } : {});
  try {
    if (migrate) await applyMigrations(db.adapterFactory);
    if (catalogDir) {
      // Imported lazily: most test files that use templates never start the app.
      const [{ syncCatalog }, { createLogger }] = await Promise.all([import("../../src/app.ts"), import("../../src/logger.ts")]);
      await syncCatalog(db, catalogDir, createLogger("silent"));
    }
    return await db.dumpDataDir!();
  } finally {
    await db.close();
  }
}

/** An empty PGlite data directory, as initdb leaves it (for tests of the migrations themselves). */
export function emptyPgliteDataDir(): Promise<Blob> {
  return cachedDataDir(`pglite-${pgliteVersion()}-empty`, () => dump(false));
}

/** A PGlite data directory with every migration applied (and recorded in _prisma_migrations). */
export function migratedPgliteDataDir(): Promise<Blob> {
  return cachedDataDir(`pglite-migrated-${migratedPgliteKey()}`, () => dump(true));
}

/**
 * A migrated PGlite data directory that also holds the catalogue of `catalogDir`, imported with its
 * checksum recorded: an app started on a copy finds its catalogue up to date and skips the import
 * (~2.5 s of CPU per app start), exactly as a restart does. Keyed by the files' checksum, so a test
 * catalogue (a staffed copy, an edited one) gets its own.
 */
export function catalogPgliteDataDir(catalogDir: string): Promise<Blob> {
  return cachedDataDir(`pglite-catalog-${migratedPgliteKey()}-${catalogChecksum(catalogDir).slice(0, 16)}`, () => dump(false, catalogDir));
}

const serverTemplates = new Map<string, Promise<string>>();

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function pgErrorCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

/**
 * The name of a migrated template database on the server, built once per migrations key. It is
 * built under a temporary name and renamed when complete, so a parallel run never copies half of it.
 */
export function migratedServerTemplate(serverUrl: string): Promise<string> {
  const name = `hromada_template_${migratedPgliteKey()}`;
  const key = `${serverUrl}|${name}`;
  let pending = serverTemplates.get(key);
  if (!pending) {
    pending = (async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]).finally(() => client.end());
      if (exists.rowCount) return name;
      const build = `hromada_template_build_${randomUUID().replace(/-/g, "")}`;
      await adminQuery(serverUrl, `CREATE DATABASE ${build}`);
      try {
        const db = await openDatabase(databaseUrl(serverUrl, build));
        try {
          await applyMigrations(db.adapterFactory);
        } finally {
          await db.close();
        }
        await retryWhileBusy(() => adminQuery(serverUrl, `ALTER DATABASE ${build} RENAME TO ${name}`));
      } catch (error) {
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${build} WITH (FORCE)`);
        if (pgErrorCode(error) !== "42P04") throw error; // 42P04: another process built it first
      }
      return name;
    })();
    serverTemplates.set(key, pending);
    pending.catch(() => serverTemplates.delete(key));
  }
  return pending;
}

/** Retries `work` while PostgreSQL says another session is using the database (55006), for up to ~40 s. */
async function retryWhileBusy(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // 55006: "database is being accessed by other users" (a connection still closing, or another
      // CREATE DATABASE copying the template at this moment).
      if (pgErrorCode(error) !== "55006" || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * Math.min(attempt, 10)));
    }
  }
}

/** CREATE DATABASE `name` as a copy of `template`. */
export function createDatabaseFrom(serverUrl: string, name: string, template: string): Promise<void> {
  return retryWhileBusy(() => adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`));
}
