import dotenv from "dotenv";
import { ConfigError, loadConfig, MISSING_BOT_TOKEN } from "./config.ts";
import { createApp } from "./app.ts";
import { createLogger } from "./logger.ts";
import { describeStartupError } from "./startup-error.ts";
import { markStartup, startupPhases } from "./startup-timing.ts";

/** Said first when `npm start` runs the sandbox because there is no bot yet. */
const SANDBOX_REASON = "BOT_TOKEN is not set, so this is the sandbox: the bot runs in this terminal, without Telegram.";

/**
 * Process entry: read config, open and migrate the database, run the bot, stop cleanly on a signal.
 * Without BOT_TOKEN (no bot created with @BotFather yet) it runs the sandbox instead and resolves
 * with its exit code.
 */
/** The database in use, named when start-up fails on it (a full disk, a read-only or wrong folder). */
let databaseUrl: string | undefined;

async function main(): Promise<number | undefined> {
  markStartup("boot_and_imports");
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  markStartup("config");
  databaseUrl = config.databaseUrl;
  if (!config.botToken) {
    // A server (the Docker image sets NODE_ENV=production) needs a real bot, not a terminal chat.
    if (process.env.NODE_ENV === "production") throw new ConfigError(MISSING_BOT_TOKEN);
    // Loaded only here: the emulator and its web server are no part of a real run.
    const { runSandbox } = await import("./sandbox/run.ts");
    return runSandbox({ env: process.env, reason: SANDBOX_REASON });
  }
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

  app.startBackground();
  try {
    if (config.botMode === "webhook") {
      // Listens at once; the webhook is registered in the background, retried while Telegram is away.
      await app.startWebhook();
      app.webhookRegistered?.catch((error: unknown) => {
        // Telegram answered and refused (a revoked token, a bad WEBHOOK_URL): no retry will help.
        process.stderr.write(`Could not start: ${describeStartupError(error, undefined)}\n`);
        process.exit(1);
      });
    } else {
      // /healthz first: it answers (and says `degraded`) even while Telegram cannot be reached.
      await app.startHealthServer().catch((error: unknown) =>
        // /healthz and /metrics help operators but are not worth refusing to serve residents over.
        logger.warn({ event: "health_server_unavailable", port: config.webhook.port, err: error }, "no /healthz server"),
      );
      markStartup("health_server");
      await app.bot.init(); // getMe, retried with a capped wait until Telegram answers
      markStartup("get_me");
      app.startPolling();
      logger.info({ event: "polling_started", bot: app.bot.botInfo.username, startupMs: startupPhases() }, "bot is running (long polling)");
    }
  } catch (error) {
    // A signal during start-up (Telegram not reached yet) aborts the start: that is a clean stop.
    if (!stopping) throw error;
  }
  return undefined;
}

main().then((code) => {
  if (code !== undefined) process.exit(code);
}, (error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`Could not start: ${describeStartupError(error, databaseUrl)}\n`);
  }
  process.exit(1);
});
