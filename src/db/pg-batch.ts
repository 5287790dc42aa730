/**
 * A batch of statements sent to PostgreSQL in one round trip through a pg client (src/db/sql.ts,
 * `poolSql`'s `batch`): for each statement Parse (once per connection), Bind, Describe and Execute,
 * then one Sync. PostgreSQL runs the statements of one Sync in order in one implicit transaction: all
 * committed at the Sync, or, when one fails, none (the server skips the rest up to the Sync and rolls
 * back). Each statement takes its own snapshot (READ COMMITTED), as in BEGIN … COMMIT. The same as
 * PGlite's batch (src/db/pglite-prepared.ts), where BEGIN, each statement and COMMIT were round trips
 * of their own on PostgreSQL (the request's «send»: six instead of one).
 *
 * It is a pg "submittable" (the interface pg-cursor and pg-query-stream use): the client hands it the
 * connection to write to, and the backend's answers (row descriptions, rows, command completes, an
 * error, ready for query) in order. A batch that failed leaves its connection to be dropped (as pg's
 * pool does after a query that failed). pg is not imported here: openDatabase passes its Result (rows typed
 * as pg types a query's) and prepareValue (parameters written as pg writes a query's).
 */

export interface PgDriver {
  Result: new (rowMode?: string, types?: unknown) => PgResult;
  prepareValue(value: unknown): unknown;
}

interface PgResult {
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): Record<string, unknown>;
}

/** What of pg's Connection the batch writes with (its extended-query messages). */
export interface PgConnection {
  /** Statement names this connection has prepared, with their text (pg's own record, shared with its queries). */
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(query: { name: string; text: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: unknown[] }): void;
  describe(message: { type: "P"; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

export interface NamedStatement {
  name: string;
  text: string;
  values: readonly unknown[];
}

export class PipelinedBatch {
  /** The rows of each statement, once the batch committed; rejected with the first error (nothing committed). */
  readonly done: Promise<unknown[][]>;
  private resolve!: (rows: unknown[][]) => void;
  private reject!: (error: unknown) => void;
  private readonly results: unknown[][] = [];
  private rows: unknown[] = [];
  private result: PgResult | undefined;
  private failed: unknown;
  private settled = false;
  private readonly parsing: NamedStatement[] = [];

  constructor(
    private readonly statements: readonly NamedStatement[],
    private readonly driver: PgDriver,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Called by pg's client when the connection is free: writes the whole batch, then Sync. */
  submit(connection: PgConnection): Error | null {
    let values: unknown[][];
    try {
      // Mapped before anything is written: a value that cannot be sent fails the batch with nothing sent.
      values = this.statements.map((statement) => statement.values.map((value) => this.driver.prepareValue(value)));
    } catch (error) {
      return error as Error;
    }
    const parsed = new Set<string>();
    connection.stream.cork?.();
    try {
      this.statements.forEach(({ name, text }, index) => {
        if (connection.parsedStatements[name] === undefined && !parsed.has(name)) {
          connection.parse({ name, text, types: [] });
          parsed.add(name);
          this.parsing.push(this.statements[index]!);
        }
        connection.bind({ portal: "", statement: name, values: values[index]! });
        connection.describe({ type: "P", name: "" });
        connection.execute({ portal: "", rows: 0 });
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: { fields: unknown[] }): void {
    this.result = new this.driver.Result(undefined, undefined);
    this.result.addFields(message.fields);
  }

  handleDataRow(message: { fields: unknown[] }): void {
    if (this.failed !== undefined || !this.result) return;
    try {
      this.rows.push(this.result.parseRow(message.fields));
    } catch (error) {
      this.failed = error;
    }
  }

  handleCommandComplete(): void {
    this.results.push(this.rows);
    this.rows = [];
    this.result = undefined;
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail("No source stream defined");
  }

  handleCopyData(): void {}

  /**
   * A statement's error (the server then skips the rest and rolls back at the Sync), or the
   * connection's. Which of the batch's Parses ran is then unknown to pg: the connection is to be
   * dropped, not reused (as pg's pool does with a connection whose query failed).
   */
  handleError(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  handleReadyForQuery(connection: PgConnection): void {
    if (this.settled) return;
    this.settled = true;
    // Every statement ran: its Parse did too. pg's own queries on this connection now skip theirs.
    for (const { name, text } of this.parsing) connection.parsedStatements[name] = text;
    if (this.failed !== undefined) this.reject(this.failed);
    else if (this.results.length !== this.statements.length) this.reject(new Error(`a batch of ${this.statements.length} statements gave ${this.results.length} results`));
    else this.resolve(this.results);
  }
}
