import { parseArgs } from "node:util";
import dotenv from "dotenv";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { openMigratedDatabase } from "./app.ts";
import { openDatabase } from "./db/client.ts";
import { createMigration } from "./db/migrate.ts";
import { createLogger, type Logger } from "./logger.ts";

/**
 * `hromada-help` commands (`npm run cli -- <command>`). Output meant for other tools goes to stdout;
 * logs go to stderr so `--json` output stays clean.
 */

const USAGE = `Usage: npm run cli -- <command>

  migrate                  apply pending database migrations (also done at start-up)
  migration NAME           write prisma/migrations/<time>_NAME from the schema's changes
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
