import { describe, expect, it } from "vitest";
import { formatDay, kyivDay, kyivMidnight, kyivWallClock } from "../../src/kyiv-time.ts";
import { loadMonthNames, monthOf, parseExportRequest, type ExportRequest } from "../../src/exports/period.ts";

const NOW = new Date("2026-12-03T10:00:00Z"); // Thursday 3 December 2026, Kyiv
const names = loadMonthNames();

/** The first and last day read, as staff would write them, or the refusal. */
function read(text: string, now = NOW): string {
  const result: ExportRequest = parseExportRequest(text, now, names);
  return result.ok ? `${result.format} ${formatDay(result.period.first)}–${formatDay(result.period.last)}` : result.reason;
}

describe("Kyiv calendar days", () => {
  it("start at Kyiv's midnight, in winter (UTC+2) and in summer (UTC+3)", () => {
    expect(kyivMidnight({ year: 2026, month: 11, day: 1 }).toISOString()).toBe("2026-10-31T22:00:00.000Z");
    expect(kyivMidnight({ year: 2026, month: 7, day: 1 }).toISOString()).toBe("2026-06-30T21:00:00.000Z");
    // The days summer time starts and ends.
    expect(kyivMidnight({ year: 2026, month: 3, day: 29 }).toISOString()).toBe("2026-03-28T22:00:00.000Z");
    expect(kyivMidnight({ year: 2026, month: 10, day: 25 }).toISOString()).toBe("2026-10-24T21:00:00.000Z");
  });

  it("put an instant on Kyiv's wall clock and day", () => {
    expect(kyivWallClock(new Date("2026-10-31T22:30:00Z")).toISOString()).toBe("2026-11-01T00:30:00.000Z");
    expect(kyivDay(new Date("2026-10-31T21:59:59Z"))).toEqual({ year: 2026, month: 10, day: 31 });
  });
});

