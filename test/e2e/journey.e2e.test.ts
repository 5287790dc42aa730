import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";

let harness: AppHarness;
let nextUserId = 5000;
const newResident = (firstName = "Оля") => new TelegramUser(harness.emulator, TOKEN, nextUserId++, firstName);

beforeAll(async () => {
  harness = await AppHarness.start();
});
afterAll(async () => {
  await harness.stop();
});
afterEach(() => {
  // Every message the bot sent in the test obeyed Telegram's limits and HTML rules.
  expect(harness.violations).toEqual([]);
});

async function startInZhytomyr(user: TelegramUser): Promise<void> {
  const greeting = await user.send("/start");
  expect(greeting.map((m) => m.text).join("\n")).toContain("Вітаємо");
  await user.press("Житомир");
  expect(user.messages().some((m) => m.text.includes("Громада: <b>Житомир</b>"))).toBe(true);
}

const prisma = () => harness.db.prisma;

describe("the resident's journey through the emulator", () => {
  it("finds the social taxi by typing «соціальне таксі» and sends a request for a neighbour", async () => {
    const user = newResident("Оля");
    await startInZhytomyr(user);

    const found = await user.send("соціальне таксі");
    const card = found.at(-1)!;
    expect(card.text).toContain("<b>Соціальне таксі</b>");
    expect(user.buttons(card)).toContain("✉️ Надіслати звернення");

    await user.press("✉️ Надіслати звернення");
    expect(user.last().text).toContain("Ви погоджуєтеся на обробку цих даних?");
    await user.press("✅ Погоджуюсь");
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для іншої людини");
    await user.send("Марія <Коваль>");
    await user.press("Сусід або сусідка");
    await user.press("Оля"); // the one-tap answer with the Telegram name
    await user.send("123"); // a 3-digit "phone" gets a gentle re-ask
    expect(user.messages().some((m) => m.text.startsWith("Здається, у номері помилка"))).toBe(true);
    await user.send("067 123 45 67");
    await user.send("вул. Київська, 5 & кв. 2");
    const summary = await user.send("Відвезти сусідку до лікарні в четвер");
    const summaryText = summary.at(-1)!.text;
    expect(summaryText).toContain("Перевірте, будь ласка");
    expect(summaryText).toContain("Марія &lt;Коваль&gt; (сусід або сусідка)");
    expect(summaryText).toContain("+380 67 123 45 67");
    expect(summaryText).toContain("вул. Київська, 5 &amp; кв. 2");

    // All the replies: the news offer (announcements) may come after the confirmation.
    const done = (await user.press("✅ Надіслати")).map((m) => m.text).join("\n");
    expect(done).toMatch(/Звернення <b>№ ЖТ-\d{4}-\d{5}<\/b> прийнято/);

    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({
      serviceId: "social-taxi",
      departmentKey: "zhytomyr/older-and-disabled",
      onBehalf: true,
      subjectName: "Марія <Коваль>",
      subjectRelation: "neighbour", // a code: each reader sees it in their language
      contactName: "Оля",
      phone: "+380671234567",
      status: "new",
    });
    expect(done).toContain(saved.number);
    expect(await prisma().requestEvent.count({ where: { requestId: saved.id, type: "created" } })).toBe(1);
  });

  it("pages through a search's results from its own card, whatever was searched since", async () => {
    const user = newResident("Ніна");
    await startInZhytomyr(user);
    const nameOf = (serviceId: string) => harness.app.catalog.services.get(serviceId)!.name.uk;
    const nextOptionData = (message: { reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } }) =>
      message.reply_markup?.inline_keyboard?.flat().find((b) => b.text === "➡️ Інший варіант")?.callback_data;
    const first = (await user.send("догляд")).at(-1)!;
    await user.send("реабілітація");
    expect(nextOptionData(first)!.length).toBeLessThanOrEqual(64);

    await user.pressData(nextOptionData(first)!, first.messageId);
    const card = () => user.messages().find((m) => m.messageId === first.messageId)!;
    expect(card().text).toContain(`<b>${nameOf("home-care")}</b>`); // the second result of «догляд», not of «реабілітація»
    await user.pressData(nextOptionData(card())!, first.messageId);
    expect(card().text).toContain(`<b>${nameOf("day-care")}</b>`);
  });

  it("lets a resident cancel halfway, leaving nothing behind", async () => {
    const user = newResident("Петро");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Петро");
    expect(user.last().reply_markup?.keyboard?.flat().map((key) => key.text)).toContain("⬅️ Назад"); // the phone question's own key
    await user.send("⬅️ Назад"); // back from the phone step to the name (the key sends its label)
    expect(user.last().text).toContain("Як до Вас звертатися?");
    await user.send("✖️ Скасувати"); // the name question's own key now: the phone's keys gave way to its keys
    expect(user.messages().at(-1)!.text).toBe("Звернення скасовано. Нічого не надіслано.");
    expect(await prisma().helpRequest.count({ where: { residentId: BigInt(user.userId) } })).toBe(0);
    const session = await prisma().sessionRecord.findUnique({ where: { key: `session:${user.userId}` } });
    expect(session?.value).not.toHaveProperty("dialogue");
    expect(JSON.stringify(session?.value ?? {})).not.toContain("Петро");
  });

  it("keeps a half-finished dialogue across a restart, and the resident finishes it", async () => {
    const user = newResident("Ганна");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Ганна Іванівна");

    await harness.restart();

    await user.send("+38 (050) 765-43-21");
    await user.press("Зранку (9–12)");
    expect(user.last().text).toContain("Передзвонити: Зранку (9–12)");
    expect((await user.press("✅ Надіслати")).map((m) => m.text).join("\n")).toMatch(/№ ЖТ-\d{4}-\d{5}/);
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ callBack: true, callBackTime: "morning", phone: "+380507654321", contactName: "Ганна Іванівна", serviceId: null, departmentKey: "zhytomyr/reception" });
  });

  it("understands typed answers and words, and a menu tap does not lose a finished request", async () => {
    const user = newResident("Зоя");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.send("так"); // typed consent
    expect(user.last().text).toContain("Як Вам зручніше?");
    await user.send("📞 Просто передзвоніть мені"); // a button's label, typed
    await user.send("для мене");
    await user.send("Зоя Петрівна");
    await user.send("назад"); // at the phone step: back to the name, not a wrong number
    expect(user.messages().at(-2)!.text + user.last().text).toContain("Як до Вас звертатися?");
    await user.send("Зоя");
    await user.send("+48 601 234 567"); // a daughter abroad leaves her number
    const menuTap = await user.send("📋 Мої звернення"); // mid-dialogue: the draft stays
    expect(menuTap.map((m) => m.text).join("\n")).toContain("Ваше звернення ще не надіслано");
    await user.press("Будь-коли");
    expect(user.last().text).toContain("Перевірте, будь ласка");
    expect((await user.send("✉️ Надіслати звернення")).map((m) => m.text).join("\n")).toMatch(/№ ЖТ-\d{4}-\d{5}/);
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ contactName: "Зоя", phone: "+48601234567", callBack: true, callBackTime: "any" });
  });

  it("answers a danger message with the hotlines before anything else", async () => {
    const user = newResident("Ірина");
    await startInZhytomyr(user);
    const replies = await user.send("мене б'є чоловік, що робити");
    expect(replies[0]!.text).toContain("102");
    expect(replies[0]!.text).toContain("15-47");
    expect(replies[0]!.text).toContain("116 123");
    // …and then the search still helps: crisis intervention comes up.
    expect(replies.slice(1).map((m) => m.text).join("\n")).toContain("Кризове та екстрене втручання");
  });

  it("/delete_me leaves no name or phone in the database", async () => {
    const user = newResident("Василь");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.send("Василь Стус");
    await user.shareContact("+380931112233");
    await user.press("Пропустити");
    await user.send("Потрібен слуховий апарат");
    await user.press("✅ Надіслати");
    const before = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(before.phone).toBe("+380931112233");
    expect(before.serviceId).toBe("assistive-devices"); // a free-form request routed by its words

    await user.send("/delete_me");
    await user.press("Так, видалити");
    expect(user.messages().some((m) => m.text.startsWith("Готово: Ваші дані видалено"))).toBe(true);

    const after = await prisma().helpRequest.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({ residentId: null, phone: null, contactName: null, details: null, status: "cancelled" });
    const tables = ["help_request", "request_event", "resident", "session_record", "outbox_message"];
    for (const table of tables) {
      const rows = await prisma().$queryRawUnsafe<unknown[]>(`SELECT * FROM ${table}`);
      const dump = JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
      expect(dump, table).not.toMatch(/931112233|Василь|Стус|слуховий/);
    }
  });

  it("/delete_me answered by typing: «так, видаліть» erases; «ні» keeps; a «так» after something else erases nothing", async () => {
    const user = newResident("Ганна");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Ганна");
    await user.send("0931112244");
    await user.press("Будь-коли");
    await user.press("✅ Надіслати");
    const request = () => prisma().helpRequest.findFirstOrThrow({ where: { phone: "+380931112244" } });
    const made = await request();

    await user.send("/delete_me");
    await user.send("ні");
    expect(user.messages().at(-1)?.text).toBe("Добре, нічого не змінено.");
    await user.send("/delete_me");
    await user.send("потрібна доглядальниця");
    await user.send("так");
    expect((await request()).residentId).toBe(BigInt(user.userId));

    await user.send("/delete_me");
    await user.send("так, видаліть");
    expect(user.messages().some((m) => m.text.startsWith("Готово: Ваші дані видалено"))).toBe(true);
    expect(await prisma().helpRequest.findUniqueOrThrow({ where: { id: made.id } })).toMatchObject({ residentId: null, phone: null, contactName: null });
  });
});
