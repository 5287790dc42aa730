import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig, requireBotToken } from "../src/config.ts";

const TOKEN = "123456789:AAE-valid_token";

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN });
    expect(config).toMatchObject({
      botToken: TOKEN,
      databaseUrl: DEFAULT_DATABASE_URL,
      telegramApiRoot: "https://api.telegram.org",
      botMode: "polling",
      defaultLocale: "uk",
      logLevel: "info",
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("treats empty variables as unset, as a copied .env.example leaves them", () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN, DATABASE_URL: "", LOG_LEVEL: "", BOT_MODE: "" });
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.logLevel).toBe("info");
    expect(config.botMode).toBe("polling");
  });

  it("accepts a PostgreSQL URL and an emulator's API root without a trailing slash", () => {
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      DATABASE_URL: "postgresql://bot:secret@db:5432/hromada",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9000/",
      DEFAULT_LOCALE: "en",
    });
    expect(config.databaseUrl).toBe("postgresql://bot:secret@db:5432/hromada");
    expect(config.telegramApiRoot).toBe("http://127.0.0.1:9000");
    expect(config.defaultLocale).toBe("en");
  });

  it.each([
    [{ BOT_TOKEN: "not-a-token" }, /^BOT_TOKEN must look like 123456789:AAE…/],
    [{ BOT_TOKEN: TOKEN, DATABASE_URL: "mysql://x/y" }, /^DATABASE_URL must be a folder .* or postgresql:\/\//],
    [{ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "api.telegram.org" }, /^TELEGRAM_API_ROOT must be a URL/],
    [{ BOT_TOKEN: TOKEN, BOT_MODE: "push" }, /^BOT_MODE must be "polling" or "webhook"$/],
    [{ BOT_TOKEN: TOKEN, DEFAULT_LOCALE: "ru" }, /^DEFAULT_LOCALE must be "uk" or "en"$/],
    [{ BOT_TOKEN: TOKEN, LOG_LEVEL: "loud" }, /^LOG_LEVEL must be one of fatal, error/],
    [{ BOT_TOKEN: TOKEN, PORT: "http" }, /^PORT must be a port number$/],
    [{ BOT_TOKEN: TOKEN, BOT_MODE: "webhook" }, /^WEBHOOK_URL is required when BOT_MODE=webhook; WEBHOOK_SECRET is required/],
    [{ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: "https://x.org/tg", WEBHOOK_SECRET: "short" }, /^WEBHOOK_SECRET must be 16–256/],
  ])("names the variable and what it expects: %j", (env, message) => {
    const text = errorOf(env);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("lets commands that never talk to Telegram run without a token, and says how to get one when it is needed", () => {
    const config = loadConfig({});
    expect(config.botToken).toBeUndefined();
    expect(() => requireBotToken(config)).toThrow(/^BOT_TOKEN is not set: create a bot with @BotFather/);
  });
});
