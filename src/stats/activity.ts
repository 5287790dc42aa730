import { isoDay, kyivDay, kyivMidnight, type CalendarDay } from "../kyiv-time.ts";

/**
 * A department's recent weeks in figures, for the /stats chart: requests per Kyiv week (Monday to
 * Sunday), the median time to the first staff answer of each week's requests, and the services asked
 * for most over the same weeks. Plain functions of the rows; no database, no Telegram.
 */

export interface ActivityRow {
  createdAt: Date;
  serviceId: string | null;
  firstAnswerAt: Date | null;
}

export interface WeekFigures {
  /** The Monday the week starts on. */
  start: CalendarDay;
  requests: number;
  /** Median minutes from a request to its first answer, over the week's answered requests. */
  medianFirstAnswerMinutes: number | null;
}

export interface Activity {
  weeks: WeekFigures[];
  /** Over all the weeks, most asked first (ties by id); null is a free-form request. */
  services: Array<{ serviceId: string | null; count: number }>;
}

export const CHART_WEEKS = 8;

/** The Monday of the Kyiv week an instant falls in. */
export function weekStart(instant: Date): CalendarDay {
  const day = kyivDay(instant);
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day));
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

const addDays = (day: CalendarDay, days: number): CalendarDay => {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

/** Where the chart's weeks start: the Monday `weeks − 1` weeks before this week's (this week included). */
export function activitySince(now: Date, weeks = CHART_WEEKS): Date {
  return kyivMidnight(addDays(weekStart(now), -7 * (weeks - 1)));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function weeklyActivity(rows: ActivityRow[], now: Date, weeks = CHART_WEEKS): Activity {
  const first = weekStart(activitySince(now, weeks));
  const starts = Array.from({ length: weeks }, (_, index) => addDays(first, 7 * index));
  const byWeek = new Map(starts.map((start) => [isoDay(start), { requests: 0, minutes: [] as number[] }]));
  const byService = new Map<string | null, number>();
  for (const row of rows) {
    const week = byWeek.get(isoDay(weekStart(row.createdAt)));
    if (!week) continue; // outside the weeks shown
    week.requests += 1;
    if (row.firstAnswerAt) week.minutes.push((row.firstAnswerAt.getTime() - row.createdAt.getTime()) / 60_000);
    byService.set(row.serviceId, (byService.get(row.serviceId) ?? 0) + 1);
  }
  return {
    weeks: starts.map((start) => {
      const week = byWeek.get(isoDay(start))!;
      const middle = median(week.minutes);
      return { start, requests: week.requests, medianFirstAnswerMinutes: middle === null ? null : Math.round(middle) };
    }),
    services: [...byService]
      .map(([serviceId, count]) => ({ serviceId, count }))
      .sort((a, b) => b.count - a.count || String(a.serviceId).localeCompare(String(b.serviceId))),
  };
}
