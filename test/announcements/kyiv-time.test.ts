import { describe, expect, it } from "vitest";
import { formatKyiv, fromKyiv, parseKyivDateTime } from "../../src/announcements/kyiv-time.ts";

/** Staff type when an announcement should go, in Kyiv time; the parser reads it relative to now. */
describe("parseKyivDateTime", () => {
  // Sunday 29.11.2026, 21:00 in Kyiv (UTC+2 in winter).
  const now = new Date("2026-11-29T19:00:00Z");
  const at = (text: string) => {
    const parsed = parseKyivDateTime(text, now);
    return parsed.ok ? formatKyiv(parsed.at) : parsed.error;
  };

  it("reads the usual ways of writing a date and a time", () => {
    expect(at("30.11 10:00")).toBe("30.11.2026 10:00");
    expect(at("30.11.2026 10:00")).toBe("30.11.2026 10:00");
    expect(at("30/11/26 10:00")).toBe("30.11.2026 10:00");
    expect(at("10:00 30.11")).toBe("30.11.2026 10:00");
    expect(at("30.11 о 10.00")).toBe("30.11.2026 10:00");
    expect(at("05.01 09.00")).toBe("05.01.2027 09:00"); // a date and a time, both with dots
    expect(at("завтра 9:30")).toBe("30.11.2026 09:30");
    expect(at("Сьогодні о 22:15")).toBe("29.11.2026 22:15");
    expect(at("tomorrow at 8:05")).toBe("30.11.2026 08:05");
  });

  it("a time alone is today's, or tomorrow's once passed; a past date without a year is next year's", () => {
    expect(at("22:00")).toBe("29.11.2026 22:00");
    expect(at("20:00")).toBe("30.11.2026 20:00");
    expect(at("05.01 09:00")).toBe("05.01.2027 09:00");
  });

  it("is Kyiv time, summer and winter", () => {
    expect(parseKyivDateTime("30.11 10:00", now)).toEqual({ ok: true, at: new Date("2026-11-30T08:00:00Z") });
    expect(fromKyiv(2027, 2, 1, 10, 0).toISOString()).toBe("2027-02-01T08:00:00.000Z");
    expect(fromKyiv(2026, 7, 1, 10, 0).toISOString()).toBe("2026-07-01T07:00:00.000Z");
  });

  it("refuses what it cannot read, a time that has passed, and a date too far ahead", () => {
    expect(at("колись потім")).toBe("format");
    expect(at("31.02 10:00")).toBe("format");
    expect(at("30.11")).toBe("format"); // no time
    expect(at("25:00")).toBe("format");
    expect(at("сьогодні 20:00")).toBe("past");
    expect(at("29.11.2026 20:59")).toBe("past");
    expect(at("01.07.2027 10:00")).toBe("too-far");
  });
});
