import type { Catalog } from "../catalog/catalog.ts";
import type { PrismaClient } from "../db/client.ts";
import { queryWith, sqlOf, type Sql, type Statement } from "../db/sql.ts";
import type { HelpRequest } from "../generated/prisma/client.ts";
import { detectDanger } from "./danger.ts";
import { answerBook } from "./typed-answers.ts";
import { changeStatus, queueForDepartment } from "./changes.ts";
import { eraseClosedBefore, eraseResident } from "./erasure.ts";
import { CLOSED_STATUSES, OPEN_STATUSES, TransitionError, type RequestStatus } from "./lifecycle.ts";
import {
  CONVERSATION_TYPES,
  RequestNotFoundError,
  StaleRequestError,
  TooManyOpenRequestsError,
  type Actor,
  type Attachment,
  type CreatedRequest,
  type RequestDraft,
  type RequestServiceOptions,
  type RequestSummary,
  type ResidentHistory,
  type ResidentHistoryEntry,
  type Tx,
} from "./model.ts";
import { submitRequest } from "./submit.ts";
import { LAST_CONTACT_SQL, lastContactOf, type LastContact, type LastContactRow } from "./last-contact.ts";
import { HelpdeskActions } from "./helpdesk.ts";
import { transferRequest } from "./transfer.ts";
import { forgetRememberedPhones } from "./phone.ts";

export * from "./model.ts";

/**
 * The help-request lifecycle as the domain sees it: create, list, follow up, cancel, change status,
 * transfer (transfer.ts), erase (erasure.ts). Every change writes an audit event, and every message it
 * causes (a card for staff, a note for the resident) goes into the outbox in the same transaction. No
 * Telegram here: outbox payloads name what to send; the bot layer renders them in the reader's
 * language when it delivers them.
 */

export class RequestService {
  private readonly prisma: PrismaClient;
  private readonly catalog: Catalog;
  private readonly maxOpen: number;
  private readonly now: () => Date;
  /** The driver's own queries, for the statements of every request (submit.ts). */
  private readonly sql: Sql;
  /** Closing with an outcome, reopening, notes, assignment, feedback, /find (helpdesk.ts). */
  readonly helpdesk: HelpdeskActions;

  constructor(options: RequestServiceOptions) {
    this.prisma = options.prisma;
    this.catalog = options.catalog;
    this.maxOpen = options.maxOpenPerResident ?? 5;
    this.now = options.now ?? (() => new Date());
    this.sql = sqlOf(this.prisma);
    this.helpdesk = new HelpdeskActions(this.prisma, () => this.now());
  }

  /**
   * Remembers a resident's language and community, so messages sent later (by the relay) use them.
   * `also`: statements to run with it in one batch (the session, on PGlite: one round trip).
   */
  async rememberResident(residentId: bigint, locale: string, communityId?: string, also: readonly Statement[] = []): Promise<void> {
    // Through the driver (the first update of every dialogue chooses the community; src/db/sql.ts).
    const resident = {
      text: `INSERT INTO resident (id, locale, community_id, created_at) VALUES ($1::bigint, $2::text, $3::text, $4::timestamp)
       ON CONFLICT (id) DO UPDATE SET locale = EXCLUDED.locale, community_id = coalesce(nullif($3::text, ''), resident.community_id), blocked_at = NULL`,
      params: [residentId.toString(), locale, communityId ?? null, new Date().toISOString()],
    };
    await queryWith(this.sql, resident, also);
  }

  /** Saves a request (submit.ts); `also`: statements to run in its transaction and round trip, after it. */
  async createRequest(residentId: bigint, locale: string, draft: RequestDraft, also: readonly Statement[] = []): Promise<CreatedRequest> {
    const community = this.catalog.communities.get(draft.communityId);
    if (!community) throw new RequestNotFoundError(`no community ${draft.communityId}`);
    const department = this.catalog.departmentFor(draft.communityId, draft.serviceId);
    if (!department) throw new Error(`community ${draft.communityId} has no general department`);
    const target = { requestPrefix: community.requestPrefix, departmentKey: `${draft.communityId}/${department.id}`, maxOpen: this.maxOpen };
    return submitRequest(this.sql, target, residentId, locale, draft, this.now(), also);
  }

  /** The request a dialogue's submit key made, if it made one (and it is this resident's). */
  async findSubmitted(residentId: bigint, submitKey: string): Promise<{ id: number; number: string } | null> {
    const made = await this.prisma.helpRequest.findUnique({ where: { submitKey }, select: { id: true, number: true, residentId: true } });
    return made && made.residentId === residentId ? { id: made.id, number: made.number } : null;
  }

