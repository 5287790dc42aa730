import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { escapeHtml } from "../render/html.ts";

export const startFeature = new Composer<BotContext>();

const privateChat = startFeature.chatType("private");

privateChat.command("start", async (ctx) => {
  ctx.deps.logger.info({ event: "start", chat: ctx.chat.id }, "resident started the bot");
  await ctx.reply(ctx.t("start-greeting", { name: escapeHtml(ctx.from.first_name) }), { parse_mode: "HTML" });
});
