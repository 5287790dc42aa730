import type { Catalog } from "../catalog/catalog.ts";
import { chartToSvg, type VegaLiteSpec } from "../charts/render.ts";
import { OTHER_SERVICES, REPORT_OUTCOMES, SUPPRESSED, type CommunityFigures, type Derived, type Figures, type MonthFigures, type Report, type ServiceFigures } from "./figures.ts";
import { reportStrings, type ReportLocale, type Translate } from "./strings.ts";
import { referralTable } from "../referrals/report.ts";
import { escapeHtml } from "./html.ts";
import { DEFAULT_WORKING_HOURS, TIME_ZONE, type WeeklyHours } from "./working-day.ts";

/**
 * The report as one static HTML page: tables readable without JavaScript (none is used), charts as
 * inline SVG drawn from Vega-Lite specs, print CSS, and a layout that turns each table row into a
 * block on a phone, so nothing is wider than a 360 px screen.
 */

/** Where the page's links lead: the other language, and the open data files. */
export interface ReportLinks {
  otherLanguage: string;
  csv: string;
  json: string;
}

export interface PageOptions {
  locale: ReportLocale;
  catalog: Catalog;
  links: ReportLinks;
  workingHours?: WeeklyHours;
}


const intlLocale = (locale: ReportLocale) => (locale === "uk" ? "uk-UA" : "en-GB");

function monthName(month: string, locale: ReportLocale): string {
  const [year, m] = month.split("-").map(Number);
  const text = new Intl.DateTimeFormat(intlLocale(locale), { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year!, m! - 1, 15)));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "пн–чт 8:00–17:15, пт 8:00–16:00": consecutive days with the same hours joined. */
export function describeHours(hours: WeeklyHours, locale: ReportLocale): string {
  const dayName = (d: number) => new Intl.DateTimeFormat(intlLocale(locale), { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2026, 10, 1 + d))); // 1 Nov 2026 is a Sunday
  const time = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
  const order = [1, 2, 3, 4, 5, 6, 0];
  const runs: Array<{ from: number; to: number; text: string }> = [];
  for (const d of order) {
    const h = hours[d];
    if (!h) continue;
    const text = `${time(h.opens)}–${time(h.closes)}`;
    const last = runs.at(-1);
    if (last && last.text === text && order.indexOf(d) === order.indexOf(last.to) + 1) last.to = d;
    else runs.push({ from: d, to: d, text });
  }
  return runs.map((r) => `${dayName(r.from)}${r.to !== r.from ? `–${dayName(r.to)}` : ""} ${r.text}`).join(", ");
}

class Cells {
  private readonly number: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  constructor(private readonly locale: ReportLocale, private readonly t: Translate) {
    this.number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
    this.percent = new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 0 });
  }
  count(value: number | typeof SUPPRESSED): string {
    return value === SUPPRESSED ? SUPPRESSED : this.number.format(value);
  }
  measure(value: Derived, key: "report-hours" | "report-days"): string {
    if (value === null) return "—";
    if (value === SUPPRESSED) return SUPPRESSED;
    return this.t(key, key === "report-hours" ? { hours: this.number.format(value) } : { days: this.number.format(value) });
  }
  share(part: number | typeof SUPPRESSED, share: Derived): string {
    if (share === null) return "—";
    if (part === SUPPRESSED || share === SUPPRESSED) return SUPPRESSED;
    return this.t("report-share", { share: this.percent.format(share), count: this.number.format(part) });
  }
}

interface Column {
  label: string;
  cell: (f: Figures) => string;
}

function columns(t: Translate, cells: Cells, report: Report): Column[] {
  const optional: Column[] = [];
  if (report.hasOutcomes) {
    optional.push({
      label: t("report-outcomes"),
      cell: (f) => {
        const shown = REPORT_OUTCOMES.filter((o) => f.outcomes[o] !== SUPPRESSED).map((o) => t(`report-outcome-${o}`, { count: cells.count(f.outcomes[o]) }));
        return shown.length > 0 ? shown.join("; ") : t("report-outcome-few");
      },
    });
  }
  if (report.hasFeedback) {
    optional.push({
      label: t("report-feedback"),
      cell: (f) => t("report-feedback-cell", { up: cells.count(f.feedbackUp), down: cells.count(f.feedbackDown), asked: cells.count(f.feedbackAsked) }),
    });
  }
  return [
    { label: t("report-received"), cell: (f) => cells.count(f.received) },
    { label: t("report-first-answer"), cell: (f) => cells.measure(f.medianFirstAnswerHours, "report-hours") },
    { label: t("report-in-time"), cell: (f) => cells.share(f.answeredWithinWorkingDay, f.answeredWithinWorkingDayShare) },
    { label: t("report-closed"), cell: (f) => cells.share(f.closed, f.closedShare) },
    {
      label: t("report-how-closed"),
      cell: (f) =>
        [t("report-resolved", { count: cells.count(f.resolved) }), t("report-rejected", { count: cells.count(f.rejected) }), t("report-cancelled", { count: cells.count(f.cancelled) })].join("; "),
    },
    ...optional,
    { label: t("report-open"), cell: (f) => cells.count(f.open) },
    { label: t("report-open-days"), cell: (f) => cells.measure(f.openMedianDays, "report-days") },
  ];
}

