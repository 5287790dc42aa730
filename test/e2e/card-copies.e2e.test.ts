import { HttpError } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { STAFF_GROUPS, staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { TelegramUser, type BotMessage } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

const GROUP = STAFF_GROUPS["older-and-disabled"]!;
const RESIDENT = 9301;

/**
 * A card that reached the group though the bot never heard so: the connection is reset after the
 * emulator accepted it (as when the process dies between Telegram's answer and the database write).
 * The relay sends it again; a staff reply to the first copy must still reach the resident.
 */
let resetsLeft = 1;
function resetAfterFirstCard(app: App): void {
  app.bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const text = (payload as { text?: string; chat_id?: number }).text ?? "";
    if (method === "sendMessage" && (payload as { chat_id?: number }).chat_id === GROUP && text.includes("Стан:") && resetsLeft > 0) {
      resetsLeft -= 1;
      throw new HttpError("Network request for 'sendMessage' failed!", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    }
    return result;
  });
}

let harness: AppHarness;
beforeAll(async () => {
  harness = await AppHarness.start({ CATALOG_DIR: staffedCatalogDir() }, resetAfterFirstCard);
});
afterAll(async () => {
  await harness.stop();
});

describe("a card sent twice around a failure", () => {
  it("says so on the second copy, and a staff reply to the first copy still reaches the resident", async () => {
    await harness.db.prisma.resident.upsert({ where: { id: BigInt(RESIDENT) }, create: { id: BigInt(RESIDENT), locale: "uk" }, update: {} });
    const { number } = await harness.app.requests.createRequest(BigInt(RESIDENT), "uk", {
      communityId: "zhytomyr",
      serviceId: "home-care",
      onBehalf: false,
      contactName: "Мешканка",
      phone: "+380671234567",
      details: "Потрібен догляд",
      attachments: [],
      callBack: false,
      consentAt: new Date(),
    });
    harness.app.relay.wake();
    const staff = new TelegramUser(harness.emulator, TOKEN, 777, "Оксана", GROUP);
    const cards = () => staff.messages().filter((m) => m.text.includes(`№ ${number}</b>`) && m.text.includes("Стан:"));
    const [first, second] = await waitFor("two copies of the card", () => (cards().length >= 2 ? cards() : undefined), 20_000) as [BotMessage, BotMessage];
    expect(first.text).not.toContain("могла надійти двічі");
    expect(second.text).toContain("могла надійти двічі");
    expect(harness.logLines.join("")).toMatch(/"event":"outbox_uncertain_resend"/);

    await staff.replyTo(first.messageId, "Добрий день, зателефонуємо завтра.");
    const resident = new TelegramUser(harness.emulator, TOKEN, RESIDENT);
    await waitFor("the reply at the resident's", () => resident.messages().find((m) => m.text.includes("зателефонуємо завтра")), 15_000);
    await waitFor("the first copy redrawn as a copy", () => staff.messages().find((m) => m.messageId === first.messageId && m.text.startsWith("↪️ Копія картки")), 15_000);
    await waitFor("the staff acknowledgement", () => staff.messages().some((m) => m.text.includes(`Доставлено мешканцю (№ ${number})`)), 15_000);
    expect(harness.violations).toEqual([]);
  });

  it("tells staff when a reply goes to a card the database does not know", async () => {
    const staff = new TelegramUser(harness.emulator, TOKEN, 777, "Оксана", GROUP);
    const answers = await staff.replyTo(987_654, "Це відповідь");
    // A card of a request this database never had (another installation's, or one erased since).
    expect(answers).toEqual([]);
    const fake = await harness.app.bot.api.sendMessage(GROUP, "🆕 <b>Звернення № ЖТ-2020-99999</b>\nСтан: <b>нове</b>", { parse_mode: "HTML" });
    const told = await staff.replyTo(fake.message_id, "Відповідь мешканцю");
    expect(told.map((m) => m.text).join("\n")).toContain("Не знаю цієї картки");
  });
});
