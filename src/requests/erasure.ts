import { Prisma } from "../generated/prisma/client.ts";
import { eraseReferrals } from "../referrals/service.ts";
import { changeStatus } from "./changes.ts";
import { OPEN_STATUSES } from "./lifecycle.ts";
import type { Tx } from "./model.ts";

/**
 * Erasure: /delete_me and retention. The request rows stay as anonymous records (community, service,
 * department, status, times); every copy of the resident's data the bot ever sent is reached too: each
 * card, in every group that ever showed one, is redrawn from the erased row, and each relayed message
 * is deleted (Telegram allows it for 48 hours; after that it is overwritten, and what cannot be
 * removed is written to the erasure log by ids).
 */

const ERASED_FIELDS = {
  subjectName: null,
  subjectRelation: null,
  contactName: null,
  phone: null,
  secondContactName: null,
  secondPhone: null,
  address: null,
  details: null,
  attachments: Prisma.DbNull,
  callBackTime: null,
  // The resident's own word with their «Чи допомогли Вам?» answer (the 👍/👎 itself stays, anonymous).
  feedbackNote: null,
} satisfies Prisma.HelpRequestUpdateManyMutationInput;

/** What a copy's purpose says about its content: a card is redrawn, a relayed message removed. */
const RELAYED = ["relay"];

/**
 * Queues what reaches the staff-group copies of these requests (only those in `inChat`, when given):
 * each card copy is redrawn (an old copy, no longer the request's card, shows no personal data), each
 * relayed message is deleted (or overwritten); their rows go, so no reply can reach them again.
 */
export async function reachCopies(tx: Tx, requestIds: number[], inChat?: bigint): Promise<number> {
  if (requestIds.length === 0) return 0;
  const where = { requestId: { in: requestIds }, ...(inChat === undefined ? {} : { chatId: inChat }) };
  const copies = await tx.staffMessage.findMany({ where: { ...where, purpose: { in: ["card", ...RELAYED] } }, orderBy: { sentAt: "asc" } });
  await tx.outboxMessage.createMany({
    data: copies.map((copy) =>
      copy.purpose === "card"
        ? { chatId: copy.chatId, kind: "staff-card-update", requestId: copy.requestId, payload: { messageId: copy.messageId } }
        : { chatId: copy.chatId, kind: "staff-delete-message", requestId: copy.requestId, payload: { messageId: copy.messageId, sentAt: copy.sentAt.toISOString() } },
    ),
  });
  await tx.staffMessage.deleteMany({ where: { ...where, purpose: { in: RELAYED } } });
  return copies.length;
}

/** Nulls the personal fields and texts of these requests and reaches every copy of them. */
async function eraseRequests(tx: Tx, now: Date, ids: number[], eventType: string): Promise<number> {
  await tx.helpRequest.updateMany({ where: { id: { in: ids } }, data: { ...ERASED_FIELDS, anonymisedAt: now } });
  await tx.requestEvent.updateMany({ where: { requestId: { in: ids } }, data: { note: null } });
  await tx.requestEvent.createMany({ data: ids.map((requestId) => ({ requestId, at: now, actorKind: "system", type: eventType })) });
  await forgetRelayedFiles(tx, ids);
  // Referral cards in partners' groups are copies too (issue 21): redrawn without the resident's data.
  await eraseReferrals(tx, now, ids);
  return reachCopies(tx, ids);
}

/**
 * /delete_me: the resident's open requests are cancelled, every request of theirs erased (see above),
 * and the resident's own row, session, dialogue draft and the record of what was sent to their chat
 * deleted.
 */
export async function eraseResident(tx: Tx, now: Date, residentId: bigint): Promise<{ requests: number; copies: number }> {
  const requests = await tx.helpRequest.findMany({ where: { residentId } });
  for (const request of requests) {
    if (OPEN_STATUSES.includes(request.status)) {
      await changeStatus(tx, now, request, "cancelled", { kind: "system" }, { notifyResident: false, note: "erased" });
    }
  }
  const ids = requests.map((request) => request.id);
  // Sent rows too: their chat id would link the anonymous requests back to the person.
  await tx.outboxMessage.deleteMany({ where: { chatId: residentId } });
  await tx.staffMessage.deleteMany({ where: { chatId: residentId } });
  const copies = await eraseRequests(tx, now, ids, "erased");
  await tx.helpRequest.updateMany({ where: { id: { in: ids } }, data: { residentId: null } });
  // Staff ids stay in the audit trail; only the resident's own id goes.
  await tx.requestEvent.updateMany({ where: { requestId: { in: ids }, actorKind: "resident" }, data: { actorId: null } });
  await tx.resident.deleteMany({ where: { id: residentId } });
  // The session row holds the resident's choices and any unfinished dialogue.
  await tx.sessionRecord.deleteMany({ where: { key: `session:${residentId}` } });
  return { requests: ids.length, copies };
}

/** Retention: erases the requests closed before `closedBefore`; returns how many. */
export async function eraseClosedBefore(tx: Tx, now: Date, closedBefore: Date): Promise<number> {
  const due = await tx.helpRequest.findMany({
    where: { closedAt: { lt: closedBefore }, anonymisedAt: null, status: { in: ["resolved", "rejected", "cancelled"] } },
    select: { id: true, residentId: true },
  });
  const ids = due.map((request) => request.id);
  if (ids.length === 0) return 0;
  await eraseRequests(tx, now, ids, "retention-erased");
  // What was sent to the resident's chat about these requests need no longer be found.
  await tx.staffMessage.deleteMany({ where: { requestId: { in: ids }, chatId: { gt: 0n } } });
  return ids.length;
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
