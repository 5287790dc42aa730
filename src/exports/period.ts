import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { boundedDamerau, maxEditsFor } from "../catalog/matcher/fuzzy.ts";
import { compareDays, isCalendarDay, kyivDay, kyivMidnight, nextDay, type CalendarDay } from "../kyiv-time.ts";

/**
 * What staff type after /export, read without Telegram: two dates («01.11.2026 30.11.2026»,
 * «2026-11-01 2026-11-30», «з 1.11.2026 по 30.11.2026»), one date (that day), a month by name in
 * Ukrainian, Russian or English, with or without a year and with a typo («листопад», «листопада 2026»,
 * «ноябрь», «Nov 2026», «листапад»), a month by number («11.2026», «2026-11»), a year («2026»), or
 * nothing: the last full calendar month. Every day is a Kyiv calendar day; `csv` in front asks for
 * CSV instead of a workbook.
 */

export type ExportFormat = "xlsx" | "csv";

export interface ExportPeriod {
  first: CalendarDay;
  last: CalendarDay;
  /** The instant the first day starts in Kyiv. */
  from: Date;
  /** The instant after the last day ends in Kyiv (exclusive). */
  to: Date;
}

export type ExportRequest =
  | { ok: true; format: ExportFormat; period: ExportPeriod }
  /** unreadable: not a date or month we know; reversed: the end before the start. */
  | { ok: false; reason: "unreadable" | "reversed" };

export const DEFAULT_MONTHS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/export/months.yaml");

const monthsSchema = z
  .object({ months: z.record(z.string().regex(/^(?:[1-9]|1[0-2])$/), z.array(z.string().min(1))) })
  .strict()
  .refine((data) => Object.keys(data.months).length === 12, "all twelve months");

/** Month names by matching key («листопада» → 11). */
export type MonthNames = Map<string, number>;

