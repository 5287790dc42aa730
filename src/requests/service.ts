import type { Catalog } from "../catalog/catalog.ts";
import type { PrismaClient } from "../db/client.ts";
import { Prisma, type HelpRequest } from "../generated/prisma/client.ts";
import { assertTransition, OPEN_STATUSES, type ActorKind, type RequestStatus } from "./lifecycle.ts";
import { detectDanger } from "./danger.ts";
import { formatRequestNumber, nextSequence } from "./numbering.ts";

/**
 * The help-request lifecycle as the domain sees it: create, list, follow up, cancel, change status,
 * erase. Every change writes an audit event, and every message it causes (a card for staff, a note for
 * the resident) goes into the outbox in the same transaction. No Telegram here: outbox payloads name
 * what to send; the bot layer renders them in the reader's language when it delivers them.
 */

export type AttachmentKind = "voice" | "audio" | "video_note" | "photo" | "document";
export interface Attachment {
  kind: AttachmentKind;
  fileId: string;
}

export const CALL_BACK_TIMES = ["morning", "afternoon", "evening", "any"] as const;
export type CallBackTime = (typeof CALL_BACK_TIMES)[number];

/** What the request dialogue collects. Texts are as the resident typed them (escaped when shown). */
export interface RequestDraft {
  communityId: string;
  /** Undefined: a free-form request for the general department. */
  serviceId?: string;
  onBehalf: boolean;
  subjectName?: string;
  subjectRelation?: string;
  contactName?: string;
  /** International form, +380XXXXXXXXX; none when the resident must not be phoned (contactByBotOnly). */
  phone?: string;
  address?: string;
  details?: string;
  attachments: Attachment[];
  callBack: boolean;
  callBackTime?: CallBackTime;
  consentAt: Date;
  /** The dialogue's idempotency key: a second submit with it returns the first request (see findSubmitted). */
  submitKey?: string;
  /** 🆘 priority: the resident's words signalled danger (see requests/danger.ts). */
  danger?: boolean;
  /** Safe mode: do not phone; staff answer only in the bot. */
  contactByBotOnly?: boolean;
}

export interface Actor {
  kind: ActorKind;
  /** Telegram user id of the resident or staff member; none for the system. */
  id?: bigint;
  /** A staff member's first name, shown on the card when they take a request. */
  name?: string;
}

/** Outbox kinds; the bot layer knows how to render each. */
export type OutboxKind =
  | "staff-card"
  | "staff-card-update"
  | "staff-attachment"
  | "staff-relay"
  | "staff-reminder"
  | "staff-alert"
  | "staff-ack"
  | "staff-delete-message"
  | "dialogue-expired"
  | "resident-status"
  | "resident-transferred"
  | "resident-message";

export class RequestNotFoundError extends Error {
  override name = "RequestNotFoundError";
}
export class TooManyOpenRequestsError extends Error {
  override name = "TooManyOpenRequestsError";
  constructor(readonly limit: number) {
    super(`a resident may have at most ${limit} open requests`);
  }
}
/** Someone else changed the request first (a stale button, two staff members at once). */
export class StaleRequestError extends Error {
  override name = "StaleRequestError";
}

export interface RequestServiceOptions {
  prisma: PrismaClient;
  catalog: Catalog;
  /** Open requests one resident may have at once; stops floods without turning real needs away. */
  maxOpenPerResident?: number;
  now?: () => Date;
}

export interface CreatedRequest {
  id: number;
  number: string;
  departmentKey: string;
  /** True when the submit key had already made this request: nothing new was created. */
  alreadySent?: boolean;
}

export type RequestSummary = Pick<HelpRequest, "id" | "number" | "status" | "serviceId" | "createdAt" | "updatedAt" | "onBehalf">;

type Tx = Prisma.TransactionClient;

/** One message of a request's conversation, as its resident may see it: who wrote it, never which staff member. */
export interface ResidentHistoryEntry {
  at: Date;
  /** "staff": an answer or question from the department; "resident": the resident's own follow-up. */
  from: "staff" | "resident";
  kind: "answer" | "question" | "message";
  /** Null for a follow-up that was only a photo, a voice message or a file. */
  text: string | null;
}

