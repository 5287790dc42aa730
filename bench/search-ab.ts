/**
 * A/B of two trees' matchers in one process, query by query (interleaved, alternating which goes first),
 * so both see the same load on a shared machine: CPU time per query (process.cpuUsage), median of 3
 * rounds per query, then the median and p99 over the queries, at 20,000 services.
 *
 *   git archive <commit> src data | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/
 *   BENCH_BASE=/tmp/base npx tsx bench/search-ab.ts        (BENCH_REMEMBERED_WORDS=0 for cold)
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadavg } from "node:os";
import { parse } from "yaml";
import { servicesFileSchema } from "../src/catalog/schema.js";
import { buildMatcher, type Matcher, type MatcherOptions, type SearchableService } from "../src/catalog/matcher/index.js";
import { loadSituations, withSituations } from "../src/catalog/situations.js";
import { buildQueries, buildStories, generateCatalogue } from "./search.js";

const ROUNDS = 3;
const SIZE = Number(process.env.BENCH_SIZE ?? 20_000);

async function main(): Promise<void> {
  const base = process.env.BENCH_BASE;
  if (!base) throw new Error("BENCH_BASE: a directory holding the other tree's src/");
  const other = (await import(pathToFileURL(resolve(base, "src/catalog/matcher/index.ts")).href)) as { buildMatcher: typeof buildMatcher };
  const root = resolve(import.meta.dirname, "..");
  const file = servicesFileSchema.parse(parse(readFileSync(resolve(root, "data/catalog/services.yaml"), "utf8")));
  const situations = loadSituations(undefined, new Set(file.services.map((s) => s.id)));
  const real: SearchableService[] = withSituations(file.services, situations);
  const services = generateCatalogue(real, SIZE, 42 + SIZE);
  const remembered = process.env.BENCH_REMEMBERED_WORDS;
  const opts: MatcherOptions = remembered === undefined ? {} : { rememberedWords: Number(remembered) };
  const engines: Record<string, Matcher> = { base: other.buildMatcher(services, opts), this: buildMatcher(services, opts) };
  const sets = { stories: buildStories(real, 200, 11 + SIZE), "short queries": buildQueries(real, services, 400, 7 + SIZE) };
  console.log(`${SIZE} services; remembered words: ${remembered ?? "default"}; load ${loadavg().map((l) => l.toFixed(1)).join(", ")}`);
  for (const [name, queries] of Object.entries(sets)) {
    for (const m of Object.values(engines)) for (const q of queries) m.search(q);
    const times: Record<string, number[][]> = { base: queries.map(() => []), this: queries.map(() => []) };
    for (let r = 0; r < ROUNDS; r++) {
      queries.forEach((q, i) => {
        for (const which of (r + i) % 2 ? ["base", "this"] : ["this", "base"]) {
          const c = process.cpuUsage();
          engines[which]!.search(q);
          const d = process.cpuUsage(c);
          times[which]![i]!.push((d.user + d.system) / 1000);
        }
      });
    }
    for (const which of ["base", "this"]) {
      const med = times[which]!.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!).sort((a, b) => a - b);
      const at = (p: number): number => med[Math.min(med.length - 1, Math.ceil(p * med.length) - 1)]!;
      console.log(`${name}, ${which}: CPU ms median ${at(0.5).toFixed(2)}, p99 ${at(0.99).toFixed(2)}`);
    }
  }
  console.log(`load after: ${loadavg().map((l) => l.toFixed(1)).join(", ")}`);
}

await main();
