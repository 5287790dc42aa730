import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { chartToPng, chartToSvg } from "../../src/charts/render.ts";
import { activitySince, median, weekStart, weeklyActivity, type ActivityRow } from "../../src/stats/activity.ts";
import { CHART_SERVICES, statsChartSpec, type ChartWords } from "../../src/stats/chart.ts";

const i18n = createI18n("uk");
const NOW = new Date("2026-11-26T10:00:00Z"); // Thursday; the week began on Monday 23 November (Kyiv)

const words = (locale: "uk" | "en" = "uk"): ChartWords => ({
  t: (key, variables) => i18n.t(locale, key, variables),
  serviceName: (id) => (id === null ? "без послуги" : `Послуга ${id}`),
  locale,
});

const at = (iso: string, serviceId: string | null = "home-care", answeredAfterMinutes?: number): ActivityRow => {
  const createdAt = new Date(iso);
  return { createdAt, serviceId, firstAnswerAt: answeredAfterMinutes === undefined ? null : new Date(createdAt.getTime() + answeredAfterMinutes * 60_000) };
};

/** The data of each panel of a spec (vconcat of layered views with inline values). */
const panels = (spec: unknown) => (spec as { vconcat: Array<{ data: { values: Array<Record<string, unknown>> } }> }).vconcat.map((panel) => panel.data.values);

describe("weekly figures for the chart", () => {
  it("count Kyiv weeks from Monday: a Sunday night in UTC is already Monday in Kyiv", () => {
    expect(weekStart(new Date("2026-11-22T22:30:00Z"))).toEqual({ year: 2026, month: 11, day: 23 }); // 22:30 Sunday UTC = 00:30 Monday Kyiv
    expect(weekStart(new Date("2026-11-22T21:59:00Z"))).toEqual({ year: 2026, month: 11, day: 16 }); // 23:59 Sunday Kyiv
    expect(weekStart(new Date("2026-11-23T10:00:00Z"))).toEqual({ year: 2026, month: 11, day: 23 });
    expect(activitySince(NOW).toISOString()).toBe("2026-10-04T21:00:00.000Z"); // Monday 5 October, Kyiv summer time
  });

  it("give eight weeks with their requests and median first answer, and the services asked for most", () => {
    const activity = weeklyActivity(
      [
        at("2026-11-24T09:00:00Z", "home-care", 30),
        at("2026-11-25T09:00:00Z", "home-care", 90),
        at("2026-11-25T10:00:00Z", "social-taxi"),
        at("2026-11-17T09:00:00Z", "social-taxi", 600),
        at("2026-10-06T09:00:00Z", null, 20),
        at("2026-09-30T09:00:00Z", "home-care", 1), // before the eight weeks
      ],
      NOW,
    );
    expect(activity.weeks).toHaveLength(8);
    expect(activity.weeks.map((w) => w.requests)).toEqual([1, 0, 0, 0, 0, 0, 1, 3]);
    expect(activity.weeks.map((w) => w.medianFirstAnswerMinutes)).toEqual([20, null, null, null, null, null, 600, 60]);
    expect(activity.weeks[0]!.start).toEqual({ year: 2026, month: 10, day: 5 });
    expect(activity.services).toEqual([
      { serviceId: "home-care", count: 2 },
      { serviceId: "social-taxi", count: 2 },
      { serviceId: null, count: 1 },
    ]);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });
});

describe("the /stats chart spec", () => {
  it("puts the weeks, the top services (the rest as «other») and the answer times in three panels", () => {
    const rows = [
      ...Array.from({ length: 9 }, (_, i) => at("2026-11-24T09:00:00Z", `s${i}`, 30 + i)),
      ...Array.from({ length: 3 }, () => at("2026-11-24T10:00:00Z", "s0")),
      at("2026-11-10T10:00:00Z", "s1", 300),
    ];
    const spec = statsChartSpec(weeklyActivity(rows, NOW), words());
    const [weeks, services, answers] = panels(spec);
    expect(weeks!.map((w) => w.week)).toEqual(["05.10", "12.10", "19.10", "26.10", "02.11", "09.11", "16.11", "23.11"]);
    expect(weeks!.map((w) => w.requests)).toEqual([0, 0, 0, 0, 0, 1, 0, 12]);
    expect(services).toHaveLength(CHART_SERVICES + 1);
    expect(services![0]).toEqual({ service: "Послуга s0", count: 4 });
    expect(services!.at(-1)).toEqual({ service: "інші послуги", count: 3 }); // s6, s7, s8
    // A week answered in five hours: the panel speaks in hours, with one decimal.
    expect(answers).toEqual([
      { week: "09.11", value: 5 },
      { week: "23.11", value: 0.6 },
    ]);
    const text = JSON.stringify(spec);
    for (const key of ["stats-chart-weeks", "stats-chart-services", "stats-chart-answer", "stats-chart-hours"]) expect(text).toContain(i18n.t("uk", key));
    expect(text).toContain(i18n.t("uk", "stats-chart-title", { weeks: 8 }));
  });

  it("speaks in minutes while answers come within two hours, and in English for English staff", () => {
    const spec = statsChartSpec(weeklyActivity([at("2026-11-24T09:00:00Z", "home-care", 45)], NOW), words("en"));
    expect(panels(spec)[2]).toEqual([{ week: "23.11", value: 45 }]);
    const text = JSON.stringify(spec);
    expect(text).toContain("Minutes");
    expect(text).toContain("Requests per week");
    expect(text).not.toContain("Звернень");
  });

  it("is drawn to a PNG of the asked width, with its words in the SVG", async () => {
    const spec = statsChartSpec(weeklyActivity([at("2026-11-24T09:00:00Z", "home-care", 45), at("2026-11-17T09:00:00Z", null)], NOW), words());
    const svg = await chartToSvg(spec);
    expect(svg).toContain("Звернення щотижня");
    expect(svg).toContain("Послуга home-care");
    const png = await chartToPng(spec, 900);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(900);
  });

  it("labels the answer-time axis in whole minutes when every answer came within a minute", async () => {
    const created = new Date("2026-11-24T09:00:00Z");
    const quick = { createdAt: created, serviceId: "home-care", firstAnswerAt: new Date(created.getTime() + 3_000) };
    const svg = await chartToSvg(statsChartSpec(weeklyActivity([quick], NOW), words()));
    const numbers = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!).filter((text) => /^[\d,.]+$/.test(text));
    expect(numbers.some((text) => /,\d{3,}/.test(text))).toBe(false);
    expect(numbers).toEqual(expect.arrayContaining(["0", "1", "5"]));
  });

  it("draws an empty department too (no requests yet)", async () => {
    const spec = statsChartSpec(weeklyActivity([], NOW), words());
    expect(panels(spec).map((values) => values.length)).toEqual([8, 0, 0]);
    expect((await chartToPng(spec, 600)).readUInt32BE(16)).toBe(600);
  });
});
