import { describe, expect, it } from "vitest";
import { useAppHarness } from "../helpers/e2e.ts";
import { STAFF_GROUPS, STAFF_USER } from "../helpers/staffed-catalog.ts";
import type { BotMessage, TelegramUser } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

const { prisma, staffIn, newResident } = useAppHarness({ staffed: true, firstUserId: 7000 });


/** A resident sends a social-taxi request; returns the resident and the request's number. */
async function residentAsksForSocialTaxi(details = "Потрібно до лікарні в четвер"): Promise<{ resident: TelegramUser; number: string; id: number }> {
  const resident = newResident("Оля");
  await resident.send("/start");
  await resident.press("Житомир");
  await resident.send("соціальне таксі");
  await resident.press("✉️ Надіслати звернення");
  await resident.press("✅ Погоджуюсь");
  await resident.press("✍️ Описати, що потрібно");
  await resident.press("Для мене");
  await resident.press("Оля");
  await resident.send("0671234567");
  await resident.press("Пропустити");
  await resident.send(details);
  await resident.press("✅ Надіслати");
  const request = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(resident.userId) } });
  return { resident, number: request.number, id: request.id };
}

const cardOf = (staff: TelegramUser, number: string): BotMessage | undefined =>
  staff.messages().find((message) => message.text.includes(`№ ${number}</b>`) && message.text.includes("Стан:"));

