import { defineConfig } from "vitest/config";

/**
 * Files that must run alone, after all the others:
 * - the database-outage test stops and restarts the PostgreSQL server every other file uses;
 * - the several-instances test races 16 residents' steps through two webhook instances: with a busy
 *   neighbour one update can outlast the webhook's 8-s answer deadline, and the next step of the same
 *   chat then reaches the other instance while the first still handles it (seen once at load 9: 194
 *   of 200 requests). That is a limit of the product under overload (no lock per chat across
 *   instances), recorded in issue 19's note, not something a test run should stumble on.
 * The Telegram-outage and broadcast tests, which time answers, run beside others: their limits
 * (10 s after a 1-s usual answer; 5 s against ~70 ms) leave room for a busy neighbour, and the
 * outage test mostly waits out its outage.
 */
const ALONE = ["test/e2e/database-outage.e2e.test.ts", "test/e2e/multi-instance.e2e.test.ts"];

/**
 * Two files at a time by default: most files spend their time in one thread (PGlite answers one
 * query at a time in WebAssembly), so on a 2-core machine a second worker almost halves the wall
 * time. HROMADA_TEST_WORKERS=1 runs everything one file at a time.
 */
const workers = Number(process.env.HROMADA_TEST_WORKERS ?? 2);

export default defineConfig({
  test: {
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    // The database templates every test file starts from, built once before the workers start.
    globalSetup: ["./test/helpers/global-setup.ts"],
    // HROMADA_TEST_PROFILE=/tmp/profile.jsonl: CPU and wall seconds per test file (see the file).
    setupFiles: process.env.HROMADA_TEST_PROFILE ? ["./test/helpers/cpu-profile.ts"] : [],
    // Limits are for hung tests, not slow machines: the slowest test takes ~25 s alone on 2 cores and
    // twice that while the machine is busy, so no limit sits within 3x of a test's usual time.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: ALONE,
          maxWorkers: workers,
          // A worker keeps the modules it has loaded for its next file: importing the app (grammY, the
          // Prisma client, PGlite, i18n) again for each of ~90 files cost about half the CPU of the
          // unit tests (test/inbox: 144 → 67 s). Files still get their own databases and apps.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: "alone", include: ALONE, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
