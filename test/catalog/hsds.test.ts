import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogData } from "../../src/catalog/catalog.ts";
import { exportHsds } from "../../src/catalog/export.ts";
import { compileServices } from "../../src/catalog/hsds/compiled.ts";
import { parseHours } from "../../src/catalog/hsds/hours.ts";
import { buildHsdsTables, structureAddress, TABLE_NAMES } from "../../src/catalog/hsds/model.ts";
import { tableFields, writeHsdsPackage } from "../../src/catalog/hsds/package.ts";
import { uuidV5 } from "../../src/catalog/hsds/uuid.ts";
import { loadCatalogDirectory } from "../../src/catalog/load.ts";

/**
 * Both HSDS export formats against the official HSDS 3.0 schemas (test/fixtures/hsds-3.0, copied from
 * openreferral/specification: see its README): every compiled service object against
 * schema/compiled/service.json, every CSV row against its table's schema (schema/compiled/tabular.json)
 * and the column definitions of the official datapackage.json.
 */

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/hsds-3.0");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as Record<string, unknown>;

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; required?: string[]; tabular_required?: string[] };

function makeAjv(): Ajv {
  // The official schemas carry annotations of their own (Frictionless metadata): declared, not ignored.
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats.default(ajv);
  ajv.addVocabulary(["name", "path", "datapackage_metadata", "tabular_required", "constraints", "example", "core", "datapackage_type"]);
  return ajv;
}

/** Keys the schema does not define (the official CI validates with additionalProperties: false everywhere). */
function unknownKeys(value: unknown, schema: JsonSchema | undefined, at: string): string[] {
  if (!schema) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => unknownKeys(item, schema.items, `${at}[${index}]`));
  if (value && typeof value === "object" && schema.properties) {
    return Object.entries(value).flatMap(([key, item]) =>
      schema.properties![key] ? unknownKeys(item, schema.properties![key], `${at}.${key}`) : [`${at}.${key}`],
    );
  }
  return [];
}

/** The real catalogue plus one provider with every kind of fact, so every mapped table has rows. */
function catalogueWithEveryFact(): CatalogData {
  const data = loadCatalogDirectory();
  const zhytomyr = data.communities.find((community) => community.id === "zhytomyr")!;
  const provider = {
    id: "test-full-provider",
    name: { uk: "Тестовий надавач", en: "Test provider" },
    kind: "ngo" as const,
    address: "вул. Тестова, 1, м. Житомир, 10001",
    phones: ["+380 41 200 00 00", "(0412) 00-00-01"],
    email: "test@example.org",
    website: "https://example.org/",
    verified: true,
    sourceDate: "2025-03-14",
    offers: [
      {
        service: "sign-language",
        phones: ["0 800 000 000"],
        hours: { uk: "пн–чт 8:00–17:15, пт 8:00–16:00, перерва 13:00–14:00" },
        accessibility: { uk: "Пандус біля входу" },
        district: "Корольовський",
        verified: true,
        sourceDate: "2025-04",
      },
      { service: "shelter", address: "вул. Без Індексу, 5", hours: { uk: "цілодобово" }, verified: false },
      { service: "counselling", hours: { uk: "за попереднім записом" }, verified: false },
      { service: "home-care", address: "вул. Тестова, 1, м. Житомир, 10001", verified: false },
    ],
  };
  return {
    services: data.services,
    communities: data.communities.map((community) =>
      community === zhytomyr ? { ...community, providers: [...community.providers, provider as never] } : community,
    ),
  };
}

/** The full provider's details confirmed by the provider itself (the bot's freshness check). */
const FULL_OPTIONS = { assuredDates: new Map([["zhytomyr/test-full-provider", "2026-11-21"]]) };

