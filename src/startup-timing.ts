import { performance } from "node:perf_hooks";

/**
 * Where start-up time goes: each phase's end is marked, and the line that says the bot is running
 * carries every phase's milliseconds (`npm run bench:start` prints them). The first phase starts at
 * the process's own start (performance's time origin), so Node's boot and the imports count too.
 */
const marks: Array<{ phase: string; at: number }> = [];

export function markStartup(phase: string): void {
  marks.push({ phase, at: performance.now() });
}

/** Milliseconds of each phase marked so far, in order (a phase marked twice adds up). */
export function startupPhases(): Record<string, number> {
  const phases: Record<string, number> = {};
  let previous = 0;
  for (const { phase, at } of marks) {
    phases[phase] = Math.round((phases[phase] ?? 0) + at - previous);
    previous = at;
  }
  return phases;
}
