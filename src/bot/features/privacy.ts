import { Composer } from "grammy";
import type { BotContext, SessionData } from "../context.ts";
import { button, column } from "../keyboards.ts";
import { showMenu } from "./start.ts";
import { editOrReply } from "./edit-message.ts";

/** /delete_me: after a confirmation, erases the resident's personal data (see RequestService). */
export const privacyFeature = new Composer<BotContext>();
const privateChat = privacyFeature.chatType("private");

privateChat.command("delete_me", async (ctx) => {
  await ctx.reply(ctx.t("delete-confirm"), {
    reply_markup: column([button(ctx.t("delete-yes"), "pv1:del:yes"), button(ctx.t("delete-no"), "pv1:del:no")]),
  });
});

privateChat.callbackQuery("pv1:del:no", async (ctx) => {
  await ctx.answerCallbackQuery();
  await editOrReply(ctx, ctx.t("delete-kept"));
});

privateChat.callbackQuery("pv1:del:yes", async (ctx) => {
  await ctx.answerCallbackQuery();
  const { requests, copies } = await ctx.deps.requests.eraseResident(BigInt(ctx.from.id));
  ctx.deps.logger.info({ event: "resident_erased", requests, copies }, "resident data erased on request");
  // The session row is gone; setting it to null keeps grammY from writing it back (its documented way).
  (ctx as unknown as { session: SessionData | null }).session = null;
  await editOrReply(ctx, ctx.t("delete-done"));
  await showMenu(ctx);
});
