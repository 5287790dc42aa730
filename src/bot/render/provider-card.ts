import type { Catalog } from "../../catalog/catalog.ts";
import type { ProviderDefinition } from "../../catalog/schema.ts";
import { escapeHtml } from "./html.ts";
import { joinParts, pick } from "./text.ts";

/**
 * One provider's details as residents see them, for the provider's own contact chat ("are these still
 * right?"): name, address, phones, e-mail, site, and each service with its own contacts and hours.
 */
export function renderProviderDetails(catalog: Catalog, provider: ProviderDefinition, locale: string): string {
  const offers = provider.offers.map((offer) => {
    const service = catalog.services.get(offer.service);
    return joinParts([
      `• ${escapeHtml(pick(service?.name, locale) ?? offer.service)}`,
      offer.address && `  📍 ${escapeHtml(offer.address)}`,
      offer.phones.length > 0 && `  📞 ${offer.phones.map(escapeHtml).join(", ")}`,
      offer.hours && `  🕘 ${escapeHtml(pick(offer.hours, locale)!)}`,
    ]);
  });
  return joinParts([
    `<b>${escapeHtml(pick(provider.name, locale) ?? provider.id)}</b>`,
    provider.address && `📍 ${escapeHtml(provider.address)}`,
    provider.phones.length > 0 && `📞 ${provider.phones.map(escapeHtml).join(", ")}`,
    provider.email && `✉️ ${escapeHtml(provider.email)}`,
    provider.website && `🌐 ${escapeHtml(provider.website)}`,
    ...offers,
  ]);
}
