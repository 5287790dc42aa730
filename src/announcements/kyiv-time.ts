/**
 * Dates and times as staff type them, in Kyiv time: «30.11 10:00», «30.11.2026 10:00», «10:00 30.11»,
 * «завтра 9:30», «сьогодні о 18:00», «tomorrow 9:30». A date without a year is the next such day
 * (a December announcement for «05.01» is for January).
 */
import { kyivParts } from "../kyiv-time.ts";

export { kyivParts };

/** Kyiv's offset from UTC at an instant, in milliseconds (+2 h in winter, +3 h in summer). */
function offsetAt(at: number): number {
  const p = kyivParts(new Date(at));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(at / 60_000) * 60_000;
}

/** The instant of a Kyiv wall-clock time (month 1–12). */
export function fromKyiv(year: number, month: number, day: number, hour: number, minute: number): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let at = wall - offsetAt(wall);
  at = wall - offsetAt(at);
  return new Date(at);
}

const two = (value: number) => String(value).padStart(2, "0");

/** «30.11.2026 10:00», Kyiv time. */
export function formatKyiv(at: Date): string {
  const p = kyivParts(at);
  return `${two(p.day)}.${two(p.month)}.${p.year} ${two(p.hour)}:${two(p.minute)}`;
}

export type ParsedTime = { ok: true; at: Date } | { ok: false; error: "format" | "past" | "too-far" };

/** How far ahead an announcement may be scheduled. */
export const MAX_SCHEDULE_DAYS = 90;

const TODAY = /^(сьогодні|сегодня|today)$/;
const TOMORROW = /^(завтра|tomorrow)$/;

/**
 * Reads a typed date and time (Kyiv time) relative to `now`: it must be later than now and within
 * MAX_SCHEDULE_DAYS. A time alone is today's (tomorrow's once it has passed).
 */
export function parseKyivDateTime(input: string, now: Date): ParsedTime {
  const tokens = input
    .trim()
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((token) => token && !/^(о|об|at|в|на|р\.?|року|year)$/u.test(token));
  // The time: «10:00», or (none with a colon) the last «10.00» — «05.01 09.00» is a date and a time.
  let timeAt = tokens.findIndex((token) => /^([01]?\d|2[0-3]):[0-5]\d$/.test(token));
  if (timeAt < 0) timeAt = tokens.findLastIndex((token) => /^([01]?\d|2[0-3])\.[0-5]\d$/.test(token));
  if (timeAt < 0) return { ok: false, error: "format" };
  const [hour, minute] = tokens[timeAt]!.split(/[:.]/).map(Number) as [number, number];
  const rest = tokens.filter((_, index) => index !== timeAt).join(" ");
  const today = kyivParts(now);
  const tomorrow = kyivParts(new Date(fromKyiv(today.year, today.month, today.day, 12, 0).getTime() + 86_400_000));
  let year: number | undefined;
  let month: number;
  let day: number;
  const mode = rest === "" ? "time-only" : TODAY.test(rest) ? "today" : TOMORROW.test(rest) ? "tomorrow" : "date";
  if (mode === "time-only" || mode === "today") ({ year, month, day } = today);
  else if (mode === "tomorrow") ({ year, month, day } = tomorrow);
  else {
    const dateMatch = /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?$/.exec(rest);
    if (!dateMatch) return { ok: false, error: "format" };
    day = Number(dateMatch[1]);
    month = Number(dateMatch[2]);
    if (dateMatch[3]) year = dateMatch[3].length === 2 ? 2000 + Number(dateMatch[3]) : Number(dateMatch[3]);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return { ok: false, error: "format" };
  const build = (y: number, m = month, d = day) => {
    const at = fromKyiv(y, m, d, hour, minute);
    const check = kyivParts(at);
    return check.day === d && check.month === m ? at : undefined; // 31.02 does not exist
  };
  let at = build(year ?? today.year);
  if (at && at.getTime() <= now.getTime()) {
    // A time alone that has passed is tomorrow's; a date typed without a year that has passed, next year's.
    if (mode === "time-only") at = build(tomorrow.year, tomorrow.month, tomorrow.day);
    else if (mode === "date" && year === undefined) at = build(today.year + 1);
  }
  if (!at) return { ok: false, error: "format" };
  if (at.getTime() <= now.getTime()) return { ok: false, error: "past" };
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * 86_400_000) return { ok: false, error: "too-far" };
  return { ok: true, at };
}
