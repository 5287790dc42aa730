/**
 * When the database's statements are worth gathering for a moment (issue 19). A statement on PGlite
 * runs in this thread, each call entered cold between the bot's other work; statements of several
 * chats run back to back, and session writes as one batch, cost far less (bench/PROFILE-updates.md,
 * session 14). Waiting only pays when other updates are under way to join: one resident alone (and a
 * test that talks to the bot one message at a time) waits for nothing.
 */
let updatesInFlight = 0;

/** Counts an update the bot is handling (create-bot.ts), until `done` is called. */
export function updateStarted(): () => void {
  updatesInFlight += 1;
  let counted = true;
  return () => {
    if (counted) updatesInFlight -= 1;
    counted = false;
  };
}

/** Whether other updates are being handled besides one: then a statement's company is coming. */
export const othersUnderWay = (): boolean => updatesInFlight > 1;

/** How long a statement waits for company (ms). 2 gained nothing over 1 (session 14). */
export const GATHER_MS = 1;

/** The timer of the moment: a test that fakes timers must not hold the bot's statements (GroupedWrites' too). */
export const wait = globalThis.setTimeout;

/**
 * Runs each call's `fn` now when no other update is under way; else after GATHER_MS, back to back
 * with the others that came meanwhile, one at a time in their order.
 */
export function gatherer(gatherMs = GATHER_MS): <T>(fn: () => Promise<T>) => Promise<T> {
  let queue: Array<() => Promise<void>> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    timer = undefined;
    const ready = queue;
    queue = [];
    for (const job of ready) await job();
  };
  return <T>(fn: () => Promise<T>): Promise<T> => {
    if (timer === undefined && !othersUnderWay()) return fn();
    return new Promise<T>((resolve, reject) => {
      queue.push(() => fn().then(resolve, reject));
      timer ??= wait(() => void flush(), gatherMs);
    });
  };
}
