import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { renderRequestCard } from "../../src/bot/render/request-card.ts";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";

/**
 * Typed answers the tester found misread (session 9), through the Bot API emulator: a deaf resident
 * phoned, «для мами» or a number re-asked, a number kept as a name, an address at the summary lost.
 */
let harness: AppHarness;
let nextUserId = 9400;
const newResident = (firstName = "Галина") => new TelegramUser(harness.emulator, TOKEN, nextUserId++, firstName);
const prisma = () => harness.db.prisma;
const i18n = createI18n("uk");

beforeAll(async () => {
  harness = await AppHarness.start();
}, 180_000); // the shared machine is slow to start an app at times
afterAll(async () => {
  await harness.stop();
});
afterEach(() => {
  expect(harness.violations).toEqual([]);
});

const texts = (messages: Array<{ text: string }>) => messages.map((m) => m.text).join("\n");

async function consented(user: TelegramUser): Promise<void> {
  await user.send("/start");
  await user.press("Житомир");
  await user.send("✉️ Надіслати звернення");
  await user.press("✅ Погоджуюсь");
}

async function savedCard(user: TelegramUser, locale = "uk") {
  const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
  return { saved, card: renderRequestCard(saved, { catalog: harness.app.catalog, locale, t: (key, vars) => i18n.t(locale, key, vars) }) };
}

describe("a resident who cannot take calls is not phoned", () => {
  it("«я не чую, дзвонити не треба, тільки писати» at «Як Вам зручніше?»: no phone asked, staff write in the bot", async () => {
    const user = newResident("Зоя");
    await consented(user);
    await user.send("я не чую, дзвонити не треба, тільки писати");
    await user.press("Для мене");
    const next = texts(await user.send("Зоя"));
    expect(next).not.toContain("зателефонувати");
    expect(next).toContain("Адреса або район");
    await user.send("вул. Київська 5, кв 2");
    await user.send("Потрібна допомога з продуктами");
    expect(texts(await user.press("✅ Надіслати"))).toContain("працівник відповість лише тут");
    const { saved, card } = await savedCard(user);
    expect(saved).toMatchObject({ phone: null, contactByBotOnly: true });
    expect(card).toContain("Не телефонувати");
  });

  it("«0671112233 тільки смс, я не чую» at the phone question: the number kept for SMS, and everyone is told", async () => {
    const user = newResident("Петро");
    await consented(user);
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Петро");
    const answered = texts(await user.send("0671112233 тільки смс, я не чую"));
    expect(answered).toContain("дзвонити не будемо");
    expect(answered).toContain("Адреса або район"); // a call-back nobody makes becomes a written request
    await user.press("Пропустити");
    const summary = texts(await user.send("Потрібен слуховий апарат"));
    expect(summary).toContain("+380 67 111 22 33, лише SMS, не дзвонити");
    const sent = texts(await user.press("✅ Надіслати"));
    expect(sent).toContain("Вам не дзвонитимуть");
    expect(sent).toContain("SMS на номер +380 67 111 22 33");
    expect(sent).not.toContain("зв'яжеться з Вами");
    const { saved, card } = await savedCard(user);
    expect(saved).toMatchObject({ phone: "+380671112233", contactByBotOnly: true, callBack: false });
    expect(card).toContain("Не телефонувати — людина просить писати: у боті або SMS");
    expect(card).toContain("+380 67 111 22 33");
  });

  it("«я глухий, дзвінків не чую. СМС або сюди» at the phone question: no «у номері помилка»", async () => {
    const user = newResident("Іван");
    await consented(user);
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.send("Іван");
    const answered = texts(await user.send("я глухий, дзвінків не чую. СМС або сюди"));
    expect(answered).not.toContain("помилка");
    expect(answered).toContain("Вам не дзвонитимуть");
  });
});

