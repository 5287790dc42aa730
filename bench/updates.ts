/**
 * Updates per second through the whole stack in one process, against a bare grammY echo bot.
 *
 *   npm run bench:updates                                  (PGlite in memory; PostgreSQL too with TEST_DATABASE_URL)
 *   npm run bench:updates -- --postgres=postgresql://…     (or BENCH_DATABASE_URL)
 *   npm run bench:updates -- --no-memory                   (without bench/memory.ts at the end; also BENCH_MEMORY=0)
 *   npm run bench:updates -- --no-webhook                  (without the webhook-mode runs; also BENCH_WEBHOOK=0)
 *
 * The Bot API is answered in this process: by a fake Bot API over HTTP that grammY reaches through its
 * apiRoot, as in every test (the headline figures), and, for the CPU alone, by a transformer that
 * answers without any I/O; and over HTTP with the full stack in webhook mode (see Transport). Both bots get the same updates the same way: concurrently across chats,
 * one at a time within a chat (as @grammyjs/runner does), after a warm-up, in alternating rounds (echo,
 * full stack, full stack, echo, …: both meet the same load; BENCH_ROUNDS, 3). The echo is warmed up
 * with two whole passes first: its first thousands of updates cost up to twice the later ones, and an
 * echo measured cold flattered every ratio (sessions 6–7). The full stack runs as
 * in long polling (sessions cached in memory; see SessionStore). Scenarios:
 *   menu     a resident taps "☎️ Contacts" (session, a rendered reply)
 *   search   a resident types one of 30 everyday queries (matcher, a service card)
 *   dialogue a resident sends a complete call-back request (8 updates, one request saved)
 * Each line gives updates per second, p50 and p99 handling time, and the CPU this process spent per
 * update (on a shared machine wall times follow its load; CPU time much less so — PostgreSQL's own
 * CPU is in its server, not counted). The dialogue also runs one resident at a time (40 dialogues,
 * BENCH_SEQUENTIAL_DIALOGUES), for its p99 without queueing, and gets its p50 by step (does an update cost
 * more the further the dialogue is?) and the size of a session row after each step.
 * Then bench/memory.ts: the compiled bot's RSS with 10,000 residents in the middle of a dialogue.
 * Ends with the ratios to the bare echo (throughput, CPU, p99) per setting, issue 19's goals
 * (dialogue ≥ 0.3 of the echo with p99 ≤ 50 ms, menu and search ≥ 0.5), and one line:
 * `ratio menu=… search=… dialogue=…` (Bot API over HTTP, on PostgreSQL when given, else on PGlite).
 * Each scenario's residents fit the session cache (5,000); a resident the cache has dropped costs one
 * database read more.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Bot, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import pino from "pino";
import { offlineBotInfo } from "../src/bot/bot-info.ts";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/client.ts";
import { applyMigrations } from "../src/db/migrate.ts";
import { startFakeTelegram, type FakeTelegram } from "./fake-telegram.ts";
import { machineLine, projectRoot } from "./process.ts";
import { postgresTarget } from "../test/helpers/databases.ts";
import { callbackRequest, press, SEARCHES, text } from "./resident-updates.ts";

const BOT_INFO = offlineBotInfo(1, "Bench", "bench_bot");
const CONCURRENCY = 32;
const COUNTS = { menu: Number(process.env.BENCH_MENU ?? 3000), search: Number(process.env.BENCH_SEARCH ?? 3000), dialogue: Number(process.env.BENCH_DIALOGUES ?? 300) };
const WARM_UP = 0.5;
/** Alternating runs of the echo and the full stack per scenario (see runScenarios). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/** Dialogues run one resident at a time after the concurrent run, for the p99 of issue 19's goal. */
const SEQUENTIAL_DIALOGUES = Number(process.env.BENCH_SEQUENTIAL_DIALOGUES ?? 40);
/** Issue 19's goals: full stack ÷ bare echo, updates per second (Bot API over HTTP); the dialogue's p99. */
const GOALS = { menu: 0.5, search: 0.5, dialogue: 0.3, dialogueP99Ms: 50 };
const option = (name: string) => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);

