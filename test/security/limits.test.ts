import type { Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/bot/conversations/request-dialogue.ts";
import { STAFF_LIMITS } from "../../src/bot/features/staff-inbox.ts";
import { quote, truncate } from "../../src/bot/render/text.ts";
import { detectDanger } from "../../src/requests/danger.ts";
import { STAFF_GROUPS, STAFF_USER, t, useDrivenApp } from "./driver.ts";

/**
 * Length limits on every field, and the regressions the fuzz suite found (test/fuzz): each test names
 * the defect it keeps fixed.
 */

const app = useDrivenApp();
let nextResident = 81_000;
const prisma = () => app.target.db.prisma;
const GROUP = STAFF_GROUPS["older-and-disabled"]!;


/** Starts a resident's request dialogue and answers up to the step named. */
async function dialogueUpTo(step: "contactName" | "phone" | "address" | "details", resident = nextResident++): Promise<number> {
  await app.driver.text(resident, "/start");
  await app.driver.pressButton(resident, /^cm1:zhytomyr$/);
  await app.driver.text(resident, t("menu-request"));
  await app.driver.press(resident, "d1:consent:v:yes");
  await app.driver.press(resident, "d1:mode:v:write");
  await app.driver.press(resident, "d1:forWhom:v:me");
  if (step === "contactName") return resident;
  await app.driver.text(resident, "Ганна");
  if (step === "phone") return resident;
  await app.driver.text(resident, "067 123 45 67");
  if (step === "address") return resident;
  await app.driver.press(resident, "d1:address:skip");
  return resident;
}

describe("length limits in the request dialogue", () => {
  it.each([
    ["contactName", LIMITS.name],
    ["address", LIMITS.address],
    ["details", LIMITS.details],
  ] as const)("%s: one character over %i is refused, in one message with the question again", async (step, max) => {
    const resident = await dialogueUpTo(step);
    const refused = await app.driver.text(resident, "а".repeat(max + 1));
    expect(refused.texts).toHaveLength(1);
    expect(refused.texts[0]!.startsWith(`${t("req-too-long", { max })}\n\n`)).toBe(true);
    const accepted = await app.driver.text(resident, "а".repeat(max));
    expect(accepted.texts.join("\n")).not.toContain(t("req-too-long", { max }));
  });

  it("a danger word at the phone question costs two messages (emergency numbers; the notice with the question, asked as on the danger path, and all its keys)", async () => {
    const resident = await dialogueUpTo("phone");
    const handled = await app.driver.text(resident, "ніде ночувати сьогодні");
    expect(handled.texts).toHaveLength(2);
    expect(handled.texts[0]).toContain("112");
    expect(handled.texts[1]).toBe(`${t("req-after-danger")}\n\n${t("danger-req-phone")}`);
    const question = handled.calls.filter((call) => call.method === "sendMessage").at(-1)!;
    expect(question.payload.reply_markup).toMatchObject({
      keyboard: [[{ text: t("req-phone-share"), request_contact: true }], [{ text: t("req-phone-bot-only") }], [{ text: t("button-back") }, { text: t("button-cancel") }]],
    });
  });

  it("the phone question is one message; its «🔕» key, typed back, is the bot-only answer", async () => {
    const resident = await dialogueUpTo("contactName");
    const asked = await app.driver.text(resident, "Ганна");
    expect(asked.calls.filter((call) => call.method === "sendMessage")).toHaveLength(1);
    expect(asked.texts).toEqual([t("req-phone")]);
    const safe = await app.driver.text(resident, t("req-phone-bot-only"));
    expect(safe.texts[0]).toBe(t("req-bot-only-ok"));
    expect(safe.texts[1]).toContain(t("req-address").split("\n")[0]!);
  });

  it("a stale inline «🔕» of the phone question (asked before the change) still answers it", async () => {
    const resident = await dialogueUpTo("phone");
    const pressed = await app.driver.press(resident, "d1:phone:v:botonly");
    expect(pressed.answer).toBe("");
    expect(pressed.texts[0]).toBe(t("req-bot-only-ok"));
  });

  it("a button without data in the middle of the dialogue is answered (its spinner used to spin forever)", async () => {
    const resident = await dialogueUpTo("address");
    const id = "game-press";
    app.target.telegram.openQuery(id);
    const handled = await app.driver.handle({
      update_id: 7_000_001,
      callback_query: { id, from: { id: resident, is_bot: false, first_name: "Г" }, chat_instance: "x", game_short_name: "g", message: { message_id: 1, date: 0, chat: { id: resident, type: "private", first_name: "Г" } } },
    } as unknown as Update);
    expect(handled.answer).toBe(t("button-stale"));
  });
});

describe("length limits on a follow-up message", () => {
  it(`refuses more than ${LIMITS.details} characters (they used to be cut without a word) and keeps waiting for the message`, async () => {
    const resident = nextResident++;
    const id = await app.driver.sendRequest(resident, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    await app.driver.press(resident, `my1:w:${id}`);
    const refused = await app.driver.text(resident, "я".repeat(LIMITS.details + 1));
    expect(refused.texts).toEqual([t("req-too-long", { max: LIMITS.details })]);
    expect(await prisma().requestEvent.count({ where: { requestId: id, type: "message" } })).toBe(0);
    const sent = await app.driver.text(resident, "я".repeat(LIMITS.details));
    expect(sent.texts.join("\n")).toContain(t("my-message-sent"));
    const event = await prisma().requestEvent.findFirstOrThrow({ where: { requestId: id, type: "message" } });
    expect(event.note).toHaveLength(LIMITS.details);
  });

  it("passes a document on to staff (it used to be dropped, its caption sent alone)", async () => {
    const resident = nextResident++;
    const id = await app.driver.sendRequest(resident, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    await app.driver.press(resident, `my1:w:${id}`);
    await app.driver.message(resident, { document: { file_id: "certificate-file", file_unique_id: "c" }, caption: "Довідка" });
    const relay = await prisma().outboxMessage.findFirstOrThrow({ where: { requestId: id, kind: "staff-relay" } });
    expect(relay.payload).toMatchObject({ attachment: { kind: "document", fileId: "certificate-file" } });
    await app.target.deliverOutbox();
    expect(app.target.telegram.calls.some((call) => call.method === "sendDocument" && call.payload.document === "certificate-file")).toBe(true);
  });

  // The caption is shortened as text before escaping: cutting the HTML could split "&amp;" or an emoji.
  it.each(["«&»", "emoji"])("a photo with a caption full of %s reaches staff as valid HTML", async (what) => {
    const resident = nextResident++;
    const id = await app.driver.sendRequest(resident, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    const { number } = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
    // Emoji placed so that the cut at 1000 lands between the two halves of one.
    const before = t("staff-resident-message", { number, text: "" }).length;
    const caption = what === "emoji" ? `${"a".repeat((1000 - before) % 2 === 1 ? 0 : 1)}${"😀".repeat(500)}`.slice(0, 1024) : "&".repeat(1000);
    await app.driver.press(resident, `my1:w:${id}`);
    await app.driver.message(resident, { photo: [{ file_id: "a-photo", file_unique_id: "a", width: 1, height: 1 }], caption });
    await app.target.deliverOutbox();
    expect(app.target.telegram.violations).toEqual([]);
  });
});

describe("staff replies: refused and said so, never cut or dropped in silence", () => {
  let requestId: number;
  let card: number;
  beforeAll(async () => {
    requestId = await app.driver.sendRequest(nextResident++, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    card = app.driver.button(GROUP, new RegExp(`^st1:take:${requestId}:`)).message.messageId;
  });
  const staffEvents = () => prisma().requestEvent.count({ where: { requestId, actorKind: "staff" } });

  it(`an answer over ${STAFF_LIMITS.message} characters (it used to be cut at 3500)`, async () => {
    const handled = await app.driver.reply(GROUP, STAFF_USER, card, { text: "д".repeat(STAFF_LIMITS.message + 1) });
    expect(handled.texts).toEqual([t("staff-too-long", { max: STAFF_LIMITS.message })]);
    expect(await staffEvents()).toBe(0);
  });

  it(`a reason for a refusal over ${STAFF_LIMITS.reason} characters (the resident was shown only 1000 of 2000)`, async () => {
    await app.driver.press(STAFF_USER, `st1:rej:${requestId}:n`, GROUP, card);
    await app.driver.pressButton(STAFF_USER, new RegExp(`^hd1:dk:${requestId}:refusal$`), GROUP);
    const prompt = app.target.telegram.chatMessages(GROUP).at(-1)!;
    const handled = await app.driver.reply(GROUP, STAFF_USER, prompt.messageId, { text: "😀".repeat(STAFF_LIMITS.reason) });
    expect(handled.texts).toEqual([t("staff-too-long", { max: STAFF_LIMITS.reason })]);
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("new");
  });

  it("a photo, a sticker: only text reaches a resident, and staff are told (they used to hear nothing)", async () => {
    const photo = await app.driver.reply(GROUP, STAFF_USER, card, { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }], caption: "Ось фото" });
    const sticker = await app.driver.reply(GROUP, STAFF_USER, card, { sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } });
    for (const handled of [photo, sticker]) expect(handled.texts).toEqual([t("staff-text-only")]);
    expect(await staffEvents()).toBe(0);
  });

  it("a service message in the card's thread (a pin) is nobody's reply: no answer", async () => {
    const handled = await app.driver.reply(GROUP, STAFF_USER, card, { pinned_message: { message_id: card, date: 0, chat: { id: GROUP, type: "supergroup" } } });
    expect(handled.calls).toEqual([]);
  });

  it("an answer within the limit goes through", async () => {
    await app.driver.reply(GROUP, STAFF_USER, card, { text: "д".repeat(STAFF_LIMITS.message) });
    expect(await staffEvents()).toBeGreaterThan(0);
  });

  it.each(["0000-01-01 9999-12-31", "+275760-09-13 +275760-09-13", "2026-02-30 2026-03-01", "2026-13-01 2026-12-01", "2026-01-01 x"])(
    "/export %s: the usage, not a database error",
    async (range) => {
      const handled = await app.driver.text(STAFF_USER, `/export ${range}`, GROUP);
      expect(handled.error).toBeUndefined();
      expect(handled.texts).toEqual([t("export-usage")]);
    },
  );
});

describe("when Telegram refuses a reply", () => {
  // The error boundary answers a button only when there is one (a message has no query to answer).
  it("a staff command whose answer Telegram refuses fails quietly (logged, not thrown)", async () => {
    app.target.telegram.failWith = (method) => (method === "sendDocument" ? { error_code: 400, description: "Bad Request: file is too big" } : undefined);
    try {
      const handled = await app.driver.text(STAFF_USER, "/export 2026-01-01 2026-12-31", GROUP);
      // Logged by the boundary (InProcessApp.handle reports that as "update failed: …"), not thrown.
      expect(String((handled.error as Error | undefined)?.message)).toMatch(/^update failed: /);
    } finally {
      delete app.target.telegram.failWith;
    }
  });

  it("a resident whose answer Telegram refuses gets the apology instead (logged, not thrown)", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, "/start");
    app.target.telegram.failWith = (method, payload) => (method === "sendMessage" && payload.text === t("help-text") ? { error_code: 400, description: "Bad Request: can't parse entities" } : undefined);
    try {
      const handled = await app.driver.text(resident, "/help");
      expect(String((handled.error as Error | undefined)?.message)).toMatch(/^update failed: /); // logged, not thrown
      expect(handled.texts.at(-1)).toBe(t("error-try-again"));
    } finally {
      delete app.target.telegram.failWith;
    }
  });
});

