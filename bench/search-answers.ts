/**
 * The matcher's answers, dumped, to check that a speed change keeps them identical.
 *
 *   npx tsx bench/search-answers.ts save /tmp/answers.jsonl     (before the change)
 *   npx tsx bench/search-answers.ts check /tmp/answers.jsonl    (after it: exit 1 on any difference)
 *
 * Answers: `search` (ids and scores) and `explain` (readings, tokens, every candidate's partial scores and
 * evidence) of the dev queries and dev stories (../shared/eval, when present) over the real catalogue, and
 * of the bench's 400 queries and 200 stories at 2,000 and 20,000 services (BENCH_SIZES to change), all
 * without the memory of recent words (each word read afresh); the real catalogue's answers are also
 * computed with that memory, in one matcher, and must equal the memoryless ones.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { servicesFileSchema } from "../src/catalog/schema.js";
import { buildMatcher, type Matcher, type SearchableService } from "../src/catalog/matcher/index.js";
import { loadSituations, withSituations } from "../src/catalog/situations.js";
import { buildQueries, buildStories, generateCatalogue } from "./search.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SIZES = (process.env.BENCH_SIZES ?? "2000,20000").split(",").map(Number);

function answers(matcher: Matcher, label: string, queries: readonly string[], out: string[]): void {
  for (const q of queries) {
    out.push(JSON.stringify({ label, q, search: matcher.search(q, 5), explain: matcher.explain(q) }));
  }
}

function main(): void {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== "save" && mode !== "check") || !file) {
    console.error("usage: tsx bench/search-answers.ts save|check FILE");
    process.exit(2);
  }
  const catalogue = servicesFileSchema.parse(parse(readFileSync(resolve(root, "data/catalog/services.yaml"), "utf8")));
  const situations = loadSituations(undefined, new Set(catalogue.services.map((s) => s.id)));
  const real: SearchableService[] = withSituations(catalogue.services, situations);
  const read = (name: string): string[] => {
    const path = resolve(root, "../shared/eval", name);
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Array<{ q: string }>).map((d) => d.q) : [];
  };
  const dev = [...read("dev-queries.json"), ...read("dev-stories.json")];

  const out: string[] = [];
  const cold = buildMatcher(catalogue.services, { situations, rememberedWords: 0 });
  answers(cold, "real", dev, out);
  // The memory of recent words must not change an answer: the same queries twice through one warm matcher.
  const warm = buildMatcher(catalogue.services, { situations });
  const warmOut: string[] = [];
  answers(warm, "real", dev, warmOut);
  answers(warm, "real", dev, warmOut);
  const warmDiff = warmOut.filter((line, i) => line !== out[i % out.length]).length;
  for (const size of SIZES) {
    const services = generateCatalogue(real, size, 42 + size);
    const matcher = buildMatcher(services, { rememberedWords: 0 });
    answers(matcher, `${size}`, buildQueries(real, services, 400, 7 + size), out);
    answers(matcher, `${size} stories`, buildStories(real, 200, 11 + size), out);
  }
  const text = out.join("\n") + "\n";
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  console.log(`${out.length} answers, sha256 ${hash}; warm matcher differs on ${warmDiff} of ${warmOut.length}`);
  if (mode === "save") {
    writeFileSync(file, text);
    process.exit(warmDiff === 0 ? 0 : 1);
  }
  const before = readFileSync(file, "utf8").split("\n").filter(Boolean);
  let diff = 0;
  for (let i = 0; i < Math.max(before.length, out.length); i++) {
    if (before[i] === out[i]) continue;
    if (diff++ < 5) console.log(`differs: ${(out[i] ?? before[i] ?? "").slice(0, 160)}`);
  }
  console.log(diff === 0 && warmDiff === 0 ? "identical" : `${diff} answers differ`);
  process.exit(diff === 0 && warmDiff === 0 ? 0 : 1);
}

main();
