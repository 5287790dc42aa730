import { describe, expect, it } from "vitest";
import { createI18n, SUPPORTED_LOCALES } from "../src/bot/i18n.ts";
import { DANGER_KINDS } from "../src/requests/danger.ts";

/**
 * A notification preview of the danger answer may be seen by the person the resident fears: the first
 * line of each kind's text is numbers only (issue 14), in every language, whoever edits the texts.
 */
describe("the danger answers' first line", () => {
  const i18n = createI18n("uk");
  const NUMBERS_ONLY = /^[\p{Extended_Pictographic}\uFE0F\d\s·-]+$/u;

  it.each(SUPPORTED_LOCALES.flatMap((locale) => DANGER_KINDS.map((kind) => [locale, kind] as const)))("%s %s: numbers only", (locale, kind) => {
    const text = i18n.t(locale, `danger-${kind}`);
    const first = text.split("\n")[0]!.replace(/<\/?b>/g, "");
    expect(first).toMatch(NUMBERS_ONLY);
    expect(first).toMatch(/\d/);
    // and the numbers it leads with are among the verified ones (../shared/DOMAIN.md)
    for (const number of first.match(/\d[\d -]*\d|\d/g) ?? []) expect(["112", "102", "103", "15-47", "116 123", "116 111", "7333"]).toContain(number.trim());
  });
});