describe("a returning resident's contact keeps how they asked to be reached", () => {
  /** The second request: «✉️ Надіслати звернення» (consent reused), `mode`, «Для мене»; the contact offered. */
  async function again(user: TelegramUser, mode: string): Promise<string> {
    await user.send("✉️ Надіслати звернення");
    await user.press(mode);
    return texts(await user.press("Для мене"));
  }

  it("SMS only («0671112233 тільки смс»): the number is offered again, for SMS, and a call-back stays written", async () => {
    const user = newResident("Петро");
    await consented(user);
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Петро");
    await user.send("0671112233 тільки смс, я не чую");
    await user.press("Пропустити");
    await user.send("Потрібен слуховий апарат");
    await user.press("✅ Надіслати");

    const offered = await again(user, "📞 Просто передзвоніть мені");
    expect(offered).toContain("Петро, +380 67 111 22 33, лише SMS, не дзвонити");
    const kept = texts(await user.press("✅ Так, ті самі"));
    expect(kept).toContain("дзвонити не будемо");
    expect(kept).toContain("Адреса або район");
    await user.press("Пропустити");
    const summary = texts(await user.send("Потрібні батарейки до апарата"));
    expect(summary).toContain("+380 67 111 22 33, лише SMS, не дзвонити");
    await user.press("✅ Надіслати");
    const second = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) }, orderBy: { id: "desc" } });
    expect(second).toMatchObject({ phone: "+380671112233", contactByBotOnly: true, callBack: false, contactName: "Петро" });
  });

  it("only in the bot: offered as such, no number asked, and the request says so", async () => {
    const user = newResident("Зоя");
    await consented(user);
    await user.send("я не чую, дзвонити не треба, тільки писати");
    await user.press("Для мене");
    await user.send("Зоя");
    await user.press("Пропустити");
    await user.send("Потрібна допомога з продуктами");
    await user.press("✅ Надіслати");

    const offered = await again(user, "✍️ Описати, що потрібно");
    expect(offered).toContain("Зоя, не дзвонити, відповідати лише тут");
    const kept = texts(await user.press("✅ Так, ті самі"));
    expect(kept).not.toContain("номер телефону");
    expect(kept).toContain("Адреса або район");
    await user.press("Пропустити");
    await user.send("Потрібні ліки");
    expect(texts(await user.press("✅ Надіслати"))).toContain("працівник відповість лише тут");
    const second = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) }, orderBy: { id: "desc" } });
    expect(second).toMatchObject({ phone: null, contactByBotOnly: true, contactName: "Зоя" });
  });
});

describe("answers typed before their question are kept; a number is no name", () => {
  it("«для мами», «меня зовут Наташа» and a number at «Як Вам зручніше?» are kept and not asked again", async () => {
    const user = newResident("Оля");
    await consented(user);
    for (const typed of ["для мами", "меня зовут Наташа", "мой номер 067 123 45 67"]) {
      const said = texts(await user.send(typed));
      expect(said).toContain("записав");
      expect(said).toContain("Як Вам зручніше?");
    }
    expect(texts(await user.send("так"))).toContain("«опишу» чи «передзвоніть»");
    const next = texts(await user.press("✍️ Описати, що потрібно"));
    expect(next).toContain("Як звати людину, якій потрібна допомога?"); // not «для кого»
    const after = texts(await user.send("Петренко Марія"));
    expect(after).toContain("Адреса або район"); // neither the name nor the phone again
    await user.send("вул. Шевченка 5, кв 3");
    const summary = texts(await user.send("Потрібен догляд вдома"));
    expect(summary).toContain("Ваше ім'я: Наташа");
    expect(summary).toContain("+380 67 123 45 67");
    expect(summary).toContain("Петренко Марія");
  });

  it("a number at the name question is taken as the phone; «отправляйте» is no name; then the name is taken", async () => {
    const user = newResident("Ніна");
    await consented(user);
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    const taken = texts(await user.send("067 123 45 67"));
    expect(taken).toContain("📞 +380 67 123 45 67 ✓");
    expect(taken).toContain("Як до Вас звертатися?");
    expect(texts(await user.send("отправляйте"))).toContain("Напишіть, будь ласка, ім'я");
    // The phone was taken with the first answer: not asked again.
    expect(texts(await user.send("Ніна"))).not.toContain("Ваш номер телефону");
  });
});

