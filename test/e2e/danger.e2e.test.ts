import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { STAFF_GROUPS, STAFF_USER, staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { TelegramUser, toSummary, type BotMessage } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

/**
 * Issue 14 through the Bot API emulator: danger said indirectly gets the emergency numbers first (and
 * never repeats the words in the first line, which a notification preview shows), a near-miss does not,
 * small talk gets a warm answer, and a request made from the danger path reaches staff with 🆘 on top.
 */
let harness: AppHarness;
let nextUserId = 14_000;

beforeAll(async () => {
  harness = await AppHarness.start({ CATALOG_DIR: staffedCatalogDir() });
}, 180_000); // a busy machine: starting the app (database, migrations, catalogue) can take a minute
afterAll(async () => {
  await harness.stop();
});
afterEach(() => {
  expect(harness.violations).toEqual([]);
});

async function resident(name = "Оля"): Promise<TelegramUser> {
  const user = new TelegramUser(harness.emulator, TOKEN, nextUserId++, name);
  await user.send("/start");
  await user.press("Житомир");
  return user;
}

const firstLine = (message: BotMessage) => message.text.split("\n")[0]!;
const NOTHING_FOUND = "не знайшов";

describe("danger said indirectly", () => {
  it.each([
    ["він знову п'яний прийшов, я боюся", ["102", "15-47"]],
    ["допоможіть будь ласка мені страшно", ["102", "116 123"]],
    ["він погрожує мені ножем", ["102", "15-47"]],
    ["донька ріже руки, що робити", ["7333", "116 111"]],
    ["я більше не хочу прокидатися", ["7333"]],
    // said indirectly by people who cannot talk openly (the tester got a search, or nothing, for these)
    ["таблеток напилась", ["7333"]],
    ["повернувся з фронту, не сплю, кошмари. інколи думаю що краще б мене там вбило", ["7333"]],
    ["він забрав у мене телефон", ["102", "15-47"]],
    ["не можу говорити він поруч", ["102", "116 123"]],
    ["мне некуда идти с детьми", ["102", "116 123"]],
  ])("%j → the numbers first, with no details in the first line, then an offer to write", async (text, numbers) => {
    const user = await resident();
    const replies = await user.send(text);
    const answer = replies[0]!;
    for (const number of numbers) expect(firstLine(answer)).toContain(number);
    // Only numbers and their signs in the first line: nothing of what she wrote, no word for it.
    expect(firstLine(answer).replace(/<\/?b>/g, "")).toMatch(/^[\p{Extended_Pictographic}\uFE0F\d\s·-]+$/u);
    expect(user.buttons(answer)).toEqual(["✉️ Написати кризовій службі", "🧹 Приховати розмову"]);
    expect(replies.map((m) => m.text).join("\n")).not.toContain(NOTHING_FOUND);
  });

  it("«не можу говорити, він поруч»: the numbers, and no card of a service that does not help with it (session 14's second trial: toddlers' speech)", async () => {
    const user = await resident();
    const replies = await user.send("не можу говорити, він поруч");
    expect(firstLine(replies[0]!)).toContain("102");
    const texts = replies.map((m) => m.text).join("\n");
    expect(texts).not.toContain("Раннє втручання");
    expect(texts).not.toContain(NOTHING_FOUND);
  });

  it("a near-miss gets no danger answer: «боюся, що не встигну оформити субсидію» finds the subsidy", async () => {
    const user = await resident();
    const replies = await user.send("боюся, що не встигну оформити субсидію");
    const texts = replies.map((m) => m.text).join("\n");
    for (const number of ["102", "15-47", "7333", "116 123"]) expect(texts).not.toContain(`<b>${number}</b>`);
    expect(texts).toContain("Житлова субсидія");
  });

  it("«мені нема куди йти» right after «він мене б'є»: the violence numbers too, and the crisis service's offer (second trial)", async () => {
    const user = await resident();
    await user.send("він знову мене б'є");
    const [answer] = await user.send("мені нема куди йти");
    expect(answer!.text).toContain("15-47");
    expect(answer!.text).toContain("112");
    expect(user.buttons(answer)).toContain("✉️ Написати кризовій службі");
    // Alone, it is a night's shelter.
    const other = await resident("Інна");
    const [alone] = await other.send("мені нема куди йти");
    expect(alone!.text).not.toContain("15-47");
  });

  it("a life at risk («бабуся впала і не може встати») gets 103 and 112 first, and no crisis service's offer", async () => {
    const user = await resident();
    const [first] = await user.send("бабуся впала і не може встати");
    expect(first!.text.split("\n")[0]).toContain("<b>103</b>");
    expect(first!.text).toContain("<b>112</b>");
    expect(first!.text).not.toContain("кризової служби");
    expect(first!.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).not.toContain("✉️ Написати кризовій службі");
  });

  it("a typed «так» after a life at risk means the card found below the numbers, not the crisis service (no offer was made)", async () => {
    const user = await resident("Зоя");
    await user.send("бабуся впала і не може встати");
    const consent = await user.send("так");
    expect(consent.at(-1)!.text).toContain("Перш ніж почати");
    await user.press("✅ Погоджуюсь");
    await user.press("Для мене");
    await user.press("Зоя");
    await user.send("0671234567");
    await toSummary(user, "вул. Київська 5");
    expect(user.last().text).toContain("Послуга: Догляд вдома");
  });

  it("a request from the danger path reaches the crisis service's group with 🆘 on top of its card", async () => {
    const user = await resident("Ірина");
    await user.send("він знову п'яний прийшов, я боюся");
    const [consent] = await user.press("✉️ Написати кризовій службі");
    // The crisis path promises an answer in the chat, not a call, and offers no «📞 Просто передзвоніть мені».
    expect(consent!.text).not.toContain("зателефонувати");
    expect(consent!.text).toContain("Відповідь прийде сюди, у чат");
    const [forWhom] = await user.press("✅ Погоджуюсь");
    expect(forWhom!.text).toContain("Для кого");
    expect(user.messages().flatMap((m) => user.buttons(m))).not.toContain("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    const [phone] = await user.press("Ірина");
    expect(phone!.text).toContain("Якщо Вам безпечно");
    // Her first words are «що потрібно» already (session 13: staff got «допоможіть» and not what she had
    // said): shown to her in the summary before it is sent, not asked for again.
    const summary = (await user.send("0671234567")).map((m) => m.text).join("\n");
    expect(summary).toContain("Перевірте, будь ласка");
    expect(summary).toContain("Що потрібно: він знову п'яний прийшов, я боюся");
    const [confirmation] = await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    // She may need to hide the whole conversation after sending too (the tester found no «🧹» here).
    expect(confirmation!.text).toContain(saved.number);
    expect(user.buttons(confirmation)).toContain("🧹 Приховати розмову");
    expect(saved).toMatchObject({ serviceId: "crisis-intervention", danger: true });
    const staff = new TelegramUser(harness.emulator, TOKEN, STAFF_USER, "Оксана", STAFF_GROUPS["children-and-families"]!);
    const card = await waitFor("the card in the crisis service's group", () => staff.messages().find((m) => m.text.includes(`№ ${saved.number}</b>`)));
    expect(firstLine(card)).toContain("🆘");
    expect(firstLine(card)).not.toMatch(/п'яний|боюся/);
    expect(card.text).toContain("він знову п'яний прийшов, я боюся");
  });
});

describe("which request the danger marks 🆘", () => {
  /** From the consent on, a request for oneself with a phone: the answers after «✅ Погоджуюсь». */
  async function fillIn(user: TelegramUser, details: string): Promise<void> {
    await user.press("✅ Погоджуюсь");
    if (user.buttons().includes("✍️ Описати, що потрібно")) await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.press(user.firstName);
    await user.send("0671234567");
    // Started right after the danger, her words are «що потрібно» already: the summary comes next.
    if (user.buttons().includes("Пропустити")) await user.press("Пропустити");
    if (!user.last().text.includes("Перевірте, будь ласка")) await user.send(details);
    await user.press("✅ Надіслати");
  }
  const requestOf = (user: TelegramUser) => harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) }, orderBy: { id: "desc" } });

  it("not a subsidy asked for after the danger and /cancel (the tester's «потрібна субсидія» got 🆘 and the phone)", async () => {
    const user = await resident("Марія");
    await user.send("мені страшно, чоловік знову п'яний");
    await user.send("/cancel");
    await user.send("потрібна субсидія");
    await user.press("✉️ Надіслати звернення");
    await fillIn(user, "як оформити субсидію на газ");
    expect(await requestOf(user)).toMatchObject({ serviceId: "housing-subsidy", danger: false });
  });

  it("a request started from the card shown with the numbers (nothing typed in between) is the danger's", async () => {
    const user = await resident("Олена");
    await user.send("чоловік знову п'яний, я боюся йти додому");
    await user.press("✉️ Надіслати звернення");
    await fillIn(user, "прошу допомоги");
    expect(await requestOf(user)).toMatchObject({ serviceId: "crisis-intervention", danger: true });
  });

  it.each([
    // session 12's trial: one message in between dropped the 🆘
    ["a question on the way keeps 🆘", "мені потрібен психолог", { serviceId: "psychological-support", danger: true }],
    ["a search that leads elsewhere drops it (no /cancel needed)", "потрібна субсидія", { serviceId: "housing-subsidy", danger: false }],
  ])("a message in between the danger and the request: %s", async (_, between, expected) => {
    const user = await resident("Галина");
    await user.send("чоловік знову п'яний, я боюся йти додому");
    await user.send(between);
    await user.press("✉️ Надіслати звернення");
    await fillIn(user, "прошу допомоги");
    expect(await requestOf(user)).toMatchObject(expected);
  });

  it("with a crisis request open, new danger offers to write in it, not a second request", async () => {
    const user = await resident("Ніна");
    await user.send("він знову п'яний прийшов, я боюся");
    await user.press("✉️ Написати кризовій службі");
    await fillIn(user, "прошу допомоги");
    const first = await requestOf(user);
    const [answer] = await user.send("не можу говорити, він поруч");
    expect(firstLine(answer!)).toContain("102");
    expect(answer!.text).toContain(`№ ${first.number}`);
    expect(user.buttons(answer)).toEqual([`✍️ Дописати у звернення № ${first.number}`, "🧹 Приховати розмову"]);
    const [prompt] = await user.press(`✍️ Дописати у звернення № ${first.number}`);
    expect(prompt!.text).toContain(first.number);
    expect(await harness.db.prisma.helpRequest.count({ where: { residentId: BigInt(user.userId) } })).toBe(1);
  });
});

