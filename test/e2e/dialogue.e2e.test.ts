import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";
import { createI18n } from "../../src/bot/i18n.ts";
import { renderRequestCard } from "../../src/bot/render/request-card.ts";

/**
 * Issue 14, «typed answers to button questions are refused»: residents who type instead of pressing
 * buttons, through the Bot API emulator.
 */
let harness: AppHarness;
let nextUserId = 7000;
const newResident = (firstName = "Галина") => new TelegramUser(harness.emulator, TOKEN, nextUserId++, firstName);
const prisma = () => harness.db.prisma;

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

const CONSENT_TEXT = "Перш ніж почати";
const texts = (messages: Array<{ text: string }>) => messages.map((m) => m.text).join("\n");

describe("typed answers to the request dialogue's questions", () => {
  it("the 78-year-old's call-back request, typed in her own words, wastes no message", async () => {
    const user = newResident("Галина");
    await startInZhytomyr(user);
    const said = [
      ["✉️ Надіслати звернення", "Ви погоджуєтеся на обробку цих даних?"],
      ["да согласна", "Як Вам зручніше?"],
      ["позвоните мне пожалуста", "Для кого ця допомога?"],
      ["для себя", "Як до Вас звертатися?"],
      ["Галина Петрівна", "Ваш номер телефону"],
      ["067 123 45 67", "Коли Вам зручно прийняти дзвінок?"],
      ["зранку", "Перевірте, будь ласка"],
      ["отправляйте", "прийнято"],
    ] as const;
    for (const [message, nextQuestion] of said) {
      const replies = await user.send(message);
      // Every message moves the dialogue on: the answer is the next question, never a re-ask.
      expect(texts(replies), message).toContain(nextQuestion);
      expect(texts(replies), message).not.toMatch(/натисніть одну з кнопок|Напишіть «так» або «ні»|Ось запитання/);
    }
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ callBack: true, callBackTime: "morning", contactName: "Галина Петрівна", phone: "+380671234567", onBehalf: false });
    // Saved with the request (one transaction): the news offer, once, and the session without the dialogue.
    expect(await prisma().outboxMessage.count({ where: { chatId: BigInt(user.userId), kind: "news-offer" } })).toBe(1);
    const session = await prisma().sessionRecord.findUniqueOrThrow({ where: { key: `session:${user.userId}` } });
    expect(session.value).toMatchObject({ communityId: "zhytomyr" });
    expect(session.value).not.toHaveProperty("dialogue");
  });

  it("a word that fits nothing gets one short line and the buttons, never the consent text again", async () => {
    const user = newResident("Ліда");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    const reasked = await user.send("а що це таке");
    expect(reasked).toHaveLength(1);
    expect(reasked[0]!.text).not.toContain(CONSENT_TEXT);
    expect(reasked[0]!.text.split("\n")).toHaveLength(1);
    expect(user.buttons(reasked[0])).toEqual(["✅ Погоджуюсь", "Ні, дякую", "✖️ Скасувати"]);
    await user.send("ок");
    expect(user.last().text).toContain("Як Вам зручніше?");
  });

  it("«для тата» answers «for whom» and the relation at once; «будь коли» and «так» finish it", async () => {
    const user = newResident("Оксана");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.send("згодна");
    await user.send("передзвоніть мені");
    await user.send("для тата");
    expect(user.last().text).toContain("Як звати людину, якій потрібна допомога?");
    await user.send("Петро Іванович");
    expect(user.last().text).toContain("Як до Вас звертатися?"); // the relation was already said
    await user.send("Оксана");
    await user.send("+48 601 234 567");
    await user.send("будь коли");
    expect(user.last().text).toContain("(тато)"); // as said, not «мама або тато»
    // The confirmation may be followed by other offers (news subscription): look at all the replies.
    expect(texts(await user.send("так"))).toMatch(/№ ЖТ-\d{4}-\d{5}/);
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ onBehalf: true, subjectName: "Петро Іванович", subjectRelation: "father", callBackTime: "any" });
  });

  it("a first answer that is the need itself is taken as the description", async () => {
    const user = newResident("Марко");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.send("так");
    await user.send("потрібна допомога з продуктами для бабусі");
    expect(user.last().text).toContain("Для кого ця допомога?");
    await user.send("для бабусі");
    await user.send("Ніна Степанівна");
    await user.send("Марко");
    await user.send("0931234567");
    const summary = await user.send("пропустити");
    expect(texts(summary)).toContain("потрібна допомога з продуктами для бабусі");
    expect(texts(summary)).toContain("(бабуся)"); // as said, not «бабуся або дідусь»
  });
});

