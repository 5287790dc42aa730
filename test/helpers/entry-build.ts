import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The project's entry points as plain JavaScript, for the processes tests start (the bot, the CLI,
 * the sandbox, the template builder). Run through tsx, each such process transformed and loaded
 * ~300 TypeScript modules one by one through tsx's loader thread: ~6 s of CPU for a CLI search, of
 * which ~3 s were tsx and the module loader (a cold tsx cache on a fresh machine costs more). An
 * esbuild bundle of src/ (node_modules left as they are, imported at run time as tsx would), built
 * once per run in the global setup (~0.7 s), loads in a fraction of that.
 *
 * What stays the same as under tsx: every module's `import.meta.url` is its source file's URL, so
 * the data, locales and migrations are found where they are; lazy `import()`s stay lazy (their own
 * chunks); packages resolve from node_modules. The compiled production build (tsc → dist/) has its
 * own test (test/build.test.ts), and `npm start` itself still runs src/ through tsx.
 *
 * Cached by a key of the sources' contents, the project's path and the esbuild version, in
 * node_modules/.cache, so an unchanged tree reuses the last run's bundle and a changed one gets its
 * own. A test finding no bundle (the global setup did not run) falls back to tsx.
 */

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRIES = { main: "src/main.ts", cli: "src/cli.ts", "build-templates": "test/helpers/build-templates.ts" } as const;
/** Folders whose TypeScript can end up in a bundle. */
const SOURCES = ["src", "test/helpers"];
const CACHE = path.join(PROJECT_ROOT, "node_modules", ".cache", "hromada-test-entries");
/** Change when the build options below change. */
const FORMAT = "1";

function sourceFiles(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, into);
    else if (entry.name.endsWith(".ts")) into.push(full);
  }
  return into;
}

let cachedKey: string | undefined;
function buildKey(): string {
  if (cachedKey) return cachedKey;
  const hash = createHash("sha256").update(`${FORMAT}\0${PROJECT_ROOT}\0`);
  hash.update(JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules/esbuild/package.json"), "utf8")).version);
  for (const file of SOURCES.flatMap((dir) => sourceFiles(path.join(PROJECT_ROOT, dir))).sort()) {
    hash.update(`\0${path.relative(PROJECT_ROOT, file)}\0`).update(readFileSync(file));
  }
  cachedKey = hash.digest("hex").slice(0, 20);
  return cachedKey;
}

/** The bundled entry for `entry` (a path from the project root), or undefined when none is built. */
export function bundledEntry(entry: string): string | undefined {
  const name = Object.entries(ENTRIES).find(([, source]) => source === entry)?.[0];
  if (!name) return undefined;
  const file = path.join(CACHE, buildKey(), `${name}.mjs`);
  return existsSync(file) ? file : undefined;
}

/** Builds the bundles unless this tree's are already there. */
export async function buildEntries(): Promise<void> {
  const target = path.join(CACHE, buildKey());
  if (existsSync(target)) return;
  const { build } = await import("esbuild");
  // Built aside, then renamed: a test never sees half a bundle, and two runs building at once both end well.
  const partial = `${target}.${process.pid}.${randomUUID()}`;
  await build({
    entryPoints: ENTRIES,
    outdir: partial,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    plugins: [
      {
        name: "source-import-meta-url",
        setup(builder) {
          builder.onLoad({ filter: /\.ts$/ }, async (args) => {
            const source = await readFile(args.path, "utf8");
            const url = JSON.stringify(pathToFileURL(args.path).href);
            return { contents: source.replace(/\bimport\.meta\.url\b/g, url).replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(args.path))), loader: "ts" };
          });
        },
      },
    ],
  });
  try {
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  pruneOldBuilds(path.basename(target));
}

/** Bundles of other trees not used for a day (edited sources leave one each). */
function pruneOldBuilds(keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(CACHE)) {
    const dir = path.join(CACHE, name);
    try {
      if (name !== keep && statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}
