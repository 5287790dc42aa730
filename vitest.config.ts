import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    // HROMADA_TEST_PROFILE=/tmp/profile.jsonl: CPU and wall seconds per test file (see the file).
    setupFiles: process.env.HROMADA_TEST_PROFILE ? ["./test/helpers/cpu-profile.ts"] : [],
    // End-to-end tests start an emulator and a database each; running files in parallel on a
    // 2-core machine only makes them slower and flakier.
    fileParallelism: false,
    // Limits are for hung tests, not slow machines: the slowest test takes ~25 s alone on 2 cores and
    // twice that while the machine is busy, so no limit sits within 3x of a test's usual time.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
