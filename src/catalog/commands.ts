import path from "node:path";
import { parseArgs } from "node:util";
import { openMigratedDatabase } from "../app.ts";
import { forgetCatalogChecksum } from "./checksum.ts";
import { openDatabase } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import { applyChatMigrations } from "../inbox/inbox-service.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { CatalogData } from "./catalog.ts";
import { EXPORT_FORMATS, exportCatalog, selectCommunities, type ExportFormat } from "./export.ts";
import { compileServices } from "./hsds/compiled.ts";
import { buildHsdsTables, countRows } from "./hsds/model.ts";
import { writeHsdsPackage } from "./hsds/package.ts";
import { CatalogError, loadCatalogDirectory, loadCommunityFile } from "./load.ts";
import { importCommunity, readCatalog } from "./store.ts";

/**
 * `hromada-help catalog validate|import|export`: plain functions over an output pair, so tests call
 * them in process. Results go to `out` (stdout); what was done and every problem go to `err` (stderr),
 * so an export piped into another tool carries nothing else.
 */

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CatalogCommandContext extends CommandIo {
  config: Config;
  logger: Logger;
  args: string[];
}

export const CATALOG_USAGE = `  catalog validate FILE    check a community file (and its services file); every error, exit 1
  catalog import FILE      make the database's catalogue say what FILE says (idempotent)
  catalog export --format yaml|csv|hsds [--community ID] [--catalog DIR]
                           print the catalogue on stdout (the database's; the files' when the
                           database holds none yet, or when --catalog names a folder)
  catalog export --format hsds-package --out DIR [--community ID] [--catalog DIR]
                           write the HSDS 3.0 tabular data package (CSV files + datapackage.json)
`;

export async function catalogCommand(context: CatalogCommandContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args: context.args,
    allowPositionals: true,
    options: { format: { type: "string" }, community: { type: "string" }, catalog: { type: "string" }, out: { type: "string" } },
  });
  const [action, file] = positionals;
  if (action === "validate" || action === "import") {
    if (!file) {
      context.err(`Name the file: hromada-help catalog ${action} data/catalog/zhytomyr.yaml\n`);
      return 2;
    }
    return action === "validate" ? validateFile(context, file) : importFile(context, file);
  }
  if (action === "export") {
    const format = values.format as ExportFormat | undefined;
    if (!format || !EXPORT_FORMATS.includes(format)) {
      context.err(`Choose a format: --format ${EXPORT_FORMATS.join("|")}\n`);
      return 2;
    }
    if (format === "hsds-package" && !values.out) {
      context.err("--format hsds-package writes a folder: add --out DIR\n");
      return 2;
    }
    return exportCommand(context, { format, community: values.community, catalogDir: values.catalog, out: values.out });
  }
  context.err(`Usage:\n${CATALOG_USAGE}`);
  return 2;
}

function load(context: CommandIo, file: string) {
  try {
    return loadCommunityFile(file);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    context.err(`${error.message}\n${error.issues.length} problem(s) found.\n`);
    return undefined;
  }
}

export function validateFile(context: CommandIo, file: string): number {
  const loaded = load(context, file);
  if (!loaded) return 1;
  const { community, services } = loaded;
  const offers = community.providers.reduce((sum, provider) => sum + provider.offers.length, 0);
  context.out(
    `${file} is valid: community ${community.id}, ${services.length} services, ${community.providers.length} providers, ${offers} offers, ${community.departments.length} departments.\n`,
  );
  return 0;
}

async function importFile(context: CatalogCommandContext, file: string): Promise<number> {
  const loaded = load(context, file);
  if (!loaded) return 1;
  const db = await openMigratedDatabase(context.config, context.logger);
  try {
    // The tables now hold this file, whatever CATALOG_DIR says: the next start imports the folder again.
    await forgetCatalogChecksum(db.prisma);
    const report = await importCommunity(db.prisma, loaded);
    context.out(`Imported ${loaded.community.id}: ${report.created} created, ${report.updated} updated, ${report.deleted} deleted.\n`);
    // As at start-up: a staff group Telegram moved keeps its new id, whatever the file still says.
    const migrated = await applyChatMigrations(db.prisma);
    if (migrated > 0) context.err(`${migrated} department(s) keep the chat id their group moved to (Telegram upgraded it); update the chatId line in ${file}.\n`);
  } finally {
    await db.close();
  }
  return 0;
}

