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
 * Only for statements whose text is a constant (the dialogue's few): each distinct text is one
 * statement kept for the life of the database; past MAX_PREPARED, `query` is used instead.
 */

/** What of PGlite's protocol this needs (`protocol.serialize` of @electric-sql/pglite). */
export interface ProtocolSerialize {
  parse(query: { name?: string; text: string; types?: number[] }): Uint8Array;
  bind(config?: { statement?: string; values?: unknown[] }): Uint8Array;
  execute(config?: { portal?: string; rows?: number }): Uint8Array;
  describe(message: { type: "S" | "P"; name?: string }): Uint8Array;
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
}

const MAX_PREPARED = 64;
/** The largest send or receive buffer kept for the next statement (bytes). */
const KEPT_BUFFER = 64 * 1024;
/** «prepared statement does not exist»: dropped behind our back (DEALLOCATE): prepared again. */
const UNDEFINED_STATEMENT = "26000";

interface Prepared {
  name: string;
  params: number[];
  fields: Array<{ name: string; dataTypeID: number; parser: ((value: string, typeId: number) => unknown) | undefined }>;
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

function databaseError(data: Buffer, start: number, end: number): Error {
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
  return Object.assign(new Error(message), { name: "DatabaseError" }, fields);
}

/**
 * The rows of each statement from the backend's raw messages: a statement's rows end with its
 * CommandComplete; the first ErrorResponse is thrown (PostgreSQL skipped the rest of the batch).
 */
function rowsOf(statements: readonly Prepared[], data: Buffer): unknown[][] {
  const results: unknown[][] = statements.map(() => []);
  let error: Error | undefined;
  let index = 0;
  for (let at = 0; at + 5 <= data.length; ) {
    const code = data[at]!;
    const end = at + 1 + data.readInt32BE(at + 1);
    if (code === 0x44 /* D: DataRow */) {
      const fields = statements[index]!.fields;
      const row: Record<string, unknown> = {};
      let p = at + 7;
      for (let column = 0; column < fields.length; column++) {
        const length = data.readInt32BE(p);
        p += 4;
        const field = fields[column]!;
        if (length < 0) row[field.name] = null;
        else {
          const value = data.toString("utf8", p, p + length);
          row[field.name] = field.parser ? field.parser(value, field.dataTypeID) : value;
          p += length;
        }
      }
      results[index]!.push(row);
    } else if (code === 0x43 /* C: CommandComplete */) index++;
    else if (code === 0x45 /* E: ErrorResponse */ && !error) error = databaseError(data, at + 5, end);
    at = end;
  }
  if (error) throw error;
  return results;
}

export interface PreparedOptions {
  /**
   * Whether PGlite's file system needs its `syncToFs` after a statement outside a transaction (as
   * PGlite's own `query` does). Its in-memory and Node file systems write through and do nothing
   * there but take one more lock; only a browser's IndexedDB one copies files then.
   */
  syncToFs?: boolean;
}

/** A runner of prepared statements for one PGlite instance; `null` from `run` means «use query instead». */
export function preparedStatements(pglite: PGliteProtocol, serialize: ProtocolSerialize, { syncToFs = true }: PreparedOptions = {}) {
  const prepared = new Map<string, Prepared>();

  async function prepare(text: string): Promise<Prepared> {
    const name = statementName(text);
    const { messages } = await pglite.execProtocol(concat([serialize.parse({ name, text, types: [] }), serialize.describe({ type: "S", name }), serialize.sync()]), {
      syncToFs: false,
    });
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
  async function execute(statements: Prepared[], params: ReadonlyArray<readonly unknown[]>, syncToFs: boolean): Promise<unknown[][]> {
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
    const rows = rowsOf(statements, received.subarray(0, receivedLength));
    if (received.length > KEPT_BUFFER) received = Buffer.allocUnsafe(4096);
    return rows;
  }

  /** The prepared statements of these texts, if all are prepared already. */
  const preparedOf = (statements: ReadonlyArray<{ text: string }>): Prepared[] | undefined => {
    const list: Prepared[] = [];
    for (const { text } of statements) {
      const statement = prepared.get(text);
      if (!statement) return undefined;
      list.push(statement);
    }
    return list;
  };

  /**
   * Runs the statements as prepared statements, in one round trip and one transaction (an implicit
   * one, or the caller's: `inTransaction`, when the caller holds PGlite's transaction lock); null
   * (use `query`) when too many statements are prepared already.
   */
  async function run(statements: ReadonlyArray<{ text: string; params: readonly unknown[] }>, inTransaction: boolean): Promise<unknown[][] | null> {
    if (!preparedOf(statements)) {
      const fresh = new Set(statements.map(({ text }) => text).filter((text) => !prepared.has(text)));
      if (prepared.size + fresh.size > MAX_PREPARED) return null;
    }
    const sync = syncToFs && !inTransaction;
    const params = statements.map((statement) => statement.params);
    const ready = async () => {
      const list: Prepared[] = [];
      for (const { text } of statements) list.push(prepared.get(text) ?? (await prepare(text)));
      return list;
    };
    const exclusive = () =>
      pglite.runExclusive(async () => {
        try {
          return await execute(preparedOf(statements) ?? (await ready()), params, sync);
        } catch (error) {
          if ((error as { code?: string }).code !== UNDEFINED_STATEMENT) throw error;
          prepared.clear();
          return execute(await ready(), params, sync);
        }
      });
    return inTransaction ? exclusive() : pglite._runExclusiveTransaction(exclusive);
  }

  return { run };
}