describe("an address typed at the summary is added, not lost", () => {
  it("the tester's case: «вулиця Київська будинок 15 квартира 8, біля базару, третій поверх»", async () => {
    const user = newResident("Ганна");
    await consented(user);
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.send("Ганна Петрівна");
    await user.send("067 123 45 67");
    await user.press("Пропустити");
    expect(texts(await user.send("Потрібно принести продукти"))).toContain("Перевірте, будь ласка");
    const address = "вулиця Київська будинок 15 квартира 8, біля базару, третій поверх";
    const again = texts(await user.send(address));
    expect(again).toContain("Адресу додав");
    expect(again).toContain(`Адреса: ${address}`);
    expect(again).not.toContain("Надіслати звернення? Напишіть");
    await user.send("давайте");
    const { saved } = await savedCard(user);
    expect(saved.address).toBe(address);
  });
});

describe("«call my mother, not me»: she is the one staff phone, the card says so", () => {
  it("at the summary: her number is asked, the relative is written to in the bot", async () => {
    const user = newResident("Ірина");
    await consented(user);
    await user.send("Мамі потрібна допомога вдома, вона сама після інсульту");
    await user.send("для мами");
    await user.send("Ткачук Ніна");
    await user.send("Ірина");
    await user.send("+48 512 345 678");
    await user.press("Пропустити"); // the address
    const asked = texts(await user.send("будь ласка, телефонуйте мамі, а не мені"));
    expect(asked).toContain("телефонуватимуть людині, якій потрібна допомога");
    expect(asked).toContain("Кому ще можна зателефонувати");
    const summary = texts(await user.send("0412 47 11 22"));
    expect(summary).toContain("Кому телефонувати: Ткачук Ніна, +380 412 47 11 22");
    // Not «не дзвонити»: the relative is answered here, her mother phoned (session 12's trial read it as «dropped»).
    expect(summary).toContain("Телефон: Вам відповідатимуть тут, у чаті");
    expect(summary).not.toContain("не дзвонити");
    const sent = texts(await user.press("✅ Надіслати"));
    expect(sent).toContain("Працівник зателефонує за номером +380 412 47 11 22");
    expect(sent).not.toContain("+48");
    const { saved, card } = await savedCard(user);
    expect(saved).toMatchObject({ phone: null, contactByBotOnly: true, secondPhone: "+380412471122", subjectRelation: "mother" });
    expect(card).toContain("Телефонувати: Ткачук Ніна, +380 412 47 11 22</b> — не тому, хто звернувся");
    expect(card).toContain("Контакт: Ірина");
    expect(card).toContain("Ткачук Ніна (мама)");
  });

  it("at «Як до Вас звертатися?»: «мамин номер …, дзвоніть їй, а не мені» is no name (second trial: it became her name)", async () => {
    const user = newResident("Ірина");
    await consented(user);
    await user.send("Мамі потрібна допомога вдома, вона сама після інсульту");
    await user.send("для мами");
    await user.send("Ткачук Ніна");
    const asked = texts(await user.send("мамин номер 0971112233, дзвоніть їй, а не мені"));
    expect(asked).toContain("працівник зателефонує людині, якій потрібна допомога");
    expect(asked).toContain("Як до Вас звертатися?");
    await user.send("Ірина");
    if (user.buttons().includes("Пропустити")) await user.press("Пропустити");
    const summary = user.last().text;
    expect(summary).toContain("Ваше ім'я: Ірина");
    expect(summary).toContain("Кому телефонувати: Ткачук Ніна, +380 97 111 22 33");
  });

  it("at «Як Вам зручніше?»: a call-back to the mother, her number asked instead of the relative's", async () => {
    const user = newResident("Олена");
    await consented(user);
    const next = texts(await user.send("подзвоніть мамі, а не мені"));
    expect(next).toContain("Як звати людину, якій потрібна допомога?");
    await user.send("Галина Шевчук");
    await user.send("Олена");
    // Her number was asked, not Olena's; the time is the mother's call, not «Вам».
    expect(texts(await user.send("097 555 12 34"))).toContain("Коли зручно зателефонувати людині, якій потрібна допомога?");
    const summary = texts(await user.press("Будь-коли"));
    expect(summary).toContain("Кому телефонувати: Галина Шевчук, +380 97 555 12 34");
    await user.press("✅ Надіслати");
    const { saved, card } = await savedCard(user);
    expect(saved).toMatchObject({ phone: null, contactByBotOnly: true, secondPhone: "+380975551234", callBack: true });
    expect(card).toContain("Телефонувати:");
    expect(card).toContain("Галина Шевчук (мама)");
  });
});

