import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * With HROMADA_TEST_PROFILE=<file> (vitest.config.ts adds this setup file then), appends one JSON
 * line per test file: the CPU seconds its worker process and the child processes it waited for (CLI,
 * the bot under kill -9) used, and its wall seconds. CPU time, unlike wall time, barely depends on
 * how busy the machine is, so profiles from a shared machine stay comparable.
 */

const TICKS_PER_SECOND = 100;

/** utime + stime of this process, and cutime + cstime of its reaped children, in seconds (Linux). */
function cpuSeconds(): { self: number; children: number } {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ": state is field 3, so utime (14) is index 11 here.
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [number, number, number, number];
  return { self: (utime + stime) / TICKS_PER_SECOND, children: (cutime + cstime) / TICKS_PER_SECOND };
}

const state = globalThis as unknown as { __hromadaProfile?: { self: number; children: number; at: number } };

// vitest 4 passes the file's suite second (the first argument must be an object pattern).
// eslint-disable-next-line no-empty-pattern
afterAll(({}, suite) => {
  const file = (suite as unknown as { filepath?: string; file?: { filepath?: string } }).filepath ?? (suite as unknown as { file?: { filepath?: string } }).file?.filepath ?? "?";
  const now = cpuSeconds();
  const at = Date.now();
  // A worker that ran an earlier file (isolate: false) started the clock then; a fresh worker at 0
  // and at its own start time (process.uptime).
  const previous = state.__hromadaProfile ?? { self: 0, children: 0, at: at - process.uptime() * 1000 };
  state.__hromadaProfile = { ...now, at };
  const line = {
    file: path.relative(process.cwd(), file),
    cpu: +(now.self - previous.self).toFixed(2),
    childCpu: +(now.children - previous.children).toFixed(2),
    wall: +((at - previous.at) / 1000).toFixed(2),
  };
  appendFileSync(process.env.HROMADA_TEST_PROFILE!, `${JSON.stringify(line)}\n`);
});
