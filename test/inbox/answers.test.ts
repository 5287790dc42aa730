import { describe, expect, it } from "vitest";
import { BOT_INFO } from "../helpers/app-harness.ts";
import { t, useDrivenApp, type Driver } from "../security/driver.ts";
import { aMinuteLater, groupOf, staffPrompt } from "../helpers/inbox-steps.ts";

/**
 * Each answer to its own request (issue 15): with staff questions open on two requests, the
 * resident's answer used to go to whichever was asked last, and a later search («home care») was sent
 * to staff as a message.
 */

const app = useDrivenApp();

/** What the resident wrote, as each request's department received it (relayed follow-ups). */
async function messagesOf(driver: Driver, requestId: number): Promise<string[]> {
  const events = await driver.target.db.prisma.requestEvent.findMany({ where: { requestId, type: "message" }, orderBy: { id: "asc" } });
  return events.map((event) => event.note ?? "");
}

/** The bot's message in the resident's chat that carries this staff question. */
function questionMessage(driver: Driver, resident: number, question: string) {
  const found = driver.target.telegram.chatMessages(resident).find((message) => message.text.includes(question));
  if (!found) throw new Error(`no question «${question}» in the resident's chat`);
  return found;
}

describe("a resident with questions open on two requests", () => {
  it("a reply to the first question goes to the first request; plain text asks which; «home care» is a search", async () => {
    const { driver, target } = app;
    const resident = 64_001;
    const first = await driver.sendRequest(resident, { name: "Марта", phone: "067 555 44 33", details: "Соціальне таксі до лікарні" });
    aMinuteLater();
    const second = await driver.sendRequest(resident, { name: "Марта", phone: "067 555 44 33", details: "Потрібна допомога з субсидією" });
    await staffPrompt(driver, await groupOf(driver, first), "ask", first, "Коли і куди їхати?");
    await staffPrompt(driver, await groupOf(driver, second), "ask", second, "Чи подавали Ви документи раніше?");
    aMinuteLater();

    // A reply to the first question: the first request, and the confirmation names it.
    const firstNumber = (await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id: first } })).number;
    const asked = questionMessage(driver, resident, "Коли і куди їхати?");
    const replied = await driver.message(resident, {
      text: "в поликлинику в понедельник к 9",
      reply_to_message: { message_id: asked.messageId, date: 0, chat: { id: resident, type: "private", first_name: "R" }, from: BOT_INFO, text: "…" },
    });
    expect(await messagesOf(driver, first)).toEqual(["в поликлинику в понедельник к 9"]);
    expect(await messagesOf(driver, second)).toEqual([]);
    expect(replied.texts.join("\n")).toContain(t("my-message-sent-number", { number: firstNumber }));

    // The second still waits; ask again on the first: two wait, a plain text asks «до якого звернення?».
    await staffPrompt(driver, await groupOf(driver, first), "ask", first, "А повернутися теж потрібно?");
    const plain = await driver.text(resident, "так, о 12 назад");
    expect(plain.texts).toContain(t("my-which-request"));
    expect(await messagesOf(driver, first)).toHaveLength(1);
    await driver.pressButton(resident, new RegExp(`^my1:a:${first}$`));
    expect(await messagesOf(driver, first)).toEqual(["в поликлинику в понедельник к 9", "так, о 12 назад"]);
    expect(await messagesOf(driver, second)).toEqual([]);

    // A short phrase that names a service is a search, not a message to staff.
    const search = await driver.text(resident, "home care");
    expect(await messagesOf(driver, second)).toEqual([]);
    expect(search.texts.join("\n")).toContain("Догляд вдома");
    expect(target.violations).toEqual([]);
  });
});
