import type { CommunityDefinition } from "./catalog.ts";
import type { OfferDefinition, ProviderDefinition, ServiceDefinition } from "./schema.ts";

/**
 * How much of a community's catalogue a resident can act on: which services have a provider with a
 * phone and an address taken from a public page (a `source` that is a web address), and what could not
 * be found. data/catalog/README.md shows it; test/catalog/coverage.test.ts keeps the README true.
 */

export const isWebSource = (source: string | undefined): source is string => source !== undefined && /^https?:\/\//.test(source);

/** A contact fact as the card shows it: the offer's own, or else the provider's, with that entry's source. */
export interface SourcedFact<T> {
  value: T;
  source?: string;
  sourceDate?: string;
}

export function effectivePhones(provider: ProviderDefinition, offer: OfferDefinition): SourcedFact<string[]> | undefined {
  if (offer.phones.length > 0) return { value: offer.phones, source: offer.source, sourceDate: offer.sourceDate };
  if (provider.phones.length > 0) return { value: provider.phones, source: provider.source, sourceDate: provider.sourceDate };
  return undefined;
}

export function effectiveAddress(provider: ProviderDefinition, offer: OfferDefinition): SourcedFact<string> | undefined {
  if (offer.address) return { value: offer.address, source: offer.source, sourceDate: offer.sourceDate };
  if (provider.address) return { value: provider.address, source: provider.source, sourceDate: provider.sourceDate };
  return undefined;
}

/** An offer whose link to its service a source states ("inferred …" marks a guess from the provider's role). */
export const isStatedOffer = (offer: OfferDefinition): boolean => !/^inferred/i.test(offer.source ?? "inferred");

export interface CommunityCoverage {
  communityId: string;
  services: number;
  withPhoneAndAddress: string[];
  /** Of those, the services where the provider's offer itself is stated by a source, not inferred from its role. */
  withPhoneAndAddressStated: string[];
  withPhone: string[];
  withAddress: string[];
  /** Services no provider reaches with a sourced phone and address. */
  missing: string[];
  providers: number;
  providersWithSources: number;
  /** Phones whose page states no date (provider id → phones). */
  undatedPhones: Array<{ provider: string; phones: string[] }>;
  notFound: Array<{ provider: string; text: string }>;
}

export function communityCoverage(community: CommunityDefinition, services: readonly ServiceDefinition[]): CommunityCoverage {
  const withPhone = new Set<string>();
  const withAddress = new Set<string>();
  const withBoth = new Set<string>();
  const withBothStated = new Set<string>();
  const undatedPhones: CommunityCoverage["undatedPhones"] = [];
  for (const provider of community.providers) {
    const undated = new Set<string>();
    for (const offer of provider.offers) {
      const phones = effectivePhones(provider, offer);
      const address = effectiveAddress(provider, offer);
      const phoneOk = phones !== undefined && isWebSource(phones.source);
      const addressOk = address !== undefined && isWebSource(address.source);
      if (phoneOk) withPhone.add(offer.service);
      if (addressOk) withAddress.add(offer.service);
      if (phoneOk && addressOk) withBoth.add(offer.service);
      if (phoneOk && addressOk && isStatedOffer(offer)) withBothStated.add(offer.service);
      if (phones && !phones.sourceDate) phones.value.forEach((phone) => undated.add(phone));
    }
    if (provider.phones.length > 0 && !provider.sourceDate) provider.phones.forEach((phone) => undated.add(phone));
    if (undated.size > 0) undatedPhones.push({ provider: provider.id, phones: [...undated] });
  }
  const ids = services.map((service) => service.id);
  return {
    communityId: community.id,
    services: ids.length,
    withPhoneAndAddress: ids.filter((id) => withBoth.has(id)),
    withPhoneAndAddressStated: ids.filter((id) => withBothStated.has(id)),
    withPhone: ids.filter((id) => withPhone.has(id)),
    withAddress: ids.filter((id) => withAddress.has(id)),
    missing: ids.filter((id) => !withBoth.has(id)),
    providers: community.providers.length,
    providersWithSources: community.providers.filter(
      (provider) => isWebSource(provider.source) || provider.offers.some((offer) => isWebSource(offer.source)),
    ).length,
    undatedPhones,
    notFound: community.providers.flatMap((provider) => (provider.notFound ? [{ provider: provider.id, text: provider.notFound }] : [])),
  };
}

/** The coverage of every community as Markdown, for data/catalog/README.md. */
export function coverageMarkdown(communities: readonly CommunityDefinition[], services: readonly ServiceDefinition[]): string {
  const rows = communities.map((community) => communityCoverage(community, services));
  const lines = [
    "| Community | Services with a sourced phone and address | … of which the offer itself is stated (not inferred) | … with a sourced phone | … with a sourced address | Providers with a web source |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.communityId} | ${row.withPhoneAndAddress.length} / ${row.services} | ${row.withPhoneAndAddressStated.length} / ${row.services} | ${row.withPhone.length} / ${row.services} | ${row.withAddress.length} / ${row.services} | ${row.providersWithSources} / ${row.providers} |`,
    ),
  ];
  for (const row of rows) {
    lines.push(
      "",
      `### ${row.communityId}`,
      "",
      `- With a sourced phone and address: ${row.withPhoneAndAddress.join(", ") || "none"}.`,
      `- … where the offer itself is stated by a source: ${row.withPhoneAndAddressStated.join(", ") || "none"}.`,
      `- With a sourced phone only: ${row.withPhone.filter((id) => !row.withPhoneAndAddress.includes(id)).join(", ") || "none"}.`,
      `- With a sourced address only: ${row.withAddress.filter((id) => !row.withPhoneAndAddress.includes(id)).join(", ") || "none"}.`,
      `- Not reachable with a sourced phone and address (${row.missing.length}): ${row.missing.join(", ") || "none"}.`,
    );
    if (row.undatedPhones.length > 0) {
      lines.push(`- Phones whose page states no date: ${row.undatedPhones.map((entry) => `${entry.provider} (${entry.phones.join(", ")})`).join("; ")}.`);
    }
    if (row.notFound.length > 0) {
      lines.push("- Not found in public pages:", ...row.notFound.map((entry) => `  - \`${entry.provider}\`: ${entry.text}`));
    }
  }
  return lines.join("\n");
}

export const COVERAGE_BEGIN = "<!-- coverage:begin (generated by `npx tsx scripts/catalog-coverage.ts --write`; do not edit by hand) -->";
export const COVERAGE_END = "<!-- coverage:end -->";

/** The README with its generated block replaced by `table`. */
export function withCoverage(readme: string, table: string): string {
  const begin = readme.indexOf(COVERAGE_BEGIN);
  const end = readme.indexOf(COVERAGE_END);
  if (begin < 0 || end < begin) throw new Error("the README has no coverage block (COVERAGE_BEGIN … COVERAGE_END)");
  return `${readme.slice(0, begin + COVERAGE_BEGIN.length)}\n${table}\n${readme.slice(end)}`;
}