describe("hostile input the fuzz suite found crashing an update", () => {
  it("«constructor» and «__proto__» in a message (danger detection looked them up on Object.prototype)", async () => {
    expect(detectDanger("constructor")).toEqual([]);
    expect(detectDanger("toString valueOf __proto__ hasOwnProperty")).toEqual([]);
    const handled = await app.driver.text(nextResident++, "constructor __proto__");
    expect(handled.error).toBeUndefined();
  });

  it("a NUL character in a dialogue answer (PostgreSQL refused to store it; the resident got no answer, ever)", async () => {
    const resident = await dialogueUpTo("contactName");
    const handled = await app.driver.text(resident, "Ган\u0000на");
    expect(handled.error).toBeUndefined();
    expect(handled.texts.join("\n")).toContain(t("req-phone"));
    await app.driver.text(resident, "067 123 45 67");
    await app.driver.press(resident, "d1:address:skip");
    await app.driver.text(resident, "Потрібне соціальне таксі\u0000");
    await app.driver.press(resident, "d1:summary:v:send");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(resident) } });
    expect(saved.contactName).toBe("Ган\uFFFDна");
  });

  it.each([
    ["an inline query", { inline_query: { id: "1", from: { id: 1, is_bot: false, first_name: "X" }, query: "x", offset: "" } }],
    ["a poll answer", { poll_answer: { poll_id: "p", user: { id: 1, is_bot: false, first_name: "X" }, option_ids: [0] } }],
    ["a kind of update from the future", { future_update: { text: "x" } }],
    ["an empty update", {}],
    ["a channel post", { channel_post: { message_id: 1, date: 0, chat: { id: -100555, type: "channel", title: "C" }, text: "/start" } }],
  ])("%s, which has no chat (the session threw «getSessionKey returned undefined»)", async (_label, payload) => {
    const handled = await app.driver.handle({ update_id: Math.floor(Math.random() * 1e9), ...payload } as unknown as Update);
    expect(handled.error).toBeUndefined();
    expect(handled.calls).toEqual([]);
  });

  it("a button on an inline message (no chat) is answered and otherwise ignored", async () => {
    const id = "inline-press";
    app.target.telegram.openQuery(id);
    const handled = await app.driver.handle({
      update_id: 7_000_002,
      callback_query: { id, from: { id: 5, is_bot: false, first_name: "X" }, chat_instance: "x", data: "cm1:zhytomyr", inline_message_id: "abc" },
    } as unknown as Update);
    expect(handled.error).toBeUndefined();
    expect(handled.calls.map((call) => call.method)).toEqual(["answerCallbackQuery"]);
  });

  it("a double tap (Telegram: «message is not modified») and a button on a deleted message", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, "/start");
    await app.driver.pressButton(resident, /^cm1:zhytomyr$/);
    await app.driver.text(resident, t("menu-find"));
    const finder = app.driver.button(resident, /^f1:w:me$/).message;
    await app.driver.press(resident, "f1:w:me", resident, finder.messageId);
    const again = await app.driver.press(resident, "f1:w:me", resident, finder.messageId);
    expect(again.error).toBeUndefined();
    const gone = await app.driver.press(resident, "f1:home", resident, 999_999);
    expect(gone.error).toBeUndefined();
    expect(gone.calls.map((call) => call.method)).toEqual(["answerCallbackQuery", "editMessageText", "sendMessage"]);
  });
});

describe("quote()", () => {
  it("never cuts an emoji in half (half a surrogate pair is not UTF-8: Telegram refuses the message)", () => {
    const text = `${"a".repeat(8)}😀😀`;
    for (let max = 1; max <= text.length + 1; max += 1) {
      const quoted = quote(text, max);
      expect(quoted, `max ${max}`).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(quoted.length).toBeLessThanOrEqual(max);
      expect(truncate(text, max).length).toBeLessThanOrEqual(max);
    }
    expect(quote("a&b", 2)).toBe("a…");
  });
});
