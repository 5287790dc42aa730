import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundledEntry } from "./entry-build.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Node flags for the short-lived processes tests start (the bot, the CLI, the sandbox): WebAssembly
 * compiled by V8's baseline compiler only. PGlite is PostgreSQL in WebAssembly; in a process that
 * lives a few seconds, V8's optimising compiler spends more CPU compiling its hot functions than they
 * then save (a first start: ~18 s of CPU → ~14 s; initdb alone ~8 s → ~4 s). The bot in production
 * runs for days and keeps the default.
 */
export const TEST_CHILD_NODE_FLAGS: readonly string[] = ["--liftoff-only"];

/**
 * Node's arguments to run one of the project's entry points (a path from the project root, e.g.
 * src/main.ts): its bundle built by the global setup (test/helpers/entry-build.ts), or the
 * TypeScript through tsx when there is none.
 */
export function entryArgs(entry: string): string[] {
  const bundle = bundledEntry(entry);
  return bundle ? [...TEST_CHILD_NODE_FLAGS, bundle] : [...TEST_CHILD_NODE_FLAGS, "--import", "tsx", entry];
}

/** A child process running one of the project's entry points, with its output collected. */
export interface RunningProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function runEntry(entry: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, [...entryArgs(entry), ...args], {
    cwd: PROJECT_ROOT,
    // Only what the test gives, plus PATH: the developer's own .env must not leak in (dotenv never
    // overrides a variable that is already set, so every setting the test relies on is given here).
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    // A hung process, not a slow machine: a start takes ~15 s alone and over a minute on a busy 2-core machine.
    waitForOutput(pattern, timeoutMs = 240_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            if (pattern.test(output)) resolve();
            else reject(new Error(`process exited before ${pattern}:\n${output}`));
          }
        });
        check();
      });
    },
  };
}
