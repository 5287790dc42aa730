import type { PrismaClient } from "../db/client.ts";
import { CLOSED_STATUSES, type RequestStatus } from "../requests/lifecycle.ts";
import { DEFAULT_WORKING_HOURS, kyivMonth, workingDayDeadline, type WeeklyHours } from "./working-day.ts";
import type { CommunityReferralFigures } from "../referrals/report.ts";

/**
 * The public report's figures: per community and Kyiv calendar month, how many requests came (and for
 * which services), how soon staff first answered, how many were closed and how, and how many are still
 * open and for how long. Computed from anonymous columns only (never a name, phone, address or text),
 * and every cell that counts fewer than MIN_CELL requests is suppressed as «<5» (k-anonymity), in the
 * page and in the open data alike.
 */

/** Fewer requests than this in a cell are shown as «<5». */
export const MIN_CELL = 5;
export const SUPPRESSED = "<5" as const;
/** A count, or «<5» when it counts 0–4 requests. */
export type Count = number | typeof SUPPRESSED;
/** A figure derived from requests (a median, a share): null when there is nothing to derive it from, «<5» when too few. */
export type Derived = number | null | typeof SUPPRESSED;

/** The only columns the report reads: nothing personal. */
export interface ReportRequest {
  communityId: string;
  serviceId: string | null;
  status: RequestStatus;
  createdAt: Date;
  firstAnswerAt: Date | null;
  closedAt: Date | null;
  /** How staff closed it (helped, consulted, referred, unreachable, other) or declined it (advice, refusal); never the typed note. */
  outcome?: string | null;
  /** Whether the resident was asked «Чи допомогли Вам?», and their 👍 ("up") or 👎 ("down"); never their note. */
  feedbackAskedAt?: Date | null;
  feedback?: string | null;
}

