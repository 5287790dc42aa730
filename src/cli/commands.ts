import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { loadConfig, type Config } from "../config.ts";
import { openMigratedDatabase } from "../app.ts";
import { openDatabase } from "../db/client.ts";
import { createMigration } from "../db/migrate.ts";
import { createLogger, type Logger } from "../logger.ts";
import { Catalog } from "../catalog/catalog.ts";
import { CATALOG_USAGE, catalogCommand } from "../catalog/commands.ts";
import { DEFAULT_CATALOG_DIR, loadCatalogDirectory } from "../catalog/load.ts";
import { buildMatcher } from "../catalog/matcher/index.ts";
import { situationsForCatalog } from "../catalog/situations.ts";

/**
 * `hromada-help` commands (`npx hromada-help <command>`, or `npm run --silent cli -- <command>`:
 * without --silent npm prints its own banner on stdout). Output meant for other tools goes to stdout;
 * logs and reports go to stderr so `--json` and export output stays clean.
 */

const USAGE = `Usage: hromada-help <command>   (or: npm run --silent cli -- <command>)

  migrate                  apply pending database migrations (also done at start-up)
  migration NAME           write prisma/migrations/<time>_NAME from the schema's changes
${CATALOG_USAGE}  search --json [--community ID] [--catalog DIR]
                           one query per stdin line -> one JSON line per query on stdout
  explain [--json] [--catalog DIR] [QUERY]
                           why a query finds what it finds: for each service, the words that
                           gave evidence and the name, synonym or situation they matched
                           (QUERY, or one query per stdin line)
  report --out DIR         write the public report (index.html, en.html, report.csv,
                           report.json: anonymous figures, cells under 5 shown as «<5»)
                           to DIR, a static folder for any web host
  sandbox [--dir DIR] [--lang uk|en]
                           try the bot in the terminal against a Telegram emulator, no
                           BOT_TOKEN needed (a fresh database in DIR, default ./data/sandbox)
`;

/** Where a command reads and writes: the process's own streams, or a test's. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
  out(text: string): void;
  err(text: string): void;
}

interface CommandContext {
  config: Config;
  logger: Logger;
  args: string[];
  io: CliIo;
}

type Command = (context: CommandContext) => Promise<number>;

const commands: Record<string, Command> = {
  async migrate({ config, logger, io }) {
    const db = await openMigratedDatabase(config, logger);
    await db.close();
    return 0;
  },

  async migration({ args, io }) {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    const name = positionals[0];
    if (!name) {
      io.err("Give the migration a name: npm run db:migration -- add_requests\n");
      return 2;
    }
    // The diff replays the committed migrations on this throwaway embedded database: no server needed.
    const db = await openDatabase("memory://");
    try {
      const folder = await createMigration(db.adapterFactory, name);
      io.out(folder ? `Wrote ${folder}/migration.sql\n` : "The schema has not changed: no migration written.\n");
    } finally {
      await db.close();
    }
    return 0;
  },
};

async function catalogCommandLine({ config, logger, args, io }: CommandContext): Promise<number> {
  return catalogCommand({
    config,
    logger,
    args,
    out: (text) => io.out(text),
    err: (text) => io.err(text),
  });
}

/** Search straight from the catalogue files: no database needed, nothing but JSON lines on stdout. */
async function searchCommand({ args, io }: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean" }, community: { type: "string" }, catalog: { type: "string" } },
  });
  if (!values.json) {
    io.err("search prints JSON lines: add --json\n");
    return 2;
  }
  const catalog = new Catalog(loadCatalogDirectory(values.catalog ?? DEFAULT_CATALOG_DIR));
  if (values.community && !catalog.communities.has(values.community)) {
    io.err(`No community "${values.community}"; known: ${[...catalog.communities.keys()].join(", ")}\n`);
    return 2;
  }
  const communities = values.community ? [values.community] : [...catalog.communities.keys()];
  const situations = situationsForCatalog(values.catalog ?? DEFAULT_CATALOG_DIR, new Set(catalog.services.keys()));
  const matcher = buildMatcher(catalog.data.services, { situations });
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const query of lines) {
    const results = matcher.search(query, 5).map(({ serviceId, score }) => ({
      service: serviceId,
      score: Math.round(score * 1000) / 1000,
      providers: [
        ...new Set(communities.flatMap((id) => catalog.offersFor(id, serviceId).map(({ provider }) => provider.name.uk))),
      ],
    }));
    io.out(`${JSON.stringify({ query, results })}\n`);
  }
  return 0;
}

