import type { HelpRequest } from "../generated/prisma/client.ts";
import { departmentChatId, queueForDepartment } from "./changes.ts";
import { reachCopies } from "./erasure.ts";
import { OPEN_STATUSES, type RequestStatus } from "./lifecycle.ts";
import { RequestNotFoundError, StaleRequestError, type Actor, type Tx } from "./model.ts";

/**
 * Hands a request to another department of the same community. The receiving group gets a card that
 * carries the thread (the conversation so far, who transferred it, when and why); the sending group
 * keeps no personal data: its card shrinks to «передано до …» and the resident's relayed messages there
 * are deleted. The resident learns who has their request now.
 */
export async function transferRequest(
  tx: Tx,
  now: Date,
  requestId: number,
  toDepartmentKey: string,
  staff: Actor,
  { expectedStatus, reason }: { expectedStatus?: RequestStatus; reason?: string } = {},
): Promise<HelpRequest> {
  const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
  if (!request) throw new RequestNotFoundError(`no request ${requestId}`);
  if (expectedStatus && request.status !== expectedStatus) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
  if (!OPEN_STATUSES.includes(request.status)) throw new StaleRequestError(`request ${requestId} is ${request.status}`);
  const target = await tx.department.findUnique({ where: { key: toDepartmentKey } });
  if (!target || target.communityId !== request.communityId || toDepartmentKey === request.departmentKey) {
    throw new RequestNotFoundError(`cannot transfer request ${requestId} to ${toDepartmentKey}`);
  }
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
      actorId: staff.id ?? null,
      actorName: staff.name?.slice(0, 64) ?? null,
      type: "transfer",
      fromStatus: request.status,
      toStatus: "new",
      // "from -> to", then the reason: the staff's free text (it may name the resident's situation), so
      // the whole note is erased with the request's data.
      note: formatTransferNote(request.departmentKey, toDepartmentKey, reason),
    },
  });
  // The sending group's copies: the card shrinks to where the request went, relayed messages go.
  const oldChat = request.cardChatId ?? (await departmentChatId(tx, request.departmentKey));
  if (oldChat !== null) await reachCopies(tx, [requestId], oldChat);
  await queueForDepartment(tx, requestId, toDepartmentKey, "staff-card", { from: request.departmentKey });
  // The resident learns who has their request now (their confirmation named the old department).
  if (request.residentId !== null) {
    await tx.outboxMessage.create({
      data: { chatId: request.residentId, kind: "resident-transferred", requestId, payload: { department: toDepartmentKey } },
    });
  }
  return tx.helpRequest.findUniqueOrThrow({ where: { id: requestId } });
}

/** A transfer event's note: where from, where to, why. */
export interface TransferNote {
  from: string;
  to: string;
  reason?: string;
}

export function formatTransferNote(from: string, to: string, reason?: string): string {
  return `${from} -> ${to}${reason ? `\n${reason}` : ""}`;
}

export function parseTransferNote(note: string | null): TransferNote | undefined {
  const match = note ? /^(\S+) -> (\S+)(?:\n([\s\S]*))?$/.exec(note) : null;
  if (!match) return undefined;
  return { from: match[1]!, to: match[2]!, ...(match[3] ? { reason: match[3] } : {}) };
}
