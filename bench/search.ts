/**
 * Search benchmark: our matcher vs plain fuse.js on synthetic catalogues of 200, 2,000 and 20,000 services.
 *
 *   npx tsx bench/search.ts            (npm run bench:search)
 *
 * The catalogues are generated from the real services' vocabulary (data/catalog/services.yaml) with a
 * seeded PRNG: each synthetic service takes a real one's texts, recombines words from other services and
 * adds made-up Ukrainian-sounding words (provider names, place names), so the vocabulary grows with the
 * catalogue as a real one would. Queries mix real-style resident queries, typos, transliteration and
 * wrong-layout typing. Printed per size: index build time, heap growth, median and p99 latency (wall clock,
 * and for the matcher also CPU time: on a shared machine the wall clock counts the neighbours' work too).
 * Plain fuse.js (ignoreLocation, every text field as a key) gets the same entries and queries; at large
 * sizes its number of timed queries is capped by a time budget, which the output states.
 */
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { availableParallelism, loadavg } from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import Fuse from "fuse.js";
import { parse } from "yaml";
import { servicesFileSchema } from "../src/catalog/schema.js";
import { buildMatcher, type SearchableService } from "../src/catalog/matcher/index.js";
import { cyrillicToLatinLayout } from "../src/catalog/matcher/keyboard.js";
import { loadSituations, withSituations } from "../src/catalog/situations.js";

/** BENCH_SIZES=200,2000 runs only those sizes; BENCH_SKIP_FUSE=1 skips plain fuse.js (for profiling). */
const SIZES = (process.env.BENCH_SIZES ?? "200,2000,20000").split(",").map(Number);
const SKIP_FUSE = process.env.BENCH_SKIP_FUSE === "1";
/**
 * BENCH_REMEMBERED_WORDS=0 times the matcher without its memory of recently read words (every word of
 * every message looked up afresh: the cost of a message made only of words never seen before).
 */
const REMEMBERED_WORDS = process.env.BENCH_REMEMBERED_WORDS === undefined ? undefined : Number(process.env.BENCH_REMEMBERED_WORDS);
const QUERY_COUNT = 400;
/** Story queries per size: ~300 characters of greeting, apology, name, age, street and feelings around a need. */
const STORY_COUNT = 200;
const STORY_LENGTH = 300;
/**
 * Plain fuse.js is slow on large catalogues (one long query over 20,000 services takes tens of seconds), so
 * it is timed on an evenly spaced sample of the queries within a time budget per size; queries whose
 * predicted time (from a calibration query, proportional to the query's length) would overrun the budget
 * are skipped, which biases its figures towards shorter, cheaper queries: its real p99 is higher still.
 */
const FUSE_BUDGET_MS: Record<number, number> = { 200: 10_000, 2_000: 15_000, 20_000: 35_000 };
const FUSE_DEFAULT_BUDGET_MS = 15_000;
const TARGET_P99_MS = 5;

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// ---------------------------------------------------------------- helpers
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "—";
}

// ---------------------------------------------------------------- catalogue generator
const SYLLABLES = ["ли", "ва", "ко", "ро", "да", "ми", "не", "сту", "па", "рі", "ле", "хо", "ма", "ню", "бо", "гра", "зо", "чи", "то", "ка", "вер", "слав", "мир", "дуб", "бер", "лан", "гор", "під", "над", "край"];
const SUFFIXES = ["івка", "енко", "ичі", "ське", "иця", "ина", "ок", "ець", "ове", "ани", "ище", "ія"];
const ORG_WORDS = ["центр", "відділення", "пункт", "служба", "фонд", "громада", "філія", "осередок", "хаб", "простір"];

function pseudoWord(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 3);
  let w = "";
  for (let i = 0; i < n; i++) w += pick(rand, SYLLABLES);
  return w + pick(rand, SUFFIXES);
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

