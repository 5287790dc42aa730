import type { VegaLiteSpec } from "../charts/render.ts";
import type { Activity } from "./activity.ts";

/**
 * The /stats picture as a Vega-Lite spec, built from figures alone (src/charts/render.ts draws it):
 * requests per week, the services asked for most, and the median time to the first answer per week.
 * Every word comes from the caller's translator, so the chart speaks the staff member's language.
 */

export interface ChartWords {
  t: (key: string, variables?: Record<string, string | number>) => string;
  /** A service's name as residents see it; null is a free-form request. */
  serviceName: (serviceId: string | null) => string;
  /** "uk" writes 2,5 where "en" writes 2.5. */
  locale: string;
}

/** Services shown by name; the rest are summed as «other». */
export const CHART_SERVICES = 6;
const WIDTH = 560;
const BLUE = "#2f6fb0";
const GREEN = "#2e8b57";

const weekLabel = ({ day, month }: { day: number; month: number }) => `${String(day).padStart(2, "0")}.${String(month).padStart(2, "0")}`;

export function statsChartSpec(activity: Activity, { t, serviceName, locale }: ChartWords): VegaLiteSpec {
  const weeks = activity.weeks.map((week) => ({ week: weekLabel(week.start), requests: week.requests, minutes: week.medianFirstAnswerMinutes }));
  const domain = weeks.map((week) => week.week);
  const answered = weeks.filter((week) => week.minutes !== null);
  // Minutes read best while answers come within two hours; hours after that.
  const inHours = answered.some((week) => week.minutes! >= 120);
  const answerTimes = answered.map((week) => ({ week: week.week, value: inHours ? Math.round((week.minutes! / 60) * 10) / 10 : week.minutes! }));
  const shown = activity.services.slice(0, CHART_SERVICES).map(({ serviceId, count }) => ({ service: serviceName(serviceId), count }));
  const rest = activity.services.slice(CHART_SERVICES).reduce((sum, { count }) => sum + count, 0);
  if (rest > 0) shown.push({ service: t("stats-chart-other"), count: rest });
  const weekAxis = { field: "week", type: "ordinal", sort: null, scale: { domain }, title: t("stats-chart-week"), axis: { labelAngle: 0 } } as const;

  return {
    title: { text: t("stats-chart-title", { weeks: weeks.length }), anchor: "start", fontSize: 17 },
    config: {
      font: "DejaVu Sans",
      ...(locale === "uk" ? { locale: { number: { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", " грн"] } } } : {}),
      view: { stroke: null }, axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal" },
      title: { frame: "group" },
    },
    padding: 16,
    spacing: 28,
    vconcat: [
      {
        title: { text: t("stats-chart-weeks"), anchor: "start", fontSize: 14 },
        width: WIDTH,
        height: 170,
        data: { values: weeks },
        encoding: { x: weekAxis, y: { field: "requests", type: "quantitative", title: t("stats-chart-requests"), axis: { tickMinStep: 1 } } },
        layer: [
          { mark: { type: "bar", color: BLUE } },
          { mark: { type: "text", dy: -7, fontSize: 12 }, encoding: { text: { field: "requests", type: "quantitative" } } },
        ],
      },
      {
        title: { text: t("stats-chart-services"), anchor: "start", fontSize: 14 },
        width: WIDTH,
        height: Math.max(1, shown.length) * 24,
        data: { values: shown },
        encoding: {
          y: { field: "service", type: "nominal", sort: null, title: null, axis: { labelLimit: 300, labelFontSize: 12 } },
          x: { field: "count", type: "quantitative", title: t("stats-chart-requests"), axis: { tickMinStep: 1 } },
        },
        layer: [
          { mark: { type: "bar", color: BLUE } },
          { mark: { type: "text", align: "left", dx: 4, fontSize: 12 }, encoding: { text: { field: "count", type: "quantitative" } } },
        ],
      },
      {
        title: { text: t("stats-chart-answer"), anchor: "start", fontSize: 14 },
        width: WIDTH,
        height: 150,
        data: { values: answerTimes },
        encoding: {
          x: weekAxis,
          y: {
            field: "value",
            type: "quantitative",
            title: t(inHours ? "stats-chart-hours" : "stats-chart-minutes"),
            // Answers within a minute are 0: without a floor under its top the axis had one tick, «0,000000».
            scale: { domain: [0, Math.max(inHours ? 1 : 5, ...answerTimes.map((time) => time.value))], nice: true },
            axis: { tickMinStep: inHours ? 0.5 : 1 },
          },
        },
        layer: [
          { mark: { type: "line", color: GREEN, point: { color: GREEN, size: 50 } } },
          { mark: { type: "text", dy: -10, fontSize: 12 }, encoding: { text: { field: "value", type: "quantitative" } } },
        ],
      },
    ],
  };
}
