import type { PrismaClient } from "../db/client.ts";
import { activitySince, weeklyActivity, type Activity } from "../stats/activity.ts";
import { statsChartSpec, type ChartWords } from "../stats/chart.ts";
import type { ExportRow } from "./columns.ts";
import { loadExportRows } from "./requests-export.ts";
import type { ExportPeriod } from "./period.ts";

/** Charts kept: one per group and language is plenty; drawing one costs about a second of CPU. */
const KEPT_CHARTS = 16;

/** What /export and the /stats chart read from the database, for a group's own departments only. */
export class DepartmentReports {
  /** Drawn charts by their spec: /stats again with the same figures sends the same picture without redrawing it. */
  private readonly charts = new Map<string, Buffer>();

  constructor(private readonly prisma: PrismaClient) {}

  requestsFor(departmentKeys: string[], period: Pick<ExportPeriod, "from" | "to">): Promise<ExportRow[]> {
    return loadExportRows(this.prisma, departmentKeys, period);
  }

  /** The last weeks' figures (this week so far included), for the chart. */
  async activity(departmentKeys: string[], now: Date): Promise<Activity> {
    const rows = await this.prisma.helpRequest.findMany({
      where: { departmentKey: { in: departmentKeys }, createdAt: { gte: activitySince(now), lte: now } },
      select: { createdAt: true, serviceId: true, firstAnswerAt: true },
    });
    return weeklyActivity(rows, now);
  }

  /** The /stats chart as a PNG `width` pixels wide, drawn only when its figures or words changed. */
  async statsChart(departmentKeys: string[], now: Date, words: ChartWords, width: number): Promise<Buffer> {
    const spec = statsChartSpec(await this.activity(departmentKeys, now), words);
    const key = `${width}:${JSON.stringify(spec)}`;
    const kept = this.charts.get(key);
    if (kept) {
      this.charts.delete(key);
      this.charts.set(key, kept); // most recently used last
      return kept;
    }
    // Loaded here, not at start: Vega and resvg cost every start of the bot ~1 s (test/startup-imports.test.ts).
    const { chartToPng } = await import("../charts/render.ts");
    const png = await chartToPng(spec, width);
    this.charts.set(key, png);
    if (this.charts.size > KEPT_CHARTS) this.charts.delete(this.charts.keys().next().value!);
    return png;
  }
}