/**
 * What a resident may see of their own request: its state, which department has it, and the latest
 * messages between them and the department. Carries no staff id or name (not `takenByName`, not actor
 * ids), so nothing down the line can show a staff member to a resident.
 */
export interface ResidentHistory {
  request: Pick<HelpRequest, "id" | "number" | "status" | "serviceId" | "createdAt" | "closedAt" | "departmentKey" | "anonymisedAt">;
  /** The latest `limit` messages, oldest first (newest last). */
  entries: ResidentHistoryEntry[];
  /** How many older messages were left out. */
  omitted: number;
  /** The staff's reason, when the request was declined (and one was given). */
  rejectionReason: string | null;
  /** When the request was last handed to another department (`request.departmentKey` is the one that has it now). */
  transferredAt: Date | null;
}

/** Event types that make up the conversation between a resident and the department. */
const CONVERSATION_TYPES = ["answer", "question", "message"] as const;


export class RequestService {
  private readonly prisma: PrismaClient;
  private readonly catalog: Catalog;
  private readonly maxOpen: number;
  private readonly now: () => Date;

  constructor(options: RequestServiceOptions) {
    this.prisma = options.prisma;
    this.catalog = options.catalog;
    this.maxOpen = options.maxOpenPerResident ?? 5;
    this.now = options.now ?? (() => new Date());
  }

  /** Remembers a resident's language and community, so messages sent later (by the relay) use them. */
  async rememberResident(residentId: bigint, locale: string, communityId?: string): Promise<void> {
    await this.prisma.resident.upsert({
      where: { id: residentId },
      create: { id: residentId, locale, communityId: communityId ?? null },
      update: { locale, ...(communityId ? { communityId } : {}), blockedAt: null },
    });
  }

