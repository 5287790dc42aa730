import { FeatureComposer } from "../composer.ts";
import type { I18n } from "@grammyjs/i18n";
import type { BotContext } from "../context.ts";
import { SUPPORTED_LOCALES } from "../i18n.ts";
import { MENU_KEYS } from "../keyboards.ts";
import { fold, normalizeText } from "../../catalog/matcher/normalize.ts";
import { answerBook } from "../../requests/typed-answers.ts";

/**
 * A menu label typed as text («мої звернення», "my requests", «Знайти допомогу») does what the button
 * does: the message is read as the button's own label in the resident's language, so every handler of
 * the button (and the dialogue's handling of menu taps) takes it, and it never reaches the search
 * («мої звернення» once found «Звернення щодо доступності»). Installed right after i18n.
 */
export const typedMenuFeature = new FeatureComposer<BotContext>();

/**
 * A label as compared: the text normalised as danger detection, small talk and the search read it
 * (letters and digits only, lower case, single spaces; `normalizeText` remembers the last few texts, so
 * every text message is normalised once for all of them), each word folded.
 */
export function menuLabelKey(text: string): string {
  const normalized = normalizeText(text);
  return normalized === "" ? "" : normalized.split(" ").map(fold).join(" ");
}

interface MenuLabels {
  /** Each label exactly as the buttons send it → its menu key: a tap on the menu needs no folding. */
  readonly exact: ReadonlyMap<string, string>;
  /** Typed form → menu key; each part of a two-language label counts too ("мова", "language"). */
  readonly typed: ReadonlyMap<string, string>;
}

const cache = new WeakMap<I18n<BotContext>, MenuLabels>();

/** The menu's labels in every language the bot speaks, as sent and as typed. */
function menuLabels(i18n: I18n<BotContext>): MenuLabels {
  let labels = cache.get(i18n);
  if (!labels) {
    const exact = new Map<string, string>();
    const typed = new Map<string, string>();
    for (const key of MENU_KEYS) {
      for (const locale of SUPPORTED_LOCALES) {
        const label = i18n.t(locale, key);
        exact.set(label, key);
        typed.set(menuLabelKey(label), key);
        for (const part of label.split("·")) if (menuLabelKey(part)) typed.set(menuLabelKey(part), key);
      }
    }
    cache.set(i18n, (labels = { exact, typed }));
  }
  return labels;
}

/** Typed form → menu key, for every language the bot speaks; each part of a two-language label counts too ("мова", "language"). */
export function typedMenuLabels(i18n: I18n<BotContext>): ReadonlyMap<string, string> {
  return menuLabels(i18n).typed;
}

/** The menu key a typed text stands for, if it is a menu label (however it is written). */
export function typedMenuKey(i18n: I18n<BotContext>, text: string): string | undefined {
  if (text.length > 60) return undefined;
  const { exact, typed } = menuLabels(i18n);
  return exact.get(text) ?? typed.get(menuLabelKey(text)) ?? menuWordKey(text);
}

/** «контакти», «мої заявки»: a resident's short word for a button (data/dialogue/answers.yaml, `menu`). */
function menuWordKey(text: string): string | undefined {
  const key = answerBook().wholeMessageOption("menu", text);
  return key && (MENU_KEYS as readonly string[]).includes(key) ? key : undefined;
}

// Not async: a handler every text passes through costs no promise of its own (issue 19).
typedMenuFeature.chatType("private").on("message:text", (ctx, next) => {
  const key = typedMenuKey(ctx.deps.i18n, ctx.message.text);
  if (key) {
    const label = ctx.t(key);
    if (label !== ctx.message.text) (ctx.message as { text: string }).text = label;
  }
  return next();
});
