/**
 * detectDanger's CPU per message, warm and cold (issue 19): bench/updates.ts's 30 searches in turn, timed
 * one by one in a tight loop (V8's compiled expressions stay in the processor's caches) and with 16 MB of
 * memory walked before each (as in the bot, where the rest of an update's work evicts them).
 *
 *   npx tsx bench/danger-cold.ts [ROOT …]   (ROOT: other trees to time in the same process, alternating)
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SEARCHES } from "./resident-updates.ts";

type Detect = (text: string) => unknown;
const roots = process.argv.length > 2 ? process.argv.slice(2) : [resolve(import.meta.dirname, "..")];
const detectors: Detect[] = [];
for (const root of roots) detectors.push((await import(pathToFileURL(resolve(root, "src/requests/danger.ts")).href)).detectDanger as Detect);

const junk = new Float64Array(2_000_000);
let sink = 0;
const evict = () => {
  for (let i = 0; i < junk.length; i += 8) sink += junk[i]!++;
};
const COUNT = 1_500;
/** CPU µs per call. */
function timed(detect: Detect, cold: boolean): number {
  let used = 0;
  for (let i = 0; i < COUNT; i++) {
    if (cold) evict();
    const start = process.cpuUsage();
    detect(SEARCHES[i % SEARCHES.length]!);
    const cpu = process.cpuUsage(start);
    used += cpu.user + cpu.system;
  }
  return used / COUNT;
}

for (const detect of detectors) for (let i = 0; i < 3_000; i++) detect(SEARCHES[i % SEARCHES.length]!);
const results = roots.map(() => ({ warm: [] as number[], cold: [] as number[] }));
for (let round = 0; round < 5; round++) {
  detectors.forEach((detect, index) => {
    results[index]!.warm.push(timed(detect, false));
    results[index]!.cold.push(timed(detect, true));
  });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
roots.forEach((root, index) => {
  console.log(`${root}: detectDanger CPU µs per message, median of 5 rounds: warm ${median(results[index]!.warm).toFixed(1)}, cold ${median(results[index]!.cold).toFixed(1)}`);
});
if (sink === -1) console.log(sink);
