import { stringify as stringifyCsv } from "csv-stringify/sync";
import type { Catalog } from "../catalog/catalog.ts";
import { DEFAULT_DANGER_REMINDER_MINUTES } from "../config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { HelpRequest } from "../generated/prisma/client.ts";
import { REQUEST_STATUSES, type RequestStatus } from "../requests/lifecycle.ts";
import { withoutDisplayControls } from "../requests/text.ts";

/**
 * What a resident typed, made safe for a spreadsheet: a cell starting with = + - @ (or a tab or CR) is
 * a formula to Excel and LibreOffice (OWASP "CSV injection"), so it gets a leading apostrophe, which
 * they show as text; characters that reorder or hide text are dropped, as on the cards.
 */
export function spreadsheetText(text: string | null | undefined): string {
  const shown = withoutDisplayControls(text ?? "");
  return /^[=+\-@\t\r]/.test(shown) ? `'${shown}` : shown;
}

/**
 * The staff side's queries and bookkeeping: where each card is, which group message belongs to which
 * request (kept in the database, so a staff reply finds its request after any restart), who is staff,
 * what is overdue, statistics and exports for a department.
 */

/** What a bot message in a staff group is for; a staff reply to it means different things. */
export type StaffMessagePurpose = "card" | "relay" | "reply-prompt" | "question-prompt" | "reject-prompt";

export interface DepartmentStats {
  byStatus: Record<RequestStatus, number>;
  byService: Array<{ serviceId: string | null; count: number }>;
  /** Median minutes from a request to its first staff answer; null when nothing was answered. */
  medianFirstAnswerMinutes: number | null;
  total: number;
}

