/**
 * Calendar days and wall-clock times in Kyiv, where the departments work, whatever the server's time
 * zone: the instant a Kyiv day starts, and the Kyiv date and time of an instant. Shared by exports,
 * /stats, announcements' scheduling and the public report. Plain Intl, no library;
 * summer time is taken from the time-zone database Node carries.
 */

import { keepAtMost } from "./kept-at-most.ts";
export const KYIV = "Europe/Kyiv";

export interface CalendarDay {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/**
 * Made at first use, not at import: a formatter with a time zone loads ICU's zone data (~70 ms of a
 * bot's start on a busy 2-core machine), and a resident's first update needs none of it.
 */
let parts: Intl.DateTimeFormat | undefined;
const kyivFormat = () =>
  (parts ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: KYIV,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }));

/** Kyiv's wall clock at an instant, as the fields of a UTC date (what a spreadsheet's date cell holds). */
export function kyivWallClock(instant: Date): Date {
  const ms = instant.getTime();
  if (!(ms >= SINCE_2000)) return wallClockOf(instant);
  // One hour, one offset: formatting an instant in a time zone costs ~0.1–0.5 ms (each request's
  // number takes its Kyiv day), an addition does not.
  const hour = Math.floor(ms / HOUR);
  const offset = offsets.get(hour) ?? keepAtMost(offsets, 1_000, hour, wallClockOf(new Date(hour * HOUR)).getTime() - hour * HOUR);
  return new Date(ms + offset);
}

/**
 * Kyiv's offset from UTC (ms) by UTC hour, for instants since 2000: its clocks have changed only on a
 * UTC hour since (the EU's rules, 01:00 UTC), so an hour has one offset.
 */
const offsets = new Map<number, number>();
const HOUR = 3_600_000;
const SINCE_2000 = Date.UTC(2000, 0, 1);

function wallClockOf(instant: Date): Date {
  const field: Record<string, number> = {};
  for (const part of kyivFormat().formatToParts(instant)) if (part.type !== "literal") field[part.type] = Number(part.value);
  return new Date(Date.UTC(field.year!, field.month! - 1, field.day!, field.hour!, field.minute!, field.second!, instant.getUTCMilliseconds()));
}

/** Kyiv's wall-clock date and time at an instant (month 1–12). */
export function kyivParts(instant: Date): CalendarDay & { hour: number; minute: number; second: number } {
  const wall = kyivWallClock(instant);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The Kyiv calendar day an instant falls on. */
export function kyivDay(instant: Date): CalendarDay {
  const wall = kyivWallClock(instant);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** The instant a Kyiv calendar day starts (00:00 Kyiv time). */
export function kyivMidnight({ year, month, day }: CalendarDay): Date {
  const asUtc = Date.UTC(year, month - 1, day);
  // Kyiv is ahead of UTC; the offset at the guessed instant, then at the corrected one (summer time
  // changes at 03:00/04:00, never at midnight, so the second guess is right).
  let instant = asUtc - (kyivWallClock(new Date(asUtc)).getTime() - asUtc);
  instant = asUtc - (kyivWallClock(new Date(instant)).getTime() - instant);
  return new Date(instant);
}

/** The day after, across months and years. */
export function nextDay({ year, month, day }: CalendarDay): CalendarDay {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** A real date of the calendar (not 30 February). */
export function isCalendarDay({ year, month, day }: CalendarDay): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** 05.11.2026 */
export function formatDay({ year, month, day }: CalendarDay): string {
  return `${String(day).padStart(2, "0")}.${String(month).padStart(2, "0")}.${year}`;
}

/** 2026-11-05, for file names. */
export function isoDay({ year, month, day }: CalendarDay): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
