import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { keptServiceCard, renderServiceCard } from "../../src/bot/render/service-card.ts";
import { Catalog } from "../../src/catalog/catalog.ts";
import { DEFAULT_CATALOG_DIR, loadCatalogDirectory } from "../../src/catalog/load.ts";

/** A kept service card is the card rendered now, for its catalogue, community, language and confirmations. */

const data = loadCatalogDirectory(DEFAULT_CATALOG_DIR);
const catalog = new Catalog(data);
const i18n = createI18n("uk");
const t = (key: string, variables?: Record<string, string | number>) => i18n.t("uk", key, variables);
const en = (key: string, variables?: Record<string, string | number>) => i18n.t("en", key, variables);

describe("a kept service card", () => {
  it("is the rendered card, for every service and community, in both languages, asked twice", () => {
    let compared = 0;
    for (const communityId of catalog.communities.keys()) {
      for (const serviceId of catalog.services.keys()) {
        for (const [locale, translate] of [["uk", t], ["en", en]] as const) {
          const rendered = renderServiceCard(catalog, serviceId, communityId, locale, translate);
          expect(keptServiceCard(catalog, serviceId, communityId, locale, translate)).toBe(rendered);
          expect(keptServiceCard(catalog, serviceId, communityId, locale, translate)).toBe(rendered);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("changes when the provider confirms its details, and again with a later confirmation", () => {
    const unconfirmed = keptServiceCard(catalog, "shelter", "zhytomyr", "uk", t);
    const first = new Map([["zhytomyr/zt-warming-point", new Date("2026-11-20T10:00:00Z")]]);
    const later = new Map([["zhytomyr/zt-warming-point", new Date("2026-11-27T10:00:00Z")]]);
    const confirmed = keptServiceCard(catalog, "shelter", "zhytomyr", "uk", t, first);
    expect(confirmed).not.toBe(unconfirmed);
    expect(confirmed).toContain(t("card-confirmed", { date: "20.11.2026" }));
    expect(keptServiceCard(catalog, "shelter", "zhytomyr", "uk", t, later)).toContain(t("card-confirmed", { date: "27.11.2026" }));
    expect(keptServiceCard(catalog, "shelter", "zhytomyr", "uk", t)).toBe(unconfirmed);
  });

  it("is not kept across catalogues: a changed catalogue renders its own card", () => {
    const before = keptServiceCard(catalog, "shelter", "zhytomyr", "uk", t);
    const renamed = structuredClone(data);
    const shelter = renamed.services.find((service) => service.id === "shelter")!;
    shelter.name = { ...shelter.name, uk: "Прихисток (нова назва)" };
    const card = keptServiceCard(new Catalog(renamed), "shelter", "zhytomyr", "uk", t);
    expect(card).toContain("Прихисток (нова назва)");
    expect(before).not.toContain("Прихисток (нова назва)");
  });
});
