import { InputFile } from "grammy";
import { FeatureComposer } from "../composer.ts";
import type { ExportContext } from "../../exports/columns.ts";
import { formatDay, isoDay } from "../../kyiv-time.ts";
import { parseExportRequest } from "../../exports/period.ts";
import { exportCsv, exportWorkbook } from "../../exports/requests-export.ts";
import type { BotContext } from "../context.ts";
import { pick } from "../render/text.ts";
import { departmentsHere } from "./staff-inbox.ts";
import { staffWords } from "./stats-chart.ts";

/**
 * /export in a department's group: the department's requests of a period as an .xlsx workbook (or
 * CSV, `/export csv …`), in the staff language. The /stats chart is in stats-chart.ts.
 */
export const staffReportsFeature = new FeatureComposer<BotContext>();

function exportContext(ctx: BotContext): ExportContext {
  const { locale, t } = staffWords(ctx);
  return {
    t,
    serviceName: (serviceId) => pick(ctx.deps.catalog.services.get(serviceId)?.name, locale) ?? serviceId,
    departmentName: (key) => pick(ctx.deps.inbox.department(key)?.name, locale) ?? key,
  };
}

staffReportsFeature.chatType(["group", "supergroup"]).command("export", async (ctx) => {
  const departments = await departmentsHere(ctx);
  if (!departments) return;
  const { t } = staffWords(ctx);
  const asked = parseExportRequest(ctx.match, new Date());
  if (!asked.ok) {
    await ctx.reply(t(asked.reason === "reversed" ? "export-reversed" : "export-usage"));
    return;
  }
  const { format, period } = asked;
  const rows = await ctx.deps.reports.requestsFor(departments, period);
  const context = exportContext(ctx);
  const file = format === "csv" ? exportCsv(rows, context) : await exportWorkbook(rows, context, t("export-sheet"));
  ctx.deps.logger.info({ event: "department_export", departments, format, count: rows.length }, "department exported its requests");
  await ctx.replyWithDocument(new InputFile(file, `${t("export-file-name")}-${isoDay(period.first)}-${isoDay(period.last)}.${format}`), {
    caption: t("export-caption", { from: formatDay(period.first), to: formatDay(period.last), count: rows.length }),
  });
});
