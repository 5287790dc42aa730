import { Bot, session, type BotConfig } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import { databaseStorage } from "../db/session-storage.ts";
import type { BotContext, BotDeps, SessionData } from "./context.ts";
import { startFeature } from "./features/start.ts";
import { createI18n } from "./i18n.ts";

export interface CreateBotOptions {
  config: Config;
  token: string;
  db: Database;
  deps: BotDeps;
  /** Known bot identity, so tests and benchmarks need no getMe call. */
  botInfo?: UserFromGetMe;
}

export function createBot({ config, token, db, deps, botInfo }: CreateBotOptions): Bot<BotContext> {
  const botConfig: BotConfig<BotContext> = { client: { apiRoot: config.telegramApiRoot } };
  if (botInfo) botConfig.botInfo = botInfo;
  const bot = new Bot<BotContext>(token, botConfig);

  // The order matters: dependencies first (every later middleware may log), then the session
  // (i18n reads the chosen language from it), then i18n, then the features.
  bot.use((ctx, next) => {
    Object.defineProperty(ctx, "deps", { value: deps });
    return next();
  });
  bot.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: databaseStorage<SessionData>(db.prisma, "session"),
    }),
  );
  bot.use(createI18n(config.defaultLocale));

  bot.use(startFeature);

  bot.catch((error) => {
    // Only ids and the error's kind: the update may carry a resident's personal data.
    deps.logger.error(
      { event: "update_failed", update: error.ctx.update.update_id, err: { name: error.error instanceof Error ? error.error.name : typeof error.error, message: error.error instanceof Error ? error.error.message : String(error.error) } },
      "an update failed",
    );
  });
  return bot;
}
