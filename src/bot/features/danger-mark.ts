import type { BotContext } from "../context.ts";

/**
 * Which request gets 🆘 (danger said in the resident's words): the one started from the danger answer's
 * own button always; one started otherwise (a service card's «Надіслати звернення», the menu) only
 * within DANGER_MARK_MS of the danger message, and only if what the resident typed since has not led
 * elsewhere (features/danger.ts clears the mark when a search's best answer is no service of the
 * danger's way on: «потрібна субсидія») and no request was sent with it already (the dialogue clears it
 * on sending). A danger said once used to mark every later request, a subsidy asked for after /cancel
 * too, with the phone shown on a 🆘 card; then any message in between dropped it, a question on the way
 * too («а куди мені піти з дітьми?», «мені потрібен психолог»: session 12's trial).
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

/**
 * The services a person in danger is sent on to: a question that finds one of them is on the danger's
 * way (its request keeps 🆘). Catalogue ids (data/catalog/services.yaml).
 */
const DANGER_WAY_ON = new Set(["crisis-intervention", "shelter", "psychological-support", "counselling", "legal-aid", "social-accompaniment"]);

/** Whether a search's answer leads away from the danger: its best service is none of the danger's way on. Nothing found is no lead. */
export function ledAwayFromDanger(found: readonly string[] | undefined): boolean {
  return found !== undefined && found.length > 0 && !DANGER_WAY_ON.has(found[0]!);
}
