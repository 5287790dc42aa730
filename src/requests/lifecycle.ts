/**
 * The statuses a help request goes through and the only transitions allowed between them.
 * Every change goes through `assertTransition` (and RequestService writes an audit event for it).
 */

export const REQUEST_STATUSES = ["new", "in_progress", "waiting_for_resident", "resolved", "rejected", "cancelled"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type ActorKind = "resident" | "staff" | "system";

export const CLOSED_STATUSES: ReadonlySet<RequestStatus> = new Set(["resolved", "rejected", "cancelled"]);
export const OPEN_STATUSES: readonly RequestStatus[] = ["new", "in_progress", "waiting_for_resident"];

/** from → to → who may make that change. */
const TRANSITIONS: Record<RequestStatus, Partial<Record<RequestStatus, readonly ActorKind[]>>> = {
  new: {
    in_progress: ["staff"],
    waiting_for_resident: ["staff"],
    resolved: ["staff"],
    rejected: ["staff"],
    cancelled: ["resident", "system"],
  },
  in_progress: {
    waiting_for_resident: ["staff"],
    resolved: ["staff"],
    rejected: ["staff"],
    cancelled: ["resident", "system"],
  },
  waiting_for_resident: {
    // The resident's answer puts the request back in the staff member's hands.
    in_progress: ["staff", "resident"],
    resolved: ["staff"],
    rejected: ["staff"],
    cancelled: ["resident", "system"],
  },
  // Reopening (within REOPEN_DAYS of the close): by staff, and by the resident («проблему не вирішено»)
  // after a close, not after a decline.
  resolved: { in_progress: ["staff", "resident"] },
  rejected: { in_progress: ["staff"] },
  cancelled: {},
};

/** How long after a close a request can be reopened (by staff or the resident). */
export const REOPEN_DAYS = 30;

/** Whether a closed request can still be reopened at `now`. */
export function canReopen(request: { status: RequestStatus; closedAt: Date | null; anonymisedAt?: Date | null }, now: Date): boolean {
  if (request.status !== "resolved" && request.status !== "rejected") return false;
  if (request.anonymisedAt) return false;
  return request.closedAt !== null && now.getTime() - request.closedAt.getTime() <= REOPEN_DAYS * 86_400_000;
}

export function canTransition(from: RequestStatus, to: RequestStatus, actor: ActorKind): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

export class TransitionError extends Error {
  override name = "TransitionError";
  constructor(readonly from: RequestStatus, readonly to: RequestStatus, readonly actor: ActorKind) {
    super(`a ${actor} cannot move a request from ${from} to ${to}`);
  }
}

export function assertTransition(from: RequestStatus, to: RequestStatus, actor: ActorKind): void {
  if (!canTransition(from, to, actor)) throw new TransitionError(from, to, actor);
}

export function isOpen(status: RequestStatus): boolean {
  return !CLOSED_STATUSES.has(status);
}
