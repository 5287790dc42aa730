/**
 * Builds the test run's database templates (test/helpers/db-templates.ts) once, before any test file
 * starts: two workers that both found no template would otherwise both run initdb. Run by the global
 * setup (test/helpers/global-setup.ts) in a child process; a template already cached costs nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";
import { writeSandboxCatalog } from "../../src/sandbox/catalog.ts";
import { catalogPgliteDataDir, emptyPgliteDataDir, migratedPgliteDataDir } from "./db-templates.ts";

await emptyPgliteDataDir();
await migratedPgliteDataDir();
// The catalogue most test apps start with; test catalogues (staffed, partners) get theirs on first use.
await catalogPgliteDataDir(DEFAULT_CATALOG_DIR);
// The sandbox's (the catalogue with its made-up chats): test/e2e/start.e2e.test.ts's sandbox starts from it.
const sandboxCatalog = path.join(mkdtempSync(path.join(tmpdir(), "hromada-sandbox-catalog-")), "catalog");
try {
  writeSandboxCatalog(DEFAULT_CATALOG_DIR, sandboxCatalog);
  await catalogPgliteDataDir(sandboxCatalog);
} finally {
  rmSync(path.dirname(sandboxCatalog), { recursive: true, force: true });
}
