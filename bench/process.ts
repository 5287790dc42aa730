/**
 * What the benchmarks that run the bot as its own process share (bench/start.ts, bench/memory.ts):
 * the Docker image's node flags, a free port, and what a process uses, read from /proc (Linux).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The flags the Docker image gives node (its CMD), so the figure is the image's. */
export function imageNodeFlags(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(projectRoot, "Dockerfile"), "utf8"))?.[1];
  const argv = cmd ? (JSON.parse(cmd) as string[]) : [];
  return argv.slice(1).filter((argument) => argument.startsWith("--"));
}

/** The node flags `npm start` gives (its script: `tsx <flags> src/main.ts`). */
export function npmStartNodeFlags(): string[] {
  const script = (JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  return script.split(/\s+/).filter((argument) => argument.startsWith("--"));
}

/** The image's node flags and BENCH_NODE_FLAGS (say --cpu-prof, or --heapsnapshot-signal=SIGUSR2). */
export const botNodeFlags = (): string[] => [...imageNodeFlags(), ...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean)];

/** Compiles src/ to dist/ (what the image runs); throws when it fails. */
export function buildBot(): void {
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: projectRoot, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The machine, for the head of a benchmark's output: on a shared machine wall times follow its load. */
export const machineLine = () => `node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((load) => load.toFixed(2)).join(" ")}`;

/** Resident memory now and at its peak (kB), from /proc/<pid>/status. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** user + system CPU (ms) and resident memory (MB) of a process and its descendants, from /proc. */
export function usageOfTree(pid: number): { cpuMs: number; rssMb: number } {
  const ticksPerMs = 100 / 1000; // USER_HZ
  const stats = new Map<number, { ppid: number; ticks: number; rssPages: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  let pages = 0;
  const walk = (id: number) => {
    ticks += stats.get(id)?.ticks ?? 0;
    pages += stats.get(id)?.rssPages ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === id) walk(child);
  };
  walk(pid);
  return { cpuMs: ticks / ticksPerMs, rssMb: (pages * 4096) / 1024 / 1024 };
}

/**
 * The WebAssembly memories of a process (kB: reserved so far, resident), largest first. V8 (x64) gives
 * each a 10 GiB address range (8 GiB when the memory declares a 2 GB maximum, as PGlite's does): the
 * part grown so far (read-write), then an inaccessible guard up to the end of that range; that pair
 * of mappings is what is looked for in /proc/<pid>/smaps. In the bot on PGlite the
 * largest is PostgreSQL's (shared_buffers and the rest of its memory); Prisma's query compiler has one too.
 */
export function wasmMemoriesOf(pid: number): Array<{ size: number; rss: number }> {
  // 10 GiB for a memory without a maximum; 8 GiB for one with a maximum of 2 GB (PGlite's).
  const WASM_RESERVATIONS_KB = [10 * 1024 * 1024, 8 * 1024 * 1024];
  const maps = readFileSync(`/proc/${pid}/smaps`, "utf8")
    .split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)
    .map((block) => {
      const [range, perms] = block.split(" ", 2) as [string, string];
      const [start, end] = range.split("-").map((hex) => BigInt(`0x${hex}`)) as [bigint, bigint];
      const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(block)?.[1] ?? 0);
      return { start, end, perms, size: kb("Size"), rss: kb("Rss"), anonymous: !/\s\/|\[/.test(block.split("\n")[0]!.slice(range.length + perms.length + 1)) };
    });
  const memories: Array<{ size: number; rss: number }> = [];
  for (let i = 0; i + 1 < maps.length; i++) {
    const [used, guard] = [maps[i]!, maps[i + 1]!];
    if (used.perms.startsWith("rw") && guard.perms.startsWith("---") && used.end === guard.start && used.anonymous && WASM_RESERVATIONS_KB.includes(used.size + guard.size)) {
      memories.push({ size: used.size, rss: used.rss });
    }
  }
  return memories.sort((a, b) => b.size - a.size);
}

export const megabytes = (kilobytes: number) => `${Math.round(kilobytes / 1024)} MB`;
