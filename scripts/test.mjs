#!/usr/bin/env node
/**
 * `npm test`: the type check (`tsc --noEmit`) and the test suite (`vitest run`, arguments passed on)
 * at the same time. tsc uses one core for ~20 s; run first, as before, it kept the other core idle
 * while vitest built its database templates. A type error fails the run (vitest is stopped) and is
 * printed; the exit code is the first failure's.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
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
const vitest = spawn(process.execPath, [binOf("vitest"), "run", ...process.argv.slice(2)], { stdio: "inherit" });

const typeCheck = exitCode(tsc).then((code) => {
  if (code !== 0) {
    vitest.kill("SIGTERM");
    process.stderr.write(`${tscOutput}\nThe type check (tsc --noEmit) failed, so the run fails (the tests are stopped if still running).\n`);
  }
  return code;
});
const [typeCheckCode, testCode] = await Promise.all([typeCheck, exitCode(vitest)]);
process.exit(typeCheckCode !== 0 ? typeCheckCode : testCode);
