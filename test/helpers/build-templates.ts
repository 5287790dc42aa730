/**
 * Builds the test run's database templates (test/helpers/db-templates.ts) once, before any test file
 * starts: two workers that both found no template would otherwise both run initdb. Run by the global
 * setup (test/helpers/global-setup.ts) in a child process; a template already cached costs nothing.
 */
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";
import { catalogPgliteDataDir, emptyPgliteDataDir, migratedPgliteDataDir } from "./db-templates.ts";

await emptyPgliteDataDir();
await migratedPgliteDataDir();
// The catalogue most test apps start with; test catalogues (staffed, partners) get theirs on first use.
await catalogPgliteDataDir(DEFAULT_CATALOG_DIR);
