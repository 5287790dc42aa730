import { describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog.ts";
import { loadCatalogDirectory } from "../../src/catalog/load.ts";
import { computeReport, figuresOf, MIN_CELL, type ReportRequest } from "../../src/report/figures.ts";
import { reportCsv } from "../../src/report/open-data.ts";
import { renderReportPage } from "../../src/report/page.ts";
import { kyivInstant, kyivMonth, workingDayDeadline } from "../../src/report/working-day.ts";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-11-29T12:00:00Z");

function request(overrides: Partial<ReportRequest> & { createdAt: Date }): ReportRequest {
  return { communityId: "zhytomyr", serviceId: "social-taxi", status: "new", firstAnswerAt: null, closedAt: null, ...overrides };
}

describe("the working day (Kyiv time)", () => {
  it("finds Kyiv wall-clock instants across daylight saving", () => {
    expect(kyivInstant(2026, 11, 2, 17 * 60 + 15).toISOString()).toBe("2026-11-02T15:15:00.000Z"); // winter, UTC+2
    expect(kyivInstant(2026, 6, 1, 8 * 60).toISOString()).toBe("2026-06-01T05:00:00.000Z"); // summer, UTC+3
    expect(kyivMonth(at("2026-10-31T22:30:00Z"))).toBe("2026-11"); // already November in Kyiv
  });

  it("gives a request that day's close, or the next working day's when it came after hours", () => {
    // Monday 2 Nov 2026, 10:00 Kyiv → Monday 17:15.
    expect(workingDayDeadline(at("2026-11-02T08:00:00Z")).toISOString()).toBe("2026-11-02T15:15:00.000Z");
    // Monday 07:00 Kyiv, before opening → still Monday's close.
    expect(workingDayDeadline(at("2026-11-02T05:00:00Z")).toISOString()).toBe("2026-11-02T15:15:00.000Z");
    // Monday 18:00 Kyiv → Tuesday 17:15.
    expect(workingDayDeadline(at("2026-11-02T16:00:00Z")).toISOString()).toBe("2026-11-03T15:15:00.000Z");
    // Friday 16:30 Kyiv (Friday closes at 16:00) → Monday 17:15.
    expect(workingDayDeadline(at("2026-11-06T14:30:00Z")).toISOString()).toBe("2026-11-09T15:15:00.000Z");
    // Saturday → Monday.
    expect(workingDayDeadline(at("2026-11-07T09:00:00Z")).toISOString()).toBe("2026-11-09T15:15:00.000Z");
  });
});

describe("report figures", () => {
  it("counts, medians and shares for a group of requests", () => {
    const monday = (hour: number) => at(`2026-11-02T${String(hour - 2).padStart(2, "0")}:00:00Z`); // Kyiv hour
    const requests = [
      // Answered the same day after 1, 2, 3, 4 and 5 hours.
      ...[1, 2, 3, 4, 5].map((h) => request({ createdAt: monday(9), firstAnswerAt: at(`2026-11-02T${String(7 + h).padStart(2, "0")}:00:00Z`), status: "resolved", closedAt: monday(17) })),
      // Answered two days later: late.
      request({ createdAt: monday(9), firstAnswerAt: at("2026-11-04T08:00:00Z"), status: "in_progress" }),
      // Never answered, deadline passed: late.
      request({ createdAt: monday(10) }),
      // Withdrawn before any answer: not counted for timeliness.
      request({ createdAt: monday(11), status: "cancelled", closedAt: monday(12) }),
    ];
    const figures = figuresOf(requests, NOW);
    expect(figures.received).toBe(8);
    expect(figures.answered).toBe(6);
    // Hours 1, 2, 3, 4, 5, 47 → median 3.5.
    expect(figures.medianFirstAnswerHours).toBe(3.5);
    expect(figures.answeredWithinWorkingDay).toBe(5);
    expect(figures.answeredWithinWorkingDayShare).toBe(Number((5 / 7).toFixed(3)));
    expect(figures.closed).toBe(6);
    expect(figures.closedShare).toBe(0.75);
    expect(figures.resolved).toBe(5);
    expect(figures.cancelled).toBe("<5");
    expect(figures.rejected).toBe("<5");
    expect(figures.open).toBe("<5");
    expect(figures.openMedianDays).toBe("<5"); // two open requests: too few for a median
  });

  it("suppresses every figure counting fewer than five requests, and medians of fewer than five", () => {
    const requests = [0, 1, 2, 3].map((i) => request({ createdAt: at(`2026-11-0${2 + i}T08:00:00Z`), firstAnswerAt: at(`2026-11-0${2 + i}T09:00:00Z`) }));
    const figures = figuresOf(requests, NOW);
    expect(MIN_CELL).toBe(5);
    expect(figures).toMatchObject({ received: "<5", answered: "<5", medianFirstAnswerHours: "<5", answeredWithinWorkingDayShare: "<5", openMedianDays: "<5" });
    expect(figuresOf([], NOW)).toMatchObject({ received: "<5", medianFirstAnswerHours: null, closedShare: null });
  });

  it("groups by community and Kyiv month, newest first, with services of fewer than five requests together", () => {
    const requests = [
      ...Array.from({ length: 6 }, (_, i) => request({ createdAt: at(`2026-10-${10 + i}T08:00:00Z`), serviceId: "home-care" })),
      ...Array.from({ length: 5 }, (_, i) => request({ createdAt: at(`2026-11-${10 + i}T08:00:00Z`), serviceId: "social-taxi" })),
      request({ createdAt: at("2026-11-20T08:00:00Z"), serviceId: "shelter" }),
      request({ createdAt: at("2026-11-21T08:00:00Z"), serviceId: null }),
      request({ createdAt: at("2026-11-21T08:00:00Z"), communityId: "vinnytsia" }),
    ];
    const report = computeReport(requests, { now: NOW, communityIds: ["zhytomyr", "vinnytsia", "kyiv"] });
    expect(report.communities.map((c) => c.communityId)).toEqual(["zhytomyr", "vinnytsia", "kyiv"]);
    const [zhytomyr, vinnytsia, kyiv] = report.communities;
    expect(zhytomyr!.months.map((m) => [m.month, m.received])).toEqual([["2026-11", 7], ["2026-10", 6]]);
    expect(zhytomyr!.months[0]!.services.map((s) => [s.serviceId, s.received])).toEqual([["social-taxi", 5], ["other", "<5"]]);
    expect(zhytomyr!.months[1]!.services.map((s) => [s.serviceId, s.received])).toEqual([["home-care", 6]]);
    expect(vinnytsia!.months.map((m) => [m.month, m.received])).toEqual([["2026-11", "<5"]]);
    expect(kyiv!.months).toEqual([]);
  });
});

describe("outcomes and residents' 👍/👎", () => {
  const closed = (outcome: string, feedback?: "up" | "down"): ReportRequest =>
    request({
      createdAt: at("2026-11-02T08:00:00Z"),
      status: outcome === "advice" || outcome === "refusal" ? "rejected" : "resolved",
      closedAt: at("2026-11-02T10:00:00Z"),
      outcome,
      feedbackAskedAt: outcome === "advice" || outcome === "refusal" ? null : at("2026-11-02T10:00:00Z"),
      feedback: feedback ?? null,
    });
  const requests = [
    ...Array.from({ length: 6 }, () => closed("helped", "up")),
    closed("helped", "down"),
    ...Array.from({ length: 5 }, () => closed("referred")),
    closed("refusal"),
    request({ createdAt: at("2026-11-03T08:00:00Z") }), // closed before outcomes existed: no fields at all
  ];

  it("counts closed requests by outcome and the residents' answers, suppressing small cells", () => {
    const figures = figuresOf(requests, NOW);
    expect(figures.outcomes).toEqual({ helped: 7, consulted: "<5", referred: 5, unreachable: "<5", other: "<5", advice: "<5", refusal: "<5" });
    expect(figures).toMatchObject({ feedbackAsked: 12, feedbackUp: 6, feedbackDown: "<5", feedbackUpShare: 0.857 });
  });

  it("shows the outcome and 👍/👎 columns only once such figures exist, in the page and the CSV", async () => {
    const catalog = new Catalog(loadCatalogDirectory("data/catalog"));
    const links = { otherLanguage: "en.html", csv: "report.csv", json: "report.json" };
    const withOutcomes = computeReport(requests, { now: NOW, communityIds: ["zhytomyr"] });
    expect(withOutcomes).toMatchObject({ hasOutcomes: true, hasFeedback: true });
    const page = await renderReportPage(withOutcomes, { locale: "uk", catalog, links });
    expect(page).toContain("допомогли: 7; направили до інших служб: 5");
    expect(page).toContain("👍 6 · 👎 &lt;5 (запитали: 12)");
    const before = computeReport([request({ createdAt: at("2026-11-03T08:00:00Z") })], { now: NOW, communityIds: ["zhytomyr"] });
    expect(before).toMatchObject({ hasOutcomes: false, hasFeedback: false });
    const plain = await renderReportPage(before, { locale: "en", catalog, links });
    expect(plain).not.toContain("Outcome");
    expect(plain).not.toContain("👍");
    const csv = reportCsv(withOutcomes).split("\n");
    expect(csv[0]).toContain("feedback_up,feedback_down,feedback_up_share,outcome_helped,outcome_consulted");
    expect(csv[1]).toMatch(/^zhytomyr,2026-11,all,14,/);
    expect(csv[1]).toMatch(/,12,6,<5,0\.857,7,<5,5,<5,<5,<5,<5$/);
  });
});
