import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CommunityDefinition } from "../../src/catalog/catalog.ts";
import { communityCoverage, COVERAGE_BEGIN, COVERAGE_END, coverageMarkdown, isWebSource } from "../../src/catalog/coverage.ts";
import { DEFAULT_CATALOG_DIR, loadCatalogDirectory } from "../../src/catalog/load.ts";
import { providerSchema, type ServiceDefinition } from "../../src/catalog/schema.ts";

const catalog = loadCatalogDirectory(DEFAULT_CATALOG_DIR);

describe("the catalogue's contact facts", () => {
  // Every phone, address and opening hours a resident sees must say which public page it came from.
  const facts = catalog.communities.flatMap((community) =>
    community.providers.flatMap((provider) => [
      ...(provider.phones.length > 0 || provider.address
        ? [{ where: `${community.id}/${provider.id}`, source: provider.source, sourceDate: provider.sourceDate }]
        : []),
      ...provider.offers
        .filter((offer) => offer.phones.length > 0 || offer.address || offer.hours)
        .map((offer) => ({ where: `${community.id}/${provider.id}/${offer.service}`, source: offer.source, sourceDate: offer.sourceDate })),
    ]),
  );

  it("exist (the files are not empty of contacts)", () => {
    expect(facts.length).toBeGreaterThan(10);
  });

  it.each(facts.map((fact) => [fact.where, fact] as const))("%s: phones, address and hours come from a web page", (_where, fact) => {
    expect(isWebSource(fact.source), `source is ${JSON.stringify(fact.source)}`).toBe(true);
  });

  it("every phone of the files has a web source", () => {
    const unsourced = catalog.communities.flatMap((community) =>
      community.providers.flatMap((provider) => [
        ...provider.phones.filter(() => !isWebSource(provider.source)),
        ...provider.offers.flatMap((offer) => offer.phones.filter(() => !isWebSource(offer.source))),
      ]),
    );
    expect(unsourced).toEqual([]);
  });
});

describe("data/catalog/README.md coverage table", () => {
  it("is what the YAML files say (regenerate: npx tsx scripts/catalog-coverage.ts --write)", () => {
    const readme = readFileSync(path.join(DEFAULT_CATALOG_DIR, "README.md"), "utf8");
    const block = readme.slice(readme.indexOf(COVERAGE_BEGIN) + COVERAGE_BEGIN.length, readme.indexOf(COVERAGE_END)).trim();
    expect(block).toBe(coverageMarkdown(catalog.communities, catalog.services).trim());
  });

  it("counts a service only where one provider has both a sourced phone and a sourced address", () => {
    const services = [{ id: "shelter" }, { id: "home-care" }, { id: "information" }] as ServiceDefinition[];
    const provider = (raw: unknown) => providerSchema.parse(raw);
    const community: CommunityDefinition = {
      id: "test",
      name: { uk: "Тест" },
      requestPrefix: "ТС",
      departments: [],
      providers: [
        // Phone and address from a page, through the provider: counts.
        provider({ id: "a", name: { uk: "А" }, kind: "ngo", address: "вул. Тестова, 1", phones: ["067 123 45 67"], source: "https://example.org/a", sourceDate: "2025-01-02", offers: [{ service: "shelter", source: "https://example.org/a" }] }),
        // An address from a page, the phone from nowhere: does not count.
        provider({ id: "b", name: { uk: "Б" }, kind: "ngo", address: "вул. Тестова, 2", source: "https://example.org/b", offers: [{ service: "home-care", phones: ["067 765 43 21"], source: "DOMAIN.md" }] }),
        // Sourced, but the offer is inferred: counts, yet not as stated.
        provider({ id: "c", name: { uk: "В" }, kind: "ngo", address: "вул. Тестова, 3", phones: ["(0412) 11-22-33"], source: "https://example.org/c", offers: [{ service: "information", source: "inferred from its role" }] }),
      ],
    };
    const coverage = communityCoverage(community, services);
    expect(coverage.withPhoneAndAddress).toEqual(["shelter", "information"]);
    expect(coverage.withPhoneAndAddressStated).toEqual(["shelter"]);
    expect(coverage.missing).toEqual(["home-care"]);
    expect(coverage.undatedPhones).toEqual([{ provider: "b", phones: ["067 765 43 21"] }, { provider: "c", phones: ["(0412) 11-22-33"] }]);
    expect(coverage.providersWithSources).toBe(3);
  });
});
