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
  const i18n = new I18n<BotContext>({
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
  rememberMatchedBundles(i18n);
  rememberPlainTexts(i18n);
  return i18n;
}

/**
 * @grammyjs/i18n negotiates the language again (@fluent/langneg) for every single text: two thirds of
 * what translating costs, ~6 µs a time, a dozen times for a service card. The bundles are all loaded at
 * start and never change, so the answer for a list of locales is remembered (a handful of lists).
 */
function rememberMatchedBundles(i18n: I18n<BotContext>): void {
  const fluent = i18n.fluent as unknown as { matchBundles?: (locales: string[]) => Set<unknown> };
  const match = fluent.matchBundles?.bind(fluent);
  if (!match) return; // another version of the plugin: nothing to speed up
  const remembered = new Map<string, Set<unknown>>();
  fluent.matchBundles = (locales) => {
    const key = locales.join("\n");
    let bundles = remembered.get(key);
    if (!bundles) {
      bundles = match(locales);
      if (remembered.size < 100) remembered.set(key, bundles);
    }
    return bundles;
  };
}

/** The most plain texts remembered (there are ~2 locales × a few hundred keys, and a few counts each). */
const MAX_PLAIN_TEXTS = 5_000;

/**
 * The key a text is remembered under, or undefined when it is formatted each time: a text without
 * variables, or whose variables are all small counts («Знайшов 3 послуги», «3 з 5»), is the same every
 * time for its locale. Anything else (names, phones, dates, request numbers) is never remembered: it may
 * be a resident's, and would fill the memory with texts seen once.
 */
function rememberedKey(locales: string | string[], path: string, context: Record<string, unknown> | undefined): string | undefined {
  let key = `${typeof locales === "string" ? locales : locales.join("\n")}\n${path}`;
  if (context) {
    for (const name in context) {
      const value = context[name];
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 99) return undefined;
      key += `\n${name}=${value}`;
    }
  }
  return key;
}

/**
 * A text without variables is the same every time («↩️ Назад», a menu label, a card's button): it is
 * formatted once per locale and remembered, as is one whose variables are only small counts (a search's
 * «Знайшов 3 послуги», whose plural rule was most of what formatting it cost). A search's card asks for
 * a dozen, and every text message asks for the labels the menu's `hears` filters compare it with
 * (bench/PROFILE-updates.md, session 7: translating was the bot's largest own cost after the middleware
 * chain). Other texts with variables are formatted each time.
 */
function rememberPlainTexts(i18n: I18n<BotContext>): void {
  const fluent = i18n.fluent as unknown as { translate?: (locales: string | string[], path: string, context?: Record<string, unknown>) => string };
  const translate = fluent.translate?.bind(fluent);
  if (!translate) return; // another version of the plugin: nothing to speed up
  const remembered = new Map<string, string>();
  fluent.translate = (locales, path, context) => {
    const key = rememberedKey(locales, path, context);
    if (key === undefined) return translate(locales, path, context);
    let text = remembered.get(key);
    if (text === undefined) {
      text = translate(locales, path, context);
      if (remembered.size < MAX_PLAIN_TEXTS) remembered.set(key, text);
    }
    return text;
  };
}
