import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Catalog } from "../catalog/catalog.ts";
import type { PrismaClient } from "../db/client.ts";
import { computeReport, loadReportRequests, type Report } from "./figures.ts";
import { reportCsv, reportJson } from "./open-data.ts";
import { loadReportReferrals, referralFigures } from "../referrals/report.ts";
import { renderReportPage, type ReportLinks } from "./page.ts";
import type { ReportLocale } from "./strings.ts";

/**
 * The public report as files: the page in Ukrainian and English, and the same figures as CSV and JSON.
 * Served at GET /report (see http-server.ts) or written to a folder by `cli report --out DIR`.
 */

export interface ReportFiles {
  uk: string;
  en: string;
  csv: string;
  json: string;
}

/** Links between the files when served at /report, /report?lang=en, /report.csv, /report.json. */
export const HTTP_LINKS: Record<ReportLocale, ReportLinks> = {
  uk: { otherLanguage: "report?lang=en", csv: "report.csv", json: "report.json" },
  en: { otherLanguage: "report", csv: "report.csv", json: "report.json" },
};

/** Links in a static folder: index.html (Ukrainian), en.html, report.csv, report.json. */
export const STATIC_LINKS: Record<ReportLocale, ReportLinks> = {
  uk: { otherLanguage: "en.html", csv: "report.csv", json: "report.json" },
  en: { otherLanguage: "index.html", csv: "report.csv", json: "report.json" },
};

export async function buildReport(prisma: PrismaClient, catalog: Catalog, now: Date): Promise<Report> {
  const requests = await loadReportRequests(prisma);
  const report = computeReport(requests, { now, communityIds: [...catalog.communities.keys()] });
  // Issue 21: referrals by partner and outcome, under the same «<5» rule.
  const referrals = referralFigures(await loadReportReferrals(prisma));
  return referrals.length > 0 ? { ...report, referrals } : report;
}

export async function renderReportFiles(report: Report, catalog: Catalog, links: Record<ReportLocale, ReportLinks>): Promise<ReportFiles> {
  return {
    uk: await renderReportPage(report, { locale: "uk", catalog, links: links.uk }),
    en: await renderReportPage(report, { locale: "en", catalog, links: links.en }),
    csv: reportCsv(report),
    json: reportJson(report, catalog),
  };
}

/** Writes index.html, en.html, report.csv and report.json to `dir`; returns the paths written. */
export async function writeReportFolder(dir: string, files: ReportFiles): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: Array<[string, string]> = [
    ["index.html", files.uk],
    ["en.html", files.en],
    ["report.csv", files.csv],
    ["report.json", files.json],
  ];
  for (const [name, content] of written) await writeFile(path.join(dir, name), content);
  return written.map(([name]) => path.join(dir, name));
}

/**
 * The report an HTTP server serves: built at most once per `maxAgeMs` (figures of a few minutes ago are
 * fine for a public page, and a reload storm does not recount every request).
 */
export class ReportPublisher {
  private cached: { at: number; files: Promise<ReportFiles> } | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalog: Catalog,
    private readonly options: { maxAgeMs?: number; now?: () => Date } = {},
  ) {}

  files(): Promise<ReportFiles> {
    const now = this.options.now?.() ?? new Date();
    const maxAge = this.options.maxAgeMs ?? 5 * 60_000;
    if (!this.cached || now.getTime() - this.cached.at >= maxAge) {
      const files = buildReport(this.prisma, this.catalog, now).then((report) => renderReportFiles(report, this.catalog, HTTP_LINKS));
      this.cached = { at: now.getTime(), files };
      files.catch(() => {
        if (this.cached?.files === files) this.cached = undefined;
      });
    }
    return this.cached.files;
  }
}
