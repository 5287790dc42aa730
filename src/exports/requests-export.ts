import { stringify as stringifyCsv } from "csv-stringify/sync";
import type { PrismaClient } from "../db/client.ts";
import { spreadsheetText } from "../inbox/inbox-service.ts";
import { withoutDisplayControls } from "../requests/text.ts";
import { EXPORT_COLUMNS, type CellValue, type ExportColumn, type ExportContext, type ExportRow } from "./columns.ts";
import { kyivWallClock } from "../kyiv-time.ts";
import type { ExportPeriod } from "./period.ts";

/**
 * A department's requests of a period as a file staff open: an .xlsx workbook (headers in the staff
 * member's language, names instead of codes, Kyiv times as real dates, widths, a frozen header row
 * and a filter), or CSV for other tools (UTF-8 with a BOM and semicolons, as a Ukrainian Excel
 * expects, times in Kyiv as «2026-11-05 14:30»).
 */

/** The department's own requests made in the period, oldest first. */
export function loadExportRows(prisma: PrismaClient, departmentKeys: string[], period: Pick<ExportPeriod, "from" | "to">): Promise<ExportRow[]> {
  return prisma.helpRequest.findMany({
    where: { departmentKey: { in: departmentKeys }, createdAt: { gte: period.from, lt: period.to } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** XML 1.0 has no place for these: a stray control character would make the whole file unreadable. */
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Excel's limit for one cell. */
const MAX_CELL = 32_767;

const headers = (columns: ExportColumn[], context: ExportContext) => columns.map((column) => context.t(column.header));

export async function exportWorkbook(rows: ExportRow[], context: ExportContext, sheetName: string, columns = EXPORT_COLUMNS): Promise<Buffer> {
  // Loaded here, not at start: exceljs costs every start of the bot ~0.3 s and memory for its life (test/startup-imports.test.ts).
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Hromada Help";
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, " ").slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({
    key: String(index),
    width: column.width,
    style: column.kind === "date" ? { numFmt: "dd.mm.yyyy hh:mm" } : column.width >= 40 ? { alignment: { wrapText: true, vertical: "top" } } : {},
  }));
  const header = sheet.addRow(headers(columns, context));
  header.font = { bold: true };
  header.alignment = { vertical: "middle", wrapText: true };
  for (const row of rows) {
    sheet.addRow(
      columns.map((column) => {
        const value = column.value(row, context);
        if (value instanceof Date) return kyivWallClock(value); // Excel's dates have no zone: Kyiv's wall clock
        if (typeof value === "string") return withoutDisplayControls(value).replace(NOT_IN_XML, "").slice(0, MAX_CELL);
        return value;
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csvCell = (value: CellValue, column: ExportColumn): string => {
  if (value === null) return "";
  if (column.checked) return String(value);
  if (value instanceof Date) return kyivWallClock(value).toISOString().slice(0, 16).replace("T", " ");
  if (typeof value === "number") return String(value);
  return spreadsheetText(value); // never a formula when opened
};

/** UTF-8 with a BOM, semicolons, CRLF: a Ukrainian Excel opens it in columns, other tools read it as CSV. */
export function exportCsv(rows: ExportRow[], context: ExportContext, columns = EXPORT_COLUMNS): Buffer {
  const csv = stringifyCsv([headers(columns, context), ...rows.map((row) => columns.map((column) => csvCell(column.value(row, context), column)))], {
    delimiter: ";",
    record_delimiter: "windows",
  });
  return Buffer.from(`\uFEFF${csv}`, "utf8");
}
