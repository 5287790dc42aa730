import { describe, expect, it } from "vitest";
import { submitRequest, useAppHarness } from "../helpers/e2e.ts";
import { STAFF_USER } from "../helpers/staffed-catalog.ts";
import { TelegramUser, type BotMessage } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

/**
 * Issue 18 through the Bot API emulator: closing with an outcome and a confirmation, reopening both
 * ways, internal notes that never reach the resident, assigning, saved replies, /find, linked
 * requests, and «Чи допомогли Вам?» asked once and counted in /stats.
 */

const app = useAppHarness({ staffed: true, firstUserId: 7600 });
const { prisma } = app;
const DEPARTMENT = "zhytomyr/older-and-disabled";
const staffIn = (userId = STAFF_USER, name = "Оксана") => app.staffIn("older-and-disabled", userId, name);

const socialTaxi = (resident: TelegramUser, details: string, phone = "0671234567") => submitRequest(prisma(), resident, { search: "соціальне таксі", phone, details });

/** A command written as a reply to a bot message (Telegram marks the command with an entity). */
const replyCommand = (user: TelegramUser, messageId: number, text: string) =>
  user
    .sendRaw({
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }],
      reply_to_message: { message_id: messageId, chat: { id: user.chatId, type: "group" }, date: 0, text: "" },
    })
    .catch(() => []);

const cardOf = (staff: TelegramUser, number: string): BotMessage | undefined =>
  staff.messages().find((message) => message.text.includes(`№ ${number}</b>`) && message.text.includes("Стан:"));

