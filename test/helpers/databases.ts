import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/client.ts";

/**
 * The databases a test runs against: always a fresh embedded PGlite, and a fresh database on the
 * PostgreSQL server named by TEST_DATABASE_URL when it is set (CI sets it).
 */
export interface TestDatabaseTarget {
  readonly name: "pglite" | "postgresql";
  /** Opens a brand-new, empty database; `drop` removes it. */
  create(): Promise<{ url: string; open: () => Promise<Database>; drop: () => Promise<void> }>;
}

const pgliteTarget: TestDatabaseTarget = {
  name: "pglite",
  async create() {
    const url = "memory://";
    return { url, open: () => openDatabase(url), drop: async () => {} };
  },
};

/** Fresh databases on a PostgreSQL server, named `<prefix>_<uuid>` (the benchmarks use it too). */
export function postgresTarget(serverUrl: string, prefix = "test"): TestDatabaseTarget {
  return {
    name: "postgresql",
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
