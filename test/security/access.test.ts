import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { InProcessApp } from "../fuzz/in-process.ts";
import { Driver, STAFF_GROUPS, STAFF_USER, t } from "./driver.ts";

/**
 * Access: a resident can never see or act on another resident's request, whatever callback data they
 * craft; staff actions are taken only from staff, in their own department's group. Each refusal must
 * change nothing in the database and show nothing of the other request.
 */

const ALICE = 61_001;
const BOB = 61_002;
const STRANGER = 61_888;
const ALICE_DATA = { name: "Аліса Секретна", phone: "067 111 22 33", address: "вул. Таємна, 13", details: "Потрібен соціальний таксі до лікарні" };

let target: InProcessApp;
let driver: Driver;
let aliceRequest: number;
let aliceNumber: string;

/** Everything stored about a request: a refusal must leave it exactly as it was. */
async function snapshot(id: number): Promise<string> {
  const prisma = target.db.prisma;
  const request = await prisma.helpRequest.findUniqueOrThrow({ where: { id } });
  const events = await prisma.requestEvent.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
  const outbox = await prisma.outboxMessage.count({ where: { requestId: id } });
  return JSON.stringify({ request: { ...request, updatedAt: undefined }, events, outbox }, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
}

/** Nothing Bob was sent or shown mentions Alice's request. */
function expectNothingOfAlice(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(aliceNumber);
    for (const secret of ["Аліса", "111 22 33", "Таємна", "таксі"]) expect(text).not.toContain(secret);
  }
}

beforeAll(async () => {
  // Faked Date: every update is a few seconds after the last, so no test trips the rate limit.
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  target = await InProcessApp.start();
  driver = new Driver(target);
  aliceRequest = await driver.sendRequest(ALICE, ALICE_DATA);
  aliceNumber = (await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id: aliceRequest } })).number;
  await driver.sendRequest(BOB, { name: "Боб", phone: "050 765 43 21", details: "Потрібен слуховий апарат" });
});
beforeEach(() => {
  vi.setSystemTime(Date.now() + 60_000);
});
afterAll(async () => {
  vi.useRealTimers();
  await target.stop();
});

