import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends every run with how many tests ran against PostgreSQL and one plain line, "Tests: N passed, N failed, N skipped", that CI systems and
 * people can read without knowing vitest's own format.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let postgres = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        // Suites that run against the PostgreSQL server say so in their name ("… on postgresql").
        // (vitest quotes a `$name` it interpolates: "on 'postgresql'").
        if (state === "passed" && /\bon '?postgresql'?(?!\w)/.test(test.fullName)) postgres += 1;
        if (state === "passed") counts.passed += 1;
        else if (state === "failed") counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    // A file that fails before or outside its tests (an import, a hook) counts as a failure too.
    counts.failed += testModules.filter((module) => module.state() === "failed" && ![...module.children.allTests()].some((test) => test.result().state === "failed")).length;
    process.stdout.write(`\nAgainst PostgreSQL (TEST_DATABASE_URL): ${postgres} passed\n`);
    process.stdout.write(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
