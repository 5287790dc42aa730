import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";
import { seedPgliteWithCatalog } from "../helpers/databases.ts";
import { freePort, startEmulator, type Emulator } from "../helpers/emulator.ts";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.ts";
import { runEntry, type RunningProcess } from "../helpers/process.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";

/**
 * The real bot (`npm start`'s entry) behind a fault-injecting proxy that goes away and comes back.
 *
 * The outage lasts 22 s by default (HROMADA_OUTAGE_SECONDS=200 for the full-length run): long enough
 * for the old unbounded backoff to show (auto-retry tried again at 3, 9, 21 and then 45 s: 23 s of
 * deafness after a 22 s outage, 192 s after a 200 s one), and past the point where the capped wait
 * reaches its ceiling (0.5 + 1 + 2 + 4 s), after which a longer outage changes nothing.
 */
const OUTAGE_MS = Number(process.env.HROMADA_OUTAGE_SECONDS ?? 22) * 1_000;
const TOKEN = "123456:outage-test";

let emulator: Emulator;
let proxy: FaultProxy;
let dir: string;
const running: RunningProcess[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  proxy = await startFaultProxy(emulator.apiRoot);
  dir = mkdtempSync(path.join(tmpdir(), "hromada-outage-"));
  // The first start's initdb, migrations and import are not what these tests are about (start.e2e tests them).
  await Promise.all([seedPgliteWithCatalog(path.join(dir, "polling"), DEFAULT_CATALOG_DIR), seedPgliteWithCatalog(path.join(dir, "webhook"), DEFAULT_CATALOG_DIR)]);
});
afterAll(async () => {
  for (const bot of running) bot.child.kill("SIGKILL");
  await proxy.stop();
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function health(port: number): Promise<{ status: string; problems?: string[] } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return (await response.json()) as { status: string; problems?: string[] };
  } catch {
    return undefined;
  }
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("Telegram away and back", () => {
  it(`answers the first message within 10 s of Telegram's return after a ${OUTAGE_MS / 1_000} s outage, and says degraded meanwhile`, async () => {
    const port = await freePort();
    const bot = runEntry("src/main.ts", [], {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: proxy.apiRoot,
      DATABASE_URL: path.join(dir, "polling"),
      PORT: String(port),
      TELEGRAM_DEGRADED_AFTER_SECONDS: "3",
      LOG_LEVEL: "info",
    });
    running.push(bot);
    await bot.waitForOutput(/polling_started/, 90_000);
    const resident = new TelegramUser(emulator, TOKEN, 4101);
    expect((await resident.send("/start")).map((m) => m.text).join("\n")).toContain("Вітаємо");

    proxy.down();
    const downAt = Date.now();
    const degraded = await until(async () => {
      const state = await health(port);
      return state?.status === "degraded" ? state : undefined;
    }, OUTAGE_MS, "/healthz to say degraded");
    expect(degraded.problems?.join()).toMatch(/telegram unreachable for \d+ s \(getUpdates: network/);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));

    const before = resident.messages().length;
    proxy.up();
    const upAt = Date.now();
    await resident.send("/start");
    await until(() => resident.messages().length > before || undefined, 30_000, "the answer after the outage");
    const answeredAfterMs = Date.now() - upAt;
    const polls = proxy.calls.filter((call) => call.method === "getUpdates" && call.at >= upAt);
    console.log(`[outage] ${OUTAGE_MS / 1_000} s outage: first getUpdates ${polls[0] ? polls[0].at - upAt : "?"} ms after the return, first answer ${answeredAfterMs} ms after it`);
    expect(answeredAfterMs).toBeLessThan(10_000);
    expect(bot.output()).toMatch(/"event":"telegram_unreachable"/);
    expect(bot.output()).toMatch(/"event":"telegram_outage"/);
    expect(bot.output()).toMatch(/"event":"telegram_reachable","outageMs":\d+/);
    expect((await health(port))?.status).toBe("ok");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 180_000 + OUTAGE_MS);

  it("in webhook mode serves /healthz while Telegram cannot be reached, and registers the webhook once it can", async () => {
    const port = await freePort();
    proxy.down();
    const bot = runEntry("src/main.ts", [], {
      BOT_TOKEN: "123456:outage-webhook",
      TELEGRAM_API_ROOT: proxy.apiRoot,
      DATABASE_URL: path.join(dir, "webhook"),
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.org/telegram",
      WEBHOOK_SECRET: "outage-test-secret-0123",
      PORT: String(port),
      LOG_LEVEL: "info",
    });
    running.push(bot);
    await bot.waitForOutput(/webhook_started/, 90_000);
    const state = await until(() => health(port), 10_000, "/healthz");
    expect(state).toMatchObject({ status: "degraded", problems: ["webhook not registered with Telegram yet"] });
    expect(bot.output()).not.toContain("webhook_registered");

    proxy.up();
    await bot.waitForOutput(/webhook_registered/, 15_000);
    expect(proxy.calls.some((call) => call.method === "setWebhook" && call.body.url === "https://bot.example.org/telegram")).toBe(true);
    expect((await health(port))?.status).toBe("ok");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 150_000);
});
