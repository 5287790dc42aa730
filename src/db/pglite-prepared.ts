import { createHash } from "node:crypto";

/**
 * PGlite's statements as named prepared statements, through its wire protocol (issue 19).
 *
 * `pglite.query(text, params)` makes six round trips into its WebAssembly for one statement (Parse,
 * Describe, Bind, Describe, Execute, Sync) and parses and plans the statement every time: PGlite's
 * API has no named prepared statements. PostgreSQL's protocol has them, and PGlite is one
 * PostgreSQL session: a statement is parsed (and described) once, under a name, and each later
 * execution is one round trip (Bind, Execute, Sync) whose plan PostgreSQL keeps (custom plans for the
 * first five executions, then the generic plan when it is no worse). A session write costs ~0.4 ms
 * of CPU this way instead of ~1.4 ms; the request's statement (a dozen CTEs) no longer pays ~7 ms of
 * planning each time. Values are serialised and rows parsed with PGlite's own serializers and
 * parsers, by the types the statement's Describe gave, so results are the same as `query`'s.
 *
 * Prisma's queries come this way too (src/db/pglite-prisma.ts), so the texts are many: the
 * MAX_PREPARED most recently used stay prepared, and the least recently used is closed (PostgreSQL's
 * Close, in the same round trip as the next Parse) when a new text needs room.
 */

/** What of PGlite's protocol this needs (`protocol.serialize` of @electric-sql/pglite). */
export interface ProtocolSerialize {
  parse(query: { name?: string; text: string; types?: number[] }): Uint8Array;
  bind(config?: { statement?: string; values?: unknown[] }): Uint8Array;
  execute(config?: { portal?: string; rows?: number }): Uint8Array;
  describe(message: { type: "S" | "P"; name?: string }): Uint8Array;
  close(message: { type: "S" | "P"; name?: string }): Uint8Array;
  sync(): Uint8Array;
}

interface BackendMessage {
  name: string;
}
interface ParameterDescription extends BackendMessage {
  dataTypeIDs: number[];
}
interface RowDescription extends BackendMessage {
  fields: Array<{ name: string; dataTypeID: number }>;
}
interface DataRow extends BackendMessage {
  fields: Array<string | null>;
}

/** The PGlite instance's members this uses (public API but for `_runExclusiveTransaction`, which its own `query` uses). */
export interface PGliteProtocol {
  execProtocol(message: Uint8Array, options?: { syncToFs?: boolean }): Promise<{ messages: BackendMessage[] }>;
  execProtocolRawStream(message: Uint8Array, options: { syncToFs?: boolean; onRawData: (data: Uint8Array) => void }): Promise<void>;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  parsers: Record<number, (value: string, typeId: number) => unknown>;
  serializers: Record<number, (value: unknown) => string>;
  readonly ready: boolean;
  readonly closed: boolean;
  readonly waitReady: Promise<void>;
}

/**
 * Statements kept prepared. The app's own and Prisma's distinct texts were 60–130 per database in the
 * tests that use the most (the in-process fuzz: 132, none let go); each prepared statement holds its
 * parse tree and plans in PostgreSQL's memory (a few KB to ~100 KB for the request's dozen CTEs).
 */
const MAX_PREPARED = 256;
/** The largest send or receive buffer kept for the next statement (bytes). */
const KEPT_BUFFER = 64 * 1024;
/** «prepared statement does not exist»: dropped behind our back (DEALLOCATE): prepared again. */
const UNDEFINED_STATEMENT = "26000";
/**
 * «cached plan must not change result type»: a table the statement reads was altered (a migration)
 * since it was prepared. It is closed; outside a transaction it is prepared again and run once more,
 * inside one the transaction fails (PostgreSQL aborted it) and the next use prepares it again.
 */
const FEATURE_NOT_SUPPORTED = "0A000";

type Parser = (value: string, typeId: number) => unknown;

