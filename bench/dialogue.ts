/**
 * The request dialogue alone, for profiling (issue 19): bench/updates.ts's call-back dialogue (8
 * updates), one resident after another (or a few at a time), on the full stack; prints CPU per update,
 * by step, and the Bot API calls each step makes.
 *
 *   npx tsx bench/dialogue.ts                      (PGlite in memory, Bot API over HTTP to a fake)
 *   npx tsx bench/dialogue.ts --postgres=URL       (or BENCH_DATABASE_URL / TEST_DATABASE_URL with --postgres)
 *   npx tsx bench/dialogue.ts --no-io              (Bot API answered by a transformer: the CPU alone)
 *   BENCH_PAYLOADS=1 npx tsx bench/dialogue.ts     (also the JSON bytes each step sends, by method)
 *   npx tsx bench/dialogue.ts --profile=/tmp/d.cpuprofile  (a CPU profile of the measured dialogues only,
 *                                                  and its 25 costliest functions by self time)
 *   npx tsx bench/dialogue.ts --searches [--no-io] [--profile=…]
 *       typed searches instead (bench/updates.ts's 30 queries in turn, BENCH_DIALOGUES of them), each by a
 *       resident who chose their community first (that press is neither measured nor profiled);
 *       with --new-residents, by residents new to the bot, as bench:updates' searches
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import type { Transformer } from "grammy";
import type { Update } from "grammy/types";
import pino from "pino";
import { offlineBotInfo } from "../src/bot/bot-info.ts";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { applyMigrations } from "../src/db/migrate.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { machineLine } from "./process.ts";
import { postgresTarget } from "../test/helpers/databases.ts";
import { callbackRequest, press, SEARCHES, text } from "./resident-updates.ts";

const BOT_INFO = offlineBotInfo(1, "Bench", "bench_bot");
const DIALOGUES = Number(process.env.BENCH_DIALOGUES ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const option = (name: string) => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
const noIo = process.argv.includes("--no-io");
const searches = process.argv.includes("--searches");
const newResidents = process.argv.includes("--new-residents");

let nextResident = 1_000_000;
let nextSearch = 0;
/** One resident's updates: the whole call-back request, or one typed search. */
const dialogue = () => (searches ? [text(nextResident++, SEARCHES[nextSearch++ % SEARCHES.length]!)] : callbackRequest(nextResident++));

let messageId = 1;
const inProcessApi: Transformer = async (_prev, method, payload) => {
  const body = payload as { chat_id?: number; text?: string };
  if (method.startsWith("send")) return { ok: true, result: { message_id: messageId++, date: 0, chat: { id: body.chat_id ?? 0, type: "private" }, text: body.text ?? "" } } as never;
  if (method.startsWith("edit")) return { ok: true, result: { message_id: 1, date: 0, chat: { id: body.chat_id ?? 0, type: "private" }, text: body.text ?? "" } } as never;
  return { ok: true, result: true } as never;
};

