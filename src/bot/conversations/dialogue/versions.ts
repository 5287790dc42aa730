import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../../context.ts";
import { mainMenu } from "../../keyboards.ts";

/**
 * A dialogue stored by an older version of the bot cannot be replayed by this one (its steps changed).
 * The conversations plugin would drop it silently, leaving the resident mid-way with buttons nothing
 * answers; this drops it first and says so kindly. Runs before the plugin.
 */
export function expireOldDialogues(version: number): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const stored = ctx.session.dialogue as { version?: unknown } | undefined;
    if (stored === undefined || ctx.chat?.type !== "private") return next();
    const stale = !Array.isArray(stored.version) || stored.version[1] !== version;
    if (!stale) return next();
    delete ctx.session.dialogue;
    ctx.deps.logger.info({ event: "dialogue_version_expired", chat: ctx.chat.id }, "an old dialogue was dropped");
    const t = (key: string) => ctx.t(key);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("req-dialogue-updated"), { reply_markup: mainMenu(t) });
    if (!ctx.callbackQuery) await next();
  };
}
