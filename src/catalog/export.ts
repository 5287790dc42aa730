import { stringify as stringifyCsv } from "csv-stringify/sync";
import { stringify as stringifyYaml } from "yaml";
import type { CatalogData, CommunityDefinition } from "./catalog.ts";
import type { ServiceDefinition } from "./schema.ts";

/**
 * Exports of the catalogue: YAML in the community-file format (imports back as it is), CSV with one
 * row per offer (for a spreadsheet), and Open Referral HSDS 3.0 JSON (for other directories).
 */

export const EXPORT_FORMATS = ["yaml", "csv", "hsds"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function pickCommunities(data: CatalogData, communityId?: string): CommunityDefinition[] {
  const communities = communityId ? data.communities.filter((c) => c.id === communityId) : data.communities;
  if (communityId && communities.length === 0) throw new Error(`no community "${communityId}" in the catalogue`);
  return communities;
}

/** A self-contained community file: its services inline, so `catalog import` reads it back unchanged. */
export function exportYaml(data: CatalogData, communityId: string): string {
  const [community] = pickCommunities(data, communityId);
  const { id, name, requestPrefix, providers, departments } = community!;
  const document = { version: 1, community: { id, name, requestPrefix }, services: data.services, providers, departments };
  return stringifyYaml(document, { lineWidth: 0 });
}

export function exportCsv(data: CatalogData, communityId?: string): string {
  const services = new Map(data.services.map((service) => [service.id, service]));
  const rows: string[][] = [];
  for (const community of pickCommunities(data, communityId)) {
    const departmentOf = new Map(community.departments.flatMap((d) => d.services.map((s) => [s, d.id] as const)));
    for (const provider of community.providers) {
      for (const offer of provider.offers) {
        rows.push([
          community.id,
          offer.service,
          services.get(offer.service)?.name.uk ?? "",
          provider.id,
          provider.name.uk,
          offer.address ?? provider.address ?? "",
          offer.district ?? "",
          (offer.phones.length > 0 ? offer.phones : provider.phones).join("; "),
          offer.hours?.uk ?? "",
          offer.email ?? provider.email ?? "",
          offer.website ?? provider.website ?? "",
          departmentOf.get(offer.service) ?? "",
          String(offer.verified),
          offer.source ?? "",
        ]);
      }
    }
  }
  return stringifyCsv(rows, {
    header: true,
    columns: [
      "community", "service_id", "service_name", "provider_id", "provider_name", "address", "district",
      "phones", "hours", "email", "website", "department", "verified", "source",
    ],
  });
}

function eligibility(service: ServiceDefinition): string {
  return service.categories.join(", ");
}

/** HSDS 3.0: organization → service (one per provider and service) → service_at_location → location. */
export function exportHsds(data: CatalogData, communityId?: string): string {
  const services = new Map(data.services.map((service) => [service.id, service]));
  const organizations: object[] = [];
  const hsdsServices: object[] = [];
  const locations: object[] = [];
  const serviceAtLocations: object[] = [];
  const phones: object[] = [];
  for (const community of pickCommunities(data, communityId)) {
    for (const provider of community.providers) {
      const organizationId = `${community.id}/${provider.id}`;
      organizations.push({
        id: organizationId,
        name: provider.name.uk,
        alternate_name: provider.name.en ?? null,
        description: provider.note?.uk ?? provider.name.uk,
        email: provider.email ?? null,
        website: provider.website ?? null,
        legal_status: provider.kind,
      });
      provider.phones.forEach((number, index) =>
        phones.push({ id: `${organizationId}/phone/${index}`, organization_id: organizationId, number, languages: ["uk"] }),
      );
      for (const offer of provider.offers) {
        const service = services.get(offer.service);
        const serviceId = `${organizationId}/${offer.service}`;
        hsdsServices.push({
          id: serviceId,
          organization_id: organizationId,
          name: service?.name.uk ?? offer.service,
          alternate_name: service?.name.en ?? null,
          description: service?.description?.uk ?? service?.summary.uk ?? null,
          email: offer.email ?? null,
          url: offer.website ?? null,
          status: "active",
          eligibility_description: service ? eligibility(service) : null,
          application_process: service?.howToApply?.uk ?? null,
          fees_description: service?.free ? "Безкоштовно" : null,
          attributes: [{ taxonomy_term_id: offer.service, label: "hromada-help service id" }],
        });
        offer.phones.forEach((number, index) =>
          phones.push({ id: `${serviceId}/phone/${index}`, service_id: serviceId, number, languages: ["uk"] }),
        );
        const address = offer.address ?? provider.address;
        if (address) {
          const locationId = `${serviceId}/location`;
          locations.push({
            id: locationId,
            organization_id: organizationId,
            location_type: "physical",
            name: provider.name.uk,
            addresses: [{ id: `${locationId}/address`, address_1: address, city: community.name.uk, country: "UA", address_type: "physical" }],
            accessibility: offer.accessibility ? [{ id: `${locationId}/accessibility`, description: offer.accessibility.uk }] : [],
          });
          serviceAtLocations.push({
            id: `${serviceId}/at`,
            service_id: serviceId,
            location_id: locationId,
            schedules: offer.hours ? [{ id: `${serviceId}/schedule`, description: offer.hours.uk }] : [],
          });
        }
      }
    }
  }
  return `${JSON.stringify(
    { organizations, services: hsdsServices, locations, service_at_locations: serviceAtLocations, phones },
    null,
    2,
  )}\n`;
}

export function exportCatalog(data: CatalogData, format: ExportFormat, communityId?: string): string {
  if (format === "yaml") {
    const id = communityId ?? (data.communities.length === 1 ? data.communities[0]!.id : undefined);
    if (!id) throw new Error("--format yaml exports one community: add --community <id>");
    return exportYaml(data, id);
  }
  return format === "csv" ? exportCsv(data, communityId) : exportHsds(data, communityId);
}
