import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { ReportPublisher } from "../../src/report/publish.ts";
import { createHttpServer, type HttpServer } from "../../src/server/http-server.ts";
import { Metrics } from "../../src/server/metrics.ts";
import { databaseTargets } from "../helpers/databases.ts";
import { openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";
import { CHROMIUM, hasChromium, launchChromium, overflowProbe } from "./browser.ts";
import { personalNeedles, REPORT_NOW, seedReportRequests } from "./seed.ts";

/**
 * The public report in a real browser: Debian's chromium opens GET /report served from a database
 * this test seeds, and the figures it shows are checked against that database (counted again in SQL),
 * the layout against a 360 px phone screen, and the text against the personal data seeded.
 * Screenshots go to REPORT_SCREENSHOT_DIR (default: the system's temp folder); docs/report.png is one.
 */

if (!hasChromium) {
  console.warn(`report browser test SKIPPED: ${CHROMIUM} is missing (Debian: apt-get install chromium; CI installs it in .ci/run)`);
}

// CI (.ci/run) installs chromium and sets REQUIRE_CHROMIUM: there a missing browser is a failure, not a skip.
it.runIf(!hasChromium && process.env.REQUIRE_CHROMIUM === "1")("finds Debian's chromium where CI installed it", () => {
  expect.fail(`${CHROMIUM} is missing though REQUIRE_CHROMIUM=1: .ci/run should have installed it`);
});

const SCREENSHOT_DIR = process.env.REPORT_SCREENSHOT_DIR ?? path.join(os.tmpdir(), "hromada-report-screenshots");

/** A table of the page as { row head → { column label → cell text } }. */
const tableScript = (selector: string) => `(() => {
  const table = document.querySelector(${JSON.stringify(selector)});
  if (!table) return null;
  const rows = {};
  for (const tr of table.querySelectorAll("tbody tr")) {
    const cells = {};
    for (const td of tr.querySelectorAll("td")) cells[td.dataset.label] = td.textContent.trim();
    rows[tr.querySelector("th").textContent.trim()] = cells;
  }
  return rows;
})()`;

interface MonthRow {
  community_id: string;
  month: string;
  received: number;
  answered: number;
  median_hours: number | null;
  closed: number;
  open: number;
}

describe.skipIf(!hasChromium)("the public report in Debian's chromium", () => {
  let db: RequestsDatabase;
  let server: HttpServer;
  let base: string;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let months: MonthRow[];

  beforeAll(async () => {
    db = await openRequestsDatabase(databaseTargets[0]!, ["zhytomyr", "vinnytsia"]);
    await seedReportRequests(db);
    const catalog = await db.catalog();
    server = createHttpServer({
      db: db.db,
      metrics: new Metrics(db.prisma),
      logger: createLogger("silent"),
      report: new ReportPublisher(db.prisma, catalog, { now: () => REPORT_NOW }),
    });
    base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
    browser = await launchChromium();
    // The figures counted again straight from the database, in SQL (Kyiv months).
    months = await db.prisma.$queryRawUnsafe<MonthRow[]>(`
      SELECT community_id,
             to_char(created_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Kyiv', 'YYYY-MM') AS month,
             count(*)::int AS received,
             count(first_answer_at)::int AS answered,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_answer_at - created_at) / 3600))::float8 AS median_hours,
             count(*) FILTER (WHERE status IN ('resolved', 'rejected', 'cancelled'))::int AS closed,
             count(*) FILTER (WHERE status NOT IN ('resolved', 'rejected', 'cancelled'))::int AS open
        FROM help_request GROUP BY 1, 2 ORDER BY 1, 2`);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  const uk = new Intl.NumberFormat("uk-UA", { maximumFractionDigits: 1 });
  const ukPercent = new Intl.NumberFormat("uk-UA", { style: "percent", maximumFractionDigits: 0 });
  const shown = (n: number) => (n < 5 ? "<5" : uk.format(n));

  it("shows each community's months with the figures the database holds", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/report`);
    expect(await page.title()).toBe("Як місто відповідає на звернення");
    expect(await page.locator("script").count()).toBe(0); // readable without JavaScript: there is none
    const zhytomyr = (await page.evaluate(tableScript("#zhytomyr table.months"))) as Record<string, Record<string, string>>;
    const vinnytsia = (await page.evaluate(tableScript("#vinnytsia table.months"))) as Record<string, Record<string, string>>;
    const seeded = months.filter((m) => m.community_id === "zhytomyr");
    expect(seeded.map((m) => m.month)).toEqual(["2026-10", "2026-11"]);
    expect(Object.keys(zhytomyr)).toEqual(["Листопад 2026 р.", "Жовтень 2026 р."]);
    for (const [row, month] of [[zhytomyr["Листопад 2026 р."]!, seeded[1]!], [zhytomyr["Жовтень 2026 р."]!, seeded[0]!]] as const) {
      expect(row["Надійшло"]).toBe(shown(month.received));
      expect(row["До першої відповіді (медіана)"]).toBe(`${uk.format(Math.round(month.median_hours! * 10) / 10)} год`);
      expect(row["Закрито"]).toBe(month.closed < 5 ? "<5" : `${ukPercent.format(month.closed / month.received)} (${month.closed})`);
      expect(row["Ще відкриті"]).toBe(shown(month.open));
    }
    // November: six answered on their working day; due were the eight answered and three unanswered past their deadline.
    expect(zhytomyr["Листопад 2026 р."]!["Відповіли протягом робочого дня"]).toBe(`${ukPercent.format(6 / 11)} (6)`);
    expect(zhytomyr["Жовтень 2026 р."]!["Відповіли протягом робочого дня"]).toBe(`${ukPercent.format(1)} (7)`);
    // Vinnytsia's three requests: every count «<5», no median.
    const vinnytsiaRow = vinnytsia["Листопад 2026 р."]!;
    expect(months.find((m) => m.community_id === "vinnytsia")?.received).toBe(3);
    expect(vinnytsiaRow["Надійшло"]).toBe("<5");
    expect(vinnytsiaRow["До першої відповіді (медіана)"]).toBe("<5");
    expect(vinnytsiaRow["Закрито"]).toBe("<5");
    // Services: social taxi named; home care (4) and shelter (1) only together, as «other».
    const services = (await page.evaluate(tableScript("#zhytomyr table.services"))) as Record<string, Record<string, string>>;
    expect(Object.keys(services)).toEqual(["Соціальне таксі", "Інші послуги (у кожній менше ніж 5 звернень)"]);
    expect(services["Соціальне таксі"]!["Надійшло"]).toBe("7");
    expect(services["Інші послуги (у кожній менше ніж 5 звернень)"]!["Надійшло"]).toBe("5");
    expect(await page.locator("#zhytomyr figure.chart svg").count()).toBe(2);
    await page.close();
  });

  it("fits a 360 px phone screen without sideways overflow, and prints", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${base}/report`);
    expect(await page.evaluate(overflowProbe(360))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "report-360.png"), fullPage: true });
    await page.setViewportSize({ width: 1100, height: 900 });
    expect(await page.evaluate(overflowProbe(1100))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "report-1100.png"), fullPage: false });
    await page.setViewportSize({ width: 900, height: 900 });
    await page.locator("#zhytomyr").screenshot({ path: path.join(SCREENSHOT_DIR, "report-zhytomyr.png") });
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav.lang").isVisible()).toBe(false); // print CSS hides the language switch
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString("ascii")).toBe("%PDF");
    await page.close();
  });

  it("switches to English and back", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/report`);
    await page.click("nav.lang a");
    expect(new URL(page.url()).search).toBe("?lang=en");
    expect(await page.title()).toBe("How the city answers requests");
    const rows = (await page.evaluate(tableScript("#zhytomyr table.months"))) as Record<string, Record<string, string>>;
    expect(rows["November 2026"]!["Received"]).toBe("12");
    await page.click("nav.lang a");
    expect(await page.title()).toBe("Як місто відповідає на звернення");
    await page.close();
  });

  it("shows no name, phone, address or text of a request, in the page or its open data", async () => {
    const page = await browser.context.newPage();
    const texts: string[] = [];
    for (const url of [`${base}/report`, `${base}/report?lang=en`]) {
      await page.goto(url);
      texts.push(await page.content(), await page.locator("body").innerText());
    }
    for (const file of ["report.csv", "report.json"]) {
      const response = await page.request.get(`${base}/${file}`); // a browser would download them
      expect(response.status()).toBe(200);
      texts.push(await response.text());
    }
    const all = texts.join("\n");
    for (const needle of personalNeedles()) expect(all, needle).not.toContain(needle);
    expect(texts.at(-2)).toContain(",<5,"); // the CSV suppresses small cells too
    expect(texts.at(-1)).toContain('"received": "<5"');
    await page.close();
  });
});
