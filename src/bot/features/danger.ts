import { Composer } from "grammy";
import { detectDanger } from "../../requests/danger.ts";
import type { BotContext } from "../context.ts";

/**
 * Before anything else: a message that signals violence, suicide or no shelter tonight gets the
 * emergency numbers at once. Then the update goes on (a search, or the dialogue it belongs to).
 */
export const dangerFeature = new Composer<BotContext>();

dangerFeature.chatType("private").on(["message:text", "message:caption"], async (ctx, next) => {
  const text = ctx.message.text ?? ctx.message.caption ?? "";
  const kinds = detectDanger(text.slice(0, 1000));
  if (kinds.length > 0) {
    ctx.deps.logger.info({ event: "danger_detected", kinds }, "showed emergency numbers");
    // The numbers that fit, most urgent kind first (7333 leads for suicide), not the whole list.
    const numbers = kinds.map((kind) => ctx.t(`danger-${kind}`)).join("\n\n");
    await ctx.reply(`${numbers}\n\n${ctx.t("danger-after")}`, { parse_mode: "HTML" });
    dangerShown.add(ctx);
  }
  await next();
});

const dangerShown = new WeakSet<BotContext>();

/** Whether this update got the emergency numbers (a search then stays silent when it finds nothing). */
export function emergencyNumbersShown(ctx: BotContext): boolean {
  return dangerShown.has(ctx);
}
