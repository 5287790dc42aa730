import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import dotenv from "dotenv";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { openMigratedDatabase } from "./app.ts";
import { openDatabase } from "./db/client.ts";
import { createMigration } from "./db/migrate.ts";
import { createLogger, type Logger } from "./logger.ts";
import { Catalog } from "./catalog/catalog.ts";
import { EXPORT_FORMATS, exportCatalog, type ExportFormat } from "./catalog/export.ts";
import { CatalogError, DEFAULT_CATALOG_DIR, loadCatalogDirectory, loadCommunityFile } from "./catalog/load.ts";
import { buildMatcher } from "./catalog/matcher/index.ts";
import { situationsForCatalog } from "./catalog/situations.ts";
import { importCommunity, readCatalog } from "./catalog/store.ts";

/**
 * `hromada-help` commands (`npm run cli -- <command>`). Output meant for other tools goes to stdout;
 * logs go to stderr so `--json` output stays clean.
 */

const USAGE = `Usage: npm run cli -- <command>

  migrate                  apply pending database migrations (also done at start-up)
  migration NAME           write prisma/migrations/<time>_NAME from the schema's changes
  catalog validate FILE    check a community file (and its services file); every error, exit 1
  catalog import FILE      make the database's catalogue say what FILE says (idempotent)
  catalog export --format yaml|csv|hsds [--community ID]
                           print the database's catalogue
  search --json [--community ID] [--catalog DIR]
                           one query per stdin line -> one JSON line per query on stdout
  sandbox [--dir DIR] [--lang uk|en]
                           try the bot in the terminal against a Telegram emulator, no
                           BOT_TOKEN needed (a fresh database in DIR, default ./data/sandbox)
`;

interface CommandContext {
  config: Config;
  logger: Logger;
  args: string[];
}

type Command = (context: CommandContext) => Promise<number>;

const commands: Record<string, Command> = {
  async migrate({ config, logger }) {
    const db = await openMigratedDatabase(config, logger);
    await db.close();
    return 0;
  },

  async migration({ args }) {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    const name = positionals[0];
    if (!name) {
      process.stderr.write("Give the migration a name: npm run db:migration -- add_requests\n");
      return 2;
    }
    // The diff replays the committed migrations on a throwaway embedded database: no server needed.
    const db = await openDatabase("memory://");
    try {
      const folder = await createMigration(db.adapterFactory, name);
      process.stdout.write(folder ? `Wrote ${folder}/migration.sql\n` : "The schema has not changed: no migration written.\n");
    } finally {
      await db.close();
    }
    return 0;
  },
};

async function catalogCommand({ config, logger, args }: CommandContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: "string" }, community: { type: "string" } },
  });
  const [action, file] = positionals;
  if (action === "validate" || action === "import") {
    if (!file) {
      process.stderr.write(`Name the file: npm run cli -- catalog ${action} data/catalog/zhytomyr.yaml\n`);
      return 2;
    }
    let loaded;
    try {
      loaded = loadCommunityFile(file);
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      process.stderr.write(`${error.message}\n${error.issues.length} problem(s) found.\n`);
      return 1;
    }
    const { community, services } = loaded;
    if (action === "validate") {
      const offers = community.providers.reduce((sum, provider) => sum + provider.offers.length, 0);
      process.stdout.write(
        `${file} is valid: community ${community.id}, ${services.length} services, ${community.providers.length} providers, ${offers} offers, ${community.departments.length} departments.\n`,
      );
      return 0;
    }
    const db = await openMigratedDatabase(config, logger);
    try {
      const report = await importCommunity(db.prisma, loaded);
      process.stdout.write(
        `Imported ${community.id}: ${report.created} created, ${report.updated} updated, ${report.deleted} deleted.\n`,
      );
    } finally {
      await db.close();
    }
    return 0;
  }
  if (action === "export") {
    const format = values.format as ExportFormat | undefined;
    if (!format || !EXPORT_FORMATS.includes(format)) {
      process.stderr.write(`Choose a format: --format ${EXPORT_FORMATS.join("|")}\n`);
      return 2;
    }
    const db = await openMigratedDatabase(config, logger);
    try {
      process.stdout.write(exportCatalog(await readCatalog(db.prisma), format, values.community));
    } finally {
      await db.close();
    }
    return 0;
  }
  process.stderr.write(USAGE);
  return 2;
}

/** Search straight from the catalogue files: no database needed, nothing but JSON lines on stdout. */
async function searchCommand({ args }: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean" }, community: { type: "string" }, catalog: { type: "string" } },
  });
  if (!values.json) {
    process.stderr.write("search prints JSON lines: add --json\n");
    return 2;
  }
  const catalog = new Catalog(loadCatalogDirectory(values.catalog ?? DEFAULT_CATALOG_DIR));
  if (values.community && !catalog.communities.has(values.community)) {
    process.stderr.write(`No community "${values.community}"; known: ${[...catalog.communities.keys()].join(", ")}\n`);
    return 2;
  }
  const communities = values.community ? [values.community] : [...catalog.communities.keys()];
  const situations = situationsForCatalog(values.catalog ?? DEFAULT_CATALOG_DIR, new Set(catalog.services.keys()));
  const matcher = buildMatcher(catalog.data.services, { situations });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const query of lines) {
    const results = matcher.search(query, 5).map(({ serviceId, score }) => ({
      service: serviceId,
      score: Math.round(score * 1000) / 1000,
      providers: [
        ...new Set(communities.flatMap((id) => catalog.offersFor(id, serviceId).map(({ provider }) => provider.name.uk))),
      ],
    }));
    process.stdout.write(`${JSON.stringify({ query, results })}\n`);
  }
  return 0;
}

/** The bot in the terminal, against a local Bot API emulator: see src/sandbox/run.ts. */
async function sandboxCommand({ args }: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: "string" }, lang: { type: "string" } } });
  if (values.lang !== undefined && values.lang !== "uk" && values.lang !== "en") {
    process.stderr.write("--lang is the resident's language: uk or en\n");
    return 2;
  }
  // Loaded only here: the emulator and its web server are no part of the other commands.
  const { runSandbox } = await import("./sandbox/run.ts");
  return runSandbox({ env: process.env, ...(values.dir ? { dir: values.dir } : {}), ...(values.lang ? { language: values.lang } : {}) });
}

commands.catalog = catalogCommand;
commands.search = searchCommand;
commands.sandbox = sandboxCommand;

async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(USAGE);
    return name ? 2 : 0;
  }
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel, process.stderr);
  return command({ config, logger, args });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const prefix = error instanceof ConfigError ? "Configuration error" : "Error";
    process.stderr.write(`${prefix}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
