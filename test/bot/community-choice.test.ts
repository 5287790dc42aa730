import { describe, expect, it } from "vitest";
import { t, useDrivenApp } from "../security/driver.ts";

/**
 * Choosing the community with its button (issue 19: Bot API calls per update). With nothing waiting,
 * the question becomes the choice and the menu's hint — one edit, no new message: the menu is on the
 * screen since /start's greeting. Stale presses stay harmless.
 */

const app = useDrivenApp();
let nextResident = 86_000;
const chosenText = (community: string) => `${t("community-chosen", { community })}\n${t("menu-hint")}`;
const methods = (handled: { calls: Array<{ method: string; error?: unknown }> }) => handled.calls.filter((call) => !call.error).map((call) => call.method);

describe("the community button", () => {
  it("after /start: the question turns into the choice and the menu's hint, in two calls; the greeting carried the menu", async () => {
    const resident = nextResident++;
    const started = await app.driver.text(resident, "/start");
    const greeting = started.calls.find((call) => call.method === "sendMessage")!;
    expect(JSON.stringify(greeting.payload.reply_markup)).toContain(t("menu-find")); // the persistent menu, with the greeting
    expect(JSON.stringify(greeting.payload.reply_markup)).toContain('"is_persistent":true');
    const question = app.target.telegram.chatMessages(resident).at(-1)!;
    expect(JSON.stringify(question.replyMarkup)).toContain("cm1:zhytomyr");

    const chosen = await app.driver.pressButton(resident, /^cm1:zhytomyr$/);
    expect(methods(chosen)).toEqual(["answerCallbackQuery", "editMessageText"]);
    const edited = app.target.telegram.chatMessages(resident).find((message) => message.messageId === question.messageId)!;
    expect(edited.text).toBe(chosenText("Житомир"));
    expect(edited.replyMarkup).toBeUndefined(); // no community button left to press
    expect(app.target.telegram.chatMessages(resident).at(-1)!.messageId).toBe(question.messageId); // nothing new below it
  });

  it("a second tap on the same button (before the edit showed) changes nothing and sends nothing", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, "/start");
    const { message } = app.driver.button(resident, /^cm1:zhytomyr$/);
    await app.driver.press(resident, "cm1:zhytomyr", resident, message.messageId);
    const again = await app.driver.press(resident, "cm1:zhytomyr", resident, message.messageId);
    expect(again.answer).toBe("");
    expect(methods(again).filter((method) => method.startsWith("send"))).toEqual([]);
    expect(app.target.telegram.chatMessages(resident).at(-1)!.text).toBe(chosenText("Житомир"));
  });

  it("a question that can no longer be edited: a new message, with the menu", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, "/start");
    const chosen = await app.driver.press(resident, "cm1:vinnytsia", resident, 999_999);
    const sent = chosen.calls.filter((call) => call.method === "sendMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.text).toBe(chosenText("Вінниця"));
    expect(JSON.stringify(sent[0]!.payload.reply_markup)).toContain(t("menu-find"));
  });

  it("with a message waiting, the choice is said and the message answered (the request's consent)", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, t("menu-request"));
    const chosen = await app.driver.pressButton(resident, /^cm1:zhytomyr$/);
    expect(chosen.texts[0]).toBe(t("community-chosen", { community: "Житомир" }));
    expect(chosen.texts.at(-1)).toContain("Ви погоджуєтеся на обробку цих даних?");
  });
});
