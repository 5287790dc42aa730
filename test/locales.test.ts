import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { createI18n, LOCALES_DIR, SUPPORTED_LOCALES } from "../src/bot/i18n.ts";
import { validateTelegramHtml } from "./helpers/telegram-html.ts";

/** A locale's files (locales/<locale>/*.ftl), joined as @grammyjs/i18n joins them. */
function localeSource(locale: string): string {
  const folder = path.join(LOCALES_DIR, locale);
  return readdirSync(folder)
    .filter((name) => name.endsWith(".ftl"))
    .sort()
    .map((name) => readFileSync(path.join(folder, name), "utf8"))
    .join("\n");
}

/** Every message of a locale file with the placeholders it uses. */
function messages(locale: string): Map<string, Set<string>> {
  const source = localeSource(locale);
  const resource = new FluentResource(source);
  const result = new Map<string, Set<string>>();
  for (const entry of resource.body) {
    const id = (entry as { id: string }).id;
    const text = source.slice(source.indexOf(`\n${id} =`) + 1);
    const body = text.slice(0, text.search(/\n(?=[a-z][\w-]* =)|\n## |$/));
    result.set(id, new Set([...body.matchAll(/\{\s*\$([a-zA-Z][\w-]*)/g)].map((m) => m[1]!)));
  }
  return result;
}

describe("locales", () => {
  const [base, ...others] = SUPPORTED_LOCALES;
  const reference = messages(base);

  it("reads placeholders from multi-line messages and selectors", () => {
    expect([...reference.get("start-greeting")!]).toEqual(["name"]);
    expect([...reference.get("req-sent")!].sort()).toEqual(["department", "number", "phone"]);
    expect([...reference.get("search-found")!]).toEqual(["count"]);
  });

  it.each(others)("%s has exactly the keys and placeholders of uk", (locale) => {
    const translated = messages(locale);
    expect([...translated.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, placeholders] of reference) {
      expect([...(translated.get(key) ?? [])].sort(), key).toEqual([...placeholders].sort());
    }
  });

  it.each(SUPPORTED_LOCALES)("%s parses without errors and every message renders to valid Telegram HTML", (locale) => {
    const source = localeSource(locale);
    const bundle = new FluentBundle(locale, { useIsolating: false });
    expect(bundle.addResource(new FluentResource(source))).toEqual([]);
    for (const [key, placeholders] of messages(locale)) {
      const message = bundle.getMessage(key);
      expect(message?.value, key).toBeTruthy();
      const args = Object.fromEntries([...placeholders].map((name) => [name, name === "count" || name === "days" || name === "max" ? 3 : "x"]));
      const errors: Error[] = [];
      const text = bundle.formatPattern(message!.value!, args, errors);
      expect(errors, key).toEqual([]);
      expect(validateTelegramHtml(text), key).toEqual([]);
    }
  });
});

describe("the bot's translator", () => {
  it("answers each language in its own words however the languages alternate (matched bundles are remembered per language)", () => {
    const i18n = createI18n("uk");
    for (let round = 0; round < 3; round++) {
      expect(i18n.t("uk", "card-other-options")).toBe("➡️ Інший варіант");
      expect(i18n.t("en", "search-found", { count: 3 })).toMatch(/^I found 3 services/);
      expect(i18n.t("de", "card-other-options")).toBe("➡️ Інший варіант"); // not spoken: the default
      expect(i18n.t("uk", "search-found", { count: 3 })).toMatch(/^Знайшов 3 послуги/);
    }
  });
});
