import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { EXPORT_COLUMNS, type ExportContext, type ExportRow } from "../../src/exports/columns.ts";
import { kyivMidnight } from "../../src/kyiv-time.ts";
import { exportCsv, exportWorkbook, loadExportRows } from "../../src/exports/requests-export.ts";
import { RequestService } from "../../src/requests/service.ts";
import { databaseCases, draft, newResidentId, openRequestsDatabase, steppingClock, type RequestsDatabase } from "../requests/fixtures.ts";

const i18n = createI18n("uk");
const SERVICES: Record<string, string> = { "home-care": "Догляд вдома", "social-taxi": "Соціальне таксі" };

function context(locale: "uk" | "en" = "uk"): ExportContext {
  return {
    t: (key, variables) => i18n.t(locale, key, variables),
    serviceName: (id) => SERVICES[id] ?? id,
    departmentName: (key) => (key === "zhytomyr/older-and-disabled" ? "Відділ у справах літніх людей" : key),
  };
}

let nextId = 1;
function row(overrides: Partial<ExportRow> = {}): ExportRow {
  const id = nextId++;
  return {
    id,
    number: `ЖТ-2026-${String(id).padStart(5, "0")}`,
    communityId: "zhytomyr",
    serviceId: "home-care",
    departmentKey: "zhytomyr/older-and-disabled",
    residentId: 1n,
    status: "in_progress",
    locale: "uk",
    onBehalf: true,
    subjectName: "Марія Іванівна",
    subjectRelation: "мама",
    contactName: "Ганна",
    phone: "+380671234567",
    address: "вул. Київська, 5",
    details: "Потрібна допомога вдома",
    attachments: null,
    callBack: true,
    callBackTime: "morning",
    consentAt: null,
    takenBy: 42n,
    takenByName: "Оксана",
    createdAt: new Date("2026-11-05T12:30:00Z"), // 14:30 in Kyiv
    updatedAt: new Date("2026-11-05T12:30:00Z"),
    firstAnswerAt: new Date("2026-11-05T13:05:00Z"),
    closedAt: null,
    anonymisedAt: null,
    cardChatId: null,
    cardMessageId: null,
    topicId: null,
    remindedAt: null,
    submitKey: null,
    danger: false,
    contactByBotOnly: false,
    ...overrides,
  } as ExportRow;
}

const UK_HEADERS = ["Номер", "Створено", "Відділ", "Послуга", "Стан", "За іншу людину", "Для кого", "Ким доводиться", "Контактна особа", "Телефон", "Адреса", "Що потрібно", "Передзвонити", "Перша відповідь", "Закрито", "Результат", "Чи допомогли"];

