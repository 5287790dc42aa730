/**
 * What /healthz reports besides the database: problems an operator must know of though the process
 * still serves (Telegram unreachable for minutes, the general department's group unreachable).
 * Each problem has a key, so it is raised once and cleared when it is over.
 */
export class Health {
  private readonly problems = new Map<string, string>();
  private readonly sources: Array<() => string[]> = [];

  /** Adds a source whose problems are read at each check (e.g. the Telegram link). */
  watch(source: () => string[]): void {
    this.sources.push(source);
  }

  raise(key: string, reason: string): void {
    this.problems.set(key, reason);
  }

  clear(key: string): void {
    this.problems.delete(key);
  }

  list(): string[] {
    return [...this.sources.flatMap((source) => source()), ...this.problems.values()];
  }
}
