/**
 * Updates per second through the whole stack in one process, against a bare grammY echo bot.
 *
 *   npm run bench:updates                         (PGlite in memory; PostgreSQL too with BENCH_DATABASE_URL)
 *   BENCH_DATABASE_URL=postgresql://… npm run bench:updates
 *
 * The Bot API is answered in process (no network), so the figures are the bot's own cost: grammY,
 * sessions and dialogue state in the database, the matcher, the request lifecycle. Updates are fed as
 * @grammyjs/runner would: concurrently across chats, one at a time within a chat. Scenarios:
 *   menu     a resident taps "☎️ Contacts" (session read/write, a rendered reply)
 *   search   a resident types a free-text query (matcher, a service card)
 *   dialogue a resident sends a complete call-back request (8 updates, one request saved)
 * Then: resident memory — RSS with 10,000 residents in the middle of a dialogue (on PostgreSQL when
 * given, as in production; on PGlite the embedded database's own memory is part of the process's RSS).
 * Ends with one line: `ratio menu=… search=… dialogue=…` (full stack ÷ bare echo, updates per second).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { Bot, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import { offlineBotInfo } from "../src/bot/bot-info.ts";
import pg from "pg";
import pino from "pino";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/client.ts";
import { applyMigrations } from "../src/db/migrate.ts";

const BOT_INFO = offlineBotInfo(1, "Bench", "bench_bot");
const CONCURRENCY = 32;
const COUNTS = { menu: Number(process.env.BENCH_MENU ?? 3000), search: Number(process.env.BENCH_SEARCH ?? 3000), dialogue: Number(process.env.BENCH_DIALOGUES ?? 300) };
const OPEN_DIALOGUES = Number(process.env.BENCH_OPEN_DIALOGUES ?? 10_000);
const QUERIES = ["соціальне таксі", "психолог для дитини", "доглядальниця для мами", "субсидія на комуналку", "socialne avto", "ghjlernjdbq yf,sh", "інвалідний візок", "юрист безкоштовно"];

/** The Bot API, answered in process. */
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
function scenarios() {
  const menu = Array.from({ length: COUNTS.menu }, () => [text(nextResident++, "☎️ Контакти і гарячі лінії")]);
  const search = Array.from({ length: COUNTS.search }, (_, i) => [text(nextResident++, QUERIES[i % QUERIES.length]!)]);
  const dialogue = Array.from({ length: COUNTS.dialogue }, () => {
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

function echoBot(): Bot {
  const bot = new Bot("1:bench", { botInfo: BOT_INFO });
  bot.api.config.use(inProcessApi);
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  bot.on("callback_query:data", (ctx) => ctx.answerCallbackQuery());
  return bot;
}

async function fullStack(databaseUrl: string) {
  const config = loadConfig({ BOT_TOKEN: "1:bench", DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" });
  const db: Database = await openDatabase(databaseUrl);
  await applyMigrations(db.adapterFactory);
  const app = await createApp(config, pino({ level: "silent" }), { db, botInfo: BOT_INFO });
  app.bot.api.config.use(inProcessApi);
  // First the community, for every resident of the menu and search runs (the dialogue run chooses its own).
  return { app, db };
}

const format = (r: Result) => `${String(Math.round(r.updates / r.seconds)).padStart(7)} upd/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   (${r.updates} updates)`;

/** A fresh database on the benchmark's PostgreSQL server, and how to drop it. */
async function createServerDatabase(server: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, "")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function main(): Promise<void> {
  const targets: Array<{ name: string; url: string; drop?: () => Promise<void> }> = [];
  const dir = mkdtempSync(path.join(tmpdir(), "hromada-bench-"));
  targets.push({ name: "PGlite", url: "memory://" });
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (server) {
    const database = await createServerDatabase(server, "bench");
    targets.push({ name: "PostgreSQL", url: database.url, drop: database.drop });
  }

  console.log(`Hromada Help — updates benchmark (node ${process.version}, ${CONCURRENCY} chats at a time, Bot API in process)\n`);
  const echo = echoBot();
  const baseline: Record<string, Result> = {};
  for (const [scenario, chats] of Object.entries(scenarios())) {
    baseline[scenario] = await drive((u) => echo.handleUpdate(u), chats);
    console.log(`bare echo   ${scenario.padEnd(8)} ${format(baseline[scenario]!)}`);
  }

  const ratios: Record<string, number> = {};
  for (const target of targets) {
    const { app, db } = await fullStack(target.url);
    const handle = (u: Update) => app.bot.handleUpdate(u);
    const runs = scenarios();
    // Residents of the menu and search runs have chosen their community already.
    for (const chats of [runs.menu, runs.search]) {
      await drive(handle, chats.map((sequence) => [press((sequence[0] as { message: { chat: { id: number } } }).message.chat.id, "cm1:zhytomyr")]));
    }
    for (const [scenario, chats] of Object.entries(runs)) {
      const result = await drive(handle, chats);
      console.log(`${target.name.padEnd(11)} ${scenario.padEnd(8)} ${format(result)}`);
      if (target === targets[0]) ratios[scenario] = result.updates / result.seconds / (baseline[scenario]!.updates / baseline[scenario]!.seconds);
    }
    const saved = await db.prisma.helpRequest.count();
    console.log(`${"".padEnd(11)} requests saved: ${saved} (expected ${COUNTS.dialogue})`);

    await app.stop();
    await db.close();
    await target.drop?.();
  }
  rmSync(dir, { recursive: true, force: true });
  // Memory in a process of its own, so nothing measured above (an embedded database, the echo bot) counts.
  const child = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", fileURLToPath(import.meta.url), "--memory"], {
    env: { ...process.env, ...(server ? { BENCH_MEMORY_DATABASE_URL: targets.at(-1)!.url } : {}) },
    encoding: "utf8",
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0) process.stderr.write(child.stderr);
  console.log(`\nratio menu=${ratios.menu!.toFixed(3)} search=${ratios.search!.toFixed(3)} dialogue=${ratios.dialogue!.toFixed(3)}`);
}

/**
 * RSS with OPEN_DIALOGUES residents stopped in the middle of a dialogue (after consent, before their
 * name), in a fresh process: on PostgreSQL when given, as in production (on PGlite the embedded
 * database's own memory is part of the process).
 */
async function memory(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let url = "memory://";
  let drop: (() => Promise<void>) | undefined;
  if (server) {
    const database = await createServerDatabase(server, "bench_memory");
    url = database.url;
    drop = database.drop;
  }
  const { app, db } = await fullStack(url);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const open = Array.from({ length: OPEN_DIALOGUES }, () => {
    const id = nextResident++;
    return [press(id, "cm1:zhytomyr"), press(id, "rq1:n:home-care:me"), press(id, "d1:consent:v:yes"), press(id, "d1:mode:v:write")];
  });
  const result = await drive((u) => app.bot.handleUpdate(u), open);
  global.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const rows = await db.prisma.$queryRaw<Array<{ active: number }>>`SELECT count(*)::int AS active FROM session_record WHERE value ? 'dialogue'`;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `${(server ? "PostgreSQL" : "PGlite").padEnd(11)} memory   ${OPEN_DIALOGUES} residents mid-dialogue (${rows[0]?.active ?? 0} dialogue states stored): RSS ${mb(rss)} (${mb(before)} before them), JS heap in use ${mb(heapUsed)}; ${Math.round(result.updates / result.seconds)} upd/s`,
  );
  await app.stop();
  await db.close();
  await drop?.();
}

(process.argv.includes("--memory") ? memory() : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