describe("HSDS 3.0 export: compiled service objects", () => {
  let validateService: ValidateFunction;
  let serviceSchema: JsonSchema;
  beforeAll(() => {
    serviceSchema = readJson("schema/compiled/service.json") as JsonSchema;
    validateService = makeAjv().compile(serviceSchema);
  }, 120_000);

  it("validates every object of the real catalogue and of a catalogue with every kind of fact, with 0 errors", () => {
    for (const [label, data, options] of [
      ["catalogue files", loadCatalogDirectory(), {}],
      ["catalogue + full provider", catalogueWithEveryFact(), FULL_OPTIONS],
    ] as const) {
      const services = JSON.parse(exportHsds(data, undefined, options)) as Array<Record<string, unknown>>;
      const offers = data.communities.reduce((sum, c) => sum + c.providers.reduce((n, p) => n + p.offers.length, 0), 0);
      expect(services).toHaveLength(offers);
      const errors = services.flatMap((service) => {
        const valid: boolean = validateService(service);
        return valid ? [] : validateService.errors!.map((e) => `${String(service.id)}${e.instancePath} ${e.message}`);
      });
      const unknown = services.flatMap((service) => unknownKeys(service, serviceSchema, String(service.id)));
      const nested = services.reduce((sum, s) => sum + countObjects(s), 0);
      console.log(`HSDS ${label}: ${services.length} service objects (${nested} objects nested in all) validated, ${errors.length} schema errors`);
      expect(errors).toEqual([]);
      expect(unknown).toEqual([]);
      expect(JSON.stringify(services)).not.toContain("null");
    }
  });

  it("nests organization, locations with addresses, phones, schedules, documents, languages, taxonomy", () => {
    const services = JSON.parse(exportHsds(catalogueWithEveryFact(), "zhytomyr", FULL_OPTIONS)) as Array<Record<string, any>>;
    const signLanguage = services.find((s) => s.name === "Переклад жестовою мовою" && s.organization.name === "Тестовий надавач")!;
    expect(signLanguage.organization.phones.map((p: { number: string }) => p.number)).toEqual(["+380 41 200 00 00", "(0412) 00-00-01"]);
    expect(signLanguage.phones[0].languages[0]).toMatchObject({ name: "Українська", code: "uk" });
    expect(signLanguage.languages.map((l: { code: string }) => l.code)).toEqual(["uk", "ukl"]);
    const [at] = signLanguage.service_at_locations;
    expect(at.location.addresses[0]).toMatchObject({
      address_1: "вул. Тестова, 1",
      city: "Житомир",
      state_province: "Житомирська область",
      postal_code: "10001",
      country: "UA",
    });
    expect(at.location.accessibility[0].description).toBe("Пандус біля входу");
    expect(at.schedules.map((s: Record<string, string>) => [s.byday, s.opens_at, s.closes_at])).toEqual([
      ["MO,TU,WE,TH", "08:00:00", "17:15:00"],
      ["FR", "08:00:00", "16:00:00"],
    ]);
    expect(at.schedules[0].notes).toContain("Перерва 13:00–14:00");
    expect(signLanguage.last_modified).toBe("2025-03-14T00:00:00Z");
    expect(signLanguage.assured_date).toBe("2026-11-21");
    expect(signLanguage.attributes.map((a: any) => a.taxonomy_term.code)).toContain("sign-language");
    expect(signLanguage.contacts[0].department).toBeTruthy();
    expect(signLanguage.service_areas[0].name).toBe("Житомир");

    // Without a postcode there is no structured address: the text stays in the location's description.
    const shelter = services.find((s) => s.name === "Надання притулку" && s.organization.name === "Тестовий надавач")!;
    expect(shelter.service_at_locations[0].location.addresses).toEqual([]);
    expect(shelter.service_at_locations[0].location.description).toContain("вул. Без Індексу, 5");
    // Hours it cannot read: a schedule with the text only (at the provider's address, shared).
    const counselling = services.find((s) => s.name === "Консультування" && s.organization.name === "Тестовий надавач")!;
    const [counsellingAt] = counselling.service_at_locations;
    expect(counsellingAt.schedules).toEqual([expect.objectContaining({ description: "за попереднім записом" })]);
    expect(counsellingAt.schedules[0].byday).toBeUndefined();
    expect(counsellingAt.location_id).toBe(signLanguage.service_at_locations[0].location_id);
    // The Classifier code we could confirm.
    expect(counselling.attributes.map((a: any) => a.taxonomy_term.code)).toContain("002.0");

    // 28 services list documents: each offer of them carries its required documents.
    const withDocuments = catalogueWithEveryFact().services.filter((s) => (s.documents?.uk.length ?? 0) > 0);
    expect(withDocuments.length).toBeGreaterThan(0);
    const homeCare = services.find((s) => s.name === "Догляд вдома")!;
    expect(homeCare.required_documents.length).toBe(withDocuments.find((s) => s.id === "home-care")?.documents?.uk.length ?? 0);
  });

  it("keeps every id on a re-export (UUIDv5 of our ids)", () => {
    const data = catalogueWithEveryFact();
    expect(exportHsds(data)).toBe(exportHsds(loadAgain(data)));
    // RFC 9562's example: the DNS namespace and www.example.com.
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    const ids = buildHsdsTables(data);
    const all = TABLE_NAMES.flatMap((name) => ids[name].map((row) => row.id));
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("HSDS 3.0 export: tabular data package", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hsds-package-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["catalogue files", () => loadCatalogDirectory(), "files"],
    ["catalogue + full provider", catalogueWithEveryFact, "full"],
  ] as const)("writes CSV files whose every row validates against the official table schemas (%s)", (label, data, folder) => {
    const out = path.join(dir, folder);
    writeHsdsPackage(buildHsdsTables(data(), folder === "full" ? FULL_OPTIONS : {}), out);
    const official = readJson("datapackage.json") as { resources: Array<{ name: string; path: string; schema: { fields: OfficialField[] } }> };
    const tabular = readJson("schema/compiled/tabular.json") as { properties: Record<string, { items: JsonSchema }> };
    const descriptor = JSON.parse(readFileSync(path.join(out, "datapackage.json"), "utf8")) as {
      profile: string;
      resources: Array<{ name: string; path: string; schema: { fields: OfficialField[]; foreignKeys?: Array<{ fields: string; reference: { resource: string } }> } }>;
    };
    expect(descriptor.profile).toBe("tabular-data-package");
    expect(readdirSync(out).sort()).toEqual([...descriptor.resources.map((r) => r.path), "datapackage.json"].sort());

    const ajv = makeAjv();
    const idsByTable = new Map<string, Set<string>>();
    const rowsByTable = new Map<string, Array<Record<string, unknown>>>();
    const errors: string[] = [];
    let validated = 0;
    for (const resource of descriptor.resources) {
      const reference = official.resources.find((r) => r.name === resource.name)!;
      // Our columns are the standard's, in its order, with its types, formats, required flags and enums.
      expect(resource.path).toBe(reference.path);
      expect(resource.schema.fields.map(describeField)).toEqual(reference.schema.fields.map(describeField));

      const itemSchema = tabular.properties[resource.name]!.items;
      // A row holds the table's own columns: the nested arrays (links to other tables) are not in it.
      const columns = Object.fromEntries(Object.entries(itemSchema.properties!).filter(([, property]) => (property as { type?: string }).type !== "array"));
      const rowSchema = {
        ...itemSchema,
        properties: columns,
        additionalProperties: false,
        required: [...new Set([...(itemSchema.required ?? []), ...(itemSchema.tabular_required ?? [])])],
      };
      const validateRow = ajv.compile(rowSchema);
      const csv = readFileSync(path.join(out, resource.path), "utf8");
      const [header, ...records] = parseCsv(csv) as string[][];
      expect(header).toEqual(reference.schema.fields.map((field) => field.name));
      const rows = records.map((record) => typedRow(header!, record, reference.schema.fields, errors, resource.name));
      for (const row of rows) {
        validated += 1;
        if (!validateRow(row)) errors.push(...validateRow.errors!.map((e) => `${resource.name} ${String(row.id)}${e.instancePath} ${e.message}`));
      }
      idsByTable.set(resource.name, new Set(rows.map((row) => String(row.id))));
      expect(idsByTable.get(resource.name)!.size).toBe(rows.length);
      rowsByTable.set(resource.name, rows);
    }
    // Foreign keys point at rows that exist.
    for (const resource of descriptor.resources) {
      for (const key of resource.schema.foreignKeys ?? []) {
        for (const row of rowsByTable.get(resource.name)!) {
          const value = row[key.fields];
          if (value !== undefined && !idsByTable.get(key.reference.resource)!.has(String(value))) {
            errors.push(`${resource.name} ${String(row.id)}: ${key.fields} ${String(value)} is not a ${key.reference.resource}`);
          }
        }
      }
    }
    console.log(`HSDS package (${label}): ${descriptor.resources.length} tables, ${validated} rows validated, ${errors.length} errors`);
    expect(errors).toEqual([]);
    expect(validated).toBeGreaterThan(0);
    if (folder === "files") return;
    for (const table of ["organization", "service", "location", "address", "service_at_location", "phone", "schedule", "service_area", "language", "required_document", "contact", "accessibility", "taxonomy", "taxonomy_term", "attribute"]) {
      expect(rowsByTable.get(table)?.length, table).toBeGreaterThan(0);
    }
    expect(tableFields("service").find((field) => field.name === "status")?.constraints.required).toBe(true);
  });
});

describe("HSDS helpers", () => {
  it("reads Ukrainian opening hours into weekly rules, and refuses to guess", () => {
    expect(parseHours("понеділок – п'ятниця з 8.00 до 17.00")?.rules).toEqual([
      { days: ["MO", "TU", "WE", "TH", "FR"], opensAt: "08:00:00", closesAt: "17:00:00" },
    ]);
    expect(parseHours("пн, ср, пт 9:00-13:00")?.rules[0]?.days).toEqual(["MO", "WE", "FR"]);
    expect(parseHours("Пн–Пт: 08:00–17:00, вихідні: Сб, Нд")?.rules).toHaveLength(1);
    expect(parseHours("щодня 9:00–18:00")?.rules[0]?.days).toHaveLength(7);
    expect(parseHours("Нічне перебування: щодня 20:00–8:00; інші послуги: пн–пт 8:00–17:00.")?.rules).toEqual([
      { days: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], opensAt: "20:00:00", closesAt: "08:00:00", clause: "Нічне перебування: щодня 20:00–8:00" },
      { days: ["MO", "TU", "WE", "TH", "FR"], opensAt: "08:00:00", closesAt: "17:00:00", clause: "інші послуги: пн–пт 8:00–17:00" },
    ]);
    expect(parseHours("за попереднім записом")).toBeUndefined();
    expect(parseHours("9:00–18:00")).toBeUndefined();
  });

  it("structures an address only with a postcode and a region", () => {
    expect(structureAddress("майдан ім. С. П. Корольова, 4/2, Житомир, 10014", "Житомир", "Житомирська область")).toEqual({
      address_1: "майдан ім. С. П. Корольова, 4/2",
      city: "Житомир",
      state_province: "Житомирська область",
      postal_code: "10014",
      country: "UA",
    });
    expect(structureAddress("вул. Соборна, 59", "Вінниця", "Вінницька область")).toBeUndefined();
    expect(structureAddress("вул. Соборна, 59, 21050", "Вінниця", undefined)).toBeUndefined();
  });
});

