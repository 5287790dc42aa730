import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Start-up (issue 19): the modules a bot process imports before it answers its first update. Heavy
 * ones that only some commands need (xlsx export, charts, the migration engine, the browser, the
 * sandbox's emulator, PGlite on a PostgreSQL deployment) must be imported where they are used, with
 * `await import(…)`, not at the top of a module the bot loads at start: each costs a start hundreds of
 * milliseconds and its memory for the process's life. This walks the static imports from src/main.ts
 * and from src/app.ts, which main.ts imports with `import()` once it has begun opening the database.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LAZY_ONLY = [
  "exceljs",
  "vega",
  "vega-lite",
  "@resvg/resvg-js",
  "playwright-core",
  "@prisma/schema-engine-wasm",
  "@electric-sql/pglite",
  "pglite-prisma-adapter",
  "telegram-test-api",
  "ajv",
];

/** Static, value-level imports and re-exports of a TypeScript file (not `import type`, not `import(…)`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  const statement = /^(?:import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;
  for (const match of text.matchAll(statement)) {
    if (!match[1]) specifiers.push(match[2]!);
  }
  return specifiers;
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Every package the bot's start imports statically, with the chain of files that brings it. */
function startupPackages(entries: string[]): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith(".")) {
        const target = path.resolve(path.dirname(file), specifier);
        if (existsSync(target)) walk(target, [...chain, path.relative(root, target)]);
      } else if (!specifier.startsWith("node:")) {
        const name = packageOf(specifier);
        if (!packages.has(name)) packages.set(name, chain);
      }
    }
  };
  for (const entry of entries) walk(entry, [path.relative(root, entry)]);
  return packages;
}

describe("what the bot imports at start", () => {
  const packages = startupPackages([path.join(root, "src/main.ts"), path.join(root, "src/app.ts")]);

  it("main.ts loads the app itself with import(), after starting to open the database", () => {
    const main = readFileSync(path.join(root, "src/main.ts"), "utf8");
    expect(staticImports(path.join(root, "src/main.ts"))).not.toContain("./app.ts");
    expect(main.indexOf("openMigratedDatabase(config")).toBeGreaterThan(0);
    expect(main.indexOf('import("./app.ts")')).toBeGreaterThan(main.indexOf("openMigratedDatabase(config"));
  });

  it("reads the import graph (grammY, Prisma and the app itself are there)", () => {
    expect(packages.has("grammy")).toBe(true);
    expect([...packages.keys()].some((name) => name.startsWith("@prisma/"))).toBe(true);
  });

  it("imports heavy modules only where they are used, not at start", () => {
    const eager = LAZY_ONLY.filter((name) => packages.has(name)).map((name) => `${name} via ${packages.get(name)!.join(" → ")}`);
    expect(eager).toEqual([]);
  });
});