describe("the menu in the middle of a request", () => {
  it("«контакти» shows the hotlines, and the request waits on (second trial: they were out of reach until «скасувати»)", async () => {
    const user = newResident("Петро");
    await consented(user);
    const asked = user.last().text;
    const replies = await user.send("контакти");
    expect(texts(replies)).toContain("Гарячі лінії");
    expect(replies.at(-1)!.text).toContain("Ваше звернення ще не надіслано");
    expect(replies.at(-1)!.text).toContain(asked.split("\n")[0]!);
  });
});

describe("«мої заявки» in the middle of a request (session 14's trial: it only said the request was not sent)", () => {
  it("shows the list with statuses, without buttons the dialogue would take as answers, and the request waits on", async () => {
    const user = newResident("Марко");
    await consented(user);
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Марко");
    await user.send("067 222 33 44");
    await user.press("Будь-коли");
    await user.press("✅ Надіслати");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    await user.send("✉️ Надіслати звернення");
    const replies = await user.send("moi zayavki");
    const list = replies.find((message) => message.text.includes(saved.number))!;
    expect(list).toBeDefined();
    expect(user.buttons(list)).toEqual([]);
    expect(replies.at(-1)!.text).toContain("Ваше звернення ще не надіслано");
    expect(replies.at(-1)!.text).toContain("Як Вам зручніше");
  });
});

describe("typed «так» right after a search's card (session 12's trial: it asked «яка допомога потрібна?»)", () => {
  it("sends a request for the card's service, as its «✉️ Надіслати звернення» would", async () => {
    const user = newResident("Галина");
    await user.send("/start");
    await user.press("Житомир");
    expect(texts(await user.send("соціальне таксі"))).toContain("Соціальне таксі");
    expect(texts(await user.send("так"))).toContain("Перш ніж почати"); // the request's consent comes first
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Галина");
    await user.send("0671234567");
    await user.press("Будь-коли");
    await user.press("✅ Надіслати");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved.serviceId).toBe("social-taxi");
  });

  it("after the guided finder's card («Іншій людині»), «так» does not ask «для кого» again (session 12's trial)", async () => {
    const user = newResident("Марта");
    await user.send("/start");
    await user.press("Житомир");
    await user.send("🔎 Знайти допомогу");
    await user.press("Іншій людині");
    await user.press("👵 Літня людина");
    await user.press("Догляд вдома");
    expect(texts(await user.send("так"))).toContain("Перш ніж почати");
    await user.press("✅ Погоджуюсь");
    await user.press("✍️ Описати, що потрібно");
    const next = texts(user.messages().slice(-1));
    expect(next).not.toContain("Для кого ця допомога?");
    expect(next).toContain("Як звати людину, якій потрібна допомога?");
  });

  it("the guided finder's questions take typed answers as their buttons (session 14's second trial: «для тата» was searched)", async () => {
    const user = newResident("Тарас");
    await user.send("/start");
    await user.press("Житомир");
    await user.send("🔎 Знайти допомогу");
    expect(texts(await user.send("для тата"))).toContain("Хто ця людина?");
    const needs = await user.send("літня людина");
    expect(texts(needs)).toContain("Що саме потрібно?");
    expect(user.buttons(needs.at(-1))).toContain("Догляд вдома");
    // Own words at «Що саме потрібно?» are a search, as before.
    expect(texts(await user.send("соціальне таксі"))).toContain("Соціальне таксі");
    // And «Іншій людині» typed is that button.
    await user.send("🔎 Знайти допомогу");
    expect(texts(await user.send("Іншій людині"))).toContain("Хто ця людина?");
    // Something that is no answer there is a search, a sentence with «мені» too (the review).
    await user.send("🔎 Знайти допомогу");
    expect(texts(await user.send("потрібна субсидія"))).toContain("Житлова субсидія");
    await user.send("🔎 Знайти допомогу");
    expect(texts(await user.send("мені потрібна субсидія"))).toContain("Житлова субсидія");
  });

  it("means nothing of the card once the resident did something else in between", async () => {
    const user = newResident("Ольга");
    await user.send("/start");
    await user.press("Житомир");
    await user.send("соціальне таксі");
    await user.press("⬅️ Назад");
    const next = texts(await user.send("так"));
    expect(next).not.toContain("Перш ніж почати");
  });
});

