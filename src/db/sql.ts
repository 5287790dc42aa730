import type { PrismaClient } from "./client.ts";

/**
 * Parameterised SQL straight through the database driver (PGlite's `query`, or the pg pool Prisma
 * itself uses), for the few statements every dialogue update runs: the session write, consent, the
 * request's transaction. Through the driver a statement costs a third of what it costs through
 * Prisma's client (bench/PROFILE-updates.md: a session write 0.97 ms of CPU instead of 2.6 on
 * PGlite, 0.24 instead of 0.87 on PostgreSQL). Everything else keeps Prisma's typed queries.
 *
 * Rows come back as the driver gives them; callers cast in SQL what must be portable across both
 * drivers (`::int`, bigints `::text`, timestamps as epoch milliseconds `::float8`), and pass
 * timestamps as UTC ISO strings (the columns are `timestamp(3)` holding UTC, as Prisma writes them).
 */
export interface SqlQuery {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Sql extends SqlQuery {
  /** `fn`'s statements in one transaction on one connection: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
}

/** The driver's SQL of each open database's Prisma client (registered by openDatabase). */
const drivers = new WeakMap<PrismaClient, Sql>();

export function registerSql(prisma: PrismaClient, sql: Sql): void {
  drivers.set(prisma, sql);
}

/**
 * The driver's SQL for a Prisma client opened by openDatabase; for any other client, the same
 * statements through Prisma's raw queries (slower, same results).
 */
export function sqlOf(prisma: PrismaClient): Sql {
  let sql = drivers.get(prisma);
  if (!sql) drivers.set(prisma, (sql = prismaSql(prisma)));
  return sql;
}

type RawQueryable = Pick<PrismaClient, "$queryRawUnsafe">;
const throughPrisma = (client: RawQueryable): SqlQuery => ({
  query: <Row>(text: string, params: readonly unknown[] = []) => client.$queryRawUnsafe<Row[]>(text, ...params),
});

function prismaSql(prisma: PrismaClient): Sql {
  return {
    ...throughPrisma(prisma),
    transaction: (fn) => prisma.$transaction((tx) => fn(throughPrisma(tx))),
  };
}

/** PGlite's own queries; its transactions and Prisma's wait for each other (PGlite runs one at a time). */
export function pgliteSql(pglite: {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  transaction<T>(fn: (tx: { query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> }) => Promise<T>): Promise<T>;
}): Sql {
  return {
    query: async <Row>(text: string, params: readonly unknown[] = []) => (await pglite.query<Row>(text, [...params])).rows,
    transaction: (fn) => pglite.transaction((tx) => fn({ query: async <Row>(text: string, params: readonly unknown[] = []) => (await tx.query<Row>(text, [...params])).rows })),
  };
}

/** A pg pool's queries (the pool Prisma's adapter uses too). */
export function poolSql(pool: {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  connect(): Promise<{ query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>; release(error?: Error | boolean): void }>;
}): Sql {
  return {
    query: async <Row>(text: string, params: readonly unknown[] = []) => (await pool.query<Row>(text, [...params])).rows,
    async transaction(fn) {
      const client = await pool.connect();
      const tx: SqlQuery = { query: async <Row>(text: string, params: readonly unknown[] = []) => (await client.query<Row>(text, [...params])).rows };
      try {
        await client.query("BEGIN");
        const result = await fn(tx);
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        // A connection whose rollback failed is broken: the pool drops it instead of reusing it.
        const broken = await client.query("ROLLBACK").then(
          () => false,
          () => true,
        );
        client.release(broken);
        throw error;
      }
    },
  };
}
