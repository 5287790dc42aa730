import { kyivParts } from "../kyiv-time.ts";
import { DEFAULT_WORKING_HOURS, kyivInstant, type WeeklyHours } from "../report/working-day.ts";

/**
 * When a partner's time to answer a referral ends: the close of the `days`-th working day after the
 * day it was sent (Kyiv time, the municipal working week of src/report/working-day.ts). A referral sent
 * on Friday afternoon with 3 days is due at Wednesday's close.
 */
export function workingDaysAfter(sentAt: Date, days: number, hours: WeeklyHours = DEFAULT_WORKING_HOURS): Date {
  const local = kyivParts(sentAt);
  let counted = 0;
  for (let offset = 1; offset < 7 * (days + 2); offset += 1) {
    const calendar = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
    const today = hours[calendar.getUTCDay()];
    if (!today) continue;
    counted += 1;
    if (counted === days) return kyivInstant(calendar.getUTCFullYear(), calendar.getUTCMonth() + 1, calendar.getUTCDate(), today.closes);
  }
  throw new Error("working hours name no working day");
}