async function main(): Promise<void> {
  const server = option("postgres") ?? (process.argv.includes("--postgres") ? (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) : undefined);
  const database = server ? await postgresTarget(server, "bench").create() : { url: "memory://", drop: undefined };
  const telegram = noIo ? undefined : await startFakeTelegram(BOT_INFO);
  const apiRoot = telegram?.apiRoot ?? "http://127.0.0.1:9";
  const config = loadConfig({ BOT_TOKEN: "1:bench", DATABASE_URL: database.url, LOG_LEVEL: "silent", BOT_MODE: "polling", TELEGRAM_API_ROOT: apiRoot });
  const db = await openDatabase(database.url);
  await applyMigrations(db.adapterFactory);
  const app = await createApp(config, pino({ level: "silent" }), { db, botInfo: BOT_INFO });
  // BENCH_STATEMENTS=1: the CPU of each driver statement (src/db/sql.ts), by its first words (one at a time only).
  const statements = new Map<string, { n: number; ms: number }>();
  if (process.env.BENCH_STATEMENTS === "1") {
    const timed = <T>(label: string, fn: () => Promise<T>) => async () => {
      const c0 = process.cpuUsage();
      try {
        return await fn();
      } finally {
        const used = process.cpuUsage(c0);
        const entry = statements.get(label) ?? { n: 0, ms: 0 };
        entry.n++;
        entry.ms += (used.user + used.system) / 1000;
        statements.set(label, entry);
      }
    };
    const labelOf = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 60);
    const { query, transaction, batch } = db.sql;
    const sql = db.sql as { query: typeof query; transaction: typeof transaction; batch: typeof batch };
    sql.batch = (list) => timed(`batch: ${list.map(({ text }) => labelOf(text).slice(0, 30)).join(" + ")}`, () => batch(list))();
    sql.query = <Row>(text: string, params?: readonly unknown[]) => timed(labelOf(text), () => query<Row>(text, params))();
    sql.transaction = (fn) =>
      timed("transaction (all of it)", () => transaction((tx) => fn({ query: <Row>(text: string, params?: readonly unknown[]) => timed(`  in tx: ${labelOf(text)}`, () => tx.query<Row>(text, params))() })))();
  }
  let step = 0;
  const calls: Array<Map<string, number>> = [];
  // BENCH_PAYLOADS=1: the JSON bytes each step sends, by method (what the Bot API and its HTTP carry).
  const bytes: Array<Map<string, number>> = [];
  app.bot.api.config.use((prev, method, payload, signal) => {
    const counts = (calls[step] ??= new Map());
    counts.set(method, (counts.get(method) ?? 0) + 1);
    if (process.env.BENCH_PAYLOADS === "1") {
      const sizes = (bytes[step] ??= new Map());
      sizes.set(method, (sizes.get(method) ?? 0) + Buffer.byteLength(JSON.stringify(payload)));
    }
    return prev(method, payload, signal);
  });
  if (noIo) app.bot.api.config.use(inProcessApi);

  const run = async (count: number, measure: boolean, started?: () => Promise<void>) => {
    const chats = Array.from({ length: count }, dialogue);
    // A searching resident has chosen their community already (not measured), unless --new-residents
    // (bench:updates' searches: each by a resident new to the bot, who has chosen none).
    if (searches && !newResidents) for (const [update] of chats) await app.bot.handleUpdate(press(update!.message!.chat.id, "cm1:zhytomyr"));
    calls.length = 0;
    bytes.length = 0;
    await started?.();
    const cpuByStep: number[] = [];
    const msByStep: number[][] = [];
    let next = 0;
    const cpu = process.cpuUsage();
    const worker = async () => {
      while (next < chats.length) {
        const sequence = chats[next++]!;
        for (const [index, update] of sequence.entries()) {
          step = index;
          const c0 = CONCURRENCY === 1 ? process.cpuUsage() : undefined;
          const t0 = performance.now();
          await app.bot.handleUpdate(update);
          (msByStep[index] ??= []).push(performance.now() - t0);
          if (c0) {
            const used = process.cpuUsage(c0);
            cpuByStep[index] = (cpuByStep[index] ?? 0) + (used.user + used.system) / 1000;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const used = process.cpuUsage(cpu);
    if (!measure) return;
    const updates = chats.reduce((sum, sequence) => sum + sequence.length, 0);
    const all = msByStep.flat().sort((a, b) => a - b);
    const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
    console.log(`${server ? "PostgreSQL" : "PGlite"}, Bot API ${noIo ? "without I/O" : "over HTTP"}, ${count} ${searches ? "searches" : "dialogues"}, ${CONCURRENCY} at a time (${machineLine()})`);
    console.log(`CPU ${(((used.user + used.system) / 1000) / updates).toFixed(3)} ms/upd; p50 ${q(all, 0.5).toFixed(2)} ms, p99 ${q(all, 0.99).toFixed(2)} ms`);
    if (CONCURRENCY === 1) console.log(`CPU by step, ms: ${cpuByStep.map((ms) => (ms / count).toFixed(2)).join(", ")}`);
    console.log(`p50 by step, ms: ${msByStep.map((ms) => q(ms.sort((a, b) => a - b), 0.5).toFixed(2)).join(", ")}`);
    console.log(`Bot API calls by step: ${calls.map((m) => [...m].map(([k, v]) => `${k}×${(v / count).toFixed(2)}`).join(" ")).join(" | ")}`);
    const total = calls.reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
    console.log(`Bot API calls per update: ${(total / updates).toFixed(2)}; requests saved: ${await db.prisma.helpRequest.count()}`);
    if (bytes.length > 0) console.log(`JSON bytes sent by step: ${bytes.map((m) => [...m].map(([k, v]) => `${k} ${Math.round(v / count)}`).join(" + ")).join(" | ")}`);
    for (const [label, { n, ms }] of statements) console.log(`${(ms / count).toFixed(3).padStart(7)} ms per dialogue, ${(n / count).toFixed(2)}× : ${label}`);
  };
  await run(Math.max(5, Math.ceil(DIALOGUES / 5)), false);
  calls.length = 0;
  statements.clear();
  const profile = option("profile");
  const inspector = profile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.setSamplingInterval", { interval: 100 }); // µs: a search is ~0.5 ms
  }
  await run(DIALOGUES, true, async () => void (await inspector?.post("Profiler.start")));
  if (inspector) {
    const { profile: taken } = await inspector.post("Profiler.stop");
    writeFileSync(profile!, JSON.stringify(taken));
    printSelfTimes(taken);
  }
  await app.stop();
  await db.close();
  await telegram?.close();
  await database.drop?.();
}

/** The profile's 25 costliest functions by self time (their share of the samples), by file and line. */
function printSelfTimes(taken: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>; samples?: number[] }): void {
  const frames = new Map(taken.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  for (const id of taken.samples ?? []) {
    const frame = frames.get(id)!;
    const where = frame.url.replace(/^.*\/(node_modules|src)\//, "$1/") || "(native)";
    const name = `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = taken.samples?.length ?? 0;
  console.log(`Self time, top 25 of ${total} samples:`);
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * n) / total).toFixed(1).padStart(6)} %  ${name}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