interface Prepared {
  name: string;
  params: number[];
  fields: Array<{ name: string; dataTypeID: number; parser: Parser | undefined }>;
  /** The fields' parsers with the last `parsers` given to `runArrays` (Prisma's adapter gives the same object every time). */
  arrayParsers?: { given: Readonly<Record<number, Parser>> | undefined; list: Array<Parser | undefined> };
}

/** A statement's result as PGlite's `query` gives it with `rowMode: "array"` (what Prisma's adapter reads). */
export interface ArrayResult {
  fields: Array<{ name: string; dataTypeID: number }>;
  rows: unknown[][];
  affectedRows: number;
}

/** A prepared statement's name, from its text (the same text, the same name, on either database). */
export const statementName = (text: string): string => `hh_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Execute (the unnamed portal, all rows) and Sync, as PostgreSQL's protocol writes them. */
const EXECUTE = Buffer.from([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0]);
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

/**
 * Bind and Execute for each statement, then one Sync, in one buffer (PostgreSQL's extended protocol:
 * text parameters, text results). PGlite's own serializer writes each message into a fresh buffer of
 * its own and copies it twice; this writes them once (a fifth of a statement's CPU, bench/PROFILE-updates.md),
 * into `into` when it is large enough (PGlite reads the message synchronously, so one buffer serves
 * every statement: no new memory per statement). Returns the buffer it wrote, and the length.
 */
function encode(names: readonly string[], values: ReadonlyArray<ReadonlyArray<string | null>>, into: Buffer): { out: Buffer; size: number } {
  let size = SYNC.length;
  for (let i = 0; i < names.length; i++) {
    // 'B', length, portal "" (1), name and its 0, no parameter formats (2), the count (2), the values, no result formats (2)
    size += 1 + 4 + 1 + names[i]!.length + 1 + 2 + 2 + 2 + EXECUTE.length;
    for (const value of values[i]!) size += 4 + (value === null ? 0 : Buffer.byteLength(value));
  }
  const out = size <= into.length ? into : Buffer.allocUnsafe(Math.max(size, 2 * into.length));
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    const start = at;
    const row = values[i]!;
    out[at] = 0x42; // 'B'
    at += 5;
    out[at++] = 0; // the unnamed portal
    at += out.write(names[i]!, at, "latin1");
    out[at++] = 0;
    out[at++] = 0; // no parameter formats (Int16 0)
    out[at++] = 0;
    out[at++] = row.length >> 8;
    out[at++] = row.length & 0xff;
    for (const value of row) {
      if (value === null) {
        out.writeInt32BE(-1, at);
        at += 4;
      } else {
        const length = out.write(value, at + 4, "utf8");
        out.writeInt32BE(length, at);
        at += 4 + length;
      }
    }
    out[at++] = 0; // no result formats (Int16 0)
    out[at++] = 0;
    out.writeInt32BE(at - start - 1, start + 1);
    at += EXECUTE.copy(out, at);
  }
  at += SYNC.copy(out, at);
  return { out, size: at };
}

/** PostgreSQL's ErrorResponse fields, by their one-letter codes (as pg's DatabaseError names them). */
const ERROR_FIELDS: Record<string, string> = {
  S: "severity", C: "code", D: "detail", H: "hint", P: "position", p: "internalPosition", q: "internalQuery", W: "where",
  s: "schema", t: "table", c: "column", d: "dataType", n: "constraint", F: "file", L: "line", R: "routine",
};

type DatabaseErrorClass = new (message: string, length: number, name: "error") => Error;

function databaseError(data: Buffer, start: number, end: number, DatabaseError: DatabaseErrorClass | undefined): Error {
  const fields: Record<string, string> = {};
  let message = "";
  let at = start;
  while (at < end && data[at] !== 0) {
    const type = String.fromCharCode(data[at]!);
    const stop = data.indexOf(0, at + 1);
    const value = data.toString("utf8", at + 1, stop);
    if (type === "M") message = value;
    else if (ERROR_FIELDS[type]) fields[ERROR_FIELDS[type]] = value;
    at = stop + 1;
  }
  return Object.assign(DatabaseError ? new DatabaseError(message, end - start, "error") : Object.assign(new Error(message), { name: "DatabaseError" }), fields);
}

/** Commands whose CommandComplete tag ends with the number of rows they changed (as PGlite's `query` counts them). */
const COUNTED = /^(INSERT|UPDATE|DELETE|COPY|MERGE) /;

/**
 * The rows of each statement from the backend's raw messages: a statement's rows end with its
 * CommandComplete; the first ErrorResponse is thrown (PostgreSQL skipped the rest of the batch).
 * Rows are objects by column name, or with `arrays` (one statement's parsers) arrays, and then the
 * rows the statement changed are counted into `affected`.
 */
function rowsOf(
  statements: readonly Prepared[],
  data: Buffer,
  DatabaseError: DatabaseErrorClass | undefined,
  arrays?: { parsers: ReadonlyArray<Parser | undefined>; affected: number },
): unknown[][] {
  const results: unknown[][] = statements.map(() => []);
  let error: Error | undefined;
  let index = 0;
  for (let at = 0; at + 5 <= data.length; ) {
    const code = data[at]!;
    const end = at + 1 + data.readInt32BE(at + 1);
    if (code === 0x44 /* D: DataRow */) {
      const fields = statements[index]!.fields;
      const array: unknown[] = [];
      const object: Record<string, unknown> = {};
      let p = at + 7;
      for (let column = 0; column < fields.length; column++) {
        const length = data.readInt32BE(p);
        p += 4;
        const field = fields[column]!;
        let value: unknown = null;
        if (length >= 0) {
          const text = data.toString("utf8", p, p + length);
          const parser = arrays ? arrays.parsers[column] : field.parser;
          value = parser ? parser(text, field.dataTypeID) : text;
          p += length;
        }
        if (arrays) array.push(value);
        else object[field.name] = value;
      }
      results[index]!.push(arrays ? array : object);
    } else if (code === 0x43 /* C: CommandComplete */) {
      if (arrays) {
        const tag = data.toString("latin1", at + 5, end - 1);
        if (COUNTED.test(tag)) arrays.affected += Number.parseInt(tag.slice(tag.lastIndexOf(" ") + 1), 10) || 0;
      }
      index++;
    } else if (code === 0x45 /* E: ErrorResponse */ && !error) error = databaseError(data, at + 5, end, DatabaseError);
    at = end;
  }
  if (error) throw error;
  return results;
}

export interface PreparedOptions {
  /** PGlite's `messages.DatabaseError`: errors are made of it, as PGlite's own `query` makes them (Prisma's adapter tells its errors by it). */
  DatabaseError?: DatabaseErrorClass;
  /** How many statements stay prepared (MAX_PREPARED). */
  maxPrepared?: number;
  /**
   * Whether PGlite's file system needs its `syncToFs` after a statement outside a transaction (as
   * PGlite's own `query` does). Its in-memory and Node file systems write through and do nothing
   * there but take one more lock; only a browser's IndexedDB one copies files then.
   */
  syncToFs?: boolean;
}

/** A runner of prepared statements for one PGlite instance. */
export function preparedStatements(pglite: PGliteProtocol, serialize: ProtocolSerialize, { syncToFs = true, DatabaseError, maxPrepared = MAX_PREPARED }: PreparedOptions = {}) {
  /** By text, least recently used first (a statement used is moved to the end). */
  const prepared = new Map<string, Prepared>();
  /** Statements let go, closed in the round trip of the next Parse. */
  let closing: Uint8Array[] = [];

  /** Closes a statement in the round trip of the next Parse, and forgets it. */
  const letGo = (text: string, statement: Prepared) => {
    prepared.delete(text);
    closing.push(serialize.close({ type: "S", name: statement.name }));
  };

  /**
   * Parses and describes a statement under its name, making room first: the least recently used
   * statements not in `keep` (the batch it is prepared for) are closed. The name is closed first too:
   * a statement the session kept under it (after a failure) would make the Parse fail.
   */
  async function prepare(text: string, keep: ReadonlySet<string>): Promise<Prepared> {
    for (const [oldest, statement] of prepared) {
      if (prepared.size < maxPrepared) break;
      if (!keep.has(oldest)) letGo(oldest, statement);
    }
    const name = statementName(text);
    const message = concat([...closing, serialize.close({ type: "S", name }), serialize.parse({ name, text, types: [] }), serialize.describe({ type: "S", name }), serialize.sync()]);
    closing = [];
    const { messages } = await pglite.execProtocol(message, { syncToFs: false });
    const params = (messages.find((message) => message.name === "parameterDescription") as ParameterDescription | undefined)?.dataTypeIDs ?? [];
    const fields = (messages.find((message) => message.name === "rowDescription") as RowDescription | undefined)?.fields ?? [];
    const statement = { name, params, fields: fields.map(({ name: field, dataTypeID }) => ({ name: field, dataTypeID, parser: pglite.parsers[dataTypeID] })) };
    prepared.set(text, statement);
    return statement;
  }

  const textOf = (statement: Prepared, params: readonly unknown[]) => {
    const texts: Array<string | null> = [];
    for (let index = 0; index < params.length; index++) {
      const value = params[index];
      if (value === null || value === undefined) texts.push(null);
      else {
        const serializer = pglite.serializers[statement.params[index]!];
        texts.push(serializer ? serializer(value) : String(value));
      }
    }
    return texts;
  };

  /** What is sent, and what comes back, written into these (grown when a message needs more; PGlite runs one at a time). */
  let sending: Buffer = Buffer.allocUnsafe(4096);
  let received: Buffer = Buffer.allocUnsafe(4096);
  let receivedLength = 0;
  /** Copies the backend's bytes as they come (a view of PGlite's memory, valid only during the call). */
  const onRawData = (data: Uint8Array) => {
    const needed = receivedLength + data.length;
    if (needed > received.length) {
      const larger = Buffer.allocUnsafe(Math.max(needed, 2 * received.length));
      received.copy(larger, 0, 0, receivedLength);
      received = larger;
    }
    received.set(data, receivedLength);
    receivedLength = needed;
  };

  /** Statements sent together and synced once: PostgreSQL runs them in one (implicit) transaction. */
  async function execute(
    statements: Prepared[],
    params: ReadonlyArray<readonly unknown[]>,
    syncToFs: boolean,
    arrays?: { parsers: ReadonlyArray<Parser | undefined>; affected: number },
  ): Promise<unknown[][]> {
    const names: string[] = [];
    const values: Array<Array<string | null>> = [];
    for (let i = 0; i < statements.length; i++) {
      names.push(statements[i]!.name);
      values.push(textOf(statements[i]!, params[i]!));
    }
    const { out, size } = encode(names, values, sending);
    if (out.length <= KEPT_BUFFER) sending = out;
    // The backend's bytes, parsed here: PGlite's own parser makes an object of every message first.
    receivedLength = 0;
    await pglite.execProtocolRawStream(out.subarray(0, size), { syncToFs, onRawData });
    // Rows hold strings and parsed values only: the buffer is free for the next statement (a large
    // one, grown for a statement's many rows, is let go).
    const rows = rowsOf(statements, received.subarray(0, receivedLength), DatabaseError, arrays);
    if (received.length > KEPT_BUFFER) received = Buffer.allocUnsafe(4096);
    return rows;
  }

  /** A text's prepared statement, if any, made the most recently used. */
  const used = (text: string): Prepared | undefined => {
    const statement = prepared.get(text);
    if (statement) {
      prepared.delete(text);
      prepared.set(text, statement);
    }
    return statement;
  };

  /** The prepared statements of these texts, if all are prepared already; each becomes the most recently used. */
  const preparedOf = (statements: ReadonlyArray<{ text: string }>): Prepared[] | undefined => {
    const list: Prepared[] = [];
    for (const { text } of statements) {
      const statement = used(text);
      if (!statement) return undefined;
      list.push(statement);
    }
    return list;
  };

  /**
   * Runs the statements as prepared statements, in one round trip and one transaction (an implicit
   * one, or the caller's: `inTransaction`, when the caller holds PGlite's transaction lock).
   */
  function runPrepared(
    statements: ReadonlyArray<{ text: string; params: readonly unknown[] }>,
    inTransaction: boolean,
    arraysFor?: (statement: Prepared) => { parsers: ReadonlyArray<Parser | undefined>; affected: number },
  ): Promise<unknown[][]> {
    const sync = syncToFs && !inTransaction;
    const params = statements.map((statement) => statement.params);
    /** The batch's statements, each made the most recently used, those not prepared yet prepared. */
    const ready = async () => {
      const keep = new Set(statements.map(({ text }) => text));
      const list: Prepared[] = [];
      for (const { text } of statements) list.push(used(text) ?? (await prepare(text, keep)));
      return list;
    };
    const executeAll = (list: Prepared[]) => execute(list, params, sync, arraysFor?.(list[0]!));
    const exclusive = () =>
      pglite.runExclusive(async () => {
        try {
          return await executeAll(preparedOf(statements) ?? (await ready()));
        } catch (error) {
          const { code, message } = error as { code?: string; message?: string };
          if (code === UNDEFINED_STATEMENT) {
            // Dropped behind our back (DEALLOCATE): all are closed, in case only some were, and prepared again.
            for (const [text, statement] of [...prepared]) letGo(text, statement);
          } else if (code === FEATURE_NOT_SUPPORTED && /cached plan/.test(message ?? "")) {
            for (const { text } of statements) {
              const statement = prepared.get(text);
              if (statement) letGo(text, statement);
            }
          } else throw error;
          // In a transaction the failure aborted it: the statements are prepared anew next time.
          if (inTransaction) throw error;
          return executeAll(await ready());
        }
      });
    // As PGlite's own query: refused once closed, and waits for PGlite to have started.
    if (pglite.closed) return Promise.reject(new Error("PGlite is closed"));
    const whenReady = pglite.ready ? undefined : pglite.waitReady;
    if (whenReady) return whenReady.then(() => (inTransaction ? exclusive() : pglite._runExclusiveTransaction(exclusive)));
    return inTransaction ? exclusive() : pglite._runExclusiveTransaction(exclusive);
  }

  /** Rows as objects by column name, for each statement. */
  const run = (statements: ReadonlyArray<{ text: string; params: readonly unknown[] }>, inTransaction: boolean): Promise<unknown[][]> =>
    runPrepared(statements, inTransaction);

  /**
   * One statement's result as PGlite's `query(text, params, { rowMode: "array", parsers })` gives it:
   * the fields, rows as arrays (`parsers` before PGlite's own), and the rows it changed.
   */
  async function runArrays(text: string, params: readonly unknown[], parsers: Readonly<Record<number, Parser>> | undefined, inTransaction: boolean): Promise<ArrayResult> {
    let arrays: { parsers: ReadonlyArray<Parser | undefined>; affected: number } | undefined;
    let fields: Prepared["fields"] = [];
    const [rows] = await runPrepared([{ text, params }], inTransaction, (statement) => {
      fields = statement.fields;
      let cached = statement.arrayParsers;
      if (!cached || cached.given !== parsers) {
        cached = statement.arrayParsers = { given: parsers, list: statement.fields.map((field) => parsers?.[field.dataTypeID] ?? field.parser) };
      }
      return (arrays = { parsers: cached.list, affected: 0 });
    });
    return { fields: fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })), rows: rows as unknown[][], affectedRows: arrays?.affected ?? 0 };
  }

  return { run, runArrays };
}

export type PreparedStatements = ReturnType<typeof preparedStatements>;
