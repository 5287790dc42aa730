import type { CatalogData, CommunityDefinition } from "../catalog.ts";
import type { OfferDefinition, ServiceDefinition } from "../schema.ts";
import { parseHours } from "./hours.ts";
import { uuidV5 } from "./uuid.ts";
import { loadVocabulary, type HsdsVocabulary } from "./vocabulary.ts";

/**
 * The catalogue as Open Referral HSDS 3.0 tables (one array of rows per table, linked by UUIDs). Both
 * export formats are views of these rows: the tabular package writes them as CSV files, the API
 * format nests them into `service` objects. Mapping:
 *   provider → organization (+ its phones); offer (provider × service) → service, with
 *   service_at_location + location + address when it has an address; opening hours → schedules;
 *   documents → required_document; recipient categories → eligibility text + attributes;
 *   community → service_area; routing department → contact; our 36 service ids, the recipient
 *   categories and the confirmed codes of Ukraine's Classifier of social services → taxonomies.
 * Values never come out as null: an unknown field is left out.
 */

export type Cell = string | number | undefined;
export type Row = Record<string, Cell>;

export const TABLE_NAMES = [
  "organization",
  "service",
  "location",
  "address",
  "service_at_location",
  "phone",
  "schedule",
  "service_area",
  "language",
  "required_document",
  "contact",
  "accessibility",
  "taxonomy",
  "taxonomy_term",
  "attribute",
] as const;
export type TableName = (typeof TABLE_NAMES)[number];
export type HsdsTables = Record<TableName, Row[]>;

export interface HsdsOptions {
  vocabulary?: HsdsVocabulary;
  /**
   * When each provider's details were last confirmed by the provider itself (YYYY-MM-DD), keyed by
   * `community/provider`: becomes the services' `assured_date`.
   */
  assuredDates?: ReadonlyMap<string, string>;
}

const UKRAINIAN = { name: "Українська", code: "uk" };
const UKRAINIAN_SIGN_LANGUAGE = { name: "Українська жестова мова", code: "ukl" };

/** A full date (YYYY-MM-DD) as an instant for last_modified; a month or a year alone says too little. */
function lastModifiedOf(...dates: Array<string | undefined>): string | undefined {
  const full = dates.filter((date): date is string => date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date)).sort();
  const latest = full[full.length - 1];
  return latest ? `${latest}T00:00:00Z` : undefined;
}

export interface StructuredAddress {
  address_1: string;
  city: string;
  state_province: string;
  postal_code: string;
  country: string;
}

/**
 * «вул. Київська, 12, м. Житомир, 10014» → address_1, city, postal code. HSDS requires a postal code
 * and a region: without a five-digit postcode in the text (or a known region) there is no structured
 * address, and the text stays in the location's description.
 */
