#!/usr/bin/env node
/**
 * `npm test`: the type check (`tsc --noEmit`) and the test suite (`vitest run`, arguments passed on)
 * at the same time. tsc uses one core for ~20 s; run first, as before, it kept the other core idle
 * while vitest built its database templates. A type error fails the run (vitest is stopped) and is
 * printed; the exit code is the first failure's. Stopping the run (a type error, Ctrl-C) stops every
 * process the tests started as well.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { constants } from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
/** A package's command-line script, as its package.json's "bin" names it (vitest exports no such path). */
const binOf = (name) => {
  const manifest = require.resolve(`${name}/package.json`);
  const { bin } = require(manifest);
  return path.join(path.dirname(manifest), typeof bin === "string" ? bin : bin[name === "typescript" ? "tsc" : name]);
};
const exitCode = (child) => new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const tsc = spawn(process.execPath, [binOf("typescript"), "--noEmit"], { stdio: ["ignore", "pipe", "pipe"] });
let tscOutput = "";
tsc.stdout.on("data", (chunk) => (tscOutput += chunk));
tsc.stderr.on("data", (chunk) => (tscOutput += chunk));
// In a session (and so a process group) of its own, so that stopping the tests stops what they
// started too: a bot a test runs (crash.e2e's, the sandbox's) was left running, orphaned, when only
// vitest was stopped. It has no terminal then: Ctrl-C and a hang-up reach it through this script.
const vitest = spawn(process.execPath, [binOf("vitest"), "run", ...process.argv.slice(2)], { stdio: "inherit", detached: true });
const stopTests = (signal) => {
  try {
    process.kill(-vitest.pid, signal);
  } catch {
    // already gone
  }
};
/** The signal that stopped the run (Ctrl-C: SIGINT), if one did: the exit code then says so. */
let stoppedBy;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stoppedBy = signal;
    stopTests(signal);
    tsc.kill(signal);
  });
}

const typeCheck = exitCode(tsc).then((code) => {
  if (code !== 0 && !stoppedBy) {
    stopTests("SIGTERM");
    process.stderr.write(`${tscOutput}\nThe type check (tsc --noEmit) failed, so the run fails (the tests are stopped if still running).\n`);
  }
  return code;
});
const [typeCheckCode, testCode] = await Promise.all([typeCheck, exitCode(vitest)]);
if (stoppedBy) process.exit(128 + constants.signals[stoppedBy]);
process.exit(typeCheckCode !== 0 ? typeCheckCode : testCode);
