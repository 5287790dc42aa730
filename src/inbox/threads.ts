import type { PrismaClient } from "../db/client.ts";
import { queueForDepartment } from "../requests/changes.ts";
import { OPEN_STATUSES } from "../requests/lifecycle.ts";
import { RequestNotFoundError, StaleRequestError, type Attachment } from "../requests/model.ts";
import { CLOSED_RECENT_HOURS, STAFF_RECENT_HOURS, type ThreadCandidate } from "./thread-routing.ts";

/**
 * The database side of a resident's thread with staff outside a dialogue (thread-routing.ts decides
 * where typed text goes): which requests a text may be about, a message after a recent close, and the
 * resident's last message back for «🔎 Це був пошук».
 */

/** A request closed by staff (not withdrawn by the resident) can still hear from the resident. */
const CLOSED_BY_STAFF = ["resolved", "rejected"] as const;
/** Staff events the resident was told of: what makes a typed text the conversation's next line. */
const STAFF_TOLD = [{ type: { in: ["answer", "question"] } }, { type: "status", toStatus: { in: [...CLOSED_BY_STAFF] } }];
const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000);

/** The resident's open requests and those staff closed lately, with when staff last wrote about each. */
export async function threadCandidates(prisma: PrismaClient, residentId: bigint, now: Date): Promise<ThreadCandidate[]> {
  const requests = await prisma.helpRequest.findMany({
    where: {
      residentId,
      anonymisedAt: null,
      OR: [{ status: { in: [...OPEN_STATUSES] } }, { status: { in: [...CLOSED_BY_STAFF] }, closedAt: { gte: hoursBefore(now, CLOSED_RECENT_HOURS) } }],
    },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { id: true, number: true, serviceId: true, status: true, closedAt: true, createdAt: true },
  });
  if (requests.length === 0) return [];
  const events = await prisma.requestEvent.findMany({
    where: { requestId: { in: requests.map((r) => r.id) }, actorKind: "staff", at: { gte: hoursBefore(now, STAFF_RECENT_HOURS) }, OR: STAFF_TOLD },
    select: { requestId: true, at: true },
  });
  const lastStaff = new Map<number, Date>();
  for (const event of events) {
    const seen = lastStaff.get(event.requestId);
    if (!seen || seen < event.at) lastStaff.set(event.requestId, event.at);
  }
  return requests.map((request) => ({
    id: request.id,
    number: request.number,
    serviceId: request.serviceId,
    open: OPEN_STATUSES.includes(request.status),
    closedAt: request.closedAt,
    lastStaffAt: lastStaff.get(request.id) ?? null,
    createdAt: request.createdAt,
  }));
}

/**
 * The resident writes after staff closed their request (within CLOSED_RECENT_HOURS): the words reach
 * the department in the request's thread, marked as written after the close; the request stays closed
 * (staff, or the resident's «🔁 Проблему не вирішено», reopen it).
 */
export async function addAfterClose(
  prisma: PrismaClient,
  now: Date,
  residentId: bigint,
  requestId: number,
  message: { text?: string; attachment?: Attachment },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const request = await tx.helpRequest.findFirst({ where: { id: requestId, residentId } });
    if (!request) throw new RequestNotFoundError(`request ${requestId} is not this resident's`);
    const recent = request.closedAt !== null && request.closedAt >= hoursBefore(now, CLOSED_RECENT_HOURS);
    if (!(CLOSED_BY_STAFF as readonly string[]).includes(request.status) || !recent || request.anonymisedAt !== null) {
      throw new StaleRequestError(`request ${requestId} is ${request.status}`);
    }
    const event = await tx.requestEvent.create({
      data: { requestId, at: now, actorKind: "resident", actorId: residentId, type: "message", note: message.text ?? null },
    });
    await queueForDepartment(tx, requestId, request.departmentKey, "staff-relay", {
      eventId: event.id,
      afterClose: true,
      ...(message.attachment ? { attachment: { ...message.attachment } } : {}),
    });
  });
}

/** The resident's latest message on their own request: its id, for «🔎 Це був пошук» under its confirmation. */
export async function latestResidentMessageId(prisma: PrismaClient, residentId: bigint, requestId: number): Promise<number | undefined> {
  const event = await prisma.requestEvent.findFirst({
    where: { requestId, actorKind: "resident", actorId: residentId, type: "message" },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return event?.id;
}

/** One of the resident's own messages to staff (for «🔎 Це був пошук»): its request and its text. */
export async function residentMessage(prisma: PrismaClient, residentId: bigint, eventId: number): Promise<{ requestId: number; text: string } | undefined> {
  const event = await prisma.requestEvent.findFirst({
    where: { id: eventId, actorKind: "resident", actorId: residentId, type: "message", request: { residentId } },
    select: { requestId: true, note: true },
  });
  return event?.note ? { requestId: event.requestId, text: event.note } : undefined;
}

/** «🔎 Це був пошук»: the department is told, in the request's thread, that the last words were not for them. */
export async function noteWasSearch(prisma: PrismaClient, residentId: bigint, requestId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const request = await tx.helpRequest.findFirst({ where: { id: requestId, residentId }, select: { departmentKey: true } });
    if (request) await queueForDepartment(tx, requestId, request.departmentKey, "staff-thread-note", { key: "staff-resident-was-search" });
  });
}
