import dotenv from "dotenv";
import { ConfigError, loadConfig } from "./config.ts";
import { createApp } from "./app.ts";
import { createLogger } from "./logger.ts";

/** Process entry: read config, open and migrate the database, run the bot, stop cleanly on a signal. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  let stopping = false;

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      logger.info({ event: "signal", signal }, "stopping");
      app.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ event: "stop_failed", err: error }, "could not stop cleanly");
          process.exit(1);
        },
      );
    });
  }

  if (config.botMode === "webhook") {
    throw new ConfigError("BOT_MODE=webhook is not available yet in this version: use BOT_MODE=polling");
  }
  app.startBackground();
  try {
    await app.bot.start({
      drop_pending_updates: false,
      onStart: (me) => logger.info({ event: "polling_started", bot: me.username }, "bot is running (long polling)"),
    });
  } catch (error) {
    // A signal during start-up (Telegram not reached yet) aborts the start: that is a clean stop.
    if (!stopping) throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
