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
