import type { BotContext } from "../context.ts";

/**
 * Which request gets 🆘 (danger said in the resident's words): the one started from the danger answer's
 * own button always; one started otherwise (a service card's «Надіслати звернення», the menu) only
 * within DANGER_MARK_MS of the danger message, and only if the resident has not typed anything else
 * since (features/danger.ts clears the mark on a typed message that signals nothing) and has not sent a
 * request with it already (the dialogue clears it on sending). A danger said once used to mark every
 * later request, a subsidy asked for after /cancel too, with the phone shown on a 🆘 card.
 */
export const DANGER_MARK_MS = 30 * 60_000;

/** Whether a request started now is the danger's (its card gets 🆘). */
export function dangerMarked(ctx: BotContext, now = Date.now()): boolean {
  const danger = ctx.session.danger;
  return danger !== undefined && danger.kinds.length > 0 && danger.at !== undefined && now - danger.at <= DANGER_MARK_MS;
}

/** The danger no longer applies to what the resident starts next (its message ids stay, for «🧹 Приховати»). */
export function clearDangerMark(ctx: BotContext): void {
  const danger = ctx.session.danger;
  if (danger && danger.kinds.length > 0) ctx.session.danger = { kinds: [], messageIds: danger.messageIds };
}
