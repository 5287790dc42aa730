import type { HelpRequest, Prisma } from "../generated/prisma/client.ts";
import { assertTransition, type RequestStatus } from "./lifecycle.ts";
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
  { notifyResident = true, note }: { notifyResident?: boolean; note?: string } = {},
): Promise<HelpRequest> {
  assertTransition(request.status, to, actor.kind);
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
  await queueForDepartment(tx, request.id, request.departmentKey, "staff-card-update", {});
  if (notifyResident && request.residentId !== null) {
    await tx.outboxMessage.create({
      data: { chatId: request.residentId, kind: "resident-status", requestId: request.id, payload: { status: to, eventId: event.id } },
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
