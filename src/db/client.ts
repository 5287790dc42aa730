import { mkdirSync } from "node:fs";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { PGlite } from "@electric-sql/pglite";
import { preparedStatements, type PGliteProtocol } from "./pglite-prepared.ts";
import { preparedForPrisma, type AdapterPGlite } from "./pglite-prisma.ts";
import { pgliteSql, poolSql, registerSql, type Sql } from "./sql.ts";

export type { PrismaClient };

/** An open database: the Prisma client, the adapter the migration engine reuses, and how to close both. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** "pglite" (embedded, one process) or "postgresql" (a server, several instances). */
  readonly kind: "pglite" | "postgresql";
  /** The driver's own queries, for the statements every update runs (src/db/sql.ts). */
  readonly sql: Sql;
  /**
   * An embedded database's files as a tar (PGlite's `dumpDataDir`), checkpointed first so that nothing
   * is left only in its buffers: `OpenOptions.loadDataDir` opens a copy. Undefined on PostgreSQL.
   */
  readonly dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** For an embedded database only. */
export interface OpenOptions {
  /**
   * A PGlite data directory (`dumpDataDir()`) to start from instead of an empty one: skips initdb,
   * the costliest part of creating a database. Tests use a migrated template this way.
   */
  loadDataDir?: Blob;
}

/**
 * What PGlite holds in memory is PostgreSQL's own: its WebAssembly memory (128 MB reserved at start,
 * touched as used, grown up to 2 GB, never given back) holds shared_buffers, which PostgreSQL zeroes at
 * start (so all of it is resident) and sizes wal_buffers by (1/32), the shared memory sized by
 * max_connections (each possible backend's slots and lock table entries), and PostgreSQL's private
 * memory: its catalogue caches, and work_mem (per sort or hash) and maintenance_work_mem (index builds,
 * migrations) while a statement needs them. Measured (a migrated database with the catalogue, bench/
 * PROFILE-updates.md «Memory», session 10): 29 MB resident with shared_buffers 16 MB and PostgreSQL's
 * 100 connections, 17 MB with 8 MB and 5, unchanged after 10,000 session writes.
 * - shared_buffers 8 MB (128 by default; 32 until session 8, 16 until session 10): a municipal bot's
 *   hot rows (sessions, the catalogue) are a few MB, and a page that is not in them is read from the
 *   data folder through the operating system's cache (a system call and a copy, microseconds). A much
 *   larger database would want more: each MB here is a MB of RSS for the process's whole life.
 * - max_connections 5: PGlite has one connection (one backend in the process); PostgreSQL's 100 only
 *   reserve shared memory (~2 MB) for backends that cannot exist. 5 leaves its 3 reserved slots room.
 * - maintenance_work_mem 16 MB (64 by default): a migration's index build may use it, and what it
 *   touched stays in the WebAssembly memory; the tables are small enough to sort in 16 MB.
 * work_mem stays PostgreSQL's 4 MB. `npm run bench:memory` prints these and the RSS they give.
 */
const PGLITE_SETTINGS = ["-c", "shared_buffers=8MB", "-c", "max_connections=5", "-c", "maintenance_work_mem=16MB"];

/**
 * How long a transaction may wait for a connection, and then run. Prisma's defaults failed residents'
 * requests on a busy machine: 2 s to get a connection («Unable to start a transaction in the given
 * time», a burst of 20 requests at once: up to 50 updates are handled at once on a pool of 10
 * connections, PGlite has one), and 5 s to run («expired transaction», 9 of 200 requests from 16
 * residents at once on two instances at load 11: each request's transaction waits for the community's
 * number counter, which the requests before it hold until they commit). A resident's request should
 * wait its turn rather than fail; a transaction still running after 20 s is stuck, and is rolled back.
 */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

/**
 * Opens the database named by DATABASE_URL: `postgresql://…` for a real server, `memory://` for a
 * throwaway embedded one (tests), anything else is the folder of an embedded PGlite database.
 */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  // Prisma's client and each database's driver are loaded here, not at the top: on PGlite its
  // WebAssembly starts compiling (on other threads) before they load (the bot's start begins here:
  // src/main.ts), a PostgreSQL deployment does not load PGlite, and an embedded one does not load pg.
  if (isPostgresUrl(url)) {
    const [{ default: pg }, { default: pgUtils }, { PrismaPg }, { PrismaClient }] = await Promise.all([
      import("pg"),
      // pg's own conversion of parameters, for batches written to the connection (src/db/pg-batch.ts).
      import("pg/lib/utils.js" as string) as Promise<{ default: { prepareValue(value: unknown): unknown } }>,
      import("@prisma/adapter-pg"),
      import("../generated/prisma/client.ts"),
    ]);
    // One pool for Prisma's adapter and the driver's own queries (src/db/sql.ts).
    const pool = new pg.Pool({ connectionString: url });
    pool.on("error", () => {}); // an idle connection dropped by the server: the pool replaces it
    const adapterFactory = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter: adapterFactory, transactionOptions: TRANSACTION_OPTIONS });
    const sql = poolSql(pool as unknown as Parameters<typeof poolSql>[0], { Result: pg.Result as never, prepareValue: pgUtils.prepareValue });
    registerSql(prisma, sql);
    connectEarly(prisma);
    return {
      prisma,
      adapterFactory,
      kind: "postgresql",
      sql,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const inMemory = /^memory:\/\//i.test(url);
  if (!inMemory) mkdirSync(url, { recursive: true });
  const { PGlite, protocol, messages } = await import("@electric-sql/pglite");
  const pglite = new PGlite({
    ...(inMemory ? {} : { dataDir: url }),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
  });
  const ready = pglite.waitReady;
  ready.catch(() => undefined); // awaited below, after the imports: not an unhandled rejection meanwhile
  const [{ PrismaPGlite }, { PrismaClient }] = await Promise.all([import("pglite-prisma-adapter"), import("../generated/prisma/client.ts")]);
  // In memory or a folder on disk (PGlite's MemoryFS or NodeFS, which write through): no syncToFs.
  const writesThrough = inMemory || !/^[a-z0-9-]+:\/\//i.test(url);
  // One set of prepared statements (one PostgreSQL session) for the app's own statements and Prisma's.
  const prepared = preparedStatements(pglite as unknown as PGliteProtocol, protocol.serialize, { syncToFs: !writesThrough, DatabaseError: messages.DatabaseError });
  const adapterFactory = new PrismaPGlite(preparedForPrisma(pglite as unknown as AdapterPGlite, prepared) as unknown as PGlite);
  const prisma = new PrismaClient({ adapter: adapterFactory, transactionOptions: TRANSACTION_OPTIONS });
  const sql = pgliteSql(pglite as unknown as Parameters<typeof pgliteSql>[0], prepared);
  registerSql(prisma, sql);
  connectEarly(prisma); // while PostgreSQL starts inside PGlite (its queries wait for it)
  await ready;
  return {
    prisma,
    adapterFactory,
    kind: "pglite",
    sql,
    async dumpDataDir() {
      await pglite.exec("CHECKPOINT");
      return (await pglite.dumpDataDir("none")) as Blob;
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/**
 * Connects at once instead of at the first query: Prisma's query compiler (WebAssembly, 3.4 MB read
 * from a 4.5 MB module of base64, then compiled) is loaded here, while the rest of the start goes on
 * (PGlite's own start, the app's modules). A failure is not reported here: the first query meets and
 * reports it (the migration check, at start).
 */
function connectEarly(prisma: PrismaClient): void {
  prisma.$connect().catch(() => undefined);
}
