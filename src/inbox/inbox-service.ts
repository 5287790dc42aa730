import type { Catalog } from "../catalog/catalog.ts";
import { DEFAULT_DANGER_REMINDER_MINUTES } from "../config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { HelpRequest } from "../generated/prisma/client.ts";
import { REQUEST_STATUSES, type RequestStatus } from "../requests/lifecycle.ts";
import { withoutDisplayControls } from "../requests/text.ts";
import { parseTransferNote, type TransferNote } from "../requests/transfer.ts";
import type { Attachment } from "../requests/model.ts";
import type { ThreadCandidate } from "./thread-routing.ts";
import { addAfterClose, latestResidentMessageId, noteWasSearch, residentMessage, threadCandidates } from "./threads.ts";

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
 * what is overdue, statistics for a department (exports: src/exports).
 */

/** What a bot message in a staff group is for; a staff reply to it means different things. */
export type StaffMessagePurpose =
  | "card"
  | "relay"
  | "reply-prompt"
  | "question-prompt"
  | "reject-prompt"
  | "transfer-prompt"
  /** Issue 18: a note for the card, a typed close outcome, a close or decline waiting for its confirmation. */
  | "note-prompt"
  | "close-note-prompt"
  | "close-confirm"
  /** In the resident's own chat: a staff question or answer, so their reply finds its request. */
  | "resident-question"
  | "resident-answer"
  /** In the resident's chat: «напишіть кілька слів» after 👍/👎; the reply is their word. */
  | "resident-feedback";

