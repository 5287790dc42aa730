import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { TelegramUser, type BotMessage } from "../helpers/telegram-user.ts";

/**
 * What residents met in the request dialogue (the tester's session 9 notes), through the Bot API
 * emulator: keys left on the screen, «⬅️ Назад» that cancelled, a call-back quietly made a written request.
 */
let harness: AppHarness;
let nextUserId = 9100;
const newResident = (firstName = "Галина") => new TelegramUser(harness.emulator, TOKEN, nextUserId++, firstName);

beforeAll(async () => {
  harness = await AppHarness.start();
}, 180_000); // the shared machine is slow to start an app at times
afterAll(async () => {
  await harness.stop();
});
afterEach(() => {
  expect(harness.violations).toEqual([]);
});

async function startInZhytomyr(user: TelegramUser): Promise<void> {
  await user.send("/start");
  await user.press("Житомир");
}

const texts = (messages: Array<{ text: string }>) => messages.map((m) => m.text).join("\n");

/** The reply keyboard on the resident's screen: the keys of the last message that set one (inline buttons do not). */
function keysOnScreen(user: TelegramUser): string[] {
  const markup = [...user.messages()].reverse().find((m: BotMessage) => m.reply_markup?.keyboard)?.reply_markup;
  return markup?.keyboard?.flat().map((key) => key.text) ?? [];
}

/** Consent given, «for me», a name: at the phone question. */
async function toPhone(user: TelegramUser, mode: "✍️ Описати, що потрібно" | "📞 Просто передзвоніть мені"): Promise<void> {
  await startInZhytomyr(user);
  await user.send("✉️ Надіслати звернення");
  await user.press("✅ Погоджуюсь");
  await user.press(mode);
  await user.press("Для мене");
  expect(texts(await user.send(user.firstName))).toContain("Ваш номер телефону");
  expect(keysOnScreen(user)).toContain("🔕 Не дзвоніть, пишіть лише сюди");
}

describe("«⬅️ Назад» from the phone question takes its keys away", () => {
  it.each([["⬅️ Назад"], ["назад"]])("%j: the name question comes with its own keys, the phone's are gone", async (back) => {
    const user = newResident("Зіна");
    await toPhone(user, "✍️ Описати, що потрібно");
    const asked = await user.send(back);
    expect(asked).toHaveLength(1); // no extra message to remove the keys
    expect(asked[0]!.text).toContain("Як до Вас звертатися?");
    expect(keysOnScreen(user)).not.toContain("🔕 Не дзвоніть, пишіть лише сюди");
    expect(keysOnScreen(user)).not.toContain("📱 Надіслати мій номер");
    // The name question's own buttons, as keys: a tap on the name answers it.
    expect(keysOnScreen(user)).toEqual(["Зіна", "⬅️ Назад", "✖️ Скасувати"]);
    expect(texts(await user.send("Зіна"))).toContain("Ваш номер телефону");
    // Answered, the phone's keys give way to the menu, and the next questions are inline again.
    const next = texts(await user.send("067 123 45 67"));
    expect(next).toContain("Адреса або район");
    expect(keysOnScreen(user)).toContain("✉️ Надіслати звернення");
    expect(user.buttons()).toContain("Пропустити");
  });

  it("further back, each question replaces the keys with its own, and the request still goes", async () => {
    const user = newResident("Віктор");
    await toPhone(user, "📞 Просто передзвоніть мені");
    await user.send("⬅️ Назад");
    const forWhom = await user.send("⬅️ Назад");
    expect(texts(forWhom)).toContain("Для кого ця допомога?");
    expect(keysOnScreen(user)).toEqual(["Для мене", "Для іншої людини", "⬅️ Назад", "✖️ Скасувати"]);
    await user.send("Для мене");
    await user.send("Віктор");
    await user.send("0671234567");
    await user.press("Будь-коли");
    expect(texts(await user.press("✅ Надіслати"))).toMatch(/№ ЖТ-\d{4}-\d{5}/);
  });
});