describe("/export periods", () => {
  it.each([
    ["01.11.2026 30.11.2026", "xlsx 01.11.2026–30.11.2026"],
    ["1.11.2026 30.11.2026", "xlsx 01.11.2026–30.11.2026"],
    ["01/11/2026 30/11/2026", "xlsx 01.11.2026–30.11.2026"],
    ["2026-11-01 2026-11-30", "xlsx 01.11.2026–30.11.2026"],
    ["з 01.11.2026 по 30.11.2026", "xlsx 01.11.2026–30.11.2026"],
    ["01.11.2026 – 30.11.2026", "xlsx 01.11.2026–30.11.2026"],
    ["01.11.2026–30.11.2026", "xlsx 01.11.2026–30.11.2026"],
    ["from 2026-11-01 to 2026-11-30", "xlsx 01.11.2026–30.11.2026"],
    ["2026-11-05", "xlsx 05.11.2026–05.11.2026"],
    ["05.11.2026", "xlsx 05.11.2026–05.11.2026"],
    ["28.12.2025 03.01.2026", "xlsx 28.12.2025–03.01.2026"],
  ])("two dates or one: %s", (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each([
    ["листопад", "xlsx 01.11.2026–30.11.2026"],
    ["Листопад 2026", "xlsx 01.11.2026–30.11.2026"],
    ["листопада 2026", "xlsx 01.11.2026–30.11.2026"],
    ["за листопад 2026 року", "xlsx 01.11.2026–30.11.2026"],
    ["у листопаді", "xlsx 01.11.2026–30.11.2026"],
    ["листопад 2025", "xlsx 01.11.2025–30.11.2025"],
    ["2025 листопад", "xlsx 01.11.2025–30.11.2025"],
    ["лютий 2028", "xlsx 01.02.2028–29.02.2028"],
    ["ноябрь", "xlsx 01.11.2026–30.11.2026"],
    ["ноября 2026 г.", "xlsx 01.11.2026–30.11.2026"],
    ["November 2026", "xlsx 01.11.2026–30.11.2026"],
    ["nov", "xlsx 01.11.2026–30.11.2026"],
    ["листапад", "xlsx 01.11.2026–30.11.2026"],
    ["жовтнь", "xlsx 01.10.2026–31.10.2026"],
    ["Novembr 2026", "xlsx 01.11.2026–30.11.2026"],
    ["вересень", "xlsx 01.09.2026–30.09.2026"],
    ["березень", "xlsx 01.03.2026–31.03.2026"],
    // The current month so far, and a month still to come this year means last year's.
    ["грудень", "xlsx 01.12.2026–31.12.2026"],
    ["січень", "xlsx 01.01.2026–31.01.2026"],
    ["11.2026", "xlsx 01.11.2026–30.11.2026"],
    ["2026-02", "xlsx 01.02.2026–28.02.2026"],
    ["2026", "xlsx 01.01.2026–31.12.2026"],
  ])("a month or a year: %s", (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it("a month named without a year is the latest that has begun", () => {
    expect(read("грудень", new Date("2026-11-15T10:00:00Z"))).toBe("xlsx 01.12.2025–31.12.2025");
    expect(read("листопад", new Date("2026-11-15T10:00:00Z"))).toBe("xlsx 01.11.2026–30.11.2026");
  });

  it("nothing is the last full calendar month in Kyiv, across the new year", () => {
    expect(read("")).toBe("xlsx 01.11.2026–30.11.2026");
    expect(read("", new Date("2027-01-10T10:00:00Z"))).toBe("xlsx 01.12.2026–31.12.2026");
    // 00:30 on 1 December in Kyiv is still 30 November in UTC: Kyiv's calendar decides.
    expect(read("", new Date("2026-11-30T22:30:00Z"))).toBe("xlsx 01.11.2026–30.11.2026");
    expect(read("", new Date("2026-11-30T21:30:00Z"))).toBe("xlsx 01.10.2026–31.10.2026");
  });

  it("csv in front asks for CSV, with any period form", () => {
    expect(read("csv")).toBe("csv 01.11.2026–30.11.2026");
    expect(read("csv листопад")).toBe("csv 01.11.2026–30.11.2026");
    expect(read("CSV 01.11.2026 30.11.2026")).toBe("csv 01.11.2026–30.11.2026");
    expect(read("xlsx 2026-11-01 2026-11-30")).toBe("xlsx 01.11.2026–30.11.2026");
  });

  it("covers the whole of the last day, to Kyiv's midnight after it", () => {
    const result = parseExportRequest("01.11.2026 30.11.2026", NOW, names);
    expect(result.ok && [result.period.from.toISOString(), result.period.to.toISOString()]).toEqual(["2026-10-31T22:00:00.000Z", "2026-11-30T22:00:00.000Z"]);
  });

  it.each([
    ["30.11.2026 01.11.2026", "reversed"],
    ["2026-11-30 2026-11-01", "reversed"],
    ["30.02.2026 01.03.2026", "unreadable"],
    ["2026-13-01 2026-12-01", "unreadable"],
    ["0000-01-01 9999-12-31", "unreadable"],
    ["+275760-09-13 +275760-09-13", "unreadable"],
    ["01.11.26 30.11.26", "unreadable"],
    ["0000-01-01 9999-12-31 x", "unreadable"],
    ["вчора", "unreadable"],
    ["листопад грудень", "unreadable"],
    ["13.2026", "unreadable"],
    ["лист 2026 x", "unreadable"],
  ])("refuses %s (%s)", (text, reason) => {
    expect(read(text)).toBe(reason);
  });
});

describe("month names (data/export/months.yaml)", () => {
  it("reads every month in Ukrainian, Russian and English", () => {
    const months = ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень", "жовтень", "листопад", "грудень"];
    expect(months.map((m) => monthOf(m, names))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(["январь", "май", "декабрь", "June", "July", "sept"].map((m) => monthOf(m, names))).toEqual([1, 5, 12, 6, 7, 9]);
  });

  it("takes a typo only when one month is that close, and short forms only as typed", () => {
    expect(monthOf("вересеня", names)).toBe(9);
    expect(monthOf("червеь", names)).toBe(6);
    expect(monthOf("juyl", names)).toBeUndefined(); // four letters: June or July?
    expect(monthOf("лiстопад", names)).toBe(11); // a Latin i in a Cyrillic word
    expect(monthOf("стіл", names)).toBeUndefined();
  });
});
