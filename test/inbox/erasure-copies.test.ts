import { describe, expect, it } from "vitest";
import { rememberedPhoneCount } from "../../src/requests/phone.ts";
import { STAFF_USER, t, useDrivenApp } from "../security/driver.ts";
import { aMinuteLater, groupOf, groupTexts, staffClose, staffPrompt, staffTransfer } from "../helpers/inbox-steps.ts";

/**
 * Erasure reaches every copy (issue 15): after /delete_me, no message the bot still holds in any staff
 * group shows the resident's name, phone, address or anything they wrote — not the card of a declined
 * or closed request, not the old card of a transferred one, not their relayed answers.
 */

const app = useDrivenApp();
describe("/delete_me reaches every copy of the resident's data in staff groups", () => {
  it("open, declined, closed and transferred requests, relayed answers: nothing of the resident is left", async () => {
    const { driver, target } = app;
    const resident = 63_001;
    const secrets = {
      name: "Зіновія Секретенко",
      phone: "067 909 08 07",
      address: "вул. Потаємна, 77",
      details: "Потрібне соціальне таксі, діагноз цукровий діабет",
      answer: "в поликлинику в понедельник к 9",
    };
    const transferred = await driver.sendRequest(resident, secrets);
    const first = await groupOf(driver, transferred);
    await staffPrompt(driver, first, "ask", transferred, "Куди саме потрібно поїхати?");
    await driver.text(resident, secrets.answer);
    await target.deliverOutbox();
    expect(groupTexts(driver).some((text) => text.includes("поликлинику"))).toBe(true);
    await staffTransfer(driver, first, transferred, "Це питання сімейного відділу");

    aMinuteLater();
    const declined = await driver.sendRequest(resident, { ...secrets, details: "Соціальне таксі до лікарні, діагноз астма" });
    await staffPrompt(driver, await groupOf(driver, declined), "rej", declined, "Не наш профіль");
    aMinuteLater();
    const closed = await driver.sendRequest(resident, { ...secrets, details: "Соціальне таксі на діаліз щосереди" });
    await staffClose(driver, await groupOf(driver, closed), closed);
    const all = groupTexts(driver).join("\n");
    for (const secret of ["Секретенко", "909 08 07", "Потаємна", "астма", "діаліз"]) expect(all).toContain(secret);

    expect(rememberedPhoneCount()).toBeGreaterThan(0); // shown on the cards: kept formatted in memory

    aMinuteLater();
    await driver.text(resident, "/delete_me");
    const done = await driver.press(resident, "pv1:del:yes");
    expect(done.texts).toContain(t("delete-done"));
    expect(rememberedPhoneCount()).toBe(0);
    await target.deliverOutbox();
    await target.deliverOutbox();

    const left = groupTexts(driver);
    for (const secret of ["Зіновія", "Секретенко", "909 08 07", "+380 67 909", "Потаємна", "цукровий", "астма", "діаліз", "поликлинику"]) {
      expect(left.filter((text) => text.includes(secret)), secret).toEqual([]);
    }
    expect(target.violations).toEqual([]);
  });
});

describe("copies Telegram no longer lets the bot delete (past 48 hours)", () => {
  it("a relayed text is overwritten; a relayed photo's caption is, and its ids go to the erasure log", async () => {
    const { driver, target } = app;
    aMinuteLater();
    const resident = 63_002;
    const id = await driver.sendRequest(resident, { name: "Давня Мешканка", phone: "067 111 00 99", details: "Прошу допомогти з продуктами" });
    const group = await groupOf(driver, id);
    await driver.press(resident, `my1:w:${id}`);
    await driver.text(resident, "мій давній секрет");
    await driver.press(resident, `my1:w:${id}`);
    await driver.message(resident, { photo: [{ file_id: "photo-of-secret", file_unique_id: "u1", width: 10, height: 10 }], caption: "фото з секретом" });
    await target.deliverOutbox();
    const relayed = await target.db.prisma.staffMessage.findMany({ where: { requestId: id, purpose: "relay" }, orderBy: { messageId: "asc" } });
    expect(relayed).toHaveLength(2);
    const photo = relayed[1]!;
    target.telegram.failWith = (method) => (method === "deleteMessage" ? { error_code: 400, description: "Bad Request: message can't be deleted for everyone" } : undefined);
    try {
      // A photo has no text to edit: Telegram refuses editMessageText for it.
      const original = target.telegram.failWith;
      target.telegram.failWith = (method, payload) =>
        original(method, payload) ?? (method === "editMessageText" && Number(payload.message_id) === photo.messageId ? { error_code: 400, description: "Bad Request: there is no text in the message to edit" } : undefined);
      aMinuteLater();
      await driver.text(resident, "/delete_me");
      await driver.press(resident, "pv1:del:yes");
      await target.deliverOutbox();
    } finally {
      target.telegram.failWith = undefined;
    }
    const left = groupTexts(driver).join("\n");
    expect(left).not.toContain("мій давній секрет");
    expect(left).not.toContain("Давня");
    expect(target.telegram.calls.some((call) => call.method === "editMessageCaption" && call.payload.message_id === photo.messageId)).toBe(true);
    const logged = target.logLines.filter((line) => line.includes('"event":"erasure_copy_left"'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`"message":${photo.messageId}`);
    expect(logged[0]).not.toContain("секрет");
    expect(group).toBeLessThan(0);
  });
});
