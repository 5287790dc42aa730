import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";

/** Remembered translations: the same text as formatting it, whatever was asked before. */

describe("remembered translations", () => {
  const i18n = createI18n("uk");

  it("give each count its own plural form, asked in any order and again", () => {
    for (let round = 0; round < 2; round++) {
      expect(i18n.t("uk", "search-found", { count: 1 })).toBe("Знайшов одну послугу:");
      expect(i18n.t("uk", "search-found", { count: 3 })).toBe("Знайшов 3 послуги. Ось найкраща:");
      expect(i18n.t("uk", "search-found", { count: 5 })).toBe("Знайшов 5 послуг. Ось найкраща:");
      expect(i18n.t("en", "search-found", { count: 3 })).toBe("I found 3 services. Here is the best match:");
      expect(i18n.t("uk", "search-found", { count: 1234 })).toContain("послуг");
    }
  });

  it("never answer one text's words for another's (names, hosts and dates are formatted each time)", () => {
    const first = i18n.t("uk", "card-source", { host: "first.example", date: "01.02.2024" });
    const second = i18n.t("uk", "card-source", { host: "second.example", date: "03.04.2025" });
    expect(first).toContain("first.example");
    expect(second).toContain("second.example");
    expect(second).not.toContain("first.example");
    expect(i18n.t("uk", "search-found", { count: 2, extra: "x" })).toContain("2");
  });
});
