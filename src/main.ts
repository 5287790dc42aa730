import dotenv from "dotenv";
import type { UserFromGetMe } from "grammy/types";
import { ConfigError, loadConfig, MISSING_BOT_TOKEN } from "./config.ts";
import { openMigratedDatabase } from "./db/open.ts";
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
  // Three things at once instead of one after the other: the database opens (PGlite compiles its
  // WebAssembly on other threads and reads its files), getMe goes to Telegram (long polling), and the
  // app's modules load (src/app.ts, imported here, not above, so that it comes after the first two).
  const opening = openMigratedDatabase(config, logger);
  opening.catch(() => undefined); // reported where createApp awaits it
  const botInfo = config.botMode === "polling" ? askBotInfo(config.botToken, config.telegramApiRoot) : undefined;
  const { createApp } = await import("./app.ts");
  markStartup("app_imports");
  const app = await createApp(config, logger, { opening });
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
      // /healthz starts listening first: it answers (and says `degraded`) even while Telegram cannot be
      // reached. Its listening is not waited for: polling need not wait for it.
      const healthServer = app.startHealthServer().catch((error: unknown) =>
        // /healthz and /metrics help operators but are not worth refusing to serve residents over.
        logger.warn({ event: "health_server_unavailable", port: config.webhook.port, err: error }, "no /healthz server"),
      );
      const info = await botInfo?.answer();
      if (info) app.bot.botInfo = info;
      else botInfo?.giveUp();
      await app.bot.init(); // getMe, retried with a capped wait until Telegram answers (done if asked above)
      markStartup("get_me");
      app.startPolling();
      await healthServer;
      markStartup("health_server");
      logger.info({ event: "polling_started", bot: app.bot.botInfo.username, startupMs: startupPhases() }, "bot is running (long polling)");
    }
  } catch (error) {
    // A signal during start-up (Telegram not reached yet) aborts the start: that is a clean stop.
    if (!stopping) throw error;
  }
  return undefined;
}

/** How long the start waits, once the app is ready, for the getMe asked at its beginning. */
const EARLY_GET_ME_WAIT_MS = 3_000;

/**
 * getMe asked as the process starts, outside the link's retries: the bot's profile is there when the
 * database is, instead of one round trip to Telegram later. Any failure, or no answer within
 * EARLY_GET_ME_WAIT_MS of the app being ready, leaves it to `bot.init()`, which asks again through
 * the link (retried with a capped wait, logged, /healthz degraded) and reports what Telegram says.
 */
function askBotInfo(token: string, apiRoot: string): { answer(): Promise<UserFromGetMe | undefined>; giveUp(): void } {
  const abort = new AbortController();
  const asked = import("grammy").then(({ Api }) => {
    const api = new Api(token, { apiRoot, timeoutSeconds: 45 });
    // grammY types its signal as the abort-controller package's; Node's is the same thing.
    return api.getMe(abort.signal as Parameters<typeof api.getMe>[0]);
  });
  const answer = asked.then(
    (info) => info,
    () => undefined,
  );
  return {
    /** The answer, or undefined if none came within EARLY_GET_ME_WAIT_MS from now. */
    answer: () => Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), EARLY_GET_ME_WAIT_MS).unref())]),
    giveUp: () => abort.abort(),
  };
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
