import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { TABLE_NAMES, type HsdsTables, type TableName } from "./model.ts";

/**
 * The HSDS 3.0 tabular data package: one CSV file per table, with the standard's columns in the
 * standard's order, and a datapackage.json (Frictionless tabular-data-package) describing them.
 * Column lists follow the official datapackage.json of openreferral/specification 3.0; a `!` marks a
 * required column. Only the tables the catalogue fills are written.
 */

const TABLES: Record<TableName, { path: string; fields: string }> = {
  organization: { path: "organizations.csv", fields: "id! name! alternate_name description! email website tax_status tax_id year_incorporated legal_status logo uri parent_organization_id" },
  service: {
    path: "services.csv",
    fields:
      "id! organization_id! program_id name! alternate_name description url email status! interpretation_services application_process fees_description wait_time fees accreditations eligibility_description minimum_age maximum_age assured_date assurer_email licenses alert last_modified",
  },
  location: { path: "locations.csv", fields: "id! location_type! url organization_id name alternate_name description transportation latitude longitude external_identifier external_identifier_type" },
  address: { path: "addresses.csv", fields: "id! location_id attention address_1! address_2 city! region state_province! postal_code! country! address_type!" },
  service_at_location: { path: "service_at_location.csv", fields: "id! service_id! location_id! description" },
  phone: { path: "phones.csv", fields: "id! location_id service_id organization_id contact_id service_at_location_id number! extension type description" },
  schedule: {
    path: "schedules.csv",
    fields:
      "id! service_id location_id service_at_location_id valid_from valid_to dtstart timezone until count wkst freq interval byday byweekno bymonthday byyearday description opens_at closes_at schedule_link attending_type notes",
  },
  service_area: { path: "service_areas.csv", fields: "id! service_id name description extent extent_type uri" },
  language: { path: "languages.csv", fields: "id! service_id location_id phone_id name code note" },
  required_document: { path: "required_documents.csv", fields: "id! service_id document uri" },
  contact: { path: "contacts.csv", fields: "id! organization_id service_id service_at_location_id location_id name title department email" },
  accessibility: { path: "accessibility.csv", fields: "id! location_id description details url" },
  taxonomy: { path: "taxonomies.csv", fields: "id! name! description! uri version" },
  taxonomy_term: { path: "taxonomy_terms.csv", fields: "id! code name! description! parent_id taxonomy language taxonomy_id term_uri" },
  attribute: { path: "attributes.csv", fields: "id! link_id! taxonomy_term_id! link_type link_entity! value" },
};

const ENUMS: Record<string, string[]> = {
  status: ["active", "inactive", "defunct", "temporarily closed"],
  location_type: ["physical", "postal", "virtual"],
  address_type: ["physical", "postal", "virtual"],
  wkst: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
  freq: ["WEEKLY", "MONTHLY"],
};
const NUMBERS = new Set(["year_incorporated", "minimum_age", "maximum_age", "latitude", "longitude", "extension", "timezone", "count", "interval", "amount"]);
const DATES = new Set(["assured_date", "valid_from", "valid_to", "dtstart", "until"]);
const URIS = new Set(["website", "url", "uri", "term_uri", "schedule_link"]);
/** Named like an id or a link, but plain text in the standard. */
const PLAIN_TEXT = new Set(["organization.tax_id", "service_area.uri"]);
const FOREIGN_KEYS: Record<string, TableName> = {
  organization_id: "organization",
  service_id: "service",
  location_id: "location",
  service_at_location_id: "service_at_location",
  phone_id: "phone",
  contact_id: "contact",
  taxonomy_term_id: "taxonomy_term",
  taxonomy_id: "taxonomy",
};

export interface FieldDescriptor {
  name: string;
  type: string;
  format?: string;
  constraints: { required: boolean; unique?: boolean; enum?: string[] };
}

function fieldDescriptor(table: TableName, spec: string): FieldDescriptor {
  const required = spec.endsWith("!");
  const name = required ? spec.slice(0, -1) : spec;
  const constraints: FieldDescriptor["constraints"] = { required, ...(name === "id" ? { unique: true } : {}) };
  const enumValues = ENUMS[name];
  if (enumValues) constraints.enum = enumValues;
  if (PLAIN_TEXT.has(`${table}.${name}`)) return { name, type: "string", constraints };
  if (name === "id" || name.endsWith("_id")) return { name, type: "string", format: "uuid", constraints };
  if (name === "email" || name === "assurer_email") return { name, type: "string", format: "email", constraints };
  if (URIS.has(name)) return { name, type: "string", format: "uri", constraints };
  if (NUMBERS.has(name)) return { name, type: "number", constraints };
  if (DATES.has(name)) return { name, type: "date", constraints };
  if (name === "last_modified") return { name, type: "datetime", constraints };
  if (name === "opens_at" || name === "closes_at") return { name, type: "time", constraints };
  return { name, type: "string", constraints };
}

export function tableFields(table: TableName): FieldDescriptor[] {
  return TABLES[table].fields.split(" ").map((spec) => fieldDescriptor(table, spec));
}

export function tablePath(table: TableName): string {
  return TABLES[table].path;
}

/** datapackage.json for the tables written (those with rows). */
export function dataPackageDescriptor(tables: readonly TableName[]): Record<string, unknown> {
  return {
    name: "hromada-help-catalogue",
    title: "Hromada Help: каталог соціальних послуг громад (HSDS 3.0)",
    description: "Соціальні послуги, їх надавачі, адреси, телефони й графіки роботи в громадах, з якими працює бот Hromada Help. Формат — Open Referral Human Services Data Specification 3.0.",
    profile: "tabular-data-package",
    version: "3.0.0",
    homepage: "https://docs.openreferral.org",
    resources: tables.map((table) => {
      const fields = tableFields(table);
      const foreignKeys = fields
        .filter((field) => FOREIGN_KEYS[field.name] && FOREIGN_KEYS[field.name] !== table && tables.includes(FOREIGN_KEYS[field.name]!))
        .map((field) => ({ fields: field.name, reference: { resource: FOREIGN_KEYS[field.name], fields: "id" } }));
      return {
        name: table,
        path: TABLES[table].path,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        profile: "tabular-data-resource",
        schema: { primaryKey: "id", fields, ...(foreignKeys.length > 0 ? { foreignKeys } : {}) },
      };
    }),
  };
}

export interface WrittenPackage {
  files: string[];
  tables: TableName[];
}

/** Writes the CSV files and datapackage.json into dir (created if missing); returns what it wrote. */
export function writeHsdsPackage(tables: HsdsTables, dir: string): WrittenPackage {
  mkdirSync(dir, { recursive: true });
  const written = TABLE_NAMES.filter((name) => tables[name].length > 0);
  const files: string[] = [];
  for (const table of written) {
    const columns = tableFields(table).map((field) => field.name);
    const csv = stringify(
      tables[table].map((row) => columns.map((column) => (row[column] === undefined ? "" : String(row[column])))),
      { header: true, columns },
    );
    const file = path.join(dir, TABLES[table].path);
    writeFileSync(file, csv);
    files.push(file);
  }
  const descriptor = path.join(dir, "datapackage.json");
  writeFileSync(descriptor, `${JSON.stringify(dataPackageDescriptor(written), null, 2)}\n`);
  files.push(descriptor);
  return { files, tables: written };
}
