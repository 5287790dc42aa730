import type { HelpRequest } from "../generated/prisma/client.ts";
import { relationLabel } from "../requests/relations.ts";

/**
 * The columns of a department's export, in order: one definition each, shared by the workbook and the
 * CSV. Adding a column is one line here and its header in locales/{uk,en}/export.ftl (`export-col-…`).
 *
 * Personal data: the same fields the export always had (for whom, relation, contact name, phone,
 * address, what is needed), because staff call and visit residents from it — and nothing more
 * (no Telegram ids, no attachments, no staff names). Staff see all of it on the cards already;
 * an erased request's fields are empty.
 */

export type ExportRow = HelpRequest;

/** Words the columns need, in the staff member's language: locale strings and catalogue names. */
export interface ExportContext {
  t: (key: string, variables?: Record<string, string | number>) => string;
  /** A service's name as residents see it in the catalogue; undefined for a free-form request. */
  serviceName: (serviceId: string) => string;
  departmentName: (departmentKey: string) => string;
}

export type CellValue = string | number | Date | null;

export interface ExportColumn {
  /** The header's locale key. */
  header: string;
  /** Text, a number, or an instant (shown in Kyiv time). */
  kind: "text" | "number" | "date";
  /** Width in the workbook, in characters. */
  width: number;
  value: (row: ExportRow, context: ExportContext) => CellValue;
  /** A value the bot made and checked (a normalised phone): CSV leaves it as it is, without the formula guard. */
  checked?: true;
}

const text = (header: string, width: number, value: ExportColumn["value"]): ExportColumn => ({ header, kind: "text", width, value });
const date = (header: string, value: (row: ExportRow) => Date | null): ExportColumn => ({ header, kind: "date", width: 17, value });
const yesNo = (value: boolean, { t }: ExportContext) => t(value ? "export-yes" : "export-no");

export const EXPORT_COLUMNS: ExportColumn[] = [
  text("export-col-number", 16, (r) => r.number),
  date("export-col-created", (r) => r.createdAt),
  text("export-col-department", 28, (r, c) => c.departmentName(r.departmentKey)),
  text("export-col-service", 30, (r, c) => (r.serviceId ? c.serviceName(r.serviceId) : c.t("export-no-service"))),
  text("export-col-status", 22, (r, c) => c.t(`staff-status-${r.status}`)),
  text("export-col-on-behalf", 12, (r, c) => yesNo(r.onBehalf, c)),
  text("export-col-subject", 22, (r) => r.subjectName),
  text("export-col-relation", 16, (r, c) => r.subjectRelation && relationLabel(r.subjectRelation, c.t)),
  text("export-col-contact", 22, (r) => r.contactName),
  { ...text("export-col-phone", 16, (r) => r.phone), checked: true }, // normalised by the bot: +380…, never a formula
  text("export-col-address", 32, (r) => r.address),
  text("export-col-details", 60, (r) => r.details),
  text("export-col-call-back", 18, (r, c) => (r.callBack ? c.t(`time-${r.callBackTime ?? "any"}`) : null)),
  date("export-col-first-answer", (r) => r.firstAnswerAt),
  date("export-col-closed", (r) => r.closedAt),
  // Issue 18 (helpdesk): how staff closed it, and the resident's «Чи допомогли Вам?».
  text("export-col-outcome", 24, (r, c) => (r.outcome ? c.t(`staff-outcome-${r.outcome}`) : null)),
  text("export-col-feedback", 14, (r, c) => (r.feedback ? c.t(r.feedback === "up" ? "export-feedback-up" : "export-feedback-down") : null)),
];
