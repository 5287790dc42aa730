import { parse } from "csv-parse/sync";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { buildReport, renderReportFiles, ReportPublisher, STATIC_LINKS, writeReportFolder } from "../../src/report/publish.ts";
import { createHttpServer, type HttpServer } from "../../src/server/http-server.ts";
import { Metrics } from "../../src/server/metrics.ts";
import { databaseTargets } from "../helpers/databases.ts";
import { openRequestsDatabase, type RequestsDatabase } from "../requests/fixtures.ts";
import { personalNeedles, REPORT_NOW, seedReportRequests } from "./seed.ts";

/** The report over HTTP (only with PUBLIC_REPORT=true), as a static folder, and without personal data: no browser needed. */

describe("PUBLIC_REPORT", () => {
  it("is off unless set to true, and refuses anything but true or false", () => {
    expect(loadConfig({}).publicReport).toBe(false);
    expect(loadConfig({ PUBLIC_REPORT: "true" }).publicReport).toBe(true);
    expect(loadConfig({ PUBLIC_REPORT: "false" }).publicReport).toBe(false);
    expect(() => loadConfig({ PUBLIC_REPORT: "yes" })).toThrow(/PUBLIC_REPORT must be "true" or "false"/);
  });
});

describe("the public report over HTTP and as a folder", () => {
  let db: RequestsDatabase;
  const servers: HttpServer[] = [];
  let on: string;
  let off: string;
  const folder = path.join(os.tmpdir(), `hromada-report-${process.pid}`);

  beforeAll(async () => {
    db = await openRequestsDatabase(databaseTargets[0]!, ["zhytomyr", "vinnytsia"]);
    await seedReportRequests(db);
    const catalog = await db.catalog();
    const serve = async (withReport: boolean) => {
      const server = createHttpServer({
        db: db.db,
        metrics: new Metrics(db.prisma),
        logger: createLogger("silent"),
        ...(withReport ? { report: new ReportPublisher(db.prisma, catalog, { now: () => REPORT_NOW }) } : {}),
      });
      servers.push(server);
      return `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
    };
    on = await serve(true);
    off = await serve(false);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await db?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("is not served unless the report is switched on", async () => {
    for (const file of ["/report", "/report.csv", "/report.json"]) expect((await fetch(`${off}${file}`)).status).toBe(404);
    expect((await fetch(`${off}/healthz`)).status).toBe(200);
  });

  it("serves the page in both languages and the open data, with a policy that allows no script", async () => {
    const page = await fetch(`${on}/report`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<html lang="uk">');
    expect(html).not.toContain("<script");
    expect(await (await fetch(`${on}/report?lang=en`)).text()).toContain('<html lang="en">');
    const csv = await fetch(`${on}/report.csv`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = parse(await csv.text(), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual(["community", "month", "service", "received", "answered", "median_first_answer_hours"]);
    expect(Object.keys(rows[0]!)).toContain("outcome_helped");
    expect(Object.keys(rows[0]!)).toContain("feedback_up");
    const row = (community: string, month: string, service: string) => rows.find((r) => r.community === community && r.month === month && r.service === service);
    expect(row("zhytomyr", "2026-10", "all")).toMatchObject({ received: "7", answered: "7", median_first_answer_hours: "2", answered_within_working_day_share: "1", resolved: "7", rejected: "<5", open: "<5", open_median_days: "" });
    expect(row("zhytomyr", "2026-11", "social-taxi")).toMatchObject({ received: "7", closed: "5" });
    expect(row("zhytomyr", "2026-11", "other")).toMatchObject({ received: "5", answered: "<5" });
    expect(row("zhytomyr", "2026-11", "home-care")).toBeUndefined(); // 4 requests: only within «other»
    expect(row("vinnytsia", "2026-11", "all")).toMatchObject({ received: "<5", answered: "<5", median_first_answer_hours: "<5", closed: "<5" });
    const json = (await (await fetch(`${on}/report.json`)).json()) as { suppression: unknown; communities: Array<{ id: string; months: Array<{ month: string; received: unknown; medianFirstAnswerHours: unknown }> }> };
    expect(json.suppression).toEqual({ minCell: 5, shownAs: "<5" });
    const zhytomyr = json.communities.find((c) => c.id === "zhytomyr")!;
    expect(zhytomyr.months.map((m) => [m.month, m.received, m.medianFirstAnswerHours])).toEqual([["2026-11", 12, 4.5], ["2026-10", 7, 2]]);
  });

  it("writes the same report as a static folder whose links work without a server", async () => {
    const catalog = await db.catalog();
    const files = await renderReportFiles(await buildReport(db.prisma, catalog, REPORT_NOW), catalog, STATIC_LINKS);
    const written = await writeReportFolder(folder, files);
    expect(written.map((file) => path.basename(file))).toEqual(["index.html", "en.html", "report.csv", "report.json"]);
    const index = await readFile(path.join(folder, "index.html"), "utf8");
    expect(index).toContain('href="en.html"');
    expect(index).toContain('href="report.csv"');
    expect(await readFile(path.join(folder, "en.html"), "utf8")).toContain('href="index.html"');
    const all = (await Promise.all(written.map((file) => readFile(file, "utf8")))).join("\n");
    for (const needle of personalNeedles()) expect(all, needle).not.toContain(needle);
    expect(all).toContain("&lt;5");
  });
});
