import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "../../src/bot/middleware/rate-limit.ts";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE, loadConfig } from "../../src/config.ts";
import { InProcessApp } from "../fuzz/in-process.ts";
import { Driver, STAFF_GROUPS, STAFF_USER, t } from "./driver.ts";

/** A flood gets one polite "slow down" and is then ignored for a minute; everyone else is unaffected. */

describe("RateLimiter", () => {
  it("lets a minute's worth through, then notifies once, then drops until the cooldown ends", () => {
    const limiter = new RateLimiter(60_000);
    const verdicts = Array.from({ length: 40 }, () => limiter.hit("u:1", 30, 1_000));
    expect(verdicts.slice(0, 30).every((verdict) => verdict === "pass")).toBe(true);
    expect(verdicts[30]).toBe("notify");
    expect(verdicts.slice(31).every((verdict) => verdict === "drop")).toBe(true);
    expect(limiter.hit("u:1", 30, 60_999)).toBe("drop");
    expect(limiter.hit("u:1", 30, 61_000)).toBe("pass"); // the bucket refilled meanwhile
  });

  it("refills steadily: one every two seconds at 30 a minute", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 30; i += 1) limiter.hit("u:2", 30, 0);
    expect(limiter.hit("u:2", 30, 2_000)).toBe("pass");
    expect(limiter.hit("u:2", 30, 2_000)).toBe("notify");
  });

  it("keeps people apart, and 0 means no limit", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 31; i += 1) limiter.hit("u:3", 30, 0);
    expect(limiter.hit("u:4", 30, 0)).toBe("pass");
    expect(Array.from({ length: 1_000 }, () => limiter.hit("u:5", 0, 0)).every((verdict) => verdict === "pass")).toBe(true);
  });

  it("forgets people who went quiet, so memory stays bounded", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 5_000; i += 1) limiter.hit(`u:${i}`, 30, 0);
    for (let i = 0; i < 1_000; i += 1) limiter.hit("u:late", 30, 10 * 60_000 + i);
    expect(limiter.size).toBeLessThan(10);
  });
});

describe("configuration", () => {
  const TOKEN = "123456789:AAE-valid_token";
  it("has documented defaults, and 0 turns a limit off", () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN })).toMatchObject({ rateLimit: { perMinute: 30, staffPerMinute: 120 }, maxOpenRequestsPerResident: 5 });
    expect(DEFAULT_RATE_LIMIT_PER_MINUTE).toBe(30);
    expect(DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE).toBe(120);
    expect(loadConfig({ BOT_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_STAFF_PER_MINUTE: "", MAX_OPEN_REQUESTS: "2" })).toMatchObject({
      rateLimit: { perMinute: 0, staffPerMinute: 120 },
      maxOpenRequestsPerResident: 2,
    });
  });

  it.each([
    [{ RATE_LIMIT_PER_MINUTE: "-1" }, /^RATE_LIMIT_PER_MINUTE /],
    [{ RATE_LIMIT_PER_MINUTE: "fast" }, /^RATE_LIMIT_PER_MINUTE must be a number of updates a minute/],
    [{ RATE_LIMIT_STAFF_PER_MINUTE: "1.5" }, /^RATE_LIMIT_STAFF_PER_MINUTE /],
    [{ MAX_OPEN_REQUESTS: "0" }, /^MAX_OPEN_REQUESTS /],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, ...env })).toThrow(message);
  });
});

describe("the bot under a flood", () => {
  let target: InProcessApp;
  let driver: Driver;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    target = await InProcessApp.start();
    driver = new Driver(target);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await target.stop();
  });

  it("answers a resident's flood with one «slow down», then costs nothing for a minute; others are served", async () => {
    const flooder = 71_001;
    const answers = [];
    for (let i = 0; i < 45; i += 1) answers.push(await driver.text(flooder, "соціальне таксі"));
    const notices = answers.filter((handled) => handled.texts.some((text) => text === t("rate-limited")));
    expect(notices).toHaveLength(1);
    expect(answers.indexOf(notices[0]!)).toBe(DEFAULT_RATE_LIMIT_PER_MINUTE);
    expect(notices[0]!.calls).toHaveLength(1);
    expect(answers.slice(DEFAULT_RATE_LIMIT_PER_MINUTE + 1).every((handled) => handled.calls.length === 0)).toBe(true);
    expect(answers.every((handled) => handled.error === undefined)).toBe(true);

    // Someone else, meanwhile, is answered as usual.
    expect((await driver.text(71_002, "/start")).texts.length).toBeGreaterThan(0);
    // A minute later the flooder is served again.
    vi.setSystemTime(Date.now() + 61_000);
    expect((await driver.text(flooder, "/help")).texts).toEqual([t("help-text")]);
  });

  it("speaks the language the resident chose; a flood of button presses gets the notice as an alert", async () => {
    const flooder = 71_003;
    await driver.text(flooder, "/language");
    await driver.press(flooder, "lg1:en");
    const answers = [];
    for (let i = 0; i < 40; i += 1) answers.push(await driver.press(flooder, "f1:home"));
    const notice = answers.find((handled) => handled.answer === t("rate-limited", {}, "en"));
    expect(notice).toBeDefined();
    expect(notice!.calls.map((call) => call.method)).toEqual(["answerCallbackQuery"]);
    expect(answers.filter((handled) => handled.answer === t("rate-limited", {}, "en"))).toHaveLength(1);
  });

  it("gives staff groups a higher limit, and never posts a notice in a group", async () => {
    const group = STAFF_GROUPS.reception!;
    const answers = [];
    for (let i = 0; i < DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE + 10; i += 1) answers.push(await driver.text(STAFF_USER, "/overdue", group));
    expect(answers.slice(0, DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE).every((handled) => handled.texts.length === 1)).toBe(true);
    expect(answers.slice(DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE).every((handled) => handled.calls.length === 0)).toBe(true);
    // In a group that is no department's, the resident limit applies, silently too.
    const stranger = [];
    for (let i = 0; i < DEFAULT_RATE_LIMIT_PER_MINUTE + 5; i += 1) stranger.push(await driver.text(71_004, "/id", -4242));
    expect(stranger.slice(DEFAULT_RATE_LIMIT_PER_MINUTE).every((handled) => handled.calls.length === 0)).toBe(true);
  });
});
