import type { PrismaClient } from "../db/client.ts";
import { activitySince, weeklyActivity, type Activity } from "../stats/activity.ts";
import type { ExportRow } from "./columns.ts";
import { loadExportRows } from "./requests-export.ts";
import type { ExportPeriod } from "./period.ts";

/** What /export and the /stats chart read from the database, for a group's own departments only. */
export class DepartmentReports {
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
}
