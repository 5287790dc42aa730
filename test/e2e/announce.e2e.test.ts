import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { kyivParts } from "../../src/announcements/kyiv-time.ts";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { STAFF_GROUPS, STAFF_USER, staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { TelegramUser, type BotMessage } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

/**
 * Announcements through the Bot API emulator: residents subscribe from the menu, an announcer of the
 * older people's department writes one in its group, sees the preview and the number of recipients,
 * sends it or schedules it; residents get exactly the preview, unsubscribe under it; the group gets
 * the delivery report.
 */
const ANNOUNCER = STAFF_USER;
const GROUP = STAFF_GROUPS["older-and-disabled"]!;

let harness: AppHarness;
let nextUserId = 41_000;

/** The staffed catalogue, with the older people's department naming its staff member as announcer. */
function announcingCatalogDir(): string {
  const dir = staffedCatalogDir();
  const file = path.join(dir, "zhytomyr.yaml");
  const document = parseDocument(readFileSync(file, "utf8"));
  const departments = document.get("departments") as { items: Array<{ get(key: string): unknown; set(key: string, value: unknown): void }> };
  departments.items.find((department) => department.get("id") === "older-and-disabled")!.set("announcerUserIds", [ANNOUNCER]);
  writeFileSync(file, document.toString());
  return dir;
}

beforeAll(async () => {
  harness = await AppHarness.start({ CATALOG_DIR: announcingCatalogDir() });
});
afterAll(async () => {
  await harness.stop();
});
afterEach(() => {
  expect(harness.violations).toEqual([]);
});

const prisma = () => harness.db.prisma;
const staff = (userId = ANNOUNCER, name = "Оксана") => new TelegramUser(harness.emulator, TOKEN, userId, name, GROUP);

async function residentSubscribed(topics: string[]): Promise<TelegramUser> {
  const resident = new TelegramUser(harness.emulator, TOKEN, nextUserId++, "Ганна");
  await resident.send("/start");
  await waitFor("the community question", () => resident.messages().some((message) => resident.buttons(message).includes("Житомир")));
  await resident.press("Житомир");
  await resident.send("🔔 Новини та події");
  await waitFor("the topics", () => resident.last().text.includes("Про що Вам писати?"));
  for (const topic of topics) await resident.press(`⬜ ${topic}`);
  await resident.press("👌 Готово");
  await waitFor("the topics saved", () => resident.messages().some((message) => message.text === `Готово. Писатимемо Вам про: ${topics.join(", ")}.`));
  return resident;
}

/** The announcer drafts an announcement up to its preview; returns the preview and the confirmation. */
async function draft(text: string, topic: string): Promise<{ preview: BotMessage; confirm: BotMessage }> {
  const announcer = staff();
  await announcer.send("/announce");
  const prompt = await waitFor("the prompt", () => announcer.messages().findLast((message) => message.text.includes("Надішліть у відповідь на це повідомлення його текст")));
  await announcer.replyTo(prompt.messageId, text);
  // (A report of an earlier announcement may land in between: each message is looked for by what it says.)
  const chooser = await waitFor("the topics", () => announcer.messages().findLast((message) => message.text.includes("Кому надіслати?") && message.messageId > prompt.messageId));
  await announcer.pressData(announcer.messages().find((message) => message.messageId === chooser.messageId)!.reply_markup!.inline_keyboard!.flat().find((b) => b.text === `⬜ ${topic}`)!.callback_data!, chooser.messageId);
  await waitFor("the topic on", () => announcer.buttons(announcer.messages().find((message) => message.messageId === chooser.messageId)!).includes(`✅ ${topic}`));
  await announcer.press("Далі ➡️");
  const confirm = await waitFor("the confirmation", () => announcer.messages().findLast((message) => message.text.startsWith("Отримувачів:") && message.messageId > chooser.messageId));
  const preview = announcer.messages().findLast((message) => message.text.startsWith("📢") && message.messageId < confirm.messageId)!;
  return { preview, confirm };
}

const announcementsTo = (resident: TelegramUser) => resident.messages().filter((message) => message.text.startsWith("📢 "));

describe("announcements through the emulator", () => {
  it("a resident subscribes from the menu; an announcer previews, confirms; the resident gets exactly the preview; the group gets the report", async () => {
    const resident = await residentSubscribed(["Події та ярмарки"]);
    const other = await residentSubscribed(["Для ветеранів"]);
    const row = await prisma().announcementSubscription.findUniqueOrThrow({ where: { residentId: BigInt(resident.userId) } });
    expect(row.topics).toEqual(["events"]);

    const { preview, confirm } = await draft("Ярмарок соціальних послуг — 5 грудня, вул. Михайлівська. <Приходьте>!", "Події та ярмарки");
    expect(preview.text).toBe("📢 Літні люди та люди з інвалідністю (територіальний центр)\n\nЯрмарок соціальних послуг — 5 грудня, вул. Михайлівська. <Приходьте>!");
    expect(confirm.text).toContain("Отримувачів: <b>1</b>");
    await staff().press("✅ Надіслати зараз");
    await waitFor("sending", () => staff().last().text.includes("Надсилаю оголошення №"));

    const received = await waitFor("the announcement at the resident's", () => announcementsTo(resident)[0]);
    expect(received.text).toBe(preview.text);
    expect(resident.buttons(received)).toEqual(["🔕 Відписатися", "⚙️ Теми"]);
    expect(announcementsTo(other)).toEqual([]); // another topic: nothing

    await harness.app.announcements.tick();
    harness.app.relay.wake();
    const report = await waitFor("the delivery report in the group", () => staff().messages().find((message) => message.text.startsWith("📬")));
    expect(report.text).toMatch(/доставлено 1 з 1; заблокували бота: 0; не вдалося: 0/);
    // The rows naming residents' chats are gone once reported.
    expect(await prisma().outboxMessage.count({ where: { kind: "announcement" } })).toBe(0);
  });

  it("«🔕 Відписатися» under an announcement unsubscribes at once; the next announcement does not come", async () => {
    const resident = await residentSubscribed(["Нові послуги"]);
    await draft("Нова послуга: соціальне таксі працює й у суботу.", "Нові послуги");
    await staff().press("✅ Надіслати зараз");
    const received = await waitFor("the announcement", () => announcementsTo(resident)[0]);
    await resident.pressData("an1:off", received.messageId);
    await waitFor("the confirmation", () => resident.messages().some((message) => message.text.startsWith("Ви відписалися від новин")));
    expect((await prisma().announcementSubscription.findUniqueOrThrow({ where: { residentId: BigInt(resident.userId) } })).topics).toEqual([]);

    const { confirm } = await draft("Ще одна нова послуга.", "Нові послуги");
    expect(confirm.text).toContain("Отримувачів: <b>0</b>");
  });

  it("scheduling: a typed Kyiv date and time; at that time the announcement goes and the report follows", async () => {
    // The group's first message since `mark` that says it (a message the relay delivers late to the
    // group must not hide it, as `last()` would: it failed so once in CI at load).
    let mark = 0;
    const since = () => (mark = staff().messages().length);
    const sayingSinceMark = (says: (text: string) => boolean) => staff().messages().slice(mark).find((message) => says(message.text));
    const resident = await residentSubscribed(["Для сімей з дітьми"]);
    await draft("Новорічне свято для дітей — у суботу о 12:00.", "Для сімей з дітьми");
    since();
    await staff().press("🕒 Запланувати");
    const ask = await waitFor("the question of when", () => sayingSinceMark((text) => text.includes("за Києвом")));
    since();
    await staff().replyTo(ask.messageId, "колись потім");
    const wrong = await waitFor("the date not understood", () => sayingSinceMark((text) => text.includes("Не вдалося прочитати дату")));
    const tomorrow = kyivParts(new Date(Date.now() + 86_400_000));
    const typed = `${String(tomorrow.day).padStart(2, "0")}.${String(tomorrow.month).padStart(2, "0")} 10:00`;
    since();
    await staff().replyTo(wrong.messageId, typed);
    const scheduled = await waitFor("scheduled", () => sayingSinceMark((text) => text.includes("заплановано")));
    expect(scheduled.text).toContain(`заплановано на ${typed.slice(0, 5)}.${tomorrow.year} 10:00 (за Києвом)`);
    expect(scheduled.text).toContain("Зараз отримувачів: 1");
    const announcement = await prisma().announcement.findFirstOrThrow({ where: { status: "scheduled" } });
    expect(kyivParts(announcement.scheduledFor!)).toMatchObject({ day: tomorrow.day, month: tomorrow.month, hour: 10, minute: 0 });

    await harness.app.announcements.tick();
    expect(announcementsTo(resident)).toEqual([]); // not yet due
    // The time comes.
    await prisma().announcement.update({ where: { id: announcement.id }, data: { scheduledFor: new Date(Date.now() - 1_000) } });
    await harness.app.announcements.tick();
    harness.app.relay.wake();
    await waitFor("the scheduled announcement", () => announcementsTo(resident)[0]?.text.includes("Новорічне свято"));
    await waitFor("all sent", async () => (await prisma().outboxMessage.count({ where: { announcementId: announcement.id, status: "pending" } })) === 0);
    await harness.app.announcements.tick();
    harness.app.relay.wake();
    await waitFor("the report", () => staff().messages().some((message) => message.text.startsWith(`📬 Звіт про оголошення № ${announcement.id}: доставлено 1 з 1`)));
  });

  it("someone who is not an announcer gets a polite refusal, and cannot press a draft's buttons", async () => {
    const stranger = staff(9_999, "Петро");
    await stranger.send("/announce");
    const refusal = await waitFor("the refusal", () => stranger.messages().findLast((message) => message.text.includes("Вибачте")));
    expect(refusal.text).toContain("можуть лише працівники, яких каталог називає оголошувачами");
    await draft("Оголошення.", "Для ветеранів");
    const before = await prisma().announcement.findFirstOrThrow({ orderBy: { id: "desc" } });
    await stranger.press("✅ Надіслати зараз");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await prisma().announcement.findUniqueOrThrow({ where: { id: before.id } })).status).toBe("draft");
    await staff().press("✖️ Скасувати");
    await waitFor("cancelled", () => staff().last().text === "Оголошення скасовано.");
    expect((await prisma().announcement.findUniqueOrThrow({ where: { id: before.id } })).status).toBe("cancelled");
  });

  it("/privacy shows the subscription and withdraws it; /delete_me removes it", async () => {
    const resident = await residentSubscribed(["Для людей старшого віку", "Для ветеранів"]);
    await resident.send("/privacy");
    const note = await waitFor("the news in /privacy", () => resident.messages().find((message) => message.text.includes("<b>Новини</b>")));
    expect(note.text).toContain("Для людей старшого віку, Для ветеранів");
    await resident.press("🔕 Відписатися від новин");
    await waitFor("unsubscribed", () => resident.last().text.startsWith("Ви відписалися"));
    expect((await prisma().announcementSubscription.findUniqueOrThrow({ where: { residentId: BigInt(resident.userId) } })).topics).toEqual([]);
    const count = resident.messages().filter((message) => message.text.includes("<b>Новини</b>")).length;
    await resident.send("/privacy");
    await waitFor("the privacy text again", () => resident.last().text.includes("Ваші дані"));
    expect(resident.messages().filter((message) => message.text.includes("<b>Новини</b>")).length).toBe(count);

    const leaving = await residentSubscribed(["Для ветеранів"]);
    await leaving.send("/delete_me");
    await leaving.press("Так, видалити");
    await waitFor("erased", () => leaving.messages().some((message) => message.text.startsWith("Готово: Ваші дані видалено")));
    expect(await prisma().announcementSubscription.findUnique({ where: { residentId: BigInt(leaving.userId) } })).toBeNull();
  });
});
