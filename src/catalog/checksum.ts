import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../db/client.ts";
import { DEFAULT_MIGRATIONS_DIR } from "../db/migrate.ts";

/**
 * Whether the catalogue files changed since the database last imported them. Reading, validating and
 * comparing the whole catalogue row by row is most of a restart's time; when the files are exactly
 * those of the last import (and the tables have the same shape), the import would write nothing.
 */

const ROW_ID = "catalog";
/** Raised when the import itself changes what it writes for the same files (a new column it fills…). */
const IMPORT_FORMAT = "1";

/**
 * SHA-256 of everything the import reads: every *.yaml in the folder (name and bytes), the services
 * files community files name outside it, and the names of the migrations (a new one may add a column
 * the import fills).
 */
export function catalogChecksum(catalogDir: string, migrationsDir: string = DEFAULT_MIGRATIONS_DIR): string {
  const hash = createHash("sha256").update(`format ${IMPORT_FORMAT}\n`);
  const dir = path.resolve(catalogDir);
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
  const outside = new Set<string>();
  for (const file of files) {
    const bytes = readFileSync(file);
    hash.update(`file ${path.basename(file)} ${bytes.length}\n`).update(bytes);
    // `community.services: ../shared/services.yaml` (default services.yaml, in the folder).
    const named = /^[ \t]+services:[ \t]*["']?([^\s"'#]+\.ya?ml)/m.exec(bytes.toString("utf8"))?.[1];
    const resolved = named ? path.resolve(path.dirname(file), named) : undefined;
    if (resolved && path.dirname(resolved) !== dir) outside.add(resolved);
  }
  for (const file of [...outside].sort()) {
    const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    hash.update(`services ${file} ${bytes.length}\n`).update(bytes);
  }
  const migrations = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
    : [];
  hash.update(`migrations ${migrations.join(",")}\n`);
  return hash.digest("hex");
}

/** The checksum of the files the database's catalogue was last imported from, if it is known. */
export async function importedCatalogChecksum(prisma: PrismaClient): Promise<string | undefined> {
  return (await prisma.catalogImport.findUnique({ where: { id: ROW_ID } }))?.checksum;
}

export async function recordCatalogChecksum(prisma: PrismaClient, checksum: string): Promise<void> {
  await prisma.catalogImport.upsert({ where: { id: ROW_ID }, create: { id: ROW_ID, checksum }, update: { checksum, importedAt: new Date() } });
}

/** The tables no longer say what a known set of files says (an import began, or one file was imported). */
export async function forgetCatalogChecksum(prisma: PrismaClient): Promise<void> {
  await prisma.catalogImport.deleteMany({ where: { id: ROW_ID } });
}