export interface CardThread {
  transfers: Array<{ at: Date; by: string | null; note: TransferNote | undefined }>;
  /** The latest messages, oldest first: staff questions and answers, the resident's messages. */
  entries: Array<{ at: Date; kind: "question" | "answer" | "message"; text: string | null }>;
  omitted: number;
}

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

  /**
   * Tells the staff member, under their message, what became of it: delivered to the resident, or not
   * (the resident blocked the bot).
   */
  async queueAck(requestId: number, chatId: bigint, replyTo: number, outcome: "delivered" | "blocked"): Promise<void> {
    await this.prisma.outboxMessage.create({ data: { chatId, kind: "staff-ack", requestId, payload: { replyTo, outcome } } });
  }

  async recordCard(requestId: number, chatId: bigint, messageId: number, topicId?: number): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.helpRequest.update({
        where: { id: requestId },
        data: { cardChatId: chatId, cardMessageId: messageId, ...(topicId === undefined ? {} : { topicId }) },
      }),
      this.prisma.staffMessage.upsert({
        where: { chatId_messageId: { chatId, messageId } },
        create: { chatId, messageId, requestId, purpose: "card", threadId: topicId ?? null },
        update: { requestId, purpose: "card", threadId: topicId ?? null },
      }),
    ]);
  }

  /** Records a copy the moment it is sent: replies to it find its request, erasure and transfer reach it. */
  async recordStaffMessage(chatId: bigint, messageId: number, requestId: number, purpose: StaffMessagePurpose, threadId?: number, target?: string): Promise<void> {
    const fields = { requestId, purpose, threadId: threadId ?? null, target: target ?? null };
    await this.prisma.staffMessage.upsert({
      where: { chatId_messageId: { chatId, messageId } },
      create: { chatId, messageId, ...fields },
      update: fields,
    });
  }

  async findByStaffMessage(chatId: number, messageId: number): Promise<{ request: HelpRequest; purpose: StaffMessagePurpose; target: string | null } | null> {
    const row = await this.prisma.staffMessage.findUnique({
      where: { chatId_messageId: { chatId: BigInt(chatId), messageId } },
      include: { request: true },
    });
    return row ? { request: row.request, purpose: row.purpose as StaffMessagePurpose, target: row.target } : null;
  }

  /**
   * The request a staff member's group message was relayed for (an answer or a question sent on to the
   * resident), found through the acknowledgement the outbox carries for it; null for anything else.
   */
  async relayedStaffMessage(chatId: bigint, messageId: number): Promise<HelpRequest | null> {
    const row = await this.prisma.outboxMessage.findFirst({
      where: { kind: "resident-message", payload: { path: ["ack", "messageId"], equals: messageId }, AND: { payload: { path: ["ack", "chatId"], equals: String(chatId) } } },
      select: { requestId: true },
    });
    return row?.requestId ? this.requestById(row.requestId) : null;
  }

  /** The resident's open and lately closed requests a typed text may be about (threads.ts). */
  threadCandidates(residentId: bigint, now = new Date()): Promise<ThreadCandidate[]> {
    return threadCandidates(this.prisma, residentId, now);
  }

  /** A resident's message on a request staff closed lately: to the department, marked so (threads.ts). */
  addAfterClose(residentId: bigint, requestId: number, message: { text?: string; attachment?: Attachment }, now = new Date()): Promise<void> {
    return addAfterClose(this.prisma, now, residentId, requestId, message);
  }

  latestResidentMessageId(residentId: bigint, requestId: number): Promise<number | undefined> {
    return latestResidentMessageId(this.prisma, residentId, requestId);
  }

  residentMessage(residentId: bigint, eventId: number): Promise<{ requestId: number; text: string } | undefined> {
    return residentMessage(this.prisma, residentId, eventId);
  }

  noteWasSearch(residentId: bigint, requestId: number): Promise<void> {
    return noteWasSearch(this.prisma, residentId, requestId);
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

  /** The request of a forum topic: the one whose card is there now, or one that was there before it moved on. */
  async findByTopic(chatId: number, topicId: number): Promise<HelpRequest | null> {
    const current = await this.prisma.helpRequest.findFirst({ where: { cardChatId: BigInt(chatId), topicId } });
    if (current) return current;
    const before = await this.prisma.staffMessage.findFirst({ where: { chatId: BigInt(chatId), threadId: topicId }, include: { request: true }, orderBy: { sentAt: "desc" } });
    return before?.request ?? null;
  }

  /** The thread a card carries after a transfer: each transfer (who, when, why) and the conversation so far. */
  async threadOf(requestId: number, limit = 5): Promise<CardThread | undefined> {
    const transfers = await this.prisma.requestEvent.findMany({ where: { requestId, type: "transfer" }, orderBy: { id: "asc" } });
    if (transfers.length === 0) return undefined;
    const conversation = await this.prisma.requestEvent.findMany({
      where: { requestId, type: { in: ["question", "answer", "message"] } },
      orderBy: { id: "desc" },
      take: limit,
    });
    const total = await this.prisma.requestEvent.count({ where: { requestId, type: { in: ["question", "answer", "message"] } } });
    return {
      transfers: transfers.map((event) => ({ at: event.at, by: event.actorName, note: parseTransferNote(event.note) })),
      entries: conversation.reverse().map((event) => ({ at: event.at, kind: event.type as "question" | "answer" | "message", text: event.note })),
      omitted: total - conversation.length,
    };
  }

  async forgetTopic(requestId: number): Promise<void> {
    await this.prisma.helpRequest.update({ where: { id: requestId }, data: { topicId: null } });
  }

  async markResidentBlocked(residentId: bigint, at: Date): Promise<void> {
    await this.prisma.resident.updateMany({ where: { id: residentId }, data: { blockedAt: at } });
  }

  /**
   * The resident blocked (`blocked`) or unblocked the bot (Telegram's my_chat_member): the mark is set
   * or cleared, the cards of their open requests redrawn, and on an unblock whatever waited for them is
   * sent at once, not after the relay's long wait for an unreachable chat. Returns whether anything changed.
   */
  async setResidentBlocked(residentId: bigint, blocked: boolean, at: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.resident.updateMany({
        where: { id: residentId, blockedAt: blocked ? null : { not: null } },
        data: { blockedAt: blocked ? at : null },
      });
      if (!blocked) await tx.outboxMessage.updateMany({ where: { chatId: residentId, status: "pending" }, data: { availableAt: at, lockedUntil: null } });
      if (count === 0) return false;
      const open = await tx.helpRequest.findMany({
        where: { residentId, status: { in: ["new", "in_progress", "waiting_for_resident"] }, cardChatId: { not: null } },
        select: { id: true, cardChatId: true },
      });
      await tx.outboxMessage.createMany({ data: open.map((r) => ({ chatId: r.cardChatId!, kind: "staff-card-update", requestId: r.id, payload: {} })) });
      return true;
    });
  }

  /**
   * Telegram moved a staff group to a new chat id (a group upgraded to a supergroup): the departments
   * of the old chat get the new one, in the database and in this instance's catalogue; pending outbox
   * messages are re-addressed; open requests get a fresh card there (the old message ids mean nothing
   * in the new chat). Remembered, so the next catalogue import does not undo it. Returns the keys of
   * the departments moved (none when it was already done).
   */
  async migrateChat(from: bigint, to: bigint, at: Date): Promise<string[]> {
    const moved = await this.prisma.$transaction(async (tx) => {
      await tx.chatMigration.upsert({ where: { fromChatId: from }, create: { fromChatId: from, toChatId: to, at }, update: { toChatId: to, at } });
      const departments = await tx.department.findMany({ where: { chatId: from }, select: { key: true } });
      if (departments.length === 0) return [];
      await tx.department.updateMany({ where: { chatId: from }, data: { chatId: to } });
      await tx.outboxMessage.updateMany({ where: { chatId: from, status: "pending" }, data: { chatId: to, availableAt: at, lockedUntil: null } });
      const open = await tx.helpRequest.findMany({ where: { cardChatId: from, status: { in: ["new", "in_progress", "waiting_for_resident"] } }, select: { id: true } });
      await tx.helpRequest.updateMany({ where: { cardChatId: from }, data: { cardChatId: null, cardMessageId: null, topicId: null } });
      await tx.outboxMessage.createMany({ data: open.map((request) => ({ chatId: to, kind: "staff-card", requestId: request.id, payload: {} })) });
      return departments.map((department) => department.key);
    });
    for (const key of moved) {
      const department = this.department(key) as { chatId?: number } | undefined;
      if (department) department.chatId = Number(to);
    }
    return moved;
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
}

/** Applies the group moves Telegram reported (ChatMigration) after a catalogue import, so an old chat id left in a file does not undo them. */
export async function applyChatMigrations(prisma: PrismaClient): Promise<number> {
  const migrations = await prisma.chatMigration.findMany();
  let moved = 0;
  for (const migration of migrations) {
    moved += (await prisma.department.updateMany({ where: { chatId: migration.fromChatId }, data: { chatId: migration.toChatId } })).count;
  }
  return moved;
}
