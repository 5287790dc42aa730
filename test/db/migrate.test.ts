import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { applyMigrations, createMigration, DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, everyMigrationApplied } from "../../src/db/migrate.ts";
import { databaseTargets, TEST_DATABASE_URL } from "../helpers/databases.ts";
import { emptyPgliteDataDir } from "../helpers/db-templates.ts";

const committedMigrations = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

if (!TEST_DATABASE_URL) {
  console.warn("TEST_DATABASE_URL is not set: migration tests run on PGlite only (CI runs them on PostgreSQL too).");
}

describe.each(databaseTargets)("migrations on $name", (target) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("applies every migration to a fresh database, and nothing the second time", async () => {
    const fresh = await target.create();
    cleanups.push(fresh.drop);
    const db = await fresh.open();
    cleanups.push(() => db.close());

    expect(await applyMigrations(db.adapterFactory)).toEqual(committedMigrations);
    expect(await applyMigrations(db.adapterFactory)).toEqual([]);

    const recorded = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    expect(recorded.map((row) => row.migration_name)).toEqual(committedMigrations);
    // The schema really is there: a session row round-trips.
    await db.prisma.sessionRecord.create({ data: { key: "k", value: { a: 1 } } });
    expect((await db.prisma.sessionRecord.findUniqueOrThrow({ where: { key: "k" } })).value).toEqual({ a: 1 });
  });

  it("skips the schema engine only when every migration is recorded as applied, unchanged", async () => {
    const fresh = await target.create();
    cleanups.push(fresh.drop);
    const db = await fresh.open();
    cleanups.push(() => db.close());
    expect(await everyMigrationApplied(db.adapterFactory, DEFAULT_MIGRATIONS_DIR)).toBe(false); // no table yet
    await applyMigrations(db.adapterFactory);
    expect(await everyMigrationApplied(db.adapterFactory, DEFAULT_MIGRATIONS_DIR)).toBe(true);

    const workDir = mkdtempSync(path.join(tmpdir(), "hromada-migrations-"));
    cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));
    const edited = path.join(workDir, "edited");
    cpSync(DEFAULT_MIGRATIONS_DIR, edited, { recursive: true });
    const last = committedMigrations.at(-1)!;
    writeFileSync(path.join(edited, last, "migration.sql"), `${readFileSync(path.join(edited, last, "migration.sql"), "utf8")}\n-- edited\n`);
    expect(await everyMigrationApplied(db.adapterFactory, edited)).toBe(false);

    const added = path.join(workDir, "added");
    cpSync(DEFAULT_MIGRATIONS_DIR, added, { recursive: true });
    cpSync(path.join(added, last), path.join(added, "20991231000000_later"), { recursive: true });
    expect(await everyMigrationApplied(db.adapterFactory, added)).toBe(false);

    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('failed', 'x', '20991231000000_later', now(), 0)`,
    );
    expect(await everyMigrationApplied(db.adapterFactory, DEFAULT_MIGRATIONS_DIR)).toBe(false); // a failed one waits for the engine
  });
});

describe("db:migration", () => {
  let workDir: string | undefined;
  afterEach(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("writes nothing when the schema matches the migrations", async () => {
    const db = await openDatabase("memory://", { loadDataDir: await emptyPgliteDataDir() });
    try {
      expect(await createMigration(db.adapterFactory, "nothing")).toBeNull();
    } finally {
      await db.close();
    }
  });

  it("writes the SQL of a schema change as a new migration that then applies", async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "hromada-migration-"));
    const migrationsDir = path.join(workDir, "migrations");
    const schemaPath = path.join(workDir, "schema.prisma");
    cpSync(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
    writeFileSync(
      schemaPath,
      `${readFileSync(DEFAULT_SCHEMA_PATH, "utf8")}\nmodel Probe {\n  id Int @id\n  label String\n}\n`,
    );
    // Each step on its own empty database: a diff leaves the replayed migrations' tables in its own.
    const [diffed, migrated, diffedAgain] = await Promise.all([1, 2, 3].map(async () => openDatabase("memory://", { loadDataDir: await emptyPgliteDataDir() })));
    try {
      const folder = await createMigration(diffed!.adapterFactory, "Add probe!", { schemaPath, migrationsDir }, new Date("2030-01-02T03:04:05Z"));
      expect(folder && path.basename(folder)).toBe("20300102030405_add_probe");
      const sql = readFileSync(path.join(folder!, "migration.sql"), "utf8");
      expect(sql).toMatch(/CREATE TABLE "Probe"/);
      expect(sql).not.toMatch(/session_record/);
      const applied = await applyMigrations(migrated!.adapterFactory, { schemaPath, migrationsDir });
      expect(applied.at(-1)).toBe("20300102030405_add_probe");
      expect(await createMigration(diffedAgain!.adapterFactory, "again", { schemaPath, migrationsDir })).toBeNull();
    } finally {
      for (const db of [diffed, migrated, diffedAgain]) await db?.close();
    }
  });
});