describe("a resident and another resident's request", () => {
  const forged = (id: () => number) => [`my1:o:${id()}`, `my1:c:${id()}`, `my1:cy:${id()}`, `my1:w:${id()}`];

  it.each(["my1:o", "my1:c", "my1:cy", "my1:w"])("%s:<Alice's id> pressed by Bob: refused, nothing shown, nothing changed", async (prefix) => {
    const before = await snapshot(aliceRequest);
    const handled = await driver.press(BOB, `${prefix}:${aliceRequest}`);
    expect(handled.error).toBeUndefined();
    expect(handled.answer).toBe(t("my-not-found"));
    expect(handled.calls.map((call) => call.method)).toEqual(["answerCallbackQuery"]);
    expectNothingOfAlice(handled.texts);
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it("after a forged «add a message» for Alice's request, Bob's next message reaches no request of Alice's", async () => {
    const before = await snapshot(aliceRequest);
    await driver.press(BOB, `my1:w:${aliceRequest}`);
    const handled = await driver.text(BOB, "Це повідомлення не для Аліси");
    expectNothingOfAlice(handled.texts);
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it.each([
    "my1:o:0",
    "my1:o:999999999",
    "my1:o:1234567890",
    "my1:o:-1",
    "my1:o:1e3",
    "my1:o:",
    "my1:cy",
    "my1",
    "rq1:n:no-such-service:me",
    "d1:summary:v:send",
    "st1:cls",
    "x".repeat(64),
  ])("crafted %j: answered, nothing of Alice's shown or changed", async (data) => {
    const before = await snapshot(aliceRequest);
    const handled = await driver.press(BOB, data);
    expect(handled.error).toBeUndefined();
    expect(handled.answer).toBeDefined();
    expectNothingOfAlice(handled.texts);
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it("Bob's own request still opens (the refusals are about ownership, not a broken button)", async () => {
    const bobRequest = await target.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(BOB) } });
    const handled = await driver.press(BOB, `my1:o:${bobRequest.id}`);
    expect(handled.texts.join("\n")).toContain(bobRequest.number);
  });

  it("a resident who erased their data cannot reach their old requests by id either", async () => {
    const carol = 61_003;
    const id = await driver.sendRequest(carol, { name: "Кароль", phone: "093 111 22 33", details: "Потрібна допомога з ліками" });
    await driver.text(carol, "/delete_me");
    await driver.press(carol, "pv1:del:yes");
    for (const data of forged(() => id)) {
      const handled = await driver.press(carol, data);
      expect(handled.answer).toBe(t("my-not-found"));
    }
    expect((await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("cancelled");
  });
});

describe("staff actions only by staff, in their department's group", () => {
  const group = STAFF_GROUPS["older-and-disabled"]!; // social taxi's department
  const otherGroup = STAFF_GROUPS["benefits-and-aid"]!;
  const actions = ["take", "rep", "ask", "tr", "rej", "cls"];

  it.each(actions)("st1:%s from a resident's private chat: answered «no longer active», nothing changed", async (action) => {
    const before = await snapshot(aliceRequest);
    const handled = await driver.press(BOB, `st1:${action}:${aliceRequest}:n`);
    expect(handled.answer).toBe(t("button-stale"));
    expect(handled.calls.map((call) => call.method)).toEqual(["answerCallbackQuery"]);
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it.each(actions)("st1:%s from the staff member's own private chat: refused", async (action) => {
    const before = await snapshot(aliceRequest);
    const handled = await driver.press(STAFF_USER, `st1:${action}:${aliceRequest}:n`);
    expect(handled.answer).toBe(t("button-stale"));
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it.each(actions)("st1:%s by someone who is not staff, in the department's own group: refused", async (action) => {
    const before = await snapshot(aliceRequest);
    const handled = await driver.press(STRANGER, `st1:${action}:${aliceRequest}:n`, group, driver.button(group, /^st1:take:/).message.messageId);
    expect(handled.answer).toBe(t("staff-not-allowed"));
    expect(handled.calls.filter((call) => call.method !== "answerCallbackQuery")).toEqual([]);
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it.each(actions)("st1:%s by staff, in another department's group: refused as another department's", async (action) => {
    const before = await snapshot(aliceRequest);
    const handled = await driver.press(STAFF_USER, `st1:${action}:${aliceRequest}:n`, otherGroup);
    expect(handled.answer).toBe(t("staff-foreign"));
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it("a transfer chosen by someone who is not staff, or in another group, changes nothing", async () => {
    const before = await snapshot(aliceRequest);
    expect((await driver.press(STRANGER, `st1:to:${aliceRequest}:n:0`, group)).answer).toBe(t("staff-not-allowed"));
    expect((await driver.press(STAFF_USER, `st1:to:${aliceRequest}:n:0`, otherGroup)).answer).toBe(t("staff-foreign"));
    expect((await driver.press(STAFF_USER, `st1:to:${aliceRequest}:n:0`, -4242)).answer).toBe(t("staff-foreign"));
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it("a reply to a card by someone who is not staff reaches no resident, and they are told so", async () => {
    const card = driver.button(group, new RegExp(`^st1:take:${aliceRequest}:`)).message;
    const before = await snapshot(aliceRequest);
    const handled = await driver.reply(group, STRANGER, card.messageId, { text: "Я не працівник, але відповім" });
    expect(handled.texts).toEqual([t("staff-not-allowed")]);
    expect(await snapshot(aliceRequest)).toBe(before);
  });

  it("a stale status in the button changes nothing; the real staff button then works", async () => {
    const before = await snapshot(aliceRequest);
    const stale = await driver.press(STAFF_USER, `st1:cls:${aliceRequest}:p`, group);
    expect(stale.answer).toBe(t("staff-stale"));
    // Only a redraw of the card is queued: the request and its history are as they were.
    const request = await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id: aliceRequest } });
    expect(request.status).toBe("new");
    expect(JSON.parse(before).events).toEqual(JSON.parse(await snapshot(aliceRequest)).events);
    const taken = await driver.press(STAFF_USER, `st1:take:${aliceRequest}:n`, group);
    expect(taken.answer).toBe("");
    expect((await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id: aliceRequest } })).status).toBe("in_progress");
  });
});