describe("safe mode: «не дзвоніть, пишіть лише сюди»", () => {
  it("typed at the first question: no phone asked, the request is bot-only and nobody promises a call", async () => {
    const user = newResident("Олена");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.send("так");
    await user.send("дзвонити не можна, він почує, пишіть сюди");
    await user.send("для мене");
    await user.send("Олена");
    const afterName = await user.send("Пропустити"); // the address
    expect(texts(afterName)).not.toContain("Ваш номер телефону");
    const summary = await user.send("Потрібна консультація психолога");
    expect(texts(summary)).toContain("не дзвонити, відповідати лише тут");
    const sent = await user.send("надсилайте");
    expect(texts(sent)).toContain("Вам не дзвонитимуть");
    expect(texts(sent)).not.toContain("за номером");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ contactByBotOnly: true, phone: null });
  });

  it("a button instead of the phone number", async () => {
    const user = newResident("Ірина");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    const asked = await user.send("Ірина");
    // One message: the question with its keys (no inline buttons, no «⬇️» message after it).
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toContain("Ваш номер телефону");
    expect(asked[0]!.reply_markup?.inline_keyboard).toBeUndefined();
    expect(asked[0]!.reply_markup?.keyboard?.map((row) => row.map((key) => key.text))).toEqual([
      ["📱 Надіслати мій номер"],
      ["🔕 Не дзвоніть, пишіть лише сюди"],
      ["⬅️ Назад", "✖️ Скасувати"],
    ]);
    await user.send("🔕 Не дзвоніть, пишіть лише сюди"); // the key, as Telegram sends it: its label
    expect(user.last().text).toContain("Адреса або район"); // a call-back became a written request
    await user.press("Пропустити");
    await user.send("Потрібна допомога");
    expect(texts(await user.press("✅ Надіслати"))).toContain("Вам не дзвонитимуть");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ contactByBotOnly: true, phone: null, callBack: false });
  });
});

describe("the service the resident confirms is the service staff see", () => {
  it.each([["Мені нема де ночувати, вигнали з квартири"], ["Потрібен слуховий апарат"], ["Допоможіть розібратися з папірцями"]])(
    "free-form %j: the summary's «Послуга» is the request's service",
    async (details) => {
      const user = newResident("Юрій");
      await startInZhytomyr(user);
      await user.send("✉️ Надіслати звернення");
      await user.press("✅ Погоджуюсь");
      await user.press("✍️ Описати, що потрібно");
      await user.press("Для мене");
      await user.send("Юрій");
      await user.send("0671112233");
      await user.press("Пропустити");
      const summary = (await user.send(details)).at(-1)!.text;
      const shown = /Послуга: (.+)/.exec(summary)![1]!;
      await user.press("✅ Надіслати");
      const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
      const staffSee = saved.serviceId ? harness.app.catalog.services.get(saved.serviceId)!.name.uk : "Загальне звернення";
      expect(shown).toBe(staffSee);
      // «Мої звернення» tells requests apart: number, service, date, last change.
      const list = texts(await user.send("📋 Мої звернення"));
      expect(list).toContain(`№ ${saved.number}</b> · ${shown}`);
      expect(list).toContain(new Intl.DateTimeFormat("uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" }).format(saved.createdAt));
    },
  );
});

describe("a story told before the request", () => {
  it("is «що потрібно»: only consent, contact and — for help at home — the address are asked", async () => {
    const user = newResident("Софія");
    await startInZhytomyr(user);
    const story = "Моя мама після інсульту не встає з ліжка, я працюю цілий день і не можу доглядати за нею, потрібна допомога вдома";
    await user.send(story);
    await user.press("📨 Надіслати моє повідомлення як звернення");
    await user.press("✅ Погоджуюсь");
    expect(user.last().text).toContain("Для кого ця допомога?"); // not «як Вам зручніше», not «опишіть»
    await user.send("для мами");
    await user.send("Ольга Іванівна");
    await user.send("Софія");
    // Home care comes to the person: the address is asked (it never was on this path).
    expect(texts(await user.send("0501234567"))).toContain("Адреса або район");
    const summary = texts(await user.send("вул. Київська 15, кв. 8"));
    expect(summary).toContain("Перевірте, будь ласка");
    expect(summary).toContain("не встає з ліжка");
    expect(summary).toContain("вул. Київська 15, кв. 8");
    await user.press("✅ Надіслати");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved.details).toBe(story);
    expect(saved.address).toBe("вул. Київська 15, кв. 8");
  });
});