/** Outcomes of a close (resolved) and of a decline (rejected), as the staff inbox records them. */
export const CLOSE_OUTCOMES = ["helped", "consulted", "referred", "unreachable", "other"] as const;
export const DECLINE_OUTCOMES = ["advice", "refusal"] as const;
export const REPORT_OUTCOMES = [...CLOSE_OUTCOMES, ...DECLINE_OUTCOMES] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export async function loadReportRequests(prisma: PrismaClient): Promise<ReportRequest[]> {
  return prisma.helpRequest.findMany({
    select: { communityId: true, serviceId: true, status: true, createdAt: true, firstAnswerAt: true, closedAt: true, outcome: true, feedbackAskedAt: true, feedback: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Figures of one group of requests (a community's month, or one service in it). */
export interface Figures {
  received: Count;
  /** Requests that had a first answer from staff. */
  answered: Count;
  /** Median hours from arrival to the first staff answer, over the answered requests (one decimal). */
  medianFirstAnswerHours: Derived;
  /** Requests answered before their working-day deadline, and their share of those whose deadline has passed (or were answered). */
  answeredWithinWorkingDay: Count;
  answeredWithinWorkingDayShare: Derived;
  closed: Count;
  closedShare: Derived;
  /** How requests were closed: by status (resolved, declined, withdrawn by the resident). */
  resolved: Count;
  rejected: Count;
  cancelled: Count;
  /** Still open now, and the median days they have been open. */
  open: Count;
  openMedianDays: Derived;
  /** Closed requests by the outcome staff chose (requests closed before outcomes existed have none). */
  outcomes: Record<ReportOutcome, Count>;
  /** Residents asked whether they were helped, and their answers 👍 / 👎 (share of 👍 among answers). */
  feedbackAsked: Count;
  feedbackUp: Count;
  feedbackDown: Count;
  feedbackUpShare: Derived;
}

export interface ServiceFigures extends Figures {
  /**
   * The service; null: free-form requests to the general department; "other": every service with fewer
   * than MIN_CELL requests that month, together (so no row names a service only one or two residents asked for).
   */
  serviceId: string | null | typeof OTHER_SERVICES;
}

export const OTHER_SERVICES = "other" as const;

export interface MonthFigures extends Figures {
  /** "2026-11", Kyiv time. */
  month: string;
  services: ServiceFigures[];
}

export interface CommunityFigures {
  communityId: string;
  months: MonthFigures[];
}

export interface Report {
  generatedAt: Date;
  minCell: number;
  /** Whether any request has a close outcome, or was asked for 👍/👎: the page shows those columns only then. */
  hasOutcomes: boolean;
  hasFeedback: boolean;
  communities: CommunityFigures[];
  /** Referrals to partners by community, partner and outcome (issue 21; src/referrals/report.ts). */
  referrals?: CommunityReferralFigures[];
}

export interface ReportOptions {
  now: Date;
  /** Communities to list even without requests (the catalogue's), in this order. */
  communityIds?: readonly string[];
  workingHours?: WeeklyHours;
}

export function count(n: number): Count {
  return n < MIN_CELL ? SUPPRESSED : n;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A median over `values` (one per request): suppressed when fewer than MIN_CELL requests give it. */
function suppressedMedian(values: number[], unit: number): Derived {
  if (values.length === 0) return null;
  if (values.length < MIN_CELL) return SUPPRESSED;
  return round1(median(values)! / unit);
}

/** part / whole as a fraction with three decimals; suppressed when the part counts fewer than MIN_CELL requests. */
function share(part: number, whole: number): Derived {
  if (whole === 0) return null;
  if (part < MIN_CELL || whole < MIN_CELL) return SUPPRESSED;
  return Math.round((part / whole) * 1000) / 1000;
}

export function figuresOf(requests: readonly ReportRequest[], now: Date, hours: WeeklyHours = DEFAULT_WORKING_HOURS): Figures {
  const answerTimes: number[] = [];
  const openAges: number[] = [];
  let inTime = 0;
  let due = 0;
  let closed = 0;
  const byStatus: Partial<Record<RequestStatus, number>> = {};
  const byOutcome = new Map<string, number>();
  let asked = 0;
  let up = 0;
  let down = 0;
  for (const request of requests) {
    if (request.outcome) byOutcome.set(request.outcome, (byOutcome.get(request.outcome) ?? 0) + 1);
    if (request.feedbackAskedAt) asked += 1;
    if (request.feedback === "up") up += 1;
    else if (request.feedback === "down") down += 1;
    byStatus[request.status] = (byStatus[request.status] ?? 0) + 1;
    const isClosed = CLOSED_STATUSES.has(request.status);
    if (isClosed) closed += 1;
    else openAges.push(now.getTime() - request.createdAt.getTime());
    if (request.firstAnswerAt) answerTimes.push(request.firstAnswerAt.getTime() - request.createdAt.getTime());
    // Timeliness: over requests answered, or whose deadline has passed unanswered — except those the
    // resident withdrew before any answer (nobody was left to answer).
    const deadline = workingDayDeadline(request.createdAt, hours);
    if (request.firstAnswerAt) {
      due += 1;
      if (request.firstAnswerAt.getTime() <= deadline.getTime()) inTime += 1;
    } else if (request.status !== "cancelled" && now.getTime() > deadline.getTime()) {
      due += 1;
    }
  }
  return {
    received: count(requests.length),
    answered: count(answerTimes.length),
    medianFirstAnswerHours: suppressedMedian(answerTimes, HOUR),
    answeredWithinWorkingDay: count(inTime),
    answeredWithinWorkingDayShare: share(inTime, due),
    closed: count(closed),
    closedShare: share(closed, requests.length),
    resolved: count(byStatus.resolved ?? 0),
    rejected: count(byStatus.rejected ?? 0),
    cancelled: count(byStatus.cancelled ?? 0),
    open: count(openAges.length),
    openMedianDays: suppressedMedian(openAges, DAY),
    outcomes: Object.fromEntries(REPORT_OUTCOMES.map((outcome) => [outcome, count(byOutcome.get(outcome) ?? 0)])) as Record<ReportOutcome, Count>,
    feedbackAsked: count(asked),
    feedbackUp: count(up),
    feedbackDown: count(down),
    feedbackUpShare: share(up, up + down),
  };
}

function groupBy<K, T>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The whole report from the requests' anonymous columns; months newest first, services by most requests. */
export function computeReport(requests: readonly ReportRequest[], { now, communityIds = [], workingHours = DEFAULT_WORKING_HOURS }: ReportOptions): Report {
  const byCommunity = groupBy(requests, (r) => r.communityId);
  const ids = [...communityIds, ...[...byCommunity.keys()].filter((id) => !communityIds.includes(id)).sort()];
  return {
    generatedAt: now,
    minCell: MIN_CELL,
    hasOutcomes: requests.some((r) => Boolean(r.outcome)),
    hasFeedback: requests.some((r) => Boolean(r.feedbackAskedAt)),
    communities: ids.map((communityId) => {
      const byMonth = groupBy(byCommunity.get(communityId) ?? [], (r) => kyivMonth(r.createdAt));
      const months = [...byMonth.keys()].sort().reverse();
      return {
        communityId,
        months: months.map((month) => {
          const inMonth = byMonth.get(month)!;
          const groups = [...groupBy(inMonth, (r) => r.serviceId)].sort(
            ([a, x], [b, y]) => y.length - x.length || String(a).localeCompare(String(b)),
          );
          const few = groups.filter(([, list]) => list.length < MIN_CELL).flatMap(([, list]) => list);
          const services: ServiceFigures[] = groups
            .filter(([, list]) => list.length >= MIN_CELL)
            .map(([serviceId, list]) => ({ serviceId, ...figuresOf(list, now, workingHours) }));
          if (few.length > 0) services.push({ serviceId: OTHER_SERVICES, ...figuresOf(few, now, workingHours) });
          return { month, ...figuresOf(inMonth, now, workingHours), services };
        }),
      };
    }),
  };
}
