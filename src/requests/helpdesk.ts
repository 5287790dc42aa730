import type { PrismaClient } from "../db/client.ts";
import type { HelpRequest } from "../generated/prisma/client.ts";
import { changeStatus, queueForDepartment } from "./changes.ts";
import { canReopen, OPEN_STATUSES, type RequestStatus } from "./lifecycle.ts";
import { RequestNotFoundError, StaleRequestError, type Actor } from "./model.ts";
import { normalizeResidentPhone } from "./phone.ts";

/**
 * The helpdesk side of a request's life (issue 18), beside RequestService: closing and declining with
 * an outcome, reopening (staff within REOPEN_DAYS; the resident after a close), internal notes,
 * assigning to a colleague, the resident's «Чи допомогли Вам?», and the look-ups staff use (/find, a
 * resident's other open requests, feedback figures). Every change goes through the lifecycle rules
 * (changes.ts) or writes its own audit event, and redraws the card through the outbox.
 */

/** How staff close a request; "other" carries a typed note. */
export const CLOSE_OUTCOMES = ["helped", "consulted", "referred", "unreachable", "other"] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];
/** How staff decline one: advice (where to turn instead) or a refusal (not something they can do). */
export const DECLINE_KINDS = ["advice", "refusal"] as const;
export type DeclineKind = (typeof DECLINE_KINDS)[number];

export type Feedback = "up" | "down";

export interface FoundRequest {
  id: number;
  number: string;
  status: RequestStatus;
  serviceId: string | null;
  createdAt: Date;
  contactName: string | null;
}

export interface FeedbackFigures {
  /** By service (null: a general request): answers, and how many were 👍. */
  byService: Array<{ serviceId: string | null; answered: number; up: number }>;
  answered: number;
  up: number;
}

