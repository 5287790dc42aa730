/**
 * A/B of two trees' request dialogues in one process (issue 19): each tree's app on its own database,
 * the bench's call-back dialogue (bench/resident-updates.ts) one resident after another, in small
 * batches that alternate between the trees (and which goes first), Bot API answered without I/O. On a
 * shared machine a single run of bench/dialogue.ts swings by ±40 %; alternating batches of a fraction
 * of a second see the same load, and the geometric mean of the per-round ratios with its two standard
 * errors says whether a difference is real (two copies of one tree: 1.00 ± 0.04 at load ~11).
 *
 *   git archive <commit> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/ && cp -r src/generated /tmp/base/src/
 *   BENCH_BASE=/tmp/base npx tsx bench/dialogue-ab.ts                   (PGlite in memory)
 *   BENCH_BASE=/tmp/base npx tsx bench/dialogue-ab.ts --postgres        (TEST_DATABASE_URL; client CPU only)
 *   BENCH_BATCH=5 BENCH_ROUNDS=150 (dialogues per batch, rounds); BENCH_EXTRA_SQL_B='DROP INDEX …' alters the second database
 *   --http                  the Bot API over HTTP to a fake in this process (bench/fake-telegram.ts, one per tree),
 *                           as bench:updates' headline: the client's and the fake's CPU count too
 *   --relay                 the outbox relay running, as in production (woken after every update)
 *   --scenario=menu|search  bench:updates' menu press or typed searches instead of dialogues (a batch is
 *                           BENCH_BATCH × 8 updates; each resident's choice of community is not measured;
 *                           --new-residents: no community chosen, as in bench:updates)
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Transformer } from "grammy";
import pino from "pino";
import { machineLine } from "./process.ts";

const BATCH = Number(process.env.BENCH_BATCH ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 150);
const http = process.argv.includes("--http");
const newResidents = process.argv.includes("--new-residents");
const scenario = process.argv.find((argument) => argument.startsWith("--scenario="))?.slice("--scenario=".length) ?? "dialogue";
const server = process.argv.includes("--postgres") ? (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) : undefined;

/** A migrated PGlite's files, made once (Prisma's schema engine runs once per process). */
let template: Blob | undefined;

async function appOf(root: string, tag: "a" | "b") {
  const load = (file: string) => import(pathToFileURL(resolve(root, file)).href);
  const [{ offlineBotInfo }, { createApp }, { loadConfig }, { openDatabase }, { applyMigrations }, { postgresTarget }, { callbackRequest }] = await Promise.all([
    load("src/bot/bot-info.ts"),
    load("src/app.ts"),
    load("src/config.ts"),
    load("src/db/client.ts"),
    load("src/db/migrate.ts"),
    load("test/helpers/databases.ts"),
    load("bench/resident-updates.ts"),
  ]);
  const { text, press, SEARCHES } = await load("bench/resident-updates.ts");
  const telegram = http ? await (await import("./fake-telegram.ts")).startFakeTelegram(offlineBotInfo(1, "Bench", "bench_bot")) : undefined;
  const botInfo = offlineBotInfo(1, "Bench", "bench_bot");
  const database = server ? await postgresTarget(server, `ab${tag}`).createMigrated() : { url: "memory://", drop: undefined };
  const db = await openDatabase(database.url, template ? { loadDataDir: template } : {});
  if (!server && !template) {
    await applyMigrations(db.adapterFactory);
    template = await db.dumpDataDir();
  }
  for (const sql of (process.env[`BENCH_EXTRA_SQL_${tag.toUpperCase()}`] ?? "").split(";;").filter(Boolean)) await db.prisma.$executeRawUnsafe(sql);
  const config = loadConfig({ BOT_TOKEN: "1:bench", DATABASE_URL: database.url, LOG_LEVEL: "silent", BOT_MODE: "polling", TELEGRAM_API_ROOT: telegram?.apiRoot ?? "http://127.0.0.1:9" });
  const app = await createApp(config, pino({ level: "silent" }), { db, botInfo });
  let messageId = 1;
  const api: Transformer = async (_prev, method, payload) => {
    const body = payload as { chat_id?: number; text?: string };
    if (method.startsWith("send") || method.startsWith("edit")) {
      return { ok: true, result: { message_id: messageId++, date: 0, chat: { id: body.chat_id ?? 0, type: "private" }, text: body.text ?? "" } } as never;
    }
    return { ok: true, result: true } as never;
  };
  if (!telegram) app.bot.api.config.use(api);
  if (process.argv.includes("--relay")) app.relay.start();
  let resident = tag === "a" ? 1_000_000 : 5_000_000;
  return {
    /** CPU ms per update of `count` whole dialogues (or count × 8 menu presses or searches). */
    async run(count: number): Promise<number> {
      let updates: unknown[];
      if (scenario === "dialogue") updates = Array.from({ length: count }, () => callbackRequest(resident++)).flat();
      else {
        updates = [];
        for (let i = 0; i < count * 8; i++) {
          const id = resident++;
          if (!newResidents) await app.bot.handleUpdate(press(id, "cm1:zhytomyr"));
          updates.push(text(id, scenario === "menu" ? "☎️ Контакти і гарячі лінії" : SEARCHES[id % SEARCHES.length]));
        }
      }
      const start = process.cpuUsage();
      for (const update of updates) await app.bot.handleUpdate(update);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000 / updates.length;
    },
    async close() {
      await app.stop();
      await db.close();
      await database.drop?.();
      await telegram?.close();
    },
  };
}

async function main(): Promise<void> {
  const base = process.env.BENCH_BASE;
  if (!base) throw new Error("BENCH_BASE: a directory holding the other tree (see the comment on top)");
  const a = await appOf(resolve(base), "a");
  const b = await appOf(resolve(import.meta.dirname, ".."), "b");
  await a.run(BATCH * 2);
  await b.run(BATCH * 2);
  const cpu = { base: [] as number[], here: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      cpu.base.push(await a.run(BATCH));
      cpu.here.push(await b.run(BATCH));
    } else {
      cpu.here.push(await b.run(BATCH));
      cpu.base.push(await a.run(BATCH));
    }
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const logs = cpu.here.map((here, index) => Math.log(here / cpu.base[index]!));
  const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
  const se = Math.sqrt(logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logs.length - 1) / logs.length);
  console.log(`${server ? "PostgreSQL (client CPU)" : "PGlite"}, Bot API ${http ? "over HTTP" : "without I/O"}, ${scenario}, ${ROUNDS} rounds of ${scenario === "dialogue" ? `${BATCH} dialogues` : `${BATCH * 8} updates`} each (${machineLine()})`);
  console.log(`CPU per update, median of the rounds: base ${median(cpu.base).toFixed(3)} ms, here ${median(cpu.here).toFixed(3)} ms`);
  console.log(`here / base: ${Math.exp(mean).toFixed(3)} (${Math.exp(mean - 2 * se).toFixed(3)}–${Math.exp(mean + 2 * se).toFixed(3)}, ±2 standard errors)`);
  await a.close();
  await b.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
