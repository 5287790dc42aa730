/**
 * A small seeded random source for the fuzz suites: the same seed gives the same updates, so a failure
 * is reproduced with FUZZ_SEED=<seed>. (mulberry32: fast, 32-bit state, good enough for test data.)
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: [[weight, value], …]. */
  weighted<T>(table: ReadonlyArray<readonly [number, T]>): T {
    const total = table.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of table) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return table.at(-1)![1];
  }
}

/** The seed from FUZZ_SEED, else CI's fixed one under CI, else a fresh one (always printed, so any run can be repeated). */
export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== "" && fromEnv !== "random") {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${fromEnv}`);
    return seed >>> 0;
  }
  // CI (CI=true) runs a fixed seed, so a landing never depends on the dice; elsewhere each run explores
  // a new one (FUZZ_SEED=random forces that anywhere).
  if (process.env.CI === "true" && fromEnv !== "random") return CI_SEED;
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/** The seed CI runs (passes at 5,000 updates; so did seeds 1-13 and, at 20,000, seeds 7-9). */
const CI_SEED = 20_261_122;

/** FUZZ_COUNT, else the given default. */
export function fuzzCount(fallback: number): number {
  const fromEnv = process.env.FUZZ_COUNT;
  if (fromEnv === undefined || fromEnv === "") return fallback;
  const count = Number(fromEnv);
  if (!Number.isInteger(count) || count < 1) throw new Error(`FUZZ_COUNT must be a positive integer, got ${fromEnv}`);
  return count;
}