describe("the department inbox through the emulator", () => {
  it("a request reaches its department; staff take it, reply, hear back, close it; the resident hears each step", async () => {
    const { resident, number, id } = await residentAsksForSocialTaxi("Потрібно до лікарні в четвер <b>терміново</b>");
    const staff = staffIn("older-and-disabled");
    const card = await waitFor("the card in the right group", () => cardOf(staff, number));
    expect(card.text).toContain("Соціальне таксі");
    expect(card.text).toContain("+380 67 123 45 67");
    expect(card.text).toContain("&lt;b&gt;терміново&lt;/b&gt;");
    expect(staffIn("reception").messages().some((m) => m.text.includes(number))).toBe(false);

    await staff.press("✋ Взяти");
    await waitFor("the card to say taken", () => cardOf(staff, number)?.text.includes("у роботі") && cardOf(staff, number)!.text.includes("Оксана"));
    await waitFor("the resident to hear it is in progress", () => resident.messages().some((m) => m.text.includes(`№ ${number}</b>: у роботі`)));

    await staff.press("💬 Відповісти");
    const prompt = staff.last();
    expect(prompt.text).toContain(`№ ${number}`);
    await staff.replyTo(prompt.messageId, "Добрий день! Машина буде в четвер о 9:00.");
    const answer = await waitFor("the answer at the resident's", () => resident.messages().find((m) => m.text.includes("Машина буде в четвер")));
    expect(answer.text).toContain(`Відповідь щодо звернення № ${number}`);
    expect(answer.text).not.toContain("Оксана"); // staff names stay hidden from residents
    await waitFor("the staff acknowledgement", () => staff.messages().some((m) => m.text.includes(`Доставлено мешканцю (№ ${number})`)));

    await resident.press("✉️ Відповісти");
    await resident.send("Дякую! Буду чекати біля під'їзду.");
    await waitFor("the resident's message in the group", () => staff.messages().some((m) => m.text.includes("Буду чекати біля під'їзду")));

    // Closing asks how it ended, and nothing changes until staff confirm (issue 18).
    await staff.press("✅ Закрити");
    await staff.press("допомогу надано");
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");
    await staff.press("✅ Так, закрити");
    await waitFor("the card to say done, by whom", () => cardOf(staff, number)?.text.includes("виконано") && cardOf(staff, number)!.text.includes("Закрив(ла): Оксана"));
    await waitFor("the resident to hear help was given", () => resident.messages().some((m) => m.text.includes(`№ ${number}</b> закрито: допомогу надано`)));
    expect(staff.buttons(cardOf(staff, number)!)).toEqual(["🔁 Відкрити знову"]);

    const events = await prisma().requestEvent.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["created", "status", "answer", "message", "status"]);
    expect(events.filter((e) => e.type === "status").map((e) => e.toStatus)).toEqual(["in_progress", "resolved"]);
    expect(events.find((e) => e.type === "answer")?.actorId).toBe(BigInt(STAFF_USER));
  });

  it("the resident opens «📋 Мої звернення» → the request: the department by name and the conversation, no staff name", async () => {
    const { resident, number } = await residentAsksForSocialTaxi("Потрібно до лікарні в четвер");
    const staff = staffIn("older-and-disabled");
    await waitFor("the card", () => cardOf(staff, number));
    await staff.press("✋ Взяти");
    await waitFor("the card to say taken by Оксана", () => cardOf(staff, number)?.text.includes("Оксана"));
    await staff.press("💬 Відповісти");
    await staff.replyTo(staff.last().messageId, "Добрий день! Машина буде в четвер о 9:00 & чекатиме <біля> під'їзду.");
    await waitFor("the answer at the resident's", () => resident.messages().some((m) => m.text.includes("Машина буде в четвер")));
    await staff.press("❓ Запитати");
    await staff.replyTo(staff.last().messageId, "Чи потрібна допомога зі сходами?");
    await waitFor("the question at the resident's", () => resident.messages().some((m) => m.text.includes("допомога зі сходами")));
    await resident.send("Так, я з ходунками.");
    await waitFor("the resident's answer in the group", () => staff.messages().some((m) => m.text.includes("я з ходунками")));

    await resident.send("📋 Мої звернення");
    await resident.press(new RegExp(`№ ${number}`));
    const detail = await waitFor("the request's detail", () => resident.messages().find((m) => m.text.includes(`Звернення № ${number}`) && m.text.includes("Листування")));
    expect(detail.text).toContain("Відділ: <b>Літні люди та люди з інвалідністю (територіальний центр)</b>");
    expect(detail.text).toContain("Стан: <b>у роботі</b>");
    // The staff's answer, escaped; their question; the resident's own reply — in that order, newest last.
    const answerAt = detail.text.indexOf("Машина буде в четвер о 9:00 &amp; чекатиме &lt;біля&gt; під'їзду.");
    const questionAt = detail.text.indexOf("Чи потрібна допомога зі сходами?");
    const replyAt = detail.text.indexOf("Так, я з ходунками.");
    expect(answerAt).toBeGreaterThan(0);
    expect(questionAt).toBeGreaterThan(answerAt);
    expect(replyAt).toBeGreaterThan(questionAt);
    expect(detail.text).toContain("<b>Працівник</b>");
    expect(detail.text).toContain("<b>Ви</b>");
    expect(detail.text).not.toContain("Оксана"); // staff names stay hidden from residents
    expect(resident.buttons(detail)).toEqual(["✉️ Дописати", "✖️ Скасувати звернення", "⬅️ До списку"]);
  });

  it("someone who is not staff pressing «take» changes nothing", async () => {
    const { number, id } = await residentAsksForSocialTaxi();
    const stranger = staffIn("older-and-disabled", 888, "Сторонній");
    await waitFor("the card", () => cardOf(stranger, number));
    await stranger.press("✋ Взяти");
    const request = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
    expect(request.status).toBe("new");
    expect(request.takenBy).toBeNull();
    expect(await prisma().requestEvent.count({ where: { requestId: id, type: "status" } })).toBe(0);
  });

  it("refuses callback data for another department's request, and a stale status", async () => {
    const { number, id } = await residentAsksForSocialTaxi();
    const ownStaff = staffIn("older-and-disabled");
    await waitFor("the card", () => cardOf(ownStaff, number));
    // Staff of another department forge the take button of this request in their own group.
    const otherGroup = staffIn("benefits-and-aid");
    await otherGroup.pressData(`st1:take:${id}:n`);
    // And in the right group, a button made for a status the request no longer has.
    await ownStaff.pressData(`st1:cls:${id}:p`);
    const request = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
    expect(request.status).toBe("new");
    expect(await prisma().requestEvent.count({ where: { requestId: id, type: "status" } })).toBe(0);
  });

  it("transfers a request: the old card says where it went, the new department gets a card, the resident is told", async () => {
    const { resident, number, id } = await residentAsksForSocialTaxi();
    const staff = staffIn("older-and-disabled");
    await waitFor("the card", () => cardOf(staff, number));
    await staff.press("➡️ Передати");
    await staff.press("Виплати, субсидії та допомога");
    // The receiving department should know why: a reason is asked, and nothing moves until it is given.
    const reasonPrompt = await waitFor("the reason prompt", () => staff.messages().find((m) => m.text.includes(`Чому передаєте № ${number}`)));
    expect(reasonPrompt.text).toContain("«Виплати, субсидії та допомога»");
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).departmentKey).toBe("zhytomyr/older-and-disabled");
    await staff.replyTo(reasonPrompt.messageId, "Питання про пільги, не про транспорт");
    const target = await waitFor("the transfer", async () => {
      const request = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
      return request.departmentKey !== "zhytomyr/older-and-disabled" ? request : undefined;
    });
    const targetSlug = target.departmentKey.split("/")[1]!;
    const newGroup = staffIn(targetSlug as keyof typeof STAFF_GROUPS);
    const newCard = await waitFor("the card in the new group", () => cardOf(newGroup, number));
    expect(newCard.text).toContain("Причина: Питання про пільги, не про транспорт");
    await waitFor("the old card to say transferred", () => staff.messages().some((m) => m.text.includes(`№ ${number}`) && m.text.includes("Передано до відділу")));
    await waitFor("the resident to hear where it went", () => resident.messages().some((m) => m.text.includes(`№ ${number}</b> передано до відділу «Виплати, субсидії та допомога»`)));
  });

  it("takes the resident's typed answer to a staff question, without their tapping «Reply»", async () => {
    const { resident, number, id } = await residentAsksForSocialTaxi();
    const staff = staffIn("older-and-disabled");
    await waitFor("the card", () => cardOf(staff, number));
    await staff.press("❓ Запитати");
    await staff.replyTo(staff.last().messageId, "На яку лікарню Вас везти?");
    await waitFor("the question at the resident's", () => resident.messages().some((m) => m.text.includes("На яку лікарню Вас везти?")));
    await resident.send("Обласна лікарня, на 10 ранку");
    await waitFor("the answer in the group", () => staff.messages().some((m) => m.text.includes("Обласна лікарня, на 10 ранку")));
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");
  });

  it("outside check with two groups: question, answer, transfer, /delete_me; no group message the emulator holds keeps her data", async () => {
    const { resident, number, id } = await residentAsksForSocialTaxi("Відвезти до кардіолога, вул. Бердичівська 12");
    const oldGroup = staffIn("older-and-disabled");
    await waitFor("the card", () => cardOf(oldGroup, number));
    await oldGroup.press("❓ Запитати");
    await oldGroup.replyTo(oldGroup.last().messageId, "О котрій Вам зручно?");
    await waitFor("the question at the resident's", () => resident.messages().some((m) => m.text.includes("О котрій Вам зручно?")));
    await resident.send("О дев'ятій, у мене ще цукровий діабет");
    await waitFor("the answer in the group", () => oldGroup.messages().some((m) => m.text.includes("цукровий діабет")));
    await oldGroup.press("➡️ Передати");
    await oldGroup.press("Виплати, субсидії та допомога");
    const reasonPrompt = await waitFor("the reason prompt", () => oldGroup.messages().find((m) => m.text.includes(`Чому передаєте № ${number}`)));
    await oldGroup.replyTo(reasonPrompt.messageId, "Питання про пільги");
    const moved = await waitFor("the transfer", async () => {
      const request = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
      return request.departmentKey !== "zhytomyr/older-and-disabled" ? request : undefined;
    });
    const newGroup = staffIn(moved.departmentKey.split("/")[1] as keyof typeof STAFF_GROUPS);
    await waitFor("the card in the new group", () => cardOf(newGroup, number));

    // Her data, as the cards, the relayed answer and the transfer's history carried it.
    // Other tests' residents share her name and phone, so those count only on messages about her request;
    // her own words count anywhere.
    const herWords = /кардіолога|Бердичівська|цукровий діабет|О дев'ятій/;
    const herContact = /Оля|671234567|67 123 45 67/;
    const hers = { test: (text: string) => herWords.test(text) || (text.includes(`№ ${number}`) && herContact.test(text)) };
    const groupsHold = () => [...oldGroup.messages(), ...newGroup.messages()].filter((m) => hers.test(m.text ?? ""));
    // Before: the new group holds it (the card); the old one already shrank its copies at the transfer.
    expect(newGroup.messages().some((m) => /кардіолога/.test(m.text ?? ""))).toBe(true);
    expect(oldGroup.messages().filter((m) => hers.test(m.text ?? "")).map((m) => m.text)).toEqual([]);

    await resident.send("/delete_me");
    await resident.press("Так, видалити");
    await waitFor("every group copy redrawn or deleted", () => groupsHold().length === 0, 60_000).catch(() => undefined);
    expect(groupsHold().map((m) => m.text)).toEqual([]);
    // The cards are still there, without her: staff see that the request was erased.
    expect(oldGroup.messages().some((m) => m.text.includes(`№ ${number}`))).toBe(true);
    expect(newGroup.messages().some((m) => m.text.includes(`№ ${number}`))).toBe(true);
  });
});
