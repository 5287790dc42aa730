import { describe, expect, it } from "vitest";
import { submitRequest, useAppHarness } from "../helpers/e2e.ts";
import type { BotMessage, TelegramUser } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

/**
 * The tester's find through the Bot API emulator: what a resident simply types after a staff
 * «💬 Відповісти» (no «✉️ Відповісти» pressed) used to go to the service search and never reach staff;
 * after a close, «ні, машина так і не приїхала» showed a social-taxi card.
 */

const app = useAppHarness({ staffed: true, firstUserId: 8400 });
const { prisma } = app;

const cardOf = (staff: TelegramUser, number: string): BotMessage | undefined =>
  staff.messages().find((message) => message.text.includes(`№ ${number}</b>`) && message.text.includes("Стан:"));

describe("typed text after staff wrote, through the emulator", () => {
  it("reaches the request's thread in the group; after a close it reaches staff marked so", async () => {
    const resident = app.newResident("Світлана");
    const { number, id } = await submitRequest(prisma(), resident, { search: "соціальне таксі", phone: "0671234567", details: "мамі треба на діаліз у четвер на 10 ранку" });
    const staff = app.staffIn("older-and-disabled");
    await waitFor("the card", () => cardOf(staff, number));
    await staff.press("💬 Відповісти");
    await staff.replyTo(staff.last().messageId, "Добрий день! Машина буде в четвер о 9:15 біля під'їзду.");
    await waitFor("the answer at the resident's", () => resident.messages().find((m) => m.text.includes("Машина буде в четвер")));

    const told = await resident.send("дякую! а можна трохи пізніше, о 9:30? мама довго збирається");
    expect(told.map((m) => m.text)).toEqual([`📨 Передано до звернення № ${number}. Відповідь прийде сюди.`]);
    expect(told[0]!.text).not.toContain("не знайшов");
    await waitFor("the resident's words in the group", () => staff.messages().some((m) => m.text.includes("о 9:30? мама довго збирається")));

    await staff.press("✅ Закрити");
    await staff.press("допомогу надано");
    await staff.press("✅ Так, закрити");
    await waitFor("the close notice", () => resident.messages().some((m) => m.text.includes(`№ ${number}</b> закрито`)));
    const after = await resident.send("ні, машина так і не приїхала");
    expect(after.map((m) => m.text).join("\n")).toContain(`Передано працівникам до звернення № ${number}`);
    expect(after.map((m) => m.text).join("\n")).not.toContain("Соціальне таксі");
    expect(resident.buttons(after.at(-1)!)).toContain("🔁 Проблему не вирішено");
    await waitFor("the words after the close in the group", () => staff.messages().some((m) => m.text.includes(`№ ${number}</b> (закрите)`) && m.text.includes("машина так і не приїхала")));
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("resolved");
  });

  it("danger in her reply to staff: the numbers at once, 🆘 on top of her words in the group, the request a 🆘 one (session 13's trial)", async () => {
    const resident = app.newResident("Надія");
    const { number, id } = await submitRequest(prisma(), resident, { search: "потрібна субсидія", phone: "0671234567", details: "як оформити субсидію на газ" });
    const staff = app.staffIn("benefits-and-aid");
    await waitFor("the card", () => cardOf(staff, number));
    await staff.press("❓ Запитати");
    await staff.replyTo(staff.last().messageId, "Які у Вас доходи?");
    await waitFor("the question at the resident's", () => resident.messages().find((m) => m.text.includes("Які у Вас доходи")));
    const told = await resident.send("він знову прийшов п'яний і б'є, допоможіть");
    expect(told[0]!.text.split("\n")[0]).toContain("102");
    // Her words still reach the request she was asked about (an answer to staff's question).
    expect(told.map((m) => m.text).join("\n")).toContain("Передано працівникам");
    expect(told.map((m) => m.text).join("\n")).toContain(number);
    const relayed = await waitFor("her words in the group", () => staff.messages().find((m) => m.text.includes("п'яний і б'є")));
    expect(relayed.text.split("\n")[0]).toContain("🆘");
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).danger).toBe(true);
    // A call may be overheard: she is offered «🔕» (third trial: her number stayed on the card, unasked).
    expect(resident.buttons(told.at(-1))).toContain("🔕 Не дзвоніть, пишіть лише сюди");
    await resident.press("🔕 Не дзвоніть, пишіть лише сюди");
    await waitFor("🔕 on the card", () => {
      const card = cardOf(staff, number);
      return card && card.text.includes("Не телефонувати") ? card : undefined;
    });
    expect(await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ contactByBotOnly: true, phone: null });
  });

  it("«не дзвоніть, він поруч» in her reply to staff: the card says 🔕 at once and her number is dropped (second trial)", async () => {
    const resident = app.newResident("Ірина");
    const { number, id } = await submitRequest(prisma(), resident, { search: "потрібна субсидія", phone: "0671234567", details: "як оформити субсидію на газ" });
    const staff = app.staffIn("benefits-and-aid");
    await waitFor("the card", () => cardOf(staff, number));
    await staff.press("❓ Запитати");
    await staff.replyTo(staff.last().messageId, "Коли Вам зручно, щоб ми зателефонували?");
    await waitFor("the question at the resident's", () => resident.messages().find((m) => m.text.includes("Коли Вам зручно")));
    // «Не дзвоніть зранку» says nothing of danger: the number stays (second review: any «не дзвоніть» dropped it).
    await resident.send("не дзвоніть зранку, я на роботі");
    await waitFor("her words in the group", () => staff.messages().find((m) => m.text.includes("я на роботі")));
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).phone).not.toBeNull();
    await resident.send("не дзвоніть, він поруч, він мене б'є");
    await waitFor("🔕 on the card", () => {
      const card = cardOf(staff, number);
      return card && card.text.includes("Не телефонувати") && card.text.includes("🆘") ? card : undefined;
    });
    expect(await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ danger: true, contactByBotOnly: true, phone: null });
  });
});
