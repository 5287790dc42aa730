import type { HelpRequest, Prisma } from "../generated/prisma/client.ts";
import { assertTransition, CLOSED_STATUSES, type RequestStatus } from "./lifecycle.ts";
import { StaleRequestError, type Actor, type OutboxKind, type Tx } from "./model.ts";

/**
 * The two writes every change of a request is made of, shared by the service, erasure and transfer:
 * a status change with its audit event, and a message for the department's group in the outbox.
 */

export async function changeStatus(
  tx: Tx,
  now: Date,
  request: HelpRequest,
  to: RequestStatus,
  actor: Actor,
  { notifyResident = true, note, outcome }: { notifyResident?: boolean; note?: string; outcome?: string } = {},
): Promise<HelpRequest> {
  assertTransition(request.status, to, actor.kind);
  const closing = to === "resolved" || to === "rejected" || to === "cancelled";
  const reopening = CLOSED_STATUSES.has(request.status) && !closing;
  // Take before act: whoever moves an untaken request on (answers, asks, works it) has it.
  const takes = (to === "in_progress" || to === "waiting_for_resident") && actor.kind === "staff" && request.takenBy === null;
  // «Чи допомогли Вам?» once, after a close that was help (never a decline, never erased data).
  const askFeedback = to === "resolved" && notifyResident && request.feedbackAskedAt === null && request.anonymisedAt === null && outcome !== "unreachable";
  // Conditional on the status we read: if someone else changed it meanwhile, nothing is written.
  const { count } = await tx.helpRequest.updateMany({
    where: { id: request.id, status: request.status },
    data: {
      status: to,
      ...(closing ? { closedAt: now, outcome: outcome ?? null, closedByName: actor.kind === "staff" ? (actor.name?.slice(0, 64) ?? null) : null } : {}),
      ...(reopening ? { closedAt: null, outcome: null, closedByName: null } : {}),
      ...(takes ? { takenBy: actor.id ?? null, takenByName: actor.name?.slice(0, 64) ?? null } : {}),
      ...(askFeedback ? { feedbackAskedAt: now } : {}),
    },
  });
  if (count !== 1) throw new StaleRequestError(`request ${request.id} changed meanwhile`);
  const event = await tx.requestEvent.create({
    data: {
      requestId: request.id,
      at: now,
      actorKind: actor.kind,
      actorId: actor.id ?? null,
      actorName: actor.kind === "staff" ? (actor.name?.slice(0, 64) ?? null) : null,
      type: reopening ? "reopen" : "status",
      fromStatus: request.status,
      toStatus: to,
      note: note ?? null,
    },
  });
  await queueForDepartment(tx, request.id, request.departmentKey, "staff-card-update", {});
  if (notifyResident && request.residentId !== null) {
    await tx.outboxMessage.create({
      data: {
        chatId: request.residentId,
        kind: "resident-status",
        requestId: request.id,
        payload: { status: to, eventId: event.id, ...(outcome ? { outcome } : {}), ...(askFeedback ? { askFeedback: true } : {}), ...(reopening ? { reopened: true } : {}) },
      },
    });
  }
  return tx.helpRequest.findUniqueOrThrow({ where: { id: request.id } });
}

/** The staff group of a department (the general department's where it has none yet), or null. */
export async function departmentChatId(tx: Tx, departmentKey: string): Promise<bigint | null> {
  const department = await tx.department.findUnique({ where: { key: departmentKey }, select: { chatId: true } });
  if (department?.chatId !== null && department?.chatId !== undefined) return department.chatId;
  const communityId = departmentKey.split("/")[0]!;
  const general = await tx.department.findFirst({ where: { communityId, general: true }, select: { chatId: true } });
  return general?.chatId ?? null;
}

export async function queueForDepartment(tx: Tx, requestId: number, departmentKey: string, kind: OutboxKind, payload: Record<string, unknown>): Promise<void> {
  const chatId = await departmentChatId(tx, departmentKey);
  // A department without a group yet: the request is kept and shows up in /overdue and exports.
  if (chatId === null) return;
  await tx.outboxMessage.create({ data: { chatId, kind, requestId, payload: payload as Prisma.InputJsonValue } });
}
