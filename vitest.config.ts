import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./test/helpers/sequencer.ts";

/**
 * The one file that must run alone, after all the others: the database-outage test stops and restarts
 * the PostgreSQL server every other file uses. The rest run beside each other, the timed ones too:
 * the Telegram-outage and broadcast tests' limits (10 s after a usual 1 s; 5 s against ~70 ms) leave
 * room for a busy neighbour; the several-instances test lost requests on a busy machine (186–194 of
 * 200 at load 9–11: transactions past Prisma's 5-s limit, and a slow chat's next step free to reach
 * the other instance) until transactions got 20 s and chats a lock across instances (src/db/chat-lock.ts).
 */
const ALONE = ["test/e2e/database-outage.e2e.test.ts"];

/**
 * One file more than there are cores (3 on a 2-core machine): most files spend their time in one
 * thread (PGlite answers one query at a time in WebAssembly), and the e2e files also wait for the bot
 * under test; a clean clone's `npm test` on the 2-core machine took 340 s with two at a time and 289 s
 * with three (quiet, same commit). HROMADA_TEST_WORKERS=1 runs everything one file at a time.
 */
const workers = Number(process.env.HROMADA_TEST_WORKERS ?? availableParallelism() + 1);

export default defineConfig({
  test: {
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    // The longest files first, a clean clone's first run too (test/helpers/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
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
