/**
 * Updates per second through the whole stack in one process, against a bare grammY echo bot.
 *
 *   npm run bench:updates                         (PGlite in memory; PostgreSQL too with BENCH_DATABASE_URL)
 *   BENCH_DATABASE_URL=postgresql://… npm run bench:updates
 *
 * The Bot API is answered in this process: by a fake Bot API over HTTP that grammY reaches through its
 * apiRoot, as in every test (the headline figures), and, for the CPU alone, by a transformer that
 * answers without any I/O. Both bots get the same updates the same way: concurrently across chats,
 * one at a time within a chat (as @grammyjs/runner does), after a warm-up. The full stack runs as
 * in long polling (sessions cached in memory; see SessionStore). Scenarios:
 *   menu     a resident taps "☎️ Contacts" (session, a rendered reply)
 *   search   a resident types one of 30 everyday queries (matcher, a service card)
 *   dialogue a resident sends a complete call-back request (8 updates, one request saved)
 * Then bench/memory.ts: the compiled bot's RSS with 10,000 residents in the middle of a dialogue.
 * Ends with one line: `ratio menu=… search=… dialogue=…` (full stack ÷ bare echo, updates per second,
 * Bot API over HTTP, on PostgreSQL when given, else on PGlite). Each scenario's residents fit the
 * session cache (5,000); a resident the cache has dropped costs one database read more.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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
import { postgresTarget } from "../test/helpers/databases.ts";

const BOT_INFO = offlineBotInfo(1, "Bench", "bench_bot");
const CONCURRENCY = 32;
const COUNTS = { menu: Number(process.env.BENCH_MENU ?? 3000), search: Number(process.env.BENCH_SEARCH ?? 3000), dialogue: Number(process.env.BENCH_DIALOGUES ?? 300) };
const WARM_UP = 0.2;
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Everyday queries (typos, Russian, Latin, wrong layout, English), in turn. */
const SEARCHES = [
  "соціальне таксі", "психолог для дитини", "доглядальниця для мами", "субсидія на комуналку", "socialne avto",
  "ghjlernjdbq yf,sh", "інвалідний візок", "юрист безкоштовно", "памперси для бабусі", "сиделка для отца",
  "продуктовий набір", "ночувати ніде", "переселенцям допомога", "реабілітація після поранення", "сурдоперекладач",
  "домашнє насильство", "гуманітарка одяг", "допомога на дитину", "pidguzky dlya dorosloho", "кризовий центр",
  "ремонт житла після обстрілу", "соцпрацівник додому", "ліки безкоштовно", "денний центр для людей з інвалідністю",
  "wheelchair", "social taxi", "free lawyer", "инвалидная коляска", "психологическая помощь", "прийомна сім'я",
];

/** The Bot API answered without I/O: what the bot itself costs in CPU. */
let messageId = 1;
const inProcessApi: Transformer = async (_prev, method, payload) => {
  const body = payload as { chat_id?: number; text?: string };
  if (method === "sendMessage" || method === "sendPhoto" || method === "sendDocument") {
    return { ok: true, result: { message_id: messageId++, date: 0, chat: { id: body.chat_id ?? 0, type: "private" }, text: body.text ?? "" } } as never;
  }
  return { ok: true, result: true } as never;
};

let updateId = 1;
const user = (id: number) => ({ id, is_bot: false, first_name: `Resident${id}`, language_code: "uk" });
const chatOf = (id: number) => ({ id, type: "private" as const, first_name: `Resident${id}` });
const text = (id: number, body: string): Update => ({ update_id: updateId++, message: { message_id: updateId, date: 1, chat: chatOf(id), from: user(id), text: body } });
const press = (id: number, data: string): Update => ({
  update_id: updateId++,
  callback_query: { id: String(updateId), from: user(id), chat_instance: "1", data, message: { message_id: 1, date: 1, chat: chatOf(id), text: "…" } },
});

