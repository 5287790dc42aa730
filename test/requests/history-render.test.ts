import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { formatWhen, renderResidentHistory } from "../../src/bot/render/request-history.ts";
import { Catalog } from "../../src/catalog/catalog.ts";
import { loadCatalogDirectory } from "../../src/catalog/load.ts";
import type { ResidentHistory, ResidentHistoryEntry } from "../../src/requests/service.ts";
import { validateTelegramHtml } from "../helpers/telegram-html.ts";

/** How a resident's request and its conversation read in «📋 My requests» (no database, no Telegram). */

const catalog = new Catalog(loadCatalogDirectory());
const i18n = createI18n("uk");
const tIn = (locale: string) => (key: string, variables?: Record<string, string | number>) => i18n.t(locale, key, variables);
const NOW = new Date("2026-03-10T12:00:00Z");

function history(overrides: Partial<ResidentHistory> = {}, request: Partial<ResidentHistory["request"]> = {}): ResidentHistory {
  return {
    request: {
      id: 1,
      number: "ЖТ-2026-00042",
      status: "in_progress",
      serviceId: "social-taxi",
      createdAt: new Date("2026-03-02T09:00:00Z"),
      closedAt: null,
      departmentKey: "zhytomyr/older-and-disabled",
      anonymisedAt: null,
      ...request,
    },
    entries: [],
    omitted: 0,
    rejectionReason: null,
    transferredAt: null,
    ...overrides,
  };
}
const entry = (minute: number, from: "staff" | "resident", text: string | null, kind: ResidentHistoryEntry["kind"] = from === "staff" ? "answer" : "message"): ResidentHistoryEntry => ({
  at: new Date(Date.UTC(2026, 2, 2, 9, minute)),
  from,
  kind,
  text,
});
const render = (h: ResidentHistory, locale = "uk") => renderResidentHistory(h, { catalog, locale, t: tIn(locale), now: NOW });

describe("renderResidentHistory", () => {
  it("names the department by its public name and shows the conversation in Kyiv time, newest last", () => {
    const text = render(history({
      entries: [entry(5, "staff", "Машина буде в четвер о 9:00."), entry(20, "resident", "Дякую!"), entry(30, "staff", "Який під'їзд?", "question"), entry(40, "resident", null)],
    }));
    expect(text).toContain("Відділ: <b>Літні люди та люди з інвалідністю (територіальний центр)</b>");
    expect(text).toContain("Соціальне таксі");
    const order = ["Машина буде в четвер", "Дякую!", "Який під'їзд?", "(фото, голосове повідомлення або файл)"].map((part) => text.indexOf(part));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain("2 березня о 11:05"); // 09:05 UTC is 11:05 in Kyiv in March
    expect(text).toContain("Працівник запитує");
    expect(validateTelegramHtml(text)).toEqual([]);
  });

  it("reads in English too", () => {
    const text = render(history({ entries: [entry(5, "staff", "The car comes on Thursday.")] }), "en");
    expect(text).toContain("Department: <b>Older people and people with disabilities (territorial centre)</b>");
    expect(text).toContain("2 March at 11:05");
    expect(text).toContain("Staff");
  });

  it("escapes what people typed and cuts each message to about 300 characters with «…»", () => {
    const long = `<b>жирним</b> & ${"дуже довго ".repeat(60)}`;
    const text = render(history({ entries: [entry(1, "resident", long)] }));
    expect(text).toContain("&lt;b&gt;жирним&lt;/b&gt; &amp; дуже");
    expect(text).not.toContain("<b>жирним");
    expect(text).toContain("…");
    expect(text.length).toBeLessThan(long.length + 600);
    expect(validateTelegramHtml(text)).toEqual([]);
  });

  it("says how many older messages are left out", () => {
    const text = render(history({ entries: [entry(1, "staff", "п'ята")], omitted: 7 }));
    expect(text).toContain("Ще 7 давніших повідомлень тут не показано.");
    expect(render(history({ entries: [entry(1, "staff", "x")], omitted: 3 }))).toContain("Ще 3 давніші повідомлення");
    expect(render(history({ entries: [entry(1, "staff", "x")], omitted: 1 }))).toContain("Ще 1 давніше повідомлення");
  });

  it("stays within Telegram's 4096 characters when every character needs escaping, dropping the oldest first", () => {
    const worst = '"&'.repeat(1000);
    const entries = Array.from({ length: 5 }, (_, i) => entry(i, i % 2 ? "resident" : "staff", `${i}${worst}`));
    const text = render(history({ entries, omitted: 2, rejectionReason: worst.repeat(1) }, { status: "rejected" }));
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(validateTelegramHtml(text)).toEqual([]);
    expect(text).toContain(`4&quot;&amp;`); // the newest is kept
    expect(text).toMatch(/Ще \d+ давніш/);
    expect(text).toContain("Причина відмови:");
  });

  it("shows a declined request's reason and a transferred request's new department", () => {
    const declined = render(history({ rejectionReason: "Поза межами громади" }, { status: "rejected" }));
    expect(declined).toContain("Причина відмови: Поза межами громади");
    const moved = render(history({ transferredAt: new Date("2026-03-03T08:15:00Z") }, { departmentKey: "zhytomyr/children-and-families" }));
    expect(moved).toMatch(/Відділ: <b>[^<]*(сім|діт)/i);
    expect(moved).toContain("передали до цього відділу 3 березня о 10:15");
  });

  it("says when there are no messages yet, and when retention has erased them", () => {
    expect(render(history())).toContain("Поки що повідомлень немає");
    expect(render(history({}, { status: "cancelled" }))).toContain("Повідомлень щодо цього звернення не було.");
    expect(render(history({}, { anonymisedAt: NOW, status: "resolved" }))).toContain("Листування вже видалено");
  });

  it("asks for an answer when staff are waiting for one", () => {
    expect(render(history({}, { status: "waiting_for_resident" }))).toContain("натисніть «✉️ Дописати»");
  });

  it("adds the year to dates of another year", () => {
    expect(formatWhen(new Date("2025-12-31T20:00:00Z"), "uk", "Europe/Kyiv", NOW)).toMatch(/2025/);
    expect(formatWhen(new Date("2026-01-05T20:00:00Z"), "uk", "Europe/Kyiv", NOW)).not.toMatch(/2026/);
  });
});
