import { createHash } from "node:crypto";
import { readdirSync, readFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

type EngineBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

/**
 * Migrations with Prisma's own schema engine compiled to WebAssembly, so nothing is downloaded at
 * install or run time (municipal servers are often offline). The engine records applied migrations in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so operators may use either.
 */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_SCHEMA_PATH = path.join(projectRoot, "prisma/schema.prisma");
export const DEFAULT_MIGRATIONS_DIR = path.join(projectRoot, "prisma/migrations");

const NO_FILTERS = { externalTables: [], externalEnums: [] };
const LOCKFILE = "migration_lock.toml";

/** The engine's bindings, once its WebAssembly is instantiated (only when a migration is needed). */
let engineBindings: Promise<EngineBindings> | undefined;

/** Node has WebAssembly; @types/node 20 does not declare it, and the DOM lib would bring a browser. */
interface WasmInstance {
  exports: Record<string, unknown> & { __wbindgen_start: () => void };
}
const wasmApi = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: Record<string, object>) => WasmInstance;
  };
}).WebAssembly;

/**
 * The package's entry imports the .wasm as an ES module, which Node refuses; instantiate it by hand.
 * Loaded on first use: a restart with nothing to migrate neither imports nor compiles the engine.
 */
function initialiseWasm(): Promise<EngineBindings> {
  engineBindings ??= instantiateEngine().catch((error: unknown) => {
    engineBindings = undefined;
    throw error;
  });
  return engineBindings;
}

async function instantiateEngine(): Promise<EngineBindings> {
  const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(
    path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
    "schema_engine_bg.wasm",
  );
  const instance = new wasmApi.Instance(new wasmApi.Module(readFileSync(wasmPath)), {
    "./schema_engine_bg.js": bindings,
  });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bindings;
}

export interface MigrationPaths {
  schemaPath?: string;
  migrationsDir?: string;
}

async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaPath: string,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const bindings = await initialiseWasm();
  const schemaText = readFileSync(schemaPath, "utf8");
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[path.basename(schemaPath), schemaText]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

/** The version of the embedded PostgreSQL (@electric-sql/pglite): a dumped data directory loads only into it. */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = path.join(path.dirname(require.resolve("@electric-sql/pglite")), "../package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/**
 * A key of what a migrated PGlite data directory kept as a copy depends on: PGlite's version and every
 * migration's name and SQL (a changed migration gets a new key). The test templates and the sandbox's
 * fresh database are named by it.
 */
export function migratedPgliteKey(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): string {
  const hash = createHash("sha256").update(pgliteVersion());
  for (const migration of readMigrationList(migrationsDir).migrationDirectories) {
    hash.update(`\0${migration.path}\0${migration.migrationFile.content.value}`);
  }
  return hash.digest("hex").slice(0, 16);
}

export function readMigrationList(migrationsDir: string): MigrationList {
  const directories = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockfilePath = path.join(migrationsDir, LOCKFILE);
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockfilePath) ? readFileSync(lockfilePath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

/**
 * Whether `_prisma_migrations` already records every migration folder as applied, unchanged (the same
 * checksum the engine writes: SHA-256 of migration.sql) and none failed. Then the schema engine, ~20 MB
 * of WebAssembly that would stay in the process's memory, is not needed: the usual restart.
 * Anything else (no table yet, a new or edited migration, a failed one) is left to the engine.
 */
export async function everyMigrationApplied(adapterFactory: SqlMigrationAwareDriverAdapterFactory, migrationsDir: string): Promise<boolean> {
  const local = readMigrationList(migrationsDir).migrationDirectories.map(({ path: name, migrationFile }) => ({
    name,
    checksum: migrationFile.content.tag === "ok" ? createHash("sha256").update(migrationFile.content.value).digest("hex") : undefined,
  }));
  if (local.length === 0 || local.some((migration) => migration.checksum === undefined)) return false;
  const adapter = await adapterFactory.connect();
  try {
    const result = await adapter.queryRaw({
      sql: "SELECT migration_name, checksum, (finished_at IS NOT NULL AND rolled_back_at IS NULL)::text AS done FROM _prisma_migrations",
      args: [],
      argTypes: [],
    });
    const recorded = result.rows.map(([name, checksum, done]) => ({ name: String(name), checksum: String(checksum), done: done === "true" }));
    if (recorded.some((row) => !row.done && !recorded.some((other) => other.done && other.name === row.name))) return false;
    return local.every((migration) => recorded.some((row) => row.done && row.name === migration.name && row.checksum === migration.checksum));
  } catch {
    return false; // no _prisma_migrations table: a new database
  } finally {
    await adapter.dispose();
  }
}

/** Applies every migration not yet recorded; returns the names it applied (none on a second run). */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  { schemaPath = DEFAULT_SCHEMA_PATH, migrationsDir = DEFAULT_MIGRATIONS_DIR }: MigrationPaths = {},
): Promise<string[]> {
  if (await everyMigrationApplied(adapterFactory, migrationsDir)) return [];
  return withEngine(adapterFactory, schemaPath, async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: readMigrationList(migrationsDir),
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  });
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the existing
 * migrations to the current schema. Returns its folder, or null when the schema has not changed.
 * `throwaway` is an empty database of no other use: the engine replays the migrations on it, and it
 * holds their tables afterwards (unrecorded, so it cannot be migrated any more).
 */
export async function createMigration(
  throwaway: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  { schemaPath = DEFAULT_SCHEMA_PATH, migrationsDir = DEFAULT_MIGRATIONS_DIR }: MigrationPaths = {},
  now: Date = new Date(),
): Promise<string | null> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
  if (!slug) throw new Error("a migration needs a name of latin letters or digits, like add_requests");
  // The engine replays the committed migrations on a "shadow" database to learn what they build.
  // PGlite's adapter would make a new embedded database for each diff (initdb: 8.2 s of CPU for a diff
  // here, 3.4 s without it) and never close it; the database given here is a throwaway already.
  const replayHere: SqlMigrationAwareDriverAdapterFactory = Object.assign(Object.create(throwaway) as SqlMigrationAwareDriverAdapterFactory, {
    connectToShadowDb: () => throwaway.connect(),
  });
  const sql = await withEngine(replayHere, schemaPath, async (engine) => {
    const migrations = readMigrationList(migrationsDir);
    const result = await engine.diff({
      from: migrations.migrationDirectories.length > 0 ? { tag: "migrations", ...migrations } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? "";
  });
  if (!/\b(CREATE|ALTER|DROP)\b/i.test(sql)) return null;
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = path.join(migrationsDir, `${stamp}_${slug}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), sql);
  const lockfile = path.join(migrationsDir, LOCKFILE);
  if (!existsSync(lockfile)) {
    writeFileSync(
      lockfile,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return folder;
}
