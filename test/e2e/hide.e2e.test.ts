import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { STAFF_GROUPS, STAFF_USER, staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { TelegramUser, toSummary } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";
import { createI18n } from "../../src/bot/i18n.ts";

/**
 * «🧹 Приховати розмову» as a person in danger needs it (the tester's report): one press and nothing on
 * the screen tells what happened — the resident's own messages, the dialogue's questions, the summary,
 * the confirmation, a staff question the outbox relayed, the cards, the numbers — even after a
 * restart; and the button is there wherever danger was met, a crisis card found by search too.
 */
let harness: AppHarness;
let nextUserId = 19_000;

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

/** Words that tell what happened, in anything still on the screen (the bot's or hers). */
function revealing(user: TelegramUser, words: string[]): string[] {
  const texts = [...user.messages().map((m) => m.text), ...user.ownMessages().map((m) => m.text)];
  return texts.filter((text) => words.some((word) => text.toLowerCase().includes(word.toLowerCase())));
}

describe("«🧹 Приховати розмову»", () => {
  it("after a crisis request and a staff question, removes everything of it: her words, questions, summary, confirmation, the question, numbers", async () => {
    const user = await resident();
    await user.send("чоловік знову п'яний, я боюся йти додому");
    await user.press("✉️ Написати кризовій службі");
    await user.press("✅ Погоджуюсь");
    // The danger path may skip «how would you like it» (main moves); press it where it is asked.
    if (user.buttons(user.last()).includes("✍️ Описати, що потрібно")) await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.press("Оля");
    await user.send("0671234567");
    if (user.buttons(user.last()).includes("Пропустити")) await user.press("Пропустити");
    await user.send("він б'є мене коли п'яний, вчора знову");
    await user.press("✅ Надіслати");
    const request = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(user.messages().some((m) => m.text.includes(request.number))).toBe(true);

    const staff = new TelegramUser(harness.emulator, TOKEN, STAFF_USER, "Оксана", STAFF_GROUPS[request.departmentKey.split("/")[1]!]!);
    await waitFor("the card in the group", () => staff.messages().find((m) => m.text.includes(`№ ${request.number}</b>`)));
    await staff.press("❓ Запитати");
    await staff.replyTo(staff.last().messageId, "Чи можете Ви сьогодні перейти в кризову кімнату?");
    const question = await waitFor("the question at the resident's", () => user.messages().find((m) => m.text.includes("кризову кімнату")));
    // The request came from the danger path: its staff messages carry «🧹» too.
    expect(user.buttons(question)).toContain("🧹 Приховати розмову");
    await user.send("так, я зараз у сусідки. мені страшно");

    const words = ["п'яний", "б'є", "сусідки", "кризов", "15-47", request.number, "Що потрібно", "0671234567"];
    expect(revealing(user, words).length).toBeGreaterThan(5);
    await user.press("🧹 Приховати розмову");
    expect(revealing(user, words)).toEqual([]);
    // What stays is the menu's neutral hint, with the menu.
    expect(user.messages()).toHaveLength(1);
    expect(user.last().reply_markup?.keyboard?.flat().map((b) => b.text)).toContain("🔎 Знайти допомогу");
    expect(user.ownMessages()).toEqual([]);
    // The request itself goes on: staff still have it.
    expect((await harness.db.prisma.helpRequest.findUniqueOrThrow({ where: { id: request.id } })).status).not.toBe("cancelled");
  });

  it.each([["сховай розмову"], ["видали все"], ["🧹"]])("typed where danger was met, %j does what the button does (session 14's trial: it searched)", async (typed) => {
    const user = await resident();
    await user.send("не можу говорити, він поруч, боюся");
    const words = ["поруч", "боюся", "15-47", "112"];
    expect(revealing(user, words).length).toBeGreaterThan(1);
    await user.send(typed);
    expect(revealing(user, words)).toEqual([]);
    expect(user.ownMessages()).toEqual([]); // her typed words went too
    expect(user.messages()).toHaveLength(1);
    expect(user.last().reply_markup?.keyboard?.flat().map((b) => b.text)).toContain("🔎 Знайти допомогу");
  });

  it("typed where no danger was met, «видали все» is no hiding: nothing is deleted", async () => {
    const user = await resident();
    await user.send("потрібна субсидія");
    const before = user.messages().length;
    await user.send("видали все");
    expect(user.messages().length).toBeGreaterThan(before);
  });

  it("in the middle of a request: the pop-up says it is not sent yet, and «продовжити» asks its question again", async () => {
    const popups: string[] = [];
    harness.app.bot.api.config.use((prev, method, payload, signal) => {
      if (method === "answerCallbackQuery" && (payload as { text?: string }).text) popups.push((payload as { text: string }).text);
      return prev(method, payload, signal);
    });
    const user = await resident();
    await user.send("чоловік знову п'яний, я боюся йти додому");
    await user.press("✉️ Написати кризовій службі");
    await user.press("✅ Погоджуюсь");
    const asked = user.last().text;
    await user.press("🧹 Приховати розмову");
    expect(popups.at(-1)).toContain("Звернення ще не надіслано");
    expect(revealing(user, ["п'яний", "кризов"])).toEqual([]);
    const again = await user.send("продовжити");
    expect(again.map((m) => m.text)).toContain(asked);
    // Nothing was taken as an answer: the question waits on.
    expect(await harness.db.prisma.helpRequest.count({ where: { residentId: BigInt(user.userId) } })).toBe(0);
  });

  it("her words of danger said in a request under way do not come back in its summary after «🧹» (staff still get them; second review)", async () => {
    const user = await resident("Люба");
    await user.send("соціальне таксі");
    await user.press("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    if (user.buttons().includes("✍️ Описати, що потрібно")) await user.press("✍️ Описати, що потрібно");
    await user.press("Для мене");
    await user.send("мене чоловік б'є");
    await user.press("🧹 Приховати розмову");
    await user.send("продовжити");
    await user.send("Люба");
    await user.send("0671234567");
    await toSummary(user, "до лікарні в середу");
    expect(user.last().text).toContain("Перевірте, будь ласка");
    expect(user.last().text).not.toContain("б'є");
    expect(user.last().text).toContain("приховано");
    await user.press("✅ Надіслати");
    const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved.details).toContain("мене чоловік б'є");
  });

  it("forgets her words kept for a request: they would come back in its summary (review)", async () => {
    const user = await resident();
    await user.send("він погрожує мені ножем");
    const kept = async () => JSON.stringify((await harness.db.prisma.sessionRecord.findUnique({ where: { key: `session:${user.userId}` } }))?.value ?? {});
    await waitFor("her words kept as a story", async () => ((await kept()).includes("ножем") ? true : undefined));
    await user.press("🧹 Приховати розмову");
    await waitFor("her words forgotten", async () => ((await kept()).includes("ножем") ? undefined : true));
  });

  it("a crisis card found by search offers «🧹», and the press removes the card and what she wrote before it", async () => {
    const user = await resident();
    await user.send("мені потрібна кризова допомога");
    const replies = await user.send("він забрав у мене телефон");
    const card = replies.find((m) => m.text.includes("Кризове та екстрене втручання"));
    expect(card).toBeDefined();
    expect(user.buttons(card)).toContain("🧹 Приховати розмову");
    await user.press("🧹 Приховати розмову");
    expect(revealing(user, ["телефон", "Кризове", "кризова"])).toEqual([]);
  });

  it("what was written before a restart is removed by a press after it", async () => {
    const user = await resident();
    await user.send("він погрожує мені ножем");
    expect(revealing(user, ["ножем", "102"]).length).toBeGreaterThanOrEqual(2);
    await harness.restart();
    await user.send("я боюся повертатися додому");
    await user.press("🧹 Приховати розмову");
    expect(revealing(user, ["ножем", "боюся", "102", "15-47"])).toEqual([]);
    expect(user.ownMessages()).toEqual([]);
  });

  it("a message past Telegram's 48 hours is not tried and is counted as left (said in the pop-up)", async () => {
    const user = await resident();
    await user.send("він погрожує мені ножем");
    await harness.db.prisma.trailMessage.create({ data: { chatId: BigInt(user.userId), messageId: 1, sentAt: new Date(Date.now() - 50 * 3_600_000) } });
    const before = harness.logLines.length;
    await user.press("🧹 Приховати розмову");
    const line = harness.logLines.slice(before).find((l) => l.includes('"danger_hidden"'));
    expect(line).toContain('"left":1');
    expect(revealing(user, ["ножем", "102"])).toEqual([]);
    // Forgotten once tried; only the menu's neutral hint sent after the press is noted (a later press takes it).
    expect(await harness.db.prisma.trailMessage.count({ where: { chatId: BigInt(user.userId), messageId: 1 } })).toBe(0);
    expect(await harness.db.prisma.trailMessage.count({ where: { chatId: BigInt(user.userId) } })).toBe(1);
    const i18n = createI18n("uk");
    const t = (locale: string, count: number) => i18n.t(locale, "hide-partial", { count });
    expect(t("uk", 1)).toContain("Одне повідомлення прибрати не вдалося");
    expect(t("uk", 3)).toContain("3 повідомлення прибрати не вдалося");
    expect(t("uk", 12)).toContain("12 повідомлень прибрати не вдалося");
    expect(t("en", 12)).toContain("12 messages could not be removed");
    for (const count of [1, 12]) expect(t("uk", count).length).toBeLessThanOrEqual(200);
  });

  it("/delete_me erases the ids kept for «🧹»", async () => {
    const user = await resident();
    const [privacy] = await user.send("/privacy");
    expect(privacy!.text).toContain("(не текст) до 7 днів");
    await user.send("він знову п'яний прийшов, я боюся");
    expect(await harness.db.prisma.trailMessage.count({ where: { chatId: BigInt(user.userId) } })).toBeGreaterThan(0);
    await user.send("/delete_me");
    await user.press("Так, видалити");
    expect(await harness.db.prisma.trailMessage.count({ where: { chatId: BigInt(user.userId) } })).toBe(0);
    expect(await harness.db.prisma.trailChat.count({ where: { chatId: BigInt(user.userId) } })).toBe(0);
  });

  it("after /delete_me's question, a typed «видали все» answers it (erases), not «🧹» (the review of session 14)", async () => {
    const user = await resident();
    await user.send("він знову п'яний прийшов, я боюся");
    await user.send("/delete_me");
    await user.send("видали все");
    expect(await harness.db.prisma.trailChat.count({ where: { chatId: BigInt(user.userId) } })).toBe(0);
    expect(await harness.db.prisma.sessionRecord.findUnique({ where: { key: `session:${user.userId}` } }).then((row) => (row?.value as { eraseAsked?: number } | null)?.eraseAsked)).toBeUndefined();
  });
});
