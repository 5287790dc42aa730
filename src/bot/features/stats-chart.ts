import { InputFile } from "grammy";
import type { BotContext, Translate } from "../context.ts";
import { pick } from "../render/text.ts";

/**
 * The picture that follows the /stats figures (staff-inbox.ts sends the text, then calls
 * replyWithStatsChart): a Vega-Lite spec from src/stats, drawn by src/charts/render.ts
 * (DepartmentReports.statsChart keeps recent pictures: the same figures are not drawn twice).
 */

/** The inbox's staff language (settings.staffLocale, as on every card). */
export function staffWords(ctx: BotContext): { locale: string; t: Translate } {
  const locale = ctx.deps.settings.staffLocale;
  return { locale, t: (key, variables) => ctx.deps.i18n.t(locale, key, variables) };
}

/** Width of the chart image: sharp on a phone, and under Telegram's 1280 px for photos. */
export const STATS_CHART_WIDTH = 1200;

/** The /stats chart: the last weeks' requests, services and answer times, as a photo. A failure to draw is logged; the figures are already sent. */
export async function replyWithStatsChart(ctx: BotContext, departments: string[]): Promise<void> {
  const { locale, t } = staffWords(ctx);
  let png: Buffer;
  try {
    const serviceName = (serviceId: string | null) =>
      serviceId === null ? t("export-no-service") : (pick(ctx.deps.catalog.services.get(serviceId)?.name, locale) ?? serviceId);
    png = await ctx.deps.reports.statsChart(departments, new Date(), { t, serviceName, locale }, STATS_CHART_WIDTH);
  } catch (error) {
    ctx.deps.logger.warn({ event: "stats_chart_failed", departments, err: error }, "could not draw the stats chart");
    return;
  }
  await ctx.replyWithPhoto(new InputFile(png, "stats.png"));
}
