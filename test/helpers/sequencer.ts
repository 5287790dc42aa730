import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest start first, in this order, so that no long one starts last and runs on
 * alone while the cores idle. Without it, vitest orders a run by the durations it remembers from the
 * last one (node_modules/.vite) and a clean clone's first `npm test` by file size: there start.e2e
 * (a first start of the real bot, ~30 s) began 85th of 121 files and build.test (~20 s) 110th.
 * From bench/PROFILE-tests.md (wall with three files at a time, quiet machine, and CPU).
 */
const LONGEST_FIRST = [
  "test/fuzz/bot.fuzz.test.ts",
  "test/e2e/sandbox.e2e.test.ts",
  "test/e2e/crash.e2e.test.ts",
  "test/e2e/start.e2e.test.ts",
  "test/e2e/outage.e2e.test.ts",
  "test/e2e/dialogue.e2e.test.ts",
  "test/fuzz/emulator.fuzz.test.ts",
  "test/e2e/inbox.e2e.test.ts",
  "test/announcements/broadcast.test.ts",
  "test/build.test.ts",
  "test/e2e/danger.e2e.test.ts",
  "test/catalog/cli.test.ts",
  "test/db/migrate.test.ts",
];

const rankOf = (file: TestSpecification): number => {
  const index = LONGEST_FIRST.findIndex((name) => file.moduleId.endsWith(name));
  return index === -1 ? LONGEST_FIRST.length : index;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const position = new Map(sorted.map((file, index) => [file, index]));
    // Within a project only: the projects' own order (groupOrder: the file that runs alone, last) stays.
    const group = (file: TestSpecification) => file.project.config.sequence.groupOrder;
    return [...sorted].sort(
      (a, b) => group(a) - group(b) || (a.project.name < b.project.name ? -1 : a.project.name > b.project.name ? 1 : 0) || rankOf(a) - rankOf(b) || position.get(a)! - position.get(b)!,
    );
  }
}
