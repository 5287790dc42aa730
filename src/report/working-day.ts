/**
 * The department's working day, in Kyiv time: when a request must have had its first answer to count
 * as «answered within the working day».
 *
 * The catalogue does not state departments' working hours, so every department works the hours of
 * Ukrainian municipal offices (the hours Zhytomyr's and Vinnytsia's councils publish): Monday to
 * Thursday 8:00–17:15, Friday 8:00–16:00, no weekend work. Public holidays are not days off under
 * martial law (since 2022), so none are skipped.
 *
 * A request that arrives during working hours should be answered before that day's close; one that
 * arrives in the evening, at night or at the weekend, before the close of the next working day.
 */

import { kyivParts } from "../kyiv-time.ts";

export const TIME_ZONE = "Europe/Kyiv";

/** Opening and closing time (minutes after midnight) per day of the week, 0 = Sunday; null: no work. */
export type WeeklyHours = ReadonlyArray<{ readonly opens: number; readonly closes: number } | null>;

const day = (opens: string, closes: string) => ({ opens: minutes(opens), closes: minutes(closes) });
function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

export const DEFAULT_WORKING_HOURS: WeeklyHours = [
  null,
  day("8:00", "17:15"),
  day("8:00", "17:15"),
  day("8:00", "17:15"),
  day("8:00", "17:15"),
  day("8:00", "16:00"),
  null,
];

export { kyivParts };

/** "2026-11" — the Kyiv calendar month of an instant. */
export function kyivMonth(date: Date): string {
  const { year, month } = kyivParts(date);
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The instant at a Kyiv wall-clock time (the offset is found by asking the time zone, DST included). */
export function kyivInstant(year: number, month: number, dayOfMonth: number, minuteOfDay: number): Date {
  const wall = Date.UTC(year, month - 1, dayOfMonth, 0, minuteOfDay);
  let guess = wall;
  for (let i = 0; i < 3; i += 1) {
    const p = kyivParts(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    const next = guess + (wall - shown);
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

/** When a request that arrived at `createdAt` must have had its first answer. */
export function workingDayDeadline(createdAt: Date, hours: WeeklyHours = DEFAULT_WORKING_HOURS): Date {
  const local = kyivParts(createdAt);
  const minuteOfDay = local.hour * 60 + local.minute;
  // Walk calendar days from the day of arrival; the first working day whose close is still ahead.
  for (let offset = 0; offset < 14; offset += 1) {
    const calendar = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
    const today = hours[calendar.getUTCDay()];
    if (!today) continue;
    if (offset === 0 && minuteOfDay >= today.closes) continue;
    return kyivInstant(calendar.getUTCFullYear(), calendar.getUTCMonth() + 1, calendar.getUTCDate(), today.closes);
  }
  throw new Error("working hours name no working day");
}
