import { HttpError } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { STAFF_GROUPS, staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";

const GROUP = STAFF_GROUPS["older-and-disabled"]!;

/**
 * Telegram misbehaves for the staff group for a stretch: 500s, then 429 with retry_after, then
 * network errors. Every card must still arrive, exactly once, in the order the requests were made.
 */
const failures: Array<"500" | "429" | "network"> = [
  ...Array<"500">(4).fill("500"),
  ...Array<"429">(3).fill("429"),
  ...Array<"network">(4).fill("network"),
];
const injected: string[] = [];

function injectFaults(app: App): void {
  app.bot.api.config.use(async (prev, method, payload, signal) => {
    const chat = (payload as { chat_id?: number }).chat_id;
    if (method === "sendMessage" && chat === GROUP && failures.length > 0) {
      const failure = failures.shift()!;
      injected.push(failure);
      if (failure === "network") throw new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"));
      if (failure === "429") {
        return { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } } as never;
      }
      return { ok: false, error_code: 500, description: "Internal Server Error" } as never;
    }
    return prev(method, payload, signal);
  });
}

let harness: AppHarness;
beforeAll(async () => {
  harness = await AppHarness.start({ CATALOG_DIR: staffedCatalogDir() }, injectFaults);
});
afterAll(async () => {
  await harness.stop();
});

describe("the outbox under Telegram faults", () => {
  it("delivers every card exactly once and in order after 500s, 429s and network errors", async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const created = await harness.app.requests.createRequest(BigInt(9000 + i), "uk", {
        communityId: "zhytomyr",
        serviceId: "home-care",
        onBehalf: false,
        contactName: `Мешканець ${i}`,
        phone: "+380671234567",
        details: `Прохання ${i}`,
        attachments: [],
        callBack: false,
        consentAt: new Date(),
      });
      numbers.push(created.number);
    }
    harness.app.relay.wake();

    const staff = new TelegramUser(harness.emulator, TOKEN, 777, "Оксана", GROUP);
    const deadline = Date.now() + 30_000;
    let cards: string[] = [];
    while (Date.now() < deadline) {
      cards = staff.messages().map((m) => /№ (ЖТ-\d{4}-\d{5})<\/b>/.exec(m.text)?.[1]).filter((n): n is string => Boolean(n));
      if (cards.length >= numbers.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Let any duplicate that would come, come.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    cards = staff.messages().map((m) => /№ (ЖТ-\d{4}-\d{5})<\/b>/.exec(m.text)?.[1]).filter((n): n is string => Boolean(n));

    expect(injected).toEqual([...Array(4).fill("500"), ...Array(3).fill("429"), ...Array(4).fill("network")]);
    expect(cards).toEqual(numbers);
    const outbox = await harness.db.prisma.outboxMessage.findMany({ where: { chatId: BigInt(GROUP), kind: "staff-card" } });
    expect(outbox.every((row) => row.status === "sent")).toBe(true);
    expect(outbox.find((row) => row.attempts > 1)?.lastError).toBeTruthy();
    expect(harness.violations).toEqual([]);
  });
});
