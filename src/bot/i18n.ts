import path from "node:path";
import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { BotContext } from "./context.ts";

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales");
export const SUPPORTED_LOCALES = ["uk", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/**
 * Each resident's own language: the one they chose (kept in the session), else Telegram's language
 * when we speak it, else the install's default. Russian-speaking residents get Ukrainian, the
 * language of every official text they will be handed.
 */
export function createI18n(defaultLocale: Locale): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale,
    directory: LOCALES_DIR,
    useSession: true,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => {
      const chosen = ctx.session?.__language_code;
      if (chosen && (SUPPORTED_LOCALES as readonly string[]).includes(chosen)) return chosen;
      const telegram = ctx.from?.language_code;
      if (telegram && (SUPPORTED_LOCALES as readonly string[]).includes(telegram)) return telegram;
      return defaultLocale;
    },
  });
}