/** A complete written request for oneself, from the menu, consent given or not asked. */
async function writtenRequest(user: TelegramUser, name: string, phone: string): Promise<void> {
  await user.send("✉️ Надіслати звернення");
  if (user.last().text.includes(CONSENT_TEXT)) await user.press("✅ Погоджуюсь");
  await user.press("✍️ Описати, що потрібно");
  await user.press("Для мене");
  await user.send(name);
  await user.send(phone);
  await user.press("Пропустити");
  await user.send("Потрібна допомога з продуктами");
  await user.press("✅ Надіслати");
}

describe("consent remembered per purpose", () => {
  it("the next request uses the consent given, in one line; /privacy shows it and withdraws it; then it is asked again", async () => {
    const user = newResident("Віра");
    await startInZhytomyr(user);
    await writtenRequest(user, "Віра", "0671234500");
    const consent = await prisma().consent.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(consent).toMatchObject({ purpose: "requests:zhytomyr", version: "1/90d", withdrawnAt: null });

    const second = await user.send("✉️ Надіслати звернення");
    expect(texts(second)).not.toContain(CONSENT_TEXT);
    const today = new Intl.DateTimeFormat("uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" }).format(consent.givenAt);
    // One message: the consent used, then the first question with its buttons.
    expect(second).toHaveLength(1);
    expect(second[0]!.text).toContain(`Використовую Вашу згоду на обробку даних від ${today}`);
    expect(second[0]!.text).toContain("Як Вам зручніше?");
    expect(user.buttons(second[0])).toContain("✍️ Описати, що потрібно");
    await user.send("/cancel");

    const privacy = await user.send("/privacy");
    expect(texts(privacy)).toContain("Ваша згода");
    expect(texts(privacy)).toContain(`громаді «Житомир»: надано ${today}`);
    const withdrawn = texts(await user.press("Відкликати згоду"));
    expect(withdrawn).toContain("Згоду відкликано");
    expect(withdrawn).toContain("відкритих: 1");
    expect((await prisma().consent.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } })).withdrawnAt).not.toBeNull();

    const third = await user.send("✉️ Надіслати звернення");
    expect(texts(third)).toContain(CONSENT_TEXT);
  });

  it("withdrawn mid-request, the dialogue stops; /delete_me forgets the consent", async () => {
    const user = newResident("Роман");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.send("/privacy");
    const stopped = texts(await user.press("Відкликати згоду"));
    expect(stopped).toContain("Незавершене звернення зупинено");
    expect(stopped).not.toContain("відкритих");
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    expect(await prisma().consent.count({ where: { residentId: BigInt(user.userId), withdrawnAt: null } })).toBe(1);
    await user.send("/delete_me");
    await user.press("Так, видалити");
    expect(await prisma().consent.count({ where: { residentId: BigInt(user.userId) } })).toBe(0);
  });
});

describe("«так, той самий»: a returning resident's name and phone", () => {
  it("are offered from the last request; a typed «той самий» keeps both, and the phone is not asked", async () => {
    const user = newResident("Ніна");
    await startInZhytomyr(user);
    await writtenRequest(user, "Ніна Петрівна", "067 555 44 33");
    await user.send("✉️ Надіслати звернення");
    await user.send("передзвоніть");
    const offered = texts(await user.send("для себе"));
    expect(offered).toContain("Минулого разу Ви залишили такі контакти");
    expect(offered).toContain("Ніна Петрівна, +380 67 555 44 33");
    const next = texts(await user.send("так, той самий"));
    expect(next).toContain("Коли Вам зручно прийняти дзвінок?");
    await user.send("зранку");
    await user.send("так");
    const [, second] = await prisma().helpRequest.findMany({ where: { residentId: BigInt(user.userId) }, orderBy: { id: "asc" } });
    expect(second).toMatchObject({ contactName: "Ніна Петрівна", phone: "+380675554433", callBack: true });
  });

  it("«інші» asks the name and phone again", async () => {
    const user = newResident("Тарас");
    await startInZhytomyr(user);
    await writtenRequest(user, "Тарас", "0671230000");
    await user.send("✉️ Надіслати звернення");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    expect(user.last().text).toContain("Тарас, +380 67 123 00 00");
    await user.send("ні, інший номер");
    expect(user.last().text).toContain("Як до Вас звертатися?");
    expect(texts(await user.send("Тарас Іванович"))).toContain("Ваш номер телефону");
  });
});

