import { stringify as stringifyCsv } from "csv-stringify/sync";
import type { Catalog } from "../catalog/catalog.ts";
import { DEFAULT_WORKING_HOURS, TIME_ZONE, type WeeklyHours } from "./working-day.ts";
import { OTHER_SERVICES, REPORT_OUTCOMES, SUPPRESSED, type Figures, type Report } from "./figures.ts";

/**
 * The report as open data: CSV (one row per community, month and service, with an «all» row per month)
 * and JSON (the same figures, nested). Counts below the threshold are the text «<5» in both.
 */

export const FIGURE_COLUMNS = [
  "received",
  "answered",
  "medianFirstAnswerHours",
  "answeredWithinWorkingDay",
  "answeredWithinWorkingDayShare",
  "closed",
  "closedShare",
  "resolved",
  "rejected",
  "cancelled",
  "open",
  "openMedianDays",
  "feedbackAsked",
  "feedbackUp",
  "feedbackDown",
  "feedbackUpShare",
] as const satisfies ReadonlyArray<keyof Figures>;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Service column: the catalogue id, "general" for free-form requests, "other" for services under the threshold, "all" for the month. */
export function serviceKey(serviceId: string | null | typeof OTHER_SERVICES | undefined): string {
  if (serviceId === undefined) return "all";
  return serviceId ?? "general";
}

export function reportCsv(report: Report): string {
  const rows: string[][] = [];
  const cells = (figures: Figures) => [
    ...FIGURE_COLUMNS.map((column) => (figures[column] === null ? "" : String(figures[column]))),
    ...REPORT_OUTCOMES.map((outcome) => String(figures.outcomes[outcome])),
  ];
  for (const community of report.communities) {
    for (const month of community.months) {
      rows.push([community.communityId, month.month, "all", ...cells(month)]);
      for (const service of month.services) rows.push([community.communityId, month.month, serviceKey(service.serviceId), ...cells(service)]);
    }
  }
  return stringifyCsv(rows, { header: true, columns: ["community", "month", "service", ...FIGURE_COLUMNS.map(snake), ...REPORT_OUTCOMES.map((o) => `outcome_${o}`)] });
}

function hoursText(hours: WeeklyHours): string {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const time = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
  return hours.flatMap((d, i) => (d ? [`${days[i]} ${time(d.opens)}–${time(d.closes)}`] : [])).join(", ");
}

export function reportJson(report: Report, catalog: Catalog, hours: WeeklyHours = DEFAULT_WORKING_HOURS): string {
  const json = {
    generatedAt: report.generatedAt.toISOString(),
    timeZone: TIME_ZONE,
    suppression: { minCell: report.minCell, shownAs: SUPPRESSED },
    workingHours: hoursText(hours),
    definitions: {
      medianFirstAnswerHours: "median hours from a request's arrival to the first answer from staff, over requests answered",
      answeredWithinWorkingDayShare:
        "share of requests answered before the close of the working day they arrived in (after hours: the next working day's), over requests answered or whose deadline has passed, except those withdrawn before any answer",
      closedShare: "share of the month's requests closed (resolved, declined or withdrawn by the resident)",
      openMedianDays: "median days the month's still-open requests have been open",
      outcomes:
        "closed requests by the outcome staff chose: helped, consulted, referred, unreachable, other (resolved); advice, refusal (declined); requests closed before outcomes were recorded have none",
      feedback: "feedbackAsked: residents asked «did we help?» after a close; feedbackUp / feedbackDown: their 👍 / 👎; feedbackUpShare: 👍 among the answers",
      service: "catalogue service id; general: free-form requests; other: services with fewer than minCell requests that month, together",
      referrals:
        "referrals to partner organisations, made with the resident's consent, by partner (other: partners with fewer than minCell referrals, together): refused — the resident did not agree; accepted, declined, done — the partner's answer; returned — no answer in time; pending — not answered yet",
    },
    services: Object.fromEntries(
      [...new Set(report.communities.flatMap((c) => c.months.flatMap((m) => m.services.map((s) => s.serviceId))))]
        .filter((id): id is string => typeof id === "string" && id !== OTHER_SERVICES)
        .map((id) => [id, catalog.services.get(id)?.name ?? { uk: id, en: id }]),
    ),
    communities: report.communities.map((community) => ({
      id: community.communityId,
      name: catalog.communities.get(community.communityId)?.name ?? { uk: community.communityId, en: community.communityId },
      months: community.months.map(({ services, ...month }) => ({
        ...month,
        services: services.map(({ serviceId, ...figures }) => ({ service: serviceKey(serviceId), ...figures })),
      })),
      // Issue 21: referrals to partners (partner: provider key, or "other" for those under minCell together).
      ...(report.referrals?.some((figures) => figures.communityId === community.communityId)
        ? { referrals: report.referrals.find((figures) => figures.communityId === community.communityId)!.partners }
        : {}),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