  async createRequest(residentId: bigint, locale: string, draft: RequestDraft): Promise<CreatedRequest> {
    const community = this.catalog.communities.get(draft.communityId);
    if (!community) throw new RequestNotFoundError(`no community ${draft.communityId}`);
    const department = this.catalog.departmentFor(draft.communityId, draft.serviceId);
    if (!department) throw new Error(`community ${draft.communityId} has no general department`);
    const departmentKey = `${draft.communityId}/${department.id}`;
    const now = this.now();
    return this.prisma.$transaction(async (tx) => {
      // The upsert locks the resident's row first, so two requests sent at once count one after the other.
      await tx.resident.upsert({
        where: { id: residentId },
        create: { id: residentId, locale, communityId: draft.communityId },
        update: { locale },
      });
      if (draft.submitKey) {
        const made = await tx.helpRequest.findUnique({ where: { submitKey: draft.submitKey }, select: { id: true, number: true, departmentKey: true, residentId: true } });
        if (made && made.residentId === residentId) return { id: made.id, number: made.number, departmentKey: made.departmentKey, alreadySent: true };
      }
      const open = await tx.helpRequest.count({ where: { residentId, status: { in: [...OPEN_STATUSES] } } });
      if (open >= this.maxOpen) throw new TooManyOpenRequestsError(this.maxOpen);
      const year = kyivYear(now);
      const number = formatRequestNumber(community.requestPrefix, year, await nextSequence(tx, draft.communityId, year));
      const request = await tx.helpRequest.create({
        data: {
          number,
          communityId: draft.communityId,
          serviceId: draft.serviceId ?? null,
          departmentKey,
          residentId,
          locale,
          onBehalf: draft.onBehalf,
          subjectName: draft.subjectName ?? null,
          subjectRelation: draft.subjectRelation ?? null,
          contactName: draft.contactName ?? null,
          phone: draft.phone ?? null,
          address: draft.address ?? null,
          details: draft.details ?? null,
          attachments: draft.attachments.length > 0 ? (draft.attachments as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
          callBack: draft.callBack,
          callBackTime: draft.callBackTime ?? null,
          consentAt: draft.consentAt,
          submitKey: draft.submitKey ?? null,
          // 🆘 when the dialogue says so, or when the resident's own words signal danger.
          danger: draft.danger ?? (draft.details !== undefined && detectDanger(draft.details).length > 0),
          contactByBotOnly: draft.contactByBotOnly ?? false,
          createdAt: now,
        },
      });
      await tx.requestEvent.create({
        data: { requestId: request.id, at: now, actorKind: "resident", actorId: residentId, type: "created", toStatus: "new" },
      });
      await this.queueForDepartment(tx, request.id, departmentKey, "staff-card", {});
      for (const [index] of draft.attachments.entries()) {
        await this.queueForDepartment(tx, request.id, departmentKey, "staff-attachment", { index });
      }
      return { id: request.id, number, departmentKey };
    });
  }

  /** The request a dialogue's submit key made, if it made one (and it is this resident's). */
  async findSubmitted(residentId: bigint, submitKey: string): Promise<{ id: number; number: string } | null> {
    const made = await this.prisma.helpRequest.findUnique({ where: { submitKey }, select: { id: true, number: true, residentId: true } });
    return made && made.residentId === residentId ? { id: made.id, number: made.number } : null;
  }

  async listForResident(residentId: bigint, limit = 20): Promise<RequestSummary[]> {
    return this.prisma.helpRequest.findMany({
      where: { residentId },
      orderBy: { createdAt: "desc" },
      take: limit,
      select: { id: true, number: true, status: true, serviceId: true, createdAt: true, updatedAt: true, onBehalf: true },
    });
  }

  /** The request, only if it is this resident's: nobody can open another resident's request. */
  async getForResident(residentId: bigint, requestId: number): Promise<HelpRequest> {
    const request = await this.prisma.helpRequest.findFirst({ where: { id: requestId, residentId } });
    if (!request) throw new RequestNotFoundError(`request ${requestId} is not this resident's`);
    return request;
  }

  /**
   * A resident's own request with its conversation so far: staff answers and questions and the
   * resident's follow-ups, the latest `limit` of them, newest last. Only the resident's own request
   * (as getForResident); after retention erased a request's data, its messages are gone and none are
   * returned.
   */
  async historyForResident(residentId: bigint, requestId: number, limit = 5): Promise<ResidentHistory> {
    const request = await this.prisma.helpRequest.findFirst({
      where: { id: requestId, residentId },
      select: { id: true, number: true, status: true, serviceId: true, createdAt: true, closedAt: true, departmentKey: true, anonymisedAt: true },
    });
    if (!request) throw new RequestNotFoundError(`request ${requestId} is not this resident's`);
    const conversation = { requestId, type: { in: [...CONVERSATION_TYPES] } };
    const [total, latest, transfer, rejection] = await Promise.all([
      this.prisma.requestEvent.count({ where: conversation }),
      this.prisma.requestEvent.findMany({
        where: conversation,
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: Math.max(0, limit),
        select: { at: true, actorKind: true, type: true, note: true },
      }),
      this.prisma.requestEvent.findFirst({ where: { requestId, type: "transfer" }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { at: true } }),
      request.status === "rejected"
        ? this.prisma.requestEvent.findFirst({ where: { requestId, type: "status", toStatus: "rejected" }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { note: true } })
        : null,
    ]);
    // Erased by retention: the notes are gone; an attachment-only message would still show as one.
    if (request.anonymisedAt !== null) {
      return { request, entries: [], omitted: 0, rejectionReason: null, transferredAt: transfer?.at ?? null };
    }
    const entries = latest.reverse().map(
      (event): ResidentHistoryEntry => ({
        at: event.at,
        from: event.actorKind === "staff" ? "staff" : "resident",
        kind: event.type as ResidentHistoryEntry["kind"],
        text: event.note,
      }),
    );
    return {
      request,
      entries,
      omitted: total - entries.length,
      rejectionReason: rejection?.note ?? null,
      transferredAt: transfer?.at ?? null,
    };
  }

  /** The resident's request that waits for their answer to a staff question (the latest, if several). */
  async latestWaitingForResident(residentId: bigint): Promise<HelpRequest | null> {
    return this.prisma.helpRequest.findFirst({
      where: { residentId, status: "waiting_for_resident" },
      orderBy: { updatedAt: "desc" },
    });
  }

  /** A resident's follow-up: goes to the department; an answer to a question resumes the request. */
  async addResidentMessage(residentId: bigint, requestId: number, message: { text?: string; attachment?: Attachment }): Promise<RequestStatus> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findFirst({ where: { id: requestId, residentId } });
      if (!request) throw new RequestNotFoundError(`request ${requestId} is not this resident's`);
      if (!OPEN_STATUSES.includes(request.status)) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
      let status = request.status;
      if (status === "waiting_for_resident") {
        await this.changeStatus(tx, request, "in_progress", { kind: "resident", id: residentId }, { notifyResident: false });
        status = "in_progress";
      }
      const event = await tx.requestEvent.create({
        data: {
          requestId,
          at: this.now(),
          actorKind: "resident",
          actorId: residentId,
          type: "message",
          note: message.text ?? null,
        },
      });
      await this.queueForDepartment(tx, requestId, request.departmentKey, "staff-relay", {
        eventId: event.id,
        ...(message.attachment ? { attachment: { ...message.attachment } } : {}),
      });
      return status;
    });
  }

  async cancelByResident(residentId: bigint, requestId: number): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findFirst({ where: { id: requestId, residentId } });
      if (!request) throw new RequestNotFoundError(`request ${requestId} is not this resident's`);
      await this.changeStatus(tx, request, "cancelled", { kind: "resident", id: residentId }, { notifyResident: false });
    });
  }

  /** A status change by anyone, with its audit event and the messages it causes. */
  async transition(requestId: number, to: RequestStatus, actor: Actor, expectedStatus?: RequestStatus, note?: string): Promise<HelpRequest> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      // A resident may only ever act on their own request, whatever a caller passes.
      if (!request || (actor.kind === "resident" && request.residentId !== actor.id)) throw new RequestNotFoundError(`no request ${requestId}`);
      if (expectedStatus && request.status !== expectedStatus) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
      return this.changeStatus(tx, request, to, actor, { note });
    });
  }

  /**
   * A staff member's message to the resident: an answer, or a question the request then waits on.
   * A new request is taken by whoever answers it first.
   */
  async staffMessage(requestId: number, staffId: bigint, text: string, kind: "answer" | "question", staffName?: string): Promise<HelpRequest> {
    return this.prisma.$transaction(async (tx) => {
      let request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      if (!request) throw new RequestNotFoundError(`no request ${requestId}`);
      if (!OPEN_STATUSES.includes(request.status)) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
      const actor: Actor = { kind: "staff", id: staffId, ...(staffName ? { name: staffName } : {}) };
      if (kind === "question" && request.status !== "waiting_for_resident") {
        request = await this.changeStatus(tx, request, "waiting_for_resident", actor, { notifyResident: false });
      } else if (kind === "answer" && request.status === "new") {
        request = await this.changeStatus(tx, request, "in_progress", actor, { notifyResident: false });
      }
      const now = this.now();
      const event = await tx.requestEvent.create({
        data: { requestId, at: now, actorKind: "staff", actorId: staffId, type: kind, note: text },
      });
      if (request.firstAnswerAt === null) {
        request = await tx.helpRequest.update({ where: { id: requestId }, data: { firstAnswerAt: now } });
      }
      if (request.residentId !== null) {
        await tx.outboxMessage.create({
          data: { chatId: request.residentId, kind: "resident-message", requestId, payload: { eventId: event.id, kind } },
        });
      }
      return request;
    });
  }

  /** Hands a request to another department of the same community; both groups see it. */
  async transfer(requestId: number, toDepartmentKey: string, staffId: bigint, expectedStatus?: RequestStatus): Promise<HelpRequest> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      if (!request) throw new RequestNotFoundError(`no request ${requestId}`);
      if (expectedStatus && request.status !== expectedStatus) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
      if (!OPEN_STATUSES.includes(request.status)) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
      const target = await tx.department.findUnique({ where: { key: toDepartmentKey } });
      if (!target || target.communityId !== request.communityId || toDepartmentKey === request.departmentKey) {
        throw new RequestNotFoundError(`cannot transfer request ${requestId} to ${toDepartmentKey}`);
      }
      const now = this.now();
      const { count } = await tx.helpRequest.updateMany({
        where: { id: requestId, departmentKey: request.departmentKey, status: request.status },
        // A transferred request starts afresh in its new department: new, not taken, a new card.
        data: { departmentKey: toDepartmentKey, status: "new", takenBy: null, takenByName: null, cardChatId: null, cardMessageId: null, topicId: null, remindedAt: null },
      });
      if (count !== 1) throw new StaleRequestError(`request ${requestId} changed meanwhile`);
      await tx.requestEvent.create({
        data: {
          requestId,
          at: now,
          actorKind: "staff",
          actorId: staffId,
          type: "transfer",
          fromStatus: request.status,
          toStatus: "new",
          note: `${request.departmentKey} -> ${toDepartmentKey}`,
        },
      });
      // The old card says where the request went; the new department gets a fresh card.
      if (request.cardChatId !== null) {
        await tx.outboxMessage.create({
          data: { chatId: request.cardChatId, kind: "staff-card-update", requestId, payload: { transferredTo: toDepartmentKey, messageId: request.cardMessageId } },
        });
      }
      await this.queueForDepartment(tx, requestId, toDepartmentKey, "staff-card", {});
      // The resident learns who has their request now (their confirmation named the old department).
      if (request.residentId !== null) {
        await tx.outboxMessage.create({
          data: { chatId: request.residentId, kind: "resident-transferred", requestId, payload: { department: toDepartmentKey } },
        });
      }
      return tx.helpRequest.findUniqueOrThrow({ where: { id: requestId } });
    });
  }

  /**
   * Erases a resident's personal data (/delete_me): their open requests are cancelled, every request
   * keeps only what statistics need (community, service, department, status, times), and the resident's
   * own row, sessions and dialogue drafts are deleted.
   */
  async eraseResident(residentId: bigint): Promise<{ requests: number }> {
    const now = this.now();
    return this.prisma.$transaction(async (tx) => {
      const requests = await tx.helpRequest.findMany({ where: { residentId } });
      for (const request of requests) {
        if (OPEN_STATUSES.includes(request.status)) {
          await this.changeStatus(tx, request, "cancelled", { kind: "system" }, { notifyResident: false, note: "erased" });
        }
      }
      const ids = requests.map((request) => request.id);
      await tx.helpRequest.updateMany({ where: { id: { in: ids } }, data: { ...ERASED_FIELDS, residentId: null, anonymisedAt: now } });
      await tx.requestEvent.updateMany({ where: { requestId: { in: ids } }, data: { note: null } });
      // Staff ids stay in the audit trail; only the resident's own id goes.
      await tx.requestEvent.updateMany({ where: { requestId: { in: ids }, actorKind: "resident" }, data: { actorId: null } });
      await tx.requestEvent.createMany({
        data: ids.map((requestId) => ({ requestId, at: now, actorKind: "system", type: "erased" })),
      });
      // Sent rows too: their chat id would link the anonymous requests back to the person.
      await tx.outboxMessage.deleteMany({ where: { chatId: residentId } });
      await forgetRelayedFiles(tx, ids);
      // What they wrote, relayed into staff groups, is deleted there too (Telegram lets a bot delete its
      // own messages for 48 hours; older ones stay, and the card says the data was erased).
      const relayed = await tx.staffMessage.findMany({ where: { requestId: { in: ids }, purpose: "relay" } });
      await tx.outboxMessage.createMany({
        data: relayed.map((row) => ({ chatId: row.chatId, kind: "staff-delete-message", requestId: row.requestId, payload: { messageId: row.messageId } })),
      });
      await tx.staffMessage.deleteMany({ where: { requestId: { in: ids }, purpose: "relay" } });
      await tx.resident.deleteMany({ where: { id: residentId } });
      // The session row holds the resident's choices and any unfinished dialogue.
      await tx.sessionRecord.deleteMany({ where: { key: `session:${residentId}` } });
      return { requests: ids.length };
    });
  }

  /**
   * Retention: erases the personal data of requests closed before `closedBefore` (RETENTION_DAYS ago),
   * keeping them as anonymous records. Returns how many were erased.
   */
  async eraseClosedBefore(closedBefore: Date): Promise<number> {
    const now = this.now();
    return this.prisma.$transaction(async (tx) => {
      const due = await tx.helpRequest.findMany({
        where: { closedAt: { lt: closedBefore }, anonymisedAt: null, status: { in: ["resolved", "rejected", "cancelled"] } },
        select: { id: true },
      });
      const ids = due.map((request) => request.id);
      if (ids.length === 0) return 0;
      await tx.helpRequest.updateMany({ where: { id: { in: ids } }, data: { ...ERASED_FIELDS, anonymisedAt: now } });
      await tx.requestEvent.updateMany({ where: { requestId: { in: ids } }, data: { note: null } });
      await tx.requestEvent.createMany({ data: ids.map((requestId) => ({ requestId, at: now, actorKind: "system", type: "retention-erased" })) });
      await forgetRelayedFiles(tx, ids);
      return ids.length;
    });
  }

  private async changeStatus(
    tx: Tx,
    request: HelpRequest,
    to: RequestStatus,
    actor: Actor,
    { notifyResident = true, note }: { notifyResident?: boolean; note?: string } = {},
  ): Promise<HelpRequest> {
    assertTransition(request.status, to, actor.kind);
    const now = this.now();
    const closing = to === "resolved" || to === "rejected" || to === "cancelled";
    // Conditional on the status we read: if someone else changed it meanwhile, nothing is written.
    const { count } = await tx.helpRequest.updateMany({
      where: { id: request.id, status: request.status },
      data: {
        status: to,
        ...(closing ? { closedAt: now } : {}),
        ...(to === "in_progress" && actor.kind === "staff" && request.takenBy === null
          ? { takenBy: actor.id ?? null, takenByName: actor.name?.slice(0, 64) ?? null }
          : {}),
      },
    });
    if (count !== 1) throw new StaleRequestError(`request ${request.id} changed meanwhile`);
    const event = await tx.requestEvent.create({
      data: {
        requestId: request.id,
        at: now,
        actorKind: actor.kind,
        actorId: actor.id ?? null,
        type: "status",
        fromStatus: request.status,
        toStatus: to,
        note: note ?? null,
      },
    });
    await this.queueForDepartment(tx, request.id, request.departmentKey, "staff-card-update", {});
    if (notifyResident && request.residentId !== null) {
      await tx.outboxMessage.create({
        data: { chatId: request.residentId, kind: "resident-status", requestId: request.id, payload: { status: to, eventId: event.id } },
      });
    }
    return tx.helpRequest.findUniqueOrThrow({ where: { id: request.id } });
  }

  private async queueForDepartment(tx: Tx, requestId: number, departmentKey: string, kind: OutboxKind, payload: Record<string, unknown>): Promise<void> {
    const department = await tx.department.findUnique({ where: { key: departmentKey }, select: { chatId: true } });
    const chatId = department?.chatId ?? (await this.generalChatId(tx, departmentKey));
    // A department without a group yet: the request is kept and shows up in /overdue and exports.
    if (chatId === null || chatId === undefined) return;
    await tx.outboxMessage.create({ data: { chatId, kind, requestId, payload: payload as Prisma.InputJsonValue } });
  }

  private async generalChatId(tx: Tx, departmentKey: string): Promise<bigint | null> {
    const communityId = departmentKey.split("/")[0]!;
    const general = await tx.department.findFirst({ where: { communityId, general: true }, select: { chatId: true } });
    return general?.chatId ?? null;
  }
}

/**
 * Outbox rows of erased requests that still hold the resident's files: a relayed follow-up names its
 * photo or voice message by Telegram file id in the payload, and with the bot's token a file id fetches
 * the file. Erasing the request's fields left those (sent ones forever). Delivered rows are history
 * nobody needs; pending relays would only carry a message that no longer exists.
 */
async function forgetRelayedFiles(tx: Tx, requestIds: number[]): Promise<void> {
  if (requestIds.length === 0) return;
  await tx.outboxMessage.deleteMany({
    where: { requestId: { in: requestIds }, OR: [{ status: { not: "pending" } }, { kind: { in: ["staff-relay", "staff-attachment"] } }] },
  });
}

/** Request numbers follow the calendar residents live by: a request at 00:30 on 1 January in Kyiv is the new year's. */
function kyivYear(date: Date): number {
  return Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Kyiv", year: "numeric" }).format(date));
}

const ERASED_FIELDS = {
  subjectName: null,
  subjectRelation: null,
  contactName: null,
  phone: null,
  address: null,
  details: null,
  attachments: Prisma.DbNull,
  callBackTime: null,
} satisfies Prisma.HelpRequestUpdateManyMutationInput;