describe("phones: libphonenumber-js, and «напишіть мені в Telegram»", () => {
  it("a relative abroad leaves a Polish number: stored in E.164, shown in its country's format", async () => {
    const user = newResident("Марія");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Марія");
    const taken = texts(await user.send("+48 (601) 234-567"));
    expect(taken).toContain("+48 601 234 567 ✓");
    const summary = texts(await user.press("Будь-коли"));
    expect(summary).toContain("Телефон: +48 601 234 567");
    const sent = texts(await user.press("✅ Надіслати"));
    expect(sent).toContain("+48 601 234 567");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved.phone).toBe("+48601234567");
  });

  it("a number with words around it is taken; two different numbers are asked about", async () => {
    const user = newResident("Ганна");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Ганна");
    expect(texts(await user.send("мій номер 067 123 45 67 або 050 765 43 21"))).toContain("кілька різних номерів");
    expect(texts(await user.send("мій номер 067 123 45 67"))).toContain("📞 +380 67 123 45 67 ✓");
  });

  it.each([["напишіть мені в Telegram"], ["пишіть сюди"], ["без дзвінків"], ["у мене нема телефону"]])("%j at the phone step: no phone, staff will write in the bot", async (typed) => {
    const user = newResident("Степан");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.send("Степан");
    const answered = texts(await user.send(typed));
    expect(answered).toContain("Вам не дзвонитимуть");
    await user.press("Пропустити");
    await user.send("Потрібні ліки");
    const sent = texts(await user.press("✅ Надіслати"));
    expect(sent).toContain("працівник відповість лише тут");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ phone: null, contactByBotOnly: true });
    // Safe mode: no news offer (someone else may read the phone).
    expect(await prisma().outboxMessage.count({ where: { chatId: BigInt(user.userId), kind: "news-offer" } })).toBe(0);
  });
});

describe("a second contact, when asking for someone else", () => {
  it("the relative abroad is reached in the bot, staff may call the mother at her number", async () => {
    const user = newResident("Олег");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.send("так");
    await user.send("Мамі потрібна допомога вдома, вона сама після операції");
    await user.send("для мами");
    await user.send("Людмила Петрівна");
    await user.send("Олег");
    expect(texts(await user.send("пишіть мені сюди, я за кордоном"))).toContain("Вам не дзвонитимуть");
    const summary = await user.press("Пропустити"); // the address
    expect(user.buttons(summary.at(-1))).toContain("➕ Додати ще один контакт");
    await user.press("➕ Додати ще один контакт");
    expect(user.last().text).toContain("Кому ще можна зателефонувати щодо цього звернення: Людмила Петрівна");
    const withSecond = texts(await user.send("мама Людмила, 067 765 43 21"));
    expect(withSecond).toContain("Ще один контакт: мама Людмила, +380 67 765 43 21");
    expect(user.buttons(user.last())).not.toContain("➕ Додати ще один контакт");
    await user.press("✅ Надіслати");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ contactByBotOnly: true, phone: null, secondContactName: "мама Людмила", secondPhone: "+380677654321" });
    const i18n = createI18n("uk");
    const card = renderRequestCard(saved, { catalog: harness.app.catalog, locale: "uk", t: (key, vars) => i18n.t("uk", key, vars) });
    expect(card).toContain("Другий контакт (можна телефонувати): мама Людмила, +380 67 765 43 21");
  });

  it("a request for oneself offers no second contact", async () => {
    const user = newResident("Ганна");
    await startInZhytomyr(user);
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.send("Ганна");
    await user.send("0671112200");
    const summary = await user.press("Будь-коли");
    expect(user.buttons(summary.at(-1))).not.toContain("➕ Додати ще один контакт");
  });
});