export function generateCatalogue(real: readonly SearchableService[], size: number, seed: number): SearchableService[] {
  const rand = prng(seed);
  const vocabulary = [...new Set(real.flatMap((s) => [s.name.uk, s.summary.uk, ...s.synonyms].join(" ").toLowerCase().split(/[^\p{L}'ʼ-]+/u)))].filter((w) => w.length > 3);
  const out: SearchableService[] = [];
  for (let i = 0; i < size; i++) {
    const base = real[i % real.length]!;
    const place = capitalise(pseudoWord(rand));
    const org = pick(rand, ORG_WORDS);
    const synonyms = base.synonyms
      .filter(() => rand() < 0.6)
      .map((s) => (rand() < 0.3 ? `${s} ${pick(rand, vocabulary)}` : s));
    for (let k = 0; k < 3; k++) synonyms.push(`${pick(rand, vocabulary)} ${pick(rand, vocabulary)} ${pseudoWord(rand)}`);
    const description = base.description?.uk ?? base.summary.uk;
    out.push({
      id: `${base.id}-${i}`,
      name: { uk: `${base.name.uk} — ${org} «${place}»`, en: `${base.name.en ?? base.name.uk} ${place}` },
      summary: { uk: `${base.summary.uk} ${capitalise(pick(rand, vocabulary))} ${pseudoWord(rand)}.` },
      description: { uk: `${description} ${org} ${place}: ${pick(rand, vocabulary)} ${pick(rand, vocabulary)} ${pseudoWord(rand)}.` },
      synonyms,
      // The situations of the base service (data/catalog/situations.yaml), as the product indexes them.
      situations: base.situations?.filter(() => rand() < 0.6),
    });
  }
  return out;
}

// ---------------------------------------------------------------- queries
const CYR_TO_LAT: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "h", ґ: "g", д: "d", е: "e", є: "ie", ж: "zh", з: "z", и: "y", і: "i", ї: "i", й: "i",
  к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch",
  ш: "sh", щ: "shch", ь: "", ю: "iu", я: "ia", ы: "y", э: "e", ё: "e", ъ: "", "'": "", "ʼ": "",
};

function translit(text: string): string {
  return [...text.toLowerCase()].map((ch) => CYR_TO_LAT[ch] ?? ch).join("");
}

function typo(rand: () => number, text: string): string {
  const chars = [...text];
  const letters = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
  if (letters.length < 4) return text;
  const i = pick(rand, letters);
  const kind = rand();
  if (kind < 0.33) chars.splice(i, 1);
  else if (kind < 0.66 && i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  else chars[i] = pick(rand, [..."оаеиіну"]);
  return chars.join("");
}

const FALLBACK_QUERIES = [
  "соціальне авто для людини з інвалідністю", "психолог", "субсидія", "гуманітарна допомога", "будинок престарілих",
  "допомога ВПО", "юридична консультація", "хоспис", "робота", "нічліг для бездомного", "курс долара", "hello",
];

export function buildQueries(real: readonly SearchableService[], synthetic: readonly SearchableService[], count: number, seed: number): string[] {
  const rand = prng(seed);
  const devPath = resolve(root, "../shared/eval/dev-queries.json");
  const dev = existsSync(devPath) ? (JSON.parse(readFileSync(devPath, "utf8")) as Array<{ q: string }>).map((d) => d.q) : FALLBACK_QUERIES;
  const synonyms = real.flatMap((s) => s.synonyms);
  const queries: string[] = [...dev];
  while (queries.length < count) {
    const r = rand();
    const s = pick(rand, synonyms);
    if (r < 0.3) queries.push(typo(rand, s));
    else if (r < 0.5) queries.push(translit(s));
    else if (r < 0.65) queries.push(cyrillicToLatinLayout(s.toLowerCase()));
    else if (r < 0.85) queries.push(typo(rand, pick(rand, synthetic).name.uk.split("«")[1]?.replace("»", "") ?? s));
    else queries.push(`${pick(rand, ["потрібна", "де взяти", "нужна", "допоможіть,"])} ${s}`);
  }
  return queries.slice(0, count);
}

const STORY_OPENINGS = [
  "Добрий день, вибачте що турбую.", "Доброго дня!", "Здравствуйте, извините за беспокойство.", "Вітаю, пишу вперше.",
  "Добрий вечір, вибачте за пізнє повідомлення.", "Доброе утро.", "Перепрошую, не знаю куди писати.",
];
const STORY_FILLERS = [
  "Мене звати Ганна Петрівна, мені 78 років.", "Живу на вулиці Київській, 14, квартира 5.", "Мені 84 года, живу с дочкой.",
  "Донька з онуками за кордоном, допомогти нікому.", "Дуже переживаю, бо не знаю що робити.", "Пенсія маленька, на все не вистачає.",
  "Пишу за маму, вона сама не може.", "Чоловік помер два роки тому.", "Мы переехали сюда прошлой весной.",
  "Сусідка порадила написати сюди.", "Я вже дзвонила кілька разів, але ніхто не бере трубку.", "Вибачте за помилки, пишу з телефону.",
];
const NEED_TEMPLATES = ["Чи можна якось отримати {x}?", "Нам дуже потрібно {x}.", "{x} — куди звертатися?", "Подскажите, где {x}.", "Може хтось допоможе: {x}."];

/** ~STORY_LENGTH-character stories: fillers around one need (a real synonym or situation), seeded. */
export function buildStories(real: readonly SearchableService[], count: number, seed: number): string[] {
  const rand = prng(seed);
  const needs = real.flatMap((s) => [...s.synonyms, ...(s.situations ?? []).map((x) => x.text)]);
  const stories: string[] = [];
  for (let i = 0; i < count; i++) {
    const need = pick(rand, NEED_TEMPLATES).replace("{x}", pick(rand, needs));
    const parts = [pick(rand, STORY_OPENINGS)];
    const needAt = 1 + Math.floor(rand() * 3);
    while (parts.join(" ").length < STORY_LENGTH - need.length) {
      if (parts.length === needAt) parts.push(need);
      parts.push(pick(rand, STORY_FILLERS));
    }
    if (!parts.includes(need)) parts.push(need);
    let story = parts.join(" ");
    if (story.length > STORY_LENGTH) story = story.slice(0, story.lastIndexOf(" ", STORY_LENGTH));
    stories.push(story);
  }
  return stories;
}

// ---------------------------------------------------------------- runs
interface Figures {
  buildMs: number;
  heapMb: number;
  medianMs: number;
  p99Ms: number;
  /** CPU time per query (the matcher only; NaN for fuse.js, timed once per query by the wall clock). */
  cpuMedianMs: number;
  cpuP99Ms: number;
  timed: number;
  capped: boolean;
}

/**
 * Each query is timed in `ROUNDS` rounds (round-robin, so a query's repeats are far apart) and its median
 * kept: a garbage-collection pause or another process taking the CPU for a moment then does not count as
 * that query's latency, while a query that is slow every time still does.
 */
const ROUNDS = 3;

/**
 * Per query, the median over the rounds of its wall time and of its CPU time (`process.cpuUsage`, user +
 * system, in microseconds: on a machine shared with other work, the CPU time is what the query itself
 * cost, the wall time adds whatever else ran meanwhile).
 */
function timeQueries(run: (q: string) => unknown, queries: readonly string[]): { times: number[]; cpuTimes: number[]; capped: boolean } {
  for (const q of queries) run(q); // warm-up: every code path compiled before timing
  gc();
  const perQuery = queries.map(() => [] as number[]);
  const perQueryCpu = queries.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    queries.forEach((q, i) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      run(q);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      perQuery[i]!.push(wall);
      perQueryCpu[i]!.push((cpu.user + cpu.system) / 1000);
    });
  }
  const median = (ts: number[]): number => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]!;
  const times = perQuery.map(median).sort((a, b) => a - b);
  const cpuTimes = perQueryCpu.map(median).sort((a, b) => a - b);
  return { times, cpuTimes, capped: false };
}

function benchOurs(services: SearchableService[], queries: readonly string[], stories: readonly string[]): [Figures, Figures] {
  const before = heapUsed();
  const t0 = performance.now();
  const matcher = buildMatcher(services, REMEMBERED_WORDS === undefined ? {} : { rememberedWords: REMEMBERED_WORDS });
  const buildMs = performance.now() - t0;
  const heapMb = (heapUsed() - before) / 1e6;
  const figures = (list: readonly string[]): Figures => {
    const { times, cpuTimes, capped } = timeQueries((q) => matcher.search(q), list);
    return {
      buildMs,
      heapMb,
      medianMs: percentile(times, 50),
      p99Ms: percentile(times, 99),
      cpuMedianMs: percentile(cpuTimes, 50),
      cpuP99Ms: percentile(cpuTimes, 99),
      timed: times.length,
      capped,
    };
  };
  return [figures(queries), figures(stories)];
}

function benchFuse(services: SearchableService[], queries: readonly string[], budgetMs: number): Figures {
  const before = heapUsed();
  const t0 = performance.now();
  const fuse = new Fuse(services, {
    keys: ["name.uk", "name.en", "summary.uk", "summary.en", "description.uk", "description.en", "synonyms", "situations.text"],
    ignoreLocation: true,
    includeScore: true,
  });
  const buildMs = performance.now() - t0;
  const heapMb = (heapUsed() - before) / 1e6;
  return timeFuse(fuse, queries, budgetMs, buildMs, heapMb);
}

function timeFuse(fuse: Fuse<SearchableService>, queries: readonly string[], budgetMs: number, buildMs: number, heapMb: number): Figures {
  // Calibration (not counted): cost per query character, measured on a second run (the first one also
  // compiles fuse.js's code, which on a busy machine made every query look too costly to time).
  const calibration = "психолог";
  fuse.search(calibration, { limit: 5 });
  const c0 = performance.now();
  fuse.search(calibration, { limit: 5 });
  const msPerChar = (performance.now() - c0) / calibration.length;

  const times: number[] = [];
  const started = performance.now();
  const stride = Math.max(1, Math.round(queries.length / Math.max(1, Math.min(queries.length, Math.ceil(budgetMs / Math.max(1e-3, msPerChar * 25))))));
  for (let k = 0; k < queries.length; k += stride) {
    const q = queries[k]!;
    const elapsed = performance.now() - started;
    if (elapsed > budgetMs) break;
    if (elapsed + msPerChar * q.length * 1.5 > budgetMs) continue;
    const q0 = performance.now();
    fuse.search(q, { limit: 5 });
    times.push(performance.now() - q0);
  }
  times.sort((a, b) => a - b);
  return {
    buildMs,
    heapMb,
    medianMs: percentile(times, 50),
    p99Ms: percentile(times, 99),
    cpuMedianMs: NaN,
    cpuP99Ms: NaN,
    timed: times.length,
    capped: times.length < queries.length,
  };
}

function main(): void {
  const file = servicesFileSchema.parse(parse(readFileSync(resolve(root, "data/catalog/services.yaml"), "utf8")));
  const situations = loadSituations(undefined, new Set(file.services.map((service) => service.id)));
  const real: SearchableService[] = withSituations(file.services, situations);
  console.log(`Search benchmark — node ${process.version}, ${real.length} real services as the vocabulary source`);
  console.log(`Queries per size: ${QUERY_COUNT} (dev queries, typos, transliteration, wrong layout, synthetic names),`);
  console.log(`and ${STORY_COUNT} stories of ~${STORY_LENGTH} characters (greeting, name, age, street, feelings around one need).`);
  console.log(`Every synthetic service carries its real service's situations (data/catalog/situations.yaml); fuse.js gets them too.`);
  console.log(`Matcher latency: each query timed ${ROUNDS} times (round-robin), its median kept; plain fuse.js: once.`);
  console.log(
    REMEMBERED_WORDS === undefined
      ? "The matcher remembers recently read words between searches (as in the bot); BENCH_REMEMBERED_WORDS=0 times it without."
      : `The matcher remembers ${REMEMBERED_WORDS} recently read words between searches (BENCH_REMEMBERED_WORDS).`,
  );
  console.log(
    `Plain fuse.js: timed on an evenly spaced sample of the queries within a budget per size ` +
      `(${Object.entries(FUSE_BUDGET_MS).map(([n, ms]) => `${Number(n).toLocaleString("en")}: ${ms / 1000} s`).join(", ")}); ` +
      `queries predicted to overrun it are skipped, so its figures lean to shorter queries.\n`,
  );

  const rows: string[][] = [];
  let ourP99At20k = NaN;
  let storyP99At20k = NaN;
  let ourCpuP99At20k = NaN;
  let storyCpuP99At20k = NaN;
  for (const size of SIZES) {
    const services = generateCatalogue(real, size, 42 + size);
    const queries = buildQueries(real, services, QUERY_COUNT, 7 + size);
    const stories = buildStories(real, STORY_COUNT, 11 + size);
    const [ours, oursStories] = benchOurs(services, queries, stories);
    const skipped = { buildMs: NaN, heapMb: NaN, medianMs: NaN, p99Ms: NaN, cpuMedianMs: NaN, cpuP99Ms: NaN, timed: 0, capped: true };
    const budget = FUSE_BUDGET_MS[size] ?? FUSE_DEFAULT_BUDGET_MS;
    const fuse = SKIP_FUSE ? skipped : benchFuse(services, queries, budget);
    const fuseStories = SKIP_FUSE ? skipped : benchFuse(services, stories, budget);
    if (size === 20_000) {
      ourP99At20k = ours.p99Ms;
      storyP99At20k = oursStories.p99Ms;
      ourCpuP99At20k = ours.cpuP99Ms;
      storyCpuP99At20k = oursStories.cpuP99Ms;
    }
    const engines = [
      ["matcher", ours],
      ["plain fuse.js", fuse],
      ["matcher, stories", oursStories],
      ["plain fuse.js, stories", fuseStories],
    ] as const;
    for (const [label, f] of engines) {
      rows.push([
        size.toLocaleString("en"),
        label,
        fmt(f.buildMs, 0),
        fmt(f.heapMb, 1),
        fmt(f.medianMs, 3),
        fmt(f.p99Ms, 3),
        fmt(f.cpuMedianMs, 3),
        fmt(f.cpuP99Ms, 3),
        `${f.timed}${f.capped ? " (capped)" : ""}`,
      ]);
    }
  }

  const header = ["services", "engine", "build ms", "heap MB", "median ms", "p99 ms", "cpu median ms", "cpu p99 ms", "queries timed"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  const verdict = (ms: number): string => (ms <= TARGET_P99_MS ? "(met)" : "(NOT met)");
  console.log(`\nLoad average now: ${loadavg().map((l) => l.toFixed(2)).join(", ")} on ${availableParallelism()} cores (wall times include other work; CPU times do not).`);
  console.log(
    `Goal: matcher p99 at 20,000 services ≤ ${TARGET_P99_MS} ms → wall ${fmt(ourP99At20k, 3)} ms ${verdict(ourP99At20k)}, CPU ${fmt(ourCpuP99At20k, 3)} ms ${verdict(ourCpuP99At20k)}`,
  );
  console.log(
    `Goal: matcher p99 on ~${STORY_LENGTH}-character stories at 20,000 services ≤ ${TARGET_P99_MS} ms → wall ${fmt(storyP99At20k, 3)} ms ${verdict(storyP99At20k)}, CPU ${fmt(storyCpuP99At20k, 3)} ms ${verdict(storyCpuP99At20k)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