export function structureAddress(text: string, city: string, region: string | undefined): StructuredAddress | undefined {
  if (!region) return undefined;
  const parts = text.split(",").map((part) => part.trim()).filter(Boolean);
  const postal = parts.find((part) => /^\d{5}$/.test(part));
  if (!postal) return undefined;
  const cityPattern = new RegExp(`^(?:м\\.?\\s*|місто\\s+)?${city.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "iu");
  const rest = parts.filter(
    (part) => part !== postal && !cityPattern.test(part) && !/^україна$/iu.test(part) && !/област[ьі]|обл\.?$/iu.test(part),
  );
  if (rest.length === 0) return undefined;
  return { address_1: rest.join(", "), city, state_province: region, postal_code: postal, country: "UA" };
}

function compact<T extends Row>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined && value !== "")) as T;
}

export function buildHsdsTables(data: CatalogData, options: HsdsOptions = {}): HsdsTables {
  const vocabulary = options.vocabulary ?? loadVocabulary();
  const tables = Object.fromEntries(TABLE_NAMES.map((name) => [name, [] as Row[]])) as HsdsTables;
  const add = (table: TableName, row: Row) => {
    tables[table].push(compact(row));
    return row.id as string;
  };

  // Taxonomies: our service ids, the recipient categories, the Classifier codes we could confirm.
  const taxonomyIds = {} as Record<keyof HsdsVocabulary["taxonomies"], string>;
  for (const [key, taxonomy] of Object.entries(vocabulary.taxonomies) as Array<[keyof HsdsVocabulary["taxonomies"], HsdsVocabulary["taxonomies"]["services"]]>) {
    taxonomyIds[key] = add("taxonomy", { id: uuidV5(`taxonomy:${key}`), name: taxonomy.name, description: taxonomy.description, uri: taxonomy.uri, version: taxonomy.version });
  }
  const serviceTerm = new Map<string, string>();
  for (const service of data.services) {
    serviceTerm.set(
      service.id,
      add("taxonomy_term", {
        id: uuidV5(`taxonomy_term:services/${service.id}`),
        code: service.id,
        name: service.name.uk,
        description: service.summary.uk,
        taxonomy: vocabulary.taxonomies.services.name,
        language: "uk",
        taxonomy_id: taxonomyIds.services,
      }),
    );
  }
  const recipientTerm = new Map<string, string>();
  for (const [category, label] of Object.entries(vocabulary.recipientCategories)) {
    recipientTerm.set(
      category,
      add("taxonomy_term", {
        id: uuidV5(`taxonomy_term:recipients/${category}`),
        code: category,
        name: label,
        description: label,
        taxonomy: vocabulary.taxonomies.recipients.name,
        language: "uk",
        taxonomy_id: taxonomyIds.recipients,
      }),
    );
  }
  const classifierTerm = new Map<string, string>();
  for (const [serviceId, entry] of Object.entries(vocabulary.classifier)) {
    classifierTerm.set(
      serviceId,
      add("taxonomy_term", {
        id: uuidV5(`taxonomy_term:classifier/${entry.code}`),
        code: entry.code,
        name: entry.name,
        description: `${entry.code} ${entry.name} (${vocabulary.taxonomies.classifier.name}; джерело: ${entry.source})`,
        taxonomy: vocabulary.taxonomies.classifier.name,
        language: "uk",
        taxonomy_id: taxonomyIds.classifier,
        term_uri: vocabulary.taxonomies.classifier.uri,
      }),
    );
  }
  const attribute = (linkKey: string, linkId: string, linkEntity: string, termId: string, linkType: string, value?: string) =>
    add("attribute", {
      id: uuidV5(`attribute:${linkKey}:${termId}`),
      link_id: linkId,
      taxonomy_term_id: termId,
      link_type: linkType,
      link_entity: linkEntity,
      value,
    });
  const languagesFor = (ownerKey: string, owner: { service_id?: string; phone_id?: string; location_id?: string }, list: Array<{ name: string; code: string }>) => {
    for (const language of list) add("language", { id: uuidV5(`language:${ownerKey}:${language.code}`), ...owner, ...language });
  };

  const services = new Map<string, ServiceDefinition>(data.services.map((service) => [service.id, service]));
  for (const community of data.communities) {
    const region = vocabulary.communities[community.id]?.region;
    const departmentOf = departmentsByService(community);
    for (const provider of community.providers) {
      const providerKey = `${community.id}/${provider.id}`;
      const organizationId = uuidV5(`organization:${providerKey}`);
      const offered = provider.offers.map((offer) => services.get(offer.service)?.name.uk ?? offer.service);
      add("organization", {
        id: organizationId,
        name: provider.name.uk,
        alternate_name: provider.name.en,
        description:
          provider.note?.uk ??
          `${provider.name.uk}: ${vocabulary.providerKinds[provider.kind]}, громада ${community.name.uk}.${offered.length > 0 ? ` Послуги: ${offered.join(", ")}.` : ""}`,
        email: provider.email,
        website: provider.website,
        legal_status: vocabulary.providerKinds[provider.kind],
      });
      for (const number of new Set(provider.phones)) {
        const phoneKey = `organization:${providerKey}:${number}`;
        const phoneId = add("phone", { id: uuidV5(`phone:${phoneKey}`), organization_id: organizationId, number, type: "voice" });
        languagesFor(`phone:${phoneKey}`, { phone_id: phoneId }, [UKRAINIAN]);
      }

      const locationIds = new Map<string, string>();
      const locationFor = (address: string, offer: OfferDefinition): string => {
        const known = locationIds.get(address);
        if (known) return known;
        const locationId = uuidV5(`location:${providerKey}:${address}`);
        locationIds.set(address, locationId);
        const structured = structureAddress(address, community.name.uk, region);
        add("location", {
          id: locationId,
          location_type: "physical",
          organization_id: organizationId,
          name: provider.name.uk,
          description: [structured ? undefined : `Адреса: ${address}`, offer.district ? `Район: ${offer.district}` : undefined]
            .filter(Boolean)
            .join(". ") || undefined,
        });
        if (structured) add("address", { id: uuidV5(`address:${providerKey}:${address}`), location_id: locationId, ...structured, address_type: "physical" });
        if (offer.accessibility) {
          add("accessibility", { id: uuidV5(`accessibility:${providerKey}:${address}`), location_id: locationId, description: offer.accessibility.uk });
        }
        return locationId;
      };

      for (const offer of provider.offers) {
        const service = services.get(offer.service);
        const offerKey = `${providerKey}/${offer.service}`;
        const serviceId = uuidV5(`service:${offerKey}`);
        const categories = service?.categories ?? [];
        add("service", {
          id: serviceId,
          organization_id: organizationId,
          name: service?.name.uk ?? offer.service,
          alternate_name: service?.name.en,
          description: service?.description?.uk ?? service?.summary.uk,
          url: offer.website ?? provider.website,
          email: offer.email ?? provider.email,
          status: "active",
          application_process: service?.howToApply?.uk,
          fees_description: service?.free ? "Безоплатно" : undefined,
          eligibility_description:
            categories.length > 0 ? `Для кого: ${categories.map((category) => vocabulary.recipientCategories[category]).join("; ")}` : undefined,
          assured_date: options.assuredDates?.get(providerKey),
          alert: offer.verified ? undefined : "Дані ще не підтверджені організацією: уточніть телефоном перед візитом.",
          last_modified: lastModifiedOf(offer.sourceDate, provider.sourceDate),
        });

        const termId = serviceTerm.get(offer.service);
        if (termId) attribute(`service:${offerKey}`, serviceId, "service", termId, "service_type", offer.service);
        const classifierId = classifierTerm.get(offer.service);
        if (classifierId) attribute(`service:${offerKey}`, serviceId, "service", classifierId, "service_type", vocabulary.classifier[offer.service]!.code);
        for (const category of categories) {
          const recipientId = recipientTerm.get(category);
          if (recipientId) attribute(`service:${offerKey}`, serviceId, "service", recipientId, "eligibility", category);
        }

        for (const number of new Set(offer.phones)) {
          const phoneKey = `service:${offerKey}:${number}`;
          const phoneId = add("phone", { id: uuidV5(`phone:${phoneKey}`), service_id: serviceId, number, type: "voice" });
          languagesFor(`phone:${phoneKey}`, { phone_id: phoneId }, [UKRAINIAN]);
        }
        languagesFor(`service:${offerKey}`, { service_id: serviceId }, offer.service === "sign-language" ? [UKRAINIAN, UKRAINIAN_SIGN_LANGUAGE] : [UKRAINIAN]);
        for (const document of new Set(service?.documents?.uk ?? [])) {
          add("required_document", { id: uuidV5(`required_document:${offerKey}:${document}`), service_id: serviceId, document });
        }
        add("service_area", {
          id: uuidV5(`service_area:${offerKey}`),
          service_id: serviceId,
          name: community.name.uk,
          description: `Мешканці громади ${community.name.uk}${region ? ` (${region})` : ""}`,
        });
        const department = departmentOf.get(offer.service);
        if (department) {
          add("contact", {
            id: uuidV5(`contact:${offerKey}:${department.id}`),
            service_id: serviceId,
            name: department.name.uk,
            title: "Приймає звернення мешканців щодо цієї послуги (через бот Hromada Help)",
            department: department.name.uk,
          });
        }

        const address = offer.address ?? provider.address;
        let serviceAtLocationId: string | undefined;
        if (address) {
          const locationId = locationFor(address, offer);
          serviceAtLocationId = add("service_at_location", {
            id: uuidV5(`service_at_location:${offerKey}`),
            service_id: serviceId,
            location_id: locationId,
            description: offer.note?.uk,
          });
        }
        if (offer.hours) {
          const owner = serviceAtLocationId ? { service_at_location_id: serviceAtLocationId } : { service_id: serviceId };
          const parsed = parseHours(offer.hours.uk);
          const rules = parsed?.rules ?? [];
          if (rules.length === 0) add("schedule", { id: uuidV5(`schedule:${offerKey}:0`), ...owner, description: offer.hours.uk });
          rules.forEach((rule, index) =>
            add("schedule", {
              id: uuidV5(`schedule:${offerKey}:${index}`),
              ...owner,
              freq: "WEEKLY",
              wkst: "MO",
              byday: rule.days.join(","),
              opens_at: rule.opensAt,
              closes_at: rule.closesAt,
              description: offer.hours!.uk,
              notes: [rule.clause, parsed?.breakNote, "Час київський (Europe/Kyiv)"].filter(Boolean).join(". "),
            }),
          );
        }
      }
    }
  }
  return tables;
}

function departmentsByService(community: CommunityDefinition) {
  return new Map(community.departments.flatMap((department) => department.services.map((serviceId) => [serviceId, department] as const)));
}

/** How many rows each table has, for the export's report on stderr. */
export function countRows(tables: HsdsTables): string {
  return TABLE_NAMES.filter((name) => tables[name].length > 0)
    .map((name) => `${tables[name].length} ${name}`)
    .join(", ");
}