export class HelpdeskActions {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date,
  ) {}

  /** Closes (resolved, with an outcome) or declines (rejected, advice or refusal) a request, by staff. */
  async close(requestId: number, to: "resolved" | "rejected", actor: Actor, outcome: CloseOutcome | DeclineKind, note?: string): Promise<HelpRequest> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      if (!request) throw new RequestNotFoundError(`no request ${requestId}`);
      if (!OPEN_STATUSES.includes(request.status)) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
      return changeStatus(tx, this.now(), request, to, actor, { outcome, ...(note ? { note } : {}) });
    });
  }

  /**
   * Back in progress: by staff within REOPEN_DAYS of a close or a decline; by the resident («проблему
   * не вирішено») after a close. A resident's reopening is told to the department in the thread.
   */
  async reopen(requestId: number, actor: Actor): Promise<HelpRequest> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      if (!request || (actor.kind === "resident" && request.residentId !== actor.id)) throw new RequestNotFoundError(`no request ${requestId}`);
      const now = this.now();
      if (!canReopen(request, now)) throw new StaleRequestError(`request ${requestId} cannot be reopened`);
      const reopened = await changeStatus(tx, now, request, "in_progress", actor, { notifyResident: actor.kind === "staff" });
      if (actor.kind === "resident") await queueForDepartment(tx, requestId, request.departmentKey, "staff-thread-note", { key: "staff-reopened-by-resident" });
      return reopened;
    });
  }

  /** An internal note on the request: for the department only, never sent to the resident. */
  async addNote(requestId: number, actor: Actor, text: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      if (!request) throw new RequestNotFoundError(`no request ${requestId}`);
      await tx.requestEvent.create({
        data: { requestId, at: this.now(), actorKind: "staff", actorId: actor.id ?? null, actorName: actor.name?.slice(0, 64) ?? null, type: "note", note: text },
      });
      await queueForDepartment(tx, requestId, request.departmentKey, "staff-card-update", {});
    });
  }

  /** Hands an open request to a named colleague (they are told in the group by the bot layer). */
  async assign(requestId: number, actor: Actor, to: { id: bigint; name: string }, expectedStatus?: RequestStatus): Promise<HelpRequest> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      if (!request) throw new RequestNotFoundError(`no request ${requestId}`);
      if (!OPEN_STATUSES.includes(request.status) || (expectedStatus && request.status !== expectedStatus)) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
      const now = this.now();
      let current = request;
      if (request.status === "new") current = await changeStatus(tx, now, request, "in_progress", { kind: "staff", id: to.id, name: to.name }, { notifyResident: true });
      await tx.helpRequest.update({ where: { id: requestId }, data: { takenBy: to.id, takenByName: to.name.slice(0, 64) } });
      await tx.requestEvent.create({
        data: { requestId, at: now, actorKind: "staff", actorId: actor.id ?? null, actorName: actor.name?.slice(0, 64) ?? null, type: "assign", note: `${to.id} ${to.name.slice(0, 64)}` },
      });
      if (current === request) await queueForDepartment(tx, requestId, request.departmentKey, "staff-card-update", {});
      return tx.helpRequest.findUniqueOrThrow({ where: { id: requestId } });
    });
  }

  /** Remembers a staff member seen acting in a department's group: whom requests can be assigned to. */
  async seenStaff(departmentKey: string, userId: bigint, name: string): Promise<void> {
    const now = this.now();
    await this.prisma.staffMember.upsert({
      where: { departmentKey_userId: { departmentKey, userId } },
      create: { departmentKey, userId, name: name.slice(0, 64), lastSeenAt: now },
      update: { name: name.slice(0, 64), lastSeenAt: now },
    });
  }

  async staffOf(departmentKey: string): Promise<Array<{ userId: bigint; name: string }>> {
    return this.prisma.staffMember.findMany({ where: { departmentKey }, orderBy: { lastSeenAt: "desc" }, take: 20, select: { userId: true, name: true } });
  }

  /**
   * The resident's answer to «Чи допомогли Вам?»: once, for their own request closed as done, not
   * erased. Returns false when it was already answered (or was never asked).
   */
  async recordFeedback(residentId: bigint, requestId: number, value: Feedback): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const now = this.now();
      const { count } = await tx.helpRequest.updateMany({
        where: { id: requestId, residentId, feedback: null, feedbackAskedAt: { not: null }, anonymisedAt: null, status: { not: "rejected" } },
        data: { feedback: value, feedbackAt: now },
      });
      if (count !== 1) return false;
      const request = await tx.helpRequest.findUniqueOrThrow({ where: { id: requestId } });
      await tx.requestEvent.create({ data: { requestId, at: now, actorKind: "resident", actorId: residentId, type: "feedback", note: value } });
      await queueForDepartment(tx, requestId, request.departmentKey, "staff-card-update", {});
      return true;
    });
  }

  /** The resident's optional word after 👍/👎 (once). */
  async recordFeedbackNote(residentId: bigint, requestId: number, text: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.helpRequest.updateMany({
        where: { id: requestId, residentId, feedback: { not: null }, feedbackNote: null, anonymisedAt: null },
        data: { feedbackNote: text },
      });
      if (count !== 1) return false;
      const request = await tx.helpRequest.findUniqueOrThrow({ where: { id: requestId } });
      await queueForDepartment(tx, requestId, request.departmentKey, "staff-card-update", {});
      return true;
    });
  }

  /**
   * /find: a department's requests by number (or its tail), phone (or six digits of it or more: «765 43
   * 21»; in what is needed too), the resident's name, words of what is needed or of the address, or — `serviceIds`, what the words name (the bot
   * reads «таксі» as the social taxi) — the service; newest first.
   */
  async find(departmentKeys: string[], query: string, limit = 10, serviceIds: readonly string[] = []): Promise<FoundRequest[]> {
    const text = query.trim();
    if (text.length < 2) return [];
    const phone = normalizeResidentPhone(text);
    const byNumber = /\d/.test(text) && !phone ? [{ number: { endsWith: text.toUpperCase() } }, { number: { equals: text.toUpperCase() } }] : [];
    const digits = text.replace(/\D/gu, "");
    const byPartOfPhone = !phone && digits.length >= 6 && !/\p{L}/u.test(text) ? [{ phone: { contains: digits } }, { secondPhone: { contains: digits } }] : [];
    // A number written in what is needed («телефон доньки 050 123 45 67»; session 14's trial): as typed, or
    // as residents write a Ukrainian number.
    const numberInText = digits.length >= 6 && !/\p{L}/u.test(text) ? [...new Set([text, digits, ...writtenForms(phone)])].map((form) => ({ details: { contains: form } })) : [];
    const words = /\p{L}{2}/u.test(text) && !/^\p{Lu}{2}-/u.test(text);
    return this.prisma.helpRequest.findMany({
      where: {
        departmentKey: { in: departmentKeys },
        OR: [
          ...byNumber,
          ...(phone ? [{ phone }, { secondPhone: phone }] : []),
          ...byPartOfPhone,
          ...numberInText,
          ...(words
            ? [
                { contactName: { contains: text, mode: "insensitive" as const } },
                { subjectName: { contains: text, mode: "insensitive" as const } },
                { details: { contains: text, mode: "insensitive" as const } },
                { address: { contains: text, mode: "insensitive" as const } },
              ]
            : []),
          ...(words && serviceIds.length > 0 ? [{ serviceId: { in: [...serviceIds] } }] : []),
        ],
      },
      orderBy: { createdAt: "desc" },
      take: limit,
      select: { id: true, number: true, status: true, serviceId: true, createdAt: true, contactName: true },
    });
  }

  /** The resident's other open requests (any department): a card shows them, so staff see one person. */
  async linkedOpen(request: Pick<HelpRequest, "id" | "residentId">): Promise<Array<Pick<HelpRequest, "id" | "number" | "serviceId" | "departmentKey">>> {
    if (request.residentId === null) return [];
    return this.prisma.helpRequest.findMany({
      where: { residentId: request.residentId, id: { not: request.id }, status: { in: [...OPEN_STATUSES] } },
      orderBy: { createdAt: "asc" },
      take: 5,
      select: { id: true, number: true, serviceId: true, departmentKey: true },
    });
  }

  /** Answers to «Чи допомогли Вам?» for requests made in [from, to), by service. */
  async feedbackFigures(departmentKeys: string[], from: Date, to: Date): Promise<FeedbackFigures> {
    const rows = await this.prisma.helpRequest.findMany({
      where: { departmentKey: { in: departmentKeys }, createdAt: { gte: from, lt: to }, feedback: { not: null } },
      select: { serviceId: true, feedback: true },
    });
    const byService = new Map<string | null, { answered: number; up: number }>();
    for (const row of rows) {
      const entry = byService.get(row.serviceId) ?? { answered: 0, up: 0 };
      entry.answered += 1;
      if (row.feedback === "up") entry.up += 1;
      byService.set(row.serviceId, entry);
    }
    return {
      byService: [...byService].map(([serviceId, figures]) => ({ serviceId, ...figures })).sort((a, b) => b.answered - a.answered),
      answered: rows.length,
      up: rows.filter((row) => row.feedback === "up").length,
    };
  }
}

/** A Ukrainian number (+380…) as residents write it: 0501234567, 050 123 45 67, 050-123-45-67, (050) 123-45-67 … */
function writtenForms(phone: string | null): string[] {
  if (!phone?.startsWith("+380") || phone.length !== 13) return [];
  const d = phone.slice(3);
  const [code, a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6, 8), d.slice(8)];
  return [d, `${code} ${a} ${b} ${c}`, `${code}-${a}-${b}-${c}`, `${code} ${a} ${b}${c}`, `(${code}) ${a}-${b}-${c}`, `(${code}) ${a} ${b} ${c}`, `${code} ${a}-${b}-${c}`, phone, `+38 ${code} ${a} ${b} ${c}`];
}
