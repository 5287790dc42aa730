import { describe, expect, it } from "vitest";
import { aMinuteLater, groupOf, staffPrompt, staffTransfer } from "../helpers/inbox-steps.ts";
import { STAFF_USER, t, useDrivenApp } from "../security/driver.ts";

/**
 * A transfer carries the thread (issue 15): the receiving department's card shows the conversation so
 * far, who transferred it, when and why; the sending group keeps no personal data; a staff message
 * there gets «тепер у …» instead of silence.
 */

const app = useDrivenApp();

describe("transferring a request", () => {
  it("asks a reason; the new card carries question, answer, who and why; the old group keeps nothing personal", async () => {
    const { driver, target } = app;
    aMinuteLater();
    const resident = 66_001;
    const id = await driver.sendRequest(resident, { name: "Леся Українка", phone: "063 777 88 99", address: "вул. Лісова, 5", details: "Потрібна допомога з документами на дитину" });
    const from = await groupOf(driver, id);
    await staffPrompt(driver, from, "ask", id, "Скільки років дитині?");
    await driver.text(resident, "Сину 7 років, він у 1 класі");
    await target.deliverOutbox();
    await staffTransfer(driver, from, id, "Це до служби у справах дітей");

    const to = await groupOf(driver, id);
    expect(to).not.toBe(from);
    const number = (await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).number;
    const card = target.telegram.chatMessages(to).find((message) => message.text.includes(`№ ${number}</b>`) && message.text.includes("Стан:"));
    expect(card?.text).toContain("Скільки років дитині?");
    expect(card?.text).toContain("Сину 7 років");
    expect(card?.text).toContain("Це до служби у справах дітей");
    expect(card?.text).toContain("Оля"); // who transferred it
    expect(card?.text).toContain("Леся Українка");

    const oldGroup = target.telegram.chatMessages(from).map((message) => message.text).join("\n");
    for (const secret of ["Леся", "777 88 99", "Лісова", "документами", "Сину 7"]) expect(oldGroup).not.toContain(secret);
    expect(oldGroup).toContain(number);

    // A staff member of the old group replies to the old card: told where it is, nothing relayed.
    const oldCard = target.telegram.chatMessages(from).find((message) => message.text.includes(`№ ${number}`))!;
    const before = await target.db.prisma.requestEvent.count({ where: { requestId: id } });
    const reply = await driver.reply(from, STAFF_USER, oldCard.messageId, { text: "Ми ще подзвонимо" });
    expect(reply.texts.join("\n")).toContain(t("staff-request-moved", { number, department: "Діти та сім'ї (центр соціальних служб)" }));
    expect(await target.db.prisma.requestEvent.count({ where: { requestId: id } })).toBe(before);
    expect(target.violations).toEqual([]);
  });
});