  /**
   * The name and phone the resident gave in their last request that still has them (not erased), offered
   * with one tap for the next request («так, той самий»). Null when there is none. (A request dialogue
   * gets it with its consent: ConsentService.currentWithLastContact, giveWithLastContact.)
   */
  async lastContact(residentId: bigint): Promise<LastContact | null> {
    const [last] = await this.sql.query<LastContactRow>(LAST_CONTACT_SQL, [residentId.toString()]);
    return lastContactOf(last);
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

  /** The resident's requests that wait for their answer to a staff question, oldest first. */
  async waitingForResident(residentId: bigint): Promise<Array<Pick<HelpRequest, "id" | "number" | "serviceId">>> {
    return this.prisma.helpRequest.findMany({
      where: { residentId, status: "waiting_for_resident" },
      orderBy: { updatedAt: "asc" },
      select: { id: true, number: true, serviceId: true },
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
      // Danger in a later message makes the request a 🆘 one (first in lists, reminded sooner); «не дзвоніть»
      // said with it («не дзвоніть, він поруч, він мене б'є») makes it one to answer only in the bot — not
      // «чому ви мені не дзвоните?» or «не дзвоніть зранку», which say nothing of danger. Its card says so at once.
      const dangerSaid = message.text !== undefined && detectDanger(message.text).length > 0;
      const danger = dangerSaid && !request.danger;
      const noCalls = dangerSaid && !request.contactByBotOnly && answerBook().understand("safeMode", message.text!) === "botOnly";
      if (danger || noCalls) {
        // As in the dialogue's safe mode, the number goes too (an SMS may be read as well), and nobody calls back.
        await tx.helpRequest.update({
          where: { id: requestId },
          data: { ...(danger ? { danger: true } : {}), ...(noCalls ? { contactByBotOnly: true, phone: null, callBack: false, callBackTime: null } : {}) },
        });
        await this.queueForDepartment(tx, requestId, request.departmentKey, "staff-card-update", {});
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

  /**
   * «🔕 Не дзвоніть»: the request is answered only in the bot from now on; its number goes (someone else
   * may read the phone too), and nobody calls back. Its card says so at once.
   */
  async stopCalls(residentId: bigint, requestId: number): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findFirst({ where: { id: requestId, residentId } });
      if (!request) throw new RequestNotFoundError(`request ${requestId} is not this resident's`);
      await tx.helpRequest.update({ where: { id: requestId }, data: { contactByBotOnly: true, phone: null, callBack: false, callBackTime: null } });
      await this.queueForDepartment(tx, requestId, request.departmentKey, "staff-card-update", {});
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
      // Reopening has its own rules (within 30 days, not erased): helpdesk.reopen, not a bare transition.
      if (CLOSED_STATUSES.has(request.status)) throw new TransitionError(request.status, to, actor.kind);
      return this.changeStatus(tx, request, to, actor, { note });
    });
  }

  /**
   * A staff member's message to the resident: an answer, or a question the request then waits on.
   * A new request is taken by whoever answers it first.
   */
  async staffMessage(
    requestId: number,
    staffId: bigint,
    text: string,
    kind: "answer" | "question",
    staffName?: string,
    /** The staff member's message in the group: «✓ доставлено» goes under it once the resident has the copy. */
    ack?: { chatId: bigint; messageId: number },
  ): Promise<HelpRequest> {
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
          data: {
            chatId: request.residentId,
            kind: "resident-message",
            requestId,
            payload: { eventId: event.id, kind, ...(ack ? { ack: { chatId: String(ack.chatId), messageId: ack.messageId } } : {}) },
          },
        });
      }
      return request;
    });
  }

  /** Hands a request to another department of the same community, with its thread (transfer.ts). */
  async transfer(
    requestId: number,
    toDepartmentKey: string,
    staffId: bigint,
    expectedStatus?: RequestStatus,
    { reason, staffName }: { reason?: string; staffName?: string } = {},
  ): Promise<HelpRequest> {
    const staff: Actor = { kind: "staff", id: staffId, ...(staffName ? { name: staffName } : {}) };
    return this.prisma.$transaction((tx) =>
      transferRequest(tx, this.now(), requestId, toDepartmentKey, staff, { ...(expectedStatus ? { expectedStatus } : {}), ...(reason ? { reason } : {}) }),
    );
  }

  /**
   * Erases a resident's personal data (/delete_me), in the database and in every copy the bot sent
   * to staff groups (erasure.ts).
   */
  async eraseResident(residentId: bigint): Promise<{ requests: number; copies: number }> {
    const erased = await this.prisma.$transaction((tx) => eraseResident(tx, this.now(), residentId));
    forgetRememberedPhones();
    return erased;
  }

  /**
   * Retention: erases the personal data of requests closed before `closedBefore` (RETENTION_DAYS ago),
   * keeping them as anonymous records. Returns how many were erased.
   */
  async eraseClosedBefore(closedBefore: Date): Promise<number> {
    const erased = await this.prisma.$transaction((tx) => eraseClosedBefore(tx, this.now(), closedBefore));
    if (erased > 0) forgetRememberedPhones();
    return erased;
  }

  private changeStatus(tx: Tx, request: HelpRequest, to: RequestStatus, actor: Actor, options?: { notifyResident?: boolean; note?: string }): Promise<HelpRequest> {
    return changeStatus(tx, this.now(), request, to, actor, options);
  }

  private queueForDepartment(tx: Tx, requestId: number, departmentKey: string, kind: Parameters<typeof queueForDepartment>[3], payload: Record<string, unknown>): Promise<void> {
    return queueForDepartment(tx, requestId, departmentKey, kind, payload);
  }
}
