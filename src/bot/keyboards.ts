import { Keyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { I18n } from "@grammyjs/i18n";
import type { BotContext, Translate } from "./context.ts";
import { SUPPORTED_LOCALES } from "./i18n.ts";

/** The persistent menu: big buttons, always there, one tap to anything a resident does. */
export function mainMenu(t: Translate): Keyboard {
  return new Keyboard()
    .text(t("menu-find"))
    .text(t("menu-request"))
    .row()
    .text(t("menu-my-requests"))
    .text(t("menu-contacts"))
    .row()
    .text(t("menu-news"))
    .text(t("menu-language"))
    .resized()
    .persistent();
}

/** The menu keys whose text works as a command in any language the bot speaks. */
export const MENU_KEYS = ["menu-find", "menu-request", "menu-my-requests", "menu-contacts", "menu-news", "menu-language"] as const;

const menuLabelCache = new WeakMap<I18n<BotContext>, ReadonlySet<string>>();

/** The persistent menu's labels in every language the bot speaks (a tap on one is never an answer). */
export function menuLabelsOf(i18n: I18n<BotContext>): ReadonlySet<string> {
  let labels = menuLabelCache.get(i18n);
  if (!labels) {
    labels = new Set(MENU_KEYS.flatMap((key) => SUPPORTED_LOCALES.map((locale) => i18n.t(locale, key))));
    menuLabelCache.set(i18n, labels);
  }
  return labels;
}

/** One button per row: easier to read and to hit for people with poor sight. */
export function column(buttons: InlineKeyboardButton[]): { inline_keyboard: InlineKeyboardButton[][] } {
  return { inline_keyboard: buttons.map((button) => [button]) };
}

export const button = (text: string, callbackData: string): InlineKeyboardButton => ({ text, callback_data: callbackData });