function table(caption: string, firstLabel: string, rows: Array<{ head: string; figures: Figures }>, cols: Column[], className: string): string {
  const head = `<tr><th scope="col">${escapeHtml(firstLabel)}</th>${cols.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join("")}</tr>`;
  const body = rows
    .map(
      ({ head: rowHead, figures }) =>
        `<tr><th scope="row">${escapeHtml(rowHead)}</th>${cols.map((c) => `<td data-label="${escapeHtml(c.label)}">${escapeHtml(c.cell(figures))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table class="${className}"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

function serviceName(service: ServiceFigures, catalog: Catalog, locale: ReportLocale, t: Translate): string {
  if (service.serviceId === OTHER_SERVICES) return t("report-other");
  if (service.serviceId === null) return t("report-general");
  return catalog.services.get(service.serviceId)?.name[locale] ?? service.serviceId;
}

/** Months of a community with their figures as numbers only; suppressed months are left out of charts. */
async function charts(community: CommunityFigures, locale: ReportLocale, t: Translate): Promise<string> {
  const months = [...community.months].slice(0, 12).reverse();
  const label = (m: MonthFigures) => m.month.split("-").reverse().join(".");
  const received = months.filter((m) => typeof m.received === "number").map((m) => ({ month: label(m), value: m.received as number }));
  const inTime = months
    .filter((m) => typeof m.answeredWithinWorkingDayShare === "number")
    .map((m) => ({ month: label(m), value: Math.round((m.answeredWithinWorkingDayShare as number) * 100) }));
  const spec = (title: string, values: Array<{ month: string; value: number }>, color: string, max?: number): VegaLiteSpec => ({
    width: 280,
    height: 140,
    background: "white",
    title: { text: title, anchor: "start", fontSize: 13, font: "DejaVu Sans, sans-serif" },
    data: { values },
    mark: { type: "bar", color, tooltip: false },
    encoding: {
      x: { field: "month", type: "ordinal", sort: null, title: null, axis: { labelAngle: 0, labelFont: "DejaVu Sans, sans-serif" } },
      y: {
        field: "value",
        type: "quantitative",
        title: null,
        axis: { labelFont: "DejaVu Sans, sans-serif", tickMinStep: 1 },
        ...(max ? { scale: { domain: [0, max] } } : {}),
      },
    },
    config: { view: { stroke: null } },
  });
  const figures: string[] = [];
  for (const [title, values, color, max] of [
    [t("report-chart-received"), received, "#1f5fa8", undefined],
    [t("report-chart-in-time"), inTime, "#2b7a3d", 100],
  ] as const) {
    if (values.length === 0) continue;
    const svg = (await chartToSvg(spec(title, values, color, max))).replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(title)}" `);
    figures.push(`<figure class="chart">${svg}</figure>`);
  }
  if (figures.length === 0) return "";
  return `<div class="charts">${figures.join("")}</div><p class="note">${escapeHtml(t("report-chart-note"))}</p>`;
}

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
main,header,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0}
h2{font-size:1.35rem;margin:2rem 0 .5rem;border-bottom:2px solid #1f5fa8;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
p{margin:.4rem 0;overflow-wrap:anywhere}
a{color:#1f5fa8}
nav.lang{text-align:right}
.privacy{background:#f1f5fa;border-left:4px solid #1f5fa8;padding:.5rem .75rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
figure.chart{margin:0;flex:1 1 18rem;max-width:26rem;min-width:0}
figure.chart svg{display:block;width:100%;height:auto}
.note{font-size:.85rem;color:#555}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.92rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #c9d3df;padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
thead th{background:#e8eef6}
tbody th{font-weight:600}
td{font-variant-numeric:tabular-nums}
footer{margin:2rem auto 1rem;font-size:.85rem;color:#555}
@media (max-width:44rem){
  table,thead,tbody,tr,th,td,caption{display:block;width:100%}
  thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  tr{border:1px solid #c9d3df;margin:0 0 .75rem;border-radius:4px}
  th,td{border:0;border-bottom:1px solid #eef1f5;overflow-wrap:anywhere}
  tbody th{background:#e8eef6}
  td{display:flex;justify-content:space-between;gap:.75rem}
  td::before{content:attr(data-label);font-weight:600;flex:0 1 55%}
  td{text-align:right}
}
@media print{
  nav.lang,.opendata{display:none}
  body{font-size:10.5pt}
  main,header,footer{max-width:none;padding:0}
  h2{break-after:avoid;page-break-after:avoid}
  table,figure.chart,tr{break-inside:avoid;page-break-inside:avoid}
  a{color:inherit;text-decoration:none}
  thead th,tbody th,.privacy{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

export async function renderReportPage(report: Report, { locale, catalog, links, workingHours = DEFAULT_WORKING_HOURS }: PageOptions): Promise<string> {
  const t = reportStrings(locale);
  const cells = new Cells(locale, t);
  const cols = columns(t, cells, report);
  const generated = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: TIME_ZONE, dateStyle: "long", timeStyle: "short" }).format(report.generatedAt);
  const sections: string[] = [];
  for (const community of report.communities) {
    const name = catalog.communities.get(community.communityId)?.name[locale] ?? community.communityId;
    const parts = [`<section id="${escapeHtml(community.communityId)}"><h2>${escapeHtml(name)}</h2>`];
    if (community.months.length === 0) {
      parts.push(`<p>${escapeHtml(t("report-no-requests"))}</p>`);
    } else {
      parts.push(await charts(community, locale, t));
      parts.push(table(t("report-months"), t("report-month"), community.months.map((m) => ({ head: monthName(m.month, locale), figures: m })), cols, "months"));
      for (const month of community.months) {
        parts.push(
          table(
            t("report-by-service", { month: monthName(month.month, locale) }),
            t("report-service"),
            month.services.map((s) => ({ head: serviceName(s, catalog, locale, t), figures: s })),
            cols,
            "services",
          ),
        );
      }
    }
    const referred = report.referrals?.find((figures) => figures.communityId === community.communityId);
    if (referred) parts.push(referralTable(referred, { catalog, locale, t }));
    parts.push("</section>");
    sections.push(parts.join("\n"));
  }
  const other = locale === "uk" ? "en" : "uk";
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t("report-title"))}</title>
<link rel="alternate" hreflang="${other}" href="${escapeHtml(links.otherLanguage)}">
<link rel="alternate" type="text/csv" href="${escapeHtml(links.csv)}">
<link rel="alternate" type="application/json" href="${escapeHtml(links.json)}">
<style>${STYLE}</style>
</head>
<body>
<header>
<nav class="lang"><a href="${escapeHtml(links.otherLanguage)}" hreflang="${other}" lang="${other}">${escapeHtml(t("report-switch"))}</a></nav>
<h1>${escapeHtml(t("report-title"))}</h1>
<p>${escapeHtml(t("report-intro"))}</p>
<p>${escapeHtml(t("report-generated", { date: generated }))}</p>
<p class="privacy">${escapeHtml(t("report-privacy", { mark: SUPPRESSED }))}</p>
<p class="opendata">${escapeHtml(t("report-open-data"))} <a href="${escapeHtml(links.csv)}" type="text/csv">CSV</a> · <a href="${escapeHtml(links.json)}" type="application/json">JSON</a></p>
</header>
<main>
${sections.join("\n")}
<section id="method"><h2>${escapeHtml(t("report-how-title"))}</h2>
<p>${escapeHtml(t("report-how-month"))}</p>
<p>${escapeHtml(t("report-how-first-answer"))}</p>
<p>${escapeHtml(t("report-how-in-time", { hours: describeHours(workingHours, locale) }))}</p>
${report.hasOutcomes || report.hasFeedback ? `<p>${escapeHtml(t("report-how-feedback"))}</p>` : ""}
<p>${escapeHtml(t("report-how-open"))}</p>
<p>${escapeHtml(t("report-privacy", { mark: SUPPRESSED }))}</p>
</section>
</main>
<footer>${escapeHtml(t("report-footer"))}</footer>
</body>
</html>
`;
}