describe("a number and an address typed at «для кого?» are kept (session 14's second trial: refused, typed again)", () => {
  it("neither is asked again later, and the summary has them", async () => {
    const user = newResident("Ніна");
    await consented(user);
    await user.press("✍️ Описати, що потрібно");
    expect(texts(await user.send("0961234567"))).toContain("Записав. А для кого допомога");
    expect(texts(await user.send("вул. Перемоги 20 кв 5"))).toContain("Записав. А для кого допомога");
    await user.press("Для мене");
    const next = texts(await user.send("Ніна Іванівна"));
    expect(next).not.toContain("номер телефону");
    const summary = texts(await user.send("Онукові потрібна реабілітація"));
    expect(summary).toContain("Телефон: +380 96 123 45 67");
    expect(summary).toContain("Адреса: вул. Перемоги 20 кв 5");
  });
});

describe("session 14's trial: a wish with the consent, a corrected number, more said at a call-back's summary", () => {
  it("«так, тільки не дзвоніть зранку» at the consent: the wish is on the summary and the card (it was read as a plain «так»)", async () => {
    const user = newResident("Сергій");
    await user.send("/start");
    await user.press("Житомир");
    await user.send("✉️ Надіслати звернення");
    await user.send("так, тільки не дзвоніть зранку, я на роботі");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Сергій");
    await user.send("067 123 45 67");
    const summary = texts(await user.press("Увечері (17–20)"));
    expect(summary).toContain("не дзвоніть зранку, я на роботі");
    await user.press("✅ Надіслати");
    const { card } = await savedCard(user);
    expect(card).toContain("не дзвоніть зранку, я на роботі");
  });

  it("«ой, ошибся, правильный номер …» at the summary replaces the number; a neighbour's number with other words is more to say", async () => {
    const user = newResident("Олег");
    await consented(user);
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.send("Олег");
    await user.send("+48 512 345 678");
    await user.press("Пропустити");
    await user.send("Потрібно принести продукти і ліки");
    const fixed = texts(await user.send("ой, я ошибся, правильный номер 097 987 65 43"));
    expect(fixed).toContain("📞 +380 97 987 65 43 ✓");
    expect(fixed).toContain("Телефон: +380 97 987 65 43");
    expect(fixed).not.toContain("+48");
    const more = texts(await user.send("ключ у сусідки Марії, її номер 050 111 22 33"));
    expect(more).toContain("Додав до звернення");
    expect(more).toContain("Телефон: +380 97 987 65 43");
    await user.press("✅ Надіслати");
    const { saved } = await savedCard(user);
    expect(saved.phone).toBe("+380979876543");
    expect(saved.details).toContain("ключ у сусідки Марії");
  });

  it("a call-back request's summary keeps what more is typed there, for staff (it asked «надіслати чи змінити?»)", async () => {
    const user = newResident("Ганна");
    await consented(user);
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Ганна");
    await user.send("067 123 45 67");
    await user.press("Вдень (12–17)");
    const more = texts(await user.send("краще після обіду, до обіду я в поліклініці"));
    expect(more).toContain("Додав до звернення");
    expect(more).toContain("до обіду я в поліклініці");
    await user.press("✅ Надіслати");
    const { card } = await savedCard(user);
    expect(card).toContain("до обіду я в поліклініці");
  });
});
