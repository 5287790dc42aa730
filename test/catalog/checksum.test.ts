import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog } from "../../src/app.ts";
import { catalogChecksum, forgetCatalogChecksum, importedCatalogChecksum } from "../../src/catalog/checksum.ts";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";
import { createLogger } from "../../src/logger.ts";
import { databaseTargets } from "../helpers/databases.ts";
import { openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";

/** A copy of the bundled catalogue a test may edit. */
function catalogueCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hromada-checksum-"));
  cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  return dir;
}

/** Log lines as JSON objects, to see whether a start imported the files or found them unchanged. */
function collectingLogger() {
  const events: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void events.push(JSON.parse(line).event as string) });
  return { logger, events };
}

describe("the catalogue files' checksum", () => {
  const dirs: string[] = [];
  const copy = () => {
    const dir = catalogueCopy();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("is the same for the same files wherever they are, and changes with any catalogue file", () => {
    const a = copy();
    const b = copy();
    expect(catalogChecksum(a)).toBe(catalogChecksum(b));
    expect(catalogChecksum(a)).toBe(catalogChecksum(a));
    const file = path.join(b, "zhytomyr.yaml");
    writeFileSync(file, readFileSync(file, "utf8") + "\n# a comment\n");
    expect(catalogChecksum(b)).not.toBe(catalogChecksum(a));
    const c = copy();
    writeFileSync(path.join(c, "extra.yaml"), "community:\n  id: extra\n");
    expect(catalogChecksum(c)).not.toBe(catalogChecksum(a));
  });

  it("follows a services file the community file names outside the folder, and the migrations", () => {
    const root = mkdtempSync(path.join(tmpdir(), "hromada-checksum-outside-"));
    dirs.push(root);
    const folder = path.join(root, "catalog");
    cpSync(DEFAULT_CATALOG_DIR, folder, { recursive: true });
    cpSync(path.join(folder, "services.yaml"), path.join(root, "shared-services.yaml"));
    const community = path.join(folder, "zhytomyr.yaml");
    const text = readFileSync(community, "utf8");
    expect(text).toMatch(/^community:\n(?:  .*\n)*?  id:/m);
    writeFileSync(community, text.replace(/^community:\n/m, "community:\n  services: ../shared-services.yaml\n"));
    const before = catalogChecksum(folder);
    writeFileSync(path.join(root, "shared-services.yaml"), readFileSync(path.join(root, "shared-services.yaml"), "utf8") + "\n# edited\n");
    expect(catalogChecksum(folder)).not.toBe(before);

    const migrations = path.join(root, "migrations");
    cpSync(path.join(DEFAULT_CATALOG_DIR, "../../prisma/migrations"), migrations, { recursive: true });
    const withMigrations = catalogChecksum(folder, migrations);
    cpSync(path.join(migrations, "migration_lock.toml"), path.join(migrations, "29991231000000_later", "migration.sql"), { recursive: true });
    expect(catalogChecksum(folder, migrations)).not.toBe(withMigrations);
  });
});

describe.each(databaseTargets)("a start's catalogue sync on $name", (target) => {
  let database: RequestsDatabase;
  const dir = catalogueCopy();
  beforeAll(async () => {
    database = await openRequestsDatabase(target, []); // migrated, no catalogue
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports the files once, skips them while unchanged, imports again when they change or `catalog import` ran", async () => {
    const first = collectingLogger();
    const imported = await syncCatalog(database.db, dir, first.logger);
    expect(first.events.filter((event) => event === "catalog_synced")).toHaveLength(2);
    expect(await importedCatalogChecksum(database.prisma)).toBe(catalogChecksum(dir));

    const second = collectingLogger();
    const again = await syncCatalog(database.db, dir, second.logger);
    expect(second.events).toContain("catalog_unchanged");
    expect(second.events).not.toContain("catalog_synced");
    expect(again.data).toEqual(imported.data);

    // An edit in a file: imported, and the catalogue says what the file says now.
    const file = path.join(dir, "zhytomyr.yaml");
    const text = readFileSync(file, "utf8");
    const requestPrefix = /^  requestPrefix: (\S+)$/m.exec(text)?.[1];
    expect(requestPrefix).toBeDefined();
    writeFileSync(file, text.replace(/^  requestPrefix: \S+$/m, "  requestPrefix: ZZ"));
    const third = collectingLogger();
    const edited = await syncCatalog(database.db, dir, third.logger);
    expect(third.events).toContain("catalog_synced");
    expect(edited.data.communities.find((community) => community.id === "zhytomyr")?.requestPrefix).toBe("ZZ");

    // `catalog import` of one file forgets the checksum: the next start imports the folder again.
    await forgetCatalogChecksum(database.prisma);
    const fourth = collectingLogger();
    await syncCatalog(database.db, dir, fourth.logger);
    expect(fourth.events).toContain("catalog_synced");
    const fifth = collectingLogger();
    await syncCatalog(database.db, dir, fifth.logger, { force: true });
    expect(fifth.events).toContain("catalog_synced");
  });
});
