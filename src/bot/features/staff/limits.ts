/** What a resident is shown of a staff text (outbox-delivery.ts quotes no more): longer is refused, not cut. */
export const STAFF_LIMITS = { message: 3500, reason: 1000 } as const;
