import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { STATS_CHART_WIDTH } from "../../src/bot/features/stats-chart.ts";
import type { RecordedCall, Upload } from "../fuzz/fake-telegram.ts";
import { STAFF_GROUPS, STAFF_USER, t, useDrivenApp, type Handled } from "../security/driver.ts";

/**
 * /export and the /stats chart through the whole bot, in process: the Bot API emulator has no
 * sendDocument or sendPhoto, so the in-process fake Telegram (test/fuzz/fake-telegram.ts) takes the
 * uploads and the tests open the files it received.
 */

const app = useDrivenApp();
const GROUP = STAFF_GROUPS["older-and-disabled"]!;
const OTHER_GROUP = STAFF_GROUPS["children-and-families"]!;
const prisma = () => app.target.db.prisma;
const numbers: string[] = [];

/** The one file the bot sent in answer, with its call. */
function upload(handled: Handled, method: "sendDocument" | "sendPhoto"): { call: RecordedCall; file: Upload } {
  const calls = handled.calls.filter((call) => call.method === method && !call.error);
  expect(calls, `one ${method}`).toHaveLength(1);
  const file = calls[0]!.payload[method === "sendDocument" ? "document" : "photo"] as Upload;
  expect(Buffer.isBuffer(file.data)).toBe(true);
  return { call: calls[0]!, file };
}

async function sheetOf(file: Upload): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.data as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

/** The request numbers a workbook lists, in order. */
const numbersIn = (sheet: ExcelJS.Worksheet) => sheet.getColumn(1).values.slice(2).map(String);