async function readBack(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

const rowValues = (sheet: ExcelJS.Worksheet, index: number) => (sheet.getRow(index).values as unknown[]).slice(1);

describe("the .xlsx export", () => {
  it("has Ukrainian headers, a frozen header row, a filter over every column and set widths", async () => {
    const sheet = await readBack(await exportWorkbook([row()], context(), "Звернення"));
    expect(sheet.name).toBe("Звернення");
    expect(rowValues(sheet, 1)).toEqual(UK_HEADERS);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe(`A1:${String.fromCharCode(64 + EXPORT_COLUMNS.length)}1`);
    expect(sheet.columns.map((column) => column.width)).toEqual(EXPORT_COLUMNS.map((column) => column.width));
  });

  it("shows how staff closed a request and the resident's 👍/👎 in words (issue 18)", async () => {
    const sheet = await readBack(await exportWorkbook([row({ status: "resolved", outcome: "consulted", feedback: "up" }), row()], context(), "Звернення"));
    expect(rowValues(sheet, 2).slice(-2)).toEqual(["проконсультовано", "👍 так"]);
    expect(rowValues(sheet, 3).length).toBeLessThan(EXPORT_COLUMNS.length); // empty cells for an open request
  });

  it("has English headers for English-speaking staff", async () => {
    const sheet = await readBack(await exportWorkbook([], context("en"), "Requests"));
    expect(rowValues(sheet, 1).slice(0, 5)).toEqual(["Number", "Created", "Department", "Service", "Status"]);
    expect(sheet.rowCount).toBe(1);
  });

  it("writes names instead of codes, and Kyiv times as real dates", async () => {
    const sheet = await readBack(await exportWorkbook([row(), row({ serviceId: null, status: "waiting_for_resident", onBehalf: false, callBack: false })], context(), "Звернення"));
    const [number, created, department, service, status, onBehalf, , , , phone, , , callBack, firstAnswer, closed] = rowValues(sheet, 2);
    expect(number).toMatch(/^ЖТ-2026-\d{5}$/);
    // Excel's dates carry no zone: the cell holds Kyiv's wall clock, 14:30 for 12:30 UTC.
    expect(created).toBeInstanceOf(Date);
    expect((created as Date).toISOString()).toBe("2026-11-05T14:30:00.000Z");
    expect((firstAnswer as Date).toISOString()).toBe("2026-11-05T15:05:00.000Z");
    expect(sheet.getCell("B2").numFmt).toBe("dd.mm.yyyy hh:mm");
    expect([department, service, status, onBehalf, phone, callBack]).toEqual(["Відділ у справах літніх людей", "Догляд вдома", "у роботі", "так", "+380671234567", "Зранку (9–12)"]);
    expect(closed).toBeUndefined();
    const second = rowValues(sheet, 3);
    expect([second[3], second[4], second[5], second[12]]).toEqual(["без послуги (загальне звернення)", "чекає на відповідь мешканця", "ні", undefined]);
  });

  it("keeps what a resident typed as text: a formula stays text, and characters XML cannot hold are dropped", async () => {
    const sheet = await readBack(await exportWorkbook([row({ details: '=HYPERLINK("http://evil","натисніть")', contactName: "Оля\u0001\u202E76" })], context(), "Звернення"));
    const cell = sheet.getCell(2, EXPORT_COLUMNS.findIndex((c) => c.header === "export-col-details") + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil","натисніть")');
    expect(sheet.getCell(2, EXPORT_COLUMNS.findIndex((c) => c.header === "export-col-contact") + 1).value).toBe("Оля76");
  });
});

describe("the CSV export", () => {
  it("is UTF-8 with a BOM, semicolons and the same Ukrainian headers, Kyiv times, no formulas", () => {
    const buffer = exportCsv([row({ details: "=1+1; так", closedAt: new Date("2026-11-06T08:00:00Z") })], context());
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.toString("utf8").slice(1);
    expect(text.split("\r\n")[0]).toBe(UK_HEADERS.join(";"));
    const [record] = parse(text, { delimiter: ";", columns: true }) as Array<Record<string, string>>;
    expect(record).toMatchObject({ Створено: "2026-11-05 14:30", Закрито: "2026-11-06 10:00", Послуга: "Догляд вдома", Стан: "у роботі", "Що потрібно": "'=1+1; так", Телефон: "+380671234567" });
  });
});

const OLDER = "zhytomyr/older-and-disabled";

describe.each(databaseCases)("export rows on %s", (_name, target) => {
  let db: RequestsDatabase;
  const ids: number[] = [];

  beforeAll(async () => {
    db = await openRequestsDatabase(target);
    const catalog = await db.catalog();
    // 21:30 UTC on 31 October is 23:30 in Kyiv; 22:30 UTC is already 1 November there.
    const requests = new RequestService({ prisma: db.prisma, catalog, now: steppingClock("2026-10-31T21:30:00Z") });
    for (const serviceId of ["home-care", "home-care", "social-taxi"]) {
      const { id } = await requests.createRequest(newResidentId(), "uk", draft({ serviceId, contactName: `Мешканка ${ids.length}` }));
      ids.push(id);
    }
    await db.prisma.helpRequest.update({ where: { id: ids[0]! }, data: { createdAt: new Date("2026-10-31T21:30:00Z") } });
    await db.prisma.helpRequest.update({ where: { id: ids[1]! }, data: { createdAt: new Date("2026-10-31T22:30:00Z") } });
    await db.prisma.helpRequest.update({ where: { id: ids[2]! }, data: { createdAt: new Date("2026-11-30T21:59:00Z") } });
  });
  afterAll(async () => {
    await db.close();
  });

  it("takes the department's own requests of the Kyiv days asked for, oldest first", async () => {
    const november = { from: kyivMidnight({ year: 2026, month: 11, day: 1 }), to: kyivMidnight({ year: 2026, month: 12, day: 1 }) };
    const rows = await loadExportRows(db.prisma, [OLDER], november);
    // 23:30 on 31 October in Kyiv is left out; 00:30 on 1 November and 23:59 on 30 November are in.
    expect(rows.map((r) => r.id)).toEqual([ids[1], ids[2]]);
    expect(rows.map((r) => r.contactName)).toEqual(["Мешканка 1", "Мешканка 2"]);
    expect(await loadExportRows(db.prisma, ["zhytomyr/reception"], november)).toEqual([]);
    expect(await loadExportRows(db.prisma, ["zhytomyr/nobody"], november)).toEqual([]);
  });
});
