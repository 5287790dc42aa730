/**
 * A/B of two trees' typed searches on the full stack, in one process (issue 19: searches ≥ 0.5 of the
 * echo): each tree's app on its own database, bench/updates.ts's 30 queries in turn, each by a new
 * resident who chose their community first (not measured), in small batches that alternate between the
 * trees (and which goes first); a bare grammY echo of each query runs in the same rounds, so the CPU
 * ratio to the echo is there too. The geometric mean of the per-round ratios, with two standard errors,
 * says whether a difference is real (a shared machine swings single runs by ±40 %).
 *
 *   git archive <commit> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/ && cp -r src/generated /tmp/base/src/
 *   BENCH_BASE=/tmp/base npx tsx bench/typed-search-ab.ts              (PGlite, Bot API over HTTP to a fake in this process)
 *   BENCH_BASE=/tmp/base npx tsx bench/typed-search-ab.ts --no-io      (Bot API answered by a transformer: the CPU alone)
 *   BENCH_BASE=/tmp/base npx tsx bench/typed-search-ab.ts --postgres   (TEST_DATABASE_URL; client CPU only)
 *   BENCH_BATCH=60 BENCH_ROUNDS=60 BENCH_CONCURRENCY=32 (searches per batch, rounds, chats at a time: bench:updates has 32)
 *   --profile=FILE   a CPU profile of this tree's measured batches only (BENCH_PROFILE_SIDE=base: the base's)
 *   A base from before a migration works too: the database is migrated by this tree's migrations.
 *   BENCH_DELAY=1 with --no-io: each call answered after a 1 ms timer, so updates wait for the Bot API
 *                    together as over HTTP, without HTTP's own cost (what waiting alone costs)
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Bot, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import pino from "pino";
import { offlineBotInfo } from "../src/bot/bot-info.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { machineLine } from "./process.ts";
import { press, SEARCHES, text } from "./resident-updates.ts";

const BATCH = Number(process.env.BENCH_BATCH ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const server = process.argv.includes("--postgres") ? (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) : undefined;
const noIo = process.argv.includes("--no-io");
const BOT_INFO = offlineBotInfo(1, "Bench", "bench_bot");

let messageId = 1;
const inProcessApi: Transformer = async (_prev, method, payload) => {
  if (process.env.BENCH_DELAY) await new Promise((resolve) => setTimeout(resolve, 1));
  const body = payload as { chat_id?: number; text?: string };
  if (method.startsWith("send") || method.startsWith("edit")) {
    return { ok: true, result: { message_id: messageId++, date: 0, chat: { id: body.chat_id ?? 0, type: "private" }, text: body.text ?? "" } } as never;
  }
  return { ok: true, result: true } as never;
};

/** Handles `updates`, `CONCURRENCY` chats at a time; CPU ms per update. */
async function cpuOf(handle: (update: Update) => Promise<unknown>, updates: Update[]): Promise<number> {
  let next = 0;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < updates.length) await handle(updates[next++]!);
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / updates.length;
}

let nextResident = 1_000_000;
let nextQuery = 0;
const searches = (count: number) => Array.from({ length: count }, () => text(nextResident++, SEARCHES[nextQuery++ % SEARCHES.length]!));

/** A migrated PGlite's files, made once (Prisma's schema engine runs once per process). */
let template: Blob | undefined;

async function appOf(root: string, tag: "a" | "b", apiRoot: string) {
  const load = (file: string) => import(pathToFileURL(resolve(root, file)).href);
  const [{ createApp }, { loadConfig }, { openDatabase }, { applyMigrations }, { postgresTarget }] = await Promise.all([
    load("src/app.ts"),
    load("src/config.ts"),
    load("src/db/client.ts"),
    load("src/db/migrate.ts"),
    load("test/helpers/databases.ts"),
  ]);
  const database = server ? await postgresTarget(server, `sab${tag}`).createMigrated() : { url: "memory://", drop: undefined };
  const db = await openDatabase(database.url, template ? { loadDataDir: template } : {});
  if (!server && !template) {
    await applyMigrations(db.adapterFactory);
    template = await db.dumpDataDir();
  }
  const config = loadConfig({ BOT_TOKEN: "1:bench", DATABASE_URL: database.url, LOG_LEVEL: "silent", BOT_MODE: "polling", TELEGRAM_API_ROOT: apiRoot });
  const app = await createApp(config, pino({ level: "silent" }), { db, botInfo: BOT_INFO });
  if (noIo) app.bot.api.config.use(inProcessApi);
  const handle = (update: Update) => app.bot.handleUpdate(update);
  return {
    /** CPU ms per search of a batch (its residents choose their community first, unmeasured). */
    async run(count: number, started?: () => Promise<unknown>): Promise<number> {
      const batch = searches(count);
      for (const update of batch) await handle(press(update.message!.chat.id, "cm1:zhytomyr"));
      await started?.();
      return cpuOf(handle, batch);
    },
    async close() {
      await app.stop();
      await db.close();
      await database.drop?.();
    },
  };
}