describe("helpdesk actions through the emulator", () => {
  it("close with an outcome and a confirmation; «Чи допомогли Вам?» once, counted; the resident reopens; staff reopen", async () => {
    const resident = app.newResident("Оля");
    const { number, id } = await socialTaxi(resident, "Потрібно до лікарні в понеділок");
    const staff = staffIn();
    await waitFor("the card", () => cardOf(staff, number));
    await staff.press("✅ Закрити");
    await staff.press("проконсультовано");
    expect(staff.last().text).toContain(`Закрити звернення № ${number} — «проконсультовано»?`);
    await staff.press("✅ Так, закрити");
    await waitFor("the card to show who closed it and how", () => cardOf(staff, number)?.text.includes("Результат: <b>проконсультовано</b>") && cardOf(staff, number)!.text.includes("Закрив(ла): Оксана"));
    const notice = await waitFor("the resident's notice", () => resident.messages().find((m) => m.text.includes(`№ ${number}</b> закрито: Вас проконсультували`)));
    expect(notice.text).toContain("Чи допомогли Вам?");
    expect(notice.text).not.toContain("Оксана");
    expect(resident.buttons(notice)).toEqual(["👍 Так", "👎 Ні", "🔁 Проблему не вирішено"]);

    await resident.pressData(`rs1:fb:${id}:u`, notice.messageId);
    const ask = await waitFor("the optional word", () => resident.messages().find((m) => m.text.includes("напишіть кілька слів")));
    await resident.replyTo(ask.messageId, "Дуже чемно пояснили");
    await waitFor("the word saved", () => resident.messages().some((m) => m.text.includes("передали Ваші слова")));
    await resident.pressData(`rs1:fb:${id}:d`, notice.messageId); // a second answer is not counted
    const request = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
    expect([request.feedback, request.feedbackNote]).toEqual(["up", "Дуже чемно пояснили"]);
    await waitFor("the rating on the card", () => cardOf(staff, number)?.text.includes("Оцінка мешканця: 👍"));
    await staff.send("/stats");
    await waitFor("/stats with the share of 👍", () => staff.messages().some((m) => m.text.includes("Допомогли, кажуть мешканці: 100% із 1")));

    // The resident: «проблему не вирішено» puts it back in the department's hands, and the group hears it.
    await resident.pressData(`rs1:ro:${id}`, notice.messageId);
    await waitFor("the resident told it is open again", () => resident.messages().some((m) => m.text.includes(`№ ${number}</b> знову відкрито`)));
    await waitFor("the group told", () => staff.messages().some((m) => m.text.includes(`проблему № ${number} не вирішено`)));
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");

    // Closed again (not asked again for feedback), then reopened by staff.
    await staff.press("✅ Закрити");
    await staff.press("допомогу надано");
    await staff.press("✅ Так, закрити");
    const second = await waitFor("the second notice", () => resident.messages().find((m) => m.text.includes(`№ ${number}</b> закрито: допомогу надано`)));
    expect(second.text).not.toContain("Чи допомогли Вам?");
    await waitFor("the reopen button", () => cardOf(staff, number)?.reply_markup?.inline_keyboard?.flat().some((b) => b.text === "🔁 Відкрити знову"));
    await staff.press("🔁 Відкрити знову");
    await waitFor("the resident told it is in progress again", () => resident.messages().some((m) => m.text.includes(`№ ${number}</b> знову в роботі`)));
    const events = await prisma().requestEvent.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
    expect(events.filter((e) => e.type === "reopen").map((e) => e.actorKind)).toEqual(["resident", "staff"]);
    expect(events.filter((e) => e.type === "feedback")).toHaveLength(1);
  });

  it("a decline worded as advice; notes never reach the resident; assignment names the colleague", async () => {
    const resident = app.newResident("Оля");
    const { number, id } = await socialTaxi(resident, "Потрібно на МСЕК у вівторок");
    const staff = staffIn();
    await waitFor("the card", () => cardOf(staff, number));
    // A note: on the card, never sent.
    await staff.press("📝 Нотатка");
    await staff.replyTo(staff.last().messageId, "Телефонувала доньці, чекаємо довідку");
    await waitFor("the note on the card", () => cardOf(staff, number)?.text.includes("Телефонувала доньці"));
    await replyCommand(staff, cardOf(staff, number)!.messageId, "/note Секретна службова примітка");
    await waitFor("the /note on the card", () => cardOf(staff, number)?.text.includes("Секретна службова примітка"));

    // A colleague, seen acting, is assigned the request.
    const colleague = staffIn(STAFF_USER + 1, "Марія");
    app.harness.app.inbox.department(DEPARTMENT)!.staffUserIds.push(STAFF_USER + 1);
    await colleague.send("/help");
    await waitFor("/help", () => colleague.messages().some((m) => m.text.includes("/find") && m.text.includes("/r ключ") && m.text.includes("/note")));
    await replyCommand(colleague, cardOf(colleague, number)!.messageId, "/note Я можу взяти");
    await staff.press("👤 Доручити");
    await staff.press("Марія");
    await waitFor("the group told, with a mention", () => staff.messages().some((m) => m.text.includes(`№ ${number} доручено`) && m.text.includes("Марія")));
    await waitFor("the card says Марія", () => cardOf(staff, number)?.text.includes("Взяв(ла): Марія"));

    await staff.press("⛔ Відхилити");
    await staff.press("💡 Пораду: куди звернутися");
    await staff.replyTo(staff.last().messageId, "Зверніться до ЦНАП, каб. 5");
    await staff.press("⛔ Так, відхилити");
    const advice = await waitFor("the advice at the resident's", () => resident.messages().find((m) => m.text.includes("працівники радять")));
    expect(advice.text).toContain("Зверніться до ЦНАП, каб. 5");
    expect(advice.text).not.toContain("відхилено");
    expect(advice.text).not.toContain("Чи допомогли Вам?");
    const all = resident.messages().map((m) => m.text).join("\n");
    for (const secret of ["Телефонувала доньці", "Секретна службова", "Я можу взяти", "Марія", "Оксана"]) expect(all).not.toContain(secret);
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).outcome).toBe("advice");
  });

  it("saved replies, /find, and a card that shows the resident's other open requests", async () => {
    app.harness.app.inbox.department(DEPARTMENT)!.replies = { taxi: "Машина приїде за 30 хвилин до прийому. Будьте, будь ласка, готові." };
    const resident = app.newResident("Оля");
    const first = await socialTaxi(resident, "Потрібно до стоматолога", "0679998877");
    const second = await socialTaxi(resident, "Потрібно до окуліста, телефон доньки 050 123 45 67", "0679998877");
    const staff = staffIn();
    const card = await waitFor("the second card, linked to the first", () => {
      const found = cardOf(staff, second.number);
      return found?.text.includes("Інші відкриті звернення") ? found : undefined;
    });
    expect(card.text).toContain(`№ ${first.number}`);

    await replyCommand(staff, card.messageId, "/r taxi");
    await waitFor("the saved reply at the resident's", () => resident.messages().some((m) => m.text.includes("Машина приїде за 30 хвилин")));
    expect((await prisma().requestEvent.findFirstOrThrow({ where: { requestId: second.id, type: "answer" } })).note).toContain("Машина приїде");
    await staff.send("/r");
    await waitFor("the list of saved replies", () => staff.messages().some((m) => m.text.includes("<code>taxi</code>") || m.text.includes("taxi —")));

    await staff.send("/find 067 999 88 77");
    const found = await waitFor("/find by phone", () => staff.messages().find((m) => m.text.includes("Знайдено: 2")));
    expect(found.text).toContain(first.number);
    await staff.send(`/find ${first.number.slice(-5)}`);
    await waitFor("/find by number", () => staff.messages().some((m) => m.text.includes("Знайдено: 1") && m.text.includes(first.number)));
    // Part of the phone, words of what is needed, what the words name (session 13's trial: «Нічого не знайдено»).
    await staff.send("/find 999 88 77");
    await waitFor("/find by part of the phone", () => staff.messages().filter((m) => m.text.includes("Знайдено: 2")).length >= 2);
    // A number written in what is needed (session 14's trial: «/find 0501234567» found nothing).
    const beforeNumber = staff.messages().length;
    await staff.send("/find 0501234567");
    const byNumberInText = await waitFor("/find by a number in the text", () => staff.messages().slice(beforeNumber).find((m) => m.text.includes("Знайдено:")));
    expect(byNumberInText.text).toContain("Знайдено: 1");
    expect(byNumberInText.text).toContain(second.number);
    await staff.send("/find стоматолога");
    await waitFor("/find by words of the request", () => staff.messages().some((m) => m.text.includes("Знайдено: 1") && m.text.includes(first.number) && !m.text.includes(second.number)));
    const before = staff.messages().length;
    await staff.send("/find таксі");
    // Every social-taxi request of the department: both of hers among them.
    const byService = await waitFor("/find by the service the words name", () => staff.messages().slice(before).find((m) => m.text.includes("Знайдено:")));
    expect(byService.text).toContain(first.number);
    expect(byService.text).toContain(second.number);
    // Part of a service's name («соціальне» of «Соціальне таксі»; second trial: «/find догляд» found nothing).
    const beforeName = staff.messages().length;
    await staff.send("/find соціальне");
    const byName = await waitFor("/find by part of a service's name", () => staff.messages().slice(beforeName).find((m) => m.text.includes("Знайдено:")));
    expect(byName.text).toContain(first.number);
    // Another department's staff find nothing of this department's.
    const other = app.staffIn("benefits-and-aid");
    await other.send("/find 0679998877");
    await waitFor("nothing in another department", () => other.messages().some((m) => m.text.includes("Нічого не знайдено")));
  });
});
