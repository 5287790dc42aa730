import { FeatureComposer } from "../composer.ts";
import type { BotContext } from "../context.ts";

/**
 * Last in the chain: a button press nothing else took (an old button, a forged or truncated one, a
 * resident's button pressed in a group) is answered "no longer active", so the spinner on the
 * resident's button stops. Such presses used to stay unanswered.
 */
export const fallbackFeature = new FeatureComposer<BotContext>();

fallbackFeature.on("callback_query", async (ctx) => {
  const text = ctx.chat?.type === "private" ? ctx.t("button-stale") : ctx.deps.i18n.t(ctx.deps.settings.staffLocale, "button-stale");
  await ctx.answerCallbackQuery({ text });
});
