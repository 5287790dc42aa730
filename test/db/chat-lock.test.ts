import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { chatLockKey, postgresChatLock, type ChatLock } from "../../src/db/chat-lock.ts";
import { freePort } from "../helpers/emulator.ts";
import { TEST_DATABASE_URL } from "../helpers/databases.ts";

const silent = pino({ level: "silent" });

/** Resolves when `release` is called: an update that takes as long as the test says. */
function pending(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe("chatLockKey", () => {
  it("is a stable int4, different for neighbouring chat ids", () => {
    const keys = ["123", "124", "-1001234567890", "-1001234567891"].map(chatLockKey);
    expect(new Set(keys).size).toBe(4);
    for (const key of keys) expect(Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31).toBe(true);
    expect(chatLockKey("123")).toBe(keys[0]);
  });
});

describe("without a database to lock in", () => {
  it("handles the update anyway (as before the lock existed) and says so in the log", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
    const lock = postgresChatLock(`postgresql://postgres@127.0.0.1:${await freePort()}/postgres`, logger);
    try {
      expect(await lock.run("42", async () => "handled")).toBe("handled");
      expect(lines.some((line) => line.includes('"event":"chat_lock_unavailable"'))).toBe(true);
    } finally {
      await lock.close();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)("across instances on postgresql", () => {
  const locks: ChatLock[] = [];
  const instance = (options?: Parameters<typeof postgresChatLock>[2]) => {
    const lock = postgresChatLock(TEST_DATABASE_URL!, silent, { pollMs: 5, ...options });
    locks.push(lock);
    return lock;
  };
  afterEach(async () => {
    for (const lock of locks.splice(0)) await lock.close();
  });

  it("a chat's update on the second instance waits until the first instance's update ends", async () => {
    const [a, b] = [instance(), instance()];
    const order: string[] = [];
    const first = pending();
    const onA = a.run("777", async () => {
      order.push("a starts");
      await first.promise;
      order.push("a ends");
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // a holds the lock
    const onB = b.run("777", async () => void order.push("b runs"));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(order).toEqual(["a starts"]);
    first.release();
    await Promise.all([onA, onB]);
    expect(order).toEqual(["a starts", "a ends", "b runs"]);
  });

  it("another chat does not wait; a failed update releases its chat", async () => {
    const [a, b] = [instance(), instance()];
    const first = pending();
    const onA = a.run("1", () => first.promise);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await b.run("2", async () => "other chat")).toBe("other chat");
    first.release();
    await onA;

    await expect(a.run("3", async () => Promise.reject(new Error("update failed")))).rejects.toThrow("update failed");
    expect(await b.run("3", async () => "after the failure")).toBe("after the failure");
  });

  it("an instance that dies (its connection closed) releases its chats", async () => {
    const [a, b] = [instance(), instance()];
    const never = pending();
    void a.run("9", () => never.promise).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await a.close();
    expect(await b.run("9", async () => "taken over")).toBe("taken over");
    never.release();
  });

  it("waits at most maxWaitMs for a hung holder, then handles the update anyway", async () => {
    const [a, b] = [instance(), instance({ maxWaitMs: 200 })];
    const hung = pending();
    const onA = a.run("5", () => hung.promise);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await b.run("5", async () => "handled anyway")).toBe("handled anyway");
    hung.release();
    await onA;
  });
});
