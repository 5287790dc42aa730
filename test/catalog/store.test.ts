import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import path from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { Catalog } from "../../src/catalog/catalog.ts";
import { exportCatalog } from "../../src/catalog/export.ts";
import { DEFAULT_CATALOG_DIR, loadCommunityFile, type LoadedCommunityFile } from "../../src/catalog/load.ts";
import { importCommunity, readCatalog } from "../../src/catalog/store.ts";
import type { Database } from "../../src/db/client.ts";
import { databaseTargets } from "../helpers/databases.ts";
import { openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";

const zhytomyr = () => loadCommunityFile(path.join(DEFAULT_CATALOG_DIR, "zhytomyr.yaml"));
const vinnytsia = () => loadCommunityFile(path.join(DEFAULT_CATALOG_DIR, "vinnytsia.yaml"));

describe.each(databaseTargets)("catalog import on $name", (target) => {
  let database: RequestsDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await openRequestsDatabase(target, []); // migrated, no catalogue
    db = database.db;
  });
  afterAll(async () => {
    await database.close();
  });

  it("imports a community, and importing it again changes nothing", async () => {
    const first = await importCommunity(db.prisma, zhytomyr());
    expect(first.created).toBeGreaterThan(36);
    const before = await db.prisma.service.findMany({ orderBy: { id: "asc" } });
    expect(await importCommunity(db.prisma, zhytomyr())).toEqual({ created: 0, updated: 0, deleted: 0 });
    const after = await db.prisma.service.findMany({ orderBy: { id: "asc" } });
    expect(after.map((s) => s.updatedAt.getTime())).toEqual(before.map((s) => s.updatedAt.getTime()));
  });

  it("reads back exactly what the file says", async () => {
    const loaded = zhytomyr();
    const catalog = await readCatalog(db.prisma);
    const stored = catalog.communities.find((c) => c.id === "zhytomyr")!;
    const sortById = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
    expect(sortById(stored.providers)).toEqual(sortById(loaded.community.providers));
    expect(stored.departments).toEqual(loaded.community.departments);
    expect(sortById(catalog.services)).toEqual(sortById(loaded.services));
  });

  it("makes a removed service, provider or offer disappear, and a changed field change", async () => {
    const edited: LoadedCommunityFile = structuredClone(zhytomyr());
    edited.services = edited.services.filter((service) => service.id !== "mediation");
    for (const department of edited.community.departments) {
      department.services = department.services.filter((id) => id !== "mediation");
    }
    for (const provider of edited.community.providers) {
      provider.offers = provider.offers.filter((offer) => offer.service !== "mediation");
    }
    const removedProvider = edited.community.providers.pop()!;
    edited.community.providers[0]!.offers.splice(0, 1);
    edited.community.providers[0]!.address = "вул. Тестова, 1";

    const report = await importCommunity(db.prisma, edited);
    expect(report.deleted).toBeGreaterThanOrEqual(3);
    expect(report.updated).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.service.findUnique({ where: { id: "mediation" } })).toBeNull();
    expect(await db.prisma.provider.findUnique({ where: { key: `zhytomyr/${removedProvider.id}` } })).toBeNull();
    const first = await db.prisma.provider.findUniqueOrThrow({ where: { key: `zhytomyr/${edited.community.providers[0]!.id}` } });
    expect(first.address).toBe("вул. Тестова, 1");

    // And back: the file is the source of truth, including fields it no longer sets.
    await importCommunity(db.prisma, zhytomyr());
    expect((await readCatalog(db.prisma)).services).toHaveLength(zhytomyr().services.length);
    expect(await importCommunity(db.prisma, zhytomyr())).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  it("keeps communities apart and routes each service to its department", async () => {
    await importCommunity(db.prisma, vinnytsia());
    const catalog = new Catalog(await readCatalog(db.prisma));
    expect([...catalog.communities.keys()].sort()).toEqual(["vinnytsia", "zhytomyr"]);
    expect(catalog.departmentFor("zhytomyr", "social-taxi")?.services).toContain("social-taxi");
    expect(catalog.departmentFor("zhytomyr", undefined)?.general).toBe(true);
    expect(catalog.offersFor("zhytomyr", "social-taxi").length).toBeGreaterThan(0);
  });

  it("exports YAML that imports back to the same catalogue, and CSV and HSDS with every offer", async () => {
    const data = await readCatalog(db.prisma);
    const yaml = exportCatalog(data, "yaml", "zhytomyr");
    const dir = mkdtempSync(path.join(tmpdir(), "hromada-export-"));
    try {
      writeFileSync(path.join(dir, "exported.yaml"), yaml);
      const reloaded = loadCommunityFile(path.join(dir, "exported.yaml"));
      expect(await importCommunity(db.prisma, reloaded)).toEqual({ created: 0, updated: 0, deleted: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const offers = data.communities.find((c) => c.id === "zhytomyr")!.providers.flatMap((p) => p.offers);
    const csv = exportCatalog(data, "csv", "zhytomyr").trim().split("\n");
    expect(csv[0]).toMatch(/^community,service_id,service_name,provider_id/);
    expect(csv).toHaveLength(offers.length + 1);
    // HSDS: one compiled service object per offer, each with its organization nested (the API's shape).
    const hsds = JSON.parse(exportCatalog(data, "hsds", "zhytomyr")) as Array<{ id: string; organization?: { id: string } }>;
    expect(hsds).toHaveLength(offers.length);
    expect(new Set(hsds.map((service) => service.id)).size).toBe(offers.length);
    expect(hsds.every((service) => typeof service.organization?.id === "string")).toBe(true);
    expect(parseYaml(yaml).community.id).toBe("zhytomyr");
  });
});