function echoOf(apiRoot: string) {
  const bot = new Bot("1:bench", { botInfo: BOT_INFO, client: { apiRoot } });
  if (noIo) bot.api.config.use(inProcessApi);
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  return { run: (count: number, _started?: () => Promise<unknown>) => cpuOf((update) => bot.handleUpdate(update), searches(count)) };
}

type Profile = { nodes: Array<{ id: number; children?: number[] }>; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number };
const profiles: Profile[] = [];

/** Profiles of several rounds as one (their nodes renumbered; only the samples of the rounds). */
function mergeProfiles(list: Profile[]): Profile {
  const merged: Profile = { nodes: [], samples: [], timeDeltas: [], startTime: 0, endTime: 0 };
  let offset = 0;
  for (const one of list) {
    for (const node of one.nodes) merged.nodes.push({ ...node, id: node.id + offset, ...(node.children ? { children: node.children.map((id) => id + offset) } : {}) });
    merged.samples!.push(...(one.samples ?? []).map((id) => id + offset));
    merged.timeDeltas!.push(...(one.timeDeltas ?? []).map((delta, index) => (index === 0 ? 0 : delta)));
    merged.endTime += one.endTime - one.startTime;
    offset += Math.max(...one.nodes.map((node) => node.id)) + 1;
  }
  return merged;
}

async function main(): Promise<void> {
  const base = process.env.BENCH_BASE;
  if (!base) throw new Error("BENCH_BASE: a directory holding the other tree (see the comment on top)");
  const telegram = noIo ? undefined : await startFakeTelegram(BOT_INFO);
  const apiRoot = telegram?.apiRoot ?? "http://127.0.0.1:9";
  // This tree first: the migrated template is made by its migrations, which also serve a base from
  // before a migration (an older tree's code uses none of the newer tables); one schema engine run per process.
  const here = await appOf(resolve(import.meta.dirname, ".."), "b", apiRoot);
  const sides = { base: await appOf(resolve(base), "a", apiRoot), here, echo: echoOf(apiRoot) };
  const names = ["base", "here", "echo"] as const;
  // Warm-up: a few thousand updates each (V8 compiles the hot paths; the echo's first ones cost twice).
  for (let i = 0; i < 20; i++) for (const name of names) await sides[name].run(BATCH);
  const cpu = { base: [] as number[], here: [] as number[], echo: [] as number[] };
  // --profile=FILE: a CPU profile of this tree's rounds only (the others run between them, unprofiled).
  const profile = process.argv.find((argument) => argument.startsWith("--profile="))?.slice("--profile=".length);
  const profiled = process.env.BENCH_PROFILE_SIDE === "base" ? "base" : "here";
  const inspector = profile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.setSamplingInterval", { interval: 200 });
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [...names] : [...names].reverse();
    for (const name of order) {
      cpu[name].push(await sides[name].run(BATCH, inspector && name === profiled ? () => inspector.post("Profiler.start") : undefined));
      if (inspector && name === profiled) {
        const { profile: taken } = await inspector.post("Profiler.stop");
        profiles.push(taken);
      }
    }
  }
  if (profile) writeFileSync(profile, JSON.stringify(mergeProfiles(profiles)));
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const ratio = (a: number[], b: number[]) => {
    const logs = a.map((value, index) => Math.log(value / b[index]!));
    const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
    const se = Math.sqrt(logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logs.length - 1) / logs.length);
    return `${Math.exp(mean).toFixed(3)} (${Math.exp(mean - 2 * se).toFixed(3)}–${Math.exp(mean + 2 * se).toFixed(3)})`;
  };
  console.log(
    `${server ? "PostgreSQL (client CPU)" : "PGlite"}, Bot API ${noIo ? "without I/O" : "over HTTP"}, ${ROUNDS} rounds of ${BATCH} searches, ${CONCURRENCY} at a time (${machineLine()})`,
  );
  console.log(`CPU per search, median of the rounds: base ${median(cpu.base).toFixed(3)} ms, here ${median(cpu.here).toFixed(3)} ms, echo ${median(cpu.echo).toFixed(3)} ms`);
  console.log(`here / base: ${ratio(cpu.here, cpu.base)}, ±2 standard errors`);
  console.log(`echo / base: ${ratio(cpu.echo, cpu.base)}; echo / here: ${ratio(cpu.echo, cpu.here)} (the CPU ratio to the echo)`);
  await sides.base.close();
  await sides.here.close();
  await telegram?.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
