import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { catalogCommand, validateFile } from "../../src/catalog/commands.ts";
import { DEFAULT_CATALOG_DIR, loadCatalogDirectory } from "../../src/catalog/load.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { openDatabase } from "../../src/db/client.ts";
import { createServerDatabase, TEST_DATABASE_URL } from "../helpers/databases.ts";
import { staffedCatalogDir } from "../helpers/staffed-catalog.ts";

/** The catalog commands called in process (no child process): what they print, where, and exit codes. */

const workDir = mkdtempSync(path.join(tmpdir(), "hromada-catalog-commands-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function capture() {
  const io = { stdout: "", stderr: "" };
  return { io, out: (text: string) => void (io.stdout += text), err: (text: string) => void (io.stderr += text) };
}

async function run(args: string[], env: Record<string, string> = {}) {
  const { io, out, err } = capture();
  // memory:// is a brand-new empty database at every open: a fresh install.
  const config = loadConfig({ DATABASE_URL: "memory://", LOG_LEVEL: "silent", CATALOG_DIR: DEFAULT_CATALOG_DIR, ...env });
  const code = await catalogCommand({ config, logger: createLogger("silent"), args, out, err });
  return { code, ...io };
}

/** A database the command must not need (nothing listens on port 1). */
const UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none";

const offersIn = (dir: string) =>
  loadCatalogDirectory(dir).communities.reduce((sum, c) => sum + c.providers.reduce((n, p) => n + p.offers.length, 0), 0);

describe("catalog export", () => {
  it("on a fresh install (empty database) exports the catalogue files and says so on stderr", async () => {
    // An empty database: on the PostgreSQL test server when there is one (quick), else PGlite's memory://.
    const server = await createServerDatabase();
    const result = await run(["export", "--format", "hsds"], server ? { DATABASE_URL: server.url } : {}).finally(() => server?.drop());
    expect(result.code).toBe(0);
    const services = JSON.parse(result.stdout) as Array<{ id: string; organization: { name: string } }>;
    expect(services).toHaveLength(offersIn(DEFAULT_CATALOG_DIR));
    expect(result.stderr).toContain("the database holds no catalogue yet");
    expect(result.stderr).toMatch(new RegExp(`Exported ${services.length} HSDS services from the files in .*data/catalog`));
    expect(result.stderr).toMatch(/communities: vinnytsia, zhytomyr; rows: \d+ organization, \d+ service,/);

  }, 120_000);

  // Import, then export from the database: on the PostgreSQL test server only (PGlite takes minutes
  // here for an import; test/catalog/cli.test.ts covers import + export on PGlite).
  it.runIf(TEST_DATABASE_URL)("exports the database's catalogue, with assured_date from the providers' own confirmations", async () => {
    const server = (await createServerDatabase())!;
    try {
      const env = { DATABASE_URL: server.url };
      const file = path.join(DEFAULT_CATALOG_DIR, "zhytomyr.yaml");
      expect((await run(["import", file], env)).stdout).toMatch(/^Imported zhytomyr: [1-9]\d* created, 0 updated, 0 deleted\.\n$/);
      expect((await run(["import", file], env)).stdout).toBe("Imported zhytomyr: 0 created, 0 updated, 0 deleted.\n");
      const provider = loadCatalogDirectory().communities.find((c) => c.id === "zhytomyr")!.providers[0]!;
      const db = await openDatabase(server.url);
      await db.prisma.providerCheck.create({ data: { providerKey: `zhytomyr/${provider.id}`, lastConfirmed: new Date("2026-11-20T23:30:00Z") } });
      await db.close();
      const result = await run(["export", "--format", "hsds"], env);
      expect(result.stderr).toMatch(/^Exported \d+ HSDS services from the database; communities: zhytomyr;/);
      const services = JSON.parse(result.stdout) as Array<{ assured_date?: string; organization: { name: string } }>;
      const confirmed = services.filter((service) => service.assured_date);
      expect(confirmed.length).toBe(provider.offers.length);
      // 23:30 UTC on the 20th is already the 21st in Kyiv.
      expect(confirmed.every((service) => service.assured_date === "2026-11-21" && service.organization.name === provider.name.uk)).toBe(true);
    } finally {
      await server.drop();
    }
  }, 120_000);

  // Issue 15: a staff group Telegram moved (migrate_to_chat_id) keeps its new id after a manual import,
  // as it does after the import at start-up.
  it.runIf(TEST_DATABASE_URL)("import keeps a department's moved staff group (chat_migration), and says which line to update", async () => {
    const server = (await createServerDatabase())!;
    try {
      const env = { DATABASE_URL: server.url };
      const file = path.join(staffedCatalogDir(), "zhytomyr.yaml");
      expect((await run(["import", file], env)).code).toBe(0);
      const db = await openDatabase(server.url);
      try {
        await db.prisma.chatMigration.create({ data: { fromChatId: -1002n, toChatId: -1009002n, at: new Date() } });
        const again = await run(["import", file], env);
        expect(again.code).toBe(0);
        expect(again.stderr).toContain("update the chatId line");
        const department = await db.prisma.department.findUniqueOrThrow({ where: { key: "zhytomyr/older-and-disabled" } });
        expect(department.chatId).toBe(-1009002n);
      } finally {
        await db.close();
      }
    } finally {
      await server.drop();
    }
  }, 120_000);

  it("--catalog DIR exports those files without a database", async () => {
    const csv = await run(["export", "--format", "csv", "--community", "zhytomyr", "--catalog", DEFAULT_CATALOG_DIR], { DATABASE_URL: UNREACHABLE });
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\n")[0]).toMatch(/^community,service_id/);
    expect(csv.stdout).toContain("zhytomyr,social-taxi");
    expect(csv.stdout).not.toContain("vinnytsia,");
    expect(csv.stderr).toMatch(/^Exported CSV from the files in .*catalog: zhytomyr; \d+ providers, \d+ offers, 36 services\.\n$/);
  });

  it("--format hsds-package --out DIR writes the CSV files and datapackage.json (from --catalog files, no database)", async () => {
    const out = path.join(workDir, "package");
    const result = await run(["export", "--format", "hsds-package", "--out", out, "--catalog", DEFAULT_CATALOG_DIR], { DATABASE_URL: UNREACHABLE });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/Wrote the HSDS data package to .*package \(\d+ files\) from the files in/);
    const descriptor = JSON.parse(readFileSync(path.join(out, "datapackage.json"), "utf8")) as { resources: Array<{ path: string }> };
    for (const resource of descriptor.resources) expect(existsSync(path.join(out, resource.path)), resource.path).toBe(true);
    const services = readFileSync(path.join(out, "services.csv"), "utf8").trim().split("\n");
    expect(services.length - 1).toBe(offersIn(DEFAULT_CATALOG_DIR));

    const missingOut = await run(["export", "--format", "hsds-package"]);
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain("--out DIR");
    expect((await run(["export", "--format", "pdf"])).code).toBe(2);
  });
});

