import type { Catalog } from "../../catalog/catalog.ts";
import { factsSource, formatDay, formatSourceDate, providerKey, sourceHost } from "../../catalog/freshness.ts";
import type { Translate } from "../context.ts";
import { escapeHtml } from "./html.ts";
import { joinParts, pick } from "./text.ts";
import { keepAtMost } from "../../kept-at-most.ts";

const MAX_PROVIDERS = 3;

/**
 * A service as a resident sees it: what it is, who provides it and how to reach them, what to bring,
 * how to apply. HTML, everything from the catalogue escaped, within Telegram's limit. Under each
 * provider, how fresh its details are: «перевірено <date>» when the provider confirmed them (`confirmed`,
 * from the database), else «дані з <site> від <date>» from the page they were taken from.
 */
export function renderServiceCard(
  catalog: Catalog,
  serviceId: string,
  communityId: string,
  locale: string,
  t: Translate,
  confirmed: ReadonlyMap<string, Date> = new Map(),
): string {
  const service = catalog.services.get(serviceId);
  if (!service) return t("my-not-found");
  const offers = catalog.offersFor(communityId, serviceId).slice(0, MAX_PROVIDERS);
  const providerBlocks = offers.map(({ provider, offer }) => {
    const phones = offer.phones.length > 0 ? offer.phones : provider.phones;
    const address = offer.address ?? provider.address;
    const note = pick(offer.note, locale) ?? pick(provider.note, locale);
    return joinParts([
      `• <b>${escapeHtml(pick(provider.name, locale) ?? provider.id)}</b>`,
      address && `  📍 ${escapeHtml(address)}${offer.district ? `, ${escapeHtml(offer.district)}` : ""}`,
      phones.length > 0 && `  📞 ${phones.map(escapeHtml).join(", ")}`,
      offer.hours && `  🕘 ${escapeHtml(pick(offer.hours, locale)!)}`,
      (offer.email ?? provider.email) && `  ✉️ ${escapeHtml((offer.email ?? provider.email)!)}`,
      (offer.website ?? provider.website) && `  🌐 ${escapeHtml((offer.website ?? provider.website)!)}`,
      offer.accessibility && `  ♿ ${escapeHtml(pick(offer.accessibility, locale)!)}`,
      note && `  ℹ️ ${escapeHtml(note)}`,
      freshnessLine(provider, offer, confirmed.get(providerKey(communityId, provider.id)), t),
    ]);
  });
  // No number to call: the request is the way in. Said once under the providers, not under each of
  // them (it was a tenth of a card's bytes, the same sentence up to three times in a row).
  const phoneless = offers.filter(({ provider, offer }) => offer.phones.length === 0 && provider.phones.length === 0).length;
  const noPhone = phoneless === 0 ? false : `<i>${t(phoneless === 1 && offers.length === 1 ? "card-no-phone" : phoneless === offers.length ? "card-no-phone-all" : "card-no-phone-some")}</i>`;
  const documents = (locale === "en" ? service.documents?.en : undefined) ?? service.documents?.uk ?? [];
  const howToApply = pick(service.howToApply, locale);
  return joinParts([
    `<b>${escapeHtml(pick(service.name, locale)!)}</b>`,
    escapeHtml(pick(service.summary, locale)!),
    service.free && `✅ ${t("card-free")}`,
    `\n<b>${t("card-providers")}</b>`,
    providerBlocks.length > 0 ? providerBlocks.join("\n") : t("card-no-providers"),
    noPhone,
    documents.length > 0 && `\n<b>${t("card-documents")}</b>\n${documents.map((d) => `• ${escapeHtml(d)}`).join("\n")}`,
    howToApply && `\n<b>${t("card-how")}</b>\n${escapeHtml(howToApply)}`,
  ]);
}

/** The most cards kept (services × communities × 2 languages; a confirmation makes a new one). */
const MAX_KEPT_CARDS = 2_000;
const keptCards = new WeakMap<Catalog, Map<string, string>>();

/**
 * `renderServiceCard`, kept: a card is the same for every resident of a community who reads it in the
 * same language until the catalogue changes (a new Catalog) or a provider confirms its details (their
 * dates are part of the key), and it holds nothing of the resident. Rendering it (a dozen escapes, texts
 * and dates per provider) was a tenth of a typed search's own CPU. `t` must be the translator of
 * `locale` (its texts are the only other input).
 */
export function keptServiceCard(
  catalog: Catalog,
  serviceId: string,
  communityId: string,
  locale: string,
  t: Translate,
  confirmed: ReadonlyMap<string, Date> = new Map(),
): string {
  let cards = keptCards.get(catalog);
  if (!cards) keptCards.set(catalog, (cards = new Map()));
  let key = `${locale}\n${communityId}\n${serviceId}`;
  for (const [provider, at] of confirmed) key += `\n${provider}=${at.getTime()}`;
  return cards.get(key) ?? keepAtMost(cards, MAX_KEPT_CARDS, key, renderServiceCard(catalog, serviceId, communityId, locale, t, confirmed));
}

/** Details from a page older than this may have changed since, and the card says so. */
const OLD_SOURCE_MS = 2 * 365 * 24 * 3_600_000;

/** How fresh one provider's details are, in one line; false when there is nothing to say. */
function freshnessLine(
  provider: Parameters<typeof factsSource>[0],
  offer: Parameters<typeof factsSource>[1],
  confirmedAt: Date | undefined,
  t: Translate,
): string | false {
  if (confirmedAt) return `  ✅ <i>${t("card-confirmed", { date: formatDay(confirmedAt) })}</i>`;
  const origin = factsSource(provider, offer);
  if (origin.verified && origin.sourceDate) return `  ✅ <i>${t("card-confirmed", { date: formatSourceDate(origin.sourceDate) })}</i>`;
  if (origin.source) {
    const host = escapeHtml(sourceHost(origin.source));
    if (!origin.sourceDate) return `  <i>${t("card-source-undated", { host })}</i>`;
    // Years-old details (a 2015 council footer): said plainly, so an older resident is not puzzled by the date.
    const old = Date.now() - Date.parse(origin.sourceDate) > OLD_SOURCE_MS;
    return `  <i>${t(old ? "card-source-old" : "card-source", { host, date: formatSourceDate(origin.sourceDate) })}</i>`;
  }
  const hasPhone = offer.phones.length > 0 || provider.phones.length > 0;
  return !origin.verified && hasPhone && `  <i>${t("card-unverified")}</i>`;
}