interface Result {
  updates: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** Runs per-chat sequences: chats concurrently (CONCURRENCY at once), each chat's updates in order. */
async function drive(handle: (update: Update) => Promise<void>, chats: Update[][]): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < chats.length) {
      const sequence = chats[next++]!;
      for (const update of sequence) {
        const t0 = performance.now();
        await handle(update);
        latencies.push(performance.now() - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { updates: latencies.length, seconds, p50: at(0.5), p99: at(0.99) };
}

let nextResident = 1_000_000;
function scenarios(scale = 1) {
  const menu = Array.from({ length: Math.ceil(COUNTS.menu * scale) }, () => [text(nextResident++, "☎️ Контакти і гарячі лінії")]);
  const search = Array.from({ length: Math.ceil(COUNTS.search * scale) }, (_, i) => [text(nextResident++, SEARCHES[i % SEARCHES.length]!)]);
  const dialogue = Array.from({ length: Math.ceil(COUNTS.dialogue * scale) }, () => {
    const id = nextResident++;
    return [
      press(id, "cm1:zhytomyr"),
      press(id, "rq1:n:social-taxi:me"),
      press(id, "d1:consent:v:yes"),
      press(id, "d1:mode:v:callback"),
      press(id, "d1:contactName:v:telegram"),
      text(id, "067 123 45 67"),
      press(id, "d1:callbackTime:v:any"),
      press(id, "d1:summary:v:send"),
    ];
  });
  return { menu, search, dialogue };
}

/** How the Bot API is answered: a fake over HTTP (as in the tests), or a transformer (CPU alone). */
type Transport = { name: "HTTP"; telegram: FakeTelegram } | { name: "no I/O" };
const apiRootOf = (transport: Transport) => (transport.name === "HTTP" ? transport.telegram.apiRoot : "http://127.0.0.1:9");

function echoBot(transport: Transport): Bot {
  const bot = new Bot("1:bench", { botInfo: BOT_INFO, client: { apiRoot: apiRootOf(transport) } });
  if (transport.name === "no I/O") bot.api.config.use(inProcessApi);
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  bot.on("callback_query:data", (ctx) => ctx.answerCallbackQuery());
  return bot;
}

/** The whole app, as `npm start` runs it in long polling, on a migrated database. */
async function fullStack(databaseUrl: string, transport: Transport) {
  const config = loadConfig({ BOT_TOKEN: "1:bench", DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", BOT_MODE: "polling", TELEGRAM_API_ROOT: apiRootOf(transport) });
  const db: Database = await openDatabase(databaseUrl);
  await applyMigrations(db.adapterFactory);
  const app = await createApp(config, pino({ level: "silent" }), { db, botInfo: BOT_INFO });
  if (transport.name === "no I/O") app.bot.api.config.use(inProcessApi);
  return { app, db };
}

const perSecond = (r: Result) => r.updates / r.seconds;
const format = (r: Result) => `${String(Math.round(perSecond(r))).padStart(7)} upd/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   (${r.updates} updates)`;
const residentOf = (update: Update) => (update.message ?? update.callback_query?.message)!.chat.id;

/** Runs the three scenarios (after a warm-up) and prints a line each; returns updates per second. */
async function runScenarios(label: string, handle: (update: Update) => Promise<void>, prepare?: (chats: Update[][]) => Promise<void>): Promise<Record<string, number>> {
  const perScenario: Record<string, number> = {};
  for (const [name, runs] of [["warm-up", scenarios(WARM_UP)], ["measured", scenarios()]] as const) {
    for (const [scenario, chats] of Object.entries(runs)) {
      if (scenario !== "dialogue") await prepare?.(chats);
      const result = await drive(handle, chats);
      if (name === "warm-up") continue;
      console.log(`${label.padEnd(24)} ${scenario.padEnd(8)} ${format(result)}`);
      perScenario[scenario] = perSecond(result);
    }
  }
  return perScenario;
}

const ratioLine = (full: Record<string, number>, echo: Record<string, number>) =>
  `menu=${(full.menu! / echo.menu!).toFixed(3)} search=${(full.search! / echo.search!).toFixed(3)} dialogue=${(full.dialogue! / echo.dialogue!).toFixed(3)}`;

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const targets: Array<{ name: string; url: () => Promise<{ url: string; drop?: () => Promise<void> }> }> = [
    { name: "PGlite", url: async () => ({ url: "memory://" }) },
  ];
  if (server) targets.push({ name: "PostgreSQL", url: () => postgresTarget(server, "bench").create() });

  console.log(`Hromada Help — updates benchmark (node ${process.version}, ${CONCURRENCY} chats at a time, Bot API in this process)\n`);
  const telegram = await startFakeTelegram(BOT_INFO);
  const ratios: Record<string, string> = {};
  for (const transport of [{ name: "HTTP", telegram }, { name: "no I/O" }] as Transport[]) {
    console.log(`Bot API ${transport.name === "HTTP" ? "over HTTP (a fake Bot API in this process, through apiRoot)" : "answered without I/O (a transformer): the CPU alone"}`);
    const echo = echoBot(transport);
    const baseline = await runScenarios(`bare echo`, (u) => echo.handleUpdate(u));
    for (const target of targets) {
      const database = await target.url();
      const { app, db } = await fullStack(database.url, transport);
      // Residents of the menu and search runs have chosen their community already.
      const chooseCommunity = async (chats: Update[][]) => {
        await drive((u) => app.bot.handleUpdate(u), chats.map((sequence) => [press(residentOf(sequence[0]!), "cm1:zhytomyr")]));
      };
      const full = await runScenarios(`full stack, ${target.name}`, (u) => app.bot.handleUpdate(u), chooseCommunity);
      const saved = await db.prisma.helpRequest.count();
      console.log(`${"".padEnd(24)} requests saved: ${saved} (expected ${Math.ceil(COUNTS.dialogue * WARM_UP) + COUNTS.dialogue})`);
      ratios[`${transport.name}, ${target.name}`] = ratioLine(full, baseline);
      await app.stop();
      await db.close();
      await database.drop?.();
    }
    console.log("");
  }
  await telegram.close();

  const memory = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench/memory.ts")], { cwd: projectRoot, env: process.env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  process.stdout.write(memory.stdout);
  if (memory.status !== 0) throw new Error("bench/memory.ts failed");

  console.log("");
  for (const [setting, line] of Object.entries(ratios)) console.log(`full stack ÷ bare echo (${setting}): ${line}`);
  // The headline: PostgreSQL (what a city runs at scale) when given, else the embedded database.
  console.log(`ratio ${ratios["HTTP, PostgreSQL"] ?? ratios["HTTP, PGlite"]}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
