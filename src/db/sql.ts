import type { PrismaClient } from "./client.ts";
import { gatherer } from "./gathering.ts";
import { PipelinedBatch, type PgDriver } from "./pg-batch.ts";
import { statementName, type PreparedStatements } from "./pglite-prepared.ts";

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

export interface Statement {
  text: string;
  params: readonly unknown[];
}

export interface Sql extends SqlQuery {
  /** `fn`'s statements in one transaction on one connection: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  /**
   * Statements in order in one transaction, all or none (each takes its own snapshot, READ COMMITTED,
   * so it sees what was committed while an earlier one waited for a lock); the rows of each. One round
   * trip on PGlite and on PostgreSQL through openDatabase (the statements and one Sync: PostgreSQL's
   * implicit transaction); through Prisma's client, BEGIN … COMMIT.
   */
  batch(statements: readonly Statement[]): Promise<unknown[][]>;
  /**
   * Whether `batch` costs one round trip (PGlite's prepared statements, pg's pipelined batch): then
   * statements of one update are worth batching. Elsewhere a batch is BEGIN, each statement, COMMIT.
   */
  readonly batchIsOneRoundTrip: boolean;
  /** `batch` without waiting for company (src/db/gathering.ts): for a caller that gathered its statements itself (GroupedWrites). */
  batchNow?(statements: readonly Statement[]): Promise<unknown[][]>;
}

/**
 * A statement's rows; with `also`, those statements after it in the same transaction and, where
 * `batch` is, round trip (an update's session write joining the statement the update needs anyway).
 */
export async function queryWith<Row = Record<string, unknown>>(sql: Sql, statement: Statement, also: readonly Statement[]): Promise<Row[]> {
  if (also.length === 0) return sql.query<Row>(statement.text, statement.params);
  const [rows] = await sql.batch([statement, ...also]);
  return rows as Row[];
}

/** `batch` as a transaction of the statements one after the other. */
const batchIn =
  (transaction: Sql["transaction"]): Sql["batch"] =>
  (statements) =>
    transaction(async (tx) => {
      const results: unknown[][] = [];
      for (const { text, params } of statements) results.push(await tx.query(text, params));
      return results;
    });

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
  const transaction: Sql["transaction"] = (fn) => prisma.$transaction((tx) => fn(throughPrisma(tx)));
  return { ...throughPrisma(prisma), transaction, batch: batchIn(transaction), batchIsOneRoundTrip: false };
}

/** PGlite's own queries; its transactions and Prisma's wait for each other (PGlite runs one at a time). */
type PGliteQuery = { query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> };

/**
 * PGlite's queries, as named prepared statements through its wire protocol when `prepared` is given
 * (src/db/pglite-prepared.ts: a third of the CPU), else through `query`.
 */
export function pgliteSql(
  pglite: PGliteQuery & { transaction<T>(fn: (tx: PGliteQuery) => Promise<T>): Promise<T> },
  prepared?: PreparedStatements,
): Sql {
  // A transaction that ended (PGlite's `closed`) goes to its own `query`, which refuses as PGlite does.
  const run = async <Row>(via: PGliteQuery & { closed?: boolean }, text: string, params: readonly unknown[], inTransaction: boolean): Promise<Row[]> =>
    prepared && !via.closed ? ((await prepared.run([{ text, params }], inTransaction))[0] as Row[]) : (await via.query<Row>(text, [...params])).rows;
  const transaction: Sql["transaction"] = (fn) =>
    pglite.transaction((tx) => fn({ query: <Row>(text: string, params: readonly unknown[] = []) => run<Row>(tx, text, params, true) }));
  // Outside transactions, statements of several chats run back to back (src/db/gathering.ts).
  const gather = gatherer();
  return {
    query: <Row>(text: string, params: readonly unknown[] = []) => gather(() => run<Row>(pglite, text, params, false)),
    transaction,
    batch: prepared ? (statements) => gather(() => prepared.run(statements, false)) : batchIn(transaction),
    ...(prepared ? { batchNow: (statements: readonly Statement[]) => prepared.run(statements, false) } : {}),
    batchIsOneRoundTrip: prepared !== undefined,
  };
}

/**
 * A pg pool's queries (the pool Prisma's adapter uses too), as named prepared statements: each
 * connection parses a statement once and keeps its plan (pg prepares a name on a connection the
 * first time it meets it there). With `driver` (pg's Result and prepareValue), a batch is one round
 * trip (src/db/pg-batch.ts: its statements and one Sync, PostgreSQL's implicit transaction); without,
 * BEGIN, each statement, COMMIT.
 */
type PoolQuery = { query<Row>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }> };
type PoolClient = PoolQuery & {
  query(text: string): Promise<unknown>;
  query(batch: PipelinedBatch): unknown;
  release(error?: Error | boolean): void;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
};
export function poolSql(pool: PoolQuery & { connect(): Promise<PoolClient> }, driver?: PgDriver): Sql {
  const names = new Map<string, string>();
  const statement = (text: string, params: readonly unknown[]) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = statementName(text)));
    return { name, text, values: [...params] };
  };
  /**
   * A connection of the pool. pg tells of a connection lost while it is checked out (the server
   * stopped: 57P01) by an 'error' event on it, and between a statement's end and its release no one
   * listened: the event ended the process (seen once in the database-outage test). It is noted here,
   * and `release` drops such a connection instead of giving it back.
   */
  const checkOut = async () => {
    const client = await pool.connect();
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = error;
    };
    client.on("error", onLost);
    const release = (broken?: Error | boolean) => {
      client.removeListener("error", onLost);
      client.release(lost ?? broken);
    };
    return { client, release };
  };
  /** Statements in one round trip through a connection of the pool (src/db/pg-batch.ts). */
  const pipelined = async (pg: PgDriver, statements: ReturnType<typeof statement>[]): Promise<unknown[][]> => {
    const batch = new PipelinedBatch(statements, pg);
    const { client, release } = await checkOut();
    try {
      client.query(batch);
      const rows = await batch.done;
      release();
      return rows;
    } catch (error) {
      // Dropped, as pg's pool drops a connection whose query failed: pg cannot know which of the
      // batch's statements the connection prepared, and a lost connection must not be reused.
      release(error instanceof Error ? error : true);
      throw error;
    }
  };
  const sql: Sql = {
    // One statement as a batch of one: the same messages as pg's own query, ~20 % less CPU (no Query object, no event emitter).
    query: driver
      ? async <Row>(text: string, params: readonly unknown[] = []) => (await pipelined(driver, [statement(text, params)]))[0] as Row[]
      : async <Row>(text: string, params: readonly unknown[] = []) => (await pool.query<Row>(statement(text, params))).rows,
    batch: driver
      ? (statements) => pipelined(driver, statements.map(({ text, params }) => statement(text, params)))
      : (statements) => batchIn(sql.transaction)(statements),
    batchIsOneRoundTrip: driver !== undefined,
    async transaction(fn) {
      const { client, release } = await checkOut();
      const tx: SqlQuery = { query: async <Row>(text: string, params: readonly unknown[] = []) => (await client.query<Row>(statement(text, params))).rows };
      try {
        await client.query("BEGIN");
        const result = await fn(tx);
        await client.query("COMMIT");
        release();
        return result;
      } catch (error) {
        // A connection whose rollback failed is broken: the pool drops it instead of reusing it.
        const broken = await client.query("ROLLBACK").then(
          () => false,
          () => true,
        );
        release(broken);
        throw error;
      }
    },
  };
  return sql;
}
