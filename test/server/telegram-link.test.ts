import { HttpError } from "grammy";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { TelegramLink } from "../../src/server/telegram-link.ts";
import { describeStartupError } from "../../src/startup-error.ts";

const silent = pino({ level: "silent" });
const refused = () => new HttpError("Network request for 'getUpdates' failed!", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));

describe("the link to Telegram", () => {
  it("retries getUpdates through an outage with a capped wait, and reports the outage and the return", async () => {
    let clock = 0;
    const link = new TelegramLink({ logger: silent, baseDelayMs: 5, maxDelayMs: 20, degradedAfterMs: 50, now: () => clock });
    const recovered: number[] = [];
    link.onRecovery(() => recovered.push(clock));
    const attempts: number[] = [];
    let failures = 12;
    const call = link.transformer()(
      async () => {
        attempts.push(Date.now());
        clock += 10;
        if (failures-- > 0) throw refused();
        return { ok: true, result: [] } as never;
      },
      "getUpdates",
      { timeout: 30 } as never,
    );
    await expect(call).resolves.toMatchObject({ ok: true });
    expect(attempts).toHaveLength(13);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    // 5, 10, 20, 20, 20 … (timers may fire a little late on a busy machine, never much later)
    expect(Math.max(...gaps)).toBeLessThan(200);
    expect(gaps.slice(4).every((gap) => gap >= 15)).toBe(true);
    expect(recovered).toHaveLength(1);
    expect(link.problems()).toEqual([]);
  });

  it("says degraded, with the reason, after failing for longer than degradedAfterMs", async () => {
    let clock = 0;
    const link = new TelegramLink({ logger: silent, degradedAfterMs: 60_000, now: () => clock });
    const send = link.transformer()(async () => Promise.reject(refused()), "sendMessage", {} as never);
    await expect(send).rejects.toBeInstanceOf(HttpError); // not retried here: the outbox retries sends
    expect(link.problems()).toEqual([]);
    clock += 61_000;
    expect(link.problems()).toEqual([expect.stringMatching(/^telegram unreachable for 61 s \(sendMessage: network: ECONNREFUSED\)/)]);
    await link.transformer()(async () => ({ ok: true, result: true }) as never, "getMe", {} as never);
    expect(link.problems()).toEqual([]);
  });

  it("does not count Telegram's 4xx answers as an outage", async () => {
    const link = new TelegramLink({ logger: silent, degradedAfterMs: 0 });
    await link.transformer()(async () => ({ ok: false, error_code: 400, description: "Bad Request" }) as never, "sendMessage", {} as never);
    expect(link.failing).toBe(false);
  });
});

describe("start-up errors", () => {
  it("name the folder and what to do, never [object Object]", () => {
    // What PGlite throws: Emscripten's own errno numbers on a plain object.
    expect(describeStartupError({ name: "ErrnoError", errno: 51 }, "/srv/db")).toBe(
      "the database folder /srv/db cannot be used (ENOSPC): the disk is full: free some space on it, or set DATABASE_URL to a folder on another disk.",
    );
    expect(describeStartupError({ name: "ErrnoError", errno: 2 }, "/srv/db")).toMatch(/^the database folder \/srv\/db cannot be used \(EACCES\): .*write permission/);
    expect(describeStartupError(Object.assign(new Error("EROFS: read-only file system, mkdir '/srv/db'"), { code: "EROFS" }), "/srv/db")).toMatch(/\(EROFS\): the disk is read-only/);
    expect(describeStartupError(new Error("could not extend file: No space left on device"), "/srv/db")).toMatch(/\(ENOSPC\)/);
    expect(describeStartupError({ weird: true }, "/srv/db")).not.toContain("[object Object]");
    expect(describeStartupError(new TypeError("boom"), "/srv/db")).toBe("TypeError: boom");
  });
});