/**
 * `explain`: for a social worker extending synonyms and situations, the words of a query that gave
 * evidence for each service (and where the service has them), the scores, and what the search answers.
 */
async function explainCommand({ args, io }: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, catalog: { type: "string" } },
  });
  const dir = values.catalog ?? DEFAULT_CATALOG_DIR;
  const catalog = new Catalog(loadCatalogDirectory(dir));
  const matcher = buildMatcher(catalog.data.services, { situations: situationsForCatalog(dir, new Set(catalog.services.keys())) });
  const explainOne = (query: string): void => {
    const explanation = matcher.explain(query);
    const answer = matcher.search(query, 5).map((r) => r.serviceId);
    if (values.json) {
      io.out(`${JSON.stringify({ query, answer, ...explanation, candidates: explanation.candidates.slice(0, 8) })}\n`);
      return;
    }
    const lines = [`query: ${query}`, `words read: ${explanation.reading.join(" ")}`, `answer: ${answer.length ? answer.join(", ") : "(nothing fits)"}`];
    for (const c of explanation.candidates.slice(0, 6)) {
      lines.push(`  ${c.serviceId}  score ${c.score.toFixed(3)}  evidence ${c.evidence.toFixed(2)}${answer.includes(c.serviceId) ? "" : "  (not shown)"}`);
      for (const b of c.because.slice(0, 8)) lines.push(`      ${b.word} +${b.value.toFixed(2)}  ← ${b.field}: ${b.text}`);
    }
    io.out(`${lines.join("\n")}\n\n`);
  };
  if (positionals.length > 0) {
    explainOne(positionals.join(" "));
    return 0;
  }
  for await (const query of createInterface({ input: io.stdin, crlfDelay: Infinity })) if (query.trim()) explainOne(query);
  return 0;
}

/** The bot in the terminal, against a local Bot API emulator: see src/sandbox/run.ts. */
async function sandboxCommand({ args, io }: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: "string" }, lang: { type: "string" } } });
  if (values.lang !== undefined && values.lang !== "uk" && values.lang !== "en") {
    io.err("--lang is the resident's language: uk or en\n");
    return 2;
  }
  // Loaded only here: the emulator and its web server are no part of the other commands.
  const { runSandbox } = await import("../sandbox/run.ts");
  return runSandbox({ env: io.env, ...(values.dir ? { dir: values.dir } : {}), ...(values.lang ? { language: values.lang } : {}) });
}

/** The public report as a static folder (src/report): the same files GET /report serves. */
async function reportCommand({ config, logger, args, io }: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: "string" } } });
  if (!values.out) {
    io.err("Say where to write the report: report --out DIR\n");
    return 2;
  }
  const { buildReport, renderReportFiles, STATIC_LINKS, writeReportFolder } = await import("../report/publish.ts");
  const { readCatalog } = await import("../catalog/store.ts");
  const db = await openMigratedDatabase(config, logger);
  try {
    const stored = await readCatalog(db.prisma);
    // Before the bot's first start the database holds no catalogue: names come from the files.
    const catalog = new Catalog(stored.communities.length > 0 ? stored : loadCatalogDirectory(config.catalogDir));
    const report = await buildReport(db.prisma, catalog, new Date());
    const written = await writeReportFolder(values.out, await renderReportFiles(report, catalog, STATIC_LINKS));
    io.err(`Wrote ${written.join(", ")}\n`);
  } finally {
    await db.close();
  }
  return 0;
}

commands.catalog = catalogCommandLine;
commands.report = reportCommand;
commands.search = searchCommand;
commands.explain = explainCommand;
commands.sandbox = sandboxCommand;

/** Runs one command line (without the program's name) and resolves with its exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err(USAGE);
    return name ? 2 : 0;
  }
  const config = loadConfig(io.env);
  const logger = createLogger(config.logLevel, { write: (line: string) => io.err(line) });
  return command({ config, logger, args, io });
}