/** The Bot API answered without I/O: what the bot itself costs in CPU. */
let messageId = 1;
const inProcessApi: Transformer = async (_prev, method, payload) => {
  const body = payload as { chat_id?: number; text?: string };
  if (method === "sendMessage" || method === "sendPhoto" || method === "sendDocument") {
    return { ok: true, result: { message_id: messageId++, date: 0, chat: { id: body.chat_id ?? 0, type: "private" }, text: body.text ?? "" } } as never;
  }
  return { ok: true, result: true } as never;
};


interface Result {
  updates: number;
  seconds: number;
  p50: number;
  p99: number;
  /** CPU (user + system) this process spent per update, ms. */
  cpuMs: number;
  /** p50 handling time of each update of a chat's sequence (the dialogue's steps), ms. */
  byStep: number[];
  /** The dialogue's p99 one resident at a time (issue 19's p99 goal), ms. */
  p99Alone?: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** What one run measured: each update's handling time (and its step in its chat's sequence), CPU, wall time. */
interface Samples {
  latencies: number[];
  steps: number[][];
  cpuMicros: number;
  seconds: number;
}

/** Runs per-chat sequences: chats concurrently (CONCURRENCY at once), each chat's updates in order. */
async function drive(handle: (update: Update) => Promise<void>, chats: Update[][], concurrency = CONCURRENCY): Promise<Samples> {
  const latencies: number[] = [];
  const steps: number[][] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const worker = async () => {
    while (next < chats.length) {
      const sequence = chats[next++]!;
      for (const [step, update] of sequence.entries()) {
        const t0 = performance.now();
        await handle(update);
        const ms = performance.now() - t0;
        latencies.push(ms);
        (steps[step] ??= []).push(ms);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { latencies, steps, cpuMicros: used.user + used.system, seconds };
}

/** Several runs as one: updates and time add up, quantiles over all their updates. */
function summarise(runs: Samples[]): Result {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const steps: number[][] = [];
  for (const run of runs) run.steps.forEach((step, index) => (steps[index] ??= []).push(...step));
  return {
    updates: latencies.length,
    seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    cpuMs: runs.reduce((sum, run) => sum + run.cpuMicros, 0) / 1000 / latencies.length,
    byStep: steps.map((step) => quantile(step.sort((a, b) => a - b), 0.5)),
  };
}

let nextResident = 1_000_000;
function scenarios(scale = 1) {
  const menu = Array.from({ length: Math.ceil(COUNTS.menu * scale) }, () => [text(nextResident++, "☎️ Контакти і гарячі лінії")]);
  const search = Array.from({ length: Math.ceil(COUNTS.search * scale) }, (_, i) => [text(nextResident++, SEARCHES[i % SEARCHES.length]!)]);
  const dialogue = Array.from({ length: Math.ceil(COUNTS.dialogue * scale) }, () => {
    const id = nextResident++;
    return callbackRequest(id);
  });
  return { menu, search, dialogue };
}

/**
 * How the Bot API is answered: a fake over HTTP (as in the tests), or a transformer (CPU alone).
 * "webhook": over HTTP too, the full stack as BOT_MODE=webhook runs it (each update id recorded once,
 * a press's answer handed to the reply to Telegram's call instead of a call of its own); the inbound
 * call, which the echo would pay the same, is measured for neither (updates go to handleUpdate).
 */
type Transport = { name: "HTTP" | "webhook"; telegram: FakeTelegram } | { name: "no I/O" };
const apiRootOf = (transport: Transport) => (transport.name === "no I/O" ? "http://127.0.0.1:9" : transport.telegram.apiRoot);
/** Calls handed to webhook replies (what src/server/http-server.ts would write into its answer to Telegram). */
const webhookReplies = { calls: 0, bytes: 0 };
const webhookReply = () => ({
  send: async (payload: string) => {
    webhookReplies.calls += 1;
    webhookReplies.bytes += Buffer.byteLength(payload);
  },
});

function echoBot(transport: Transport): Bot {
  const bot = new Bot("1:bench", { botInfo: BOT_INFO, client: { apiRoot: apiRootOf(transport) } });
  if (transport.name === "no I/O") bot.api.config.use(inProcessApi);
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  bot.on("callback_query:data", (ctx) => ctx.answerCallbackQuery());
  return bot;
}

/** The whole app, as `npm start` runs it in long polling, on a migrated database. */
async function fullStack(databaseUrl: string, transport: Transport) {
  const mode = transport.name === "webhook" ? { BOT_MODE: "webhook", WEBHOOK_URL: "https://bench.example.org/telegram", WEBHOOK_SECRET: "bench-webhook-secret-0" } : { BOT_MODE: "polling" };
  const config = loadConfig({ BOT_TOKEN: "1:bench", DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", TELEGRAM_API_ROOT: apiRootOf(transport), ...mode });
  const db: Database = await openDatabase(databaseUrl);
  await applyMigrations(db.adapterFactory);
  const app = await createApp(config, pino({ level: "silent" }), { db, botInfo: BOT_INFO });
  if (transport.name === "no I/O") app.bot.api.config.use(inProcessApi);
  return { app, db };
}

const perSecond = (r: Result) => r.updates / r.seconds;
const format = (r: Result) =>
  `${String(Math.round(perSecond(r))).padStart(7)} upd/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   CPU ${r.cpuMs.toFixed(3).padStart(6)} ms/upd   (${r.updates} updates)`;
const residentOf = (update: Update) => (update.message ?? update.callback_query?.message)!.chat.id;
type Scenario = "menu" | "search" | "dialogue";
type Results = Record<Scenario, Result>;

const print = (label: string, scenario: Scenario, result: Result) => {
  console.log(`${label.padEnd(24)} ${scenario.padEnd(8)} ${format(result)}`);
  if (scenario === "dialogue") console.log(`${"".padEnd(33)} p50 by step, ms: ${result.byStep.map((ms) => ms.toFixed(1)).join(", ")}`);
};

/**
 * The bare echo and the full stack, scenario by scenario, in ROUNDS alternating runs each (the echo
 * first in odd rounds, the full stack first in even ones), so that both meet the same load and the
 * same moment of the machine; each side's figures are over all its rounds. The full stack is warmed
 * up first (WARM_UP of each scenario); the echo was warmed up before (warmUpEcho).
 */
async function runScenarios(
  label: string,
  echo: (update: Update) => Promise<void>,
  full: (update: Update) => Promise<void>,
  prepare: (chats: Update[][]) => Promise<void>,
): Promise<{ echo: Results; full: Results }> {
  for (const [scenario, chats] of Object.entries(scenarios(WARM_UP)) as Array<[Scenario, Update[][]]>) {
    if (scenario !== "dialogue") await prepare(chats);
    await drive(full, chats);
  }
  const results = { echo: {} as Results, full: {} as Results };
  for (const scenario of ["menu", "search", "dialogue"] as const) {
    const runs = { echo: [] as Samples[], full: [] as Samples[] };
    for (let round = 0; round < ROUNDS; round++) {
      const echoChats = scenarios(1 / ROUNDS)[scenario];
      const fullChats = scenarios(1 / ROUNDS)[scenario];
      if (scenario !== "dialogue") await prepare(fullChats);
      const order = round % 2 === 0 ? (["echo", "full"] as const) : (["full", "echo"] as const);
      for (const side of order) runs[side].push(await drive(side === "echo" ? echo : full, side === "echo" ? echoChats : fullChats));
    }
    results.echo[scenario] = summarise(runs.echo);
    results.full[scenario] = summarise(runs.full);
    print("bare echo", scenario, results.echo[scenario]);
    print(label, scenario, results.full[scenario]);
  }
  return results;
}

/**
 * The echo's first few thousand updates cost up to twice what later ones do (V8 compiles grammY's and
 * node's HTTP paths as they get hot): two whole passes of the three scenarios before any is measured.
 */
async function warmUpEcho(echo: (update: Update) => Promise<void>): Promise<void> {
  for (let pass = 0; pass < 2; pass++) for (const chats of Object.values(scenarios())) await drive(echo, chats);
}

/** Full stack ÷ bare echo: throughput, CPU per update (echo's ÷ full's), and p99 (full's ÷ echo's). */
function ratios(full: Results, echo: Results) {
  const of = (scenario: Scenario) => ({
    throughput: perSecond(full[scenario]) / perSecond(echo[scenario]),
    cpu: echo[scenario].cpuMs / full[scenario].cpuMs,
    p99: full[scenario].p99,
    p99Alone: full[scenario].p99Alone,
    p99Ratio: full[scenario].p99 / echo[scenario].p99,
  });
  return { menu: of("menu"), search: of("search"), dialogue: of("dialogue") };
}
type Ratios = ReturnType<typeof ratios>;
const ratioLine = (r: Ratios) => `menu=${r.menu.throughput.toFixed(3)} search=${r.search.throughput.toFixed(3)} dialogue=${r.dialogue.throughput.toFixed(3)}`;
const detailLine = (r: Ratios) =>
  (["menu", "search", "dialogue"] as const)
    .map((scenario) => {
      const alone = r[scenario].p99Alone;
      return `${scenario} ${r[scenario].throughput.toFixed(3)} (CPU ${r[scenario].cpu.toFixed(3)}; p99 ${r[scenario].p99.toFixed(1)} ms, ${r[scenario].p99Ratio.toFixed(1)}× the echo's${alone === undefined ? "" : `; one at a time ${alone.toFixed(1)} ms`})`;
    })
    .join(";  ");
const verdict = (r: Ratios) => {
  const checks = [
    [`menu ≥ ${GOALS.menu}`, r.menu.throughput >= GOALS.menu],
    [`search ≥ ${GOALS.search}`, r.search.throughput >= GOALS.search],
    [`dialogue ≥ ${GOALS.dialogue}`, r.dialogue.throughput >= GOALS.dialogue],
    [`dialogue p99 ≤ ${GOALS.dialogueP99Ms} ms (32 chats at a time)`, r.dialogue.p99 <= GOALS.dialogueP99Ms],
    [`dialogue p99 ≤ ${GOALS.dialogueP99Ms} ms (one resident at a time)`, (r.dialogue.p99Alone ?? Infinity) <= GOALS.dialogueP99Ms],
  ] as const;
  return checks.map(([goal, met]) => `${goal} ${met ? "met" : "NOT met"}`).join(", ");
};

/** One resident's dialogue, update by update: the size of their session row after each (bytes). */
async function sessionSizes(app: Awaited<ReturnType<typeof fullStack>>["app"], db: Database): Promise<number[]> {
  const [sequence] = scenarios(1 / COUNTS.dialogue).dialogue;
  const id = residentOf(sequence![0]!);
  const sizes: number[] = [];
  for (const update of sequence!) {
    await app.bot.handleUpdate(update);
    const [row] = await db.prisma.$queryRawUnsafe<Array<{ bytes: number }>>("SELECT octet_length(value::text)::int AS bytes FROM session_record WHERE key = $1", `session:${id}`);
    sizes.push(row?.bytes ?? 0);
  }
  return sizes;
}

async function main(): Promise<void> {
  const server = option("postgres") ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const withMemory = !process.argv.includes("--no-memory") && process.env.BENCH_MEMORY !== "0";
  const withWebhook = !process.argv.includes("--no-webhook") && process.env.BENCH_WEBHOOK !== "0";
  const targets: Array<{ name: string; url: () => Promise<{ url: string; drop?: () => Promise<void> }> }> = [
    { name: "PGlite", url: async () => ({ url: "memory://" }) },
  ];
  if (server) targets.push({ name: "PostgreSQL", url: () => postgresTarget(server, "bench").create() });

  console.log(`Hromada Help — updates benchmark (${machineLine()}; ${CONCURRENCY} chats at a time, Bot API in this process)\n`);
  if (!server) console.log("PostgreSQL: not measured (set TEST_DATABASE_URL or BENCH_DATABASE_URL, or --postgres=URL)\n");
  const telegram = await startFakeTelegram(BOT_INFO);
  const summary: Record<string, Ratios> = {};
  const transports = [{ name: "HTTP", telegram }, ...(withWebhook ? [{ name: "webhook", telegram }] : []), { name: "no I/O" }] as Transport[];
  for (const transport of transports) {
    console.log(
      `Bot API ${
        transport.name === "HTTP"
          ? "over HTTP (a fake Bot API in this process, through apiRoot)"
          : transport.name === "webhook"
            ? "over HTTP, the full stack in webhook mode (a press answered in the webhook's reply; Telegram's inbound call measured for neither bot)"
            : "answered without I/O (a transformer): the CPU alone"
      }`,
    );
    const echo = echoBot(transport);
    const echoHandle = (u: Update) => echo.handleUpdate(u);
    await warmUpEcho(echoHandle);
    for (const target of targets) {
      const database = await target.url();
      const { app, db } = await fullStack(database.url, transport);
      const handle = transport.name === "webhook" ? (u: Update) => app.bot.handleUpdate(u, webhookReply()) : (u: Update) => app.bot.handleUpdate(u);
      webhookReplies.calls = 0;
      // Residents of the menu and search runs have chosen their community already.
      const chooseCommunity = async (chats: Update[][]) => {
        await drive(handle, chats.map((sequence) => [press(residentOf(sequence[0]!), "cm1:zhytomyr")]));
      };
      const { echo: baseline, full } = await runScenarios(`full stack, ${target.name}`, echoHandle, handle, chooseCommunity);
      const saved = await db.prisma.helpRequest.count();
      console.log(`${"".padEnd(24)} requests saved: ${saved} (expected ${Math.ceil(COUNTS.dialogue * WARM_UP) + ROUNDS * Math.ceil(COUNTS.dialogue / ROUNDS)})`);
      // Issue 19's p99 is one resident at a time: without 31 other chats queueing for the same cores.
      const alone = summarise([await drive(handle, scenarios(SEQUENTIAL_DIALOGUES / COUNTS.dialogue).dialogue, 1)]);
      console.log(`${"".padEnd(24)} dialogue, one resident at a time: p50 ${alone.p50.toFixed(2)} ms, p99 ${alone.p99.toFixed(2)} ms, CPU ${alone.cpuMs.toFixed(3)} ms/upd (${alone.updates} updates)`);
      full.dialogue.p99Alone = alone.p99;
      if (transport.name === "HTTP") console.log(`${"".padEnd(24)} session row after each dialogue step, bytes: ${(await sessionSizes(app, db)).join(", ")}`);
      if (transport.name === "webhook") console.log(`${"".padEnd(24)} calls in webhook replies: ${webhookReplies.calls}`);
      summary[`${transport.name}, ${target.name}`] = ratios(full, baseline);
      await app.stop();
      await db.close();
      await database.drop?.();
    }
    console.log("");
  }
  await telegram.close();

  if (withMemory) {
    const memory = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench/memory.ts")], { cwd: projectRoot, env: process.env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    process.stdout.write(memory.stdout);
    if (memory.status !== 0) throw new Error("bench/memory.ts failed");
    console.log("");
  }

  for (const [setting, r] of Object.entries(summary)) {
    console.log(`full stack ÷ bare echo (${setting}): ${detailLine(r)}`);
    if (setting.startsWith("HTTP")) console.log(`${"".padEnd(24)} issue 19's goals: ${verdict(r)}`);
  }
  console.log(`(${machineLine()} at the end)`);
  // The headline: PostgreSQL (what a city runs at scale) when given, else the embedded database.
  console.log(`ratio ${ratioLine(summary["HTTP, PostgreSQL"] ?? summary["HTTP, PGlite"]!)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
