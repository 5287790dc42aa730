import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { renderServiceCard } from "../../src/bot/render/service-card.ts";
import { Catalog } from "../../src/catalog/catalog.ts";
import { formatSourceDate, sourceHost } from "../../src/catalog/freshness.ts";
import { DEFAULT_CATALOG_DIR, loadCatalogDirectory } from "../../src/catalog/load.ts";

/** The freshness line under each provider of a service card, without Telegram. */

const catalog = new Catalog(loadCatalogDirectory(DEFAULT_CATALOG_DIR));
const i18n = createI18n("uk");
const t = (key: string, variables?: Record<string, string | number>) => i18n.t("uk", key, variables);
const en = (key: string, variables?: Record<string, string | number>) => i18n.t("en", key, variables);

describe("a service card's freshness lines", () => {
  it("name the page and its date for sourced contacts (Vinnytsia's DV day centre: phones from 2021)", () => {
    const card = renderServiceCard(catalog, "crisis-intervention", "vinnytsia", "uk", t);
    expect(card).toContain("(0432) 67-04-60");
    // Years old: said to have maybe changed (session 14's trial: «дані 2015 року» puzzled an older resident).
    expect(card).toContain(t("card-source-old", { host: "daily.vn.ua", date: "12.02.2021" }));
  });

  it("say when a page states no date", () => {
    const card = renderServiceCard(catalog, "shelter", "zhytomyr", "uk", t);
    expect(card).toContain("093 264 65 46");
    expect(card).toContain(t("card-source-undated", { host: "times.zt.ua" }));
  });

  it("say «Перевірено <date>» once the provider confirmed, instead of the page", () => {
    const confirmed = new Map([["zhytomyr/zt-warming-point", new Date("2026-11-20T10:00:00Z")]]);
    const card = renderServiceCard(catalog, "shelter", "zhytomyr", "uk", t, confirmed);
    expect(card).toContain(t("card-confirmed", { date: "20.11.2026" }));
    expect(card).not.toContain(t("card-source-undated", { host: "times.zt.ua" }));
  });

  it("still tell residents without a phone to send a request, and speak English", () => {
    const card = renderServiceCard(catalog, "resilience", "vinnytsia", "en", en);
    expect(card).toContain(en("card-no-phone"));
    expect(card).not.toContain("Details from"); // its provider has no web source yet
    expect(card).toContain("Resilience");
  });

  it("say once, under the providers, that phones are still being checked (not under each of them)", () => {
    const sentences = ["card-no-phone", "card-no-phone-all", "card-no-phone-some"].map((key) => t(key));
    let mixed = 0;
    for (const communityId of catalog.communities.keys()) {
      for (const serviceId of catalog.services.keys()) {
        const shown = catalog.offersFor(communityId, serviceId).slice(0, 3);
        if (shown.length === 0) continue;
        const phoneless = shown.filter(({ provider, offer }) => offer.phones.length === 0 && provider.phones.length === 0).length;
        const card = renderServiceCard(catalog, serviceId, communityId, "uk", t);
        const said = sentences.map((sentence) => card.split(sentence).length - 1);
        expect(said.reduce((sum, n) => sum + n, 0)).toBe(phoneless > 0 ? 1 : 0);
        if (phoneless > 0 && phoneless < shown.length) {
          mixed++;
          expect(said[2]).toBe(1);
        }
        if (phoneless > 1 && phoneless === shown.length) expect(said[1]).toBe(1);
      }
    }
    expect(mixed).toBeGreaterThan(0); // the catalogue has cards with and without phones side by side
  });

  it("format dates and hosts as residents read them", () => {
    expect(formatSourceDate("2024-12-04")).toBe("04.12.2024");
    expect(formatSourceDate("2021-12")).toBe("12.2021");
    expect(formatSourceDate("2017")).toBe("2017");
    expect(sourceHost("https://www.zhitomir.info/news_230340.html")).toBe("zhitomir.info");
  });
});
