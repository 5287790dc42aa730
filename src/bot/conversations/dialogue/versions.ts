import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../../context.ts";
import { mainMenu } from "../../keyboards.ts";
import { isDialogueState } from "./state.ts";

/**
 * A dialogue stored by an older version of the bot cannot be continued by this one (its steps or its
 * stored state changed; versions 1–6 were conversations v2's replay logs). Left alone, the resident
 * would be mid-way with buttons nothing answers; this drops it first and says so kindly.
 */
export function expireOldDialogues(version: number): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const stored = ctx.session.dialogue;
    if (stored === undefined || ctx.chat?.type !== "private") return next();
    if (isDialogueState(stored, version)) return next();
    delete ctx.session.dialogue;
    ctx.deps.logger.info({ event: "dialogue_version_expired", chat: ctx.chat.id }, "an old dialogue was dropped");
    const t = (key: string) => ctx.t(key);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("req-dialogue-updated"), { reply_markup: mainMenu(t) });
    if (!ctx.callbackQuery) await next();
  };
}
