import type { Prisma, Referral } from "../generated/prisma/client.ts";
import type { Tx } from "../requests/model.ts";

/**
 * The statuses a referral to a partner goes through (issue 21) and the only transitions allowed
 * between them, with who may make each. Every change goes through `changeReferral`, which writes it
 * conditionally on the status it read (two presses at once: one wins) and an audit event on the request.
 */

export const REFERRAL_STATUSES = ["asked", "refused", "sent", "accepted", "declined", "done", "returned", "withdrawn"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Staff of the department, the resident, the partner's staff, the bot itself (a sweep, erasure). */
export type ReferralActorKind = "staff" | "resident" | "partner" | "system";

export interface ReferralActor {
  kind: ReferralActorKind;
  id?: bigint;
  /** A staff member's or partner's first name (internal: never shown to the resident). */
  name?: string;
}

/** Still with the partner or waiting for the resident: one such referral per request at a time. */
export const ACTIVE_REFERRAL_STATUSES: readonly ReferralStatus[] = ["asked", "sent", "accepted"];

const TRANSITIONS: Record<ReferralStatus, Partial<Record<ReferralStatus, readonly ReferralActorKind[]>>> = {
  // Only the resident answers the consent question; staff may take the offer back meanwhile.
  asked: { sent: ["resident"], refused: ["resident"], withdrawn: ["staff", "system"] },
  // The partner answers; silence for N working days gives it back (system); closing or erasing the
  // request withdraws it. A partner may report help given without accepting first.
  sent: { accepted: ["partner"], declined: ["partner"], done: ["partner"], returned: ["system"], withdrawn: ["staff", "system"] },
  accepted: { done: ["partner"], declined: ["partner"], withdrawn: ["system"] },
  refused: {},
  declined: {},
  done: {},
  returned: {},
  withdrawn: {},
};

export function canChangeReferral(from: ReferralStatus, to: ReferralStatus, actor: ReferralActorKind): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

export class ReferralTransitionError extends Error {
  override name = "ReferralTransitionError";
  constructor(readonly from: ReferralStatus, readonly to: ReferralStatus, readonly actor: ReferralActorKind) {
    super(`a ${actor} cannot move a referral from ${from} to ${to}`);
  }
}

/** Someone else changed the referral first (a stale button, two presses at once). */
export class StaleReferralError extends Error {
  override name = "StaleReferralError";
}

export function isActiveReferral(status: ReferralStatus): boolean {
  return ACTIVE_REFERRAL_STATUSES.includes(status);
}

/**
 * Moves a referral on: checks the rule, writes the new status (only if nobody changed it meanwhile)
 * with the fields the step sets, and the audit event `referral-<status>` on the request. `note` is a
 * partner's reason (personal: erased with the request's data).
 */
export async function changeReferral(
  tx: Tx,
  now: Date,
  referral: Referral,
  to: ReferralStatus,
  actor: ReferralActor,
  { note, data = {} }: { note?: string; data?: Prisma.ReferralUpdateManyMutationInput } = {},
): Promise<Referral> {
  if (!canChangeReferral(referral.status, to, actor.kind)) throw new ReferralTransitionError(referral.status, to, actor.kind);
  const closing = !isActiveReferral(to);
  const { count } = await tx.referral.updateMany({
    where: { id: referral.id, status: referral.status },
    data: { status: to, ...(closing ? { closedAt: now } : {}), ...data },
  });
  if (count !== 1) throw new StaleReferralError(`referral ${referral.id} changed meanwhile`);
  await tx.requestEvent.create({
    data: {
      requestId: referral.requestId,
      at: now,
      actorKind: actor.kind,
      // The resident's id is not kept in the audit trail of a referral; staff and partners' are.
      actorId: actor.kind === "resident" ? null : (actor.id ?? null),
      actorName: actor.kind === "staff" || actor.kind === "partner" ? (actor.name?.slice(0, 64) ?? null) : null,
      type: `referral-${to}`,
      note: note ?? null,
    },
  });
  return tx.referral.findUniqueOrThrow({ where: { id: referral.id } });
}
