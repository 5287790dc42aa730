import type { HsdsTables, Row } from "./model.ts";

/**
 * The HSDS 3.0 API view: one compiled `service` object per service, with its organization (and the
 * organization's phones), service_at_locations (each with its location, address, accessibility and
 * schedules), phones, schedules, service areas, languages, required documents, contacts and
 * attributes (each with its taxonomy term and taxonomy) nested, as `GET /services/{id}` returns it.
 */

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const value = row[key];
    if (typeof value !== "string") continue;
    const list = groups.get(value) ?? [];
    list.push(row);
    groups.set(value, list);
  }
  return groups;
}

export type CompiledService = Record<string, unknown>;

export function compileServices(tables: HsdsTables): CompiledService[] {
  const byId = (rows: Row[]) => new Map(rows.map((row) => [row.id as string, row]));
  const organizations = byId(tables.organization);
  const locations = byId(tables.location);
  const taxonomies = byId(tables.taxonomy);
  const terms = byId(tables.taxonomy_term);
  const phonesByOrganization = groupBy(tables.phone, "organization_id");
  const phonesByService = groupBy(tables.phone, "service_id");
  const languagesByPhone = groupBy(tables.language, "phone_id");
  const languagesByService = groupBy(tables.language, "service_id");
  const schedulesByService = groupBy(tables.schedule, "service_id");
  const schedulesByServiceAtLocation = groupBy(tables.schedule, "service_at_location_id");
  const serviceAtLocations = groupBy(tables.service_at_location, "service_id");
  const addressesByLocation = groupBy(tables.address, "location_id");
  const accessibilityByLocation = groupBy(tables.accessibility, "location_id");
  const areasByService = groupBy(tables.service_area, "service_id");
  const documentsByService = groupBy(tables.required_document, "service_id");
  const contactsByService = groupBy(tables.contact, "service_id");
  const attributesByLink = groupBy(tables.attribute, "link_id");

  const list = <T>(map: Map<string, Row[]>, id: string, shape: (row: Row) => T = (row) => row as T): T[] => (map.get(id) ?? []).map(shape);
  const phone = (row: Row) => ({ ...row, languages: list(languagesByPhone, row.id as string) });
  const attribute = (row: Row) => {
    const term = terms.get(row.taxonomy_term_id as string);
    const taxonomy = term ? taxonomies.get(term.taxonomy_id as string) : undefined;
    return { ...row, ...(term ? { taxonomy_term: { ...term, ...(taxonomy ? { taxonomy_detail: taxonomy } : {}) } } : {}) };
  };

  return tables.service.map((service) => {
    const id = service.id as string;
    const organization = organizations.get(service.organization_id as string);
    return {
      ...service,
      ...(organization ? { organization: { ...organization, phones: list(phonesByOrganization, organization.id as string, phone) } } : {}),
      service_at_locations: list(serviceAtLocations, id, (at) => {
        const location = locations.get(at.location_id as string);
        return {
          ...at,
          schedules: list(schedulesByServiceAtLocation, at.id as string),
          ...(location
            ? {
                location: {
                  ...location,
                  addresses: list(addressesByLocation, location.id as string),
                  accessibility: list(accessibilityByLocation, location.id as string),
                },
              }
            : {}),
        };
      }),
      phones: list(phonesByService, id, phone),
      schedules: list(schedulesByService, id),
      service_areas: list(areasByService, id),
      languages: list(languagesByService, id),
      required_documents: list(documentsByService, id),
      contacts: list(contactsByService, id),
      attributes: list(attributesByLink, id, attribute),
    };
  });
}
