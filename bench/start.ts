/**
 * Start-up time: from spawning the bot's process to its answer to a resident's /start, as after a
 * crash or a deploy (the database already migrated and holding the catalogue: the first start of a
 * deployment, which migrates and imports, is printed once, apart). Long polling against a fake Bot API
 * over HTTP in this process (bench/fake-telegram.ts); the /start waits in getUpdates from the first
 * call. Several runs of each, the median (and the slowest) printed next to a bare grammY bot's start
 * on the same machine (bench/bare-bot.mjs, plain JavaScript like the compiled bot).
 *
 *   npm run bench:start                                     (PGlite in a temporary folder)
 *   TEST_DATABASE_URL=postgresql://… npm run bench:start    (PostgreSQL too, a database of its own)
 *
 * Measured: the compiled bot the Docker image runs (`node dist/main.js` with the image's flags; built
 * first unless BENCH_NO_BUILD=1) and, on PGlite, `npm start`'s TypeScript through tsx. Each bot run
 * also prints where its time went (the `startupMs` phases of its "bot is running" log line, medians).
 * The CPU the process used until its answer is printed too: on a busy machine the wall time is mostly
 * waiting for a core, the CPU time is what the start itself costs.
 * BENCH_RUNS (default 5) sets the runs per line; BENCH_TSX=0 leaves tsx out; BENCH_NODE_FLAGS are added
 * to the compiled bot's node flags (e.g. --cpu-prof).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { offlineBotInfo } from "../src/bot/bot-info.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { botNodeFlags, buildBot, freePort, machineLine, median, npmStartNodeFlags, projectRoot, usageOfTree } from "./process.ts";
import { postgresTarget } from "../test/helpers/databases.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 3_000;
const RESIDENT = 7_000_001;

interface Run {
  ms: number;
  /** CPU seconds the process (and its children: tsx runs the bot in one) had used when it answered. */
  cpuMs: number;
  /** Resident memory (VmRSS, MB) of the process tree when it answered. */
  rssMb: number;
  phases?: Record<string, number>;
}

/** One start: spawn, wait for the answer to /start, stop the process (SIGTERM) and wait for its exit. */
async function startOnce(command: string[], env: Record<string, string>): Promise<Run> {
  const botInfo = offlineBotInfo(1, "Bench", "bench_bot");
  const telegram = await startFakeTelegram(botInfo);
  telegram.enqueue([
    {
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: RESIDENT, type: "private", first_name: "Resident" },
        from: { id: RESIDENT, is_bot: false, first_name: "Resident", language_code: "uk" },
        text: "/start",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    },
  ]);
  const answered = new Promise<number>((resolve) =>
    telegram.onCall((method, payload) => {
      if (method.startsWith("send") && Number(payload.chat_id) === RESIDENT) resolve(performance.now());
    }),
  );
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", BOT_TOKEN: "1:bench", TELEGRAM_API_ROOT: telegram.apiRoot, PORT: String(await freePort()), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    let usage = { cpuMs: 0, rssMb: 0 };
    const at = await Promise.race([
      answered.then((time) => {
        usage = usageOfTree(child.pid!);
        return time;
      }),
      exited.then((code) => {
        throw new Error(`${command.join(" ")} exited with ${code} before answering:\n${output.slice(-2000)}`);
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within 600 s: ${command.join(" ")}`)), 600_000)),
    ]);
    // The log line is written just after polling starts; give it a moment to arrive.
    const deadline = Date.now() + 2_000;
    while (!output.includes('"startupMs"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const line = output.split("\n").find((text) => text.includes('"startupMs"'));
    return { ms: at - started, ...usage, phases: line ? (JSON.parse(line) as { startupMs: Record<string, number> }).startupMs : undefined };
  } finally {
    child.kill("SIGTERM");
    await exited;
    await telegram.close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Runs a start RUNS times; returns its median and prints its line (with the phases' medians). */
async function measure(label: string, command: string[], env: Record<string, string>, bareMs?: number): Promise<number> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce(command, env));
  const ms = median(runs.map((run) => run.ms));
  const slowest = Math.max(...runs.map((run) => run.ms));
  const verdict = bareMs === undefined ? "" : `  ${(ms / bareMs).toFixed(1)}× the bare bot; ${ms <= TARGET_MS ? "within" : "OVER"} the ${seconds(TARGET_MS)} target`;
  const cpu = median(runs.map((run) => run.cpuMs));
  const rss = Math.round(median(runs.map((run) => run.rssMb)));
  console.log(`${label.padEnd(34)} first answer ${seconds(ms)} median, ${seconds(slowest)} slowest of ${RUNS}, CPU ${seconds(cpu)}, RSS ${rss} MB${verdict}`);
  const withPhases = runs.filter((run) => run.phases);
  if (withPhases.length > 0) {
    const names = Object.keys(withPhases[0]!.phases!);
    const phases = names.map((name) => `${name} ${Math.round(median(withPhases.map((run) => run.phases![name] ?? 0)))}`);
    console.log(`${"".padEnd(34)} phases, ms: ${phases.join(", ")}`);
  }
  return ms;
}

async function main(): Promise<void> {
  if (process.env.BENCH_NO_BUILD !== "1") buildBot();
  // BENCH_NODE_FLAGS (say --cpu-prof --cpu-prof-dir=/tmp/prof) go to the bot's node, after the image's.
  const flags = botNodeFlags();
  const compiled = [process.execPath, ...flags, path.join(projectRoot, "dist/main.js")];
  const tsx = [process.execPath, path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), ...npmStartNodeFlags(), path.join(projectRoot, "src/main.ts")];
  const bot = (databaseUrl: string) => ({ NODE_ENV: "production", DATABASE_URL: databaseUrl, LOG_LEVEL: "info" });
  console.log(`${machineLine()}; ${RUNS} runs each; the image's node flags: ${flags.join(" ") || "none"}`);

  const bare = await measure("bare grammY bot (node)", [process.execPath, path.join(projectRoot, "bench/bare-bot.mjs")], {});

  const dir = mkdtempSync(path.join(tmpdir(), "hromada-bench-start-"));
  try {
    const databaseUrl = path.join(dir, "db");
    const first = await startOnce(compiled, bot(databaseUrl));
    console.log(`${"PGlite, first start (migrates)".padEnd(34)} first answer ${seconds(first.ms)}, CPU ${seconds(first.cpuMs)} (once, not the target's case)`);
    await measure("PGlite, node dist/main.js", compiled, bot(databaseUrl), bare);
    if (process.env.BENCH_TSX !== "0") await measure("PGlite, npm start (tsx src/main.ts)", tsx, { ...bot(databaseUrl), NODE_ENV: "development" }, bare);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (server) {
    const database = await postgresTarget(server, "bench_start").create();
    try {
      const first = await startOnce(compiled, bot(database.url));
      console.log(`${"PostgreSQL, first start (migrates)".padEnd(34)} first answer ${seconds(first.ms)}, CPU ${seconds(first.cpuMs)} (once, not the target's case)`);
      await measure("PostgreSQL, node dist/main.js", compiled, bot(database.url), bare);
    } finally {
      await database.drop();
    }
  } else {
    console.log("PostgreSQL: not measured (set TEST_DATABASE_URL or BENCH_DATABASE_URL)");
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
