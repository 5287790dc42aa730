import { describe, expect, it } from "vitest";
import { useAppHarness } from "../helpers/e2e.ts";
import type { TelegramUser } from "../helpers/telegram-user.ts";

/**
 * Issue 16, items 3 and 4: a request is made exactly once whatever is pressed again, no path says
 * «нічого не надіслано» when something was, and nobody is left pressing buttons the bot no longer
 * expects. A crash between two writes is played by putting the session row back as it was before the
 * update and restarting the app (nothing in memory survives).
 */
const app = useAppHarness({ firstUserId: 7600, residentName: "Віра" });
const { newResident, prisma } = app;
const texts = (messages: Array<{ text: string }>) => messages.map((m) => m.text).join("\n");

async function toSummary(user: TelegramUser): Promise<void> {
  await user.send("/start");
  await user.press("Житомир");
  await user.send("✉️ Надіслати звернення");
  await user.press("✅ Погоджуюсь");
  await user.press("📞 Просто передзвоніть мені");
  await user.press("Для мене");
  await user.send("Віра");
  await user.send("067 765 43 21");
  await user.press("Будь-коли");
  expect(user.last().text).toContain("Перевірте, будь ласка");
}

const sessionOf = (user: TelegramUser) => prisma().sessionRecord.findUniqueOrThrow({ where: { key: `session:${user.userId}` } });
/** The crash: what the last update saved is lost, as if the process died before its session write. */
async function crashBackTo(user: TelegramUser, value: unknown): Promise<void> {
  await prisma().sessionRecord.update({ where: { key: `session:${user.userId}` }, data: { value: value as never } });
  await app.harness.restart(); // the new process reads the row; the old one's memory is gone
}
const requestsOf = (user: TelegramUser) => prisma().helpRequest.findMany({ where: { residentId: BigInt(user.userId) } });

function sendButton(user: TelegramUser) {
  const summary = [...user.messages()].reverse().find((m) => m.text.includes("Перевірте, будь ласка"))!;
  const data = summary.reply_markup!.inline_keyboard!.flat().find((b) => b.text === "✅ Надіслати")!.callback_data!;
  return { data, messageId: summary.messageId };
}

describe("submit exactly once", () => {
  it("a double tap on «Надіслати» makes one request and says «вже надіслано № …»", async () => {
    const user = newResident();
    await toSummary(user);
    const { data, messageId } = sendButton(user);
    await user.pressData(data, messageId);
    const [made] = await requestsOf(user);
    expect(user.last().text).toContain(made!.number);
    const again = await user.pressData(data, messageId);
    expect(texts(again)).toContain(`вже надіслано: <b>№ ${made!.number}</b>`);
    expect(await requestsOf(user)).toHaveLength(1);
  });

  it("after a crash between the request and the dialogue's save, «Надіслати», the menu's «✉️» and «Скасувати» find the request", async () => {
    const user = newResident();
    await toSummary(user);
    const before = (await sessionOf(user)).value;
    const { data, messageId } = sendButton(user);
    await user.pressData(data, messageId);
    const [made] = await requestsOf(user);
    expect(made).toBeDefined();

    await crashBackTo(user, before);
    const again = await user.pressData(data, messageId);
    expect(texts(again)).toContain(`вже надіслано: <b>№ ${made!.number}</b>`);
    expect(await requestsOf(user)).toHaveLength(1);

    await crashBackTo(user, before);
    const menuTap = await user.send("✉️ Надіслати звернення"); // on the summary, the menu's button means «send»
    expect(texts(menuTap)).toContain(`№ ${made!.number}`);
    expect(await requestsOf(user)).toHaveLength(1);

    await crashBackTo(user, before);
    const cancel = await user.press("✖️ Скасувати");
    expect(texts(cancel)).not.toContain("Нічого не надіслано");
    expect(texts(cancel)).toContain(`№ ${made!.number}</b> вже надіслано`);
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id: made!.id } })).status).toBe("new");
  });
});

describe("never stuck", () => {
  it("a press on a question the bot never saved re-asks the question it waits for, with fresh buttons", async () => {
    const user = newResident();
    await user.send("/start");
    await user.press("Житомир");
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    const atMode = (await sessionOf(user)).value;
    await user.press("📞 Просто передзвоніть мені");
    expect(user.last().text).toContain("Для кого ця допомога?");

    await crashBackTo(user, atMode); // the bot waits for «як Вам зручніше?» again
    const reasked = await user.press("Для мене");
    expect(reasked).toHaveLength(1);
    expect(reasked[0]!.text).toContain("описати, що потрібно, чи щоб Вам передзвонили");
    expect(user.buttons(reasked[0])).toContain("📞 Просто передзвоніть мені");
    await user.press("📞 Просто передзвоніть мені");
    expect(user.last().text).toContain("Для кого ця допомога?");
  });

  it("a press on a question of a dialogue that is gone says so, with the menu", async () => {
    const user = newResident();
    await user.send("/start");
    await user.press("Житомир");
    await user.send("✉️ Надіслати звернення");
    await user.press("✅ Погоджуюсь");
    const session = (await sessionOf(user)).value as Record<string, unknown>;
    const { dialogue: _lost, ...withoutDialogue } = session;
    await crashBackTo(user, withoutDialogue);
    const answer = await user.press("📞 Просто передзвоніть мені");
    expect(texts(answer)).toContain("Це запитання вже неактуальне");
  });
});
