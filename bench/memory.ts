/**
 * Memory with many residents in the middle of a dialogue, measured on the process operators run: the
 * compiled bot (`npm run build`, then `node dist/main.js` with the Docker image's flags), long polling through
 * @grammyjs/runner against a fake Telegram over HTTP in this process. OPEN_DIALOGUES residents each
 * choose their community, open a request, consent and choose "describe it", and stop there; then the
 * bot process's RSS is read from /proc (now, and its peak), next to the goal (issue 19: ≤ 300 MB on
 * PGlite, ≤ 250 MB on PostgreSQL), with what PGlite's WebAssembly memory holds of it and the
 * PostgreSQL settings that bound that memory.
 *
 *   npm run bench:memory                                     (PGlite in a temporary folder)
 *   TEST_DATABASE_URL=postgresql://… npm run bench:memory    (PostgreSQL too, as in production; or BENCH_DATABASE_URL)
 *   BENCH_PGLITE=0 …  leaves PGlite out;  BENCH_OPEN_DIALOGUES=… sets the residents (10,000)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { offlineBotInfo } from "../src/bot/bot-info.ts";
import { openDatabase } from "../src/db/client.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { botNodeFlags, buildBot, freePort, machineLine, megabytes, memoryOf, projectRoot, wasmMemoriesOf } from "./process.ts";
import { postgresTarget } from "../test/helpers/databases.ts";

const OPEN_DIALOGUES = Number(process.env.BENCH_OPEN_DIALOGUES ?? 10_000);
/** Issue 19's goals, MB of RSS with 10,000 residents mid-dialogue. */
const GOAL_MB = { PGlite: 300, PostgreSQL: 250 } as const;
/** PostgreSQL's settings that bound what PGlite holds in its WebAssembly memory (src/db/client.ts). */
const PGLITE_MEMORY_SETTINGS = ["shared_buffers", "wal_buffers", "work_mem", "maintenance_work_mem", "temp_buffers", "max_connections"];

/** How long the updates may take (BENCH_TIMEOUT_SECONDS; a busy 2-core machine needs far more than 10 minutes). */
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 1_800) * 1000;

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let nextResident = 5_000_000;
const resident = (id: number) => ({ id, is_bot: false, first_name: `Resident${id}`, language_code: "uk" });
const press = (id: number, data: string) => ({
  callback_query: { id: `${id}-${data}`, from: resident(id), chat_instance: "1", data, message: { message_id: 1, date: 1, chat: { id, type: "private" as const, first_name: `Resident${id}` }, text: "…" } },
});