export interface ExportRequest {
  format: ExportFormat;
  community?: string;
  /** Read these catalogue files instead of the database. */
  catalogDir?: string;
  /** Folder for hsds-package. */
  out?: string;
}

/** The catalogue to export and where it came from: the database, or the files when it holds none. */
interface ExportSource {
  data: CatalogData;
  from: string;
  /** When providers last confirmed their details (YYYY-MM-DD, Kyiv), by `community/provider`. */
  assuredDates?: Map<string, string>;
}

const kyivDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Kyiv", year: "numeric", month: "2-digit", day: "2-digit" });

async function catalogueToExport(context: CatalogCommandContext, catalogDir: string | undefined): Promise<ExportSource> {
  if (catalogDir) return { data: loadCatalogDirectory(catalogDir), from: `the files in ${catalogDir}` };
  let data: CatalogData | undefined;
  let assuredDates: Map<string, string> | undefined;
  const db = await openDatabase(context.config.databaseUrl);
  try {
    // A database never migrated holds no catalogue: no need to migrate it to say so.
    const [row] = await db.prisma.$queryRaw<Array<{ present: boolean }>>`SELECT to_regclass('community') IS NOT NULL AS present`;
    if (row?.present) {
      const applied = await applyMigrations(db.adapterFactory);
      context.logger.info({ event: "migrations_applied", applied, database: db.kind }, "database is up to date");
      data = await readCatalog(db.prisma);
      const checks = await db.prisma.providerCheck.findMany({ where: { lastConfirmed: { not: null } } });
      assuredDates = new Map(checks.map((check) => [check.providerKey, kyivDate.format(check.lastConfirmed!)]));
    }
  } finally {
    await db.close();
  }
  if (data && data.communities.length > 0) return { data, from: "the database", assuredDates };
  // A fresh install: the bot imports the files at its first start; until then, export the files.
  return {
    data: loadCatalogDirectory(context.config.catalogDir),
    from: `the files in ${context.config.catalogDir} (the database holds no catalogue yet)`,
  };
}

export async function exportCommand(context: CatalogCommandContext, request: ExportRequest): Promise<number> {
  const { data, from, assuredDates } = await catalogueToExport(context, request.catalogDir);
  const selected = selectCommunities(data, request.community);
  const communities = selected.communities.map((community) => community.id).join(", ") || "none";
  const offers = selected.communities.reduce((sum, c) => sum + c.providers.reduce((n, p) => n + p.offers.length, 0), 0);
  const providers = selected.communities.reduce((sum, c) => sum + c.providers.length, 0);
  if (request.format === "hsds" || request.format === "hsds-package") {
    const tables = buildHsdsTables(selected, assuredDates ? { assuredDates } : {});
    if (request.format === "hsds") {
      context.out(`${JSON.stringify(compileServices(tables), null, 2)}\n`);
      context.err(`Exported ${tables.service.length} HSDS services from ${from}; communities: ${communities}; rows: ${countRows(tables)}.\n`);
    } else {
      const written = writeHsdsPackage(tables, request.out!);
      context.err(
        `Wrote the HSDS data package to ${path.resolve(request.out!)} (${written.files.length} files) from ${from}; communities: ${communities}; rows: ${countRows(tables)}.\n`,
      );
    }
    return 0;
  }
  context.out(exportCatalog(data, request.format, request.community));
  context.err(`Exported ${request.format.toUpperCase()} from ${from}: ${communities}; ${providers} providers, ${offers} offers, ${data.services.length} services.\n`);
  return 0;
}