beforeAll(async () => {
  // Friday 20 November 2026 in Kyiv; useDrivenApp moves the clock five minutes before each test.
  vi.setSystemTime(new Date("2026-11-20T08:00:00Z"));
  for (const [index, details] of ["Потрібне соціальне таксі до лікарні", "Потрібен догляд вдома для мами"].entries()) {
    const id = await app.driver.sendRequest(71_000 + index, { name: ["Ганна Іванівна", "Ганна Петрівна"][index]!, phone: "067 123 45 67", details });
    numbers.push((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).number);
  }
  // One more from October (23:30 on 31 October, Kyiv), answered after 90 minutes.
  const october = await app.driver.sendRequest(71_010, { name: "Ганна жовтнева", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
  const moved = await prisma().helpRequest.update({
    where: { id: october },
    data: { createdAt: new Date("2026-10-31T21:30:00Z"), firstAnswerAt: new Date("2026-10-31T23:00:00Z") },
  });
  numbers.unshift(moved.number);
});

describe("/export through the bot", () => {
  it.each([
    ["01.11.2026 30.11.2026", "з 01.11.2026 по 30.11.2026"],
    ["2026-11-01 2026-11-30", "з 01.11.2026 по 30.11.2026"],
    ["листопад", "з 01.11.2026 по 30.11.2026"],
    ["листопад 2026", "з 01.11.2026 по 30.11.2026"],
    ["листапад 2026", "з 01.11.2026 по 30.11.2026"],
    ["ноябрь", "з 01.11.2026 по 30.11.2026"],
    ["20.11.2026", "з 20.11.2026 по 20.11.2026"],
  ])("/export %s sends the workbook of November's requests", async (period, range) => {
    const handled = await app.driver.text(STAFF_USER, `/export ${period}`, GROUP);
    const { call, file } = upload(handled, "sendDocument");
    expect(file.filename).toMatch(/^звернення-2026-11-\d\d-2026-11-\d\d\.xlsx$/);
    expect(call.payload.caption).toBe(`Звернення відділу ${range}: 2. Час київський.`);
    const sheet = await sheetOf(file);
    expect(sheet.getRow(1).getCell(1).value).toBe(t("export-col-number"));
    expect(numbersIn(sheet)).toEqual(numbers.slice(1));
  });

  it("/export with nothing sends last month's, in Kyiv's calendar", async () => {
    const handled = await app.driver.text(STAFF_USER, "/export", GROUP);
    const { call, file } = upload(handled, "sendDocument");
    expect(call.payload.caption).toBe("Звернення відділу з 01.10.2026 по 31.10.2026: 1. Час київський.");
    expect(numbersIn(await sheetOf(file))).toEqual([numbers[0]]);
  });

  it("the workbook's headers and cells, read back with exceljs: Ukrainian words, names not codes", async () => {
    const { file } = upload(await app.driver.text(STAFF_USER, "/export жовтень 2026", GROUP), "sendDocument");
    const sheet = await sheetOf(file);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(
      ["number", "created", "department", "service", "status", "on-behalf", "subject", "relation", "contact", "phone", "address", "details", "call-back", "first-answer", "closed", "outcome", "feedback"].map((key) =>
        t(`export-col-${key}`),
      ),
    );
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:Q1");
    const cells = (sheet.getRow(2).values as unknown[]).slice(1);
    expect((cells[1] as Date).toISOString()).toBe("2026-10-31T23:30:00.000Z"); // Kyiv's wall clock
    expect(cells[3]).toBe("Соціальне таксі");
    expect(cells[4]).toBe(t("staff-status-new"));
    expect(cells[8]).toBe("Ганна жовтнева");
    expect((cells[13] as Date).toISOString()).toBe("2026-11-01T01:00:00.000Z");
  });

  it("/export csv … sends UTF-8 CSV with a BOM and semicolons, with the same Ukrainian headers", async () => {
    const handled = await app.driver.text(STAFF_USER, "/export csv листопад", GROUP);
    const { file } = upload(handled, "sendDocument");
    expect(file.filename).toBe("звернення-2026-11-01-2026-11-30.csv");
    expect([...file.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.data.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(lines[0]!.split(";").slice(0, 5)).toEqual(["Номер", "Створено", "Відділ", "Послуга", "Стан"]);
    expect(lines.slice(1).map((line) => line.split(";")[0])).toEqual(numbers.slice(1));
  });

  it("another department's group gets only its own requests", async () => {
    const { file } = upload(await app.driver.text(STAFF_USER, "/export листопад", OTHER_GROUP), "sendDocument");
    expect(numbersIn(await sheetOf(file))).toEqual([]);
  });

  it.each([
    ["вчора", "export-usage"],
    ["2026-02-30 2026-03-01", "export-usage"],
    ["30.11.2026 01.11.2026", "export-reversed"],
  ])("/export %s: a polite answer with examples, no file", async (period, key) => {
    const handled = await app.driver.text(STAFF_USER, `/export ${period}`, GROUP);
    expect(handled.texts).toEqual([t(key)]);
    expect(handled.calls.some((call) => call.method === "sendDocument")).toBe(false);
  });

  it("someone who is not staff gets no file", async () => {
    const handled = await app.driver.text(99_999, "/export листопад", GROUP);
    expect(handled.texts).toEqual([t("staff-not-allowed")]);
    expect(handled.calls.some((call) => call.method === "sendDocument")).toBe(false);
  });
});

describe("/stats through the bot", () => {
  it("sends the figures as text, then the chart as a PNG photo of the set width", async () => {
    const handled = await app.driver.text(STAFF_USER, "/stats", GROUP);
    const sends = handled.calls.filter((call) => call.method === "sendMessage" || call.method === "sendPhoto").map((call) => call.method);
    expect(sends).toEqual(["sendMessage", "sendPhoto"]);
    expect(handled.texts[0]).toContain("Статистика відділу");
    const { file } = upload(handled, "sendPhoto");
    expect(file.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(file.data.readUInt32BE(16)).toBe(STATS_CHART_WIDTH);
    expect(file.data.readUInt32BE(20)).toBeGreaterThan(400); // three panels, one under another
    expect(app.target.telegram.violations).toEqual([]);
  });

  it("draws the chart again when the figures change (a picture kept for the same figures is never stale)", async () => {
    const first = upload(await app.driver.text(STAFF_USER, "/stats", GROUP), "sendPhoto").file.data;
    const again = upload(await app.driver.text(STAFF_USER, "/stats", GROUP), "sendPhoto").file.data;
    expect(again.equals(first)).toBe(true);
    await app.driver.sendRequest(71_020, { name: "Ганна нова", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    const changed = upload(await app.driver.text(STAFF_USER, "/stats", GROUP), "sendPhoto").file.data;
    expect(changed.equals(first)).toBe(false);
  });
});