describe("danger said in the middle of a request (session 13's trial)", () => {
  /** A request for `search`'s card, for herself, up to the question after the name (`name` typed), or to the name question. */
  async function requestFor(user: TelegramUser, search: string, name?: string): Promise<void> {
    await user.send(search);
    await user.press("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    if (user.buttons().includes("✍️ Описати, що потрібно")) await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    if (!name) return;
    await user.press(name);
    await user.send("0671234567");
    if (user.buttons().includes("Пропустити")) await user.press("Пропустити");
  }

  it("at the name question: the numbers, the question again (the words are no name), and the request gets 🆘", async () => {
    const user = await resident("Люба");
    await requestFor(user, "соціальне таксі");
    const replies = await user.send("мене чоловік б'є");
    expect(firstLine(replies[0]!)).toContain("102");
    const again = replies.at(-1)!;
    expect(again.text).toContain("позначу як термінове 🆘");
    expect(again.text).toContain("Як до Вас звертатися?");
    await user.send("Люба");
    await user.send("0671234567");
    await toSummary(user, "до лікарні в середу");
    expect(user.last().text).not.toContain("Ваше ім'я: мене чоловік б'є");
    expect(user.last().text).toContain("мене чоловік б'є"); // kept for staff, under what is needed
    await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ contactName: "Люба", danger: true });
    expect(saved.details).toContain("мене чоловік б'є");
  });

  it("at the phone question «не дзвоніть, він почує» is still the answer: no calls (review: it was asked again)", async () => {
    const user = await resident("Ліда");
    await requestFor(user, "соціальне таксі");
    await user.send("Ліда");
    const replies = await user.send("не дзвоніть на 0671234567, він поруч");
    expect(firstLine(replies[0]!)).toContain("102");
    expect(replies.map((m) => m.text).join("\n")).not.toContain("Надіслати мій номер");
    // Her words reach staff without the number she asked not to be called at.
    await toSummary(user, "до лікарні в середу");
    expect(user.last().text).toContain("не дзвоніть на [номер не передаю], він поруч");
    expect(user.last().text).not.toContain("0671234567");
  });

  it("a call-back request: her words are kept, and «🔕» makes it a written one with no phone (review)", async () => {
    const user = await resident("Ярина");
    await user.send("соціальне таксі");
    await user.press("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("📞 Просто передзвоніть мені");
    await user.press("Для мене");
    await user.press("Ярина");
    await user.send("0671234567");
    await user.press("Будь-коли");
    const replies = await user.send("він знову прийшов п'яний і б'є");
    expect(replies.at(-1)!.text).toContain("Що потрібно: він знову прийшов п'яний і б'є");
    await user.press("🔕 Не дзвоніть, пишіть лише сюди");
    // «мій номер …» typed after «🔕» is not taken as a corrected number: nobody calls or texts her.
    const again = await user.send("мій номер 0671234567");
    expect(again.at(-1)!.text).not.toContain("+380 67 123 45 67");
    await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ danger: true, phone: null, contactByBotOnly: true, callBack: false });
    expect(saved.details).toContain("він знову прийшов п'яний і б'є");
  });

  it.each([["мы в ванной закрылись, он ломает дверь"], ["Мені так страшно, він мене б'є"], ["не хочу жити"]])("at the consent %j is no answer (not a «так», not a «ні»): asked again after the numbers", async (words) => {
    const user = await resident("Віра");
    await user.send("соціальне таксі");
    await user.press("✉️ Надіслати звернення");
    const replies = await user.send(words);
    expect(firstLine(replies[0]!)).toContain("112");
    expect(replies.at(-1)!.text).toContain("Ви погоджуєтеся на обробку");
    expect(user.buttons(replies.at(-1))).toContain("✅ Погоджуюсь");
  });

  it("at the consent of a free-form request: her words reach staff, and the request goes to the crisis service (second trial: staff got «допоможіть» at reception)", async () => {
    const user = await resident("Оксана");
    await user.send("✉️ Надіслати звернення");
    await user.send("він б'є мене, діти вдома, я не можу говорити");
    await user.press("✅ Погоджуюсь");
    if (user.buttons().includes("✍️ Описати, що потрібно")) await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.press("Оксана");
    await user.send("🔕 Не дзвоніть, пишіть лише сюди"); // a key of the phone question's reply keyboard
    await toSummary(user, "допоможіть");
    expect(user.last().text).toContain("він б'є мене, діти вдома");
    expect(user.last().text).toContain("Кризове та екстрене втручання");
    await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ serviceId: "crisis-intervention", danger: true });
    expect(saved.details).toContain("він б'є мене, діти вдома");
  });

  it("at the summary: her words are added to what is needed, with 🆘", async () => {
    const user = await resident("Ганна");
    await requestFor(user, "потрібна субсидія", "Ганна");
    await user.send("як оформити субсидію");
    const replies = await user.send("він знову прийшов п'яний і б'є");
    expect(replies.at(-1)!.text).toContain("Що потрібно: як оформити субсидію");
    expect(replies.at(-1)!.text).toContain("він знову прийшов п'яний і б'є");
    // A call may be overheard: one tap and nobody calls (her number is not kept).
    const noCalls = await user.press("🔕 Не дзвоніть, пишіть лише сюди");
    expect(noCalls.at(-1)!.text).toContain("не дзвонити, відповідати лише тут");
    expect(noCalls.at(-1)!.text).not.toContain("67 123 45 67");
    await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ danger: true, phone: null, contactByBotOnly: true });
    expect(saved.details).toContain("він знову прийшов п'яний і б'є");
  });

  it("danger in «що потрібно» of an ordinary request: 🆘, and the summary offers «🔕» (session 13's trial: staff of subsidies would have phoned her)", async () => {
    const user = await resident("Леся");
    await requestFor(user, "потрібна субсидія", "Леся");
    const replies = await user.send("насправді субсидія не головне, чоловік б'є мене і дітей, я боюся йти додому");
    expect(firstLine(replies[0]!)).toContain("102");
    expect(user.buttons(replies.at(-1))).toContain("🔕 Не дзвоніть, пишіть лише сюди");
    await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved.danger).toBe(true);
  });
});

describe("small talk", () => {
  it.each([
    ["дякую", "Будь ласка!"],
    ["спасибо большое", "Будь ласка!"],
    ["привіт", "Вітаю!"],
    ["добрий день", "Вітаю!"],
    ["алло вы меня слышите", "я на зв'язку"],
    ["?", "я на зв'язку"],
  ])("%j → a short warm answer and the menu, not «не знайшов»", async (text, expected) => {
    const user = await resident();
    const replies = await user.send(text);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(expected);
    expect(replies[0]!.text).not.toContain(NOTHING_FOUND);
    expect(replies[0]!.reply_markup?.keyboard?.flat().map((b) => b.text)).toContain("🔎 Знайти допомогу");
  });

  it("a greeting with a need in it is still searched", async () => {
    const user = await resident();
    const replies = await user.send("добрий день, мені потрібна доглядальниця");
    const texts = replies.map((m) => m.text).join("\n");
    expect(texts).not.toContain("Вітаю!");
    expect(texts).toContain("Догляд вдома");
  });
});