const keyOf = (word: string) =>
  word
    .toLocaleLowerCase("uk")
    .replace(/ё/g, "е")
    .replace(/['’ʼ`]/g, "")
    .replace(/[.,]+$/, "");

export function loadMonthNames(file = DEFAULT_MONTHS_FILE): MonthNames {
  const parsed = monthsSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`month names (${file}): ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const names: MonthNames = new Map();
  for (const [month, words] of Object.entries(parsed.data.months)) {
    for (const word of words) {
      const key = keyOf(word);
      const known = names.get(key);
      if (known !== undefined && known !== Number(month)) throw new Error(`month names (${file}): «${word}» is given for months ${known} and ${month}`);
      names.set(key, Number(month));
    }
  }
  return names;
}

let defaultMonths: MonthNames | undefined;

/** Words fuzzy matching looks at: shorter forms («лис», «nov») only as typed. */
const MIN_FUZZY = 5;

/** The month a word names, exactly or within a typo or two when only one month is that close. */
export function monthOf(word: string, names: MonthNames): number | undefined {
  const key = keyOf(word);
  const exact = names.get(key);
  if (exact !== undefined || key.length < MIN_FUZZY) return exact;
  const max = maxEditsFor(key.length);
  let best = max + 1;
  let months = new Set<number>();
  for (const [name, month] of names) {
    if (name.length < MIN_FUZZY) continue;
    const distance = boundedDamerau(key, name, max);
    if (distance < best) [best, months] = [distance, new Set([month])];
    else if (distance === best) months.add(month);
  }
  return best <= max && months.size === 1 ? [...months][0] : undefined;
}

/** Words between or around the dates that carry no date: «з 1.11 по 30.11», «from … to …», a dash. */
const FILLER = new Set(["з", "із", "зі", "від", "по", "до", "с", "от", "from", "to", "till", "until", "-", "–", "—", "за", "у", "в", "in", "for", "року", "рік", "р", "г", "year"]);

const YEAR = /^(19[7-9]\d|[2-9]\d{3})$/;

/** A year staff can mean: 1970–9998 (PostgreSQL and Date both take every day of them). */
const year = (text: string): number | undefined => (YEAR.test(text) && text !== "9999" ? Number(text) : undefined);

/** «01.11.2026», «1.11.2026», «01/11/2026», «2026-11-01». */
function dayOf(text: string): CalendarDay | undefined {
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] = dotted ? [dotted[3]!, dotted[2]!, dotted[1]!] : iso ? [iso[1]!, iso[2]!, iso[3]!] : [];
  if (y === undefined || year(y) === undefined) return undefined;
  const day = { year: Number(y), month: Number(m), day: Number(d) };
  return isCalendarDay(day) ? day : undefined;
}

/** «11.2026», «2026-11»: a month by number. */
function monthByNumber(text: string): { year: number; month: number } | undefined {
  const dotted = /^(\d{1,2})[./](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})$/.exec(text);
  const [y, m] = dotted ? [dotted[2]!, dotted[1]!] : iso ? [iso[1]!, iso[2]!] : [];
  if (y === undefined || year(y) === undefined || Number(m) < 1 || Number(m) > 12) return undefined;
  return { year: Number(y), month: Number(m) };
}

const lastDayOf = (y: number, month: number): CalendarDay => {
  const last = new Date(Date.UTC(y, month, 0));
  return { year: y, month, day: last.getUTCDate() };
};

function period(first: CalendarDay, last: CalendarDay): ExportPeriod {
  return { first, last, from: kyivMidnight(first), to: kyivMidnight(nextDay(last)) };
}

const wholeMonth = (y: number, month: number) => period({ year: y, month, day: 1 }, lastDayOf(y, month));

/**
 * Reads the text after /export. `now` decides the default (the last full month in Kyiv) and the year
 * of a month named without one: the latest such month that has begun («грудень» typed in November
 * means last December).
 */
export function parseExportRequest(text: string, now: Date, names: MonthNames = (defaultMonths ??= loadMonthNames())): ExportRequest {
  const words = text
    .trim()
    .replace(/\s*[–—]\s*/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  let format: ExportFormat = "xlsx";
  if (words[0] && /^(csv|xlsx|excel)$/i.test(words[0])) format = words.shift()!.toLowerCase() === "csv" ? "csv" : "xlsx";
  const tokens = words.filter((word) => !FILLER.has(keyOf(word)));
  const today = kyivDay(now);
  const ok = (found: ExportPeriod): ExportRequest => ({ ok: true, format, period: found });
  const unreadable: ExportRequest = { ok: false, reason: "unreadable" };

  if (tokens.length === 0) {
    const month = today.month === 1 ? { year: today.year - 1, month: 12 } : { year: today.year, month: today.month - 1 };
    return ok(wholeMonth(month.year, month.month));
  }
  // One or two dates: that day, or from the first to the last, both included.
  const days = tokens.map(dayOf);
  if (tokens.length <= 2 && days.every((day) => day !== undefined)) {
    const [first, last = first] = days as CalendarDay[];
    return compareDays(first!, last!) > 0 ? { ok: false, reason: "reversed" } : ok(period(first!, last!));
  }
  if (tokens.length === 1) {
    const byNumber = monthByNumber(tokens[0]!);
    if (byNumber) return ok(wholeMonth(byNumber.year, byNumber.month));
    const wholeYear = year(tokens[0]!);
    if (wholeYear !== undefined) return ok(period({ year: wholeYear, month: 1, day: 1 }, { year: wholeYear, month: 12, day: 31 }));
  }
  // A month by name, with its year after or before it («листопад 2026», «2026 листопад»).
  if (tokens.length <= 2) {
    const yearIndex = tokens.findIndex((token) => year(token) !== undefined);
    if (tokens.length === 2 && yearIndex === -1) return unreadable;
    const nameToken = tokens[yearIndex === 0 ? 1 : 0]!;
    const month = monthOf(nameToken, names);
    if (month === undefined) return unreadable;
    const y = yearIndex === -1 ? (month <= today.month ? today.year : today.year - 1) : year(tokens[yearIndex]!)!;
    return ok(wholeMonth(y, month));
  }
  return unreadable;
}
