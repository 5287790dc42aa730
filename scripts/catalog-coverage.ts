// Prints the catalogue's coverage table (src/catalog/coverage.ts); with --write, puts it into
// data/catalog/README.md between its coverage markers. test/catalog/coverage.test.ts checks the README.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { coverageMarkdown, withCoverage } from "../src/catalog/coverage.ts";
import { DEFAULT_CATALOG_DIR, loadCatalogDirectory } from "../src/catalog/load.ts";

const catalog = loadCatalogDirectory(DEFAULT_CATALOG_DIR);
const table = coverageMarkdown(catalog.communities, catalog.services);
if (process.argv.includes("--write")) {
  const readme = path.join(DEFAULT_CATALOG_DIR, "README.md");
  writeFileSync(readme, withCoverage(readFileSync(readme, "utf8"), table));
  process.stderr.write(`Wrote the coverage table into ${path.relative(process.cwd(), readme)}\n`);
} else {
  process.stdout.write(`${table}\n`);
}
