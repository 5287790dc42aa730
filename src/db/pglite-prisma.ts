import type { ArrayResult, PreparedStatements } from "./pglite-prepared.ts";

/**
 * What Prisma's PGlite adapter (pglite-prisma-adapter) uses of the PGlite it is given: `query` with
 * `rowMode: "array"` and its parsers, `exec` (migrations' scripts, SET TRANSACTION), `transaction`.
 */
type QueryOptions = { rowMode?: "array"; parsers?: Readonly<Record<number, (value: string, typeId: number) => unknown>> };
interface AdapterTransaction {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<unknown>;
  exec(text: string): Promise<unknown>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}
export interface AdapterPGlite {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<unknown>;
  exec(text: string): Promise<unknown>;
  transaction<T>(fn: (tx: AdapterTransaction) => Promise<T>): Promise<T>;
}

/**
 * The PGlite given to Prisma's adapter: its statements run as named prepared statements
 * (src/db/pglite-prepared.ts) instead of PGlite's `query`, which parses and plans every statement
 * every time in six round trips into the WebAssembly. Prisma's statements are few distinct texts run
 * again and again (the same query shape, other values), so a statement is parsed once: a Prisma
 * query's CPU on PGlite is about halved (`npm run bench:prisma`, session 12: a findUnique by key 1.33 →
 * 0.77 ms, an update 1.05 → 0.41 ms, a count 0.87 → 0.27 ms). Results are what
 * `query` with `rowMode: "array"` gives (fields, rows as arrays, affected rows); errors are PGlite's
 * DatabaseError, which the adapter turns into Prisma's (a unique key taken: P2002).
 */
export function preparedForPrisma(pglite: AdapterPGlite, prepared: PreparedStatements): AdapterPGlite {
  // Anything but the adapter's own calls (rows as arrays) goes to PGlite's `query` as before.
  const viaPrepared = (text: string, params: unknown[] | undefined, options: QueryOptions | undefined, inTransaction: boolean): Promise<ArrayResult> | undefined =>
    options?.rowMode === "array" ? prepared.runArrays(text, params ?? [], options.parsers, inTransaction) : undefined;
  return {
    query: (text, params, options) => viaPrepared(text, params, options, false) ?? pglite.query(text, params, options),
    exec: (text) => pglite.exec(text),
    transaction: (fn) =>
      pglite.transaction((tx) =>
        fn({
          // Once the transaction ended (committed, rolled back, or given up by Prisma's timeout while an
          // operation still ran), PGlite's own tx.query refuses: a late statement must not run outside it.
          query: (text, params, options) => (tx.closed ? undefined : viaPrepared(text, params, options, true)) ?? tx.query(text, params, options),
          exec: (text) => tx.exec(text),
          rollback: () => tx.rollback(),
          get closed() {
            return tx.closed;
          },
        }),
      ),
  };
}