interface OfficialField {
  name: string;
  type: string;
  format?: string;
  constraints: { required?: boolean; enum?: string[] };
}

const describeField = (field: OfficialField) => ({
  name: field.name,
  type: field.type,
  format: field.format,
  required: field.constraints.required ?? false,
  enum: field.constraints.enum,
});

/** A CSV record as the row object of its table: empty cells absent, numbers as numbers, dates checked. */
function typedRow(header: string[], record: string[], fields: OfficialField[], errors: string[], table: string): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  header.forEach((name, index) => {
    const cell = record[index] ?? "";
    if (cell === "") return;
    const field = fields.find((f) => f.name === name)!;
    const fail = (what: string) => errors.push(`${table} ${record[0]}: ${name} "${cell}" is not ${what}`);
    if (field.type === "number") {
      if (!Number.isFinite(Number(cell))) fail("a number");
      row[name] = Number(cell);
      return;
    }
    if (field.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(cell)) fail("a date (YYYY-MM-DD)");
    if (field.type === "time" && !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(cell)) fail("a time (HH:MM:SS)");
    if (field.type === "datetime" && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(cell)) fail("a datetime (YYYY-MM-DDTHH:MM:SSZ)");
    row[name] = cell;
  });
  return row;
}

function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countObjects(item), 0);
  if (value && typeof value === "object") return 1 + Object.values(value).reduce((sum: number, item) => sum + countObjects(item), 0);
  return 0;
}

function loadAgain(data: CatalogData): CatalogData {
  return JSON.parse(JSON.stringify(data)) as CatalogData;
}
