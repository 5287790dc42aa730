/**
 * Memory with many residents in the middle of a dialogue, measured on the process operators run: the
 * compiled bot (`npm run build`, then `node dist/main.js` with the Docker image's flags), long polling through
 * @grammyjs/runner against a fake Telegram over HTTP in this process. OPEN_DIALOGUES residents each
 * choose their community, open a request, consent and choose "describe it", and stop there; then the
 * bot process's RSS is read from /proc (now, and its peak).
 *
 *   npm run bench:memory                                     (PGlite in a temporary folder)
 *   BENCH_DATABASE_URL=postgresql://… npm run bench:memory   (PostgreSQL too, as in production)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { offlineBotInfo } from "../src/bot/bot-info.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { postgresTarget } from "../test/helpers/databases.ts";

const OPEN_DIALOGUES = Number(process.env.BENCH_OPEN_DIALOGUES ?? 10_000);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const megabytes = (kilobytes: number) => `${Math.round(kilobytes / 1024)} MB`;
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** The flags the Docker image gives node (its CMD), so the figure is the image's. */
function imageNodeFlags(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(projectRoot, "Dockerfile"), "utf8"))?.[1];
  const argv = cmd ? (JSON.parse(cmd) as string[]) : [];
  return argv.slice(1).filter((argument) => argument.startsWith("--"));
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

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

/** Runs the compiled bot on `databaseUrl`, opens OPEN_DIALOGUES dialogues, returns the line to print. */
async function measure(label: string, databaseUrl: string, countDialogues?: () => Promise<number>): Promise<string> {
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
  const flags = [...imageNodeFlags(), ...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean)];
  const child = spawn(process.execPath, [...flags, path.join(projectRoot, "dist/main.js")], {
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
    const heap = await heapUsed();
    if (process.env.BENCH_SNAPSHOT) {
      child.kill("SIGUSR2");
      await new Promise((resolve) => setTimeout(resolve, 15_000));
    }
    const stored = countDialogues ? ` (${await countDialogues()} dialogue states stored)` : "";
    return (
      `${label.padEnd(11)} memory   ${OPEN_DIALOGUES} residents mid-dialogue${stored}: RSS ${megabytes(open.rss)} ` +
      `(${megabytes(idle.rss)} idle before them; peak ${megabytes(open.peak)}; JS heap in use ${megabytes(heap)}); ${Math.round(updates.length / seconds)} upd/s by long polling`
    );
  } finally {
    child.kill("SIGTERM");
    await exited;
    await telegram.close();
  }
}

async function main(): Promise<void> {
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: projectRoot, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");

  const lines: string[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "hromada-bench-memory-"));
  try {
    if (process.env.BENCH_PGLITE !== "0") lines.push(await measure("PGlite", path.join(dir, "db")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (server) {
    const database = await postgresTarget(server, "bench_memory").create();
    try {
      const count = async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const result = await client.query<{ active: number }>("SELECT count(*)::int AS active FROM session_record WHERE value ? 'dialogue'");
        await client.end();
        return result.rows[0]?.active ?? 0;
      };
      lines.push(await measure("PostgreSQL", database.url, count));
    } finally {
      await database.drop();
    }
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