describe("catalog validate, for a file anywhere on disk", () => {
  const services = path.join(DEFAULT_CATALOG_DIR, "services.yaml");
  const community = (servicesLine: string) => `version: 1
community: { id: elsewhere, name: { uk: Деінде }, requestPrefix: ДЕ${servicesLine} }
providers:
  - id: p
    name: { uk: Надавач }
    kind: ngo
    offers:
      - { service: home-kare }
departments:
  - { id: d, name: { uk: Д }, general: true, services: [no-such-service, home-care] }
`;

  it("resolves services: relative to the file, not to the working directory, and reports unknown ids", () => {
    const dir = path.join(workDir, "far", "away", "communities");
    mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(dir, "..", "shared"), { recursive: true });
    copyFileSync(services, path.join(dir, "..", "shared", "services.yaml"));
    const file = path.join(dir, "elsewhere.yaml");
    writeFileSync(file, community(", services: ../shared/services.yaml"));
    const { io, out, err } = capture();
    expect(validateFile({ out, err }, file)).toBe(1);
    expect(io.stderr).toMatch(/elsewhere\.yaml:8: providers\[0\]\.offers\[0\]\.service names an unknown service id "home-kare"/);
    expect(io.stderr).toMatch(/elsewhere\.yaml:10: departments\[0\]\.services\[0\] routes an unknown service id "no-such-service"/);
    expect(io.stderr).toContain("2 problem(s) found.");
    expect(io.stderr).not.toContain("cannot be read");
  });

  it("without its services file says where it looked, and still checks the ids against the product's own", () => {
    const dir = path.join(workDir, "lonely");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "elsewhere.yaml");
    writeFileSync(file, community(""));
    const { io, out, err } = capture();
    expect(validateFile({ out, err }, file)).toBe(1);
    expect(io.stderr).toContain(`community.services names "services.yaml", which resolves (relative to this file) to ${path.join(dir, "services.yaml")}: no such file`);
    expect(io.stderr).toMatch(/names an unknown service id "home-kare"/);
    expect(io.stderr).toMatch(/routes an unknown service id "no-such-service"/);
    expect(io.stderr).toContain("3 problem(s) found.");
  });
});
