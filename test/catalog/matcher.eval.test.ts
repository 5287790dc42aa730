/**
 * The matcher against the real catalogue and the shared development queries (../shared/eval/).
 * Top-3 hit rate must be at least 95% for queries with an expected service, and queries that expect
 * nothing must get nothing. The failures are printed either way, to guide tuning (by kind of mistake,
 * never per query).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { servicesFileSchema } from "../../src/catalog/schema.js";
import { buildMatcher } from "../../src/catalog/matcher/index.js";
import { loadSituations } from "../../src/catalog/situations.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const servicesPath = resolve(repoRoot, "data/catalog/services.yaml");
const queriesPath = resolve(repoRoot, "../shared/eval/dev-queries.json");

interface DevQuery {
  q: string;
  expect: string[];
}

const haveQueries = existsSync(queriesPath);
if (!haveQueries) {
  console.warn(`[matcher eval] skipped: ${queriesPath} not found (the shared eval set lives outside the repo).`);
}

describe.skipIf(!haveQueries)("matcher on the dev queries", () => {
  const catalogue = servicesFileSchema.parse(parse(readFileSync(servicesPath, "utf8")));
  // Read only when present: describe.skipIf still runs this body to collect the tests.
  const queries = (haveQueries ? JSON.parse(readFileSync(queriesPath, "utf8")) : []) as DevQuery[];
  const situations = loadSituations(undefined, new Set(catalogue.services.map((s) => s.id)));
  const matcher = buildMatcher(catalogue.services, { situations });
  const known = new Set(catalogue.services.map((s) => s.id));

  it("the dev queries name only services of the catalogue", () => {
    for (const q of queries) for (const id of q.expect) expect(known.has(id), `${q.q}: ${id}`).toBe(true);
  });

  it("puts an expected service in the top 3 for at least 95% of the queries that have one", () => {
    const positives = queries.filter((q) => q.expect.length > 0);
    const misses: string[] = [];
    for (const { q, expect: ids } of positives) {
      const got = matcher.search(q, 3).map((r) => r.serviceId);
      if (!ids.some((id) => got.includes(id))) misses.push(`  "${q}": expected ${ids.join(" | ")}, got [${got.join(", ")}]`);
    }
    const hits = positives.length - misses.length;
    console.log(`[matcher eval] top-3: ${hits}/${positives.length} (${((100 * hits) / positives.length).toFixed(1)}%)`);
    if (misses.length) console.log(`[matcher eval] misses:\n${misses.join("\n")}`);
    expect(hits / positives.length).toBeGreaterThanOrEqual(0.95);
  });

  it("returns nothing for every query that expects nothing", () => {
    const negatives = queries.filter((q) => q.expect.length === 0);
    const wrong: string[] = [];
    for (const { q } of negatives) {
      const got = matcher.search(q);
      if (got.length > 0) wrong.push(`  "${q}": got ${got.map((r) => `${r.serviceId} (${r.score})`).join(", ")}`);
    }
    console.log(`[matcher eval] no-match: ${negatives.length - wrong.length}/${negatives.length} empty`);
    if (wrong.length) console.log(`[matcher eval] should be empty:\n${wrong.join("\n")}`);
    expect(wrong).toEqual([]);
  });
});