/** Runs the compiled bot on `databaseUrl`, opens OPEN_DIALOGUES dialogues, returns the lines to print. */
async function measure(label: keyof typeof GOAL_MB, databaseUrl: string): Promise<string[]> {
  const botInfo = offlineBotInfo(1, "Bench", "bench_bot");
  const telegram = await startFakeTelegram(botInfo);
  const port = await freePort();
  /** The JS heap in use, from the bot's own /metrics (prom-client's default metrics). */
  const heapUsed = async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (process.env.BENCH_VERBOSE) {
      // Where the memory is: V8's spaces (committed), external memory (WebAssembly, buffers).
      console.error(text.split("\n").filter((line) => /^hromada_(nodejs_heap_space_size_total|nodejs_external|process_resident|nodejs_heap_size_total)/.test(line)).join("\n"));
    }
    return Number(/^hromada_nodejs_heap_size_used_bytes (\d+)/m.exec(text)?.[1] ?? 0) / 1024;
  };
  // As on every start but a deployment's first: the database is migrated and holds the catalogue
  // already (the schema engine is not loaded, the catalogue sync finds nothing to change).
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, [path.join(projectRoot, "dist/cli.js"), ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (run.status !== 0) throw new Error(`preparing the benchmark's database failed: ${args.join(" ")}`);
  };
  cli("migrate");
  for (const community of ["zhytomyr", "vinnytsia"]) cli("catalog", "import", path.join(projectRoot, `data/catalog/${community}.yaml`));
  // The node flags of the Docker image's CMD, and BENCH_NODE_FLAGS (say --heapsnapshot-signal=SIGUSR2).
  const child = spawn(process.execPath, [...botNodeFlags(), path.join(projectRoot, "dist/main.js")], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      BOT_TOKEN: "1:bench",
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    await until(() => (telegram.calls.get("getUpdates") ?? 0) > 0 || child.exitCode !== null, "the bot to start polling", 120_000);
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}`);
    const idle = memoryOf(child.pid!);
    if (process.env.BENCH_VERBOSE) await heapUsed();

    const started = Date.now();
    const updates = [];
    for (let i = 0; i < OPEN_DIALOGUES; i++) {
      const id = nextResident++;
      updates.push(press(id, "cm1:zhytomyr"), press(id, "rq1:n:home-care:me"), press(id, "d1:consent:v:yes"), press(id, "d1:mode:v:write"));
    }
    telegram.enqueue(updates);
    await until(() => {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}`);
      return telegram.confirmed() >= updates.length && telegram.quietFor() > 2_000;
    }, "every update to be handled");
    const seconds = (Date.now() - started - 2_000) / 1000;
    const open = memoryOf(child.pid!);
    const wasm = wasmMemoriesOf(child.pid!);
    const heap = await heapUsed();
    if (process.env.BENCH_SNAPSHOT) {
      child.kill("SIGUSR2");
      await new Promise((resolve) => setTimeout(resolve, 15_000));
    }
    const goal = GOAL_MB[label];
    const lines = [
      `${label.padEnd(11)} memory   ${OPEN_DIALOGUES} residents mid-dialogue: RSS ${megabytes(open.rss)} ` +
        `(goal ≤ ${goal} MB: ${open.rss / 1024 <= goal ? "met" : "NOT met"}; ${megabytes(idle.rss)} idle before them; peak ${megabytes(open.peak)}; ` +
        `JS heap in use ${megabytes(heap)}); ${Math.round(updates.length / seconds)} upd/s by long polling`,
      `${"".padEnd(11)} WebAssembly memories (grown / resident): ${wasm.map((memory) => `${megabytes(memory.size)} / ${megabytes(memory.rss)}`).join(", ") || "none"}` +
        (label === "PGlite" ? " — the largest is PGlite's PostgreSQL" : " — Prisma's query compiler"),
    ];
    return lines;
  } finally {
    child.kill("SIGTERM");
    await exited;
    await telegram.close();
  }
}

/** After the bot stopped: the dialogues stored and their size; on PGlite, the settings that bound its memory. */
async function stored(label: keyof typeof GOAL_MB, databaseUrl: string): Promise<string[]> {
  const db = await openDatabase(databaseUrl);
  try {
    const [row] = await db.prisma.$queryRawUnsafe<Array<{ dialogues: number; bytes: number }>>(
      "SELECT count(*)::int AS dialogues, coalesce(avg(octet_length(value::text)), 0)::int AS bytes FROM session_record WHERE value ? 'dialogue'",
    );
    const lines = [`${"".padEnd(11)} dialogue states stored: ${row?.dialogues ?? 0}, ${row?.bytes ?? 0} bytes per session row on average`];
    if (label === "PGlite") {
      const settings = await db.prisma.$queryRawUnsafe<Array<{ name: string; setting: string }>>(
        `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name`,
        PGLITE_MEMORY_SETTINGS,
      );
      lines.push(`${"".padEnd(11)} PGlite's settings that bound its memory: ${settings.map((setting) => `${setting.name}=${setting.setting}`).join(", ")}`);
    }
    return lines;
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  buildBot();
  console.log(`Hromada Help — memory benchmark (${machineLine()}; the image's node flags: ${botNodeFlags().join(" ") || "none"})`);
  const lines: string[] = [];
  if (process.env.BENCH_PGLITE !== "0") {
    const dir = mkdtempSync(path.join(tmpdir(), "hromada-bench-memory-"));
    try {
      const url = path.join(dir, "db");
      lines.push(...(await measure("PGlite", url)), ...(await stored("PGlite", url)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (server) {
    const database = await postgresTarget(server, "bench_memory").create();
    try {
      lines.push(...(await measure("PostgreSQL", database.url)), ...(await stored("PostgreSQL", database.url)));
    } finally {
      await database.drop();
    }
  } else {
    lines.push("PostgreSQL  memory   not measured (set TEST_DATABASE_URL or BENCH_DATABASE_URL)");
  }
  for (const line of lines) console.log(line);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
