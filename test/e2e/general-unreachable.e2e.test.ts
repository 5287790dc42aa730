import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { STAFF_GROUPS, staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

const GENERAL = STAFF_GROUPS.reception!;
const RESIDENT = 9401;

/** The general department's group has removed the bot: Telegram answers 403 to everything sent there. */
function kickedFromGeneral(app: App): void {
  app.bot.api.config.use(async (prev, method, payload, signal) => {
    if ((payload as { chat_id?: number }).chat_id === GENERAL) {
      return { ok: false, error_code: 403, description: "Forbidden: bot was kicked from the group chat" } as never;
    }
    return prev(method, payload, signal);
  });
}

let harness: AppHarness;
beforeAll(async () => {
  harness = await AppHarness.start({ CATALOG_DIR: staffedCatalogDir() }, kickedFromGeneral);
});
afterAll(async () => {
  await harness.stop();
});

describe("the general department's group cannot be reached", () => {
  it("raises an error-level alert, a metric and /healthz degraded, and tells the resident the truth with a catalogue phone", async () => {
    await harness.db.prisma.resident.upsert({ where: { id: BigInt(RESIDENT) }, create: { id: BigInt(RESIDENT), locale: "uk" }, update: {} });
    const { number } = await harness.app.requests.createRequest(BigInt(RESIDENT), "uk", {
      communityId: "zhytomyr",
      serviceId: undefined,
      onBehalf: false,
      contactName: "Мешканець",
      phone: "+380671234567",
      details: "Потрібна допомога",
      attachments: [],
      callBack: true,
      consentAt: new Date(),
    });
    harness.app.relay.wake();
    const resident = new TelegramUser(harness.emulator, TOKEN, RESIDENT);
    const notice = await waitFor("the notice at the resident's", () => resident.messages().find((m) => m.text.includes("поки не дійшло до працівників")), 15_000);
    expect(notice.text).toContain(`№ ${number}`);
    expect(notice.text).toContain("(0412) 48-12-12"); // the catalogue's number, not an invented one
    const alert = harness.logLines.find((line) => line.includes('"event":"general_department_unreachable"'));
    expect(alert).toMatch(/"level":50/);
    expect(harness.app.health.list().join()).toMatch(/general department's group of zhytomyr \(chat -1001\) cannot be reached: 403/);
    expect(await harness.app.metrics.registry.getSingleMetricAsString("hromada_alerts_total")).toMatch(/kind="general_department_unreachable"} 1/);
    // Once per request, however often the group is retried.
    expect(await harness.db.prisma.outboxMessage.count({ where: { kind: "resident-undelivered" } })).toBe(1);
    expect(harness.violations).toEqual([]);
  });
});
