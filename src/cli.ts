import dotenv from "dotenv";
import { ConfigError } from "./config.ts";
import { runCli } from "./cli/commands.ts";

/** The `hromada-help` command line (bin/hromada-help.js, `npm run cli`): the commands are in src/cli/commands.ts. */
dotenv.config({ quiet: true });
runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const prefix = error instanceof ConfigError ? "Configuration error" : "Error";
    process.stderr.write(`${prefix}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
