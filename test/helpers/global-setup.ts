import { spawnSync } from "node:child_process";
import { buildEntries } from "./entry-build.ts";
import { entryArgs, PROJECT_ROOT } from "./process.ts";

/**
 * Before the workers start: the entry points bundled for the processes tests start
 * (test/helpers/entry-build.ts), then the database templates, built once (test/helpers/build-templates.ts).
 * In a child process so that it can run with the flags of the tests' other short-lived processes
 * (see TEST_CHILD_NODE_FLAGS): initdb alone is ~8 s of CPU with V8's optimising tier, ~4 s without.
 */
export default async function setup(): Promise<void> {
  // Each vitest project runs the global setup; the first has built what there is to build.
  if (process.env.HROMADA_TEST_TEMPLATES_READY) return;
  await buildEntries();
  const build = spawnSync(process.execPath, entryArgs("test/helpers/build-templates.ts"), {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`building the test database templates failed:\n${build.stdout}${build.stderr}`);
  process.env.HROMADA_TEST_TEMPLATES_READY = "1";
}