export class InboxService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalog: Catalog,
    /** Config.dangerReminderMinutes: a 🆘 request is overdue (and reminded) this soon. */
    private readonly dangerReminderMinutes = DEFAULT_DANGER_REMINDER_MINUTES,
  ) {}

  /** How long a request may wait untaken: its department's hours, and for a 🆘 request at most dangerReminderMinutes. */
  private reminderMs(request: Pick<HelpRequest, "departmentKey" | "danger">): number {
    const hours = (this.department(request.departmentKey)?.reminderHours ?? 24) * 3_600_000;
    return request.danger ? Math.min(hours, this.dangerReminderMinutes * 60_000) : hours;
  }

  /** The departments whose staff group is this chat (usually one). */
  departmentsOfChat(chatId: number): Array<{ key: string; communityId: string }> {
    const found: Array<{ key: string; communityId: string }> = [];
    for (const community of this.catalog.communities.values()) {
      for (const department of community.departments) {
        if (department.chatId === chatId) found.push({ key: `${community.id}/${department.id}`, communityId: community.id });
      }
    }
    return found;
  }

  department(key: string) {
    const [communityId, slug] = key.split("/");
    return this.catalog.communities.get(communityId!)?.departments.find((department) => department.id === slug);
  }

  /** Staff of a department: its configured user ids (group admins are checked by the bot layer). */
  isConfiguredStaff(departmentKey: string, userId: number): boolean {
    return this.department(departmentKey)?.staffUserIds.includes(userId) ?? false;
  }

  async requestById(id: number): Promise<HelpRequest | null> {
    return this.prisma.helpRequest.findUnique({ where: { id } });
  }

  /** Redraws a card that staff saw in an old state. */
  async refreshCard(request: HelpRequest): Promise<void> {
    if (request.cardChatId === null) return;
    await this.prisma.outboxMessage.create({ data: { chatId: request.cardChatId, kind: "staff-card-update", requestId: request.id, payload: {} } });
  }

  /** Tells the staff member, under their reply, that it went to the resident. */
  async queueAck(request: HelpRequest, chatId: number, replyTo: number): Promise<void> {
    await this.prisma.outboxMessage.create({ data: { chatId: BigInt(chatId), kind: "staff-ack", requestId: request.id, payload: { replyTo } } });
  }

  async recordCard(requestId: number, chatId: bigint, messageId: number, topicId?: number): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.helpRequest.update({
        where: { id: requestId },
        data: { cardChatId: chatId, cardMessageId: messageId, ...(topicId === undefined ? {} : { topicId }) },
      }),
      this.prisma.staffMessage.upsert({
        where: { chatId_messageId: { chatId, messageId } },
        create: { chatId, messageId, requestId, purpose: "card" },
        update: { requestId, purpose: "card" },
      }),
    ]);
  }

  async recordStaffMessage(chatId: bigint, messageId: number, requestId: number, purpose: StaffMessagePurpose): Promise<void> {
    await this.prisma.staffMessage.upsert({
      where: { chatId_messageId: { chatId, messageId } },
      create: { chatId, messageId, requestId, purpose },
      update: { requestId, purpose },
    });
  }

  async findByStaffMessage(chatId: number, messageId: number): Promise<{ request: HelpRequest; purpose: StaffMessagePurpose } | null> {
    const row = await this.prisma.staffMessage.findUnique({
      where: { chatId_messageId: { chatId: BigInt(chatId), messageId } },
      include: { request: true },
    });
    return row ? { request: row.request, purpose: row.purpose as StaffMessagePurpose } : null;
  }

  async requestByNumber(number: string): Promise<HelpRequest | null> {
    return this.prisma.helpRequest.findUnique({ where: { number } });
  }

  /**
   * A copy of a request's card that the database did not know (sent just before a crash, so its id
   * was never recorded), found when staff used it: from now on it leads to its request, and it is
   * redrawn as «копія, дивіться нижче».
   */
  async recordCardCopy(requestId: number, chatId: bigint, messageId: number): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.staffMessage.upsert({
        where: { chatId_messageId: { chatId, messageId } },
        create: { chatId, messageId, requestId, purpose: "card" },
        update: {},
      }),
      this.prisma.outboxMessage.create({ data: { chatId, kind: "staff-card-copy", requestId, payload: { messageId } } }),
    ]);
  }

  /**
   * For every request whose card waits for this (unreachable) chat, once per request: a notice to the
   * resident that staff have not received it yet, with a number to call. Returns how many were queued.
   */
  async queueUndeliveredNotices(chatId: bigint): Promise<number> {
    const waiting = await this.prisma.outboxMessage.findMany({
      where: { chatId, status: "pending", kind: "staff-card", requestId: { not: null } },
      select: { requestId: true },
    });
    let queued = 0;
    for (const { requestId } of waiting) {
      const request = await this.requestById(requestId!);
      if (!request || request.residentId === null) continue;
      if ((await this.prisma.outboxMessage.count({ where: { requestId: request.id, kind: "resident-undelivered" } })) > 0) continue;
      await this.prisma.outboxMessage.create({ data: { chatId: request.residentId, kind: "resident-undelivered", requestId: request.id, payload: {} } });
      queued += 1;
    }
    return queued;
  }

  async findByTopic(chatId: number, topicId: number): Promise<HelpRequest | null> {
    return this.prisma.helpRequest.findFirst({ where: { cardChatId: BigInt(chatId), topicId } });
  }

  async forgetTopic(requestId: number): Promise<void> {
    await this.prisma.helpRequest.update({ where: { id: requestId }, data: { topicId: null } });
  }

  async markResidentBlocked(residentId: bigint, at: Date): Promise<void> {
    await this.prisma.resident.updateMany({ where: { id: residentId }, data: { blockedAt: at } });
  }

  /** New requests not taken within their department's reminder hours (🆘 sooner); 🆘 first, then oldest first. */
  async overdue(departmentKeys: string[], now: Date): Promise<HelpRequest[]> {
    const candidates = await this.prisma.helpRequest.findMany({
      where: { departmentKey: { in: departmentKeys }, status: "new" },
      orderBy: [{ danger: "desc" }, { createdAt: "asc" }],
    });
    return candidates.filter((request) => now.getTime() - request.createdAt.getTime() >= this.reminderMs(request));
  }

  /**
   * Queues a reminder for each overdue request not reminded within its department's hours; returns
   * how many. Written with the request's remindedAt in one transaction, so two instances never remind twice.
   */
  async queueReminders(now: Date): Promise<number> {
    const keys = this.catalog.data.communities.flatMap((community) => community.departments.map((d) => `${community.id}/${d.id}`));
    let queued = 0;
    for (const request of await this.overdue(keys, now)) {
      const since = new Date(now.getTime() - this.reminderMs(request));
      if (request.cardChatId === null) continue;
      await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.helpRequest.updateMany({
          where: { id: request.id, status: "new", OR: [{ remindedAt: null }, { remindedAt: { lte: since } }] },
          data: { remindedAt: now },
        });
        if (count === 1) {
          await tx.outboxMessage.create({ data: { chatId: request.cardChatId!, kind: "staff-reminder", requestId: request.id, payload: {} } });
          queued += 1;
        }
      });
    }
    return queued;
  }

  async stats(departmentKeys: string[], from: Date, to: Date): Promise<DepartmentStats> {
    const requests = await this.prisma.helpRequest.findMany({
      where: { departmentKey: { in: departmentKeys }, createdAt: { gte: from, lt: to } },
      select: { status: true, serviceId: true, createdAt: true, firstAnswerAt: true },
    });
    const byStatus = Object.fromEntries(REQUEST_STATUSES.map((status) => [status, 0])) as Record<RequestStatus, number>;
    const byService = new Map<string | null, number>();
    const answerMinutes: number[] = [];
    for (const request of requests) {
      byStatus[request.status] += 1;
      byService.set(request.serviceId, (byService.get(request.serviceId) ?? 0) + 1);
      if (request.firstAnswerAt) answerMinutes.push((request.firstAnswerAt.getTime() - request.createdAt.getTime()) / 60_000);
    }
    answerMinutes.sort((a, b) => a - b);
    const middle = Math.floor(answerMinutes.length / 2);
    const median =
      answerMinutes.length === 0 ? null : answerMinutes.length % 2 ? answerMinutes[middle]! : (answerMinutes[middle - 1]! + answerMinutes[middle]!) / 2;
    return {
      byStatus,
      byService: [...byService].map(([serviceId, count]) => ({ serviceId, count })).sort((a, b) => b.count - a.count),
      medianFirstAnswerMinutes: median === null ? null : Math.round(median),
      total: requests.length,
    };
  }

  /** A department's own requests as CSV, for its staff (they see these details anyway). */
  async exportCsv(departmentKeys: string[], from: Date, to: Date): Promise<string> {
    const requests = await this.prisma.helpRequest.findMany({
      where: { departmentKey: { in: departmentKeys }, createdAt: { gte: from, lt: to } },
      orderBy: { createdAt: "asc" },
    });
    return stringifyCsv(
      requests.map((r) => [
        r.number,
        r.createdAt.toISOString(),
        r.status,
        r.serviceId ?? "",
        r.onBehalf ? "yes" : "no",
        spreadsheetText(r.subjectName),
        spreadsheetText(r.subjectRelation),
        spreadsheetText(r.contactName),
        r.phone ?? "", // normalised by the bot: +380…, never a formula
        spreadsheetText(r.address),
        spreadsheetText(r.details),
        r.callBack ? r.callBackTime ?? "any" : "",
        r.firstAnswerAt?.toISOString() ?? "",
        r.closedAt?.toISOString() ?? "",
      ]),
      {
        header: true,
        columns: ["number", "created", "status", "service", "on_behalf", "for_whom", "relation", "contact", "phone", "address", "details", "call_back", "first_answer", "closed"],
      },
    );
  }
}
