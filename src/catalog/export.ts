import { stringify as stringifyCsv } from "csv-stringify/sync";
import { stringify as stringifyYaml } from "yaml";
import type { CatalogData, CommunityDefinition } from "./catalog.ts";
import { compileServices } from "./hsds/compiled.ts";
import { buildHsdsTables, type HsdsOptions } from "./hsds/model.ts";

/**
 * Exports of the catalogue: YAML in the community-file format (imports back as it is), CSV with one
 * row per offer (for a spreadsheet), and Open Referral HSDS 3.0 — the API's compiled service objects
 * (`hsds`) or the tabular data package (`hsds-package`, a folder: see writeHsdsPackage).
 */

export const EXPORT_FORMATS = ["yaml", "csv", "hsds", "hsds-package"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function pickCommunities(data: CatalogData, communityId?: string): CommunityDefinition[] {
  const communities = communityId ? data.communities.filter((c) => c.id === communityId) : data.communities;
  if (communityId && communities.length === 0) throw new Error(`no community "${communityId}" in the catalogue`);
  return communities;
}

/** A self-contained community file: its services inline, so `catalog import` reads it back unchanged. */
export function exportYaml(data: CatalogData, communityId: string): string {
  const [community] = pickCommunities(data, communityId);
  const { id, name, requestPrefix, providers, departments, announcementTopics } = community!;
  const document = { version: 1, community: { id, name, requestPrefix }, services: data.services, providers, departments, ...(announcementTopics?.length ? { announcementTopics } : {}) };
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

/** HSDS 3.0 API format: a JSON array of compiled `service` objects (see src/catalog/hsds/). */
export function exportHsds(data: CatalogData, communityId?: string, options: HsdsOptions = {}): string {
  return `${JSON.stringify(compileServices(buildHsdsTables(selectCommunities(data, communityId), options)), null, 2)}\n`;
}

/** The catalogue narrowed to some communities, for the HSDS views. */
export function selectCommunities(data: CatalogData, communityId?: string): CatalogData {
  return { services: data.services, communities: pickCommunities(data, communityId) };
}

/** The text formats (everything but hsds-package, which writes a folder). */
export function exportCatalog(data: CatalogData, format: Exclude<ExportFormat, "hsds-package">, communityId?: string, options: HsdsOptions = {}): string {
  if (format === "yaml") {
    const id = communityId ?? (data.communities.length === 1 ? data.communities[0]!.id : undefined);
    if (!id) throw new Error("--format yaml exports one community: add --community <id>");
    return exportYaml(data, id);
  }
  return format === "csv" ? exportCsv(data, communityId) : exportHsds(data, communityId, options);
}
