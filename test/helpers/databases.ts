import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { catalogPgliteDataDir, createDatabaseFrom, emptyPgliteDataDir, migratedPgliteDataDir, migratedServerTemplate } from "./db-templates.ts";

export interface FreshDatabase {
  url: string;
  open: () => Promise<Database>;
  drop: () => Promise<void>;
}

/**
 * The databases a test runs against: always a fresh embedded PGlite, and a fresh database on the
 * PostgreSQL server named by TEST_DATABASE_URL when it is set (CI sets it).
 */
export interface TestDatabaseTarget {
  readonly name: "pglite" | "postgresql";
  /** Opens a brand-new, empty database; `drop` removes it. */
  create(): Promise<FreshDatabase>;
  /**
   * A brand-new database with every migration already applied: a copy of a template migrated once
   * per run (test/helpers/db-templates.ts), much cheaper than migrating each time.
   */
  createMigrated(): Promise<FreshDatabase>;
}

const pgliteTarget: TestDatabaseTarget = {
  name: "pglite",
  async create() {
    const url = "memory://";
    const loadDataDir = await emptyPgliteDataDir();
    return { url, open: () => openDatabase(url, { loadDataDir }), drop: async () => {} };
  },
  async createMigrated() {
    const url = "memory://";
    const loadDataDir = await migratedPgliteDataDir();
    return { url, open: () => openDatabase(url, { loadDataDir }), drop: async () => {} };
  },
};

/** An embedded database with every migration applied, from the run's template (see db-templates.ts). */
export async function openMigratedPglite(url = "memory://"): Promise<Database> {
  return openDatabase(url, { loadDataDir: await migratedPgliteDataDir() });
}

/**
 * An embedded database with every migration applied and the catalogue of `catalogDir` imported (its
 * checksum recorded): an app started on it skips the import, as on a restart. For tests of the app,
 * not of the import itself.
 */
export async function openPgliteWithCatalog(catalogDir: string, url = "memory://"): Promise<Database> {
  return openDatabase(url, { loadDataDir: await catalogPgliteDataDir(catalogDir) });
}

/** Fresh databases on a PostgreSQL server, named `<prefix>_<uuid>` (the benchmarks use it too). */
export function postgresTarget(serverUrl: string, prefix = "test"): TestDatabaseTarget {
  const created = (name: string): FreshDatabase => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      open: () => openDatabase(url.toString()),
      async drop() {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  };
  return {
    name: "postgresql",
    async createMigrated() {
      const name = `${prefix}_${randomUUID().replace(/-/g, "")}`;
      await createDatabaseFrom(serverUrl, name, await migratedServerTemplate(serverUrl));
      return created(name);
    },
    async create() {
      const name = `${prefix}_${randomUUID().replace(/-/g, "")}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        open: () => openDatabase(url.toString()),
        async drop() {
          const client = new pg.Client({ connectionString: serverUrl });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await client.end();
        },
      };
    },
  };
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const databaseTargets: TestDatabaseTarget[] = TEST_DATABASE_URL
  ? [pgliteTarget, postgresTarget(TEST_DATABASE_URL)]
  : [pgliteTarget];

/** A fresh database on the TEST_DATABASE_URL server (undefined without one), and how to drop it. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  const fresh = await postgresTarget(TEST_DATABASE_URL).create();
  return { url: fresh.url, drop: fresh.drop };
}

/** The same, with every migration applied (a copy of the server's migrated template). */
export async function createMigratedServerDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  const fresh = await postgresTarget(TEST_DATABASE_URL).createMigrated();
  return { url: fresh.url, drop: fresh.drop };
}

/**
 * Writes the run's migrated template into the folder `dir` (which must not hold a database yet), for
 * a test that starts the bot or the CLI as a child process on it: the child then skips initdb and the
 * migrations, as it would on any start after the first. Not for tests of a first start.
 */
export async function seedMigratedPglite(dir: string): Promise<void> {
  writePgliteDataDir(dir, new Uint8Array(await (await migratedPgliteDataDir()).arrayBuffer()));
}

/**
 * Writes an empty database (as initdb leaves it, nothing migrated) into the folder `dir`: a child's
 * first start on it still migrates and imports the catalogue, only PGlite's own initdb is done.
 */
export async function seedEmptyPglite(dir: string): Promise<void> {
  writePgliteDataDir(dir, new Uint8Array(await (await emptyPgliteDataDir()).arrayBuffer()));
}

/** The same, with the catalogue of `catalogDir` already imported: the child's start skips the import. */
export async function seedPgliteWithCatalog(dir: string, catalogDir: string): Promise<void> {
  writePgliteDataDir(dir, new Uint8Array(await (await catalogPgliteDataDir(catalogDir)).arrayBuffer()));
}

/**
 * Writes a dumped PGlite data directory (a tar, as `dumpDataDir` makes it) into the folder `dir`,
 * file by file, as PGlite's `loadDataDir` does on a first open (its loadTar): the child that opens
 * the folder finds a database and resumes it. Done here without PGlite, which would start PostgreSQL
 * in WebAssembly only to write the files and shut down again (2.5–4 s of CPU per seed).
 */
export function writePgliteDataDir(dir: string, dump: Uint8Array): void {
  if (existsSync(path.join(dir, "PG_VERSION"))) throw new Error(`${dir} already holds a database`);
  mkdirSync(dir, { recursive: true });
  const text = (from: number, length: number) => {
    const bytes = dump.subarray(from, from + length);
    const end = bytes.indexOf(0);
    return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString("utf8");
  };
  for (let offset = 0; offset + 512 <= dump.length; ) {
    const name = text(offset, 100);
    if (!name) break; // the two empty blocks that end a tar
    // ustar: a long path's head is in the prefix field.
    const prefix = text(offset + 257, 6) === "ustar" ? text(offset + 345, 155) : "";
    const size = Number.parseInt(text(offset + 124, 12).trim() || "0", 8);
    const type = text(offset + 156, 1) || "0";
    const file = path.join(dir, ...`${prefix ? `${prefix}/` : ""}${name}`.split("/").filter(Boolean));
    if (!file.startsWith(`${path.resolve(dir)}${path.sep}`)) throw new Error(`a data directory entry outside its folder: ${name}`);
    const body = offset + 512;
    if (type === "5") mkdirSync(file, { recursive: true });
    else if (type === "0") {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, dump.subarray(body, body + size));
    } else throw new Error(`an unexpected entry in a data directory dump: ${name} (type ${type})`);
    offset = body + Math.ceil(size / 512) * 512;
  }
}