describe("«⬅️ Назад» at the first question goes back, it does not cancel", () => {
  it("from a service card: the question turns back into the card, whose «✉️» starts again", async () => {
    const user = newResident("Петро");
    await startInZhytomyr(user);
    await user.send("соціальне таксі");
    await user.press("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    const question = user.last();
    expect(question.text).toContain("Як Вам зручніше?");
    const back = await user.press("⬅️ Назад");
    expect(texts(back)).not.toContain("скасовано");
    const card = user.messages().find((m) => m.messageId === question.messageId)!;
    expect(card.text).toContain("Соціальне таксі");
    expect(user.buttons(card)).toContain("✉️ Надіслати звернення");
    const session = await harness.db.prisma.sessionRecord.findUniqueOrThrow({ where: { key: `session:${user.userId}` } });
    expect(session.value).not.toHaveProperty("dialogue");
    // Typed «назад» at the same question: the card again, as a new message.
    expect(texts(await user.press("✉️ Надіслати звернення"))).toContain("Як Вам зручніше?");
    const typed = await user.send("назад");
    expect(typed).toHaveLength(1);
    expect(typed[0]!.text).toContain("Соціальне таксі");
    expect(user.buttons(typed[0])).toContain("✉️ Надіслати звернення");
  });

  it("from the menu: back to the menu, with a word that nothing was sent", async () => {
    const user = newResident("Марта");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    const back = texts(await user.press("⬅️ Назад"));
    expect(back).toContain("Повертаємось до меню");
    expect(back).not.toContain("скасовано");
    expect(keysOnScreen(user)).toContain("✉️ Надіслати звернення");
    // The dialogue is over: a search works again.
    expect(texts(await user.send("соціальне таксі"))).toContain("Соціальне таксі");
  });

  it("a story kept for the request: back at its first question, the story's «📨» sends it again", async () => {
    const user = newResident("Ярослава");
    await startInZhytomyr(user);
    await user.send("Моя мама після інсульту не встає з ліжка, я працюю цілий день і не можу доглядати за нею");
    await user.press("📨 Надіслати моє повідомлення як звернення");
    await user.press("✅ Погоджуюсь");
    expect(user.last().text).toContain("Для кого ця допомога?");
    await user.press("⬅️ Назад");
    expect(user.last().text).not.toContain("скасовано");
    await user.press("📨 Надіслати моє повідомлення як звернення");
    expect(user.last().text).toContain("Для кого ця допомога?");
  });
});

describe("«🔕 Не дзвоніть» on a call-back request says it becomes a written one", () => {
  it("at the phone question: one warm line, then the address and what is needed", async () => {
    const user = newResident("Ніна");
    await toPhone(user, "📞 Просто передзвоніть мені");
    const said = await user.send("🔕 Не дзвоніть, пишіть лише сюди");
    expect(said[0]!.text).toContain("Тож звернення буде письмовим");
    expect(said.at(-1)!.text).toContain("Адреса або район");
    await user.press("Пропустити");
    const summary = texts(await user.send("Потрібні ліки, сама не дійду до аптеки"));
    expect(summary).toContain("Потрібні ліки");
    expect(summary).not.toContain("Передзвонити");
  });

  it("changed from the summary: the address and what is needed are asked, which a call-back never asked", async () => {
    const user = newResident("Богдан");
    await toPhone(user, "📞 Просто передзвоніть мені");
    await user.send("0671234567");
    expect(texts(await user.press("Будь-коли"))).toContain("Перевірте, будь ласка");
    await user.press("✏️ Змінити");
    await user.press(/Телефон/);
    const said = texts(await user.send("🔕 Не дзвоніть, пишіть лише сюди"));
    expect(said).toContain("Тож звернення буде письмовим");
    expect(said).toContain("Адреса або район");
    await user.send("вул. Київська, 5");
    const summary = texts(await user.send("Потрібна допомога з ліками"));
    expect(summary).toContain("Перевірте, будь ласка");
    expect(summary).toContain("Потрібна допомога з ліками");
    expect(summary).toContain("вул. Київська, 5");
    expect(summary).not.toContain("Передзвонити");
    await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ callBack: false, contactByBotOnly: true, phone: null, details: "Потрібна допомога з ліками" });
  });

  it("a returning resident who asked not to be called keeps that, and hears the request is written", async () => {
    const user = newResident("Лариса");
    await toPhone(user, "✍️ Описати, що потрібно");
    await user.send("🔕 Не дзвоніть, пишіть лише сюди");
    await user.press("Пропустити");
    await user.send("Потрібні продукти");
    await user.press("✅ Надіслати");
    await user.send("✉️ Надіслати звернення");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    const next = texts(await user.send("так, той самий"));
    expect(next).toContain("Тож звернення буде письмовим");
    expect(next).toContain("Адреса або район");
  });

  it("«не дзвоніть» typed at the first question, then back and «📞 передзвоніть»: the phone is asked again", async () => {
    const user = newResident("Оксана");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.send("дзвонити не можна, пишіть сюди");
    await user.press("⬅️ Назад");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    expect(texts(await user.send("Оксана"))).toContain("Ваш номер телефону");
  });
});

describe("the name and the phone typed at once", () => {
  async function toName(user: TelegramUser): Promise<void> {
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    expect(user.last().text).toContain("Як до Вас звертатися?");
  }

  it("«Галина Петрівна, мій номер 067 …» answers both: the phone is not asked again", async () => {
    const user = newResident("Галина");
    await toName(user);
    const next = texts(await user.send("Галина Петрівна, мій номер 067 123 45 67"));
    expect(next).toContain("📞 +380 67 123 45 67 ✓");
    expect(next).toContain("Адреса або район");
    expect(next).not.toContain("Ваш номер телефону");
    await user.press("Пропустити");
    const summary = texts(await user.send("Потрібна допомога з ліками"));
    expect(summary).toContain("Ваше ім'я: Галина Петрівна");
    expect(summary).toContain("Телефон: +380 67 123 45 67");
  });

  it("only a number at the name question: taken as the phone, and the name is asked", async () => {
    const user = newResident("Іван");
    await toName(user);
    const next = texts(await user.send("0671234567"));
    expect(next).toContain("📞 +380 67 123 45 67 ✓");
    expect(next).toContain("Як до Вас звертатися?");
    expect(texts(await user.send("Іван Петрович"))).toContain("Адреса або район");
  });
});
