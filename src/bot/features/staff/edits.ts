import { FeatureComposer } from "../../composer.ts";
import type { BotContext } from "../../context.ts";
import { checkStaff, staffT } from "./access.ts";

/**
 * A staff member edits a reply the bot already relayed to the resident. Telegram tells the bot, but
 * the resident's copy stays as it was: rather than let staff believe the correction arrived, they are
 * told plainly that it did not, and how to correct it (a new reply). Edits of anything else (a note, a
 * chat message) are left alone.
 */
export const staffEditsFeature = new FeatureComposer<BotContext>();

staffEditsFeature.chatType(["group", "supergroup"]).on("edited_message", async (ctx) => {
  const relayed = await ctx.deps.inbox.relayedStaffMessage(BigInt(ctx.chat.id), ctx.editedMessage.message_id);
  if (!relayed) return;
  if ((await checkStaff(ctx, relayed)) !== "ok") return;
  ctx.deps.logger.info({ event: "staff_edit_not_relayed", request: relayed.id }, "a staff member edited a relayed reply");
  await ctx.reply(staffT(ctx)("staff-edit-not-relayed", { number: relayed.number }), {
    reply_parameters: { message_id: ctx.editedMessage.message_id, allow_sending_without_reply: true },
    ...(ctx.editedMessage.is_topic_message ? { message_thread_id: ctx.editedMessage.message_thread_id } : {}),
  });
});
